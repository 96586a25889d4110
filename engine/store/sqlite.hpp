// A thin RAII layer over the SQLite C API: a Database connection and prepared Statements with
// typed binds and column reads. Errors come back as Status/Result values carrying SQLite's
// message; nothing here throws.
//
// Thread-safety: a Database and its Statements are used from one thread at a time.
#pragma once

#include "core/result.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace pw::store {

class Statement;

class Database {
 public:
  Database() = default;
  ~Database();
  Database(Database&& other) noexcept;
  Database& operator=(Database&& other) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // ReadOnly never writes. Immutable also takes no locks and needs no -shm file, so a user who
  // may only read the state directory can read a WAL database no process has open.
  enum class Mode { ReadWrite, ReadOnly, Immutable };
  // Opens the database file at `path`; ReadWrite creates it when missing.
  static Result<Database> open(const std::string& path, Mode mode = Mode::ReadWrite);

  // Runs one or more statements that return no rows.
  Status execute(std::string_view sql);
  Result<Statement> prepare(std::string_view sql);
  [[nodiscard]] std::int64_t last_insert_id() const;
  [[nodiscard]] std::string last_error() const;

 private:
  explicit Database(sqlite3* handle) : m_handle(handle) {}
  sqlite3* m_handle = nullptr;
};

// One prepared statement. Binds are 1-based as in SQLite; columns 0-based.
class Statement {
 public:
  ~Statement();
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  Statement& bind(int index, std::string_view value);
  Statement& bind(int index, const std::optional<std::int64_t>& value);
  Statement& bind_null(int index);

  // Advances: true when a row is available, false when done; an error otherwise.
  Result<bool> step();
  // Runs a statement that returns no rows to completion.
  Status run();
  void reset();

  [[nodiscard]] std::int64_t column_int(int index) const;
  [[nodiscard]] std::optional<std::int64_t> column_optional_int(int index) const;
  [[nodiscard]] std::string column_text(int index) const;

 private:
  friend class Database;
  Statement(sqlite3* db, sqlite3_stmt* handle) : m_db(db), m_handle(handle) {}
  sqlite3* m_db = nullptr;
  sqlite3_stmt* m_handle = nullptr;
};

}  // namespace pw::store
