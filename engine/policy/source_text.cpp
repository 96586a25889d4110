#include "policy/source_text.hpp"

#include "policy/yaml_tree.hpp"

#include <algorithm>

namespace pw::policy {

SourceText::SourceText(std::string file, std::string_view text)
    : m_file(std::move(file)), m_text(text) {
  m_line_starts.push_back(0);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') m_line_starts.push_back(i + 1);
  }
}

SourceLocation SourceText::at(std::size_t offset, std::size_t length) const {
  offset = std::min(offset, m_text.size());
  const auto next = std::upper_bound(m_line_starts.begin(), m_line_starts.end(), offset);
  const auto line_index = static_cast<std::size_t>(next - m_line_starts.begin()) - 1;
  SourceLocation location;
  location.file = m_file;
  location.line = static_cast<int>(line_index) + 1;
  location.column = static_cast<int>(offset - m_line_starts[line_index]) + 1;
  location.length = static_cast<int>(std::max<std::size_t>(1, length));
  return location;
}

std::size_t SourceText::offset_of(int line, int column) const {
  if (line < 1) return 0;
  const auto index = std::min(static_cast<std::size_t>(line - 1), m_line_starts.size() - 1);
  return std::min(m_text.size(), m_line_starts[index] + static_cast<std::size_t>(column - 1));
}

std::size_t bom_length(std::string_view text) {
  return text.starts_with("\xEF\xBB\xBF") ? 3 : 0;
}

namespace {

// Length of the valid UTF-8 sequence at `i`, or 0 when it is invalid (overlong forms,
// surrogates and code points above U+10FFFF included).
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) return 1;
  std::size_t length = 0;
  unsigned char low = 0x80;
  unsigned char high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  if (byte(i + 1) < low || byte(i + 1) > high) return 0;
  for (std::size_t k = 2; k < length; ++k) {
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  }
  return length;
}

bool check_encoding(const SourceText& source, DiagnosticSink& sink) {
  const std::string_view text = source.text();
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
      sink.error(source.at(i), "control-character",
                 "control character 0x" + std::string(1, "0123456789abcdef"[c >> 4]) +
                     std::string(1, "0123456789abcdef"[c & 15]) + " is not allowed in YAML");
      return false;
    }
    const std::size_t length = utf8_sequence_length(text, i);
    if (length == 0) {
      sink.error(source.at(i), "invalid-utf8",
                 "invalid UTF-8 byte sequence; policy files must be UTF-8");
      return false;
    }
    i += length;
  }
  return true;
}

bool is_block_scalar_header(std::string_view line) {
  while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.remove_suffix(1);
  if (const auto hash = line.find(" #"); hash != std::string_view::npos) {
    line = line.substr(0, hash);
    while (!line.empty() && line.back() == ' ') line.remove_suffix(1);
  }
  while (!line.empty() &&
         (line.back() == '+' || line.back() == '-' || (line.back() >= '1' && line.back() <= '9'))) {
    line.remove_suffix(1);
  }
  if (line.empty() || (line.back() != '|' && line.back() != '>')) return false;
  line.remove_suffix(1);
  return line.empty() || line.back() == ' ';
}

// Tabs are allowed inside block scalar content (after its indentation), never as indentation.
bool check_tabs(const SourceText& source, DiagnosticSink& sink) {
  const std::string_view text = source.text();
  constexpr std::size_t k_none = std::string_view::npos;
  std::size_t block_parent_indent = k_none;  // set inside a block scalar
  for (std::size_t start = 0; start < text.size();) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    const std::size_t spaces = std::min(line.find_first_not_of(' '), line.size());
    const bool blank = line.find_first_not_of(" \t\r") == std::string_view::npos;
    if (block_parent_indent != k_none && !blank && spaces <= block_parent_indent) {
      block_parent_indent = k_none;
    }
    if (block_parent_indent == k_none && spaces < line.size() && line[spaces] == '\t' && !blank) {
      sink.error(source.at(start + spaces), "tab-indent",
                 "tab used for indentation; YAML allows only spaces");
      return false;
    }
    if (block_parent_indent == k_none && is_block_scalar_header(line)) block_parent_indent = spaces;
    start = end + 1;
  }
  return true;
}

}  // namespace

bool check_bytes(const SourceText& source, DiagnosticSink& sink) {
  if (source.text().size() > k_max_file_bytes) {
    sink.error(source.at(0), "file-too-large",
               "file is " + std::to_string(source.text().size()) +
                   " bytes; policy files are limited to 1 MiB (1048576 bytes)");
    return false;
  }
  return check_encoding(source, sink) && check_tabs(source, sink);
}

}  // namespace pw::policy
