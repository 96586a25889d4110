#include "schedule/preview_format.hpp"

#include "schedule_helpers.hpp"

#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

using namespace pw::schedule;
using namespace pw::schedule::test;

namespace {

struct Fixture {
  std::vector<WindowSpec> specs;
  std::vector<std::optional<PreviewSource>> names;
};

Fixture two_policies() {
  WindowSpec weekly_spec;
  weekly_spec.frequency = weekly(date::Wednesday, clock_time(7, 0));
  weekly_spec.duration = pw::Minutes{90};
  WindowSpec daily_spec;
  daily_spec.frequency = daily(clock_time(23, 0));
  return Fixture{{weekly_spec, daily_spec},
                 {PreviewSource{"web", "prod"}, PreviewSource{"db", "prod, east"}}};
}

std::string render(const Fixture& fixture, PreviewFormat format, int count,
                   std::optional<Zone> local = std::nullopt) {
  const pw::Instant from = at("2024-01-02T22:00:00Z");
  WindowMerge merge{fixture.specs, MergeLimits{from, std::nullopt, count}};
  std::ostringstream out;
  write_preview(merge, fixture.names, PreviewOptions{format, from, local}, out);
  return out.str();
}

}  // namespace

TEST_SUITE("schedule::preview_format") {
  TEST_CASE("json lists windows in start order with null ends, as DESIGN.md §8") {
    CHECK(
        render(two_policies(), PreviewFormat::Json, 1) ==
        "{\"windows\":[{\"policy\":\"db\",\"cluster\":\"prod, "
        "east\",\"start\":\"2024-01-02T23:00:00Z\","
        "\"end\":null},{\"policy\":\"web\",\"cluster\":\"prod\",\"start\":\"2024-01-03T07:00:00Z\","
        "\"end\":\"2024-01-03T08:30:00Z\"}]}\n");
  }

  TEST_CASE("json of a bare frequency has null policy and cluster; no windows is an empty list") {
    Fixture fixture{{WindowSpec{}}, {std::nullopt}};
    fixture.specs[0].frequency = daily(clock_time(0, 0));
    CHECK(render(fixture, PreviewFormat::Json, 1) ==
          "{\"windows\":[{\"policy\":null,\"cluster\":null,\"start\":\"2024-01-03T00:00:00Z\","
          "\"end\":null}]}\n");
    CHECK(render(fixture, PreviewFormat::Json, 0) == "{\"windows\":[]}\n");
  }

  TEST_CASE("ics is RFC 5545 with CRLF, stable UIDs, DTEND only for windows with an end") {
    const std::string ics = render(two_policies(), PreviewFormat::Ics, 1);
    CHECK(ics ==
          "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//patchwarden//preview 0.1.0//EN\r\n"
          "CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n"
          "BEGIN:VEVENT\r\nUID:db-20240102T230000Z@patchwarden\r\nDTSTAMP:20240102T220000Z\r\n"
          "DTSTART:20240102T230000Z\r\nSUMMARY:Patch window: db (cluster prod\\, east)\r\n"
          "END:VEVENT\r\n"
          "BEGIN:VEVENT\r\nUID:web-20240103T070000Z@patchwarden\r\nDTSTAMP:20240102T220000Z\r\n"
          "DTSTART:20240103T070000Z\r\nDTEND:20240103T083000Z\r\n"
          "SUMMARY:Patch window: web (cluster prod)\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
  }

  TEST_CASE("ics lines longer than 75 octets are folded") {
    std::string out;
    append_ics_line(out, "SUMMARY:" + std::string(100, 'x'));
    CHECK(out == "SUMMARY:" + std::string(67, 'x') + "\r\n " + std::string(33, 'x') + "\r\n");
    CHECK(ics_escape("a;b,c\\d\ne") == "a\\;b\\,c\\\\d\\ne");
  }

  TEST_CASE("the table aligns columns and shows the time until each window") {
    CHECK(render(two_policies(), PreviewFormat::Table, 2) ==
          "START (UTC)           END (UTC)             IN        POLICY  CLUSTER\n"
          "2024-01-02T23:00:00Z  -                     1h 0m     db      prod, east\n"
          "2024-01-03T07:00:00Z  2024-01-03T08:30:00Z  9h 0m     web     prod\n"
          "2024-01-03T23:00:00Z  -                     1d 1h 0m  db      prod, east\n"
          "2024-01-10T07:00:00Z  2024-01-10T08:30:00Z  7d 9h 0m  web     prod\n");
  }

  TEST_CASE("the table shows local start times with a zone, and says when there is nothing") {
    Fixture fixture{{WindowSpec{}}, {std::nullopt}};
    fixture.specs[0].frequency = daily(clock_time(7, 0));
    CHECK(render(fixture, PreviewFormat::Table, 1, zone("Europe/Berlin")) ==
          "START (UTC)           END (UTC)  START (Europe/Berlin)    IN\n"
          "2024-01-03T07:00:00Z  -          2024-01-03 08:00:00 CET  9h 0m\n");
    CHECK(render(fixture, PreviewFormat::Table, 0) == "no windows from 2024-01-02T22:00:00Z\n");
  }

  TEST_CASE("durations read naturally") {
    CHECK(format_duration(pw::Seconds{0}) == "now");
    CHECK(format_duration(pw::Seconds{45}) == "45s");
    CHECK(format_duration(pw::Seconds{90}) == "1m 30s");
    CHECK(format_duration(pw::Seconds{86400}) == "1d 0h 0m");
    CHECK(format_duration(pw::Seconds{3 * 86400 + 3600 + 61}) == "3d 1h 1m 1s");
  }

  TEST_CASE("json strings are escaped") {
    std::string out;
    append_json_string(out, "a\"b\\c\n");
    CHECK(out == "\"a\\\"b\\\\c\\u000a\"");
  }
}
