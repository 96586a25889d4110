// Printing diagnostics for a person (text, LLVM style) or a program (JSON), as DESIGN.md §8
// specifies for lint. Every command that loads policies (lint, preview, simulate, run,
// proxy-check) prints their problems through here, so they all look the same.
//
// Text:  FILE:LINE:COL: error|warning: MESSAGE [rule]
//          <the source line>
//          ^~~~ under the token
// JSON:  {"diagnostics":[{"file","line","column","severity","rule","message"}],
//         "errors":N,"warnings":M}
//
// Thread-safety: SourceCache is not thread-safe.
#pragma once

#include "core/diagnostic.hpp"

#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pw::cli {

enum class OutputFormat { Text, Json };

// With Strict, warnings are reported (and counted) as errors.
enum class Strictness { Normal, Strict };

// Lines of the files diagnostics point into, each file read once on first use. A file that
// cannot be read, or a line beyond its end, has no source line (the caret is then omitted).
class SourceCache {
 public:
  // Line `line` (1-based) of `file` without its line terminator.
  [[nodiscard]] std::optional<std::string_view> line(const std::string& file, int line);

 private:
  std::map<std::string, std::vector<std::string>, std::less<>> m_lines;
};

struct DiagnosticCounts {
  int errors = 0;
  int warnings = 0;
};

// Counts as they will be printed (Strict turns warnings into errors).
DiagnosticCounts count_diagnostics(const DiagnosticSink& sink, Strictness strictness);

// Prints every diagnostic of `sink` in file/position order. In Json format the whole output is
// the one JSON document; in Text format only the diagnostics (see print_summary).
void print_diagnostics(const DiagnosticSink& sink, OutputFormat format, std::ostream& out,
                       SourceCache& cache, Strictness strictness = Strictness::Normal);

// The caret line under `location` within `source_line`: blanks (tabs kept, so it lines up)
// up to the column, `^`, then `~` under the rest of the token. UTF-8 aware.
std::string caret_line(std::string_view source_line, const SourceLocation& location);

// "2 errors, 1 warning in 3 files" or "3 files, no problems".
std::string summary_line(DiagnosticCounts counts, int file_count);

}  // namespace pw::cli
