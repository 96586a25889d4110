// Store: the daemon's durable state, one interface with one implementation per backend
// (DESIGN.md §9): SQLite in DIR/state.db (sqlite_store.hpp, the default) and, later, etcd. The
// conformance tests (tests/unit/store/test_store.cpp) are written against this interface and
// run for every implementation.
//
// Promises of every implementation: each write is one transaction that is durable before the
// call returns, so the caller may act on a transition as soon as record_transition() or
// commit() succeeds — after a crash at any later point the transition is there. A Batch lands
// whole or not at all.
//
// Thread-safety: every method may be called from any thread (the scheduler writes while the
// HTTP threads read).
#pragma once

#include "core/result.hpp"
#include "store/records.hpp"

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace pw::store {

// (node, update id) → cycles in a row in which the update failed on the node.
using FailureCounts = std::map<std::pair<std::string, std::string>, int>;

struct FailureCountRecord {
  std::string policy;
  std::string node;
  std::string update_id;
  int consecutive_failures = 0;  // 0 clears the row
};

// Writes that must land together in one transaction (a transition with the results and
// failure counts it produced), so a crash keeps all or none of them.
struct Batch {
  std::optional<NodeTaskRecord> task;
  std::vector<AuditRecord> audit;
  std::vector<ResultRecord> results;
  int results_cap = 3000;  // per policy
  std::vector<FailureCountRecord> failure_counts;
  std::optional<std::pair<CycleId, std::string>> cycle_data;  // cycle id, snapshot
};

class Store {
 public:
  virtual ~Store() = default;

  // The SQLite store (sqlite_store.hpp): opens DIR/state.db (creating DIR and the file), sets WAL
  // and synchronous=FULL, migrates.
  static Result<std::unique_ptr<Store>> open(const std::string& directory);
  // The same store for reading only (offline `status` and `results`): never creates, migrates or
  // writes; an error when DIR/state.db is missing or from a different schema version.
  static Result<std::unique_ptr<Store>> open_read_only(const std::string& directory);

  // --- cycles
  // Inserts the cycle (its id is ignored) with its first snapshot (what cycle_data returns), in
  // one transaction, and returns the new id.
  virtual Result<CycleId> begin_cycle(const CycleRecord& cycle, const std::string& snapshot) = 0;
  // Sets the cycle's state; `finished_at` closes it. Audited as a cycle transition.
  virtual Status set_cycle_state(CycleId id, const std::string& state, Instant at,
                                 std::optional<Instant> finished_at) = 0;
  // The policy's cycle that has not finished, if any (what a restarted daemon resumes).
  virtual Result<std::optional<CycleRecord>> open_cycle(const std::string& policy) = 0;
  virtual Result<std::optional<CycleRecord>> cycle(CycleId id) = 0;
  virtual Result<std::optional<CycleRecord>> latest_cycle(const std::string& policy) = 0;
  virtual Result<std::vector<CycleRecord>> cycles() = 0;
  // Whether a cycle or a missed-window record exists for this window (it was handled).
  virtual Result<bool> window_handled(const std::string& policy, Instant window_start) = 0;

  // The cycle goes on in a later window (nodes deferred by a window end); the window it is in
  // now is what counts as handled.
  virtual Status move_cycle_window(CycleId id, Instant window_start,
                                   std::optional<Instant> window_end) = 0;
  // The cycle-wide snapshot last stored with a Batch ("{}" when none).
  virtual Result<std::string> cycle_data(CycleId id) = 0;
  // The start of the latest window of `policy` that has a cycle or a missed record.
  virtual Result<std::optional<Instant>> last_handled_window(const std::string& policy) = 0;

  // Commits everything in `batch` in one transaction.
  virtual Status commit(const Batch& batch) = 0;

  // --- node tasks and the audit log
  // Upserts the task and appends an audit line, in one transaction.
  virtual Status record_transition(const NodeTaskRecord& task, const std::string& from_state,
                                   const std::string& policy, const std::string& content_hash,
                                   Instant at, const std::string& detail) = 0;
  virtual Result<std::vector<NodeTaskRecord>> node_tasks(CycleId cycle_id) = 0;
  virtual Result<std::vector<AuditRecord>> audit(CycleId cycle_id) = 0;

  // --- results history (POA's GetWindowsUpdateResults), oldest dropped beyond `cap` per policy
  virtual Status add_result(const ResultRecord& result, int cap) = 0;
  // All results, oldest first; `policy` empty = every policy.
  virtual Result<std::vector<ResultRecord>> results(const std::string& policy = {}) = 0;

  // --- quarantine: consecutive failure counts per (policy, node, update)
  virtual Status set_failure_count(const std::string& policy, const std::string& node,
                                   const std::string& update_id, int consecutive_failures) = 0;
  virtual Result<FailureCounts> failure_counts(const std::string& policy) = 0;

  // --- missed windows
  virtual Status record_missed(const MissedWindow& missed) = 0;
  virtual Result<std::vector<MissedWindow>> missed_windows(const std::string& policy = {}) = 0;

  // When the policy was first seen by a daemon on this state: the stored instant, or `now`
  // (stored) the first time.
  virtual Result<Instant> first_seen(const std::string& policy, Instant now) = 0;

  // --- operator pauses
  virtual Status set_paused(const std::string& policy, bool paused, Instant at) = 0;
  virtual Result<std::set<std::string>> paused_policies() = 0;
};

}  // namespace pw::store
