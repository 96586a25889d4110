#include "store/sqlite_store.hpp"

#include "store/row_io.hpp"
#include "store/schema.hpp"
#include "store/state_lock.hpp"

#include <filesystem>
#include <system_error>

namespace pw::store {

using detail::collect;
using detail::from_seconds;
using detail::optional_instant;
using detail::to_seconds;

namespace {

constexpr const char* k_cycle_columns =
    "SELECT id, policy, cluster, window_start, window_end, state, content_hash, started_at, "
    "finished_at FROM cycles ";

CycleRecord read_cycle(const Statement& row) {
  return CycleRecord{row.column_int(0),        row.column_text(1),
                     row.column_text(2),       from_seconds(row.column_int(3)),
                     optional_instant(row, 4), row.column_text(5),
                     row.column_text(6),       from_seconds(row.column_int(7)),
                     optional_instant(row, 8)};
}

Result<std::optional<CycleRecord>> first_cycle(Statement& statement) {
  auto rows = collect<CycleRecord>(statement, read_cycle);
  if (!rows) return Error{rows.error()};
  if (rows->empty()) return std::optional<CycleRecord>{};
  return std::optional<CycleRecord>{rows->front()};
}

}  // namespace

Result<std::unique_ptr<Store>> Store::open(const std::string& directory) {
  auto store = SqliteStore::open(directory);
  if (!store) return Error{store.error()};
  return std::unique_ptr<Store>(std::move(store).value());
}

Result<std::unique_ptr<Store>> Store::open_read_only(const std::string& directory) {
  auto store = SqliteStore::open_read_only(directory);
  if (!store) return Error{store.error()};
  return std::unique_ptr<Store>(std::move(store).value());
}

namespace {

// An empty file is not a store SQLite would start anew in silence: it is a truncated one, or
// not ours. Refused, so that nothing recorded is overwritten without the operator's word.
Status refuse_empty(const std::string& path) {
  std::error_code error;
  if (std::filesystem::is_regular_file(path, error) &&
      std::filesystem::file_size(path, error) == 0 && !error) {
    return Error{path +
                 " is empty (0 bytes): it is not a patchwarden state database. Move it "
                 "away to start with a new one, or restore it from a backup"};
  }
  return Done{};
}

}  // namespace

namespace {

// The schema version, read without creating its table (schema_version() would).
Result<int> read_version(Database& database) {
  auto statement = database.prepare("SELECT version FROM schema_version");
  if (!statement) return Error{statement.error()};
  auto row = statement->step();
  if (!row) return Error{row.error()};
  return *row ? static_cast<int>(statement->column_int(0)) : 0;
}

}  // namespace

Result<std::unique_ptr<SqliteStore>> SqliteStore::open_read_only(const std::string& directory) {
  const std::string path = directory + "/state.db";
  if (!std::filesystem::exists(path)) return Error{"no state database " + path};
  PW_TRY(refuse_empty(path));
  auto database = Database::open(path, Database::Mode::ReadOnly);
  if (!database) return Error{database.error()};
  auto version = read_version(*database);
  if (!version && !StateLock::is_held(directory)) {
    // A WAL database needs its -shm file, which a reader without write access to the directory
    // cannot create. No daemon holds the store, so nothing changes it while it is read.
    database = Database::open(path, Database::Mode::Immutable);
    if (!database) return Error{database.error()};
    version = read_version(*database);
  }
  if (!version) return Error{"cannot read " + path + ": " + version.error()};
  if (*version != latest_schema_version()) {
    return Error{path + " has schema version " + std::to_string(*version) + ", this patchwarden " +
                 std::to_string(latest_schema_version()) +
                 ": start the daemon once (it migrates the store) or use the matching version"};
  }
  return std::unique_ptr<SqliteStore>(new SqliteStore(std::move(database).value()));
}

Result<std::unique_ptr<SqliteStore>> SqliteStore::open(const std::string& directory) {
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  if (error) return Error{"cannot create state directory " + directory + ": " + error.message()};
  PW_TRY(refuse_empty(directory + "/state.db"));
  auto database = Database::open(directory + "/state.db");
  if (!database) return Error{database.error()};
  PW_TRY(
      database->execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                        " PRAGMA foreign_keys=ON;"));
  PW_TRY(migrate(*database));
  return std::unique_ptr<SqliteStore>(new SqliteStore(std::move(database).value()));
}

Status SqliteStore::in_transaction(const std::function<Status()>& body) {
  PW_TRY(m_database.execute("BEGIN IMMEDIATE"));
  auto status = body();
  if (!status.ok()) {
    (void)m_database.execute("ROLLBACK");
    return status;
  }
  return m_database.execute("COMMIT");
}

