// Conversions between rows and statements shared by the Store's source files (internal).
#pragma once

#include "store/records.hpp"
#include "store/sqlite.hpp"

#include <optional>
#include <vector>

namespace pw::store::detail {

inline std::int64_t to_seconds(Instant instant) {
  return instant.time_since_epoch().count();
}
inline Instant from_seconds(std::int64_t seconds) {
  return Instant{Seconds{seconds}};
}

inline std::optional<std::int64_t> to_seconds(const std::optional<Instant>& instant) {
  if (!instant) return std::nullopt;
  return to_seconds(*instant);
}

inline std::optional<Instant> optional_instant(const Statement& statement, int column) {
  const auto value = statement.column_optional_int(column);
  if (!value) return std::nullopt;
  return from_seconds(*value);
}

// Collects every row of a statement with `read`; stops at the first error.
template <typename Row, typename Read>
Result<std::vector<Row>> collect(Statement& statement, Read read) {
  std::vector<Row> rows;
  while (true) {
    auto more = statement.step();
    if (!more) return Error{more.error()};
    if (!*more) break;
    rows.push_back(read(statement));
  }
  return rows;
}

}  // namespace pw::store::detail
