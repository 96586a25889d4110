#include "schedule/checks.hpp"

#include "schedule_helpers.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace pw::schedule;
using namespace pw::schedule::test;

namespace {

const pw::SourceLocation k_at{"policies/a.yaml", 4, 14, 20};

pw::DiagnosticSink check(const WindowSpec& spec, const char* now) {
  pw::DiagnosticSink sink;
  check_schedule(spec, at(now), k_at, sink);
  return sink;
}

WindowSpec spec_of(Frequency frequency, const char* zone_name = "UTC") {
  WindowSpec spec;
  spec.frequency = frequency;
  spec.zone = zone(zone_name);
  return spec;
}

}  // namespace

TEST_SUITE("schedule::checks") {
  TEST_CASE("a policy that fires raises nothing") {
    CHECK(check(spec_of(daily(clock_time(7, 0))), "2024-01-01T00:00:00Z").diagnostics().empty());
    CHECK(check(spec_of(Frequency{}), "2024-01-01T00:00:00Z").diagnostics().empty());
    using namespace date::literals;
    CHECK(check(spec_of(once(2026_y / 1 / 1, clock_time(0, 0))), "2024-01-01T00:00:00Z")
              .diagnostics()
              .empty());
  }

  TEST_CASE("never-fires: a Once in the past") {
    using namespace date::literals;
    const auto sink =
        check(spec_of(once(2023_y / 5 / 1, clock_time(7, 0))), "2024-01-01T00:00:00Z");
    REQUIRE(sink.diagnostics().size() == 1);
    const pw::Diagnostic& diagnostic = sink.diagnostics()[0];
    CHECK(diagnostic.severity == pw::Severity::Warning);
    CHECK(diagnostic.rule == "never-fires");
    CHECK(diagnostic.location.line == 4);
    CHECK(diagnostic.message ==
          "this policy will never fire: its only occurrence is in the past (before "
          "2024-01-01T00:00:00Z)");
  }

  TEST_CASE("never-fires: a Once beyond five years") {
    using namespace date::literals;
    const auto sink =
        check(spec_of(once(2030_y / 5 / 1, clock_time(7, 0))), "2024-01-01T00:00:00Z");
    REQUIRE(sink.diagnostics().size() == 1);
    CHECK(sink.diagnostics()[0].message ==
          "this policy will not fire in the next 5 years: its next occurrence is "
          "2030-05-01T07:00:00Z");
  }

  TEST_CASE("never-fires: every occurrence inside blackouts") {
    WindowSpec spec = spec_of(weekly(date::Wednesday, clock_time(7, 0)));
    spec.blackouts = {{at("2023-12-01T00:00:00Z"), at("2027-01-01T00:00:00Z")},
                      {at("2027-01-01T00:00:00Z"), at("2031-01-01T00:00:00Z")}};
    const auto sink = check(spec, "2024-01-01T00:00:00Z");
    REQUIRE(sink.diagnostics().size() == 1);
    CHECK(sink.diagnostics()[0].rule == "never-fires");
    CHECK(sink.diagnostics()[0].message ==
          "this policy will not fire in the next 5 years: every occurrence from "
          "2024-01-03T07:00:00Z falls inside a blackout");
    spec.blackouts.pop_back();
    CHECK(check(spec, "2024-01-01T00:00:00Z").diagnostics().empty());
  }

  TEST_CASE("dst-shift: a moved window in New York names the date") {
    const auto sink =
        check(spec_of(daily(clock_time(2, 30)), "America/New_York"), "2024-01-01T00:00:00Z");
    REQUIRE(sink.diagnostics().size() == 1);
    CHECK(sink.diagnostics()[0].rule == "dst-shift");
    CHECK(sink.diagnostics()[0].severity == pw::Severity::Warning);
    CHECK(
        sink.diagnostics()[0].message ==
        "on 2024-03-10 clocks in America/New_York spring forward 60 minutes from 02:00 to 03:00: "
        "the window at 02:30 local time does not exist and moves to 03:30 (2024-03-10T07:30:00Z)");
  }

  TEST_CASE("dst-shift: a repeated window time in New York") {
    const auto sink =
        check(spec_of(daily(clock_time(1, 30)), "America/New_York"), "2024-06-01T00:00:00Z");
    REQUIRE(sink.diagnostics().size() == 1);
    CHECK(sink.diagnostics()[0].message ==
          "on 2024-11-03 clocks in America/New_York fall back 60 minutes from 02:00 to 01:00: the "
          "window at 01:30 local time occurs twice; it opens at the first (2024-11-03T05:30:00Z)");
  }

  TEST_CASE("dst-shift: only changes that touch a window, within 12 months") {
    // Weekly Wednesday: DST changes happen on Sundays in Berlin.
    CHECK(check(spec_of(weekly(date::Wednesday, clock_time(2, 30)), "Europe/Berlin"),
                "2024-01-01T00:00:00Z")
              .diagnostics()
              .empty());
    // Hourly touches both changes of the year.
    const auto sink = check(spec_of(hourly(30), "Europe/Berlin"), "2024-01-01T00:00:00Z");
    REQUIRE(sink.diagnostics().size() == 2);
    CHECK(sink.diagnostics()[0].message.find("on 2024-03-31") == 0);
    CHECK(sink.diagnostics()[0].message.find("2 windows from 02:00 local time do not exist") !=
          std::string::npos);
    CHECK(sink.diagnostics()[1].message.find("on 2024-10-27") == 0);
    CHECK(sink.diagnostics()[1].message.find("2 windows from 02:00 local time occur twice") !=
          std::string::npos);
    // UTC has no changes at all.
    CHECK(check(spec_of(hourly(30)), "2024-01-01T00:00:00Z").diagnostics().empty());
  }

  TEST_CASE("dst-shift: Lord Howe's 30-minute change") {
    const auto sink =
        check(spec_of(daily(clock_time(2, 15)), "Australia/Lord_Howe"), "2024-06-01T00:00:00Z");
    REQUIRE(sink.diagnostics().size() == 1);
    CHECK(sink.diagnostics()[0].message ==
          "on 2024-10-06 clocks in Australia/Lord_Howe spring forward 30 minutes from 02:00 to "
          "02:30: the window at 02:15 local time does not exist and moves to 02:45 "
          "(2024-10-05T15:45:00Z)");
  }
}
