#include "daemon/file_watcher.hpp"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <optional>
#include <string_view>
#include <system_error>

namespace pw::daemon {

namespace {
constexpr std::uint32_t k_mask = IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM |
                                 IN_MOVED_TO | IN_MODIFY | IN_DELETE_SELF | IN_MOVE_SELF;
// How long the policy files must be quiet after a change before they are reloaded.
constexpr int k_quiet_ms = 200;
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

namespace {

// Dot-folders (.git) and dot-files (editor swap and temp files) are never policies.
bool is_hidden(std::string_view name) {
  return !name.empty() && name.front() == '.';
}

bool is_policy_file(std::string_view name) {
  const auto ends = [&](std::string_view suffix) {
    return name.size() > suffix.size() && name.substr(name.size() - suffix.size()) == suffix;
  };
  return ends(".yaml") || ends(".yml");
}

}  // namespace

void FileWatcher::add_watches() {
  namespace fs = std::filesystem;
  for (const auto& [descriptor, names] : m_watches) inotify_rm_watch(m_inotify_fd, descriptor);
  m_watches.clear();
  const auto watch = [&](const std::string& folder, std::optional<std::string> only) {
    const int descriptor = inotify_add_watch(m_inotify_fd, folder.c_str(), k_mask);
    if (descriptor < 0) return;
    auto& names = m_watches[descriptor];
    if (only) names.insert(*only);
  };
  for (const std::string& path : m_paths) {
    std::error_code error;
    if (!fs::is_directory(path, error)) {
      const fs::path parent = fs::path(path).parent_path();
      watch(parent.empty() ? "." : parent.string(), fs::path(path).filename().string());
      continue;
    }
    watch(path, std::nullopt);
    for (fs::recursive_directory_iterator it(path, error), end; !error && it != end;
         it.increment(error)) {
      if (!it->is_directory(error)) continue;
      if (is_hidden(it->path().filename().string())) {
        it.disable_recursion_pending();  // .git and the like: neither watched nor entered
        continue;
      }
      watch(it->path().string(), std::nullopt);
    }
  }
}

bool FileWatcher::relevant(const char* buffer, std::size_t size) const {
  bool found = false;
  for (std::size_t at = 0; at + sizeof(inotify_event) <= size;) {
    inotify_event event{};
    std::memcpy(&event, buffer + at, sizeof event);
    const std::string_view name =
        event.len > 0 ? std::string_view(buffer + at + sizeof event) : std::string_view();
    at += sizeof(inotify_event) + event.len;
    const auto watched = m_watches.find(event.wd);
    if (watched == m_watches.end()) continue;  // a watch removed since
    if ((event.mask & (IN_DELETE_SELF | IN_MOVE_SELF)) != 0) {
      found = true;  // a watched folder went away
    } else if (!watched->second.empty()) {
      found = found || watched->second.count(std::string(name)) != 0;
    } else if (!is_hidden(name)) {
      found = found || (event.mask & IN_ISDIR) != 0 || is_policy_file(name);
    }
  }
  return found;
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
    const auto drain = [&] {
      for (ssize_t count = 0; (count = read(m_inotify_fd, buffer, sizeof buffer)) > 0;) {
        changed = relevant(buffer, static_cast<std::size_t>(count)) || changed;
      }
    };
    drain();
    // An editor's save is several events (truncate, write, close, rename): reload once the
    // files have been quiet for a moment, never on a half-written file.
    while (changed) {
      pollfd again[2] = {{m_inotify_fd, POLLIN, 0}, {m_stop_fd, POLLIN, 0}};
      const int ready = poll(again, 2, k_quiet_ms);
      if (ready < 0 && errno == EINTR) continue;
      if (ready <= 0) break;
      if ((again[1].revents & POLLIN) != 0) return;
      drain();
    }
    if (changed) {
      add_watches();
      m_on_change();
    }
  }
}

}  // namespace pw::daemon
