// patchwarden's entry point. The command line is parsed in cli/command_line.cpp; the logic lives
// in engine/<module> and each subcommand in its own cli/*_command.cpp.
#include "cli/command.hpp"

int main(int argc, char** argv) {
  return pw::cli::run_command_line(argc, argv);
}
