// How an Exec driver process's end becomes an Outcome (DESIGN.md §7): exit code 0 and a valid
// reply for the operation on stdout (exec_protocol.hpp) is Ok; a non-zero exit or a signal is
// Failed with the stderr tail (keeping the reply when it printed a valid one); a timeout is
// TimedOut; exit 0 with anything but a valid reply is ProtocolError, saying what is wrong with
// it. Pure functions, kept apart from the process plumbing so each rule has a unit test.
#pragma once

#include "core/result.hpp"
#include "core/time.hpp"
#include "driver/child_process.hpp"
#include "driver/driver.hpp"
#include "driver/exec_protocol.hpp"

#include <string>
#include <string_view>

namespace pw::driver {

struct ProcessReport {
  Operation operation = Operation::Health;
  ReplyScope scope = ReplyScope::Node;
  ExitStatus exit;
  std::string stdout_text;
  bool stdout_overflow = false;  // more than stdout_limit bytes were printed
  std::size_t stdout_limit = 0;
  std::string stderr_text;  // its tail; the whole of it went to the log
  bool timed_out = false;
  Seconds timeout{};
  bool killed_after_grace = false;  // SIGTERM was not enough
};

[[nodiscard]] Outcome make_outcome(const ProcessReport& report, Instant finished_at);

// The first `max_chars` bytes of `text`, in double quotes, with control characters escaped.
[[nodiscard]] std::string quote_start(std::string_view text, std::size_t max_chars);

// The last `max_lines` lines of `text`, at most `max_chars` bytes, without trailing blanks.
[[nodiscard]] std::string tail_lines(std::string_view text, std::size_t max_lines,
                                     std::size_t max_chars);

}  // namespace pw::driver
