#include "schedule/merge.hpp"

#include "schedule_helpers.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace pw::schedule;
using namespace pw::schedule::test;

namespace {

WindowSpec spec_of(Frequency frequency) {
  WindowSpec spec;
  spec.frequency = frequency;
  return spec;
}

// "source@start" for every window of the merge.
std::vector<std::string> drain(WindowMerge& merge) {
  std::vector<std::string> texts;
  while (const auto next = merge.next()) {
    texts.push_back(std::to_string(next->source) + "@" + pw::format_utc(next->window.start));
  }
  return texts;
}

}  // namespace

TEST_SUITE("schedule::WindowMerge") {
  TEST_CASE("windows of many specs come in start order, each spec limited to its count") {
    const std::vector<WindowSpec> specs{spec_of(daily(clock_time(12, 0))), spec_of(hourly(360)),
                                        spec_of(weekly(date::Wednesday, clock_time(0, 0)))};
    WindowMerge merge{specs, MergeLimits{at("2024-01-02T00:00:00Z"), std::nullopt, 3}};
    CHECK(drain(merge) ==
          std::vector<std::string>{
              "1@2024-01-02T00:00:00Z", "1@2024-01-02T06:00:00Z", "0@2024-01-02T12:00:00Z",
              "1@2024-01-02T12:00:00Z", "2@2024-01-03T00:00:00Z", "0@2024-01-03T12:00:00Z",
              "0@2024-01-04T12:00:00Z", "2@2024-01-10T00:00:00Z", "2@2024-01-17T00:00:00Z"});
  }

  TEST_CASE("until cuts each spec at windows starting before it") {
    const std::vector<WindowSpec> specs{spec_of(daily(clock_time(12, 0))), spec_of(Frequency{})};
    WindowMerge merge{specs,
                      MergeLimits{at("2024-01-01T00:00:00Z"), at("2024-01-03T12:00:00Z"), 10}};
    CHECK(drain(merge) ==
          std::vector<std::string>{"0@2024-01-01T12:00:00Z", "0@2024-01-02T12:00:00Z"});
  }

  TEST_CASE("a count of zero and no specs yield nothing") {
    const std::vector<WindowSpec> specs{spec_of(daily(clock_time(12, 0)))};
    WindowMerge none{specs, MergeLimits{at("2024-01-01T00:00:00Z"), std::nullopt, 0}};
    CHECK_FALSE(none.next().has_value());
    const std::vector<WindowSpec> empty;
    WindowMerge nothing{empty, MergeLimits{at("2024-01-01T00:00:00Z"), std::nullopt, 5}};
    CHECK_FALSE(nothing.next().has_value());
  }
}
