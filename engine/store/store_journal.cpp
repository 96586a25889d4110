#include "store/store_journal.hpp"

#include <cstdio>
#include <cstdlib>
#include <utility>

namespace pw::store {

using rollout::CycleState;
using rollout::NodeTask;

void exit_on_store_failure(const std::string& message) {
  std::fprintf(stderr, "patchwarden: cannot store state, stopping: %s\n", message.c_str());
  std::fflush(stderr);
  std::_Exit(3);
}

StoreJournal::StoreJournal(Store& store, CycleId cycle_id, std::string content_hash,
                           int results_cap, const Clock& clock, FailureHandler on_failure)
    : m_store(store),
      m_cycle_id(cycle_id),
      m_content_hash(std::move(content_hash)),
      m_results_cap(results_cap),
      m_clock(clock),
      m_on_failure(std::move(on_failure)) {}

NodeTaskRecord to_record(CycleId cycle_id, const NodeTask& task) {
  return NodeTaskRecord{cycle_id,
                        task.node,
                        std::string(rollout::to_string(task.task_state())),
                        static_cast<int>(task.sub_state),
                        task.attempts,
                        task.reschedules,
                        task.next_attempt_at,
                        rollout::to_json(task).dump()};
}

void StoreJournal::on_transition(const CycleState& cycle, const NodeTask& task,
                                 rollout::SubState from, rollout::TaskEvent event) {
  Batch batch;
  batch.task = to_record(m_cycle_id, task);
  std::string detail(rollout::to_string(event));
  if (!task.message.empty()) detail += ": " + task.message;
  batch.audit.push_back(AuditRecord{
      0, m_clock.now(), cycle.policy, m_cycle_id, task.node, std::string(rollout::to_string(from)),
      std::string(rollout::to_string(task.sub_state)), m_content_hash, detail});
  commit(std::move(batch));
}

void StoreJournal::on_result(const CycleState& cycle, const rollout::OperationRecord& record) {
  m_pending.results.push_back(
      ResultRecord{0, cycle.policy, record.node, m_cycle_id, m_clock.now(), record.json.dump()});
}

void StoreJournal::on_quarantine(const CycleState& cycle, const std::string& node,
                                 const std::string& update_id, int consecutive_failures,
                                 bool /*quarantined*/) {
  m_pending.failure_counts.push_back(
      FailureCountRecord{cycle.policy, node, update_id, consecutive_failures});
}

void StoreJournal::on_cycle(const CycleState& cycle, const std::string& what) {
  nlohmann::json snapshot = rollout::to_json(cycle);
  snapshot.erase("Results");
  Batch batch;
  batch.cycle_data = std::make_pair(m_cycle_id, snapshot.dump());
  batch.audit.push_back(AuditRecord{0, m_clock.now(), cycle.policy, m_cycle_id, "", "", "cycle",
                                    m_content_hash, what});
  commit(std::move(batch));
}

void StoreJournal::commit(Batch batch) {
  batch.results = std::move(m_pending.results);
  batch.failure_counts = std::move(m_pending.failure_counts);
  batch.results_cap = m_results_cap;
  m_pending = Batch{};
  const auto status = m_store.commit(batch);
  if (!status.ok()) m_on_failure(status.error());
}

Result<CycleState> load_cycle_state(Store& store, const CycleRecord& cycle) {
  auto data = store.cycle_data(cycle.id);
  if (!data) return Error{data.error()};
  auto snapshot = nlohmann::json::parse(*data, nullptr, /*allow_exceptions=*/false);
  if (snapshot.is_discarded() || !snapshot.contains("Nodes")) {
    return Error{"cycle " + std::to_string(cycle.id) + " has no stored snapshot"};
  }
  auto tasks = store.node_tasks(cycle.id);
  if (!tasks) return Error{tasks.error()};
  for (const NodeTaskRecord& task : *tasks) {
    auto node = nlohmann::json::parse(task.data, nullptr, false);
    if (node.is_discarded()) return Error{"damaged task of node " + task.node};
    bool replaced = false;
    for (auto& entry : snapshot["Nodes"]) {
      if (entry.value("Node", "") == task.node) {
        entry = node;
        replaced = true;
      }
    }
    if (!replaced) snapshot["Nodes"].push_back(node);
  }
  auto state = rollout::cycle_state_from_json(snapshot);
  if (!state) return Error{"cycle " + std::to_string(cycle.id) + " has a damaged snapshot"};
  auto results = store.results(cycle.policy);
  if (!results) return Error{results.error()};
  for (const ResultRecord& result : *results) {
    if (result.cycle_id != cycle.id) continue;
    auto json = nlohmann::json::parse(result.json, nullptr, false);
    if (!json.is_discarded()) state->results.push_back(rollout::OperationRecord{result.node, json});
  }
  auto counts = store.failure_counts(cycle.policy);
  if (!counts) return Error{counts.error()};
  state->quarantine.clear();
  for (const auto& [key, count] : *counts) state->quarantine[key.first][key.second] = count;
  // Counted again from the nodes: the snapshot may predate the last failure.
  state->failed_nodes = 0;
  for (const NodeTask& task : state->nodes) {
    if (task.result == rollout::NodeResult::Failed) ++state->failed_nodes;
  }
  return std::move(state).value();
}

}  // namespace pw::store
