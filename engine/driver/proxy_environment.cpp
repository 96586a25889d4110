#include "driver/proxy_environment.hpp"

#include "core/text.hpp"
#include "proxy/bypass.hpp"

#include <algorithm>

namespace pw::driver {

namespace {

std::string as_url(std::string_view address) {
  address = trim(address);
  if (address.empty()) return {};
  if (address.find("://") != std::string_view::npos) return std::string(address);
  return "http://" + std::string(address);
}

}  // namespace

Result<ProxyEnvironment> make_proxy_environment(std::string server, std::string bypass,
                                                const std::vector<std::string>& local_names) {
  const proxy::BypassParse parsed = proxy::parse_bypass(bypass);
  if (!parsed.list) {
    std::string message = "invalid proxy bypass list '" + bypass + "'";
    if (!parsed.issues.empty()) message += ": " + parsed.issues.front().message;
    return Error{message};
  }
  std::string no_proxy = proxy::to_no_proxy(*parsed.list, local_names);
  return ProxyEnvironment{std::move(server), std::move(bypass), std::move(no_proxy)};
}

ProxyUrls proxy_urls(std::string_view server) {
  ProxyUrls urls;
  std::string_view rest = trim(server);
  if (rest.find('=') == std::string_view::npos) {
    urls.http = as_url(rest);
    urls.https = urls.http;
    return urls;
  }
  // Per-scheme form: entries separated by ';' or blanks, as netsh winhttp writes them.
  while (!rest.empty()) {
    const std::size_t end = rest.find_first_of("; \t");
    const std::string_view entry = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
    const std::size_t equals = entry.find('=');
    if (equals == std::string_view::npos) continue;
    const std::string scheme = to_lower(trim(entry.substr(0, equals)));
    if (scheme == "http") urls.http = as_url(entry.substr(equals + 1));
    if (scheme == "https") urls.https = as_url(entry.substr(equals + 1));
  }
  return urls;
}

Variables proxy_variables(const ProxyEnvironment& proxy) {
  if (trim(proxy.server).empty()) return {};
  const ProxyUrls urls = proxy_urls(proxy.server);
  Variables variables{{"PATCHWARDEN_PROXY_SERVER", proxy.server},
                      {"PATCHWARDEN_PROXY_BYPASS", proxy.bypass}};
  const auto both_cases = [&variables](const std::string& name, const std::string& value) {
    if (value.empty()) return;
    variables.emplace_back(name, value);
    variables.emplace_back(to_lower(name), value);
  };
  both_cases("HTTP_PROXY", urls.http);
  both_cases("HTTPS_PROXY", urls.https);
  both_cases("NO_PROXY", proxy.no_proxy);
  return variables;
}

std::vector<std::string> merge_environment(const char* const* base, const Variables& overrides) {
  std::vector<std::string> merged;
  for (const char* const* entry = base; entry != nullptr && *entry != nullptr; ++entry) {
    const std::string_view text(*entry);
    const std::string_view key = text.substr(0, text.find('='));
    const bool replaced =
        std::any_of(overrides.begin(), overrides.end(),
                    [key](const auto& variable) { return variable.first == key; });
    if (!replaced) merged.emplace_back(text);
  }
  for (const auto& [key, value] : overrides) merged.push_back(key + "=" + value);
  return merged;
}

}  // namespace pw::driver
