// ExecDriver: the Exec driver of DESIGN.md §7. Each call runs the operation's argv template
// (placeholders substituted per argument, never through a shell) as the leader of its own
// process group, writes the request JSON to its stdin, and reads exactly one JSON document
// from its stdout, decoded into the operation's typed reply (exec_protocol.hpp); stderr is
// logged line by line, up to a cap per call, and its tail explains a failure. Timeouts
// send SIGTERM to the whole group, then SIGKILL after a grace period. When a driver's direct
// process exits, what it left in the pipes is collected and the rest of its group is killed,
// so a forgotten background child can neither hang nor outlive the call.
//
// Every call runs concurrently in the caller's thread: wait_next() is one poll() over all
// pipes and pidfds; there is no thread per process.
//
// The Clock must follow real time (SystemClock): the processes are real. Its resolution is a
// second, so a timeout fires up to two seconds late, never early.
//
// Thread-safety: one thread, except interrupt(), which any thread or signal handler may call.
#pragma once

#include "core/clock.hpp"
#include "driver/child_process.hpp"
#include "driver/driver.hpp"
#include "driver/proxy_environment.hpp"

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace pw::driver {

// One line a driver wrote on stderr.
struct StderrLine {
  CallId id = 0;
  Operation operation = Operation::Health;
  std::string node;
  std::string text;
};

struct ExecSettings {
  // Per operation name ("Search", "Drain", ...) an argv template; like policy::ExecTemplates.
  std::map<std::string, std::vector<std::string>, std::less<>> templates;
  std::string working_directory;  // empty: the daemon's own
  ProxyEnvironment proxy;
  Seconds kill_grace{5};  // between SIGTERM and SIGKILL
  std::size_t max_stdout_bytes = 16 * 1024 * 1024;
  std::size_t stderr_tail_bytes = 64 * 1024;  // kept for the Outcome's message
  // Logged per call at most; past either cap, one line says so and the rest is only counted.
  std::size_t max_logged_stderr_bytes = 64 * 1024;
  std::size_t max_logged_stderr_lines = 1000;
  std::function<void(const StderrLine&)> log_stderr;  // may be empty
};

class ExecDriver final : public Driver {
 public:
  ExecDriver(ExecSettings settings, Clock& clock);
  ExecDriver(const ExecDriver&) = delete;
  ExecDriver& operator=(const ExecDriver&) = delete;
  // Calls still running are killed with their process groups.
  ~ExecDriver() override;

  // True when the cluster has a template for `operation` (PreCheck/PostCheck are optional).
  [[nodiscard]] bool supports(Operation operation) const override;

  // A call that cannot start (no template, invalid name, program not found) completes at once
  // as Failed.
  CallId start(const Call& call) override;
  std::vector<Completion> wait_next(Instant deadline) override;
  [[nodiscard]] std::size_t in_flight() const override;

  // Makes a wait_next in progress (or the next one) return early. Async-signal-safe.
  void interrupt() override;

 private:
  struct Running;

  void start_process(CallId id, const Call& call, std::vector<std::string> argv);
  void fail_now(CallId id, std::string message);
  void enforce_deadlines(Instant now);
  [[nodiscard]] Instant next_timer() const;
  // One poll() round; true when interrupt() woke it.
  bool poll_once(Instant now, Instant deadline);
  void on_output(Running& running, bool is_stdout);
  void finish(Running& running);
  void log_lines(Running& running, bool flush);
  void log_line(Running& running, std::string_view text);

  ExecSettings m_settings;
  Clock& m_clock;
  UniqueFd m_wake;  // eventfd for interrupt()
  CallId m_next_id = 1;
  std::vector<std::unique_ptr<Running>> m_running;
  std::deque<Completion> m_ready;
};

}  // namespace pw::driver
