#include "rollout/journal.hpp"

namespace pw::rollout {

void RecordingJournal::on_transition(const CycleState& cycle, const NodeTask& task, SubState from,
                                     TaskEvent event) {
  const Instant at = m_clock != nullptr ? m_clock->now() : Instant{};
  transitions.push_back(Transition{task.node, from, task.sub_state, event, at});
  last_state = cycle;
}

void RecordingJournal::on_result(const CycleState& cycle, const OperationRecord& record) {
  results.push_back(record);
  last_state = cycle;
}

void RecordingJournal::on_quarantine(const CycleState& cycle, const std::string& node,
                                     const std::string& update_id, int consecutive_failures,
                                     bool quarantined) {
  quarantines.push_back(Quarantine{node, update_id, consecutive_failures, quarantined});
  last_state = cycle;
}

void RecordingJournal::on_cycle(const CycleState& cycle, const std::string& what) {
  cycle_events.push_back(what);
  last_state = cycle;
}

}  // namespace pw::rollout
