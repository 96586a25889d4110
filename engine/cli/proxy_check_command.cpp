// `patchwarden proxy-check --policy FILE [--name POLICY] HOST...` (DESIGN.md §6): says, for each
// host, whether the policy's WinHTTP bypass list sends it direct or through the proxy, and which
// entry decided (or which entry would send it direct).
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

struct ProxyCheckOptions {
  std::string policy_file;
  std::string policy_name;
  std::vector<std::string> hosts;
};

ProxyCheckOptions g_options;

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
  return host + ": via proxy " + proxy.server + " (no bypass entry matches; add '" +
         proxy::suggested_entry(host) + "' to send it direct)";
}

// The policy whose proxy is checked: the one named by --name, else the only one with a Proxy,
// else the file's only policy (whose hosts then all go direct).
const policy::PatchPolicy* choose_policy(const policy::PolicySet& set) {
  const std::string& file = g_options.policy_file;
  if (!g_options.policy_name.empty()) {
    const policy::PatchPolicy* named = set.find_policy(g_options.policy_name);
    if (named == nullptr) {
      std::cerr << "patchwarden proxy-check: no policy named '" << g_options.policy_name << "' in "
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

int run_proxy_check() {
  std::error_code error;
  if (!std::filesystem::is_regular_file(g_options.policy_file, error)) {
    std::cerr << "patchwarden proxy-check: " << g_options.policy_file << ": no such file\n";
    return k_exit_usage;
  }
  DiagnosticSink sink;
  // The policy's cluster usually lives in another file: check this file on its own.
  const policy::PolicySet set =
      policy::load_paths({g_options.policy_file}, sink, {.cross_file_checks = false});
  if (!sink.diagnostics().empty()) {
    SourceCache cache;
    print_diagnostics(sink, OutputFormat::Text, std::cerr, cache);
  }
  if (sink.has_errors()) return k_exit_invalid;
  const policy::PatchPolicy* chosen = choose_policy(set);
  if (chosen == nullptr) return k_exit_usage;
  for (const std::string& host : g_options.hosts) {
    if (chosen->proxy) {
      std::cout << describe(*chosen->proxy, host) << '\n';
    } else {
      std::cout << host << ": direct (policy '" << chosen->name << "' has no Proxy)\n";
    }
  }
  return k_exit_ok;
}

CLI::App* setup_proxy_check(CLI::App& app) {
  CLI::App* command = app.add_subcommand(
      "proxy-check",
      "Say, for each host, whether a policy's proxy bypass list (WinHTTP grammar: '<local>' "
      "for names without a period, '*.domain' suffixes, exact names) sends it direct or "
      "through the proxy, and which entry decided. Use it to check that cluster node names "
      "and access points never go to the proxy.");
  command->add_option("--policy", g_options.policy_file, "Policy file that holds the Proxy")
      ->required();
  command->add_option("--name", g_options.policy_name,
                      "Policy to check when the file holds several");
  command->add_option("HOST", g_options.hosts, "Host names to check (short names or FQDNs)")
      ->required();
  command->footer(
      "Exit codes: 0 checked, 1 the policy file has errors, 2 usage or input error.\n\n"
      "Examples:\n"
      "  patchwarden proxy-check --policy policies/patch/hv-fabrikam-monthly.yaml \\\n"
      "      hv01 Test-FS.fabrikam.com\n"
      "    hv01: direct (entry '<local>')\n"
      "    Test-FS.fabrikam.com: direct (entry '*.fabrikam.com')");
  return command;
}

const CommandRegistration k_registration{Command{60, setup_proxy_check, run_proxy_check}};

}  // namespace
}  // namespace pw::cli
