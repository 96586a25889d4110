#include "store/sqlite.hpp"

#include <sqlite3.h>

#include <utility>

namespace pw::store {

Database::~Database() {
  if (m_handle != nullptr) sqlite3_close_v2(m_handle);
}

Database::Database(Database&& other) noexcept : m_handle(std::exchange(other.m_handle, nullptr)) {}

Database& Database::operator=(Database&& other) noexcept {
  if (this != &other) {
    if (m_handle != nullptr) sqlite3_close_v2(m_handle);
    m_handle = std::exchange(other.m_handle, nullptr);
  }
  return *this;
}

namespace {

// "file:" URI of a path, with the characters a URI gives meaning to escaped.
std::string file_uri(const std::string& path) {
  std::string uri = "file:";
  for (const char c : path) {
    if (c == '%' || c == '?' || c == '#') {
      constexpr const char* hex = "0123456789ABCDEF";
      uri += '%';
      uri += hex[(static_cast<unsigned char>(c) >> 4) & 0xF];
      uri += hex[static_cast<unsigned char>(c) & 0xF];
    } else {
      uri += c;
    }
  }
  return uri;
}

}  // namespace

Result<Database> Database::open(const std::string& path, Mode mode) {
  sqlite3* handle = nullptr;
  const int flags = (mode == Mode::ReadWrite ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
                                             : SQLITE_OPEN_READONLY | SQLITE_OPEN_URI) |
                    SQLITE_OPEN_NOMUTEX;
  const std::string name = mode == Mode::Immutable  ? file_uri(path) + "?immutable=1"
                           : mode == Mode::ReadOnly ? file_uri(path)
                                                    : path;
  const int rc = sqlite3_open_v2(name.c_str(), &handle, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = handle != nullptr ? sqlite3_errmsg(handle) : sqlite3_errstr(rc);
    sqlite3_close_v2(handle);
    return Error{"cannot open " + path + ": " + message};
  }
  sqlite3_busy_timeout(handle, 5000);
  return Database{handle};
}

Status Database::execute(std::string_view sql) {
  const std::string text{sql};
  char* message = nullptr;
  if (sqlite3_exec(m_handle, text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    std::string error = message != nullptr ? message : "unknown error";
    sqlite3_free(message);
    return Error{error};
  }
  return Done{};
}

Result<Statement> Database::prepare(std::string_view sql) {
  sqlite3_stmt* handle = nullptr;
  if (sqlite3_prepare_v2(m_handle, sql.data(), static_cast<int>(sql.size()), &handle, nullptr) !=
      SQLITE_OK) {
    return Error{last_error()};
  }
  return Statement{m_handle, handle};
}

std::int64_t Database::last_insert_id() const {
  return sqlite3_last_insert_rowid(m_handle);
}

std::string Database::last_error() const {
  return sqlite3_errmsg(m_handle);
}

Statement::~Statement() {
  if (m_handle != nullptr) sqlite3_finalize(m_handle);
}

Statement::Statement(Statement&& other) noexcept
    : m_db(other.m_db), m_handle(std::exchange(other.m_handle, nullptr)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    if (m_handle != nullptr) sqlite3_finalize(m_handle);
    m_db = other.m_db;
    m_handle = std::exchange(other.m_handle, nullptr);
  }
  return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
  sqlite3_bind_int64(m_handle, index, value);
  return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
  sqlite3_bind_text(m_handle, index, value.data(), static_cast<int>(value.size()),
                    SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::bind(int index, const std::optional<std::int64_t>& value) {
  return value ? bind(index, *value) : bind_null(index);
}

Statement& Statement::bind_null(int index) {
  sqlite3_bind_null(m_handle, index);
  return *this;
}

Result<bool> Statement::step() {
  const int rc = sqlite3_step(m_handle);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return Error{sqlite3_errmsg(m_db)};
}

Status Statement::run() {
  auto stepped = step();
  reset();
  if (!stepped) return Error{stepped.error()};
  return Done{};
}

void Statement::reset() {
  sqlite3_reset(m_handle);
  sqlite3_clear_bindings(m_handle);
}

std::int64_t Statement::column_int(int index) const {
  return sqlite3_column_int64(m_handle, index);
}

std::optional<std::int64_t> Statement::column_optional_int(int index) const {
  if (sqlite3_column_type(m_handle, index) == SQLITE_NULL) return std::nullopt;
  return column_int(index);
}

std::string Statement::column_text(int index) const {
  const auto* text = sqlite3_column_text(m_handle, index);
  if (text == nullptr) return {};
  return {reinterpret_cast<const char*>(text),
          static_cast<std::size_t>(sqlite3_column_bytes(m_handle, index))};
}

}  // namespace pw::store
