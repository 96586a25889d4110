#include "support.hpp"

#include <poll.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace pw::driver::testing {

std::string script(const std::string& name) {
  return std::string(PW_EXEC_SCRIPTS_DIR) + "/" + name;
}

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "pw-exec-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  m_path = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(m_path, ignored);
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_file(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

pid_t read_pid(const std::filesystem::path& path) {
  const std::string text = read_file(path);
  return text.empty() ? -1 : static_cast<pid_t>(std::stol(text));
}

void adopt_orphans() {
  prctl(PR_SET_CHILD_SUBREAPER, 1);
}

bool process_ends_within(pid_t pid, int millis) {
  if (pid <= 0) return false;
  const int fd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
  if (fd < 0) return errno == ESRCH;  // already gone and reaped
  pollfd entry{fd, POLLIN, 0};
  int ready = 0;
  do {
    ready = poll(&entry, 1, millis);
  } while (ready < 0 && errno == EINTR);
  close(fd);
  if (ready == 1) {
    int status = 0;
    waitpid(pid, &status, WNOHANG);  // ours when adopted; harmless otherwise
  }
  return ready == 1;
}

std::vector<Completion> wait_for(ExecDriver& driver, Clock& clock, std::size_t count,
                                 Seconds limit) {
  std::vector<Completion> all;
  const Instant give_up = clock.now() + limit;
  while (all.size() < count && clock.now() < give_up) {
    for (Completion& completion : driver.wait_next(give_up)) all.push_back(std::move(completion));
  }
  return all;
}

Call make_call(Operation operation, const std::string& node) {
  Call call;
  call.operation = operation;
  call.node = node;
  call.fqdn = node.empty() ? "" : node + ".fabrikam.test";
  call.cluster = "fake";
  call.policy = "weekly";
  call.timeout = Seconds{60};
  return call;
}

}  // namespace pw::driver::testing
