// `patchwarden run --state DIR [--listen HOST:PORT] [--time-scale N [--from T]]
// [--token-file F] PATH...` (DESIGN.md §8): the long-lived scheduler. Refuses to start when the
// policies have errors (printed like lint's); reloads on SIGHUP and on file changes.
#include "cli/command.hpp"
#include "cli/diagnostic_output.hpp"
#include "daemon/daemon.hpp"
#include "policy/loader.hpp"

#include <iostream>
#include <memory>
#include <sstream>

namespace pw::cli {
namespace {

struct RunOptions {
  daemon::DaemonOptions daemon;
  std::string from;
  std::string token_file;
};

RunOptions g_options;

// Loads and lints; nullptr with the diagnostics in `sink` when there are errors.
daemon::PolicySetPtr load(const std::vector<std::string>& paths, DiagnosticSink& sink) {
  auto set = policy::load_paths(paths, sink);
  if (sink.has_errors()) return nullptr;
  return std::make_shared<const policy::PolicySet>(std::move(set));
}

// For reloads: the same check, the diagnostics logged instead of printed to the terminal.
daemon::PolicySetPtr reload(const std::vector<std::string>& paths) {
  DiagnosticSink sink;
  auto set = load(paths, sink);
  if (!set) {
    std::ostringstream text;
    SourceCache cache;
    print_diagnostics(sink, OutputFormat::Text, text, cache);
    std::cerr << text.str();
  }
  return set;
}

int run_run() {
  RunOptions& options = g_options;
  if (!options.from.empty()) {
    options.daemon.time_from = parse_rfc3339(options.from);
    if (!options.daemon.time_from) {
      std::cerr << "patchwarden run: --from: '" << options.from << "' is not an RFC 3339 time\n";
      return k_exit_usage;
    }
  }
  if (!options.token_file.empty()) options.daemon.token_file = options.token_file;
  DiagnosticSink sink;
  auto set = load(options.daemon.paths, sink);
  if (!set) {
    SourceCache cache;
    print_diagnostics(sink, OutputFormat::Text, std::cerr, cache);
    std::cerr << "patchwarden run: refusing to start: the policies have errors\n";
    return k_exit_invalid;
  }
  const auto paths = options.daemon.paths;
  return daemon::run_daemon(options.daemon, set, [paths] { return reload(paths); });
}

CLI::App* setup_run(CLI::App& app) {
  CLI::App* run = app.add_subcommand(
      "run",
      "The long-lived scheduler: waits for each policy's next window, rolls the cluster through "
      "the rollout engine, and stores every transition in SQLite under --state before acting "
      "on it, so it resumes after a crash. Reloads on SIGHUP and when a policy file changes; "
      "stops cleanly on SIGTERM and SIGINT. Serves an HTTP API (status, windows, results, "
      "metrics).");
  run->add_option("PATH", g_options.daemon.paths,
                  "Policy files, or folders searched recursively for *.yaml and *.yml")
      ->required();
  run->add_option("--state", g_options.daemon.state_directory,
                  "State directory (SQLite database, lock, logs)")
      ->required();
  run->add_option("--listen", g_options.daemon.listen, "HTTP API address HOST:PORT (port 0: any)")
      ->capture_default_str();
  run->add_option("--time-scale", g_options.daemon.time_scale,
                  "Run virtual time N times faster than real time (Simulated clusters only)")
      ->check(CLI::PositiveNumber);
  run->add_option("--from", g_options.from,
                  "With --time-scale: the virtual time to start from, RFC 3339 (default: now)");
  run->add_option("--token-file", g_options.token_file,
                  "File holding the bearer token for POST /v1/policies/NAME/pause|resume "
                  "(without it they are refused)");
  run->footer(
      "Exit codes: 0 stopped by a signal, 1 the policies have errors, 2 usage error, 3 runtime "
      "failure (e.g. the state directory is in use by another patchwarden).\n\n"
      "Examples:\n"
      "  patchwarden run --state /var/lib/patchwarden /etc/patchwarden/policies\n"
      "  patchwarden run --state /tmp/demo --time-scale 3000 --from 2026-12-05T21:55:00Z "
      "policies/");
  return run;
}

const CommandRegistration k_registration{Command{50, setup_run, run_run}};

}  // namespace
}  // namespace pw::cli
