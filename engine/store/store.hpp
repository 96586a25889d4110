// Store: the daemon's durable state in DIR/state.db (SQLite, WAL, synchronous=FULL). Every
// write is one transaction that is committed before the call returns, so the caller may act on
// a transition as soon as record_transition() succeeds: after a crash at any later point the
// transition is on disk.
//
// Thread-safety: every method locks an internal mutex, so the scheduler thread writes while
// the HTTP threads read.
#pragma once

#include "core/result.hpp"
#include "store/records.hpp"
#include "store/sqlite.hpp"

#include <functional>
#include <map>
#include <memory>
#include <mutex>
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
  std::optional<std::pair<CycleId, std::string>> cycle_data;  // cycle id, snapshot JSON
};

class Store {
 public:
  // Opens DIR/state.db (creating DIR and the file), sets WAL and synchronous=FULL, migrates.
  static Result<std::unique_ptr<Store>> open(const std::string& directory);

  // --- cycles
  // Inserts the cycle (its id is ignored) and returns the new id.
  Result<CycleId> begin_cycle(const CycleRecord& cycle);
  // Sets the cycle's state; `finished_at` closes it. Audited as a cycle transition.
  Status set_cycle_state(CycleId id, const std::string& state, Instant at,
                         std::optional<Instant> finished_at);
  // The policy's cycle that has not finished, if any (what a restarted daemon resumes).
  Result<std::optional<CycleRecord>> open_cycle(const std::string& policy);
  Result<std::optional<CycleRecord>> cycle(CycleId id);
  Result<std::optional<CycleRecord>> latest_cycle(const std::string& policy);
  Result<std::vector<CycleRecord>> cycles();
  // Whether a cycle or a missed-window record exists for this window (it was handled).
  Result<bool> window_handled(const std::string& policy, Instant window_start);

  // The cycle goes on in a later window (nodes deferred by a window end); the window it is in
  // now is what counts as handled.
  Status move_cycle_window(CycleId id, Instant window_start, std::optional<Instant> window_end);
  // The cycle-wide snapshot last stored with a Batch ("{}" when none).
  Result<std::string> cycle_data(CycleId id);
  // The start of the latest window of `policy` that has a cycle or a missed record.
  Result<std::optional<Instant>> last_handled_window(const std::string& policy);

  // Commits everything in `batch` in one transaction.
  Status commit(const Batch& batch);

  // --- node tasks and the audit log
  // Upserts the task and appends an audit line, in one transaction.
  Status record_transition(const NodeTaskRecord& task, const std::string& from_state,
                           const std::string& policy, const std::string& content_hash, Instant at,
                           const std::string& detail);
  Result<std::vector<NodeTaskRecord>> node_tasks(CycleId cycle_id);
  Result<std::vector<AuditRecord>> audit(CycleId cycle_id);

  // --- results history (POA's GetWindowsUpdateResults), oldest dropped beyond `cap` per policy
  Status add_result(const ResultRecord& result, int cap);
  // All results, oldest first; `policy` empty = every policy.
  Result<std::vector<ResultRecord>> results(const std::string& policy = {});

  // --- quarantine: consecutive failure counts per (policy, node, update)
  Status set_failure_count(const std::string& policy, const std::string& node,
                           const std::string& update_id, int consecutive_failures);
  Result<FailureCounts> failure_counts(const std::string& policy);

  // --- missed windows
  Status record_missed(const MissedWindow& missed);
  Result<std::vector<MissedWindow>> missed_windows(const std::string& policy = {});

  // When the policy was first seen by a daemon on this state: the stored instant, or `now`
  // (stored) the first time.
  Result<Instant> first_seen(const std::string& policy, Instant now);

  // --- operator pauses
  Status set_paused(const std::string& policy, bool paused, Instant at);
  Result<std::set<std::string>> paused_policies();

 private:
  explicit Store(Database database) : m_database(std::move(database)) {}
  Status in_transaction(const std::function<Status()>& body);
  Status write_batch(const Batch& batch);

  std::mutex m_mutex;
  Database m_database;
};

}  // namespace pw::store
