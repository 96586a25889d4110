// ASCII text helpers shared by every module: case-insensitive comparison (policy keywords, day
// names, WUQuery values and host names are ASCII), GUID shape, trimming. Locale-independent.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace pw {

[[nodiscard]] constexpr char lower_ascii(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

[[nodiscard]] constexpr bool is_hex_digit(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

[[nodiscard]] std::string to_lower(std::string_view text);
[[nodiscard]] std::string to_upper(std::string_view text);
[[nodiscard]] bool equals_ignoring_case(std::string_view a, std::string_view b);
[[nodiscard]] bool ends_with_ignoring_case(std::string_view text, std::string_view suffix);

// 8-4-4-4-12 hex digits, e.g. 6964aab4-c5b5-43bd-a17d-ffb4346a8e1d (no braces).
[[nodiscard]] bool is_guid(std::string_view text);

// Without leading and trailing blanks (space, tab, CR, LF, FF, VT).
[[nodiscard]] std::string_view trim(std::string_view text);

}  // namespace pw
