#include "rollout/simulation.hpp"

#include "core/clock.hpp"
#include "rollout/journal.hpp"

#include <algorithm>

namespace pw::rollout {

driver::SimulationSpec simulation_spec(const policy::Cluster& cluster) {
  const policy::Simulation& simulation = cluster.simulation;
  driver::SimulationSpec spec;
  spec.seed = simulation.seed;
  spec.download_minutes_min = simulation.download_minutes.min;
  spec.download_minutes_max = simulation.download_minutes.max;
  spec.patch_minutes_min = simulation.patch_minutes.min;
  spec.patch_minutes_max = simulation.patch_minutes.max;
  spec.reboot_required_percent = simulation.reboot_required_percent;
  spec.failure_percent = simulation.failure_percent;
  spec.updates = simulation.updates;
  spec.unhealthy_nodes = simulation.unhealthy_nodes;
  spec.nodes.reserve(cluster.nodes.size());
  for (const policy::Node& node : cluster.nodes) {
    spec.nodes.push_back(
        driver::SimulatedNode{node.name, node.patch_minutes, node.upgrade_domain, node.labels});
  }
  return spec;
}

double makespan_minutes(const CycleState& state) {
  std::optional<Instant> first;
  std::optional<Instant> last;
  for (const NodeTask& node : state.nodes) {
    if (!node.started_at || !node.finished_at) continue;
    first = first ? std::min(*first, *node.started_at) : *node.started_at;
    last = last ? std::max(*last, *node.finished_at) : *node.finished_at;
  }
  if (!first) return 0;
  return static_cast<double>((*last - *first).count()) / 60.0;
}

SimulationRun simulate_cycle(const policy::PatchPolicy& policy, const policy::Cluster& cluster,
                             Window window, std::optional<Instant> horizon) {
  VirtualClock clock{window.start};
  driver::SimulatedDriver driver{simulation_spec(cluster), clock};
  NullJournal journal;
  CycleSetup setup{policy, cluster, window, policy.name + "@" + format_utc(window.start), {}, {}};
  Executor executor{std::move(setup), driver, clock, journal};
  const Instant until = horizon.value_or(window.start + std::chrono::days{30});
  SimulationRun run;
  run.policy = policy.name;
  run.cluster = cluster.name;
  run.window = window;
  run.status = executor.run_until(until);
  run.state = executor.state();
  run.makespan_minutes = makespan_minutes(run.state);
  run.reason = run.state.halted ? run.state.halt_reason : run.state.wait_reason;
  run.nodes.reserve(run.state.nodes.size());
  for (const NodeTask& node : run.state.nodes) {
    run.nodes.push_back(SimulatedNodeRun{node.node, node.upgrade_domain, node.started_at,
                                         node.finished_at, node.result});
  }
  return run;
}

}  // namespace pw::rollout
