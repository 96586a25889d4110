// Character-level helpers for host names, shared by the bypass list and server parsers.
#pragma once

#include "core/text.hpp"  // equals_ignoring_case, ends_with_ignoring_case, to_lower

#include <string>
#include <string_view>

namespace pw::proxy {

// Letters, digits, '-', '.' and '_' (NetBIOS-style names such as test_fs exist in the wild).
inline bool is_host_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_';
}

// Why `c` cannot appear in a host name, as the end of a sentence.
std::string describe_bad_host_char(char c);

}  // namespace pw::proxy
