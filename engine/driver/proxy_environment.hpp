// The environment a driver process runs in (DESIGN.md §6): the daemon's own environment plus
// the policy's proxy, both verbatim (PATCHWARDEN_PROXY_SERVER, PATCHWARDEN_PROXY_BYPASS, for
// drivers that configure WinHTTP or WUA themselves) and in the Unix convention (HTTP_PROXY,
// HTTPS_PROXY, NO_PROXY and their lower-case forms, which curl, apt, pip and kubectl read).
#pragma once

#include "core/result.hpp"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pw::driver {

struct ProxyEnvironment {
  std::string server;    // WinHTTP form: "host:port" or "http=host:port;https=host:port"
  std::string bypass;    // WinHTTP bypass list as written: "<local>;*.fabrikam.com"
  std::string no_proxy;  // its NO_PROXY translation (proxy::to_no_proxy), computed by the caller
};

// The proxy environment for a policy's Proxy: NO_PROXY is the bypass list's translation
// (proxy::to_no_proxy): "*.fabrikam.com" becomes ".fabrikam.com", and "<local>", which Unix
// tools cannot express, becomes the `local_names` without a period (the cluster's node names and
// access points). Fails when the bypass list does not parse.
[[nodiscard]] Result<ProxyEnvironment> make_proxy_environment(
    std::string server, std::string bypass, const std::vector<std::string>& local_names);

// Proxy URLs per scheme from a WinHTTP proxy server string. "host:port" serves both schemes;
// "http=a:1;https=b:2" names each; a value without a scheme gets "http://" (a proxy is reached
// over plain HTTP, also for HTTPS traffic, which it tunnels). Empty when not given.
struct ProxyUrls {
  std::string http;
  std::string https;
};
[[nodiscard]] ProxyUrls proxy_urls(std::string_view server);

using Variables = std::vector<std::pair<std::string, std::string>>;

// The variables to set for `proxy`. None when no server is given: the daemon's own environment
// then passes through unchanged.
[[nodiscard]] Variables proxy_variables(const ProxyEnvironment& proxy);

// "KEY=VALUE" strings: `base` (a null-terminated environ-style array, may be null) with every
// variable of `overrides` replacing or adding its key.
[[nodiscard]] std::vector<std::string> merge_environment(const char* const* base,
                                                         const Variables& overrides);

}  // namespace pw::driver
