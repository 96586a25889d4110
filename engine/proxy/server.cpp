#include "proxy/server.hpp"

#include "proxy/host_text.hpp"

#include <algorithm>

namespace pw::proxy {

namespace {

constexpr const char* k_rule = "proxy-server";
constexpr const char* k_example = "write host:port, e.g. 'proxy.fabrikam.com:8080'";

bool is_blank(char c) {
  return c == ' ' || c == '\t';
}

bool is_ipv6_char(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' ||
         c == '.';
}

class ServerParser {
 public:
  explicit ServerParser(std::string_view text) : m_text(text) {}

  ServerParse run() {
    std::size_t first = 0;
    std::size_t last = m_text.size();
    while (first < last && is_blank(m_text[first])) ++first;
    while (last > first && is_blank(m_text[last - 1])) --last;
    const std::string_view value = m_text.substr(first, last - first);
    ProxyServer server;
    if (parse(value, first, server)) return {std::move(server), {}};
    return {std::nullopt, std::move(m_issues)};
  }

 private:
  bool fail(std::size_t offset, std::size_t length, std::string message) {
    m_issues.push_back(
        {offset, std::max<std::size_t>(length, 1), k_rule, std::move(message), Severity::Error});
    return false;
  }

  bool parse(std::string_view value, std::size_t offset, ProxyServer& server) {
    if (value.empty())
      return fail(offset, 1, std::string("the proxy server is empty: ") + k_example);
    const std::size_t scheme = value.find("://");
    if (scheme != std::string_view::npos) {
      return fail(offset, scheme + 3,
                  "the proxy server takes no scheme: write host:port, e.g. '" +
                      std::string(value.substr(scheme + 3)) + "'");
    }
    const std::size_t host_end = find_host_end(value, offset);
    if (!m_issues.empty()) return false;
    if (host_end == 0)
      return fail(offset, 1, std::string("the proxy server has no host: ") + k_example);
    if (host_end == value.size() || value[host_end] != ':') {
      if (host_end < value.size()) {
        return fail(offset + host_end, 1, describe_bad_host_char(value[host_end]));
      }
      return fail(offset, value.size(),
                  "the proxy server needs a port: write '" + std::string(value) +
                      ":8080' or its "
                      "real port");
    }
    server.host = std::string(value.substr(0, host_end));
    return parse_port(value.substr(host_end + 1), offset + host_end + 1, server);
  }

  // End of the host part: a bracketed IPv6 address or a run of host characters.
  std::size_t find_host_end(std::string_view value, std::size_t offset) {
    if (value.front() != '[') {
      std::size_t end = 0;
      while (end < value.size() && is_host_char(value[end])) ++end;
      return end;
    }
    std::size_t end = 1;
    while (end < value.size() && is_ipv6_char(value[end])) ++end;
    if (end == value.size() || value[end] != ']' || end == 1) {
      fail(offset, end, "'[' opens an IPv6 address that is not closed by ']'");
      return 0;
    }
    return end + 1;
  }

  bool parse_port(std::string_view port, std::size_t offset, ProxyServer& server) {
    if (port.empty())
      return fail(offset, 1, std::string("the port is missing after ':': ") + k_example);
    long value = 0;
    for (const char c : port) {
      if (c < '0' || c > '9') {
        return fail(offset, port.size(), "port '" + std::string(port) + "' is not a number");
      }
      value = std::min(value * 10 + (c - '0'), 1'000'000L);
    }
    if (value < 1 || value > 65535) {
      return fail(offset, port.size(),
                  "port " + std::string(port) + " is out of range: write 1..65535");
    }
    server.port = static_cast<int>(value);
    return true;
  }

  std::string_view m_text;
  std::vector<TextIssue> m_issues;
};

}  // namespace

std::string ProxyServer::url() const {
  return "http://" + host + ":" + std::to_string(port);
}

ServerParse parse_server(std::string_view text) {
  return ServerParser(text).run();
}

}  // namespace pw::proxy
