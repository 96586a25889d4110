// The optional PreCheck and PostCheck steps (DESIGN.md §7): PreCheck before Drain — a failure
// is a failed attempt on a node that was never drained; PostCheck after Health (or after an
// install without reboot) — a failure fails the node, which is then resumed or, with
// PostCheckFailure: KeepDrained, left drained for an operator and the cycle halted.
// A driver without these operations skips the steps.
#include "rollout/executor_impl.hpp"

namespace pw::rollout {

namespace {

// What the check's script said, else how the call failed.
std::string check_failure(const char* check, const driver::Outcome& outcome) {
  const std::string why =
      outcome.message.empty() ? driver::to_string(outcome.status) : outcome.message;
  return std::string(check) + " failed: " + why;
}

}  // namespace

TaskEvent Executor::Impl::approve_event() const {
  return m_driver.supports(driver::Operation::PreCheck) ? TaskEvent::ApproveCheck
                                                        : TaskEvent::Approve;
}

TaskEvent Executor::Impl::patched_event(TaskEvent without_post_check) const {
  return m_driver.supports(driver::Operation::PostCheck) ? TaskEvent::PostCheck
                                                         : without_post_check;
}

void Executor::Impl::on_pre_check(std::size_t index, const driver::Outcome& outcome) {
  NodeTask& node = task(index);
  node.attempts = 0;
  if (m_pausing) {
    // A pause came while it was checked: nothing new is drained; it waits, not counted failed.
    node.result = NodeResult::Pending;
    node.message = "paused before its drain";
    schedule(index, now());  // held while pausing; due again once the pause is undone
    return apply(index, TaskEvent::Reschedule);
  }
  if (outcome.status == driver::CallStatus::Ok) {
    apply(index, TaskEvent::PreChecked);
    return issue(index);
  }
  // Not drained: nothing to resume; the attempt failed.
  node.message = check_failure("PreCheck", outcome);
  node.result = NodeResult::Failed;
  reschedule_or_give_up(index);
}

void Executor::Impl::on_post_check(std::size_t index, const driver::Outcome& outcome) {
  NodeTask& node = task(index);
  node.attempts = 0;
  if (outcome.status == driver::CallStatus::Ok) {
    apply(index, TaskEvent::PostChecked);
    return issue(index);
  }
  node.message = check_failure("PostCheck", outcome);
  if (m_setup.policy.post_check_failure == policy::PostCheckFailure::Resume) return fail(index);
  node.message += " (left drained: PostCheckFailure is KeepDrained)";
  // A node left drained still counts against the cluster's availability: start nothing more.
  if (!m_state.halted) {
    m_state.halted = true;
    m_state.halt_reason = "node " + node.node + " left drained after a failed PostCheck";
    m_journal.on_cycle(m_state, "halted: " + m_state.halt_reason);
  }
  finish(index, NodeResult::Failed, TaskEvent::GiveUp);
}

}  // namespace pw::rollout
