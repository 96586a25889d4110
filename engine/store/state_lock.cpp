#include "store/state_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>
#include <system_error>
#include <utility>

namespace pw::store {

namespace {

std::string lock_path(const std::string& directory) {
  return directory + "/lock";
}

std::string read_holder(int fd) {
  char buffer[32] = {};
  const ssize_t count = pread(fd, buffer, sizeof buffer - 1, 0);
  std::string text = count > 0 ? std::string(buffer, static_cast<std::size_t>(count)) : "";
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text.empty() ? "unknown" : text;
}

void write_pid(int fd) {
  const std::string pid = std::to_string(getpid()) + "\n";
  if (ftruncate(fd, 0) == 0) {
    (void)!pwrite(fd, pid.data(), pid.size(), 0);
  }
}

}  // namespace

Result<StateLock> StateLock::acquire(const std::string& directory) {
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  if (error) return Error{"cannot create state directory " + directory + ": " + error.message()};
  const int directory_fd = open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (directory_fd < 0) return Error{"cannot open " + directory + ": " + std::strerror(errno)};
  const int fd = open(lock_path(directory).c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    const int saved = errno;
    close(directory_fd);
    return Error{"cannot open " + lock_path(directory) + ": " + std::strerror(saved)};
  }
  if (flock(directory_fd, LOCK_EX | LOCK_NB) != 0 || flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int saved = errno;
    std::string message =
        saved == EWOULDBLOCK ? "state directory " + directory +
                                   " is in use by another patchwarden (pid " + read_holder(fd) + ")"
                             : "cannot lock " + directory + ": " + std::strerror(saved);
    close(fd);
    close(directory_fd);
    return Error{message};
  }
  write_pid(fd);
  return StateLock{directory_fd, fd};
}

StateLock::StateLock(StateLock&& other) noexcept
    : m_directory_fd(std::exchange(other.m_directory_fd, -1)),
      m_fd(std::exchange(other.m_fd, -1)) {}

StateLock& StateLock::operator=(StateLock&& other) noexcept {
  if (this != &other) {
    if (m_fd >= 0) close(m_fd);
    if (m_directory_fd >= 0) close(m_directory_fd);
    m_directory_fd = std::exchange(other.m_directory_fd, -1);
    m_fd = std::exchange(other.m_fd, -1);
  }
  return *this;
}

StateLock::~StateLock() {
  if (m_fd >= 0) close(m_fd);
  if (m_directory_fd >= 0) close(m_directory_fd);
}

bool StateLock::is_held(const std::string& directory) {
  const int fd = open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool held = flock(fd, LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK;
  close(fd);
  return held;
}

}  // namespace pw::store
