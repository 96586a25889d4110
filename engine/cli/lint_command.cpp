// `patchwarden lint [--format text|json] [--strict] [--now T] PATH...` (DESIGN.md §8): loads
// every policy and cluster file, prints every problem of every file, and exits 0 (clean),
// 1 (errors, or warnings with --strict) or 2 (usage or input error).
#include "cli/command.hpp"
#include "cli/diagnostic_output.hpp"
#include "core/clock.hpp"
#include "core/time.hpp"
#include "policy/loader.hpp"

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

namespace pw::cli {
namespace {

struct LintOptions {
  std::vector<std::string> paths;
  std::string format = "text";
  bool strict = false;
  std::string now;
};

LintOptions g_options;

bool is_policy_file(const std::filesystem::path& path) {
  const std::string extension = path.extension().string();
  return extension == ".yaml" || extension == ".yml";
}

// Folders are searched recursively for *.yaml and *.yml, in a stable order; files named on the
// command line are taken whatever their extension. Returns nullopt (after saying why on
// stderr) when a path does not exist or a folder cannot be read.
std::optional<std::vector<std::string>> expand_paths(const std::vector<std::string>& paths) {
  std::vector<std::string> files;
  for (const std::string& path : paths) {
    std::error_code error;
    const auto status = std::filesystem::status(path, error);
    if (!std::filesystem::exists(status)) {
      std::cerr << "patchwarden lint: " << path << ": no such file or directory\n";
      return std::nullopt;
    }
    if (!std::filesystem::is_directory(status)) {
      files.push_back(path);
      continue;
    }
    std::vector<std::string> found;
    std::filesystem::recursive_directory_iterator it(path, error), end;
    for (; !error && it != end; it.increment(error)) {
      if (it->is_regular_file(error) && is_policy_file(it->path())) {
        found.push_back(it->path().string());
      }
    }
    if (error) {
      std::cerr << "patchwarden lint: " << path << ": " << error.message() << '\n';
      return std::nullopt;
    }
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }
  return files;
}

// --now, or the wall clock: the one place lint reads it.
std::optional<Instant> lint_time(const std::string& text) {
  if (text.empty()) return SystemClock{}.now();
  return parse_rfc3339(text);
}

int run_lint() {
  const std::optional<Instant> now = lint_time(g_options.now);
  if (!now) {
    std::cerr << "patchwarden lint: --now: '" << g_options.now
              << "' is not an RFC 3339 time (e.g. 2026-03-01T00:00:00Z)\n";
    return k_exit_usage;
  }
  const auto files = expand_paths(g_options.paths);
  if (!files) return k_exit_usage;

  DiagnosticSink sink;
  policy::LoadOptions load_options;
  load_options.now = *now;
  (void)policy::load_paths(*files, sink, load_options);

  const Strictness strictness = g_options.strict ? Strictness::Strict : Strictness::Normal;
  const OutputFormat format = g_options.format == "json" ? OutputFormat::Json : OutputFormat::Text;
  SourceCache cache;
  print_diagnostics(sink, format, std::cout, cache, strictness);
  const DiagnosticCounts counts = count_diagnostics(sink, strictness);
  if (format == OutputFormat::Text) {
    std::cout << summary_line(counts, static_cast<int>(files->size())) << '\n';
  }
  return counts.errors > 0 ? k_exit_invalid : k_exit_ok;
}

CLI::App* setup_lint(CLI::App& app) {
  CLI::App* lint = app.add_subcommand(
      "lint",
      "Check policy and cluster files before anything runs: YAML structure, every key's type "
      "and range, the WUFrequency and WUQuery grammars, time zones, proxy bypass lists, and "
      "cross-file rules (unique names, clusters that exist, upgrade domains). Every problem in "
      "every file is reported, with the file, line and column and a caret under the token.");
  lint->add_option("PATH", g_options.paths,
                   "Policy files, or folders searched recursively for *.yaml and *.yml")
      ->required();
  lint->add_option("--format", g_options.format, "Output format: text (for people) or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  lint->add_flag("--strict", g_options.strict,
                 "Treat warnings as errors (exit 1 when there is any warning)");
  lint->add_option("--now", g_options.now,
                   "The current time for the checks that depend on it (a policy that will "
                   "never fire, windows a daylight-saving change moves), RFC 3339, e.g. "
                   "2026-03-01T00:00:00Z; default: the system clock");
  lint->footer(
      "Exit codes: 0 no errors, 1 errors found (or warnings with --strict), 2 usage or input "
      "error.\n\n"
      "Examples:\n"
      "  patchwarden lint policies/                 check a whole repository\n"
      "  patchwarden lint --strict policies/        fail CI on warnings too\n"
      "  patchwarden lint --format json p.yaml      machine-readable diagnostics\n"
      "  patchwarden lint clusters/ patch/hv.yaml   several files and folders at once");
  return lint;
}

const CommandRegistration k_registration{Command{10, setup_lint, run_lint}};

}  // namespace
}  // namespace pw::cli
