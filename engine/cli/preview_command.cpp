// `patchwarden preview` (DESIGN.md §8, issue 3): the coming windows of every enabled policy,
// merged in start order, or of one WUFrequency typed on the command line (like
// `systemd-analyze calendar --iterations=N`). Exit codes: 0 ok, 1 policy errors, 2 usage.
#include "cli/preview_command.hpp"

#include "cli/command.hpp"
#include "cli/diagnostic_output.hpp"
#include "cli/policy_names.hpp"
#include "core/clock.hpp"
#include "core/suggest.hpp"
#include "core/time.hpp"
#include "policy/loader.hpp"
#include "schedule/frequency.hpp"
#include "schedule/merge.hpp"
#include "schedule/preview_format.hpp"

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

namespace pw::cli {
namespace {

// What the windows are computed from: one spec per source, named or not.
struct Sources {
  std::vector<schedule::WindowSpec> specs;
  std::vector<std::optional<schedule::PreviewSource>> names;
};

int usage_error(const std::string& message) {
  std::cerr << "patchwarden preview: " << message << '\n';
  return k_exit_usage;
}

std::optional<Instant> read_time(const std::string& text, const char* option) {
  const auto instant = parse_rfc3339(text);
  if (!instant) {
    std::cerr << "patchwarden preview: " << option << ": '" << text
              << "' is not an RFC 3339 time (e.g. 2026-03-01T00:00:00Z)\n";
  }
  return instant;
}

// The zone, or a message with a suggestion from the tz database.
Result<schedule::Zone> find_zone(const std::string& name) {
  auto zone = schedule::Zone::find(name);
  if (zone) return zone;
  std::vector<std::string_view> names;
  for (const auto& known : date::get_tzdb().zones) names.push_back(known.name());
  std::string message = "--timezone: unknown time zone '" + name + "'";
  if (const auto match = closest_match(name, names)) message += ", did you mean '" + *match + "'?";
  return Error{message};
}

// --frequency EXPR: its parse errors are shown with a caret under the token.
std::optional<Sources> frequency_sources(const PreviewOptions& options,
                                         const std::optional<schedule::Zone>& zone) {
  const schedule::FrequencyParse parse = schedule::parse_frequency(options.frequency);
  if (!parse.frequency) {
    for (const TextIssue& issue : parse.issues) {
      const SourceLocation at{"--frequency", 1, static_cast<int>(issue.offset) + 1,
                              static_cast<int>(std::max<std::size_t>(issue.length, 1))};
      std::cerr << "patchwarden preview: --frequency: " << to_string(issue.severity) << ": "
                << issue.message << " [" << issue.rule << "]\n  " << options.frequency << "\n  "
                << caret_line(options.frequency, at) << '\n';
    }
    return std::nullopt;
  }
  schedule::WindowSpec spec{*parse.frequency,
                            zone.value_or(schedule::Zone{}),
                            options.offset_days,
                            Minutes{options.duration_minutes},
                            {}};
  return Sources{{std::move(spec)}, {std::nullopt}};
}

// Enabled policies (all, or those named by --policy) of the files; nullopt after printing
// load errors or an unknown --policy.
std::optional<Sources> policy_sources(const PreviewOptions& options, int& exit_code) {
  DiagnosticSink sink;
  const policy::PolicySet set = policy::load_paths(options.paths, sink);
  if (sink.has_errors()) {
    SourceCache cache;
    print_diagnostics(sink, OutputFormat::Text, std::cerr, cache);
    exit_code = k_exit_invalid;
    return std::nullopt;
  }
  if (const auto problem = unknown_policy(set, options.policies)) {
    exit_code = usage_error(*problem);
    return std::nullopt;
  }
  Sources sources;
  for (const policy::PatchPolicy& policy : set.policies) {
    const bool chosen = options.policies.empty() ||
                        std::find(options.policies.begin(), options.policies.end(), policy.name) !=
                            options.policies.end();
    if (!policy.enabled || !chosen) continue;
    sources.specs.push_back(policy.schedule);
    sources.names.push_back(schedule::PreviewSource{policy.name, policy.cluster});
  }
  return sources;
}

std::optional<std::string> check_arguments(const PreviewOptions& options) {
  const bool by_frequency = !options.frequency.empty();
  if (by_frequency && !options.paths.empty()) return "give PATH... or --frequency, not both";
  if (!by_frequency && options.paths.empty()) return "give PATH... or --frequency EXPR";
  if (by_frequency && !options.policies.empty()) return "--policy needs PATH..., not --frequency";
  if (!by_frequency && (options.offset_days != 0 || options.duration_minutes != 0)) {
    return "--offset-days and --duration apply to --frequency; policies set OffsetDays and "
           "WindowDurationInMinutes themselves";
  }
  for (const std::string& path : options.paths) {
    std::error_code error;
    if (!std::filesystem::exists(path, error)) return path + ": no such file or directory";
  }
  return std::nullopt;
}

schedule::PreviewFormat format_of(const std::string& name) {
  if (name == "json") return schedule::PreviewFormat::Json;
  if (name == "ics") return schedule::PreviewFormat::Ics;
  return schedule::PreviewFormat::Table;
}

}  // namespace

int run_preview(const PreviewOptions& options) {
  if (const auto problem = check_arguments(options)) return usage_error(*problem);
  schedule::MergeLimits limits{SystemClock{}.now(), std::nullopt, options.count};
  if (!options.from.empty()) {
    const auto from = read_time(options.from, "--from");
    if (!from) return k_exit_usage;
    limits.from = *from;
  }
  if (!options.until.empty()) {
    limits.until = read_time(options.until, "--until");
    if (!limits.until) return k_exit_usage;
  }
  std::optional<schedule::Zone> zone;
  if (!options.timezone.empty()) {
    auto found = find_zone(options.timezone);
    if (!found) return usage_error(found.error());
    zone = *found;
  }
  int exit_code = k_exit_usage;
  const auto sources = options.frequency.empty() ? policy_sources(options, exit_code)
                                                 : frequency_sources(options, zone);
  if (!sources) return exit_code;
  schedule::WindowMerge merge{sources->specs, limits};
  const schedule::PreviewOptions preview{format_of(options.format), limits.from, zone};
  schedule::write_preview(merge, sources->names, preview, std::cout);
  std::cout.flush();
  return k_exit_ok;
}

}  // namespace pw::cli
