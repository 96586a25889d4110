// `patchwarden status [--state DIR] [--listen HOST:PORT] [--format table|json|poa-json]`:
// asks the running daemon over HTTP, or reads the state directory when none runs.
#include "cli/command.hpp"
#include "daemon/client.hpp"
#include "daemon/status_report.hpp"

#include <iostream>

namespace pw::cli {
namespace {

daemon::ClientOptions g_options;

int run_status() {
  auto document = daemon::fetch_document(g_options, daemon::Document::Status);
  if (!document) {
    std::cerr << "patchwarden status: " << document.error() << '\n';
    return k_exit_runtime;
  }
  if (g_options.format == "table") {
    std::cout << daemon::status_table(*document);
  } else {
    std::cout << document->dump(2) << '\n';
  }
  return k_exit_ok;
}

CLI::App* setup_status(CLI::App& app) {
  CLI::App* command = app.add_subcommand(
      "status",
      "Each policy: next window, cycle state, every node's state and next attempt, and why "
      "it waits (asks the daemon, or reads the state directory when it is not running).");
  command->add_option("--state", g_options.state_directory, "State directory of the daemon")
      ->capture_default_str();
  command->add_option("--listen", g_options.listen,
                      "Daemon address HOST:PORT (default: the one recorded in --state)");
  command->add_option("--format", g_options.format, "Output format: table, json or poa-json")
      ->check(CLI::IsMember({"table", "json", "poa-json"}))
      ->capture_default_str();
  return command;
}

const CommandRegistration k_registration{Command{60, setup_status, run_status}};

}  // namespace
}  // namespace pw::cli
