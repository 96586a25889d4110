#include "schedule/window.hpp"

#include "schedule_helpers.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace pw::schedule;
using namespace pw::schedule::test;

namespace {

// "start/end" (end "-" when open) of the first `count` windows from `from`.
std::vector<std::string> windows_text(const WindowSpec& spec, const char* from, int count) {
  WindowIterator windows{spec, at(from)};
  std::vector<std::string> texts;
  for (int i = 0; i < count; ++i) {
    const auto window = windows.next();
    if (!window) break;
    texts.push_back(pw::format_utc(window->start) + "/" +
                    (window->end ? pw::format_utc(*window->end) : std::string("-")));
  }
  return texts;
}

WindowSpec daily_spec(int duration_minutes, std::vector<Interval> blackouts = {}) {
  WindowSpec spec;
  spec.frequency = daily(clock_time(7, 0));
  spec.duration = pw::Minutes{duration_minutes};
  spec.blackouts = std::move(blackouts);
  return spec;
}

}  // namespace

TEST_SUITE("schedule::WindowIterator") {
  TEST_CASE("windows are half-open intervals of the duration, in order") {
    const auto texts = windows_text(daily_spec(120), "2024-01-01T07:00:00Z", 3);
    CHECK(texts == std::vector<std::string>{"2024-01-01T07:00:00Z/2024-01-01T09:00:00Z",
                                            "2024-01-02T07:00:00Z/2024-01-02T09:00:00Z",
                                            "2024-01-03T07:00:00Z/2024-01-03T09:00:00Z"});
  }

  TEST_CASE("a zero duration has no end") {
    const auto texts = windows_text(daily_spec(0), "2024-01-01T07:00:01Z", 2);
    CHECK(texts == std::vector<std::string>{"2024-01-02T07:00:00Z/-", "2024-01-03T07:00:00Z/-"});
  }

  TEST_CASE("no window starts inside a blackout; one starting at its end is kept") {
    const auto spec = daily_spec(60, {{at("2024-01-02T00:00:00Z"), at("2024-01-04T07:00:00Z")}});
    const auto texts = windows_text(spec, "2024-01-01T00:00:00Z", 3);
    CHECK(texts == std::vector<std::string>{"2024-01-01T07:00:00Z/2024-01-01T08:00:00Z",
                                            "2024-01-04T07:00:00Z/2024-01-04T08:00:00Z",
                                            "2024-01-05T07:00:00Z/2024-01-05T08:00:00Z"});
  }

  TEST_CASE("a blackout starting at the window start skips it") {
    const auto spec = daily_spec(60, {{at("2024-01-01T07:00:00Z"), at("2024-01-01T07:00:01Z")}});
    CHECK(windows_text(spec, "2024-01-01T00:00:00Z", 1) ==
          std::vector<std::string>{"2024-01-02T07:00:00Z/2024-01-02T08:00:00Z"});
  }

  TEST_CASE("a window running into a blackout ends at its start") {
    const auto spec = daily_spec(120, {{at("2024-01-01T08:30:00Z"), at("2024-01-01T12:00:00Z")}});
    CHECK(windows_text(spec, "2024-01-01T00:00:00Z", 2) ==
          std::vector<std::string>{"2024-01-01T07:00:00Z/2024-01-01T08:30:00Z",
                                   "2024-01-02T07:00:00Z/2024-01-02T09:00:00Z"});
    // An open window ends at the next blackout, however far.
    const auto open = daily_spec(0, {{at("2024-03-01T00:00:00Z"), at("2024-03-02T00:00:00Z")}});
    CHECK(windows_text(open, "2024-02-29T00:00:00Z", 2) ==
          std::vector<std::string>{"2024-02-29T07:00:00Z/2024-03-01T00:00:00Z",
                                   "2024-03-02T07:00:00Z/-"});
  }

  TEST_CASE("blackouts in any order, overlapping or touching, are merged") {
    const auto merged =
        normalize_blackouts({{at("2024-01-05T00:00:00Z"), at("2024-01-06T00:00:00Z")},
                             {at("2024-01-01T00:00:00Z"), at("2024-01-03T00:00:00Z")},
                             {at("2024-01-02T00:00:00Z"), at("2024-01-05T00:00:00Z")},
                             {at("2024-02-01T00:00:00Z"), at("2024-02-01T00:00:00Z")}});
    REQUIRE(merged.size() == 1);
    CHECK(merged[0] == Interval{at("2024-01-01T00:00:00Z"), at("2024-01-06T00:00:00Z")});
    const auto spec = daily_spec(60, {{at("2024-01-05T00:00:00Z"), at("2024-01-06T00:00:00Z")},
                                      {at("2024-01-01T00:00:00Z"), at("2024-01-05T00:00:00Z")}});
    CHECK(windows_text(spec, "2023-12-31T08:00:00Z", 1) ==
          std::vector<std::string>{"2024-01-06T07:00:00Z/2024-01-06T08:00:00Z"});
  }

  TEST_CASE("a Once yields one window, then the iterator ends") {
    using namespace date::literals;
    WindowSpec spec;
    spec.frequency = once(2024_y / 6 / 1, clock_time(1, 0));
    spec.duration = pw::Minutes{30};
    WindowIterator windows{spec, at("2024-01-01T00:00:00Z")};
    const auto first = windows.next();
    REQUIRE(first.has_value());
    CHECK(*first == Window{at("2024-06-01T01:00:00Z"), at("2024-06-01T01:30:00Z")});
    CHECK_FALSE(windows.next().has_value());
    CHECK_FALSE(windows.next().has_value());
  }

  TEST_CASE("windows in a zone follow its wall clock across a DST change") {
    WindowSpec spec;
    spec.frequency = daily(clock_time(2, 30));
    spec.zone = zone("America/New_York");
    spec.duration = pw::Minutes{60};
    CHECK(windows_text(spec, "2024-03-09T00:00:00Z", 3) ==
          std::vector<std::string>{"2024-03-09T07:30:00Z/2024-03-09T08:30:00Z",
                                   "2024-03-10T07:30:00Z/2024-03-10T08:30:00Z",
                                   "2024-03-11T06:30:00Z/2024-03-11T07:30:00Z"});
  }

  TEST_CASE("a gap's moved Hourly occurrences are not repeated") {
    WindowSpec spec;
    spec.frequency = hourly(30);
    spec.zone = zone("America/New_York");
    // 02:00 and 02:30 do not exist on 2024-03-10: they move to 03:00 and 03:30 EDT, which are
    // occurrences anyway; each instant is yielded once.
    CHECK(windows_text(spec, "2024-03-10T06:30:00Z", 4) ==
          std::vector<std::string>{"2024-03-10T06:30:00Z/-", "2024-03-10T07:00:00Z/-",
                                   "2024-03-10T07:30:00Z/-", "2024-03-10T08:00:00Z/-"});
  }
}
