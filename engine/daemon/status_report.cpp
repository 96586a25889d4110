#include "daemon/status_report.hpp"

#include "daemon/cycle_snapshot.hpp"
#include "daemon/poa_results.hpp"
#include "rollout/poa_state.hpp"

#include <nlohmann/json.hpp>
#include <set>

namespace pw::daemon {

using nlohmann::json;
using rollout::CycleState;
using rollout::NodeTask;
using rollout::SubState;

namespace {

json instant_or_null(const std::optional<Instant>& instant) {
  return instant ? json(format_utc(*instant)) : json(nullptr);
}

// Why a node waits, from its typed task and the cycle's snapshot (either may be missing when a
// row is damaged or the cycle has not stored a snapshot yet).
std::string waiting_for(const std::optional<NodeTask>& task, const std::optional<CycleState>& cycle,
                        const std::string& cycle_state) {
  if (!task) return "";
  if (task->sub_state == SubState::Soaking) {
    return "soak until " + (task->next_attempt_at ? format_utc(*task->next_attempt_at) : "");
  }
  if (task->sub_state != SubState::WaitingForApproval && task->sub_state != SubState::NotStarted) {
    return "";
  }
  if (cycle_state == "WaitingForNextWindow") return "window closed; waits for the next window";
  if (cycle && !cycle->wait_reason.empty()) return cycle->wait_reason;
  return task->message;
}

// POA's ExecutorData of a node: its ExecutorSubState (rollout/poa_state.hpp) and, while it
// reboots, when the restart was requested.
json executor_data(const std::optional<NodeTask>& task) {
  if (!task) return nullptr;
  const bool rebooting = task->sub_state == SubState::Restarting && task->operation_started_at;
  return json{
      {"ExecutorSubState", static_cast<int>(rollout::executor_sub_state(*task))},
      {"RestartRequestedTime", rebooting ? json(format_utc(*task->operation_started_at)) : json()}};
}

json node_json(const store::NodeTaskRecord& record, const std::optional<NodeTask>& task,
               const std::optional<CycleState>& cycle, const std::string& cycle_state) {
  return json{{"name", record.node},
              {"upgrade_domain", task ? task->upgrade_domain : ""},
              {"task_state", record.state},
              {"sub_state", task ? std::string(rollout::to_string(task->sub_state)) : ""},
              {"sub_state_number", record.sub_state},
              {"ExecutorData", executor_data(task)},
              {"result", task ? std::string(rollout::to_string(task->result)) : ""},
              {"attempts", record.attempts},
              {"reschedules", record.reschedules},
              {"next_attempt", instant_or_null(record.next_attempt)},
              {"waiting_for", waiting_for(task, cycle, cycle_state)}};
}

Result<json> cycle_json(store::Store& store, const store::CycleRecord& cycle, json& nodes) {
  auto data = store.cycle_data(cycle.id);
  if (!data) return Error{data.error()};
  const std::optional<CycleState> snapshot = cycle_from_snapshot(*data);
  auto tasks = store.node_tasks(cycle.id);
  if (!tasks) return Error{tasks.error()};
  std::set<std::string> seen;
  for (const auto& record : *tasks) {
    nodes.push_back(node_json(record, node_task_from_snapshot(record.data), snapshot, cycle.state));
    seen.insert(record.node);
  }
  // Nodes the cycle has not touched yet are only in the snapshot.
  for (const NodeTask& task : snapshot ? snapshot->nodes : std::vector<NodeTask>{}) {
    if (seen.count(task.node) != 0) continue;
    const store::NodeTaskRecord record{cycle.id,
                                       task.node,
                                       std::string(rollout::to_string(task.task_state())),
                                       static_cast<int>(task.sub_state),
                                       0,
                                       0,
                                       std::nullopt,
                                       {}};
    nodes.push_back(node_json(record, task, snapshot, cycle.state));
  }
  return json{{"id", cycle.id},
              {"state", cycle.state},
              {"window_start", format_utc(cycle.window_start)},
              {"window_end", instant_or_null(cycle.window_end)},
              {"started_at", format_utc(cycle.started_at)},
              {"finished_at", instant_or_null(cycle.finished_at)},
              {"content_hash", cycle.content_hash},
              {"wait_reason", snapshot ? snapshot->wait_reason : ""},
              {"halt_reason", snapshot ? snapshot->halt_reason : ""}};
}

Result<std::vector<PolicyView>> known_policies(store::Store& store) {
  auto cycles = store.cycles();
  if (!cycles) return Error{cycles.error()};
  std::vector<PolicyView> views;
  std::set<std::string> seen;
  for (const auto& cycle : *cycles) {
    if (seen.insert(cycle.policy).second)
      views.push_back({cycle.policy, cycle.cluster, {}, {}, {}});
  }
  return views;
}

}  // namespace

Result<json> status_document(store::Store& store, std::vector<PolicyView> policies, Instant now,
                             bool daemon_running) {
  if (policies.empty()) {
    auto known = known_policies(store);
    if (!known) return Error{known.error()};
    policies = std::move(known).value();
  }
  auto paused = store.paused_policies();
  if (!paused) return Error{paused.error()};
  json list = json::array();
  for (const PolicyView& view : policies) {
    const bool is_paused = paused->count(view.name) != 0;
    json entry{{"policy", view.name},
               {"cluster", view.cluster},
               {"paused", is_paused},
               {"state", is_paused                  ? "Paused"
                         : view.waiting_for.empty() ? "Idle"
                                                    : "Waiting"},
               {"waiting_for", view.waiting_for},
               {"waiting_since", instant_or_null(view.waiting_since)},
               {"next_window", nullptr},
               {"cycle", nullptr},
               {"nodes", json::array()}};
    if (view.next_window) {
      entry["next_window"] = json{{"start", format_utc(view.next_window->start)},
                                  {"end", instant_or_null(view.next_window->end)}};
    }
    auto missed = store.missed_windows(view.name);
    if (!missed) return Error{missed.error()};
    entry["missed_windows"] = missed->size();
    entry["last_missed"] = nullptr;
    if (!missed->empty()) {
      const store::MissedWindow& last = missed->back();
      entry["last_missed"] =
          json{{"window_start", format_utc(last.window_start)},
               {"window_end", instant_or_null(last.window_end)},
               {"reason", last.reason.empty() ? "the daemon was not running" : last.reason}};
    }
    auto latest = store.latest_cycle(view.name);
    if (!latest) return Error{latest.error()};
    if (*latest) {
      auto cycle = cycle_json(store, **latest, entry["nodes"]);
      if (!cycle) return Error{cycle.error()};
      entry["cycle"] = std::move(cycle).value();
      if (entry["state"] == "Idle" && !(*latest)->finished_at) entry["state"] = "Running";
    }
    list.push_back(std::move(entry));
  }
  return json{{"now", format_utc(now)}, {"daemon", daemon_running}, {"policies", list}};
}

Result<json> results_document(store::Store& store, bool all_types) {
  auto results = store.results();
  if (!results) return Error{results.error()};
  std::vector<rollout::OperationRecord> records;
  for (const auto& result : *results) {
    auto record = poa_result_from_json(result.json);
    if (!record) continue;
    if (!all_types && record->type != rollout::OperationType::Installation) continue;
    records.push_back(std::move(*record));
  }
  return json::parse(poa_results_document(records));
}

}  // namespace pw::daemon
