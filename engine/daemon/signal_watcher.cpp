#include "daemon/signal_watcher.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>

namespace pw::daemon {

namespace {
sigset_t daemon_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGHUP);
  return set;
}
}  // namespace

void block_daemon_signals() {
  const sigset_t set = daemon_signals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

Result<std::unique_ptr<SignalWatcher>> SignalWatcher::start(Handler handler) {
  const sigset_t set = daemon_signals();
  const int signal_fd = signalfd(-1, &set, SFD_CLOEXEC);
  if (signal_fd < 0) return Error{std::string("signalfd: ") + std::strerror(errno)};
  const int stop_fd = eventfd(0, EFD_CLOEXEC);
  if (stop_fd < 0) {
    close(signal_fd);
    return Error{std::string("eventfd: ") + std::strerror(errno)};
  }
  return std::unique_ptr<SignalWatcher>(new SignalWatcher(signal_fd, stop_fd, std::move(handler)));
}

SignalWatcher::SignalWatcher(int signal_fd, int stop_fd, Handler handler)
    : m_signal_fd(signal_fd), m_stop_fd(stop_fd), m_handler(std::move(handler)) {
  m_thread = std::thread([this] { loop(); });
}

SignalWatcher::~SignalWatcher() {
  const std::uint64_t one = 1;
  (void)!write(m_stop_fd, &one, sizeof one);
  if (m_thread.joinable()) m_thread.join();
  close(m_signal_fd);
  close(m_stop_fd);
}

void SignalWatcher::loop() {
  while (true) {
    pollfd fds[2] = {{m_signal_fd, POLLIN, 0}, {m_stop_fd, POLLIN, 0}};
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if ((fds[1].revents & POLLIN) != 0) return;
    signalfd_siginfo info{};
    if (read(m_signal_fd, &info, sizeof info) == static_cast<ssize_t>(sizeof info)) {
      m_handler(static_cast<int>(info.ssi_signo));
    }
  }
}

}  // namespace pw::daemon
