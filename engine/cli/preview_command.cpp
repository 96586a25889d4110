// `patchwarden preview` (DESIGN.md §8, issue 3): the coming windows of every enabled policy,
// merged in start order, or of one WUFrequency typed on the command line (like
// `systemd-analyze calendar --iterations=N`). Exit codes: 0 ok, 1 policy errors, 2 usage.
#include "cli/command.hpp"
#include "cli/diagnostic_output.hpp"
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

struct PreviewArguments {
  std::vector<std::string> paths;
  std::string from;
  std::string until;
  int count = 10;
  std::vector<std::string> policies;
  std::string format = "table";
  std::string frequency;
  std::string timezone;
  int offset_days = 0;
  int duration_minutes = 0;
};

PreviewArguments g_arguments;

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
std::optional<Sources> frequency_sources(const std::optional<schedule::Zone>& zone) {
  const schedule::FrequencyParse parse = schedule::parse_frequency(g_arguments.frequency);
  if (!parse.frequency) {
    for (const TextIssue& issue : parse.issues) {
      const SourceLocation at{"--frequency", 1, static_cast<int>(issue.offset) + 1,
                              static_cast<int>(std::max<std::size_t>(issue.length, 1))};
      std::cerr << "patchwarden preview: --frequency: " << to_string(issue.severity) << ": "
                << issue.message << " [" << issue.rule << "]\n  " << g_arguments.frequency << "\n  "
                << caret_line(g_arguments.frequency, at) << '\n';
    }
    return std::nullopt;
  }
  schedule::WindowSpec spec{*parse.frequency,
                            zone.value_or(schedule::Zone{}),
                            g_arguments.offset_days,
                            Minutes{g_arguments.duration_minutes},
                            {}};
  return Sources{{std::move(spec)}, {std::nullopt}};
}

// Enabled policies (all, or those named by --policy) of the files; nullopt after printing
// load errors or an unknown --policy.
std::optional<Sources> policy_sources(int& exit_code) {
  DiagnosticSink sink;
  const policy::PolicySet set = policy::load_paths(g_arguments.paths, sink);
  if (sink.has_errors()) {
    SourceCache cache;
    print_diagnostics(sink, OutputFormat::Text, std::cerr, cache);
    exit_code = k_exit_invalid;
    return std::nullopt;
  }
  std::vector<std::string_view> known;
  for (const auto& policy : set.policies) known.push_back(policy.name);
  for (const std::string& name : g_arguments.policies) {
    if (set.find_policy(name) != nullptr) continue;
    std::string message = "--policy: no policy named '" + name + "'";
    if (const auto match = closest_match(name, known))
      message += ", did you mean '" + *match + "'?";
    exit_code = usage_error(message);
    return std::nullopt;
  }
  Sources sources;
  for (const policy::PatchPolicy& policy : set.policies) {
    const bool chosen = g_arguments.policies.empty() ||
                        std::find(g_arguments.policies.begin(), g_arguments.policies.end(),
                                  policy.name) != g_arguments.policies.end();
    if (!policy.enabled || !chosen) continue;
    std::vector<schedule::Interval> blackouts;
    for (const policy::Blackout& blackout : policy.blackouts) {
      blackouts.push_back({blackout.start, blackout.end});
    }
    auto spec = schedule::make_window_spec(policy.frequency, policy.time_zone, policy.offset_days,
                                           policy.window_duration_minutes, std::move(blackouts));
    if (!spec) {
      exit_code = k_exit_invalid;
      std::cerr << policy.location.file << ": error: policy '" << policy.name
                << "': " << spec.error() << '\n';
      return std::nullopt;
    }
    sources.specs.push_back(std::move(*spec));
    sources.names.push_back(schedule::PreviewSource{policy.name, policy.cluster});
  }
  return sources;
}

