#include "policy/scalar_position.hpp"

#include <optional>

namespace pw::policy {

namespace {

// Bytes of the decoded value produced by the double-quoted escape whose letter is `letter`.
std::size_t escape_value_bytes(char letter, std::string_view hex) {
  switch (letter) {
    case 'N':
    case '_':
      return 2;  // U+0085, U+00A0
    case 'L':
    case 'P':
      return 3;  // U+2028, U+2029
    case 'x':
    case 'u':
    case 'U': {
      unsigned long code = 0;
      for (const char c : hex) {
        code = code * 16 + static_cast<unsigned long>(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
      }
      return code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    }
    default:
      return 1;
  }
}

std::size_t escape_source_bytes(char letter) {
  switch (letter) {
    case 'x':
      return 4;
    case 'u':
      return 6;
    case 'U':
      return 10;
    default:
      return 2;
  }
}

// For a one-line quoted scalar starting at `start` (the quote), the source offset of every
// value byte plus one past the end; nullopt when the scalar spans lines.
std::optional<std::vector<std::size_t>> quoted_offsets(std::string_view text, std::size_t start,
                                                       char quote) {
  std::vector<std::size_t> offsets;
  std::size_t pos = start + 1;
  while (pos < text.size() && text[pos] != '\n') {
    const char c = text[pos];
    if (quote == '\'' && c == '\'') {
      if (pos + 1 < text.size() && text[pos + 1] == '\'') {
        offsets.push_back(pos);
        pos += 2;
        continue;
      }
      offsets.push_back(pos);
      return offsets;
    }
    if (quote == '"' && c == '"') {
      offsets.push_back(pos);
      return offsets;
    }
    if (quote == '"' && c == '\\' && pos + 1 < text.size()) {
      const char letter = text[pos + 1];
      const std::size_t source_bytes = escape_source_bytes(letter);
      if (pos + source_bytes > text.size()) return std::nullopt;
      const std::string_view hex = text.substr(pos + 2, source_bytes - 2);
      for (std::size_t k = escape_value_bytes(letter, hex); k > 0; --k) offsets.push_back(pos);
      pos += source_bytes;
      continue;
    }
    offsets.push_back(pos++);
  }
  return std::nullopt;
}

std::size_t first_content(std::string_view text, std::size_t pos) {
  // Block scalar: skip the header line, then the indentation of the first content line.
  const std::size_t newline = text.find('\n', pos);
  if (newline == std::string_view::npos) return pos;
  std::size_t content = newline + 1;
  while (content < text.size() &&
         (text[content] == ' ' || text[content] == '\n' || text[content] == '\r')) {
    ++content;
  }
  return content;
}

}  // namespace

SourceLocation locate_in_scalar(const SourceText& source, const YamlNode& node, std::size_t offset,
                                std::size_t length) {
  const std::string_view text = source.text();
  switch (node.style) {
    case ScalarStyle::Plain: {
      const std::size_t end = text.find('\n', node.offset);
      const bool one_line = end == std::string_view::npos || end - node.offset >= node.value.size();
      if (!one_line || text.substr(node.offset, node.value.size()) != node.value) {
        return source.at(node.offset, 1);
      }
      return source.at(node.offset + std::min(offset, node.value.size()), length);
    }
    case ScalarStyle::SingleQuoted:
    case ScalarStyle::DoubleQuoted: {
      const char quote = node.style == ScalarStyle::SingleQuoted ? '\'' : '"';
      const auto offsets = quoted_offsets(text, node.offset, quote);
      if (!offsets || offsets->size() != node.value.size() + 1) return source.at(node.offset, 1);
      const std::size_t first = std::min(offset, node.value.size());
      const std::size_t last = std::min(offset + length, node.value.size());
      const std::size_t begin = (*offsets)[first];
      const std::size_t end = (*offsets)[last];
      return source.at(begin, end > begin ? end - begin : 1);
    }
    case ScalarStyle::Literal:
    case ScalarStyle::Folded:
      break;
  }
  return source.at(first_content(text, node.offset), 1);
}

void report_text_issues(const SourceText& source, const YamlNode& node,
                        const std::vector<TextIssue>& issues, DiagnosticSink& sink) {
  for (const TextIssue& issue : issues) {
    sink.report({issue.severity, locate_in_scalar(source, node, issue.offset, issue.length),
                 issue.rule, issue.message});
  }
}

}  // namespace pw::policy
