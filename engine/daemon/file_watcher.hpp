// FileWatcher: calls back when a policy file under the policy PATHs changes (inotify), so the
// daemon reloads without polling. Folders are watched recursively (new subfolders are picked
// up); a file is watched through its folder, so editors that save by renaming are seen too.
// Only what the loader reads counts: *.yaml and *.yml files, folders, and the watched folders
// themselves; a log or database the daemon writes beside the policies, dot-folders such as .git
// and editor swap files never trigger a reload.
// After every relevant change the watches are set up anew, so a folder renamed away (and one
// recreated at its path) is followed by path, not by the old inode.
//
// Thread-safety: the callback runs on the watcher's thread.
#pragma once

#include "core/result.hpp"

#include <functional>
#include <map>
#include <memory>
#include <set>
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
  // Whether the events in buffer[0, size) include one the policies depend on.
  [[nodiscard]] bool relevant(const char* buffer, std::size_t size) const;
  void loop();

  int m_inotify_fd;
  int m_stop_fd;
  std::vector<std::string> m_paths;
  // Watch descriptor → the file names that matter in that folder (empty: any policy file).
  std::map<int, std::set<std::string>> m_watches;
  std::function<void()> m_on_change;
  std::thread m_thread;
};

}  // namespace pw::daemon
