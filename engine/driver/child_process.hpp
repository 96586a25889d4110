// One driver process (DESIGN.md §7): spawned with posix_spawn as the leader of its own process
// group, with non-blocking pipes for stdin, stdout and stderr and a pidfd that becomes readable
// when it exits, so one poll() loop can watch many of them. Signals go to the whole group, so
// a timeout also reaches whatever the driver started.
//
// Thread-safety: not thread-safe; owned by one ExecDriver.
#pragma once

#include "core/result.hpp"

#include <sys/types.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace pw::driver {

// A file descriptor closed on destruction.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : m_fd(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : m_fd(other.release()) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept;
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd() { reset(); }

  [[nodiscard]] int get() const { return m_fd; }
  [[nodiscard]] bool valid() const { return m_fd >= 0; }
  int release();
  void reset();

 private:
  int m_fd = -1;
};

struct SpawnRequest {
  std::vector<std::string> argv;         // argv[0] is searched in PATH unless it has a '/'
  std::vector<std::string> environment;  // "KEY=VALUE"
  std::string working_directory;         // empty: the daemon's own
};

// How a process ended.
struct ExitStatus {
  enum class Kind { Exited, Signaled, Unknown };
  Kind kind = Kind::Unknown;
  int value = 0;  // exit code or signal number
};

class ChildProcess {
 public:
  // Starts the process. Fails when it cannot be started (no such program, bad directory).
  [[nodiscard]] static Result<std::unique_ptr<ChildProcess>> spawn(const SpawnRequest& request);

  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  // A process still running is killed with its group and reaped.
  ~ChildProcess();

  [[nodiscard]] pid_t pid() const { return m_pid; }
  UniqueFd& stdin_fd() { return m_stdin; }
  UniqueFd& stdout_fd() { return m_stdout; }
  UniqueFd& stderr_fd() { return m_stderr; }
  // Readable once the process has exited; invalid when pidfd_open is unavailable, in which
  // case the owner checks has_exited() on its own schedule.
  [[nodiscard]] const UniqueFd& exit_fd() const { return m_pidfd; }

  // Sends `signal` to every process of the group. No effect once reaped.
  void signal_group(int signal) const;
  // True once the leader has exited (it is not reaped, so its group id stays reserved).
  [[nodiscard]] bool has_exited() const;
  // Reaps the leader. REQUIRES: has_exited() (returns at once).
  ExitStatus reap();

 private:
  ChildProcess() = default;

  pid_t m_pid = -1;
  bool m_reaped = false;
  UniqueFd m_stdin;
  UniqueFd m_stdout;
  UniqueFd m_stderr;
  UniqueFd m_pidfd;
};

// Reads what `fd` (non-blocking) has now, appending to `out`. Returns false at end of file or on
// an error other than EAGAIN/EINTR; true when the pipe is open but empty for now.
bool read_available(int fd, std::string& out);

// Writes as much of `data` from `offset` as `fd` (non-blocking) takes now, without SIGPIPE.
// Returns false when the reader is gone (EPIPE) or on another error.
bool write_available(int fd, const std::string& data, std::size_t& offset);

}  // namespace pw::driver
