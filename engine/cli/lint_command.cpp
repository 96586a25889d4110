// `patchwarden lint [--format text|json] [--strict] [--now T] PATH...` (DESIGN.md §8): loads
// every policy and cluster file, prints every problem of every file, and exits 0 (clean),
// 1 (errors, or warnings with --strict) or 2 (usage or input error).
#include "cli/lint_command.hpp"

#include "cli/command.hpp"
#include "cli/diagnostic_output.hpp"
#include "core/clock.hpp"
#include "core/time.hpp"
#include "policy/loader.hpp"

#include <iostream>
#include <optional>
#include <string>
#include <vector>

namespace pw::cli {
namespace {

// The files to lint; nullopt (after saying why on stderr) when a path does not exist or a
// folder cannot be read.
std::optional<std::vector<std::string>> expand_paths(const std::vector<std::string>& paths) {
  policy::PolicyFiles found = policy::find_policy_files(paths);
  for (const policy::PathProblem& problem : found.problems) {
    std::cerr << "patchwarden lint: " << problem.path << ": " << problem.message << '\n';
  }
  if (!found.problems.empty()) return std::nullopt;
  return std::move(found.files);
}

// --now, or the wall clock: the one place lint reads it.
std::optional<Instant> lint_time(const std::string& text) {
  if (text.empty()) return SystemClock{}.now();
  return parse_rfc3339(text);
}

}  // namespace

int run_lint(const LintOptions& options) {
  const std::optional<Instant> now = lint_time(options.now);
  if (!now) {
    std::cerr << "patchwarden lint: --now: '" << options.now
              << "' is not an RFC 3339 time (e.g. 2026-03-01T00:00:00Z)\n";
    return k_exit_usage;
  }
  const auto files = expand_paths(options.paths);
  if (!files) return k_exit_usage;

  DiagnosticSink sink;
  policy::LoadOptions load_options;
  load_options.now = *now;
  (void)policy::load_paths(*files, sink, load_options);

  const Strictness strictness = options.strict ? Strictness::Strict : Strictness::Normal;
  const OutputFormat format = options.format == "json" ? OutputFormat::Json : OutputFormat::Text;
  SourceCache cache;
  print_diagnostics(sink, format, std::cout, cache, strictness);
  const DiagnosticCounts counts = count_diagnostics(sink, strictness);
  if (format == OutputFormat::Text) {
    std::cout << summary_line(counts, static_cast<int>(files->size())) << '\n';
  }
  return counts.errors > 0 ? k_exit_invalid : k_exit_ok;
}

}  // namespace pw::cli
