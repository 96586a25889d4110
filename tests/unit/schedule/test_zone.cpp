#include "schedule/zone.hpp"

#include "schedule_helpers.hpp"

#include <doctest/doctest.h>

using namespace pw::schedule;
using namespace pw::schedule::test;

TEST_SUITE("schedule::Zone") {
  TEST_CASE("UTC and unknown zones") {
    CHECK(Zone{}.is_utc());
    CHECK(zone("UTC").is_utc());
    CHECK(zone("Etc/UTC").is_utc());
    CHECK(zone("Europe/Berlin").name() == "Europe/Berlin");
    const auto unknown = Zone::find("Europe/Berlinn");
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.error() == "unknown time zone 'Europe/Berlinn'");
  }

  TEST_CASE("America/New_York: a nonexistent time moves forward by the gap") {
    const Zone new_york = zone("America/New_York");
    const Frequency at_0230 = daily(clock_time(2, 30));
    CHECK(next_text(at_0230, "2024-03-09T00:00:00Z", 0, new_york) == "2024-03-09T07:30:00Z");
    // 02:30 does not exist on 2024-03-10: it is 03:30 EDT.
    CHECK(next_text(at_0230, "2024-03-09T07:30:01Z", 0, new_york) == "2024-03-10T07:30:00Z");
    CHECK(next_text(at_0230, "2024-03-10T07:30:01Z", 0, new_york) == "2024-03-11T06:30:00Z");
    // Asked just after the jump (03:15 EDT), the moved 02:30 is still ahead.
    CHECK(next_text(at_0230, "2024-03-10T07:15:00Z", 0, new_york) == "2024-03-10T07:30:00Z");
    CHECK(next_text(hourly(60), "2024-03-10T07:00:00Z", 0, new_york) == "2024-03-10T07:00:00Z");
    CHECK(next_text(hourly(60), "2024-03-10T07:00:01Z", 0, new_york) == "2024-03-10T08:00:00Z");
  }

  TEST_CASE("America/New_York: a repeated time means the first") {
    const Zone new_york = zone("America/New_York");
    const Frequency at_0130 = daily(clock_time(1, 30));
    CHECK(next_text(at_0130, "2024-11-03T00:00:00Z", 0, new_york) == "2024-11-03T05:30:00Z");
    // Not again at 01:30 EST (06:30Z) the same night.
    CHECK(next_text(at_0130, "2024-11-03T05:30:01Z", 0, new_york) == "2024-11-04T06:30:00Z");
    // Quarter-hourly: the repeated hour (01:00-01:59 EST) has no occurrences.
    CHECK(next_text(hourly(15), "2024-11-03T05:45:00Z", 0, new_york) == "2024-11-03T05:45:00Z");
    CHECK(next_text(hourly(15), "2024-11-03T05:45:01Z", 0, new_york) == "2024-11-03T07:00:00Z");
    CHECK(next_text(hourly(15), "2024-11-03T06:10:00Z", 0, new_york) == "2024-11-03T07:00:00Z");
  }

  TEST_CASE("Europe/Berlin: gap and overlap") {
    const Zone berlin = zone("Europe/Berlin");
    const Frequency at_0230 = daily(clock_time(2, 30));
    CHECK(next_text(at_0230, "2024-03-30T12:00:00Z", 0, berlin) == "2024-03-31T01:30:00Z");
    CHECK(next_text(at_0230, "2024-03-31T01:30:01Z", 0, berlin) == "2024-04-01T00:30:00Z");
    CHECK(next_text(at_0230, "2024-10-26T12:00:00Z", 0, berlin) == "2024-10-27T00:30:00Z");
    CHECK(next_text(at_0230, "2024-10-27T00:30:01Z", 0, berlin) == "2024-10-28T01:30:00Z");
    // Patch Tuesday 03:00 local is 02:00Z in winter and 01:00Z in summer.
    const Frequency patch_tuesday = monthly_by_week(2, date::Tuesday, clock_time(3, 0));
    CHECK(next_text(patch_tuesday, "2024-03-01T00:00:00Z", 0, berlin) == "2024-03-12T02:00:00Z");
    CHECK(next_text(patch_tuesday, "2024-04-01T00:00:00Z", 0, berlin) == "2024-04-09T01:00:00Z");
  }

  TEST_CASE("Australia/Lord_Howe: a 30-minute shift") {
    const Zone lord_howe = zone("Australia/Lord_Howe");
    // 2024-10-06: 02:00 (+10:30) jumps to 02:30 (+11); 02:15 moves to 02:45 +11 = 15:45Z.
    CHECK(next_text(daily(clock_time(2, 15)), "2024-10-05T00:00:00Z", 0, lord_howe) ==
          "2024-10-05T15:45:00Z");
    CHECK(next_text(daily(clock_time(2, 30)), "2024-10-05T00:00:00Z", 0, lord_howe) ==
          "2024-10-05T15:30:00Z");
    // 2024-04-07: 02:00 (+11) falls back to 01:30 (+10:30); 01:45 means the first (+11).
    CHECK(next_text(daily(clock_time(1, 45)), "2024-04-06T00:00:00Z", 0, lord_howe) ==
          "2024-04-06T14:45:00Z");
    CHECK(next_text(daily(clock_time(1, 45)), "2024-04-06T14:45:01Z", 0, lord_howe) ==
          "2024-04-07T15:15:00Z");
    CHECK(next_text(hourly(30), "2024-04-06T14:30:01Z", 0, lord_howe) == "2024-04-06T15:30:00Z");
  }

  TEST_CASE("Local and UTC conversions round-trip outside transitions") {
    const Zone berlin = zone("Europe/Berlin");
    const pw::Instant summer = at("2024-07-01T10:00:00Z");
    CHECK(berlin.to_utc(berlin.to_local(summer)) == summer);
    CHECK(berlin.to_local(summer) - date::local_days{date::year{2024} / 7 / 1} ==
          clock_time(12, 0));
    CHECK(Zone{}.to_utc(Zone{}.to_local(summer)) == summer);
  }
}
