// patchwarden's entry point: parse the command line, run the chosen subcommand. The logic lives
// in engine/<module>; every subcommand lives in its own cli/*_command.cpp.
#include "cli/command.hpp"

#include <algorithm>
#include <exception>
#include <iostream>

namespace pw::cli {
std::vector<Command>& command_registry() {
  static std::vector<Command> registry;
  return registry;
}
}  // namespace pw::cli

int main(int argc, char** argv) {
  using namespace pw::cli;
  CLI::App app{
      "patchwarden: cluster-aware OS patching from policies kept in git.\n"
      "Check policies with `lint`, see coming windows with `preview`, play a rollout with\n"
      "`simulate`, and run the scheduler with `run`. See `patchwarden COMMAND --help`."};
  app.require_subcommand(1);
  app.set_version_flag("--version", "patchwarden 0.1.0");

  auto& commands = command_registry();
  std::sort(commands.begin(), commands.end(),
            [](const Command& a, const Command& b) { return a.order < b.order; });
  std::vector<std::pair<CLI::App*, const Command*>> chosen;
  for (const Command& command : commands) chosen.emplace_back(command.setup(app), &command);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);
    return code == 0 ? k_exit_ok : k_exit_usage;
  }
  try {
    for (const auto& [subcommand, command] : chosen) {
      if (subcommand->parsed()) return command->run();
    }
  } catch (const std::exception& error) {
    std::cerr << "patchwarden: internal error: " << error.what() << '\n';
    return k_exit_runtime;
  }
  return k_exit_usage;
}
