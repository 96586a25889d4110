// StoreJournal: the rollout Journal backed by the Store. Each node-task transition is committed
// (with the results and failure counts reported since the previous one) before on_transition
// returns, so the executor acts only on durable transitions. Results are held until the next
// transition or cycle event and land in the same transaction: after a crash an operation whose
// transition was not stored is re-issued and its result recorded once, never twice.
//
// A failed commit cannot be reported through the Journal interface, and acting on an unstored
// transition would break the promise above, so the failure handler is called; the default one
// logs and ends the process with exit code 3 (the state on disk stays consistent and a
// restarted daemon resumes from it).
//
// Thread-safety: used from the executor's thread only.
#pragma once

#include "core/clock.hpp"
#include "rollout/journal.hpp"
#include "store/store.hpp"

#include <functional>
#include <string>

namespace pw::store {

using FailureHandler = std::function<void(const std::string& message)>;

// Prints the message to stderr and exits with code 3.
void exit_on_store_failure(const std::string& message);

class StoreJournal final : public rollout::Journal {
 public:
  StoreJournal(Store& store, CycleId cycle_id, std::string content_hash, int results_cap,
               const Clock& clock, FailureHandler on_failure = exit_on_store_failure);

  void on_transition(const rollout::CycleState& cycle, const rollout::NodeTask& task,
                     rollout::SubState from, rollout::TaskEvent event) override;
  void on_result(const rollout::CycleState& cycle, const rollout::OperationRecord& record) override;
  void on_quarantine(const rollout::CycleState& cycle, const std::string& node,
                     const std::string& update_id, int consecutive_failures,
                     bool quarantined) override;
  // Stores the cycle-wide snapshot (without results, which have their own table).
  void on_cycle(const rollout::CycleState& cycle, const std::string& what) override;

 private:
  void commit(Batch batch);

  Store& m_store;
  CycleId m_cycle_id;
  std::string m_content_hash;
  int m_results_cap;
  const Clock& m_clock;
  FailureHandler m_on_failure;
  Batch m_pending;  // results and failure counts waiting for the next commit
};

// Node task row for `task` (its snapshot JSON in `data`).
NodeTaskRecord to_record(CycleId cycle_id, const rollout::NodeTask& task);

// Rebuilds the rollout's snapshot of an unfinished cycle: the last cycle-wide snapshot with
// every stored node task laid over it, its results, and the policy's failure counts.
Result<rollout::CycleState> load_cycle_state(Store& store, const CycleRecord& cycle);

}  // namespace pw::store
