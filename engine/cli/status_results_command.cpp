// `patchwarden status` and `patchwarden results` [--state DIR] [--listen HOST:PORT]
// [--format table|json|poa-json]: both ask the running daemon over HTTP, or read the state
// directory when none runs; they differ only in the document and its table.
#include "cli/command.hpp"
#include "daemon/client.hpp"
#include "daemon/status_report.hpp"

#include <iostream>
#include <string>

namespace pw::cli {
namespace {

struct DocumentCommand {
  const char* name;
  const char* description;
  daemon::Document document;
  std::string (*table)(const nlohmann::json&);
  daemon::ClientOptions options;

  int run() {
    auto fetched = daemon::fetch_document(options, document);
    if (!fetched) {
      std::cerr << "patchwarden " << name << ": " << fetched.error() << '\n';
      return k_exit_runtime;
    }
    if (options.format == "table") {
      std::cout << table(*fetched);
    } else {
      std::cout << fetched->dump(2) << '\n';
    }
    return k_exit_ok;
  }

  CLI::App* setup(CLI::App& app) {
    CLI::App* command = app.add_subcommand(name, description);
    command->add_option("--state", options.state_directory, "State directory of the daemon")
        ->capture_default_str();
    command->add_option("--listen", options.listen,
                        "Daemon address HOST:PORT (default: the one recorded in --state)");
    command->add_option("--format", options.format, "Output format: table, json or poa-json")
        ->check(CLI::IsMember({"table", "json", "poa-json"}))
        ->capture_default_str();
    return command;
  }
};

DocumentCommand g_status{
    "status",
    "Each policy: next window, cycle state, every node's state and next attempt, and why it "
    "waits (asks the daemon, or reads the state directory when it is not running).",
    daemon::Document::Status,
    daemon::status_table,
    {}};

DocumentCommand g_results{
    "results",
    "Update results in POA's GetWindowsUpdateResults JSON shape (asks the daemon, or reads the "
    "state directory when it is not running); table, json or poa-json (the same JSON).",
    daemon::Document::Results,
    daemon::results_table,
    {}};

const CommandRegistration k_status{
    Command{60, [](CLI::App& app) { return g_status.setup(app); }, [] { return g_status.run(); }}};
const CommandRegistration k_results{Command{61, [](CLI::App& app) { return g_results.setup(app); },
                                            [] { return g_results.run(); }}};

}  // namespace
}  // namespace pw::cli
