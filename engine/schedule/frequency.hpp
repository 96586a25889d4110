// WUFrequency: POA's schedule grammar (DESIGN.md §3) as a value, and its parser. Errors are
// TextIssues positioned inside the string so lint can put the caret on the exact token.
#pragma once

#include "core/diagnostic.hpp"

#include <date/date.h>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pw::schedule {

enum class FrequencyKind { None, Once, Hourly, Daily, Weekly, Monthly, MonthlyByWeekAndDay };

// Day-of-month or week-of-month value meaning "the last one".
inline constexpr int k_last = -1;

struct Frequency {
  FrequencyKind kind = FrequencyKind::None;
  date::year_month_day once_date{};     // Once
  int interval_minutes = 0;             // Hourly: 1..1440
  std::chrono::seconds time_of_day{0};  // all but None and Hourly: 0..86399
  date::weekday weekday{};              // Weekly, MonthlyByWeekAndDay
  int day_of_month = 0;                 // Monthly: 1..28 or k_last
  int week_of_month = 0;                // MonthlyByWeekAndDay: 1..4 or k_last

  friend bool operator==(const Frequency&, const Frequency&) = default;
};

struct FrequencyParse {
  std::optional<Frequency> frequency;  // set when there are no error issues
  std::vector<TextIssue> issues;
};

// Parses e.g. "Weekly, Wednesday, 7:00:00" (keywords and day names case-insensitive, blanks
// around parts ignored). Numeric kinds, Monthly 29..31 and misspelt days get explanations.
FrequencyParse parse_frequency(std::string_view text);

// Canonical spelling, e.g. "Weekly,Wednesday,07:00:00"; parse_frequency(to_string(f)) == f.
std::string to_string(const Frequency& frequency);

}  // namespace pw::schedule
