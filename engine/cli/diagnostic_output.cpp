#include "cli/diagnostic_output.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <ostream>
#include <tuple>

namespace pw::cli {
namespace {

// The loader refuses files over 1 MiB; a little more is read so its own diagnostic on such a
// file can still show the first lines.
constexpr std::size_t k_max_cached_bytes = 4u << 20u;

std::vector<std::string> read_lines(const std::string& file) {
  std::vector<std::string> lines;
  std::ifstream stream(file, std::ios::binary);
  if (!stream) return lines;
  std::string text(k_max_cached_bytes, '\0');
  stream.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(stream.gcount()));
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::size_t stop = end;
    if (stop > start && text[stop - 1] == '\r') --stop;
    lines.emplace_back(text, start, stop - start);
    start = end + 1;
  }
  return lines;
}

bool is_continuation_byte(char c) {
  return (static_cast<unsigned char>(c) & 0xC0u) == 0x80u;
}

std::vector<Diagnostic> sorted(const DiagnosticSink& sink) {
  std::vector<Diagnostic> diagnostics = sink.diagnostics();
  std::stable_sort(diagnostics.begin(), diagnostics.end(),
                   [](const Diagnostic& a, const Diagnostic& b) {
                     return std::tie(a.location.file, a.location.line, a.location.column) <
                            std::tie(b.location.file, b.location.line, b.location.column);
                   });
  return diagnostics;
}

// At most this many bytes of a source line are shown under a diagnostic.
constexpr std::size_t k_shown_bytes = 160;

// The part of `line` around the diagnostic's column that is shown, with `where` moved to match:
// a long line is cut to k_shown_bytes around the column (marked with "…"), and control
// characters (a NUL in a binary file) are shown as '?', so the terminal gets one short line.
std::pair<std::string, SourceLocation> excerpt(std::string_view line, SourceLocation where) {
  const std::size_t column = static_cast<std::size_t>(std::max(where.column, 1)) - 1;
  std::size_t start = 0;
  std::size_t end = line.size();
  if (line.size() > k_shown_bytes) {
    start = column > k_shown_bytes / 3 ? std::min(column, line.size()) - k_shown_bytes / 3 : 0;
    while (start > 0 && start < line.size() && is_continuation_byte(line[start])) --start;
    end = std::min(line.size(), start + k_shown_bytes);
    while (end < line.size() && end > start && is_continuation_byte(line[end])) --end;
  }
  std::string text = start > 0 ? "\u2026" : "";
  const std::size_t shift = text.size();
  for (std::size_t i = start; i < end; ++i) {
    const auto c = static_cast<unsigned char>(line[i]);
    text += (c < 0x20 && c != '\t') || c == 0x7f ? '?' : line[i];
  }
  if (end < line.size()) text += "\u2026";
  where.column = static_cast<int>(std::clamp(column, start, end) - start + shift) + 1;
  return {std::move(text), where};
}

Severity shown_severity(const Diagnostic& diagnostic, Strictness strictness) {
  return strictness == Strictness::Strict ? Severity::Error : diagnostic.severity;
}

void print_text(const std::vector<Diagnostic>& diagnostics, std::ostream& out, SourceCache& cache,
                Strictness strictness) {
  for (const Diagnostic& diagnostic : diagnostics) {
    const SourceLocation& where = diagnostic.location;
    out << where.file << ':';
    if (where.line > 0) out << where.line << ':' << std::max(where.column, 1) << ':';
    out << ' ' << to_string(shown_severity(diagnostic, strictness)) << ": " << diagnostic.message
        << " [" << diagnostic.rule << "]\n";
    if (where.line <= 0) continue;
    if (const auto source = cache.line(where.file, where.line)) {
      const auto [text, at] = excerpt(*source, where);
      out << text << '\n' << caret_line(text, at) << '\n';
    }
  }
}

void print_json(const std::vector<Diagnostic>& diagnostics, std::ostream& out,
                Strictness strictness, DiagnosticCounts counts) {
  // ordered_json keeps the key order DESIGN.md §8 gives.
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const Diagnostic& diagnostic : diagnostics) {
    list.push_back({{"file", diagnostic.location.file},
                    {"line", diagnostic.location.line},
                    {"column", diagnostic.location.column},
                    {"severity", to_string(shown_severity(diagnostic, strictness))},
                    {"rule", diagnostic.rule},
                    {"message", diagnostic.message}});
  }
  nlohmann::ordered_json document = {
      {"diagnostics", std::move(list)}, {"errors", counts.errors}, {"warnings", counts.warnings}};
  // A message may quote bytes of a file that is not valid UTF-8: replace them, never throw.
  out << document.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
}

std::string plural(int count, std::string_view noun) {
  std::string text = std::to_string(count) + ' ' + std::string(noun);
  if (count != 1) text += 's';
  return text;
}

}  // namespace

std::optional<std::string_view> SourceCache::line(const std::string& file, int line) {
  auto found = m_lines.find(file);
  if (found == m_lines.end()) found = m_lines.emplace(file, read_lines(file)).first;
  const std::vector<std::string>& lines = found->second;
  if (line < 1 || static_cast<std::size_t>(line) > lines.size()) return std::nullopt;
  return std::string_view(lines[static_cast<std::size_t>(line) - 1]);
}

DiagnosticCounts count_diagnostics(const DiagnosticSink& sink, Strictness strictness) {
  if (strictness == Strictness::Strict) {
    return {sink.error_count() + sink.warning_count(), 0};
  }
  return {sink.error_count(), sink.warning_count()};
}

std::string caret_line(std::string_view source_line, const SourceLocation& location) {
  const std::size_t column = static_cast<std::size_t>(std::max(location.column, 1)) - 1;
  const std::size_t start = std::min(column, source_line.size());
  std::string caret;
  // One blank per character before the token (continuation bytes take no room), tabs kept.
  for (std::size_t i = 0; i < start; ++i) {
    if (source_line[i] == '\t') {
      caret += '\t';
    } else if (!is_continuation_byte(source_line[i])) {
      caret += ' ';
    }
  }
  caret += '^';
  const std::size_t length = static_cast<std::size_t>(std::max(location.length, 1));
  const std::size_t end = std::min(start + length, source_line.size());
  for (std::size_t i = start + 1; i < end; ++i) {
    if (!is_continuation_byte(source_line[i])) caret += '~';
  }
  return caret;
}

std::string summary_line(DiagnosticCounts counts, int file_count) {
  const std::string files = plural(file_count, "file");
  if (counts.errors == 0 && counts.warnings == 0) return files + ", no problems";
  std::string text;
  if (counts.errors > 0) text = plural(counts.errors, "error");
  if (counts.warnings > 0) {
    if (!text.empty()) text += ", ";
    text += plural(counts.warnings, "warning");
  }
  return text + " in " + files;
}

void print_diagnostics(const DiagnosticSink& sink, OutputFormat format, std::ostream& out,
                       SourceCache& cache, Strictness strictness) {
  const std::vector<Diagnostic> diagnostics = sorted(sink);
  if (format == OutputFormat::Json) {
    print_json(diagnostics, out, strictness, count_diagnostics(sink, strictness));
  } else {
    print_text(diagnostics, out, cache, strictness);
  }
}

}  // namespace pw::cli
