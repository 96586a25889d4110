// The text of one policy file and the checks made on its bytes before YAML parsing: size,
// UTF-8 validity, control characters and tabs used for indentation. Maps byte offsets to
// 1-based line/column for diagnostics.
// Thread-safety: immutable after construction.
#pragma once

#include "core/diagnostic.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace pw::policy {

class SourceText {
 public:
  SourceText(std::string file, std::string_view text);

  [[nodiscard]] const std::string& file() const { return m_file; }
  [[nodiscard]] std::string_view text() const { return m_text; }
  // Location of byte `offset` (clamped to the end of the text).
  [[nodiscard]] SourceLocation at(std::size_t offset, std::size_t length = 1) const;
  // Byte offset of 1-based (line, column).
  [[nodiscard]] std::size_t offset_of(int line, int column) const;

 private:
  std::string m_file;
  std::string_view m_text;
  std::vector<std::size_t> m_line_starts;
};

// Byte checks before parsing; each reports its diagnostic and returns false when the file must
// not be parsed. Rules: file-too-large, invalid-utf8, control-character, tab-indent.
bool check_bytes(const SourceText& source, DiagnosticSink& sink);

// Length of a UTF-8 byte order mark at the start of `text` (0 or 3).
std::size_t bom_length(std::string_view text);

}  // namespace pw::policy
