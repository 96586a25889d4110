// ExecDriver: collecting a process's output and turning its end into a completion.
#include "driver/exec_driver.hpp"
#include "driver/exec_outcome.hpp"
#include "driver/exec_running.hpp"

#include <signal.h>

namespace pw::driver {

namespace {
constexpr std::size_t k_max_log_line = 4096;
}  // namespace

void ExecDriver::on_output(Running& running, bool is_stdout) {
  UniqueFd& fd = is_stdout ? running.child->stdout_fd() : running.child->stderr_fd();
  std::string chunk;
  const bool open = read_available(fd.get(), chunk);
  if (!open) fd.reset();
  if (is_stdout) {
    if (!running.stdout_overflow) running.stdout_text += chunk;
    if (running.stdout_text.size() > m_settings.max_stdout_bytes) {
      // Keep reading (and dropping) so the driver is not blocked on a full pipe.
      running.stdout_overflow = true;
      std::string().swap(running.stdout_text);
    }
    return;
  }
  running.stderr_pending += chunk;
  log_lines(running, false);
  running.stderr_text += chunk;
  // Trim in halves so that keeping a tail costs amortised constant time per byte.
  if (running.stderr_text.size() > 2 * m_settings.stderr_tail_bytes) {
    running.stderr_text.erase(0, running.stderr_text.size() - m_settings.stderr_tail_bytes);
  }
}

void ExecDriver::log_lines(Running& running, bool flush) {
  std::string& pending = running.stderr_pending;
  std::size_t start = 0;
  for (;;) {
    std::size_t end = pending.find('\n', start);
    if (end == std::string::npos && pending.size() - start > k_max_log_line) {
      end = start + k_max_log_line;
    }
    if (end == std::string::npos && flush && start < pending.size()) end = pending.size();
    if (end == std::string::npos) break;
    log_line(running, std::string_view(pending).substr(start, end - start));
    start = end < pending.size() && pending[end] == '\n' ? end + 1 : end;
  }
  pending.erase(0, start);
}

// A driver may print without end (a loop, a tool's progress bar): each call logs at most its
// caps, then says so once, and at its end how much it left out. The tail for the message is
// kept regardless.
void ExecDriver::log_line(Running& running, std::string_view text) {
  if (!m_settings.log_stderr) return;
  const std::size_t bytes = text.size() + 1;
  const bool over = running.stderr_logged_lines >= m_settings.max_logged_stderr_lines ||
                    running.stderr_logged_bytes + bytes > m_settings.max_logged_stderr_bytes;
  if (over) {
    if (running.stderr_unlogged_bytes == 0) {
      m_settings.log_stderr(StderrLine{
          running.id, running.operation, running.node,
          "(stderr past " + std::to_string(m_settings.max_logged_stderr_lines) + " lines or " +
              std::to_string(m_settings.max_logged_stderr_bytes) + " bytes is not logged)"});
    }
    running.stderr_unlogged_bytes += bytes;
    return;
  }
  running.stderr_logged_bytes += bytes;
  ++running.stderr_logged_lines;
  m_settings.log_stderr(StderrLine{running.id, running.operation, running.node, std::string(text)});
}

void ExecDriver::finish(Running& running) {
  ChildProcess& child = *running.child;
  // The leader is gone (not yet reaped, so its group id is still ours): whatever else runs in
  // its group is a leftover that must not outlive the call or hold its pipes.
  child.signal_group(SIGKILL);
  if (child.stdout_fd().valid()) on_output(running, true);
  if (child.stderr_fd().valid()) on_output(running, false);
  log_lines(running, true);
  if (running.stderr_unlogged_bytes > 0 && m_settings.log_stderr) {
    m_settings.log_stderr(StderrLine{running.id, running.operation, running.node,
                                     "(" + std::to_string(running.stderr_unlogged_bytes) +
                                         " more bytes of stderr were not logged)"});
  }
  ProcessReport report;
  report.operation = running.operation;
  report.scope = running.node.empty() ? ReplyScope::Cluster : ReplyScope::Node;
  report.exit = child.reap();
  report.stdout_text = std::move(running.stdout_text);
  report.stdout_overflow = running.stdout_overflow;
  report.stdout_limit = m_settings.max_stdout_bytes;
  report.stderr_text = std::move(running.stderr_text);
  report.timed_out = running.term_sent;
  report.timeout = running.timeout;
  report.killed_after_grace = running.kill_sent;
  m_ready.push_back(Completion{running.id, make_outcome(report, m_clock.now())});
  running.child.reset();
  running.done = true;
}

}  // namespace pw::driver
