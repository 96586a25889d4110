// An Executor over the recording fake driver and a virtual clock, for the executor tests.
#pragma once

#include "fixtures.hpp"
#include "rollout/executor.hpp"
#include "rollout/journal.hpp"

#include <optional>
#include <string>
#include <vector>

namespace pw::rollout::test {

inline const Instant k_start = at("2026-12-02T07:00:00Z");

struct Harness {
  explicit Harness(policy::PatchPolicy p, policy::Cluster c = make_cluster(2, 1, 60),
                   std::optional<Instant> end = std::nullopt, QuarantineLedger ledger = {})
      : policy(std::move(p)),
        cluster(std::move(c)),
        executor(CycleSetup{policy, cluster, {k_start, end}, "p@1", {}, std::move(ledger)}, driver,
                 clock, journal) {}
  RunStatus run(int days = 5) { return executor.run_until(k_start + std::chrono::days{days}); }
  const NodeTask& node(std::size_t i) const { return executor.state().nodes[i]; }

  VirtualClock clock{k_start};
  RecordingDriver driver{clock};
  RecordingJournal journal{&clock};
  policy::PatchPolicy policy;
  policy::Cluster cluster;
  Executor executor;
};

// Install takes `minutes`; everything else is instantaneous and succeeds.
inline RecordingDriver::Script install_minutes(RecordingDriver& driver, int minutes) {
  return [&driver, minutes](const driver::Call& call, Seconds& duration) {
    if (call.operation == driver::Operation::Install) duration = Minutes{minutes};
    return driver.default_outcome(call);
  };
}

inline std::vector<std::string> operations_of(const RecordingDriver& driver,
                                              const std::string& node) {
  std::vector<std::string> names;
  for (const auto& record : driver.calls) {
    if (record.node == node) names.emplace_back(driver::to_string(record.operation));
  }
  return names;
}

}  // namespace pw::rollout::test