std::optional<std::string> check_arguments() {
  const bool by_frequency = !g_arguments.frequency.empty();
  if (by_frequency && !g_arguments.paths.empty()) return "give PATH... or --frequency, not both";
  if (!by_frequency && g_arguments.paths.empty()) return "give PATH... or --frequency EXPR";
  if (by_frequency && !g_arguments.policies.empty())
    return "--policy needs PATH..., not --frequency";
  if (!by_frequency && (g_arguments.offset_days != 0 || g_arguments.duration_minutes != 0)) {
    return "--offset-days and --duration apply to --frequency; policies set OffsetDays and "
           "WindowDurationInMinutes themselves";
  }
  for (const std::string& path : g_arguments.paths) {
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

int run_preview() {
  if (const auto problem = check_arguments()) return usage_error(*problem);
  schedule::MergeLimits limits{SystemClock{}.now(), std::nullopt, g_arguments.count};
  if (!g_arguments.from.empty()) {
    const auto from = read_time(g_arguments.from, "--from");
    if (!from) return k_exit_usage;
    limits.from = *from;
  }
  if (!g_arguments.until.empty()) {
    limits.until = read_time(g_arguments.until, "--until");
    if (!limits.until) return k_exit_usage;
  }
  std::optional<schedule::Zone> zone;
  if (!g_arguments.timezone.empty()) {
    auto found = find_zone(g_arguments.timezone);
    if (!found) return usage_error(found.error());
    zone = *found;
  }
  int exit_code = k_exit_usage;
  const auto sources =
      g_arguments.frequency.empty() ? policy_sources(exit_code) : frequency_sources(zone);
  if (!sources) return exit_code;
  schedule::WindowMerge merge{sources->specs, limits};
  const schedule::PreviewOptions options{format_of(g_arguments.format), limits.from, zone};
  schedule::write_preview(merge, sources->names, options, std::cout);
  std::cout.flush();
  return k_exit_ok;
}

CLI::App* setup_preview(CLI::App& app) {
  CLI::App* preview = app.add_subcommand(
      "preview",
      "Show the coming patch windows of every enabled policy in start order, or of one "
      "WUFrequency given with --frequency, as a table, JSON or iCalendar.");
  preview->add_option("PATH", g_arguments.paths,
                      "Policy files, or folders searched recursively for *.yaml and *.yml");
  preview->add_option("--from", g_arguments.from,
                      "List windows starting at or after this RFC 3339 time (default: now)");
  preview->add_option("--until", g_arguments.until,
                      "List only windows starting before this RFC 3339 time");
  preview->add_option("--count", g_arguments.count, "Windows per policy")
      ->check(CLI::Range(0, 1000000))
      ->capture_default_str();
  preview->add_option("--policy", g_arguments.policies, "Only this policy (repeatable)")
      ->allow_extra_args(false);
  preview->add_option("--format", g_arguments.format, "table, json or ics (RFC 5545 iCalendar)")
      ->check(CLI::IsMember({"table", "json", "ics"}))
      ->capture_default_str();
  preview->add_option("--frequency", g_arguments.frequency,
                      "A WUFrequency, e.g. 'MonthlyByWeekAndDay,2,Tuesday,22:00'");
  preview->add_option("--timezone", g_arguments.timezone,
                      "IANA zone: --frequency's wall clock is read there; the table also shows "
                      "local start times");
  preview->add_option("--offset-days", g_arguments.offset_days, "With --frequency: OffsetDays")
      ->check(CLI::Range(-30, 30));
  preview
      ->add_option("--duration", g_arguments.duration_minutes,
                   "With --frequency: WindowDurationInMinutes (0 = no end)")
      ->check(CLI::Range(0, 1000000));
  preview->footer(
      "Times are printed in UTC (YYYY-MM-DDTHH:MM:SSZ). Exit codes: 0 ok, 1 policy errors, 2 "
      "usage or input error.\n\nExamples:\n"
      "  patchwarden preview --from 2026-12-01T00:00:00Z --count 3 policies/\n"
      "  patchwarden preview --frequency 'MonthlyByWeekAndDay,2,Tuesday,22:00' "
      "--timezone Europe/Berlin --offset-days 4\n"
      "  patchwarden preview --format ics policies/ > windows.ics");
  return preview;
}

const CommandRegistration k_registration{Command{20, setup_preview, run_preview}};

}  // namespace
}  // namespace pw::cli
