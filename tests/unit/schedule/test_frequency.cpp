#include "schedule/frequency.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace pw::schedule;
using namespace std::chrono_literals;

namespace {

Frequency parse_ok(std::string_view text) {
  const FrequencyParse parse = parse_frequency(text);
  INFO("text: ", std::string(text));
  REQUIRE(parse.issues.empty());
  REQUIRE(parse.frequency.has_value());
  return *parse.frequency;
}

// The single issue of a rejected value.
pw::TextIssue parse_error(std::string_view text) {
  const FrequencyParse parse = parse_frequency(text);
  INFO("text: ", std::string(text));
  CHECK_FALSE(parse.frequency.has_value());
  REQUIRE(parse.issues.size() == 1);
  CHECK(parse.issues[0].severity == pw::Severity::Error);
  return parse.issues[0];
}

void check_issue(std::string_view text, std::size_t offset, std::size_t length,
                 const std::string& rule, const std::string& message) {
  const pw::TextIssue issue = parse_error(text);
  INFO("text: ", std::string(text));
  CHECK(issue.offset == offset);
  CHECK(issue.length == length);
  CHECK(issue.rule == rule);
  CHECK(issue.message == message);
}

}  // namespace

TEST_SUITE("schedule::Frequency") {
  TEST_CASE("None parses to the None kind") {
    CHECK(parse_ok("None").kind == FrequencyKind::None);
    CHECK(parse_ok("  none ").kind == FrequencyKind::None);
  }

  TEST_CASE("Once accepts ISO and POA's month-first dates") {
    const Frequency iso = parse_ok("Once, 2025-03-09, 7:30");
    CHECK(iso.kind == FrequencyKind::Once);
    CHECK(iso.once_date == date::year{2025} / 3 / 9);
    CHECK(iso.time_of_day == 7h + 30min);
    const Frequency poa = parse_ok("once,03-09-2025,07:30:15");
    CHECK(poa.once_date == date::year{2025} / 3 / 9);
    CHECK(poa.time_of_day == 7h + 30min + 15s);
    CHECK(parse_ok("Once,2024-2-29,0:00").once_date == date::year{2024} / 2 / 29);
  }

  TEST_CASE("Hourly takes minutes from 1 to 1440") {
    CHECK(parse_ok("Hourly, 1").interval_minutes == 1);
    const Frequency frequency = parse_ok("HOURLY,1440");
    CHECK(frequency.kind == FrequencyKind::Hourly);
    CHECK(frequency.interval_minutes == 1440);
  }

  TEST_CASE("Daily takes a time with or without seconds") {
    const Frequency frequency = parse_ok("Daily, 23:59:59");
    CHECK(frequency.kind == FrequencyKind::Daily);
    CHECK(frequency.time_of_day == 23h + 59min + 59s);
    CHECK(parse_ok("daily,0:00").time_of_day == 0s);
  }

  TEST_CASE("Weekly takes a case-insensitive English day name") {
    const Frequency frequency = parse_ok(" Weekly ,\tWEDNESDAY , 7:00:00 ");
    CHECK(frequency.kind == FrequencyKind::Weekly);
    CHECK(frequency.weekday == date::Wednesday);
    CHECK(frequency.time_of_day == 7h);
    CHECK(parse_ok("Weekly,sunday,1:00").weekday == date::Sunday);
    CHECK(parse_ok("Weekly,Saturday,1:00").weekday == date::Saturday);
  }

  TEST_CASE("Monthly takes a day from 1 to 28 or Last") {
    const Frequency first = parse_ok("Monthly, 1, 3:00");
    CHECK(first.kind == FrequencyKind::Monthly);
    CHECK(first.day_of_month == 1);
    CHECK(parse_ok("Monthly,28,3:00").day_of_month == 28);
    CHECK(parse_ok("monthly, last, 3:00").day_of_month == k_last);
  }

  TEST_CASE("MonthlyByWeekAndDay takes a week from 1 to 4 or Last and a day") {
    const Frequency patch_tuesday = parse_ok("MonthlyByWeekAndDay, 2, Tuesday, 3:00:00");
    CHECK(patch_tuesday.kind == FrequencyKind::MonthlyByWeekAndDay);
    CHECK(patch_tuesday.week_of_month == 2);
    CHECK(patch_tuesday.weekday == date::Tuesday);
    CHECK(patch_tuesday.time_of_day == 3h);
    const Frequency last = parse_ok("monthlybyweekandday,LAST,friday,21:00");
    CHECK(last.week_of_month == k_last);
    CHECK(last.weekday == date::Friday);
  }

  TEST_CASE("to_string spells every form canonically and round-trips") {
    const char* const inputs[] = {
        "None",
        "Once, 12-31-2026, 7:05",
        "Hourly, 90",
        "Daily, 0:00:01",
        "Weekly, wednesday, 7:00:00",
        "Monthly, Last, 23:00",
        "Monthly, 5, 12:22:32",
        "MonthlyByWeekAndDay, last, Sunday, 1:02:03",
        "MonthlyByWeekAndDay, 4, Monday, 1:02:03",
    };
    const char* const canonical[] = {
        "None",
        "Once,2026-12-31,07:05:00",
        "Hourly,90",
        "Daily,00:00:01",
        "Weekly,Wednesday,07:00:00",
        "Monthly,Last,23:00:00",
        "Monthly,5,12:22:32",
        "MonthlyByWeekAndDay,Last,Sunday,01:02:03",
        "MonthlyByWeekAndDay,4,Monday,01:02:03",
    };
    for (std::size_t i = 0; i < std::size(inputs); ++i) {
      const Frequency frequency = parse_ok(inputs[i]);
      CHECK(to_string(frequency) == canonical[i]);
      CHECK(parse_ok(to_string(frequency)) == frequency);
    }
  }

  TEST_CASE("an empty frequency is rejected") {
    check_issue("", 0, 1, "frequency-syntax",
                "the frequency is empty: write 'None' or a form such as "
                "'Weekly, Wednesday, 7:00:00'");
    check_issue("   ", 3, 1, "frequency-syntax",
                "the frequency is empty: write 'None' or a form such as "
                "'Weekly, Wednesday, 7:00:00'");
  }

  TEST_CASE("numeric kinds are rejected with POA's reading and the keyword to write") {
    check_issue("3,Wednesday,7:00:00", 0, 1, "frequency-numeric-kind",
                "numeric frequency kind 3 is not accepted: POA reads it as Weekly; write 'Weekly'");
    check_issue(" 6 , 2, Tuesday, 3:00", 1, 1, "frequency-numeric-kind",
                "numeric frequency kind 6 is not accepted: POA reads it as MonthlyByWeekAndDay; "
                "write 'MonthlyByWeekAndDay'");
    check_issue("5,60", 0, 1, "frequency-numeric-kind",
                "numeric frequency kind 5 is not accepted: POA reads it as Hourly; write 'Hourly'");
    check_issue("42", 0, 2, "frequency-numeric-kind",
                "numeric frequency kind 42 is not accepted: write the kind's name");
  }

  TEST_CASE("an unknown kind lists the allowed kinds with a suggestion") {
    check_issue("Weekley, Monday, 7:00", 0, 7, "frequency-kind",
                "unknown frequency kind 'Weekley', did you mean 'Weekly'? (allowed: None, Once, "
                "Hourly, Daily, Weekly, Monthly or MonthlyByWeekAndDay)");
    check_issue("  Yearly, 7:00", 2, 6, "frequency-kind",
                "unknown frequency kind 'Yearly' (allowed: None, Once, Hourly, Daily, Weekly, "
                "Monthly or MonthlyByWeekAndDay)");
  }

  TEST_CASE("a kind followed by a blank instead of a comma is pointed at") {
    check_issue("Weekly Wednesday 7:00", 6, 1, "frequency-syntax",
                "expected a comma after 'Weekly': write 'Weekly, <Day>, <time>'");
  }

  TEST_CASE("a wrong number of parts says what the form needs") {
    check_issue("Weekly, 7:00:00", 0, 15, "frequency-syntax",
                "Weekly takes 3 parts: 'Weekly, <Day>, <time>' (got 2)");
    check_issue("Daily, 7:00, Monday", 13, 6, "frequency-syntax",
                "Daily takes 2 parts: 'Daily, <time>' (got 3)");
    check_issue("None, 7:00", 6, 4, "frequency-syntax", "None takes 1 part: 'None' (got 2)");
    check_issue("Monthly, 1, 2, 3:00, x", 15, 7, "frequency-syntax",
                "Monthly takes 3 parts: 'Monthly, <1..28|Last>, <time>' (got 5)");
    check_issue("MonthlyByWeekAndDay, 2, 3:00", 0, 28, "frequency-syntax",
                "MonthlyByWeekAndDay takes 4 parts: "
                "'MonthlyByWeekAndDay, <1..4|Last>, <Day>, <time>' (got 3)");
  }

  TEST_CASE("Monthly 29 to 31 is rejected with a hint to use Last") {
    check_issue("Monthly, 31, 3:00", 9, 2, "frequency-day-of-month",
                "day of month 31 is not allowed: POA accepts 1..28; use 'Last' for the month's "
                "last day");
    check_issue("Monthly,29,3:00", 8, 2, "frequency-day-of-month",
                "day of month 29 is not allowed: POA accepts 1..28; use 'Last' for the month's "
                "last day");
    check_issue("Monthly, 0, 3:00", 9, 1, "frequency-day-of-month",
                "day of month 0 is out of range: write 1..28 or 'Last'");
    check_issue("Monthly, 99999999999999, 3:00", 9, 14, "frequency-day-of-month",
                "day of month 99999999999999 is out of range: write 1..28 or 'Last'");
    check_issue("Monthly, first, 3:00", 9, 5, "frequency-day-of-month",
                "'first' is not a day of month: write 1..28 or 'Last'");
  }

  TEST_CASE("MonthlyByWeekAndDay weeks outside 1 to 4 are rejected") {
    check_issue("MonthlyByWeekAndDay, 5, Tuesday, 3:00", 21, 1, "frequency-week-of-month",
                "week of month 5 is out of range: write 1..4 or 'Last'");
    check_issue("MonthlyByWeekAndDay, second, Tuesday, 3:00", 21, 6, "frequency-week-of-month",
                "'second' is not a week of month: write 1..4 or 'Last'");
  }

  TEST_CASE("misspelt day names get a suggestion") {
    check_issue("Weekly, Wendesday, 7:00:00", 8, 9, "frequency-day-name",
                "unknown day 'Wendesday', did you mean 'Wednesday'?");
    check_issue("MonthlyByWeekAndDay, 2, tues, 3:00", 24, 4, "frequency-day-name",
                "unknown day 'tues', did you mean 'Tuesday'?");
    check_issue("Weekly, Blursday, 7:00", 8, 8, "frequency-day-name",
                "unknown day 'Blursday', did you mean 'Thursday'?");
    check_issue("Weekly, Xyz, 7:00", 8, 3, "frequency-day-name",
                "unknown day 'Xyz': write an English day name (Sunday, Monday, Tuesday, "
                "Wednesday, Thursday, Friday or Saturday)");
  }

  TEST_CASE("numeric day names are rejected with POA's reading") {
    check_issue("Weekly, 3, 7:00", 8, 1, "frequency-day-name",
                "numeric day 3 is not accepted: POA reads it as Wednesday; write 'Wednesday'");
  }

  TEST_CASE("Hourly intervals outside 1 to 1440 are rejected") {
    check_issue("Hourly, 0", 8, 1, "frequency-interval",
                "interval 0 is out of range: Hourly takes 1..1440 minutes");
    check_issue("Hourly, 1441", 8, 4, "frequency-interval",
                "interval 1441 is out of range: Hourly takes 1..1440 minutes");
    check_issue("Hourly, 1:00", 8, 4, "frequency-interval",
                "'1:00' is not a number of minutes: write 1..1440");
  }

  TEST_CASE("times must be H:MM or H:MM:SS within range") {
    check_issue("Daily, 7", 7, 1, "frequency-time",
                "'7' is not a time: write H:MM or H:MM:SS (e.g. 7:00:00)");
    check_issue("Daily, 7:0", 7, 3, "frequency-time",
                "'7:0' is not a time: write H:MM or H:MM:SS (e.g. 7:00:00)");
    check_issue("Daily, 7:00 pm", 7, 7, "frequency-time",
                "'7:00 pm' is not a time: write H:MM or H:MM:SS (e.g. 7:00:00)");
    check_issue("Daily, 007:00", 7, 6, "frequency-time",
                "'007:00' is not a time: write H:MM or H:MM:SS (e.g. 7:00:00)");
    check_issue("Daily, 24:00", 7, 2, "frequency-time", "hour 24 is out of range: write 0..23");
    check_issue("Daily, 7:60:00", 9, 2, "frequency-time",
                "minute 60 is out of range: write 00..59");
    check_issue("Daily, 17:00:60", 13, 2, "frequency-time",
                "second 60 is out of range: write 00..59");
    check_issue("Weekly, Monday, ", 16, 1, "frequency-time",
                "'' is not a time: write H:MM or H:MM:SS (e.g. 7:00:00)");
  }

  TEST_CASE("Once dates must be well-formed and real") {
    check_issue("Once, 2023-02-29, 7:00", 6, 10, "frequency-date",
                "'2023-02-29' is not a real date");
    check_issue("Once, 13-01-2025, 7:00", 6, 10, "frequency-date",
                "'13-01-2025' is not a real date");
    check_issue("Once, 0000-01-01, 7:00", 6, 10, "frequency-date",
                "'0000-01-01' is not a real date");
    check_issue("Once, 2025/01/01, 7:00", 6, 10, "frequency-date",
                "'2025/01/01' is not a date: write YYYY-MM-DD or MM-DD-YYYY");
    check_issue("Once, 01-01-25, 7:00", 6, 8, "frequency-date",
                "'01-01-25' is not a date: write YYYY-MM-DD or MM-DD-YYYY");
    check_issue("Once, 2025-01-01-, 7:00", 6, 11, "frequency-date",
                "'2025-01-01-' is not a date: write YYYY-MM-DD or MM-DD-YYYY");
  }

  TEST_CASE("every bad part of a value is reported") {
    const FrequencyParse parse = parse_frequency("MonthlyByWeekAndDay, 9, Tusday, 25:00");
    CHECK_FALSE(parse.frequency.has_value());
    REQUIRE(parse.issues.size() == 3);
    CHECK(parse.issues[0].rule == "frequency-week-of-month");
    CHECK(parse.issues[0].offset == 21);
    CHECK(parse.issues[1].rule == "frequency-day-name");
    CHECK(parse.issues[1].offset == 24);
    CHECK(parse.issues[2].rule == "frequency-time");
    CHECK(parse.issues[2].offset == 32);
    CHECK(parse.issues[2].length == 2);
  }
}
