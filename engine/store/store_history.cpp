// The Store's history tables: results, update failure counts, missed windows, pauses.
#include "store/row_io.hpp"
#include "store/sqlite_store.hpp"

namespace pw::store {

using detail::collect;
using detail::from_seconds;
using detail::optional_instant;
using detail::to_seconds;

Status SqliteStore::add_result(const ResultRecord& result, int cap) {
  Batch batch;
  batch.results.push_back(result);
  batch.results_cap = cap;
  return commit(batch);
}

Result<std::vector<ResultRecord>> SqliteStore::results(const std::string& policy) {
  std::lock_guard lock{m_mutex};
  auto statement = m_database.prepare(
      "SELECT id, policy, node, cycle_id, recorded_at, json FROM results "
      "WHERE ?1 = '' OR policy = ?1 ORDER BY id");
  if (!statement) return Error{statement.error()};
  statement->bind(1, policy);
  return collect<ResultRecord>(*statement, [](const Statement& row) {
    return ResultRecord{row.column_int(0),
                        row.column_text(1),
                        row.column_text(2),
                        row.column_int(3),
                        from_seconds(row.column_int(4)),
                        row.column_text(5)};
  });
}

Status SqliteStore::set_failure_count(const std::string& policy, const std::string& node,
                                      const std::string& update_id, int consecutive_failures) {
  Batch batch;
  batch.failure_counts.push_back(FailureCountRecord{policy, node, update_id, consecutive_failures});
  return commit(batch);
}

Result<FailureCounts> SqliteStore::failure_counts(const std::string& policy) {
  std::lock_guard lock{m_mutex};
  auto statement = m_database.prepare(
      "SELECT node, update_id, consecutive_failures FROM update_failures WHERE policy = ?");
  if (!statement) return Error{statement.error()};
  statement->bind(1, policy);
  FailureCounts counts;
  while (true) {
    auto more = statement->step();
    if (!more) return Error{more.error()};
    if (!*more) break;
    counts[{statement->column_text(0), statement->column_text(1)}] =
        static_cast<int>(statement->column_int(2));
  }
  return counts;
}

Status SqliteStore::record_missed(const MissedWindow& missed) {
  std::lock_guard lock{m_mutex};
  auto statement = m_database.prepare(
      "INSERT OR IGNORE INTO missed_windows (policy, window_start, window_end, recorded_at, "
      "reason) VALUES (?, ?, ?, ?, ?)");
  if (!statement) return Error{statement.error()};
  statement->bind(1, missed.policy).bind(2, to_seconds(missed.window_start));
  statement->bind(3, to_seconds(missed.window_end)).bind(4, to_seconds(missed.recorded_at));
  statement->bind(5, missed.reason);
  return statement->run();
}

Result<std::vector<MissedWindow>> SqliteStore::missed_windows(const std::string& policy) {
  std::lock_guard lock{m_mutex};
  auto statement = m_database.prepare(
      "SELECT policy, window_start, window_end, recorded_at, reason FROM missed_windows "
      "WHERE ?1 = '' OR policy = ?1 ORDER BY window_start");
  if (!statement) return Error{statement.error()};
  statement->bind(1, policy);
  return collect<MissedWindow>(*statement, [](const Statement& row) {
    return MissedWindow{row.column_text(0), from_seconds(row.column_int(1)),
                        optional_instant(row, 2), from_seconds(row.column_int(3)),
                        row.column_text(4)};
  });
}

Result<Instant> SqliteStore::first_seen(const std::string& policy, Instant now) {
  std::lock_guard lock{m_mutex};
  auto insert =
      m_database.prepare("INSERT OR IGNORE INTO policies_seen (policy, first_seen) VALUES (?, ?)");
  if (!insert) return Error{insert.error()};
  insert->bind(1, policy).bind(2, to_seconds(now));
  PW_TRY(insert->run());
  auto select = m_database.prepare("SELECT first_seen FROM policies_seen WHERE policy = ?");
  if (!select) return Error{select.error()};
  select->bind(1, policy);
  auto found = select->step();
  if (!found) return Error{found.error()};
  return *found ? from_seconds(select->column_int(0)) : now;
}

Status SqliteStore::set_paused(const std::string& policy, bool paused, Instant at) {
  std::lock_guard lock{m_mutex};
  auto statement =
      m_database.prepare(paused ? "INSERT OR IGNORE INTO paused_policies (policy, since) "
                                  "VALUES (?, ?)"
                                : "DELETE FROM paused_policies WHERE policy = ?");
  if (!statement) return Error{statement.error()};
  statement->bind(1, policy);
  if (paused) statement->bind(2, to_seconds(at));
  return statement->run();
}

Result<std::set<std::string>> SqliteStore::paused_policies() {
  std::lock_guard lock{m_mutex};
  auto statement = m_database.prepare("SELECT policy FROM paused_policies ORDER BY policy");
  if (!statement) return Error{statement.error()};
  auto rows =
      collect<std::string>(*statement, [](const Statement& row) { return row.column_text(0); });
  if (!rows) return Error{rows.error()};
  return std::set<std::string>(rows->begin(), rows->end());
}

}  // namespace pw::store
