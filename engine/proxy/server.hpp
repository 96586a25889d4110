// Proxy.Server values: "host:port" (port 1..65535), the form WinHTTP's `netsh winhttp set proxy`
// takes. Parsed for lint (TextIssues positioned inside the string) and for drivers, which pass
// it on as HTTP_PROXY/HTTPS_PROXY.
#pragma once

#include "core/diagnostic.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pw::proxy {

struct ProxyServer {
  std::string host;  // as written; an IPv6 address keeps its brackets
  int port = 0;      // 1..65535

  // "http://host:port", the HTTP_PROXY form.
  [[nodiscard]] std::string url() const;
};

struct ServerParse {
  std::optional<ProxyServer> server;  // set when there are no error issues
  std::vector<TextIssue> issues;      // rule "proxy-server"
};

// Blanks around the value are ignored.
ServerParse parse_server(std::string_view text);

}  // namespace pw::proxy
