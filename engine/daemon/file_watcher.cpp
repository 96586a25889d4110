#include "daemon/file_watcher.hpp"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <system_error>

namespace pw::daemon {

namespace {
constexpr std::uint32_t k_mask = IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM |
                                 IN_MOVED_TO | IN_MODIFY | IN_DELETE_SELF | IN_MOVE_SELF;
}  // namespace

Result<std::unique_ptr<FileWatcher>> FileWatcher::start(std::vector<std::string> paths,
                                                        std::function<void()> on_change) {
  const int inotify_fd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
  if (inotify_fd < 0) return Error{std::string("inotify: ") + std::strerror(errno)};
  const int stop_fd = eventfd(0, EFD_CLOEXEC);
  if (stop_fd < 0) {
    close(inotify_fd);
    return Error{std::string("eventfd: ") + std::strerror(errno)};
  }
  return std::unique_ptr<FileWatcher>(
      new FileWatcher(inotify_fd, stop_fd, std::move(paths), std::move(on_change)));
}

FileWatcher::FileWatcher(int inotify_fd, int stop_fd, std::vector<std::string> paths,
                         std::function<void()> on_change)
    : m_inotify_fd(inotify_fd),
      m_stop_fd(stop_fd),
      m_paths(std::move(paths)),
      m_on_change(std::move(on_change)) {
  add_watches();
  m_thread = std::thread([this] { loop(); });
}

FileWatcher::~FileWatcher() {
  const std::uint64_t one = 1;
  (void)!write(m_stop_fd, &one, sizeof one);
  if (m_thread.joinable()) m_thread.join();
  close(m_inotify_fd);
  close(m_stop_fd);
}

// Adding a watch twice is harmless (inotify returns the same descriptor), so this simply runs
// again after every change to pick up new folders.
void FileWatcher::add_watches() {
  namespace fs = std::filesystem;
  for (const std::string& path : m_paths) {
    std::error_code error;
    if (!fs::is_directory(path, error)) {
      const fs::path parent = fs::path(path).parent_path();
      inotify_add_watch(m_inotify_fd, parent.empty() ? "." : parent.c_str(), k_mask);
      continue;
    }
    inotify_add_watch(m_inotify_fd, path.c_str(), k_mask);
    for (fs::recursive_directory_iterator it(path, error), end; !error && it != end;
         it.increment(error)) {
      if (it->is_directory(error)) inotify_add_watch(m_inotify_fd, it->path().c_str(), k_mask);
    }
  }
}

void FileWatcher::loop() {
  alignas(inotify_event) char buffer[4096];
  while (true) {
    pollfd fds[2] = {{m_inotify_fd, POLLIN, 0}, {m_stop_fd, POLLIN, 0}};
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if ((fds[1].revents & POLLIN) != 0) return;
    bool changed = false;
    while (read(m_inotify_fd, buffer, sizeof buffer) > 0) changed = true;
    if (changed) {
      add_watches();
      m_on_change();
    }
  }
}

}  // namespace pw::daemon
