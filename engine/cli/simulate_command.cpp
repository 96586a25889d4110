// `patchwarden simulate` (DESIGN.md §8, issue 4): plays the next cycle of each enabled policy
// whose cluster is Simulated, in virtual time, and prints per node its start (drain), end,
// result and upgrade domain, then the makespan. Exit codes: 0 ok, 1 policy errors, 2 usage.
#include "cli/simulate_command.hpp"

#include "cli/command.hpp"
#include "cli/diagnostic_output.hpp"
#include "cli/policy_names.hpp"
#include "core/clock.hpp"
#include "policy/loader.hpp"
#include "rollout/simulation.hpp"
#include "schedule/window.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

namespace pw::cli {
namespace {

int usage_error(const std::string& message) {
  std::cerr << "patchwarden simulate: " << message << '\n';
  return k_exit_usage;
}

// The policy's first window at or after `from`; nullopt (with a note) when there is none.
std::optional<rollout::Window> next_window(const policy::PatchPolicy& policy, Instant from) {
  schedule::WindowIterator windows{policy.schedule, from};
  const auto window = windows.next();
  if (!window) {
    std::cerr << "patchwarden simulate: policy '" << policy.name << "' has no window after "
              << format_utc(from) << '\n';
    return std::nullopt;
  }
  return rollout::Window{window->start, window->end};
}

nlohmann::ordered_json minutes_json(double minutes) {
  const double rounded = std::round(minutes * 100) / 100;
  if (rounded == std::floor(rounded)) return static_cast<long long>(rounded);
  return rounded;
}

nlohmann::ordered_json instant_json(const std::optional<Instant>& instant) {
  return instant ? nlohmann::ordered_json(format_utc(*instant)) : nlohmann::ordered_json(nullptr);
}

nlohmann::ordered_json run_json(const rollout::SimulationRun& run) {
  nlohmann::ordered_json nodes = nlohmann::ordered_json::array();
  for (const rollout::SimulatedNodeRun& node : run.nodes) {
    nodes.push_back({{"name", node.name},
                     {"upgrade_domain", node.upgrade_domain},
                     {"start", instant_json(node.start)},
                     {"end", instant_json(node.end)},
                     {"result", std::string{rollout::to_string(node.result)}}});
  }
  return {{"policy", run.policy},
          {"cluster", run.cluster},
          {"window_start", format_utc(run.window.start)},
          {"makespan_minutes", minutes_json(run.makespan_minutes)},
          {"nodes", std::move(nodes)}};
}

void print_table(const rollout::SimulationRun& run, std::ostream& out) {
  out << "policy " << run.policy << " on cluster " << run.cluster << ", window "
      << format_utc(run.window.start) << " to "
      << (run.window.end ? format_utc(*run.window.end) : std::string{"(no end)"}) << '\n';
  std::size_t width = 4;
  for (const auto& node : run.nodes) width = std::max(width, node.name.size());
  std::size_t domain_width = 6;
  for (const auto& node : run.nodes) {
    domain_width = std::max(domain_width, node.upgrade_domain.size());
  }
  const auto pad = [](const std::string& text, std::size_t size) {
    return text + std::string(size > text.size() ? size - text.size() : 0, ' ');
  };
  const auto when = [](const std::optional<Instant>& instant) {
    return instant ? format_utc(*instant) : std::string{"-"};
  };
  out << "  " << pad("NODE", width) << "  " << pad("DOMAIN", domain_width) << "  "
      << pad("START", 20) << "  " << pad("END", 20) << "  RESULT\n";
  for (const auto& node : run.nodes) {
    out << "  " << pad(node.name, width) << "  " << pad(node.upgrade_domain, domain_width) << "  "
        << pad(when(node.start), 20) << "  " << pad(when(node.end), 20) << "  "
        << rollout::to_string(node.result) << '\n';
  }
  out << "  makespan: " << minutes_json(run.makespan_minutes).dump() << " minutes ("
      << rollout::to_string(run.status) << ")";
  if (!run.reason.empty()) out << "; " << run.reason;
  out << "\n";
}

}  // namespace

int run_simulate(const SimulateOptions& options) {
  Instant from = SystemClock{}.now();
  if (!options.from.empty()) {
    const auto parsed = parse_rfc3339(options.from);
    if (!parsed) return usage_error("--from: '" + options.from + "' is not an RFC 3339 time");
    from = *parsed;
  }
  DiagnosticSink sink;
  const policy::PolicySet set = policy::load_paths(options.paths, sink);
  if (sink.has_errors()) {
    SourceCache cache;
    print_diagnostics(sink, OutputFormat::Text, std::cerr, cache);
    return k_exit_invalid;
  }
  if (const auto problem = unknown_policy(set, options.policies)) return usage_error(*problem);
  nlohmann::ordered_json runs = nlohmann::ordered_json::array();
  bool first = true;
  for (const policy::PatchPolicy& policy : set.policies) {
    const auto& chosen = options.policies;
    if (!policy.enabled && chosen.empty()) continue;
    if (!chosen.empty() && std::find(chosen.begin(), chosen.end(), policy.name) == chosen.end()) {
      continue;
    }
    const policy::Cluster* cluster = set.find_cluster(policy.cluster);
    if (cluster == nullptr || cluster->driver != policy::DriverKind::Simulated) {
      std::cerr << "patchwarden simulate: skipping policy '" << policy.name << "': cluster '"
                << policy.cluster << "' is not Simulated\n";
      continue;
    }
    const auto window = next_window(policy, from);
    if (!window) continue;
    const rollout::SimulationRun run = rollout::simulate_cycle(policy, *cluster, *window);
    if (options.format == "json") {
      runs.push_back(run_json(run));
    } else {
      if (!first) std::cout << '\n';
      print_table(run, std::cout);
    }
    first = false;
  }
  if (options.format == "json") std::cout << nlohmann::ordered_json{{"runs", runs}}.dump(2) << '\n';
  return k_exit_ok;
}

}  // namespace pw::cli
