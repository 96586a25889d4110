// Time types. Inside the engine every instant is UTC seconds (DESIGN.md §1); local time exists
// only at the edges. Formatting and parsing of RFC 3339 live here so every module prints the same.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace pw {

using Instant = std::chrono::sys_seconds;
using Minutes = std::chrono::minutes;
using Seconds = std::chrono::seconds;

// 9999-12-31T23:59:59Z, the last instant RFC 3339's four-digit years can write. Schedules end
// there; format_utc writes anything later as this instant, never a wrapped year.
inline constexpr Instant k_last_instant{Seconds{253402300799}};

// "YYYY-MM-DDTHH:MM:SSZ".
std::string format_utc(Instant instant);

// Writes the 20 characters of format_utc into `out` (no allocation; the hot path of preview).
void format_utc_to(Instant instant, char* out);

// RFC 3339: "YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM)"; 't', 'z' and a blank for 'T' are
// accepted as RFC 3339 allows. Fractions are truncated to seconds. Returns nullopt when invalid
// (including impossible dates such as 2023-02-29).
std::optional<Instant> parse_rfc3339(std::string_view text);

}  // namespace pw
