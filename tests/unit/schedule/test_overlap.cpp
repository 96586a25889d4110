#include "schedule/overlap.hpp"

#include "schedule_helpers.hpp"

#include <doctest/doctest.h>

using namespace pw;
using namespace pw::schedule;
using namespace pw::schedule::test;

namespace {

WindowSpec spec_of(Frequency frequency, int duration_minutes) {
  WindowSpec spec;
  spec.frequency = frequency;
  spec.zone = zone("UTC");
  spec.duration = Minutes{duration_minutes};
  return spec;
}

std::vector<Overlap> overlaps(const std::vector<WindowSpec>& specs,
                              const char* from = "2026-06-01T00:00:00Z") {
  std::vector<const WindowSpec*> pointers;
  for (const WindowSpec& spec : specs) pointers.push_back(&spec);
  const Instant start = at(from);
  return find_overlaps(pointers, start, start + std::chrono::days{365});
}

}  // namespace

TEST_SUITE("schedule::find_overlaps") {
  TEST_CASE("a nightly window running into a Saturday night window, first on the first Saturday") {
    const auto found = overlaps({spec_of(weekly(date::Saturday, clock_time(22, 0)), 480),
                                 spec_of(daily(clock_time(23, 0)), 120)});
    REQUIRE(found.size() == 1);
    CHECK(found[0] == Overlap{0, 1, at("2026-06-06T23:00:00Z")});
  }

  TEST_CASE("windows that only touch do not overlap") {
    CHECK(overlaps({spec_of(weekly(date::Saturday, clock_time(22, 0)), 480),
                    spec_of(weekly(date::Sunday, clock_time(6, 0)), 120)})
              .empty());
    CHECK(overlaps({spec_of(daily(clock_time(1, 0)), 60), spec_of(daily(clock_time(2, 0)), 60)})
              .empty());
  }

  TEST_CASE("identical windows overlap from their first start") {
    const auto found =
        overlaps({spec_of(daily(clock_time(3, 0)), 60), spec_of(daily(clock_time(3, 0)), 60)},
                 "2026-06-01T04:00:00Z");
    REQUIRE(found.size() == 1);
    CHECK(found[0].at == at("2026-06-02T03:00:00Z"));
  }

  TEST_CASE("a window without an end counts as open for a day, or until its next start") {
    // Monthly 20:00 without an end: open until 20:00 the next day, so 19:00 the next day overlaps.
    const auto found = overlaps(
        {spec_of(monthly(10, clock_time(20, 0)), 0), spec_of(monthly(11, clock_time(19, 0)), 60)});
    REQUIRE(found.size() == 1);
    CHECK(found[0].at == at("2026-06-11T19:00:00Z"));
    CHECK(overlaps({spec_of(monthly(10, clock_time(20, 0)), 0),
                    spec_of(monthly(11, clock_time(21, 0)), 60)})
              .empty());
    // Hourly without an end: each window ends when the next begins, so it overlaps only what
    // starts inside an hour.
    CHECK(overlaps({spec_of(hourly(60), 0), spec_of(daily(clock_time(5, 30)), 10)}).size() == 1);
  }

  TEST_CASE("a window outside the next 12 months is not looked at") {
    const auto once_a = spec_of(once(date::year{2027} / 7 / 1, clock_time(3, 0)), 60);
    const auto once_b = spec_of(once(date::year{2027} / 7 / 1, clock_time(3, 30)), 60);
    CHECK(overlaps({once_a, once_b}).empty());
    CHECK(overlaps({once_a, once_b}, "2027-01-01T00:00:00Z").size() == 1);
  }

  TEST_CASE("each overlapping pair once, ordered by index") {
    const auto found = overlaps({spec_of(daily(clock_time(10, 0)), 60),
                                 spec_of(weekly(date::Monday, clock_time(12, 0)), 60),
                                 spec_of(daily(clock_time(10, 30)), 60),
                                 spec_of(weekly(date::Monday, clock_time(12, 30)), 60)});
    REQUIRE(found.size() == 2);
    CHECK(found[0] == Overlap{0, 2, at("2026-06-01T10:30:00Z")});
    CHECK(found[1] == Overlap{1, 3, at("2026-06-01T12:30:00Z")});
  }
}
