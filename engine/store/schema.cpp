#include "store/schema.hpp"

#include <array>
#include <string>

namespace pw::store {

namespace {

// Instants are stored as seconds since the Unix epoch (UTC).
constexpr std::string_view k_v1 = R"sql(
CREATE TABLE cycles (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  policy TEXT NOT NULL,
  cluster TEXT NOT NULL,
  window_start INTEGER NOT NULL,
  window_end INTEGER,
  state TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  finished_at INTEGER,
  UNIQUE (policy, window_start)
);
CREATE TABLE node_tasks (
  cycle_id INTEGER NOT NULL REFERENCES cycles(id),
  node TEXT NOT NULL,
  state TEXT NOT NULL,
  sub_state INTEGER NOT NULL,
  attempts INTEGER NOT NULL,
  reschedules INTEGER NOT NULL,
  next_attempt INTEGER,
  data TEXT NOT NULL,
  PRIMARY KEY (cycle_id, node)
);
CREATE TABLE results (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  policy TEXT NOT NULL,
  node TEXT NOT NULL,
  cycle_id INTEGER NOT NULL,
  recorded_at INTEGER NOT NULL,
  json TEXT NOT NULL
);
CREATE INDEX results_by_policy ON results (policy, id);
CREATE TABLE update_failures (
  policy TEXT NOT NULL,
  node TEXT NOT NULL,
  update_id TEXT NOT NULL,
  consecutive_failures INTEGER NOT NULL,
  PRIMARY KEY (policy, node, update_id)
);
CREATE TABLE audit (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  policy TEXT NOT NULL,
  cycle_id INTEGER NOT NULL,
  node TEXT NOT NULL,
  from_state TEXT NOT NULL,
  to_state TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  detail TEXT NOT NULL
);
CREATE INDEX audit_by_cycle ON audit (cycle_id, id);
CREATE TABLE missed_windows (
  policy TEXT NOT NULL,
  window_start INTEGER NOT NULL,
  window_end INTEGER,
  recorded_at INTEGER NOT NULL,
  PRIMARY KEY (policy, window_start)
);
)sql";

// v2: operator pauses survive restarts.
constexpr std::string_view k_v2 = R"sql(
CREATE TABLE paused_policies (
  policy TEXT PRIMARY KEY,
  since INTEGER NOT NULL
);
)sql";

// v3: the cycle-wide part of the rollout's snapshot (window, halt, wait reason, node list).
constexpr std::string_view k_v3 = R"sql(
ALTER TABLE cycles ADD COLUMN data TEXT NOT NULL DEFAULT '{}';
)sql";

// v4: when the daemon first saw each policy, so windows after that are caught up on even if
// it crashed before doing anything.
constexpr std::string_view k_v4 = R"sql(
CREATE TABLE policies_seen (
  policy TEXT PRIMARY KEY,
  first_seen INTEGER NOT NULL
);
)sql";

// v5: why a window was missed (issue 8: a window that closed while its policy waited for the
// cluster's lease names the holder).
constexpr std::string_view k_v5 = R"sql(
ALTER TABLE missed_windows ADD COLUMN reason TEXT NOT NULL DEFAULT '';
)sql";

// v6: OperationType as POA numbers it (1 Installation, 0 SearchAndDownload); versions before
// stored them the other way round.
constexpr std::string_view k_v6 = R"sql(
UPDATE results SET json = json_set(json, '$.OperationType',
                                   1 - json_extract(json, '$.OperationType'))
WHERE json_valid(json) AND json_extract(json, '$.OperationType') IN (0, 1);
)sql";

constexpr std::array<std::string_view, 6> k_migrations{k_v1, k_v2, k_v3, k_v4, k_v5, k_v6};

Status ensure_version_table(Database& database) {
  return database.execute(
      "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);"
      "INSERT INTO schema_version (version) SELECT 0 WHERE NOT EXISTS "
      "(SELECT 1 FROM schema_version);");
}

Status apply(Database& database, int index) {
  PW_TRY(database.execute("BEGIN IMMEDIATE"));
  auto applied = database.execute(k_migrations[static_cast<std::size_t>(index)]);
  if (applied.ok()) {
    applied = database.execute("UPDATE schema_version SET version = " + std::to_string(index + 1));
  }
  if (!applied.ok()) {
    (void)database.execute("ROLLBACK");
    return Error{"migration to schema version " + std::to_string(index + 1) +
                 " failed: " + applied.error()};
  }
  return database.execute("COMMIT");
}

}  // namespace

std::span<const std::string_view> migrations() {
  return k_migrations;
}

Result<int> schema_version(Database& database) {
  PW_TRY(ensure_version_table(database));
  auto statement = database.prepare("SELECT version FROM schema_version");
  if (!statement) return Error{statement.error()};
  auto row = statement->step();
  if (!row) return Error{row.error()};
  return *row ? static_cast<int>(statement->column_int(0)) : 0;
}

Status migrate(Database& database, int target) {
  if (target < 0) target = latest_schema_version();
  auto current = schema_version(database);
  if (!current) return Error{current.error()};
  if (*current > latest_schema_version()) {
    return Error{"state database has schema version " + std::to_string(*current) +
                 ", newer than this patchwarden knows (" + std::to_string(latest_schema_version()) +
                 ")"};
  }
  for (int index = *current; index < target; ++index) PW_TRY(apply(database, index));
  return Done{};
}

}  // namespace pw::store
