// StoreJournal: the rollout Journal backed by a store::Store (the adapter between the two, so the
// store knows nothing of the rollout). Each node-task transition is committed (with the results
// and failure counts reported since the previous one) before on_transition returns, so the
// executor acts only on durable transitions. Results are held until the next transition or
// cycle event and land in the same transaction: after a crash an operation whose transition
// was not stored is re-issued and its result recorded once, never twice. Snapshots are written
// as daemon/cycle_snapshot.hpp and results as daemon/poa_results.hpp define them.
//
// A failed commit cannot be reported through the Journal interface, and acting on an unstored
// transition would break the promise above, so the failure handler is called; the default one
// prints and ends the process with exit code 3 (the state on disk stays consistent and a
// restarted daemon resumes from it).
//
// Thread-safety: used from the executor's thread only.
#pragma once

#include "core/clock.hpp"
#include "rollout/journal.hpp"
#include "store/store.hpp"

#include <functional>
#include <string>

namespace pw::daemon {

using FailureHandler = std::function<void(const std::string& message)>;

// Prints the message to stderr and exits with code 3.
void exit_on_store_failure(const std::string& message);

class StoreJournal final : public rollout::Journal {
 public:
  StoreJournal(store::Store& store, store::CycleId cycle_id, std::string content_hash,
               int results_cap, const Clock& clock,
               FailureHandler on_failure = exit_on_store_failure);

  void on_transition(const rollout::CycleState& cycle, const rollout::NodeTask& task,
                     rollout::SubState from, rollout::TaskEvent event) override;
  void on_result(const rollout::CycleState& cycle, const rollout::OperationRecord& record) override;
  void on_quarantine(const rollout::CycleState& cycle, const std::string& node,
                     const std::string& update_id, int consecutive_failures,
                     bool quarantined) override;
  // Stores the cycle-wide snapshot (without results, which have their own table).
  void on_cycle(const rollout::CycleState& cycle, const std::string& what) override;

 private:
  void commit(store::Batch batch);

  store::Store& m_store;
  store::CycleId m_cycle_id;
  std::string m_content_hash;
  int m_results_cap;
  const Clock& m_clock;
  FailureHandler m_on_failure;
  store::Batch m_pending;  // results and failure counts waiting for the next commit
};

// Node task row for `task` (its snapshot in `data`).
store::NodeTaskRecord to_record(store::CycleId cycle_id, const rollout::NodeTask& task);

// Stores a new cycle together with its first snapshot (`state`: every node not started) in one
// transaction, so nobody ever sees a started cycle without its nodes. Returns its id.
Result<store::CycleId> begin_cycle(store::Store& store, const store::CycleRecord& cycle,
                                   const rollout::CycleState& state);

// Rebuilds the rollout's snapshot of an unfinished cycle: the last cycle-wide snapshot with
// every stored node task laid over it, its results, and the policy's failure counts.
Result<rollout::CycleState> load_cycle_state(store::Store& store, const store::CycleRecord& cycle);

}  // namespace pw::daemon
