#include "proxy/server.hpp"

#include "proxy/host_text.hpp"

#include <algorithm>
#include <cctype>

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
    if (value.find('=') != std::string_view::npos) return run_per_scheme(value, first);
    ProxyServer server;
    if (parse(value, first, server)) return {std::move(server), {}, {}};
    return {std::nullopt, std::move(m_issues), {}};
  }

  // WinHTTP's per-protocol form, as `netsh winhttp set proxy` takes it:
  // "http=proxy:8080;https=proxy:8443", entries separated by ';' or blanks.
  ServerParse run_per_scheme(std::string_view value, std::size_t offset) {
    ServerParse result;
    std::size_t at = 0;
    while (at < value.size()) {
      std::size_t end = at;
      while (end < value.size() && value[end] != ';' && !is_blank(value[end])) ++end;
      const std::string_view entry = value.substr(at, end - at);
      const std::size_t entry_offset = offset + at;
      at = end + 1;
      if (entry.empty()) continue;
      const std::size_t equals = entry.find('=');
      if (equals == std::string_view::npos) {
        fail(entry_offset, entry.size(),
             "'" + std::string(entry) + "' has no scheme: in the per-protocol form every entry " +
                 "is scheme=host:port, e.g. 'https=proxy.fabrikam.com:8443'");
        continue;
      }
      std::string scheme(entry.substr(0, equals));
      std::transform(scheme.begin(), scheme.end(), scheme.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      if (scheme != "http" && scheme != "https" && scheme != "ftp" && scheme != "socks") {
        fail(entry_offset, equals,
             "unknown scheme '" + std::string(entry.substr(0, equals)) +
                 "': WinHTTP takes http, https, ftp or socks");
        continue;
      }
      const bool repeated = std::any_of(result.per_scheme.begin(), result.per_scheme.end(),
                                        [&](const auto& known) { return known.first == scheme; });
      if (repeated) {
        fail(entry_offset, equals, "scheme '" + scheme + "' is given twice");
        continue;
      }
      ProxyServer server;
      if (parse(entry.substr(equals + 1), entry_offset + equals + 1, server)) {
        result.per_scheme.emplace_back(scheme, std::move(server));
      }
    }
    if (result.per_scheme.empty() && m_issues.empty()) {
      fail(offset, value.size(), std::string("the proxy server is empty: ") + k_example);
    }
    if (!m_issues.empty()) {
      result.per_scheme.clear();
      result.issues = std::move(m_issues);
      return result;
    }
    // The server drivers use for plain HTTP: the http entry, else the first one.
    const auto http = std::find_if(result.per_scheme.begin(), result.per_scheme.end(),
                                   [](const auto& known) { return known.first == "http"; });
    result.server = (http != result.per_scheme.end() ? http : result.per_scheme.begin())->second;
    return result;
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
