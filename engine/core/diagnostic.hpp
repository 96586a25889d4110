// Diagnostics: user mistakes as values. Every check reports into a DiagnosticSink so lint can
// print all problems of all files in one run. Positions are 1-based (line, column) as editors
// show them; `length` is the width of the token the caret underlines.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace pw {

enum class Severity { Error, Warning };

const char* to_string(Severity severity);

struct SourceLocation {
  std::string file;
  int line = 0;    // 1-based; 0 = the file as a whole
  int column = 0;  // 1-based, in bytes
  int length = 1;  // width of the token, at least 1
};

struct Diagnostic {
  Severity severity = Severity::Error;
  SourceLocation location;
  std::string rule;     // stable id, e.g. "unknown-key", "frequency-syntax"
  std::string message;  // one sentence, may include "did you mean 'x'?"
};

// A problem found by a string parser (WUFrequency, WUQuery, Proxy.Bypass, ...), positioned by
// byte offset inside the string. The policy loader maps it into the file.
struct TextIssue {
  std::size_t offset = 0;
  std::size_t length = 1;
  std::string rule;
  std::string message;
  Severity severity = Severity::Error;
};

// Collects diagnostics in report order.
// Thread-safety: not thread-safe.
class DiagnosticSink {
 public:
  void report(Diagnostic diagnostic);
  void error(SourceLocation location, std::string rule, std::string message);
  void warning(SourceLocation location, std::string rule, std::string message);

  [[nodiscard]] const std::vector<Diagnostic>& diagnostics() const { return m_diagnostics; }
  [[nodiscard]] int error_count() const { return m_errors; }
  [[nodiscard]] int warning_count() const { return m_warnings; }
  [[nodiscard]] bool has_errors() const { return m_errors > 0; }

 private:
  std::vector<Diagnostic> m_diagnostics;
  int m_errors = 0;
  int m_warnings = 0;
};

}  // namespace pw
