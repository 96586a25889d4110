#include "schedule/frequency.hpp"

#include "core/suggest.hpp"
#include "core/text.hpp"

#include <array>
#include <cstdio>

namespace pw::schedule {

namespace {

// One comma-separated part, blanks trimmed; `offset` is where its text starts in the value.
struct Part {
  std::string_view text;
  std::size_t offset = 0;
};

// Spelling, kind, and the form the kind needs (also its part count, counted by commas).
struct KindInfo {
  std::string_view name;
  FrequencyKind kind;
  std::string_view form;
  std::size_t parts;
};

constexpr std::array<KindInfo, 7> k_kinds{{
    {"None", FrequencyKind::None, "None", 1},
    {"Once", FrequencyKind::Once, "Once, <date>, <time>", 3},
    {"Hourly", FrequencyKind::Hourly, "Hourly, <minutes>", 2},
    {"Daily", FrequencyKind::Daily, "Daily, <time>", 2},
    {"Weekly", FrequencyKind::Weekly, "Weekly, <Day>, <time>", 3},
    {"Monthly", FrequencyKind::Monthly, "Monthly, <1..28|Last>, <time>", 3},
    {"MonthlyByWeekAndDay", FrequencyKind::MonthlyByWeekAndDay,
     "MonthlyByWeekAndDay, <1..4|Last>, <Day>, <time>", 4},
}};

// POA's numeric values of its Frequency enum, which it accepts in place of the keyword.
constexpr std::array<std::string_view, 7> k_poa_numeric_kinds{
    "None", "Once", "Daily", "Weekly", "Monthly", "Hourly", "MonthlyByWeekAndDay"};

// Indexed by date::weekday::c_encoding() (Sunday = 0), as .NET's DayOfWeek.
constexpr std::array<std::string_view, 7> k_day_names{"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                      "Thursday", "Friday", "Saturday"};

bool is_blank(char c) {
  return c == ' ' || c == '\t';
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool all_digits(std::string_view text) {
  if (text.empty()) return false;
  for (const char c : text)
    if (!is_digit(c)) return false;
  return true;
}

// Value of an all-digit token; long tokens saturate so range checks reject them.
int to_number(std::string_view digits) {
  long value = 0;
  for (const char c : digits) value = std::min(value * 10 + (c - '0'), 1'000'000'000L);
  return static_cast<int>(value);
}

std::vector<Part> split_parts(std::string_view text) {
  std::vector<Part> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    std::size_t first = start;
    std::size_t last = comma;
    while (first < last && is_blank(text[first])) ++first;
    while (last > first && is_blank(text[last - 1])) --last;
    parts.push_back({text.substr(first, last - first), first});
    if (comma == text.size()) return parts;
    start = comma + 1;
  }
}

class Parser {
 public:
  explicit Parser(std::string_view text) : m_text(text) {}

  FrequencyParse run() {
    const std::vector<Part> parts = split_parts(m_text);
    const KindInfo* info = parse_kind(parts.front());
    if (info && check_part_count(*info, parts)) parse_arguments(parts);
    FrequencyParse result;
    if (m_issues.empty()) result.frequency = m_frequency;
    result.issues = std::move(m_issues);
    return result;
  }

 private:
  void issue(std::size_t offset, std::size_t length, std::string rule, std::string message) {
    m_issues.push_back({offset, std::max<std::size_t>(length, 1), std::move(rule),
                        std::move(message), Severity::Error});
  }
  void issue(const Part& part, std::string rule, std::string message) {
    issue(part.offset, part.text.size(), std::move(rule), std::move(message));
  }

  const KindInfo* parse_kind(const Part& part) {
    if (part.text.empty()) {
      issue(part, "frequency-syntax",
            "the frequency is empty: write 'None' or a form such as 'Weekly, Wednesday, 7:00:00'");
      return nullptr;
    }
    for (const KindInfo& info : k_kinds) {
      if (equals_ignoring_case(part.text, info.name)) {
        m_frequency.kind = info.kind;
        return &info;
      }
    }
    if (all_digits(part.text)) {
      report_numeric_kind(part);
    } else if (!report_missing_comma(part)) {
      report_unknown_kind(part);
    }
    return nullptr;
  }

  void report_numeric_kind(const Part& part) {
    const int number = to_number(part.text);
    std::string message = "numeric frequency kind " + std::string(part.text) + " is not accepted";
    if (number < static_cast<int>(k_poa_numeric_kinds.size())) {
      const std::string_view name = k_poa_numeric_kinds[static_cast<std::size_t>(number)];
      message += ": POA reads it as " + std::string(name) + "; write '" + std::string(name) + "'";
    } else {
      message += ": write the kind's name";
    }
    issue(part, "frequency-numeric-kind", std::move(message));
  }

  // "Weekly Wednesday 7:00": a known kind followed by a blank instead of a comma.
  bool report_missing_comma(const Part& part) {
    std::size_t word_end = 0;
    while (word_end < part.text.size() && !is_blank(part.text[word_end])) ++word_end;
    if (word_end == part.text.size()) return false;
    for (const KindInfo& info : k_kinds) {
      if (equals_ignoring_case(part.text.substr(0, word_end), info.name)) {
        issue(part.offset + word_end, 1, "frequency-syntax",
              "expected a comma after '" + std::string(info.name) + "': write '" +
                  std::string(info.form) + "'");
        return true;
      }
    }
    return false;
  }

  void report_unknown_kind(const Part& part) {
    std::array<std::string_view, k_kinds.size()> names{};
    for (std::size_t i = 0; i < k_kinds.size(); ++i) names[i] = k_kinds[i].name;
    std::string message = "unknown frequency kind '" + std::string(part.text) + "'";
    if (const auto match = closest_match(part.text, names)) {
      message += ", did you mean '" + *match + "'?";
    }
    message += " (allowed: " + join_alternatives(names) + ")";
    issue(part, "frequency-kind", std::move(message));
  }

  bool check_part_count(const KindInfo& info, const std::vector<Part>& parts) {
    if (parts.size() == info.parts) return true;
    std::string message = std::string(info.name) + " takes " + std::to_string(info.parts) +
                          (info.parts == 1 ? " part" : " parts") + ": '" + std::string(info.form) +
                          "' (got " + std::to_string(parts.size()) + ")";
    const Part& first = parts.front();
    if (parts.size() > info.parts) {
      // Underline the surplus, from the first extra part to the end of the value.
      const Part& extra = parts[info.parts];
      const Part& last = parts.back();
      issue(extra.offset, last.offset + last.text.size() - extra.offset, "frequency-syntax",
            std::move(message));
    } else {
      const Part& last = parts.back();
      issue(first.offset, last.offset + last.text.size() - first.offset, "frequency-syntax",
            std::move(message));
    }
    return false;
  }

  void parse_arguments(const std::vector<Part>& parts) {
    switch (m_frequency.kind) {
      case FrequencyKind::None:
        return;
      case FrequencyKind::Once:
        parse_date(parts[1]);
        break;
      case FrequencyKind::Hourly:
        parse_interval(parts[1]);
        return;
      case FrequencyKind::Daily:
        break;
      case FrequencyKind::Weekly:
        parse_day_name(parts[1]);
        break;
      case FrequencyKind::Monthly:
        parse_day_of_month(parts[1]);
        break;
      case FrequencyKind::MonthlyByWeekAndDay:
        parse_week_of_month(parts[1]);
        parse_day_name(parts[2]);
        break;
    }
    parse_time(parts.back());
  }

  void parse_interval(const Part& part) {
    if (!all_digits(part.text)) {
      issue(part, "frequency-interval",
            "'" + std::string(part.text) + "' is not a number of minutes: write 1..1440");
      return;
    }
    const int minutes = to_number(part.text);
    if (minutes < 1 || minutes > 1440) {
      issue(
          part, "frequency-interval",
          "interval " + std::string(part.text) + " is out of range: Hourly takes 1..1440 minutes");
      return;
    }
    m_frequency.interval_minutes = minutes;
  }

  void parse_day_name(const Part& part) {
    for (std::size_t i = 0; i < k_day_names.size(); ++i) {
      if (equals_ignoring_case(part.text, k_day_names[i])) {
        m_frequency.weekday = date::weekday{static_cast<unsigned>(i)};
        return;
      }
    }
    std::string message;
    if (all_digits(part.text) && to_number(part.text) < 7) {
      const std::string_view name = k_day_names[static_cast<std::size_t>(to_number(part.text))];
      message = "numeric day " + std::string(part.text) + " is not accepted: POA reads it as " +
                std::string(name) + "; write '" + std::string(name) + "'";
    } else if (const auto match = closest_match(part.text, k_day_names)) {
      message = "unknown day '" + std::string(part.text) + "', did you mean '" + *match + "'?";
    } else {
      message = "unknown day '" + std::string(part.text) + "': write an English day name (" +
                join_alternatives(k_day_names) + ")";
    }
    issue(part, "frequency-day-name", std::move(message));
  }

  // `1..max` or Last; returns the value, k_last, or 0 after reporting.
  int parse_ordinal(const Part& part, std::string_view rule, std::string_view what, int max) {
    if (equals_ignoring_case(part.text, "Last")) return k_last;
    const std::string range = "1.." + std::to_string(max);
    if (!all_digits(part.text)) {
      issue(part, std::string(rule),
            "'" + std::string(part.text) + "' is not a " + std::string(what) + ": write " + range +
                " or 'Last'");
      return 0;
    }
    const int value = to_number(part.text);
    if (value >= 1 && value <= max) return value;
    std::string message = std::string(what) + " " + std::string(part.text);
    if (max == 28 && value >= 29 && value <= 31) {
      message += " is not allowed: POA accepts 1..28; use 'Last' for the month's last day";
    } else {
      message += " is out of range: write " + range + " or 'Last'";
    }
    issue(part, std::string(rule), std::move(message));
    return 0;
  }

  void parse_day_of_month(const Part& part) {
    m_frequency.day_of_month = parse_ordinal(part, "frequency-day-of-month", "day of month", 28);
  }
  void parse_week_of_month(const Part& part) {
    m_frequency.week_of_month = parse_ordinal(part, "frequency-week-of-month", "week of month", 4);
  }

  // Reads 1..max_width digits at `position`; returns -1 when there are none or too many.
  static int read_field(std::string_view text, std::size_t& position, std::size_t min_width,
                        std::size_t max_width) {
    const std::size_t start = position;
    while (position < text.size() && is_digit(text[position])) ++position;
    const std::size_t width = position - start;
    if (width < min_width || width > max_width) return -1;
    return to_number(text.substr(start, width));
  }

  void parse_time(const Part& part) {
    const std::string_view text = part.text;
    std::size_t position = 0;
    const int hour = read_field(text, position, 1, 2);
    int minute = -1;
    int second = 0;
    if (hour >= 0 && position < text.size() && text[position] == ':') {
      minute = read_field(text, ++position, 2, 2);
      if (minute >= 0 && position < text.size() && text[position] == ':') {
        second = read_field(text, ++position, 2, 2);
      }
    }
    if (hour < 0 || minute < 0 || second < 0 || position != text.size()) {
      issue(part, "frequency-time",
            "'" + std::string(text) + "' is not a time: write H:MM or H:MM:SS (e.g. 7:00:00)");
      return;
    }
    const std::size_t minute_at = text.find(':');
    if (hour > 23) {
      issue(part.offset, minute_at, "frequency-time",
            "hour " + std::to_string(hour) + " is out of range: write 0..23");
    } else if (minute > 59) {
      issue(part.offset + minute_at + 1, 2, "frequency-time",
            "minute " + std::to_string(minute) + " is out of range: write 00..59");
    } else if (second > 59) {
      issue(part.offset + minute_at + 4, 2, "frequency-time",
            "second " + std::to_string(second) + " is out of range: write 00..59");
    } else {
      m_frequency.time_of_day = std::chrono::seconds{hour * 3600 + minute * 60 + second};
    }
  }

  void parse_date(const Part& part) {
    // YYYY-MM-DD or POA's MM-DD-YYYY; month and day may have one digit.
    const std::string_view text = part.text;
    std::size_t position = 0;
    std::array<int, 3> fields{-1, -1, -1};
    std::array<std::size_t, 3> widths{};
    for (std::size_t i = 0; i < 3; ++i) {
      const std::size_t start = position;
      fields[i] = read_field(text, position, 1, 4);
      widths[i] = position - start;
      if (fields[i] < 0 || (i < 2 && (position >= text.size() || text[position++] != '-'))) break;
    }
    const bool year_first = widths[0] == 4 && widths[1] <= 2 && widths[2] <= 2;
    const bool year_last = widths[0] <= 2 && widths[1] <= 2 && widths[2] == 4;
    if (fields[2] < 0 || position != text.size() || !(year_first || year_last)) {
      issue(part, "frequency-date",
            "'" + std::string(text) + "' is not a date: write YYYY-MM-DD or MM-DD-YYYY");
      return;
    }
    const int year = year_first ? fields[0] : fields[2];
    const int month = year_first ? fields[1] : fields[0];
    const int day = year_first ? fields[2] : fields[1];
    const date::year_month_day ymd{date::year{year}, date::month{static_cast<unsigned>(month)},
                                   date::day{static_cast<unsigned>(day)}};
    if (year < 1 || !ymd.ok()) {
      issue(part, "frequency-date", "'" + std::string(text) + "' is not a real date");
      return;
    }
    m_frequency.once_date = ymd;
  }

  std::string_view m_text;
  Frequency m_frequency;
  std::vector<TextIssue> m_issues;
};

std::string two_digits(long value) {
  return std::string{static_cast<char>('0' + value / 10), static_cast<char>('0' + value % 10)};
}

std::string format_time(std::chrono::seconds time_of_day) {
  const long total = static_cast<long>(time_of_day.count());
  return two_digits(total / 3600) + ":" + two_digits(total / 60 % 60) + ":" +
         two_digits(total % 60);
}

std::string format_ordinal(int value) {
  return value == k_last ? "Last" : std::to_string(value);
}

std::string format_date(const date::year_month_day& ymd) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buffer;
}

}  // namespace

FrequencyParse parse_frequency(std::string_view text) {
  return Parser(text).run();
}

std::string to_string(const Frequency& frequency) {
  const std::string day(k_day_names[frequency.weekday.c_encoding() % 7]);
  const std::string time = format_time(frequency.time_of_day);
  switch (frequency.kind) {
    case FrequencyKind::None:
      return "None";
    case FrequencyKind::Once:
      return "Once," + format_date(frequency.once_date) + "," + time;
    case FrequencyKind::Hourly:
      return "Hourly," + std::to_string(frequency.interval_minutes);
    case FrequencyKind::Daily:
      return "Daily," + time;
    case FrequencyKind::Weekly:
      return "Weekly," + day + "," + time;
    case FrequencyKind::Monthly:
      return "Monthly," + format_ordinal(frequency.day_of_month) + "," + time;
    case FrequencyKind::MonthlyByWeekAndDay:
      return "MonthlyByWeekAndDay," + format_ordinal(frequency.week_of_month) + "," + day + "," +
             time;
  }
  return "None";
}

}  // namespace pw::schedule
