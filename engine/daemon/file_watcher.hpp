// FileWatcher: calls back when anything under the policy PATHs changes (inotify), so the
// daemon reloads without polling. Folders are watched recursively (new subfolders are picked
// up); a file is watched through its folder, so editors that save by renaming are seen too.
//
// Thread-safety: the callback runs on the watcher's thread.
#pragma once

#include "core/result.hpp"

#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace pw::daemon {

class FileWatcher {
 public:
  static Result<std::unique_ptr<FileWatcher>> start(std::vector<std::string> paths,
                                                    std::function<void()> on_change);
  ~FileWatcher();
  FileWatcher(const FileWatcher&) = delete;
  FileWatcher& operator=(const FileWatcher&) = delete;

 private:
  FileWatcher(int inotify_fd, int stop_fd, std::vector<std::string> paths,
              std::function<void()> on_change);
  void add_watches();
  void loop();

  int m_inotify_fd;
  int m_stop_fd;
  std::vector<std::string> m_paths;
  std::function<void()> m_on_change;
  std::thread m_thread;
};

}  // namespace pw::daemon
