#include "proxy/server.hpp"

#include <doctest/doctest.h>

#include <string>

using pw::proxy::parse_server;

namespace {

void check_issue(std::string_view text, std::size_t offset, std::size_t length,
                 const std::string& message) {
  const pw::proxy::ServerParse parse = parse_server(text);
  INFO("server: ", std::string(text));
  CHECK_FALSE(parse.server.has_value());
  REQUIRE(parse.issues.size() == 1);
  CHECK(parse.issues[0].offset == offset);
  CHECK(parse.issues[0].length == length);
  CHECK(parse.issues[0].rule == "proxy-server");
  CHECK(parse.issues[0].message == message);
}

}  // namespace

TEST_SUITE("proxy::ProxyServer") {
  TEST_CASE("host:port is parsed and gives the HTTP_PROXY url") {
    const pw::proxy::ServerParse parse = parse_server(" proxy.fabrikam.com:8080 ");
    REQUIRE(parse.server.has_value());
    CHECK(parse.issues.empty());
    CHECK(parse.server->host == "proxy.fabrikam.com");
    CHECK(parse.server->port == 8080);
    CHECK(parse.server->url() == "http://proxy.fabrikam.com:8080");
    CHECK(parse_server("10.0.0.1:1").server->port == 1);
    CHECK(parse_server("proxy:65535").server->port == 65535);
    CHECK(parse_server("[fd00::1]:3128").server->host == "[fd00::1]");
  }

  TEST_CASE("the per-protocol form names a server per scheme, as netsh winhttp takes it") {
    const pw::proxy::ServerParse parse =
        parse_server("https=secure.fabrikam.com:8443; http=proxy.fabrikam.com:8080");
    REQUIRE(parse.server.has_value());
    CHECK(parse.server->host == "proxy.fabrikam.com");  // the http entry
    REQUIRE(parse.per_scheme.size() == 2);
    CHECK(parse.per_scheme[0].first == "https");
    CHECK(parse.per_scheme[0].second.port == 8443);
    CHECK(parse_server("HTTPS=p:1").per_scheme[0].first == "https");
    check_issue("http=p:1;gopher=q:2", 9, 6,
                "unknown scheme 'gopher': WinHTTP takes http, https, ftp or socks");
    check_issue("http=p:1;http=q:2", 9, 4, "scheme 'http' is given twice");
    check_issue("http=p:1;q:2", 9, 3,
                "'q:2' has no scheme: in the per-protocol form every entry is scheme=host:port, "
                "e.g. 'https=proxy.fabrikam.com:8443'");
    check_issue("http=p:x", 7, 1, "port 'x' is not a number");
  }

  TEST_CASE("a missing or empty part is pointed at") {
    check_issue("", 0, 1,
                "the proxy server is empty: write host:port, e.g. 'proxy.fabrikam.com:8080'");
    check_issue("  proxy.fabrikam.com", 2, 18,
                "the proxy server needs a port: write 'proxy.fabrikam.com:8080' or its real port");
    check_issue("proxy:", 6, 1,
                "the port is missing after ':': write host:port, e.g. 'proxy.fabrikam.com:8080'");
    check_issue(":8080", 0, 1,
                "the proxy server has no host: write host:port, e.g. 'proxy.fabrikam.com:8080'");
  }

  TEST_CASE("ports outside 1 to 65535 or not numbers are rejected") {
    check_issue("proxy:0", 6, 1, "port 0 is out of range: write 1..65535");
    check_issue("proxy:65536", 6, 5, "port 65536 is out of range: write 1..65535");
    check_issue("proxy:99999999999999999999", 6, 20,
                "port 99999999999999999999 is out of range: write 1..65535");
    check_issue("proxy:80a", 6, 3, "port '80a' is not a number");
  }

  TEST_CASE("schemes, bad characters and unclosed IPv6 brackets are rejected") {
    check_issue("http://proxy:8080", 0, 7,
                "the proxy server takes no scheme: write host:port, e.g. 'proxy:8080'");
    check_issue("pro xy:8080", 3, 1, "' ' is not allowed in a host name");
    check_issue("[fd00::1:3128", 0, 13, "'[' opens an IPv6 address that is not closed by ']'");
  }
}
