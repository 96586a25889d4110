#include "schedule/occurrence.hpp"

namespace pw::schedule {

namespace {

using date::days;
using date::local_days;

constexpr Seconds k_day{86400};

// A wall time of `day`, moved to the next candidate day by `step` when it lies before `local`.
template <typename NextDay>
LocalSeconds at_or_after(local_days day, Seconds time, LocalSeconds local, NextDay next_day) {
  const LocalSeconds candidate = day + time;
  return candidate >= local ? candidate : next_day() + time;
}

LocalSeconds next_hourly(int interval_minutes, LocalSeconds local) {
  const local_days day = std::chrono::floor<days>(local);
  const Seconds since_midnight = local - day;
  const Seconds step{static_cast<long long>(interval_minutes) * 60};
  // Occurrences of a day are 00:00 + k*step; a day starts the sequence afresh at 00:00.
  const auto k = (since_midnight.count() + step.count() - 1) / step.count();
  const Seconds candidate = step * k;
  return candidate < k_day ? day + candidate : day + days{1} + Seconds{0};
}

LocalSeconds next_weekly(date::weekday weekday, Seconds time, LocalSeconds local) {
  const local_days day = std::chrono::floor<days>(local);
  const local_days target = day + (weekday - date::weekday{day});
  return at_or_after(target, time, local, [&] { return target + days{7}; });
}

// A month as plain numbers, so finding a day in it and stepping to the next month need no
// further civil-calendar conversions (the hot path of the Monthly forms).
struct MonthView {
  local_days first;
  unsigned length;         // days
  unsigned first_weekday;  // 0 = Sunday
  date::year_month month;
};

unsigned month_length(date::year_month month) {
  return static_cast<unsigned>((month / date::last).day());
}

MonthView month_of(local_days day) {
  const date::year_month_day civil{day};
  const date::year_month month = civil.year() / civil.month();
  const local_days first = day - days{static_cast<unsigned>(civil.day()) - 1};
  return MonthView{first, month_length(month), date::weekday{first}.c_encoding(), month};
}

MonthView next_month(const MonthView& view) {
  const date::year_month month = view.month + date::months{1};
  return MonthView{view.first + days{view.length}, month_length(month),
                   (view.first_weekday + view.length) % 7, month};
}

// The 0-based day of `view` on which the Monthly or MonthlyByWeekAndDay frequency falls.
unsigned monthly_offset(const Frequency& frequency, const MonthView& view) {
  if (frequency.kind == FrequencyKind::Monthly) {
    return frequency.day_of_month == k_last ? view.length - 1
                                            : static_cast<unsigned>(frequency.day_of_month) - 1;
  }
  const unsigned weekday = frequency.weekday.c_encoding();
  if (frequency.week_of_month == k_last) {
    const unsigned last_weekday = (view.first_weekday + view.length - 1) % 7;
    return view.length - 1 - (last_weekday + 7 - weekday) % 7;
  }
  const unsigned first_match = (weekday + 7 - view.first_weekday) % 7;
  return first_match + 7 * (static_cast<unsigned>(frequency.week_of_month) - 1);
}

LocalSeconds next_monthly(const Frequency& frequency, LocalSeconds local) {
  const MonthView month = month_of(std::chrono::floor<days>(local));
  const local_days day = month.first + days{monthly_offset(frequency, month)};
  return at_or_after(day, frequency.time_of_day, local, [&] {
    const MonthView next = next_month(month);
    return next.first + days{monthly_offset(frequency, next)};
  });
}

std::optional<LocalSeconds> next_base(const Frequency& frequency, LocalSeconds local) {
  switch (frequency.kind) {
    case FrequencyKind::None:
      return std::nullopt;
    case FrequencyKind::Once: {
      const LocalSeconds at = local_days{frequency.once_date} + frequency.time_of_day;
      if (at < local) return std::nullopt;
      return at;
    }
    case FrequencyKind::Hourly:
      return next_hourly(frequency.interval_minutes, local);
    case FrequencyKind::Daily: {
      const local_days day = std::chrono::floor<days>(local);
      return at_or_after(day, frequency.time_of_day, local, [&] { return day + days{1}; });
    }
    case FrequencyKind::Weekly:
      return next_weekly(frequency.weekday, frequency.time_of_day, local);
    case FrequencyKind::Monthly:
    case FrequencyKind::MonthlyByWeekAndDay:
      return next_monthly(frequency, local);
  }
  return std::nullopt;
}

}  // namespace

std::optional<LocalSeconds> next_local_occurrence(const Frequency& frequency, int offset_days,
                                                  LocalSeconds local) {
  // occurrence = base + offset, so occurrence >= local exactly when base >= local - offset.
  const days offset{offset_days};
  const auto base = next_base(frequency, local - offset);
  if (!base) return std::nullopt;
  return *base + offset;
}

std::optional<Instant> next_occurrence(const Frequency& frequency, const Zone& zone,
                                       int offset_days, Instant t) {
  if (zone.is_utc()) {
    const auto local = next_local_occurrence(frequency, offset_days, zone.to_local(t));
    if (!local) return std::nullopt;
    return Instant{local->time_since_epoch()};
  }
  // Local to UTC never decreases, so walk candidates from the earliest local time that can
  // reach `t`. Only a repeated hour (fall back) can hold candidates that map before `t`; the
  // bound covers an hour of one-minute occurrences with room to spare.
  LocalSeconds from = zone.earliest_local_reaching(t);
  for (int attempt = 0; attempt < 4 * 1440; ++attempt) {
    const auto local = next_local_occurrence(frequency, offset_days, from);
    if (!local) return std::nullopt;
    const Instant at = zone.to_utc(*local);
    if (at >= t) return at;
    from = *local + Seconds{1};
  }
  return std::nullopt;
}

}  // namespace pw::schedule
