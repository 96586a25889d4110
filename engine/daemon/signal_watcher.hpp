// SignalWatcher: SIGTERM, SIGINT and SIGHUP delivered to a callback on a dedicated thread
// (signalfd), never in an async signal handler, so the callback may lock and log.
//
// REQUIRES: block_daemon_signals() was called before any other thread was started, so no
// thread receives these signals the default way.
// Thread-safety: the callback runs on the watcher's thread.
#pragma once

#include "core/result.hpp"

#include <functional>
#include <memory>
#include <thread>

namespace pw::daemon {

// Blocks SIGTERM, SIGINT and SIGHUP in the calling thread (and threads it starts later).
void block_daemon_signals();

class SignalWatcher {
 public:
  using Handler = std::function<void(int signal_number)>;

  static Result<std::unique_ptr<SignalWatcher>> start(Handler handler);
  ~SignalWatcher();  // stops and joins the thread
  SignalWatcher(const SignalWatcher&) = delete;
  SignalWatcher& operator=(const SignalWatcher&) = delete;

 private:
  SignalWatcher(int signal_fd, int stop_fd, Handler handler);
  void loop();

  int m_signal_fd;
  int m_stop_fd;  // eventfd that ends the loop
  Handler m_handler;
  std::thread m_thread;
};

}  // namespace pw::daemon
