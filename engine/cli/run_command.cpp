// `patchwarden run --state DIR [--listen HOST:PORT] [--time-scale N [--from T]]
// [--token-file F] PATH...` (DESIGN.md §8): the long-lived scheduler. Refuses to start when the
// policies have errors (printed like lint's); reloads on SIGHUP and on file changes.
#include "cli/run_command.hpp"

#include "cli/command.hpp"
#include "cli/diagnostic_output.hpp"
#include "daemon/daemon.hpp"
#include "policy/loader.hpp"

#include <iostream>
#include <memory>
#include <sstream>

namespace pw::cli {
namespace {

// Loads and lints; nullptr with the diagnostics in `sink` when there are errors.
daemon::PolicySetPtr load(const std::vector<std::string>& paths, DiagnosticSink& sink) {
  auto set = policy::load_paths(paths, sink);
  if (sink.has_errors()) return nullptr;
  return std::make_shared<const policy::PolicySet>(std::move(set));
}

// For reloads: the same check, the diagnostics written to stderr as one block (the daemon's
// stderr is its log when it runs as a service) instead of interleaved with the terminal.
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

}  // namespace

int run_run(const RunOptions& given) {
  RunOptions options = given;
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

}  // namespace pw::cli
