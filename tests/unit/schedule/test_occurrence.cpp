#include "schedule/occurrence.hpp"

#include "schedule_helpers.hpp"

#include <doctest/doctest.h>

using namespace pw::schedule;
using namespace pw::schedule::test;
using date::Friday;
using date::Monday;
using date::Sunday;
using date::Thursday;
using date::Tuesday;
using date::Wednesday;

TEST_SUITE("schedule::next_occurrence") {
  TEST_CASE("POA's Weekly vector: a time equal to now is due, one second later it is next week") {
    const Frequency frequency = weekly(Wednesday, clock_time(7, 0));
    CHECK(next_text(frequency, "2024-01-03T07:00:00Z") == "2024-01-03T07:00:00Z");
    CHECK(next_text(frequency, "2024-01-03T07:00:01Z") == "2024-01-10T07:00:00Z");
    CHECK(next_text(frequency, "2024-01-01T00:00:00Z") == "2024-01-03T07:00:00Z");
    CHECK(next_text(frequency, "2023-12-28T00:00:00Z") == "2024-01-03T07:00:00Z");
  }

  TEST_CASE("POA's Monthly Last vector uses its own time and the leap day") {
    const Frequency frequency = monthly(k_last, clock_time(2, 0));
    CHECK(next_text(frequency, "2024-01-31T03:00:00Z") == "2024-02-29T02:00:00Z");
    CHECK(next_text(frequency, "2024-01-31T01:59:59Z") == "2024-01-31T02:00:00Z");
    CHECK(next_text(frequency, "2023-01-31T03:00:00Z") == "2023-02-28T02:00:00Z");
    CHECK(next_text(frequency, "2100-02-01T00:00:00Z") == "2100-02-28T02:00:00Z");
    CHECK(next_text(frequency, "2000-02-01T00:00:00Z") == "2000-02-29T02:00:00Z");
    CHECK(next_text(frequency, "2024-12-31T02:00:01Z") == "2025-01-31T02:00:00Z");
    CHECK(next_text(frequency, "2024-04-30T03:00:00Z") == "2024-05-31T02:00:00Z");
  }

  TEST_CASE("POA's MonthlyByWeekAndDay vectors: second Tuesday and second Friday of March 2024") {
    CHECK(next_text(monthly_by_week(2, Tuesday, clock_time(3, 0)), "2024-03-01T00:00:00Z") ==
          "2024-03-12T03:00:00Z");
    CHECK(next_text(monthly_by_week(2, Friday, clock_time(3, 0)), "2024-03-01T00:00:00Z") ==
          "2024-03-08T03:00:00Z");
  }

  TEST_CASE("MonthlyByWeekAndDay crosses into the next month and year and supports Last") {
    const Frequency patch_tuesday = monthly_by_week(2, Tuesday, clock_time(18, 0));
    CHECK(next_text(patch_tuesday, "2024-03-12T18:00:01Z") == "2024-04-09T18:00:00Z");
    CHECK(next_text(patch_tuesday, "2024-12-10T18:00:01Z") == "2025-01-14T18:00:00Z");
    CHECK(next_text(monthly_by_week(1, Monday, clock_time(0, 0)), "2024-01-01T00:00:00Z") ==
          "2024-01-01T00:00:00Z");
    CHECK(next_text(monthly_by_week(4, Sunday, clock_time(0, 0)), "2024-02-26T00:00:00Z") ==
          "2024-03-24T00:00:00Z");
    CHECK(next_text(monthly_by_week(k_last, Friday, clock_time(9, 0)), "2024-02-01T00:00:00Z") ==
          "2024-02-23T09:00:00Z");
    CHECK(next_text(monthly_by_week(k_last, Friday, clock_time(9, 0)), "2024-05-31T09:00:00Z") ==
          "2024-05-31T09:00:00Z");
    CHECK(next_text(monthly_by_week(k_last, Thursday, clock_time(9, 0)), "2020-02-28T00:00:00Z") ==
          "2020-03-26T09:00:00Z");
  }

  TEST_CASE("Monthly day N at month, year and leap edges") {
    const Frequency on_28th = monthly(28, clock_time(7, 0));
    CHECK(next_text(on_28th, "2023-12-28T07:00:01Z") == "2024-01-28T07:00:00Z");
    CHECK(next_text(on_28th, "2024-02-28T06:59:59Z") == "2024-02-28T07:00:00Z");
    CHECK(next_text(on_28th, "2024-02-28T07:00:01Z") == "2024-03-28T07:00:00Z");
    CHECK(next_text(monthly(1, clock_time(0, 0)), "2024-12-31T23:59:59Z") ==
          "2025-01-01T00:00:00Z");
    CHECK(next_text(monthly(1, clock_time(0, 0)), "2025-01-01T00:00:00Z") ==
          "2025-01-01T00:00:00Z");
  }

  TEST_CASE("Daily crosses day, month, year and leap-day edges") {
    const Frequency frequency = daily(clock_time(7, 0));
    CHECK(next_text(frequency, "2023-12-31T23:00:00Z") == "2024-01-01T07:00:00Z");
    CHECK(next_text(frequency, "2024-02-28T08:00:00Z") == "2024-02-29T07:00:00Z");
    CHECK(next_text(frequency, "2023-02-28T08:00:00Z") == "2023-03-01T07:00:00Z");
    CHECK(next_text(frequency, "2024-01-15T07:00:00Z") == "2024-01-15T07:00:00Z");
    CHECK(next_text(daily(clock_time(23, 59, 59)), "2024-01-15T23:59:59Z") ==
          "2024-01-15T23:59:59Z");
    CHECK(next_text(daily(clock_time(0, 0)), "1969-12-31T12:00:00Z") == "1970-01-01T00:00:00Z");
  }

  TEST_CASE("Hourly is aligned to midnight and restarts each day") {
    CHECK(next_text(hourly(60), "2024-01-01T10:00:00Z") == "2024-01-01T10:00:00Z");
    CHECK(next_text(hourly(60), "2024-01-01T10:00:01Z") == "2024-01-01T11:00:00Z");
    CHECK(next_text(hourly(90), "2024-01-01T22:30:01Z") == "2024-01-02T00:00:00Z");
    CHECK(next_text(hourly(7), "2024-01-01T23:55:00Z") == "2024-01-01T23:55:00Z");
    CHECK(next_text(hourly(7), "2024-01-01T23:55:01Z") == "2024-01-02T00:00:00Z");
    CHECK(next_text(hourly(7), "2024-01-01T00:06:59Z") == "2024-01-01T00:07:00Z");
    CHECK(next_text(hourly(1440), "2024-12-31T00:00:01Z") == "2025-01-01T00:00:00Z");
    CHECK(next_text(hourly(1), "2024-02-29T23:59:30Z") == "2024-03-01T00:00:00Z");
  }

  TEST_CASE("Once is due at its time and never after it") {
    using namespace date::literals;
    const Frequency frequency = once(2024_y / 2 / 29, clock_time(6, 30));
    CHECK(next_text(frequency, "2020-01-01T00:00:00Z") == "2024-02-29T06:30:00Z");
    CHECK(next_text(frequency, "2024-02-29T06:30:00Z") == "2024-02-29T06:30:00Z");
    CHECK(next_text(frequency, "2024-02-29T06:30:01Z") == "none");
    CHECK(next_text(frequency, "2024-02-29T06:30:01Z", 2) == "2024-03-02T06:30:00Z");
  }

  TEST_CASE("None never occurs") {
    CHECK(next_text(Frequency{}, "2024-01-01T00:00:00Z") == "none");
    CHECK(next_text(Frequency{}, "2024-01-01T00:00:00Z", 0, zone("Europe/Berlin")) == "none");
  }

  TEST_CASE("OffsetDays shifts the base date and the base search accounts for it") {
    // Saturday after Patch Tuesday: the 12th + 4 = the 16th, even when asked after the 12th.
    const Frequency patch_tuesday = monthly_by_week(2, Tuesday, clock_time(22, 0));
    CHECK(next_text(patch_tuesday, "2024-03-13T00:00:00Z", 4) == "2024-03-16T22:00:00Z");
    CHECK(next_text(patch_tuesday, "2024-03-16T22:00:01Z", 4) == "2024-04-13T22:00:00Z");
    // Crossing the year end, forwards and backwards.
    CHECK(next_text(monthly(k_last, clock_time(7, 0)), "2024-12-31T08:00:00Z", 1) ==
          "2025-01-01T07:00:00Z");
    CHECK(next_text(monthly(1, clock_time(7, 0)), "2024-12-01T00:00:00Z", -3) ==
          "2024-12-29T07:00:00Z");
    CHECK(next_text(monthly(1, clock_time(7, 0)), "2024-12-29T07:00:01Z", -3) ==
          "2025-01-29T07:00:00Z");
    // Into a leap day and across February.
    CHECK(next_text(monthly(28, clock_time(7, 0)), "2024-02-01T00:00:00Z", 1) ==
          "2024-02-29T07:00:00Z");
    CHECK(next_text(monthly(28, clock_time(7, 0)), "2023-02-01T00:00:00Z", 1) ==
          "2023-03-01T07:00:00Z");
    CHECK(next_text(weekly(Wednesday, clock_time(7, 0)), "2024-01-03T00:00:00Z", -30) ==
          "2024-01-08T07:00:00Z");
    CHECK(next_text(daily(clock_time(7, 0)), "2024-01-03T08:00:00Z", 30) == "2024-01-04T07:00:00Z");
  }
}
