#include "driver/exec_driver.hpp"

#include "driver/exec_outcome.hpp"
#include "driver/exec_protocol.hpp"
#include "driver/exec_running.hpp"
#include "driver/exec_template.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>

namespace pw::driver {

namespace {

// Without pidfds, exits are noticed by checking at this interval.
constexpr int k_exit_check_ms = 50;
constexpr std::int64_t k_max_poll_ms = 60 * 60 * 1000;

int poll_timeout_ms(Instant now, Instant until) {
  if (until <= now) return 0;
  const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(until - now).count();
  return static_cast<int>(std::min<std::int64_t>(millis, k_max_poll_ms));
}

Variables call_variables(const Call& call) {
  return {{"PATCHWARDEN_OPERATION", to_string(call.operation)},
          {"PATCHWARDEN_NODE", call.node},
          {"PATCHWARDEN_FQDN", call.fqdn},
          {"PATCHWARDEN_CLUSTER", call.cluster},
          {"PATCHWARDEN_POLICY", call.policy}};
}

}  // namespace

ExecDriver::ExecDriver(ExecSettings settings, Clock& clock)
    : m_settings(std::move(settings)),
      m_clock(clock),
      m_wake(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {}

ExecDriver::~ExecDriver() = default;  // ~ChildProcess kills and reaps what still runs

bool ExecDriver::supports(Operation operation) const {
  return m_settings.templates.find(to_string(operation)) != m_settings.templates.end();
}

std::size_t ExecDriver::in_flight() const {
  return m_running.size() + m_ready.size();
}

void ExecDriver::interrupt() {
  const std::uint64_t one = 1;
  if (m_wake.valid()) (void)!write(m_wake.get(), &one, sizeof one);
}

CallId ExecDriver::start(const Call& call) {
  const CallId id = m_next_id++;
  const auto found = m_settings.templates.find(to_string(call.operation));
  if (found == m_settings.templates.end()) {
    fail_now(id, std::string("the cluster's Exec section has no template for ") +
                     to_string(call.operation));
    return id;
  }
  if (!call.node.empty()) {
    if (Status valid = validate_node_name(call.node); !valid) {
      fail_now(id, valid.error());
      return id;
    }
  }
  Result<std::vector<std::string>> argv = expand_template(found->second, call);
  if (!argv) {
    fail_now(id, argv.error());
    return id;
  }
  start_process(id, call, std::move(*argv));
  return id;
}

void ExecDriver::start_process(CallId id, const Call& call, std::vector<std::string> argv) {
  Variables variables = proxy_variables(m_settings.proxy);
  for (auto& variable : call_variables(call)) variables.push_back(std::move(variable));
  SpawnRequest spawn{std::move(argv), merge_environment(environ, variables),
                     m_settings.working_directory};
  Result<std::unique_ptr<ChildProcess>> child = ChildProcess::spawn(spawn);
  if (!child) {
    fail_now(id, child.error());
    return;
  }
  auto running = std::make_unique<Running>();
  running->id = id;
  running->operation = call.operation;
  running->node = call.node;
  running->child = std::move(*child);
  running->request = encode_request(call);
  running->timeout = call.timeout;
  // The clock counts whole seconds: one more makes sure a timeout never fires early.
  running->deadline = m_clock.now() + call.timeout + Seconds{1};
  m_running.push_back(std::move(running));
}

void ExecDriver::fail_now(CallId id, std::string message) {
  Outcome outcome;
  outcome.status = CallStatus::Failed;
  outcome.message = std::move(message);
  outcome.finished_at = m_clock.now();
  m_ready.push_back(Completion{id, std::move(outcome)});
}

std::vector<Completion> ExecDriver::wait_next(Instant deadline) {
  while (m_ready.empty()) {
    const Instant now = m_clock.now();
    enforce_deadlines(now);
    const bool interrupted = poll_once(now, deadline);
    m_running.erase(std::remove_if(m_running.begin(), m_running.end(),
                                   [](const auto& running) { return running->done; }),
                    m_running.end());
    if (interrupted || m_clock.now() >= deadline) break;
  }
  std::vector<Completion> completions(std::make_move_iterator(m_ready.begin()),
                                      std::make_move_iterator(m_ready.end()));
  m_ready.clear();
  return completions;
}

void ExecDriver::enforce_deadlines(Instant now) {
  for (auto& running : m_running) {
    if (!running->term_sent && now >= running->deadline) {
      running->child->signal_group(SIGTERM);
      running->term_sent = true;
      running->kill_at = now + m_settings.kill_grace + Seconds{1};
    } else if (running->term_sent && !running->kill_sent && now >= running->kill_at) {
      running->child->signal_group(SIGKILL);
      running->kill_sent = true;
    }
  }
}

Instant ExecDriver::next_timer() const {
  Instant next = Instant::max();
  for (const auto& running : m_running) {
    if (!running->term_sent) next = std::min(next, running->deadline);
    if (running->term_sent && !running->kill_sent) next = std::min(next, running->kill_at);
  }
  return next;
}

bool ExecDriver::poll_once(Instant now, Instant deadline) {
  enum class Kind { Wake, Stdin, Stdout, Stderr, Exit };
  std::vector<pollfd> fds;
  std::vector<std::pair<Running*, Kind>> owners;
  const auto watch = [&](int fd, short events, Running* running, Kind kind) {
    if (fd < 0) return;
    fds.push_back(pollfd{fd, events, 0});
    owners.emplace_back(running, kind);
  };
  watch(m_wake.get(), POLLIN, nullptr, Kind::Wake);
  bool without_pidfd = false;
  for (auto& running : m_running) {
    ChildProcess& child = *running->child;
    watch(child.stdin_fd().get(), POLLOUT, running.get(), Kind::Stdin);
    watch(child.stdout_fd().get(), POLLIN, running.get(), Kind::Stdout);
    watch(child.stderr_fd().get(), POLLIN, running.get(), Kind::Stderr);
    watch(child.exit_fd().get(), POLLIN, running.get(), Kind::Exit);
    without_pidfd = without_pidfd || !child.exit_fd().valid();
  }
  int timeout = poll_timeout_ms(now, std::min(deadline, next_timer()));
  if (without_pidfd) timeout = std::min(timeout, k_exit_check_ms);
  if (poll(fds.data(), fds.size(), timeout) < 0) return false;  // EINTR: the caller loops
  for (std::size_t i = 0; i < fds.size(); ++i) {
    auto [running, kind] = owners[i];
    if (fds[i].revents == 0 || (running != nullptr && running->done)) continue;
    switch (kind) {
      case Kind::Wake: {
        std::uint64_t count = 0;
        (void)!read(m_wake.get(), &count, sizeof count);
        return true;  // wait_next returns what it has
      }
      case Kind::Stdin:
        if (!write_available(fds[i].fd, running->request, running->written) ||
            running->written == running->request.size()) {
          running->child->stdin_fd().reset();
        }
        break;
      case Kind::Stdout:
      case Kind::Stderr:
        on_output(*running, kind == Kind::Stdout);
        break;
      case Kind::Exit:
        finish(*running);
        break;
    }
  }
  for (auto& running : m_running) {
    if (!running->done && !running->child->exit_fd().valid() && running->child->has_exited()) {
      finish(*running);
    }
  }
  return false;
}

}  // namespace pw::driver
