// `patchwarden proxy-check --policy FILE [--name POLICY] HOST...` (DESIGN.md §6): says, for each
// host, whether the policy's WinHTTP bypass list sends it direct or through the proxy, and which
// entry decided (or which entry would send it direct).
#include "cli/proxy_check_command.hpp"

#include "cli/command.hpp"
#include "cli/diagnostic_output.hpp"
#include "policy/loader.hpp"
#include "proxy/bypass.hpp"

#include <filesystem>
#include <iostream>
#include <string>
#include <system_error>
#include <vector>

namespace pw::cli {
namespace {

std::string describe(const policy::ProxySettings& proxy, const std::string& host) {
  const proxy::Decision decision = proxy.bypass_list.decide(host);
  const auto& entries = proxy.bypass_list.entries();
  if (decision.direct) {
    std::string text = host + ": direct";
    if (decision.entry && *decision.entry < entries.size()) {
      text += " (entry '" + entries[*decision.entry].text + "')";
    }
    return text;
  }
  std::string text = host + ": via proxy " + proxy.server;
  if (proxy::is_public_update_host(host)) return text + " (a public update host: keep it so)";
  const std::string entry = proxy::suggested_entry(host);
  return text + (entry.empty()
                     ? " (no bypass entry matches)"
                     : " (no bypass entry matches; add '" + entry + "' to send it direct)");
}

// The policy whose proxy is checked: the one named by --name, else the only one with a Proxy,
// else the file's only policy (whose hosts then all go direct).
const policy::PatchPolicy* choose_policy(const ProxyCheckOptions& options,
                                         const policy::PolicySet& set) {
  const std::string& file = options.policy_file;
  if (!options.policy_name.empty()) {
    const policy::PatchPolicy* named = set.find_policy(options.policy_name);
    if (named == nullptr) {
      std::cerr << "patchwarden proxy-check: no policy named '" << options.policy_name << "' in "
                << file << '\n';
    }
    return named;
  }
  std::vector<const policy::PatchPolicy*> with_proxy;
  for (const policy::PatchPolicy& candidate : set.policies) {
    if (candidate.proxy) with_proxy.push_back(&candidate);
  }
  if (with_proxy.size() == 1) return with_proxy.front();
  if (with_proxy.empty() && set.policies.size() == 1) return &set.policies.front();
  if (set.policies.empty()) {
    std::cerr << "patchwarden proxy-check: " << file << " holds no PatchPolicy\n";
  } else {
    std::cerr << "patchwarden proxy-check: " << file
              << " holds several policies; choose one with --name:";
    for (const auto& candidate : set.policies) std::cerr << ' ' << candidate.name;
    std::cerr << '\n';
  }
  return nullptr;
}

}  // namespace

int run_proxy_check(const ProxyCheckOptions& options) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(options.policy_file, error)) {
    std::cerr << "patchwarden proxy-check: " << options.policy_file << ": no such file\n";
    return k_exit_usage;
  }
  DiagnosticSink sink;
  // The policy's cluster usually lives in another file: check this file on its own.
  const policy::PolicySet set =
      policy::load_paths({options.policy_file}, sink, {.cross_file_checks = false});
  if (!sink.diagnostics().empty()) {
    SourceCache cache;
    print_diagnostics(sink, OutputFormat::Text, std::cerr, cache);
  }
  if (sink.has_errors()) return k_exit_invalid;
  const policy::PatchPolicy* chosen = choose_policy(options, set);
  if (chosen == nullptr) return k_exit_usage;
  for (const std::string& host : options.hosts) {
    if (chosen->proxy) {
      std::cout << describe(*chosen->proxy, host) << '\n';
    } else {
      std::cout << host << ": direct (policy '" << chosen->name << "' has no Proxy)\n";
    }
  }
  return k_exit_ok;
}

}  // namespace pw::cli
