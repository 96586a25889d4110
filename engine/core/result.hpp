// Result<T>: a value or an error message, for expected runtime failures (std::expected is not
// available on g++ 12). User mistakes in files are Diagnostics instead.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace pw {

struct Error {
  std::string message;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : m_state(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : m_state(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  [[nodiscard]] bool ok() const { return m_state.index() == 0; }
  explicit operator bool() const { return ok(); }

  // REQUIRES: ok()
  T& value() & {
    assert(ok());
    return std::get<0>(m_state);
  }
  const T& value() const& {
    assert(ok());
    return std::get<0>(m_state);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(m_state));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  // REQUIRES: !ok()
  [[nodiscard]] const std::string& error() const {
    assert(!ok());
    return std::get<1>(m_state).message;
  }

 private:
  std::variant<T, Error> m_state;
};

// Result of an operation that yields nothing but can fail.
struct Done {};
using Status = Result<Done>;

// Early return of the error inside a function that itself returns a Result.
#define PW_TRY(expression)                                                \
  do {                                                                    \
    auto pw_try_result_ = (expression);                                   \
    if (!pw_try_result_.ok()) return ::pw::Error{pw_try_result_.error()}; \
  } while (false)

}  // namespace pw
