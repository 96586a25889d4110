// One cycle of a policy on its Simulated cluster, in virtual time (what `simulate`, the tests
// and the benchmark run): SimulatedDriver + VirtualClock + Executor. Pure of I/O.
#pragma once

#include "driver/simulated_driver.hpp"
#include "policy/model.hpp"
#include "rollout/executor.hpp"

#include <optional>
#include <string>
#include <vector>

namespace pw::rollout {

// The driver's view of a Simulated cluster (§2.2).
[[nodiscard]] driver::SimulationSpec simulation_spec(const policy::Cluster& cluster);

struct SimulatedNodeRun {
  std::string name;
  std::string upgrade_domain;
  std::optional<Instant> start;  // first drain
  std::optional<Instant> end;    // finished (after its soak)
  NodeResult result = NodeResult::Pending;
};

struct SimulationRun {
  std::string policy;
  std::string cluster;
  Window window;
  RunStatus status = RunStatus::Running;
  // From the first drain to the last node finished, in minutes (0 when no node was drained).
  double makespan_minutes = 0;
  std::vector<SimulatedNodeRun> nodes;
  std::string reason;  // halt or wait reason, when there is one
  CycleState state;
};

// Runs the cycle that starts at `window.start` until it completes, halts, its window closes,
// or `horizon` (default: 30 days after the start) passes.
[[nodiscard]] SimulationRun simulate_cycle(const policy::PatchPolicy& policy,
                                           const policy::Cluster& cluster, Window window,
                                           std::optional<Instant> horizon = std::nullopt);

// Makespan of a finished cycle state, as above.
[[nodiscard]] double makespan_minutes(const CycleState& state);

}  // namespace pw::rollout
