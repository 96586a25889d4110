#include "daemon/cycle_snapshot.hpp"

#include "driver/update_json.hpp"

#include <nlohmann/json.hpp>

namespace pw::daemon {

using nlohmann::json;
using rollout::CycleState;
using rollout::NodeTask;

namespace {

json instant_json(const std::optional<Instant>& instant) {
  return instant ? json(format_utc(*instant)) : json(nullptr);
}

std::optional<Instant> instant_from(const json& object, const char* key) {
  const auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return std::nullopt;
  return parse_rfc3339(it->get<std::string>());
}

json task_json(const NodeTask& task) {
  json selected = json::array();
  for (const UpdateRecord& update : task.selected) {
    selected.push_back(driver::update_to_json(update));
  }
  return json{{"Node", task.node},
              {"UpgradeDomain", task.upgrade_domain},
              {"TaskState", rollout::to_string(task.task_state())},
              {"SubState", rollout::to_string(task.sub_state)},
              {"SubStateNumber", static_cast<int>(task.sub_state)},
              {"Result", rollout::to_string(task.result)},
              {"Attempts", task.attempts},
              {"Reschedules", task.reschedules},
              {"NextAttemptAt", instant_json(task.next_attempt_at)},
              {"ReadySince", instant_json(task.ready_since)},
              {"StartedAt", instant_json(task.started_at)},
              {"FinishedAt", instant_json(task.finished_at)},
              {"ResumedAt", instant_json(task.resumed_at)},
              {"RestartDeadline", instant_json(task.restart_deadline)},
              {"OperationStartedAt", instant_json(task.operation_started_at)},
              {"ExpectedMinutes", task.expected_minutes},
              {"Selected", std::move(selected)},
              {"Quarantined", task.quarantined},
              {"FailedUpdates", task.failed_updates},
              {"RebootRequired", task.reboot_required},
              {"Message", task.message}};
}

// Throws json::exception on a wrong type (caught by the public functions).
std::optional<NodeTask> task_from(const json& object) {
  if (!object.is_object()) return std::nullopt;
  const auto sub_state = rollout::sub_state_from_string(object.value("SubState", ""));
  const auto result = rollout::node_result_from_string(object.value("Result", ""));
  if (!sub_state || !result) return std::nullopt;
  NodeTask task;
  task.node = object.value("Node", "");
  task.upgrade_domain = object.value("UpgradeDomain", "");
  task.sub_state = *sub_state;
  task.result = *result;
  task.attempts = object.value("Attempts", 0);
  task.reschedules = object.value("Reschedules", 0);
  task.next_attempt_at = instant_from(object, "NextAttemptAt");
  task.ready_since = instant_from(object, "ReadySince");
  task.started_at = instant_from(object, "StartedAt");
  task.finished_at = instant_from(object, "FinishedAt");
  task.resumed_at = instant_from(object, "ResumedAt");
  task.restart_deadline = instant_from(object, "RestartDeadline");
  task.operation_started_at = instant_from(object, "OperationStartedAt");
  task.expected_minutes = object.value("ExpectedMinutes", 0);
  for (const json& update : object.value("Selected", json::array())) {
    auto parsed = driver::update_from_json(update);
    if (!parsed) return std::nullopt;
    task.selected.push_back(std::move(parsed.value()));
  }
  task.quarantined = object.value("Quarantined", std::vector<std::string>{});
  task.failed_updates = object.value("FailedUpdates", std::vector<std::string>{});
  task.reboot_required = object.value("RebootRequired", false);
  task.message = object.value("Message", "");
  return task;
}

json quarantine_json(const rollout::QuarantineLedger& ledger) {
  json object = json::object();
  for (const auto& [node, counts] : ledger) {
    for (const auto& [update_id, count] : counts) object[node][update_id] = count;
  }
  return object;
}

std::optional<CycleState> cycle_from(const json& object) {
  if (!object.is_object()) return std::nullopt;
  CycleState state;
  state.cycle_id = object.at("CycleId").get<std::string>();
  state.policy = object.at("Policy").get<std::string>();
  state.cluster = object.at("Cluster").get<std::string>();
  const auto start = instant_from(object, "WindowStart");
  if (!start) return std::nullopt;
  state.window = rollout::Window{*start, instant_from(object, "WindowEnd")};
  for (const json& node : object.at("Nodes")) {
    auto task = task_from(node);
    if (!task) return std::nullopt;
    state.nodes.push_back(std::move(*task));
  }
  // Bound first: items() refers to the object it iterates, so a temporary would dangle.
  const json quarantine = object.value("Quarantine", json::object());
  for (const auto& [node, counts] : quarantine.items()) {
    for (const auto& [update_id, count] : counts.items()) {
      state.quarantine[node][update_id] = count.get<int>();
    }
  }
  state.failed_nodes = object.value("FailedNodes", 0);
  state.halted = object.value("Halted", false);
  state.halt_reason = object.value("HaltReason", "");
  state.wait_reason = object.value("WaitReason", "");
  return state;
}

}  // namespace

std::string node_task_snapshot(const NodeTask& task) {
  return task_json(task).dump();
}

std::string cycle_snapshot(const CycleState& state) {
  json nodes = json::array();
  for (const NodeTask& task : state.nodes) nodes.push_back(task_json(task));
  return json{{"CycleId", state.cycle_id},
              {"Policy", state.policy},
              {"Cluster", state.cluster},
              {"WindowStart", format_utc(state.window.start)},
              {"WindowEnd", instant_json(state.window.end)},
              {"Nodes", std::move(nodes)},
              {"Quarantine", quarantine_json(state.quarantine)},
              {"FailedNodes", state.failed_nodes},
              {"Halted", state.halted},
              {"HaltReason", state.halt_reason},
              {"WaitReason", state.wait_reason}}
      .dump();
}

std::optional<NodeTask> node_task_from_snapshot(std::string_view text) {
  const json object = json::parse(text, nullptr, /*allow_exceptions=*/false);
  try {
    return task_from(object);
  } catch (const json::exception&) {
    return std::nullopt;  // a damaged snapshot is reported by the caller, not thrown across
  }
}

std::optional<CycleState> cycle_from_snapshot(std::string_view text) {
  const json object = json::parse(text, nullptr, /*allow_exceptions=*/false);
  try {
    return cycle_from(object);
  } catch (const json::exception&) {
    return std::nullopt;
  }
}

}  // namespace pw::daemon
