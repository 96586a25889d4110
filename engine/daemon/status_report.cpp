#include "daemon/status_report.hpp"

#include "rollout/cycle_state.hpp"
#include "rollout/results.hpp"

#include <set>

namespace pw::daemon {

using nlohmann::json;

namespace {

// A string member, or "" when it is missing or not a string (never throws).
std::string text_of(const json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

json instant_or_null(const std::optional<Instant>& instant) {
  return instant ? json(format_utc(*instant)) : json(nullptr);
}

std::string waiting_for(const json& task, const json& cycle_data, const std::string& cycle_state) {
  const std::string sub_state = text_of(task, "SubState");
  if (sub_state == "Soaking") {
    return "soak until " + text_of(task, "NextAttemptAt");
  }
  if (sub_state != "WaitingForApproval" && sub_state != "NotStarted") return "";
  if (cycle_state == "WaitingForNextWindow") return "window closed; waits for the next window";
  const std::string reason = text_of(cycle_data, "WaitReason");
  if (!reason.empty()) return reason;
  return text_of(task, "Message");
}

json node_json(const store::NodeTaskRecord& record, const json& cycle_data,
               const std::string& cycle_state) {
  const json task = json::parse(record.data, nullptr, false);
  const json safe = task.is_discarded() ? json::object() : task;
  return json{{"name", record.node},
              {"upgrade_domain", text_of(safe, "UpgradeDomain")},
              {"task_state", record.state},
              {"sub_state", text_of(safe, "SubState")},
              {"sub_state_number", record.sub_state},
              {"result", text_of(safe, "Result")},
              {"attempts", record.attempts},
              {"reschedules", record.reschedules},
              {"next_attempt", instant_or_null(record.next_attempt)},
              {"waiting_for", waiting_for(safe, cycle_data, cycle_state)}};
}

Result<json> cycle_json(store::Store& store, const store::CycleRecord& cycle, json& nodes) {
  auto data_text = store.cycle_data(cycle.id);
  if (!data_text) return Error{data_text.error()};
  json data = json::parse(*data_text, nullptr, false);
  if (data.is_discarded()) data = json::object();
  auto tasks = store.node_tasks(cycle.id);
  if (!tasks) return Error{tasks.error()};
  std::set<std::string> seen;
  for (const auto& task : *tasks) {
    nodes.push_back(node_json(task, data, cycle.state));
    seen.insert(task.node);
  }
  // Nodes the cycle has not touched yet are only in the snapshot.
  for (const json& task : data.value("Nodes", json::array())) {
    const std::string name = text_of(task, "Node");
    if (seen.count(name) != 0) continue;
    store::NodeTaskRecord record{
        cycle.id,     name,       text_of(task, "TaskState"), task.value("SubStateNumber", 1), 0, 0,
        std::nullopt, task.dump()};
    nodes.push_back(node_json(record, data, cycle.state));
  }
  return json{{"id", cycle.id},
              {"state", cycle.state},
              {"window_start", format_utc(cycle.window_start)},
              {"window_end", instant_or_null(cycle.window_end)},
              {"started_at", format_utc(cycle.started_at)},
              {"finished_at", instant_or_null(cycle.finished_at)},
              {"content_hash", cycle.content_hash},
              {"wait_reason", text_of(data, "WaitReason")},
              {"halt_reason", text_of(data, "HaltReason")}};
}

Result<std::vector<PolicyView>> known_policies(store::Store& store) {
  auto cycles = store.cycles();
  if (!cycles) return Error{cycles.error()};
  std::vector<PolicyView> views;
  std::set<std::string> seen;
  for (const auto& cycle : *cycles) {
    if (seen.insert(cycle.policy).second) views.push_back({cycle.policy, cycle.cluster, {}});
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
    json entry{{"policy", view.name},
               {"cluster", view.cluster},
               {"paused", paused->count(view.name) != 0},
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
    auto latest = store.latest_cycle(view.name);
    if (!latest) return Error{latest.error()};
    if (*latest) {
      auto cycle = cycle_json(store, **latest, entry["nodes"]);
      if (!cycle) return Error{cycle.error()};
      entry["cycle"] = std::move(cycle).value();
    }
    list.push_back(std::move(entry));
  }
  return json{{"now", format_utc(now)}, {"daemon", daemon_running}, {"policies", list}};
}

Result<json> results_document(store::Store& store) {
  auto results = store.results();
  if (!results) return Error{results.error()};
  std::vector<rollout::OperationRecord> records;
  for (const auto& result : *results) {
    json parsed = json::parse(result.json, nullptr, false);
    if (!parsed.is_discarded()) records.push_back({result.node, std::move(parsed)});
  }
  return rollout::to_poa_results(records);
}

}  // namespace pw::daemon
