// The state database's schema and its migrations. The `schema_version` table holds one row,
// the version reached; migrate() applies every later migration, each in its own transaction, so
// a database written by an older patchwarden is upgraded in place and a crash mid-migration
// leaves the last complete version.
#pragma once

#include "core/result.hpp"
#include "store/sqlite.hpp"

#include <span>
#include <string_view>

namespace pw::store {

// Migration i (0-based) brings the schema from version i to version i + 1.
std::span<const std::string_view> migrations();

[[nodiscard]] inline int latest_schema_version() {
  return static_cast<int>(migrations().size());
}

// The version the database is at (0 for a new file).
Result<int> schema_version(Database& database);

// Applies the migrations after the current version, up to `target` (default: the latest).
// Refuses a database newer than this program knows.
Status migrate(Database& database, int target = -1);

}  // namespace pw::store
