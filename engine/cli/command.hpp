// What every subcommand shares: its exit codes (DESIGN.md §8: 0 ok, 1 validation errors, 2 usage
// or input error, 3 runtime failure). The command line itself (CLI11, the table of subcommands
// and their options) lives in cli/command_line.cpp alone; a subcommand's file holds its logic
// and sees only its plain options struct (cli/<name>_command.hpp).
#pragma once

namespace pw::cli {

enum ExitCode : int { k_exit_ok = 0, k_exit_invalid = 1, k_exit_usage = 2, k_exit_runtime = 3 };

// Parses argv, runs the chosen subcommand, returns the process exit code.
int run_command_line(int argc, char** argv);

}  // namespace pw::cli
