// Subcommand registry. Each engine/cli/<name>_command.cpp defines a static CommandRegistration
// that adds its CLI11 subcommand, so main.cpp never changes when a command is added. A command's
// run function returns the process exit code (DESIGN.md §8: 0 ok, 1 validation errors, 2 usage
// or input error, 3 runtime failure).
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <vector>

namespace pw::cli {

enum ExitCode : int { k_exit_ok = 0, k_exit_invalid = 1, k_exit_usage = 2, k_exit_runtime = 3 };

// `setup` adds the subcommand to the app and returns it; `run` is called when it was chosen.
struct Command {
  int order = 0;  // position in --help
  std::function<CLI::App*(CLI::App&)> setup;
  std::function<int()> run;
};

std::vector<Command>& command_registry();

struct CommandRegistration {
  explicit CommandRegistration(Command command) {
    command_registry().push_back(std::move(command));
  }
};

}  // namespace pw::cli
