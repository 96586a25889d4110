#include "daemon/window_plan.hpp"

#include <doctest/doctest.h>

using namespace pw;
using namespace pw::daemon;

namespace {

Instant at(const char* text) {
  return *parse_rfc3339(text);
}

// Daily at 22:00 UTC, `minutes` long (0: no end).
schedule::WindowSpec daily(int minutes) {
  schedule::WindowSpec spec;
  spec.frequency = *schedule::parse_frequency("Daily, 22:00").frequency;
  spec.duration = Minutes{minutes};
  return spec;
}

}  // namespace

TEST_SUITE("daemon::plan_windows") {
  TEST_CASE("a fresh policy sleeps until its first window") {
    const Instant now = at("2026-12-05T12:00:00Z");
    const WindowPlan plan = plan_windows(daily(120), std::nullopt, now, now);
    CHECK(plan.missed.empty());
    CHECK_FALSE(plan.start_now);
    REQUIRE(plan.next);
    CHECK(plan.next->start == at("2026-12-05T22:00:00Z"));
    CHECK(plan.next->end == at("2026-12-06T00:00:00Z"));
  }

  TEST_CASE("a window already open when the policy is first seen starts at once") {
    const Instant now = at("2026-12-05T22:30:00Z");
    const WindowPlan plan = plan_windows(daily(120), std::nullopt, now, now);
    REQUIRE(plan.start_now);
    CHECK(plan.start_now->start == at("2026-12-05T22:00:00Z"));
    CHECK(plan.missed.empty());
  }

  TEST_CASE("an open-ended window begun less than an hour before the first sighting starts") {
    // A daemon killed before it stored when it first saw the policy: the next one sees it first
    // three minutes into the window.
    const Instant now = at("2026-12-05T22:03:00Z");
    const WindowPlan plan = plan_windows(daily(0), std::nullopt, now, now);
    REQUIRE(plan.start_now);
    CHECK(plan.start_now->start == at("2026-12-05T22:00:00Z"));
    // Added at noon: yesterday's open-ended window does not start, the policy waits for 22:00.
    const Instant noon = at("2026-12-05T12:00:00Z");
    const WindowPlan later = plan_windows(daily(0), std::nullopt, noon, noon);
    CHECK_FALSE(later.start_now);
    CHECK(later.missed.empty());
    REQUIRE(later.next);
    CHECK(later.next->start == at("2026-12-05T22:00:00Z"));
  }

  TEST_CASE("a window that opened after the first sighting is caught up on") {
    const WindowPlan plan = plan_windows(daily(0), std::nullopt, at("2026-12-05T21:59:00Z"),
                                         at("2026-12-05T22:10:00Z"));
    REQUIRE(plan.start_now);
    CHECK(plan.start_now->start == at("2026-12-05T22:00:00Z"));
  }

  TEST_CASE("windows that closed while down are missed; the open one starts") {
    const WindowPlan plan = plan_windows(daily(120), at("2026-12-05T22:00:00Z"),
                                         at("2026-12-01T00:00:00Z"), at("2026-12-08T23:00:00Z"));
    REQUIRE(plan.missed.size() == 2);
    CHECK(plan.missed[0].start == at("2026-12-06T22:00:00Z"));
    CHECK(plan.missed[1].start == at("2026-12-07T22:00:00Z"));
    REQUIRE(plan.start_now);
    CHECK(plan.start_now->start == at("2026-12-08T22:00:00Z"));
    CHECK(plan.next->start == at("2026-12-09T22:00:00Z"));
  }

  TEST_CASE("a window that closed just before the restart is missed, not started") {
    const WindowPlan plan = plan_windows(daily(120), at("2026-12-05T22:00:00Z"),
                                         at("2026-12-01T00:00:00Z"), at("2026-12-07T00:00:00Z"));
    REQUIRE(plan.missed.size() == 1);
    CHECK(plan.missed[0].start == at("2026-12-06T22:00:00Z"));
    CHECK_FALSE(plan.start_now);
  }

  TEST_CASE("an open-ended window is overtaken by the next one") {
    const WindowPlan plan = plan_windows(daily(0), at("2026-12-05T22:00:00Z"),
                                         at("2026-12-01T00:00:00Z"), at("2026-12-07T23:00:00Z"));
    REQUIRE(plan.missed.size() == 1);
    CHECK(plan.missed[0].start == at("2026-12-06T22:00:00Z"));
    REQUIRE(plan.start_now);
    CHECK(plan.start_now->start == at("2026-12-07T22:00:00Z"));
  }

  TEST_CASE("the number of missed windows returned is bounded, newest kept") {
    schedule::WindowSpec spec;
    spec.frequency = *schedule::parse_frequency("Hourly, 1").frequency;
    spec.duration = Minutes{1};
    const WindowPlan plan =
        plan_windows(spec, at("2026-01-01T00:00:00Z"), at("2026-01-01T00:00:00Z"),
                     at("2026-01-02T00:00:30Z"), 10);
    CHECK(plan.missed.size() == 10);
    CHECK(plan.missed.back().start == at("2026-01-01T23:59:00Z"));
    REQUIRE(plan.start_now);
    CHECK(plan.start_now->start == at("2026-01-02T00:00:00Z"));
  }

  TEST_CASE("a frequency of None has nothing to plan") {
    schedule::WindowSpec spec;
    const WindowPlan plan =
        plan_windows(spec, std::nullopt, at("2026-01-01T00:00:00Z"), at("2026-01-01T00:00:00Z"));
    CHECK(plan.missed.empty());
    CHECK_FALSE(plan.start_now);
    CHECK_FALSE(plan.next);
  }
}
