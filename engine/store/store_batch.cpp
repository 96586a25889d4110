// The Store's writes: one Batch, one transaction.
#include "store/row_io.hpp"
#include "store/sqlite_store.hpp"

namespace pw::store {

using detail::collect;
using detail::from_seconds;
using detail::to_seconds;

namespace {

Status write_task(Database& database, const NodeTaskRecord& task) {
  auto upsert = database.prepare(
      "INSERT OR REPLACE INTO node_tasks (cycle_id, node, state, sub_state, attempts, "
      "reschedules, next_attempt, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  if (!upsert) return Error{upsert.error()};
  upsert->bind(1, task.cycle_id).bind(2, task.node).bind(3, task.state).bind(4, task.sub_state);
  upsert->bind(5, task.attempts).bind(6, task.reschedules);
  upsert->bind(7, to_seconds(task.next_attempt)).bind(8, task.data);
  return upsert->run();
}

Status write_audit(Database& database, const AuditRecord& record) {
  auto statement = database.prepare(
      "INSERT INTO audit (at, policy, cycle_id, node, from_state, to_state, content_hash, detail) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  if (!statement) return Error{statement.error()};
  statement->bind(1, to_seconds(record.at)).bind(2, record.policy).bind(3, record.cycle_id);
  statement->bind(4, record.node).bind(5, record.from_state).bind(6, record.to_state);
  statement->bind(7, record.content_hash).bind(8, record.detail);
  return statement->run();
}

Status write_result(Database& database, const ResultRecord& result, int cap) {
  auto insert = database.prepare(
      "INSERT INTO results (policy, node, cycle_id, recorded_at, json) VALUES (?, ?, ?, ?, ?)");
  if (!insert) return Error{insert.error()};
  insert->bind(1, result.policy).bind(2, result.node).bind(3, result.cycle_id);
  insert->bind(4, to_seconds(result.recorded_at)).bind(5, result.json);
  PW_TRY(insert->run());
  // Oldest first out: keep the `cap` newest rows of this policy.
  auto trim = database.prepare(
      "DELETE FROM results WHERE policy = ?1 AND id NOT IN "
      "(SELECT id FROM results WHERE policy = ?1 ORDER BY id DESC LIMIT ?2)");
  if (!trim) return Error{trim.error()};
  trim->bind(1, result.policy).bind(2, cap < 1 ? 1 : cap);
  return trim->run();
}

Status write_failure_count(Database& database, const FailureCountRecord& record) {
  const bool keep = record.consecutive_failures > 0;
  auto statement = database.prepare(
      keep ? "INSERT OR REPLACE INTO update_failures (policy, node, update_id, "
             "consecutive_failures) VALUES (?, ?, ?, ?)"
           : "DELETE FROM update_failures WHERE policy = ? AND node = ? AND update_id = ?");
  if (!statement) return Error{statement.error()};
  statement->bind(1, record.policy).bind(2, record.node).bind(3, record.update_id);
  if (keep) statement->bind(4, record.consecutive_failures);
  return statement->run();
}

Status write_cycle_data(Database& database, CycleId id, const std::string& data) {
  auto statement = database.prepare("UPDATE cycles SET data = ? WHERE id = ?");
  if (!statement) return Error{statement.error()};
  statement->bind(1, data).bind(2, id);
  return statement->run();
}

}  // namespace

Status SqliteStore::write_batch(const Batch& batch) {
  if (batch.task) PW_TRY(write_task(m_database, *batch.task));
  for (const AuditRecord& record : batch.audit) PW_TRY(write_audit(m_database, record));
  for (const ResultRecord& result : batch.results) {
    PW_TRY(write_result(m_database, result, batch.results_cap));
  }
  for (const auto& record : batch.failure_counts) PW_TRY(write_failure_count(m_database, record));
  if (batch.cycle_data) {
    PW_TRY(write_cycle_data(m_database, batch.cycle_data->first, batch.cycle_data->second));
  }
  return Done{};
}

Status SqliteStore::commit(const Batch& batch) {
  std::lock_guard lock{m_mutex};
  return in_transaction([&] { return write_batch(batch); });
}

Status SqliteStore::move_cycle_window(CycleId id, Instant window_start,
                                      std::optional<Instant> window_end) {
  std::lock_guard lock{m_mutex};
  auto statement =
      m_database.prepare("UPDATE cycles SET window_start = ?, window_end = ? WHERE id = ?");
  if (!statement) return Error{statement.error()};
  statement->bind(1, to_seconds(window_start)).bind(2, to_seconds(window_end)).bind(3, id);
  return statement->run();
}

Result<std::string> SqliteStore::cycle_data(CycleId id) {
  std::lock_guard lock{m_mutex};
  auto statement = m_database.prepare("SELECT data FROM cycles WHERE id = ?");
  if (!statement) return Error{statement.error()};
  statement->bind(1, id);
  auto found = statement->step();
  if (!found) return Error{found.error()};
  if (!*found) return Error{"no cycle " + std::to_string(id)};
  return statement->column_text(0);
}

Result<std::optional<Instant>> SqliteStore::last_handled_window(const std::string& policy) {
  std::lock_guard lock{m_mutex};
  auto statement = m_database.prepare(
      "SELECT MAX(window_start) FROM (SELECT window_start FROM cycles WHERE policy = ?1 "
      "UNION ALL SELECT window_start FROM missed_windows WHERE policy = ?1)");
  if (!statement) return Error{statement.error()};
  statement->bind(1, policy);
  auto found = statement->step();
  if (!found) return Error{found.error()};
  const auto value = statement->column_optional_int(0);
  if (!value) return std::optional<Instant>{};
  return std::optional<Instant>{from_seconds(*value)};
}

}  // namespace pw::store
