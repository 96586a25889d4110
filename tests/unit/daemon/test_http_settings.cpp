#include "daemon/http_api.hpp"
#include "daemon/time_base.hpp"

#include <doctest/doctest.h>

using namespace pw;
using namespace pw::daemon;

TEST_SUITE("daemon::parse_listen") {
  TEST_CASE("host and port are split at the last colon") {
    auto settings = parse_listen("127.0.0.1:8754");
    REQUIRE(settings.ok());
    CHECK(settings->host == "127.0.0.1");
    CHECK(settings->port == 8754);
    CHECK(parse_listen("localhost:0")->port == 0);
    auto ipv6 = parse_listen("[::1]:8754");
    REQUIRE(ipv6.ok());
    CHECK(ipv6->host == "::1");
    CHECK(listen_address(ipv6->host, 8754) == "[::1]:8754");
    CHECK(listen_address("127.0.0.1", 0) == "127.0.0.1:0");
    CHECK(is_loopback("127.0.0.1"));
    CHECK(is_loopback("::1"));
    CHECK_FALSE(is_loopback("0.0.0.0"));
    CHECK_FALSE(is_loopback("::"));
  }

  TEST_CASE("anything else is a usage error with the expected form") {
    CHECK(parse_listen("8754").error() ==
          "--listen: expected HOST:PORT, e.g. 127.0.0.1:8754 or [::1]:8754, got '8754'");
    CHECK(parse_listen("::1:8754").error().find("expected HOST:PORT") != std::string::npos);
    CHECK_FALSE(parse_listen("[::1]8754").ok());
    CHECK_FALSE(parse_listen("[]:8754").ok());
    CHECK(parse_listen("127.0.0.1:http").error() ==
          "--listen: 'http' is not a port number (0..65535)");
    CHECK_FALSE(parse_listen("127.0.0.1:65536").ok());
    CHECK_FALSE(parse_listen("127.0.0.1:").ok());
  }
}

TEST_SUITE("daemon::TimeBase") {
  TEST_CASE("virtual time starts at its origin and an interrupted sleep returns false") {
    const Instant origin = *parse_rfc3339("2026-12-05T21:55:00Z");
    const TimeBase time(1000.0, origin);
    CHECK(time.now() >= origin);
    CHECK(time.now() < origin + Seconds{60});
    ClockView view(time);
    view.interrupt();
    CHECK_FALSE(view.sleep_until(origin + std::chrono::days{1}));
    // A deadline already passed returns at once.
    CHECK(view.sleep_until(origin));
  }

  TEST_CASE("the real deadline of a far instant is capped, not overflowing") {
    const TimeBase time(1.0, std::nullopt);
    const auto far = time.real_deadline(time.now() + std::chrono::days{365 * 1000});
    CHECK(far > std::chrono::steady_clock::now());
  }
}