Result<CycleId> SqliteStore::begin_cycle(const CycleRecord& cycle, const std::string& snapshot) {
  std::lock_guard lock{m_mutex};
  auto statement = m_database.prepare(
      "INSERT INTO cycles (policy, cluster, window_start, window_end, state, content_hash, "
      "started_at, finished_at, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!statement) return Error{statement.error()};
  statement->bind(1, cycle.policy).bind(2, cycle.cluster).bind(3, to_seconds(cycle.window_start));
  statement->bind(4, to_seconds(cycle.window_end)).bind(5, cycle.state);
  statement->bind(6, cycle.content_hash).bind(7, to_seconds(cycle.started_at));
  statement->bind(8, to_seconds(cycle.finished_at)).bind(9, snapshot);
  PW_TRY(statement->run());
  return m_database.last_insert_id();
}

Status SqliteStore::set_cycle_state(CycleId id, const std::string& state, Instant at,
                                    std::optional<Instant> finished_at) {
  std::lock_guard lock{m_mutex};
  return in_transaction([&]() -> Status {
    auto current =
        m_database.prepare("SELECT state, policy, content_hash FROM cycles WHERE id = ?");
    if (!current) return Error{current.error()};
    current->bind(1, id);
    auto found = current->step();
    if (!found) return Error{found.error()};
    if (!*found) return Error{"no cycle " + std::to_string(id)};
    AuditRecord audit{0,
                      at,
                      current->column_text(1),
                      id,
                      "",
                      current->column_text(0),
                      state,
                      current->column_text(2),
                      "cycle"};
    auto update = m_database.prepare("UPDATE cycles SET state = ?, finished_at = ? WHERE id = ?");
    if (!update) return Error{update.error()};
    update->bind(1, state).bind(2, to_seconds(finished_at)).bind(3, id);
    PW_TRY(update->run());
    Batch batch;
    batch.audit.push_back(audit);
    return write_batch(batch);
  });
}

Result<std::optional<CycleRecord>> SqliteStore::open_cycle(const std::string& policy) {
  std::lock_guard lock{m_mutex};
  auto statement = m_database.prepare(std::string(k_cycle_columns) +
                                      "WHERE policy = ? AND finished_at IS NULL ORDER BY id DESC");
  if (!statement) return Error{statement.error()};
  statement->bind(1, policy);
  return first_cycle(*statement);
}

Result<std::optional<CycleRecord>> SqliteStore::cycle(CycleId id) {
  std::lock_guard lock{m_mutex};
  auto statement = m_database.prepare(std::string(k_cycle_columns) + "WHERE id = ?");
  if (!statement) return Error{statement.error()};
  statement->bind(1, id);
  return first_cycle(*statement);
}

Result<std::optional<CycleRecord>> SqliteStore::latest_cycle(const std::string& policy) {
  std::lock_guard lock{m_mutex};
  auto statement =
      m_database.prepare(std::string(k_cycle_columns) + "WHERE policy = ? ORDER BY id DESC");
  if (!statement) return Error{statement.error()};
  statement->bind(1, policy);
  return first_cycle(*statement);
}

Result<std::vector<CycleRecord>> SqliteStore::cycles() {
  std::lock_guard lock{m_mutex};
  auto statement = m_database.prepare(std::string(k_cycle_columns) + "ORDER BY id");
  if (!statement) return Error{statement.error()};
  return collect<CycleRecord>(*statement, read_cycle);
}

Result<bool> SqliteStore::window_handled(const std::string& policy, Instant window_start) {
  std::lock_guard lock{m_mutex};
  auto statement = m_database.prepare(
      "SELECT 1 FROM cycles WHERE policy = ?1 AND window_start = ?2 UNION ALL "
      "SELECT 1 FROM missed_windows WHERE policy = ?1 AND window_start = ?2");
  if (!statement) return Error{statement.error()};
  statement->bind(1, policy).bind(2, to_seconds(window_start));
  return statement->step();
}

Status SqliteStore::record_transition(const NodeTaskRecord& task, const std::string& from_state,
                                      const std::string& policy, const std::string& content_hash,
                                      Instant at, const std::string& detail) {
  Batch batch;
  batch.task = task;
  batch.audit.push_back(AuditRecord{0, at, policy, task.cycle_id, task.node, from_state, task.state,
                                    content_hash, detail});
  return commit(batch);
}

Result<std::vector<NodeTaskRecord>> SqliteStore::node_tasks(CycleId cycle_id) {
  std::lock_guard lock{m_mutex};
  auto statement = m_database.prepare(
      "SELECT cycle_id, node, state, sub_state, attempts, reschedules, next_attempt, data "
      "FROM node_tasks WHERE cycle_id = ? ORDER BY node");
  if (!statement) return Error{statement.error()};
  statement->bind(1, cycle_id);
  return collect<NodeTaskRecord>(*statement, [](const Statement& row) {
    return NodeTaskRecord{row.column_int(0),
                          row.column_text(1),
                          row.column_text(2),
                          static_cast<int>(row.column_int(3)),
                          static_cast<int>(row.column_int(4)),
                          static_cast<int>(row.column_int(5)),
                          optional_instant(row, 6),
                          row.column_text(7)};
  });
}

Result<std::vector<AuditRecord>> SqliteStore::audit(CycleId cycle_id) {
  std::lock_guard lock{m_mutex};
  auto statement = m_database.prepare(
      "SELECT id, at, policy, cycle_id, node, from_state, to_state, content_hash, detail "
      "FROM audit WHERE cycle_id = ? ORDER BY id");
  if (!statement) return Error{statement.error()};
  statement->bind(1, cycle_id);
  return collect<AuditRecord>(*statement, [](const Statement& row) {
    return AuditRecord{row.column_int(0),  from_seconds(row.column_int(1)),
                       row.column_text(2), row.column_int(3),
                       row.column_text(4), row.column_text(5),
                       row.column_text(6), row.column_text(7),
                       row.column_text(8)};
  });
}

}  // namespace pw::store
