#include "daemon/store_journal.hpp"

#include "daemon/cycle_snapshot.hpp"
#include "daemon/poa_results.hpp"

#include <cstdio>
#include <cstdlib>
#include <utility>

namespace pw::daemon {

using rollout::CycleState;
using rollout::NodeTask;
using store::AuditRecord;
using store::Batch;
using store::CycleId;
using store::CycleRecord;
using store::NodeTaskRecord;
using store::ResultRecord;

void exit_on_store_failure(const std::string& message) {
  std::fprintf(stderr, "patchwarden: cannot store state, stopping: %s\n", message.c_str());
  std::fflush(stderr);
  std::_Exit(3);
}

StoreJournal::StoreJournal(store::Store& store, CycleId cycle_id, std::string content_hash,
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
                        node_task_snapshot(task)};
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
  m_pending.results.push_back(ResultRecord{0, cycle.policy, record.node, m_cycle_id, m_clock.now(),
                                           poa_result_json(record)});
}

void StoreJournal::on_quarantine(const CycleState& cycle, const std::string& node,
                                 const std::string& update_id, int consecutive_failures,
                                 bool /*quarantined*/) {
  m_pending.failure_counts.push_back(
      store::FailureCountRecord{cycle.policy, node, update_id, consecutive_failures});
}

void StoreJournal::on_cycle(const CycleState& cycle, const std::string& what) {
  Batch batch;
  batch.cycle_data = std::make_pair(m_cycle_id, cycle_snapshot(cycle));
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

Result<CycleId> begin_cycle(store::Store& store, const CycleRecord& cycle,
                            const CycleState& state) {
  return store.begin_cycle(cycle, cycle_snapshot(state));
}

namespace {

// The stored snapshot with each stored task in place of the snapshot's (or added).
Result<CycleState> snapshot_with_tasks(store::Store& store, const CycleRecord& cycle) {
  auto data = store.cycle_data(cycle.id);
  if (!data) return Error{data.error()};
  auto state = cycle_from_snapshot(*data);
  if (!state) return Error{"cycle " + std::to_string(cycle.id) + " has no stored snapshot"};
  auto tasks = store.node_tasks(cycle.id);
  if (!tasks) return Error{tasks.error()};
  for (const NodeTaskRecord& record : *tasks) {
    auto task = node_task_from_snapshot(record.data);
    if (!task) return Error{"damaged task of node " + record.node};
    bool replaced = false;
    for (NodeTask& entry : state->nodes) {
      if (entry.node == record.node) {
        entry = *task;
        replaced = true;
      }
    }
    if (!replaced) state->nodes.push_back(std::move(*task));
  }
  return std::move(state).value();
}

}  // namespace

Result<CycleState> load_cycle_state(store::Store& store, const CycleRecord& cycle) {
  auto state = snapshot_with_tasks(store, cycle);
  if (!state) return Error{state.error()};
  auto results = store.results(cycle.policy);
  if (!results) return Error{results.error()};
  for (const ResultRecord& result : *results) {
    if (result.cycle_id != cycle.id) continue;
    if (auto record = poa_result_from_json(result.json)) state->results.push_back(*record);
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

}  // namespace pw::daemon
