// Text renderings of the status documents: Prometheus metrics and the CLI's tables.
#include "daemon/status_report.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <map>

namespace pw::daemon {

using nlohmann::json;

namespace {

std::string text_or(const json& value, const char* fallback) {
  return value.is_string() ? value.get<std::string>() : fallback;
}

std::string label(const std::string& value) {
  std::string escaped;
  for (const char c : value) {
    if (c == '"' || c == '\\') escaped += '\\';
    escaped += c == '\n' ? 'n' : c;
  }
  return escaped;
}

}  // namespace

Result<std::string> metrics_text(store::Store& store, const json& status) {
  auto cycles = store.cycles();
  if (!cycles) return Error{cycles.error()};
  std::map<std::pair<std::string, std::string>, int> cycle_counts;
  std::map<std::string, long long> last_duration;
  for (const auto& cycle : *cycles) {
    ++cycle_counts[{cycle.policy, cycle.state}];
    if (cycle.finished_at) {
      last_duration[cycle.policy] = (*cycle.finished_at - cycle.started_at).count();
    }
  }
  std::string out =
      "# HELP patchwarden_cycles_total Cycles by policy and state.\n"
      "# TYPE patchwarden_cycles_total counter\n";
  for (const auto& [key, count] : cycle_counts) {
    out += fmt::format("patchwarden_cycles_total{{policy=\"{}\",state=\"{}\"}} {}\n",
                       label(key.first), label(key.second), count);
  }
  out +=
      "# HELP patchwarden_last_cycle_duration_seconds Duration of the last finished cycle.\n"
      "# TYPE patchwarden_last_cycle_duration_seconds gauge\n";
  for (const auto& [policy, seconds] : last_duration) {
    out += fmt::format("patchwarden_last_cycle_duration_seconds{{policy=\"{}\"}} {}\n",
                       label(policy), seconds);
  }
  std::string nodes =
      "# HELP patchwarden_nodes Nodes of the latest cycle by task state.\n"
      "# TYPE patchwarden_nodes gauge\n";
  std::string failures =
      "# HELP patchwarden_failed_nodes Failed nodes in the latest cycle.\n"
      "# TYPE patchwarden_failed_nodes gauge\n";
  std::string next =
      "# HELP patchwarden_next_window_timestamp_seconds Start of the next window (Unix time).\n"
      "# TYPE patchwarden_next_window_timestamp_seconds gauge\n";
  std::string missed =
      "# HELP patchwarden_missed_windows_total Windows missed while the daemon was down.\n"
      "# TYPE patchwarden_missed_windows_total counter\n";
  for (const json& policy : status.at("policies")) {
    const std::string name = label(policy.value("policy", ""));
    std::map<std::string, int> by_state;
    int failed = 0;
    for (const json& node : policy.at("nodes")) {
      ++by_state[node.value("task_state", "")];
      if (node.value("result", "") == "Failed") ++failed;
    }
    for (const auto& [state, count] : by_state) {
      nodes += fmt::format("patchwarden_nodes{{policy=\"{}\",state=\"{}\"}} {}\n", name,
                           label(state), count);
    }
    failures += fmt::format("patchwarden_failed_nodes{{policy=\"{}\"}} {}\n", name, failed);
    missed += fmt::format("patchwarden_missed_windows_total{{policy=\"{}\"}} {}\n", name,
                          policy.value("missed_windows", 0));
    const json& window = policy.at("next_window");
    if (window.is_object()) {
      if (const auto start = parse_rfc3339(window.value("start", ""))) {
        next += fmt::format("patchwarden_next_window_timestamp_seconds{{policy=\"{}\"}} {}\n", name,
                            start->time_since_epoch().count());
      }
    }
  }
  return out + nodes + failures + next + missed;
}

std::string status_table(const json& status) {
  std::string out = fmt::format("now {}{}\n", text_or(status.value("now", json()), "?"),
                                status.value("daemon", false) ? "" : " (daemon not running)");
  for (const json& policy : status.at("policies")) {
    const json& window = policy.at("next_window");
    out += fmt::format("\npolicy {} (cluster {}){}\n", policy.value("policy", ""),
                       policy.value("cluster", ""), policy.value("paused", false) ? " PAUSED" : "");
    if (policy.value("state", "") == "Waiting") {
      out += fmt::format("  WAITING      {} (since {})\n", policy.value("waiting_for", ""),
                         text_or(policy.value("waiting_since", json()), "?"));
    }
    out += fmt::format("  next window  {}\n",
                       window.is_object() ? text_or(window.at("start"), "?") : "-");
    const json& last_missed = policy.value("last_missed", json());
    out += fmt::format("  missed       {}{}\n", policy.value("missed_windows", 0),
                       last_missed.is_object()
                           ? " (last " + text_or(last_missed.value("window_start", json()), "?") +
                                 ": " + last_missed.value("reason", "") + ")"
                           : "");
    const json& cycle = policy.at("cycle");
    if (!cycle.is_object()) {
      out += "  no cycle yet\n";
      continue;
    }
    out += fmt::format("  cycle {}      {} (window {}){}\n", cycle.value("id", 0),
                       cycle.value("state", ""), text_or(cycle.at("window_start"), "?"),
                       cycle.value("wait_reason", "").empty()
                           ? ""
                           : " waiting: " + cycle.value("wait_reason", ""));
    out += fmt::format("  {:<20} {:<10} {:<19} {:<17} {:>3} {:>3}  {}\n", "NODE", "TASK",
                       "SUB-STATE", "RESULT", "TRY", "RS", "WAITING FOR");
    for (const json& node : policy.at("nodes")) {
      out += fmt::format("  {:<20} {:<10} {:<19} {:<17} {:>3} {:>3}  {}\n", node.value("name", ""),
                         node.value("task_state", ""), node.value("sub_state", ""),
                         node.value("result", ""), node.value("attempts", 0),
                         node.value("reschedules", 0), node.value("waiting_for", ""));
    }
  }
  return out;
}

std::string results_table(const json& results) {
  static const char* const k_outcomes[] = {"Succeeded", "SucceededWithErrors", "Failed", "Aborted",
                                           "AbortedWithTimeout"};
  std::string out = fmt::format("{:<20} {:<18} {:<20} {:<21} {:>7}  {}\n", "NODE", "OPERATION",
                                "RESULT", "START", "UPDATES", "REBOOT");
  for (const json& node : results) {
    for (const json& operation : node.value("WindowsUpdateOperationResults", json::array())) {
      const int result = operation.value("OperationResult", 0);
      out += fmt::format(
          "{:<20} {:<18} {:<20} {:<21} {:>7}  {}\n", node.value("NodeName", ""),
          operation.value("OperationType", 1) == 1 ? "Installation" : "SearchAndDownload",
          result >= 0 && result <= 4 ? k_outcomes[result] : "?",
          text_or(operation.value("OperationStartTime", json()), "?"),
          operation.value("UpdateDetails", json::array()).size(),
          operation.value("RebootRequired", false) ? "yes" : "no");
    }
  }
  return out;
}

}  // namespace pw::daemon
