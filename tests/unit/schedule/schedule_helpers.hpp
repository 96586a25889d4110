// Helpers shared by the schedule unit tests: frequencies built directly (independent of the
// parser) and instants written as RFC 3339.
#pragma once

#include "core/time.hpp"
#include "schedule/frequency.hpp"
#include "schedule/occurrence.hpp"
#include "schedule/zone.hpp"

#include <doctest/doctest.h>

#include <string>

namespace pw::schedule::test {

inline Instant at(const char* text) {
  const auto instant = parse_rfc3339(text);
  REQUIRE_MESSAGE(instant.has_value(), text);
  return *instant;
}

inline std::chrono::seconds clock_time(int hours, int minutes, int seconds = 0) {
  return std::chrono::hours{hours} + std::chrono::minutes{minutes} + std::chrono::seconds{seconds};
}

inline Frequency once(date::year_month_day day, Seconds time) {
  Frequency frequency{.kind = FrequencyKind::Once};
  frequency.once_date = day;
  frequency.time_of_day = time;
  return frequency;
}

inline Frequency hourly(int minutes) {
  return Frequency{.kind = FrequencyKind::Hourly, .interval_minutes = minutes};
}

inline Frequency daily(Seconds time) {
  return Frequency{.kind = FrequencyKind::Daily, .time_of_day = time};
}

inline Frequency weekly(date::weekday day, Seconds time) {
  return Frequency{.kind = FrequencyKind::Weekly, .time_of_day = time, .weekday = day};
}

inline Frequency monthly(int day_of_month, Seconds time) {
  return Frequency{
      .kind = FrequencyKind::Monthly, .time_of_day = time, .day_of_month = day_of_month};
}

inline Frequency monthly_by_week(int week, date::weekday day, Seconds time) {
  return Frequency{.kind = FrequencyKind::MonthlyByWeekAndDay,
                   .time_of_day = time,
                   .weekday = day,
                   .week_of_month = week};
}

inline Zone zone(const char* name) {
  auto found = Zone::find(name);
  REQUIRE_MESSAGE(found.ok(), name);
  return *found;
}

// format_utc of the next occurrence, or "none".
inline std::string next_text(const Frequency& frequency, const char* from, int offset_days = 0,
                             const Zone& in = Zone{}) {
  const auto next = next_occurrence(frequency, in, offset_days, at(from));
  return next ? format_utc(*next) : std::string("none");
}

}  // namespace pw::schedule::test
