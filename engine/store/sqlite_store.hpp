// SqliteStore: the Store in DIR/state.db (SQLite, WAL, synchronous=FULL). Each write is one
// transaction committed before the call returns.
//
// Thread-safety: every method locks an internal mutex.
#pragma once

#include "store/sqlite.hpp"
#include "store/store.hpp"

#include <functional>
#include <memory>
#include <mutex>
#include <string>

namespace pw::store {

class SqliteStore final : public Store {
 public:
  // Opens DIR/state.db (creating DIR and the file), sets WAL and synchronous=FULL, migrates.
  static Result<std::unique_ptr<SqliteStore>> open(const std::string& directory);
  static Result<std::unique_ptr<SqliteStore>> open_read_only(const std::string& directory);

  Result<CycleId> begin_cycle(const CycleRecord& cycle, const std::string& snapshot) override;
  Status set_cycle_state(CycleId id, const std::string& state, Instant at,
                         std::optional<Instant> finished_at) override;
  Result<std::optional<CycleRecord>> open_cycle(const std::string& policy) override;
  Result<std::optional<CycleRecord>> cycle(CycleId id) override;
  Result<std::optional<CycleRecord>> latest_cycle(const std::string& policy) override;
  Result<std::vector<CycleRecord>> cycles() override;
  Result<bool> window_handled(const std::string& policy, Instant window_start) override;
  Status move_cycle_window(CycleId id, Instant window_start,
                           std::optional<Instant> window_end) override;
  Result<std::string> cycle_data(CycleId id) override;
  Result<std::optional<Instant>> last_handled_window(const std::string& policy) override;
  Status commit(const Batch& batch) override;
  Status record_transition(const NodeTaskRecord& task, const std::string& from_state,
                           const std::string& policy, const std::string& content_hash, Instant at,
                           const std::string& detail) override;
  Result<std::vector<NodeTaskRecord>> node_tasks(CycleId cycle_id) override;
  Result<std::vector<AuditRecord>> audit(CycleId cycle_id) override;
  Status add_result(const ResultRecord& result, int cap) override;
  Result<std::vector<ResultRecord>> results(const std::string& policy) override;
  Status set_failure_count(const std::string& policy, const std::string& node,
                           const std::string& update_id, int consecutive_failures) override;
  Result<FailureCounts> failure_counts(const std::string& policy) override;
  Status record_missed(const MissedWindow& missed) override;
  Result<std::vector<MissedWindow>> missed_windows(const std::string& policy) override;
  Result<Instant> first_seen(const std::string& policy, Instant now) override;
  Status set_paused(const std::string& policy, bool paused, Instant at) override;
  Result<std::set<std::string>> paused_policies() override;

 private:
  explicit SqliteStore(Database database) : m_database(std::move(database)) {}
  Status in_transaction(const std::function<Status()>& body);
  Status write_batch(const Batch& batch);

  std::mutex m_mutex;
  Database m_database;
};

}  // namespace pw::store
