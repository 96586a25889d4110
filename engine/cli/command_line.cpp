// The command line: the only file that sees CLI11. Every subcommand is one row of k_commands
// (ninja's kTools): its name, what --help says about it, the options it adds, and the function
// in its own cli/<name>_command.cpp that runs it with a plain options struct.
#include "cli/command.hpp"
#include "cli/lint_command.hpp"
#include "cli/preview_command.hpp"
#include "cli/proxy_check_command.hpp"
#include "cli/run_command.hpp"
#include "cli/simulate_command.hpp"
#include "cli/status_results_command.hpp"

#include <CLI/CLI.hpp>

#include <cmath>

#include <exception>
#include <iostream>

namespace pw::cli {
namespace {

// The options of every subcommand; CLI11 writes into the one chosen.
struct Options {
  LintOptions lint;
  PreviewOptions preview;
  SimulateOptions simulate;
  ProxyCheckOptions proxy_check;
  RunOptions run;
  daemon::ClientOptions status;
  daemon::ClientOptions results;
  daemon::PauseOptions pause;
};

constexpr const char* k_paths_help =
    "Policy files, or folders searched recursively for *.yaml and *.yml (dot-folders such as "
    ".git left out)";

void add_lint(CLI::App& command, Options& all) {
  LintOptions& options = all.lint;
  command.add_option("PATH", options.paths, k_paths_help)->required();
  command.add_option("--format", options.format, "Output format: text (for people) or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  command.add_flag("--strict", options.strict,
                   "Treat warnings as errors (exit 1 when there is any warning)");
  command.add_option("--now", options.now,
                     "The current time for the checks that depend on it (a policy that will "
                     "never fire, windows a daylight-saving change moves), RFC 3339, e.g. "
                     "2026-03-01T00:00:00Z; default: the system clock");
  command.footer(
      "Exit codes: 0 no errors, 1 errors found (or warnings with --strict), 2 usage or input "
      "error.\n\n"
      "Examples:\n"
      "  patchwarden lint policies/                 check a whole repository\n"
      "  patchwarden lint --strict policies/        fail CI on warnings too\n"
      "  patchwarden lint --format json p.yaml      machine-readable diagnostics\n"
      "  patchwarden lint clusters/ patch/hv.yaml   several files and folders at once");
}

void add_preview(CLI::App& command, Options& all) {
  PreviewOptions& options = all.preview;
  command.add_option("PATH", options.paths, k_paths_help);
  command.add_option("--from", options.from,
                     "List windows starting at or after this RFC 3339 time (default: now)");
  command.add_option("--until", options.until,
                     "List only windows starting before this RFC 3339 time");
  command.add_option("--count", options.count, "Windows per policy")
      ->check(CLI::Range(0, 1000000))
      ->capture_default_str();
  command.add_option("--policy", options.policies, "Only this policy (repeatable)")
      ->allow_extra_args(false);
  command.add_option("--format", options.format, "table, json or ics (RFC 5545 iCalendar)")
      ->check(CLI::IsMember({"table", "json", "ics"}))
      ->capture_default_str();
  command.add_option("--frequency", options.frequency,
                     "A WUFrequency, e.g. 'MonthlyByWeekAndDay,2,Tuesday,22:00'");
  command.add_option("--timezone", options.timezone,
                     "IANA zone: --frequency's wall clock is read there; the table also shows "
                     "local start times");
  command.add_option("--offset-days", options.offset_days, "With --frequency: OffsetDays")
      ->check(CLI::Range(-30, 30));
  command
      .add_option("--duration", options.duration_minutes,
                  "With --frequency: WindowDurationInMinutes (0 = no end)")
      ->check(CLI::Range(0, 1000000));
  command.footer(
      "Times are printed in UTC (YYYY-MM-DDTHH:MM:SSZ). Exit codes: 0 ok, 1 policy errors, 2 "
      "usage or input error.\n\nExamples:\n"
      "  patchwarden preview --from 2026-12-01T00:00:00Z --count 3 policies/\n"
      "  patchwarden preview --frequency 'MonthlyByWeekAndDay,2,Tuesday,22:00' "
      "--timezone Europe/Berlin --offset-days 4\n"
      "  patchwarden preview --format ics policies/ > windows.ics");
}

void add_simulate(CLI::App& command, Options& all) {
  SimulateOptions& options = all.simulate;
  command.add_option("PATH", options.paths, "Policy files or folders")->required();
  command.add_option("--from", options.from,
                     "Simulate the first window at or after T (RFC 3339; default now)");
  command.add_option("--policy", options.policies, "Only this policy (repeatable)");
  command.add_option("--format", options.format, "table or json")
      ->check(CLI::IsMember({"table", "json"}));
}

void add_run(CLI::App& command, Options& all) {
  RunOptions& options = all.run;
  command.add_option("PATH", options.daemon.paths, k_paths_help)->required();
  command
      .add_option("--state", options.daemon.state_directory,
                  "State directory (SQLite database, lock, logs)")
      ->required();
  command.add_option("--listen", options.daemon.listen, "HTTP API address HOST:PORT (port 0: any)")
      ->capture_default_str();
  auto* time_scale =
      command
          .add_option("--time-scale", options.daemon.time_scale,
                      "Run virtual time N times faster than real time (Simulated clusters only)")
          ->check(CLI::Validator(
              [](const std::string& text) -> std::string {
                double value = 0;
                const bool number = CLI::detail::lexical_cast(text, value);
                return number && std::isfinite(value) && value > 0
                           ? std::string()
                           : "a finite number greater than 0 is needed, got '" + text + "'";
              },
              "POSITIVE"));
  command
      .add_option("--from", options.from,
                  "With --time-scale: the virtual time to start from, RFC 3339 (default: now)")
      ->needs(time_scale);
  command.add_option("--token-file", options.token_file,
                     "File holding the bearer token for POST /v1/policies/NAME/pause|resume "
                     "(without it they are refused)");
  command.footer(
      "Exit codes: 0 stopped by a signal, 1 the policies have errors, 2 usage error, 3 runtime "
      "failure (e.g. the state directory is in use by another patchwarden).\n\n"
      "Examples:\n"
      "  patchwarden run --state /var/lib/patchwarden /etc/patchwarden/policies\n"
      "  patchwarden run --state /tmp/demo --time-scale 3000 --from 2026-12-05T21:55:00Z "
      "policies/");
}

void add_document_options(CLI::App& command, daemon::ClientOptions& options) {
  command.add_option("--state", options.state_directory, "State directory of the daemon")
      ->capture_default_str();
  command.add_option("--listen", options.listen,
                     "Daemon address HOST:PORT (default: the one recorded in --state)");
  command.add_option("--format", options.format, "Output format: table, json or poa-json")
      ->check(CLI::IsMember({"table", "json", "poa-json"}))
      ->capture_default_str();
}

void add_pause(CLI::App& command, Options& all) {
  daemon::PauseOptions& options = all.pause;
  command.add_option("POLICY", options.policy, "Name of the policy")->required();
  command.add_option("--token-file", options.token_file,
                     "File holding the daemon's bearer token (default: $PATCHWARDEN_TOKEN_FILE, "
                     "else the token in $PATCHWARDEN_TOKEN)");
  command.add_option("--state", options.daemon.state_directory, "State directory of the daemon")
      ->capture_default_str();
  command.add_option("--listen", options.daemon.listen,
                     "Daemon address HOST:PORT (default: the one recorded in --state)");
  command.footer(
      "A paused policy starts no new cycle and no new node; a node in the middle of its attempt "
      "finishes it and is resumed. Resume continues where it stopped. The pause is stored: it "
      "holds across daemon restarts.\n\n"
      "Exit codes: 0 done, 2 usage error or no such policy, 3 the daemon cannot be reached or "
      "refused the token.\n\n"
      "Examples:\n"
      "  sudo patchwarden pause hv-fabrikam-monthly --token-file /etc/patchwarden/api-token\n"
      "  PATCHWARDEN_TOKEN_FILE=/etc/patchwarden/api-token patchwarden resume hv-fabrikam-monthly");
}

void add_proxy_check(CLI::App& command, Options& all) {
  ProxyCheckOptions& options = all.proxy_check;
  command.add_option("--policy", options.policy_file, "Policy file that holds the Proxy")
      ->required();
  command.add_option("--name", options.policy_name, "Policy to check when the file holds several");
  command.add_option("HOST", options.hosts, "Host names to check (short names or FQDNs)")
      ->required();
  command.footer(
      "Exit codes: 0 checked, 1 the policy file has errors, 2 usage or input error.\n\n"
      "Examples:\n"
      "  patchwarden proxy-check --policy policies/patch/hv-fabrikam-monthly.yaml \\\n"
      "      hv01 Test-FS.fabrikam.com\n"
      "    hv01: direct (entry '<local>')\n"
      "    Test-FS.fabrikam.com: direct (entry '*.fabrikam.com')");
}

struct Subcommand {
  const char* name;
  const char* description;  // what --help says
  void (*add_options)(CLI::App& command, Options& options);
  int (*run)(const Options& options);
};

// In --help order.
const Subcommand k_commands[] = {
    {"lint",
     "Check policy and cluster files before anything runs: YAML structure, every key's type and "
     "range, the WUFrequency and WUQuery grammars, time zones, proxy bypass lists, and "
     "cross-file rules (unique names, clusters that exist, upgrade domains). Every problem in "
     "every file is reported, with the file, line and column and a caret under the token.",
     add_lint, [](const Options& options) { return run_lint(options.lint); }},
    {"preview",
     "Show the coming patch windows of every enabled policy in start order, or of one "
     "WUFrequency given with --frequency, as a table, JSON or iCalendar.",
     add_preview, [](const Options& options) { return run_preview(options.preview); }},
    {"simulate", "Play each policy's next cycle on its Simulated cluster in virtual time",
     add_simulate, [](const Options& options) { return run_simulate(options.simulate); }},
    {"run",
     "The long-lived scheduler: waits for each policy's next window, rolls the cluster through "
     "the rollout engine, and stores every transition in SQLite under --state before acting on "
     "it, so it resumes after a crash. Reloads on SIGHUP and when a policy file changes; stops "
     "cleanly on SIGTERM and SIGINT. Serves an HTTP API (status, windows, results, metrics).",
     add_run, [](const Options& options) { return run_run(options.run); }},
    {"status",
     "Each policy: next window, cycle state, every node's state and next attempt, and why it "
     "waits (asks the daemon, or reads the state directory when it is not running).",
     [](CLI::App& command, Options& options) { add_document_options(command, options.status); },
     [](const Options& options) { return run_document(options.status, daemon::Document::Status); }},
    {"results",
     "Update results in POA's GetWindowsUpdateResults JSON shape (asks the daemon, or reads the "
     "state directory when it is not running); table, json or poa-json (the same JSON).",
     [](CLI::App& command, Options& options) {
       add_document_options(command, options.results);
       command.add_flag("--all", options.results.all_types,
                        "Show the SearchAndDownload records too (POA shows Installation only)");
     },
     [](const Options& options) {
       return run_document(options.results, daemon::Document::Results);
     }},
    {"pause", "Pause a policy on the running daemon (needs the daemon's token)", add_pause,
     [](const Options& options) { return run_pause(options.pause, true); }},
    {"resume", "Resume a paused policy on the running daemon (needs the daemon's token)", add_pause,
     [](const Options& options) { return run_pause(options.pause, false); }},
    {"proxy-check",
     "Say, for each host, whether a policy's proxy bypass list (WinHTTP grammar: '<local>' for "
     "names without a period, '*.domain' suffixes, exact names) sends it direct or through the "
     "proxy, and which entry decided. Use it to check that cluster node names and access points "
     "never go to the proxy.",
     add_proxy_check, [](const Options& options) { return run_proxy_check(options.proxy_check); }},
};

}  // namespace

int run_command_line(int argc, char** argv) {
  CLI::App app{
      "patchwarden: cluster-aware OS patching from policies kept in git.\n"
      "Check policies with `lint`, see coming windows with `preview`, play a rollout with\n"
      "`simulate`, and run the scheduler with `run`. See `patchwarden COMMAND --help`."};
  app.require_subcommand(1);
  app.set_version_flag("--version", "patchwarden 0.1.0");
  Options options;
  std::vector<std::pair<CLI::App*, const Subcommand*>> chosen;
  for (const Subcommand& subcommand : k_commands) {
    CLI::App* command = app.add_subcommand(subcommand.name, subcommand.description);
    subcommand.add_options(*command, options);
    chosen.emplace_back(command, &subcommand);
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);
    return code == 0 ? k_exit_ok : k_exit_usage;
  }
  try {
    for (const auto& [command, subcommand] : chosen) {
      if (command->parsed()) return subcommand->run(options);
    }
  } catch (const std::exception& error) {
    std::cerr << "patchwarden: internal error: " << error.what() << '\n';
    return k_exit_runtime;
  }
  return k_exit_usage;
}

}  // namespace pw::cli
