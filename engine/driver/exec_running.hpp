// ExecDriver's record of one running call. Internal to the driver module.
#pragma once

#include "driver/exec_driver.hpp"

namespace pw::driver {

struct ExecDriver::Running {
  CallId id = 0;
  Operation operation = Operation::Health;
  std::string node;
  std::unique_ptr<ChildProcess> child;
  std::string request;
  std::size_t written = 0;
  std::string stdout_text;
  bool stdout_overflow = false;
  std::string stderr_text;     // the tail, for the message
  std::string stderr_pending;  // a line not yet complete, for the log
  std::size_t stderr_logged_bytes = 0;
  std::size_t stderr_logged_lines = 0;
  std::size_t stderr_unlogged_bytes = 0;  // past the log's cap
  Seconds timeout{};
  Instant deadline{};
  bool term_sent = false;
  Instant kill_at{};
  bool kill_sent = false;
  bool done = false;
};

}  // namespace pw::driver
