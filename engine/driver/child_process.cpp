#include "driver/child_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <ctime>

namespace pw::driver {

namespace {

constexpr std::size_t k_read_chunk = 64 * 1024;
constexpr std::size_t k_max_read_per_call = 1024 * 1024;

struct Pipe {
  UniqueFd read;
  UniqueFd write;
};

Result<Pipe> make_pipe() {
  std::array<int, 2> fds{};
  if (pipe2(fds.data(), O_CLOEXEC) != 0) return Error{std::string("pipe: ") + strerror(errno)};
  return Pipe{UniqueFd(fds[0]), UniqueFd(fds[1])};
}

void set_nonblocking(int fd) {
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

UniqueFd open_pidfd(pid_t pid) {
#ifdef SYS_pidfd_open
  return UniqueFd(static_cast<int>(syscall(SYS_pidfd_open, pid, 0)));
#else
  (void)pid;
  return UniqueFd();
#endif
}

// Owns the posix_spawn attribute objects for the duration of one spawn.
struct SpawnSetup {
  posix_spawn_file_actions_t actions{};
  posix_spawnattr_t attributes{};
  SpawnSetup() {
    posix_spawn_file_actions_init(&actions);
    posix_spawnattr_init(&attributes);
  }
  ~SpawnSetup() {
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
  }
  SpawnSetup(const SpawnSetup&) = delete;
  SpawnSetup& operator=(const SpawnSetup&) = delete;
};

// Own process group; an empty signal mask and default dispositions, whatever the daemon blocks
// or ignores (an inherited SIG_IGN for SIGPIPE or SIGTERM would change how a driver dies).
void configure(SpawnSetup& setup, const std::string& working_directory, int in, int out, int err) {
  posix_spawn_file_actions_adddup2(&setup.actions, in, STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&setup.actions, out, STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&setup.actions, err, STDERR_FILENO);
  if (!working_directory.empty()) {
    posix_spawn_file_actions_addchdir_np(&setup.actions, working_directory.c_str());
  }
  sigset_t empty;
  sigemptyset(&empty);
  sigset_t defaults;
  sigemptyset(&defaults);
  for (int signal : {SIGPIPE, SIGTERM, SIGINT, SIGQUIT, SIGHUP, SIGCHLD, SIGUSR1, SIGUSR2}) {
    sigaddset(&defaults, signal);
  }
  posix_spawnattr_setpgroup(&setup.attributes, 0);
  posix_spawnattr_setsigmask(&setup.attributes, &empty);
  posix_spawnattr_setsigdefault(&setup.attributes, &defaults);
  posix_spawnattr_setflags(&setup.attributes,
                           POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
}

std::vector<char*> pointers(const std::vector<std::string>& strings) {
  std::vector<char*> out;
  out.reserve(strings.size() + 1);
  for (const std::string& text : strings) out.push_back(const_cast<char*>(text.c_str()));
  out.push_back(nullptr);
  return out;
}

}  // namespace

UniqueFd& UniqueFd::operator=(UniqueFd&& other) noexcept {
  if (this != &other) {
    reset();
    m_fd = other.release();
  }
  return *this;
}

int UniqueFd::release() {
  const int fd = m_fd;
  m_fd = -1;
  return fd;
}

void UniqueFd::reset() {
  if (m_fd >= 0) close(m_fd);
  m_fd = -1;
}

Result<std::unique_ptr<ChildProcess>> ChildProcess::spawn(const SpawnRequest& request) {
  auto in = make_pipe();
  auto out = make_pipe();
  auto err = make_pipe();
  if (!in) return Error{in.error()};
  if (!out) return Error{out.error()};
  if (!err) return Error{err.error()};
  SpawnSetup setup;
  configure(setup, request.working_directory, in->read.get(), out->write.get(), err->write.get());
  std::vector<char*> argv = pointers(request.argv);
  std::vector<char*> envp = pointers(request.environment);
  pid_t pid = -1;
  const int failure =
      posix_spawnp(&pid, argv[0], &setup.actions, &setup.attributes, argv.data(), envp.data());
  if (failure != 0) {
    std::string message = "cannot run '" + request.argv[0] + "': " + strerror(failure);
    if (!request.working_directory.empty()) message += " (in " + request.working_directory + ")";
    return Error{message};
  }
  std::unique_ptr<ChildProcess> child(new ChildProcess());
  child->m_pid = pid;
  child->m_stdin = std::move(in->write);
  child->m_stdout = std::move(out->read);
  child->m_stderr = std::move(err->read);
  child->m_pidfd = open_pidfd(pid);
  for (int fd : {child->m_stdin.get(), child->m_stdout.get(), child->m_stderr.get()}) {
    set_nonblocking(fd);
  }
  return child;
}

ChildProcess::~ChildProcess() {
  if (m_reaped || m_pid <= 0) return;
  signal_group(SIGKILL);
  int status = 0;
  while (waitpid(m_pid, &status, 0) < 0 && errno == EINTR) {
  }
}

void ChildProcess::signal_group(int signal) const {
  // Until reaped, the leader's pid stays reserved, so the group id cannot name anyone else.
  if (!m_reaped && m_pid > 0) kill(-m_pid, signal);
}

bool ChildProcess::has_exited() const {
  if (m_reaped) return true;
  siginfo_t info{};
  const int rc = waitid(P_PID, static_cast<id_t>(m_pid), &info, WEXITED | WNOHANG | WNOWAIT);
  // ECHILD: someone else reaped it (a SIGCHLD handler of the host program); treat as exited.
  if (rc < 0) return errno == ECHILD;
  return info.si_pid == m_pid;
}

ExitStatus ChildProcess::reap() {
  int status = 0;
  pid_t rc = -1;
  do {
    rc = waitpid(m_pid, &status, 0);
  } while (rc < 0 && errno == EINTR);
  m_reaped = true;
  if (rc != m_pid) return {};
  if (WIFEXITED(status)) return {ExitStatus::Kind::Exited, WEXITSTATUS(status)};
  if (WIFSIGNALED(status)) return {ExitStatus::Kind::Signaled, WTERMSIG(status)};
  return {};
}

bool read_available(int fd, std::string& out) {
  std::array<char, k_read_chunk> buffer{};
  for (std::size_t total = 0; total < k_max_read_per_call;) {
    const ssize_t got = read(fd, buffer.data(), buffer.size());
    if (got > 0) {
      out.append(buffer.data(), static_cast<std::size_t>(got));
      total += static_cast<std::size_t>(got);
    } else if (got == 0) {
      return false;
    } else if (errno == EINTR) {
      continue;
    } else {
      return errno == EAGAIN || errno == EWOULDBLOCK;
    }
  }
  return true;
}

bool write_available(int fd, const std::string& data, std::size_t& offset) {
  // Block SIGPIPE in this thread and consume the one the write raises, rather than changing
  // the whole program's disposition.
  sigset_t pipe_set;
  sigemptyset(&pipe_set);
  sigaddset(&pipe_set, SIGPIPE);
  sigset_t old_mask;
  pthread_sigmask(SIG_BLOCK, &pipe_set, &old_mask);
  sigset_t pending;
  sigpending(&pending);
  const bool was_pending = sigismember(&pending, SIGPIPE) == 1;
  bool open = true;
  while (offset < data.size()) {
    const ssize_t put = write(fd, data.data() + offset, data.size() - offset);
    if (put >= 0) {
      offset += static_cast<std::size_t>(put);
    } else if (const int error = errno; error != EINTR) {
      open = error == EAGAIN || error == EWOULDBLOCK;
      if (error == EPIPE && !was_pending) {
        const timespec zero{};
        while (sigtimedwait(&pipe_set, nullptr, &zero) < 0 && errno == EINTR) {
        }
      }
      break;
    }
  }
  pthread_sigmask(SIG_SETMASK, &old_mask, nullptr);
  return open;
}

}  // namespace pw::driver
