#include "core/diagnostic.hpp"

namespace pw {

const char* to_string(Severity severity) {
  return severity == Severity::Error ? "error" : "warning";
}

void DiagnosticSink::report(Diagnostic diagnostic) {
  (diagnostic.severity == Severity::Error ? m_errors : m_warnings) += 1;
  m_diagnostics.push_back(std::move(diagnostic));
}

void DiagnosticSink::error(SourceLocation location, std::string rule, std::string message) {
  report({Severity::Error, std::move(location), std::move(rule), std::move(message)});
}

void DiagnosticSink::warning(SourceLocation location, std::string rule, std::string message) {
  report({Severity::Warning, std::move(location), std::move(rule), std::move(message)});
}

}  // namespace pw
