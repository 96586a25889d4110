// StateLock: keeps a second daemon from using the same state directory. An exclusive flock on
// the directory itself, held for the life of the object (the kernel drops it when the process
// dies, even on kill -9, so a crashed daemon never leaves a stale lock). A lock on a file could
// be defeated by deleting the file; the directory cannot be deleted while it holds the store.
// The holder's pid is written into DIR/lock (locked too) so the refusal can name it.
#pragma once

#include "core/result.hpp"

#include <string>

namespace pw::store {

class StateLock {
 public:
  // Creates DIR when missing, then takes the lock without waiting. Fails with a message naming
  // the holder's pid when another process holds it.
  static Result<StateLock> acquire(const std::string& directory);

  StateLock(StateLock&& other) noexcept;
  StateLock& operator=(StateLock&& other) noexcept;
  StateLock(const StateLock&) = delete;
  StateLock& operator=(const StateLock&) = delete;
  ~StateLock();

  // True when some process holds the lock on DIR (used by status/results to decide whether a
  // daemon is running).
  static bool is_held(const std::string& directory);

 private:
  StateLock(int directory_fd, int fd) : m_directory_fd(directory_fd), m_fd(fd) {}
  int m_directory_fd = -1;
  int m_fd = -1;
};

}  // namespace pw::store
