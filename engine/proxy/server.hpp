// Proxy.Server values: "host:port" (port 1..65535), or per protocol "http=h:p;https=h:p", the
// forms WinHTTP's `netsh winhttp set proxy` takes. Parsed for lint (TextIssues positioned inside
// the string) and for drivers, which pass it on as HTTP_PROXY/HTTPS_PROXY.
#pragma once

#include "core/diagnostic.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pw::proxy {

struct ProxyServer {
  std::string host;  // as written; an IPv6 address keeps its brackets
  int port = 0;      // 1..65535

  // "http://host:port", the HTTP_PROXY form.
  [[nodiscard]] std::string url() const;
};

struct ServerParse {
  std::optional<ProxyServer> server;  // set when there are no error issues (per-protocol form:
                                      // the http entry, else the first)
  std::vector<TextIssue> issues;      // rule "proxy-server"
  // The per-protocol form "http=h:p;https=h:p" (schemes http, https, ftp, socks), in order.
  std::vector<std::pair<std::string, ProxyServer>> per_scheme;
};

// Blanks around the value are ignored.
ServerParse parse_server(std::string_view text);

}  // namespace pw::proxy
