// Helpers for the Exec driver's integration tests: where the test scripts are, a temporary
// directory, and checks that a process has ended (bounded waits on a pidfd, never a sleep).
#pragma once

#include "core/clock.hpp"
#include "driver/exec_driver.hpp"

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

namespace pw::driver::testing {

// tests/integration/exec_driver/scripts/<name>.
std::string script(const std::string& name);

// A fresh directory, removed with its contents on destruction.
class TempDir {
 public:
  TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir();
  [[nodiscard]] const std::filesystem::path& path() const { return m_path; }

 private:
  std::filesystem::path m_path;
};

std::string read_file(const std::filesystem::path& path);
void write_file(const std::filesystem::path& path, const std::string& text);
pid_t read_pid(const std::filesystem::path& path);

// Makes this test process adopt orphans, so the test can reap what a driver left behind.
void adopt_orphans();

// True when `pid` has ended (or ends within `millis`); reaps it when it is our child.
bool process_ends_within(pid_t pid, int millis);

// Waits (at most `limit` of real time) until `count` completions have arrived.
std::vector<Completion> wait_for(ExecDriver& driver, Clock& clock, std::size_t count,
                                 Seconds limit = Seconds{30});

// A call for `operation` on `node` with a generous timeout.
Call make_call(Operation operation, const std::string& node);

}  // namespace pw::driver::testing
