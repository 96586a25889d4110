#include "core/clock.hpp"
#include "core/diagnostic.hpp"
#include "core/suggest.hpp"
#include "core/time.hpp"

#include <doctest/doctest.h>

#include <array>
#include <string_view>

using namespace pw;
using namespace std::chrono_literals;

TEST_SUITE("core::time") {
  TEST_CASE("RFC 3339 instants round-trip through format_utc") {
    const auto instant = parse_rfc3339("2024-02-29T07:05:09Z");
    REQUIRE(instant);
    CHECK(format_utc(*instant) == "2024-02-29T07:05:09Z");
  }

  TEST_CASE("offsets and fractions are honoured") {
    CHECK(format_utc(*parse_rfc3339("2024-01-01T01:30:00+02:00")) == "2023-12-31T23:30:00Z");
    CHECK(format_utc(*parse_rfc3339("2024-01-01T00:00:00.999-01:00")) == "2024-01-01T01:00:00Z");
  }

  TEST_CASE("invalid instants are rejected") {
    CHECK_FALSE(parse_rfc3339("2023-02-29T00:00:00Z"));
    CHECK_FALSE(parse_rfc3339("2024-01-01T24:00:00Z"));
    CHECK_FALSE(parse_rfc3339("2024-01-01T00:00:00"));
    CHECK_FALSE(parse_rfc3339("2024-01-01"));
    CHECK_FALSE(parse_rfc3339("2024-01-01T00:00:00Zjunk"));
    CHECK_FALSE(parse_rfc3339(""));
  }
}

TEST_SUITE("core::Clock") {
  TEST_CASE("a virtual clock jumps to the deadline and honours an interrupt once") {
    VirtualClock clock{*parse_rfc3339("2024-01-01T00:00:00Z")};
    CHECK(clock.sleep_until(clock.now() + 90s));
    CHECK(format_utc(clock.now()) == "2024-01-01T00:01:30Z");
    clock.interrupt();
    CHECK_FALSE(clock.sleep_until(clock.now() + 1h));
    CHECK(format_utc(clock.now()) == "2024-01-01T00:01:30Z");
  }
}

TEST_SUITE("core::suggest") {
  TEST_CASE("a close candidate is suggested, a far one is not") {
    constexpr std::array<std::string_view, 3> keys{"WUFrequency", "WUQuery", "TimeZone"};
    CHECK(closest_match("WUFrequncy", keys) == "WUFrequency");
    CHECK(closest_match("timezone", keys) == "TimeZone");
    CHECK_FALSE(closest_match("Banana", keys));
    CHECK(join_alternatives(keys) == "WUFrequency, WUQuery or TimeZone");
  }

  TEST_CASE("the sink counts errors and warnings in the order they came") {
    DiagnosticSink sink;
    sink.warning({"b.yaml", 3, 1, 1}, "w", "second");
    sink.error({"a.yaml", 9, 2, 1}, "e", "first");
    CHECK(sink.error_count() == 1);
    CHECK(sink.warning_count() == 1);
    CHECK(sink.has_errors());
    CHECK(sink.diagnostics().front().location.file == "b.yaml");
  }
}
