// patchwarden's entry point. The command line is parsed in cli/command_line.cpp; the logic lives
// in engine/<module> and each subcommand in its own cli/*_command.cpp.
#include "cli/command.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>

int main(int argc, char** argv) {
  const int code = pw::cli::run_command_line(argc, argv);
  // Output that did not reach its destination (a full disk, a closed pipe) is a failure, not a
  // silent success: the commands write through std::cout, checked once here.
  errno = 0;
  std::cout.flush();
  if (!std::cout || std::fflush(stdout) != 0) {
    const int saved = errno;
    std::cerr << "patchwarden: cannot write the output"
              << (saved != 0 ? std::string(": ") + std::strerror(saved) : std::string()) << '\n';
    return pw::cli::k_exit_runtime;
  }
  return code;
}
