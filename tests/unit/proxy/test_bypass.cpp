#include "proxy/bypass.hpp"

#include <doctest/doctest.h>

#include <string>

using pw::proxy::BypassEntry;
using pw::proxy::BypassList;
using pw::proxy::parse_bypass;

namespace {

BypassList parse_ok(std::string_view text) {
  const pw::proxy::BypassParse parse = parse_bypass(text);
  INFO("bypass: ", std::string(text));
  REQUIRE(parse.issues.empty());
  REQUIRE(parse.list.has_value());
  return *parse.list;
}

void check_issue(std::string_view text, std::size_t offset, std::size_t length,
                 const std::string& rule, const std::string& message,
                 pw::Severity severity = pw::Severity::Error) {
  const pw::proxy::BypassParse parse = parse_bypass(text);
  INFO("bypass: ", std::string(text));
  CHECK(parse.list.has_value() == (severity == pw::Severity::Warning));
  REQUIRE(parse.issues.size() == 1);
  CHECK(parse.issues[0].offset == offset);
  CHECK(parse.issues[0].length == length);
  CHECK(parse.issues[0].rule == rule);
  CHECK(parse.issues[0].message == message);
  CHECK(parse.issues[0].severity == severity);
}

}  // namespace

TEST_SUITE("proxy::BypassList") {
  TEST_CASE("entries are separated by semicolons or blanks and empty ones are ignored") {
    const BypassList list = parse_ok(" <local>;;*.fabrikam.com  contoso-fs.corp.contoso.com;\t");
    REQUIRE(list.entries().size() == 3);
    CHECK(list.entries()[0].kind == BypassEntry::Kind::Local);
    CHECK(list.entries()[0].offset == 1);
    CHECK(list.entries()[1].kind == BypassEntry::Kind::Wildcard);
    CHECK(list.entries()[1].text == "*.fabrikam.com");
    CHECK(list.entries()[1].offset == 10);
    CHECK(list.entries()[2].kind == BypassEntry::Kind::Exact);
    CHECK(list.entries()[2].text == "contoso-fs.corp.contoso.com");
    CHECK(list.entries()[2].offset == 26);
    CHECK(parse_ok("").entries().empty());
    CHECK(parse_ok(" ; ;").entries().empty());
    CHECK(parse_ok("<LOCAL>").entries()[0].kind == BypassEntry::Kind::Local);
  }

  TEST_CASE("the CAU case: <local> alone sends the access point's FQDN to the proxy") {
    const BypassList list = parse_ok("<local>");
    const pw::proxy::Decision short_name = list.decide("Test-FS");
    CHECK(short_name.direct);
    CHECK(short_name.entry == std::optional<std::size_t>{0});
    const pw::proxy::Decision fqdn = list.decide("Test-FS.fabrikam.com");
    CHECK_FALSE(fqdn.direct);
    CHECK_FALSE(fqdn.entry.has_value());
    CHECK(pw::proxy::suggested_entry("Test-FS.fabrikam.com") == "*.fabrikam.com");
    const BypassList fixed = parse_ok("<local>;*.fabrikam.com");
    CHECK(fixed.decide("Test-FS.fabrikam.com").direct);
    CHECK(fixed.decide("Test-FS.fabrikam.com").entry == std::optional<std::size_t>{1});
  }

  TEST_CASE("matching is case-insensitive on the literal host and the first entry decides") {
    const BypassList list =
        parse_ok("*.Fabrikam.COM;node1.fabrikam.com;exact.contoso.com;*contoso.net");
    CHECK(list.decide("NODE1.fabrikam.com").entry == std::optional<std::size_t>{0});
    CHECK(list.decide("a.b.fabrikam.com").direct);
    CHECK_FALSE(list.decide("fabrikam.com").direct);  // "*." needs a label before the suffix
    CHECK_FALSE(list.decide("notfabrikam.com").direct);
    CHECK(list.decide("EXACT.contoso.com").entry == std::optional<std::size_t>{2});
    CHECK_FALSE(list.decide("other.contoso.com").direct);
    CHECK_FALSE(list.decide("exact.contoso.com.evil.net").direct);
    CHECK(list.decide("contoso.net").entry == std::optional<std::size_t>{3});  // '*' may be empty
    CHECK(list.decide("www.contoso.net").direct);
    CHECK_FALSE(list.decide("Test-FS").direct);  // no <local>
    CHECK_FALSE(list.decide("").direct);
    CHECK_FALSE(BypassList{}.decide("anything").direct);
  }

  TEST_CASE("'*' is allowed only as the leftmost character (or trailing octets of an address)") {
    const std::string message =
        "'*' is allowed only as the leftmost character of an entry (e.g. '*.fabrikam.com')";
    check_issue("<local>;fabrikam.*", 17, 1, "bypass-wildcard", message);
    check_issue("*.fab*.com", 5, 1, "bypass-wildcard", message);
    check_issue("**.fabrikam.com", 1, 1, "bypass-wildcard", message);
    check_issue("10.0.*.5", 5, 1, "bypass-wildcard", message);  // "10.0.*" is an IP prefix
  }

  TEST_CASE("'*' alone is accepted with a warning") {
    check_issue("<local> *", 8, 1, "bypass-all",
                "'*' alone sends every host direct, so the proxy is never used",
                pw::Severity::Warning);
    CHECK(parse_bypass("*").list->decide("anything.example.com").direct);
  }

  TEST_CASE("a leading dot is accepted with a warning that it matches literally") {
    check_issue(".fabrikam.com", 0, 13, "bypass-leading-dot",
                "'.fabrikam.com' matches only a host literally named so; write '*.fabrikam.com' "
                "to match the hosts under it",
                pw::Severity::Warning);
  }

  TEST_CASE("invalid host characters are errors at their offset") {
    check_issue("<local>;http://proxy", 12, 1, "bypass-character",
                "':' is not allowed: bypass entries and host names take no port or scheme");
    check_issue("a.com,b.com", 5, 1, "bypass-character",
                "',' does not separate entries: use ';' or blanks");
    check_issue("fabrikam.com/path", 12, 1, "bypass-character",
                "'/' is not allowed: write a host name, not a URL");
    check_issue("fab!kam.com", 3, 1, "bypass-character", "'!' is not allowed in a host name");
    check_issue("caf\xc3\xa9.com", 3, 1, "bypass-character",
                "byte 0xC3 is not allowed in a host name");
  }

  TEST_CASE("unknown angle-bracket entries suggest <local>") {
    check_issue("<locale>", 0, 8, "bypass-entry",
                "unknown entry '<locale>', did you mean '<local>'?");
    check_issue("<intranet-zone>", 0, 15, "bypass-entry",
                "unknown entry '<intranet-zone>': the only entry in angle brackets is '<local>'");
  }

  TEST_CASE("every bad entry is reported") {
    const pw::proxy::BypassParse parse = parse_bypass("a*b; <loc>; c:1");
    CHECK_FALSE(parse.list.has_value());
    REQUIRE(parse.issues.size() == 3);
    CHECK(parse.issues[0].offset == 1);
    CHECK(parse.issues[1].offset == 5);
    CHECK(parse.issues[2].offset == 13);
  }

  TEST_CASE("suggested_entry picks the narrowest entry that sends the host direct") {
    CHECK(pw::proxy::suggested_entry("Test-FS") == "<local>");
    CHECK(pw::proxy::suggested_entry("node1.Corp.Fabrikam.com") == "*.corp.fabrikam.com");
    CHECK(pw::proxy::suggested_entry("fabrikam.com") == "fabrikam.com");
    CHECK(pw::proxy::suggested_entry("10.0.0.12") == "10.0.0.12");
    // Entries take no scheme, port or path: the host alone is suggested.
    CHECK(pw::proxy::suggested_entry("http://wsus.corp.fabrikam.com:8530/x") ==
          "*.corp.fabrikam.com");
    CHECK(pw::proxy::suggested_entry("test-fs:445") == "<local>");
    CHECK(pw::proxy::suggested_entry("10.0.0.5:8080") == "10.0.0.5");
    // A name lint only warns about is still suggested (the fuzzer's find).
    CHECK(pw::proxy::suggested_entry(".fabrikam1com") == ".fabrikam1com");
    // Nothing lint would accept names this host: no suggestion rather than a bad one.
    CHECK(pw::proxy::suggested_entry("node1.bad!domain.com").empty());
    CHECK(pw::proxy::suggested_entry("").empty());
    // The suggestion really does send the host direct.
    for (const char* host : {"Test-FS", "node1.corp.fabrikam.com", "fabrikam.com", "10.0.0.12"}) {
      const BypassList list = parse_ok(pw::proxy::suggested_entry(host));
      CHECK(list.decide(host).direct);
    }
  }

  TEST_CASE("IPv4 prefixes with trailing '*' octets, as WinHTTP accepts them") {
    const BypassList list = parse_ok("<local>;10.*;192.168.*;172.16.5.*");
    REQUIRE(list.entries().size() == 4);
    CHECK(list.entries()[1].kind == BypassEntry::Kind::IpPrefix);
    CHECK(list.decide("10.20.30.40").direct);
    CHECK(list.decide("192.168.1.7").direct);
    CHECK(list.decide("172.16.5.9").direct);
    CHECK_FALSE(list.decide("172.16.6.9").direct);
    CHECK_FALSE(list.decide("100.1.1.1").direct);       // not under 10.
    CHECK_FALSE(list.decide("10.example.com").direct);  // a name, not an address
    CHECK(pw::proxy::to_no_proxy(list, {}) == "10.0.0.0/8,192.168.0.0/16,172.16.5.0/24");
    // Not prefixes: a '*' before a number, too many octets, a value over 255.
    CHECK_FALSE(parse_bypass("10.*.1").list.has_value());
    CHECK_FALSE(parse_bypass("300.*").list.has_value());
  }

  TEST_CASE("public update hosts are recognised, with their subdomains only") {
    CHECK(pw::proxy::is_public_update_host("download.windowsupdate.com"));
    CHECK(pw::proxy::is_public_update_host("https://fe2.update.microsoft.com/v6"));
    CHECK(pw::proxy::is_public_update_host("deb.debian.org"));
    CHECK_FALSE(pw::proxy::is_public_update_host("notwindowsupdate.com"));
    CHECK_FALSE(pw::proxy::is_public_update_host("test-fs.fabrikam.com"));
  }

  TEST_CASE("to_no_proxy translates entries and expands <local> to the short names") {
    const BypassList list = parse_ok("<local>;*.fabrikam.com;exact.contoso.com;*contoso.net");
    CHECK(pw::proxy::to_no_proxy(list, {"node1", "node2", "node1", "node3.fabrikam.com"}) ==
          "node1,node2,.fabrikam.com,exact.contoso.com,contoso.net");
    CHECK(pw::proxy::to_no_proxy(list, {}) == ".fabrikam.com,exact.contoso.com,contoso.net");
    CHECK(pw::proxy::to_no_proxy(*parse_bypass("*").list, {}) == "*");
    CHECK(pw::proxy::to_no_proxy(BypassList{}, {"node1"}).empty());
  }
}
