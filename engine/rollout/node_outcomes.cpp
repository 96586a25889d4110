// How the executor reads an install, reboot or resume outcome, and what failure means for a
// node: retries, then resume, reschedule or give up, quarantine counts, and the halt rule.
#include "rollout/executor_impl.hpp"

#include <algorithm>

namespace pw::rollout {

using driver::CallStatus;
using driver::InstallReply;
using driver::Outcome;

namespace {

// The ResultCode of an update the install reply does not list: succeeded when the call did;
// after a failed call, failed when the reply names no update at all, else aborted (it was not
// the one that failed); after a timeout, aborted with timeout.
int unlisted_code(const Outcome& outcome, const InstallReply& reply) {
  if (outcome.status == CallStatus::Ok) return 0;
  if (outcome.status == CallStatus::TimedOut) return 4;
  return reply.updates.empty() ? 2 : 3;
}

const driver::InstalledUpdate* find_update(const InstallReply& reply, const std::string& id) {
  const auto it =
      std::find_if(reply.updates.begin(), reply.updates.end(),
                   [&id](const driver::InstalledUpdate& u) { return u.update_id == id; });
  return it != reply.updates.end() ? &*it : nullptr;
}

}  // namespace

void Executor::Impl::on_install(std::size_t index, const Outcome& outcome) {
  NodeTask& node = task(index);
  // A call without a valid reply (failed, timed out, or a protocol error) reports no update.
  static const InstallReply k_no_reply;
  const auto* typed = std::get_if<InstallReply>(&outcome.reply);
  const InstallReply& reply = typed != nullptr ? *typed : k_no_reply;
  OperationSummary summary{node.node,
                           OperationType::Installation,
                           OperationResult::Succeeded,
                           *node.operation_started_at,
                           now(),
                           {},
                           reply.reboot_required};
  bool any_failed = outcome.status != CallStatus::Ok;
  for (const UpdateRecord& update : node.selected) {
    const driver::InstalledUpdate* listed = find_update(reply, update.update_id);
    const int code = listed != nullptr ? listed->result_code : unlisted_code(outcome, reply);
    const std::int64_t hresult = listed != nullptr ? listed->hresult : 0;
    summary.updates.push_back({&update, static_cast<OperationResult>(code), hresult});
    if (code >= 2) any_failed = true;
    // Only an update that itself failed counts towards its quarantine.
    if (code == static_cast<int>(OperationResult::Failed)) {
      count_failure(index, update.update_id);
    } else if (code < 2) {
      count_success(index, update.update_id);
    }
  }
  if (any_failed) {
    summary.result = outcome.status == CallStatus::TimedOut ? OperationResult::AbortedWithTimeout
                                                            : OperationResult::Failed;
    add_record(summary);  // every failed install ends its attempt: each one is a result
    const std::string why =
        outcome.status == CallStatus::Ok ? "an update failed to install" : failure_text(outcome);
    return retry_or_fail(index, "install failed: " + why);
  }
  add_record(summary);
  node.attempts = 0;
  const bool required =
      reply.reboot_required || std::any_of(node.selected.begin(), node.selected.end(),
                                           [](const UpdateRecord& u) { return u.reboot_required; });
  node.reboot_required = required;
  const policy::RebootPolicy policy = m_setup.policy.reboot;
  const bool reboot = policy == policy::RebootPolicy::Always ||
                      (policy == policy::RebootPolicy::IfRequired && required);
  node.restart_deadline.reset();
  apply(index, reboot ? TaskEvent::InstalledReboot : patched_event(TaskEvent::InstalledNoReboot));
  issue(index);
}

// Reboot first; once it returned, Health until healthy or RebootTimeoutInMinutes.
void Executor::Impl::on_restart(std::size_t index, const Outcome& outcome) {
  NodeTask& node = task(index);
  if (!node.restart_deadline) {
    if (outcome.status != CallStatus::Ok) {
      return retry_or_fail(index, "reboot failed: " + failure_text(outcome));
    }
    node.restart_deadline = *node.operation_started_at + m_setup.policy.reboot_timeout;
    node.attempts = 0;
    apply(index, TaskEvent::Retry);
    return issue(index);
  }
  // A failed Health call (the node is still rebooting, or the driver answered nonsense) counts
  // as not healthy yet; the last failure is kept in the message.
  const auto* health = std::get_if<driver::HealthReply>(&outcome.reply);
  const bool answered = outcome.status == CallStatus::Ok && health != nullptr;
  if (answered && health->healthy) {
    apply(index, patched_event(TaskEvent::Healthy));
    return issue(index);
  }
  std::string last;
  if (!answered) {
    last = " (last health check: " + failure_text(outcome) + ")";
  } else if (!health->state.empty()) {
    last = " (state: " + health->state + ")";
  }
  if (now() + k_health_poll <= *node.restart_deadline) {
    node.message = "waiting for the node to come back healthy" + last;
    schedule(index, now() + k_health_poll);
    return apply(index, TaskEvent::Retry);
  }
  node.message = "node not healthy within RebootTimeoutInMinutes " +
                 std::to_string(m_setup.policy.reboot_timeout.count()) + last;
  fail(index);
}

void Executor::Impl::on_resume(std::size_t index, const Outcome& outcome) {
  NodeTask& node = task(index);
  if (outcome.status != CallStatus::Ok) {
    return retry_or_fail(index, "resume failed: " + failure_text(outcome));
  }
  node.attempts = 0;
  node.resumed_at = now();
  if (node.result != NodeResult::Failed) {
    node.message.clear();
    apply(index, TaskEvent::Resumed);
    const Minutes soak = m_setup.policy.min_wait_between_nodes;
    if (soak.count() == 0) return finish(index, NodeResult::Succeeded, TaskEvent::Soaked);
    return schedule(index, now() + soak);
  }
  reschedule_or_give_up(index);
}

// A failed attempt (resumed, or never drained after a failed PreCheck): back to waiting after
// WURescheduleTimeInMinutes while reschedules remain, else finished as failed.
void Executor::Impl::reschedule_or_give_up(std::size_t index) {
  NodeTask& node = task(index);
  if (node.reschedules < m_setup.policy.reschedule_count) {
    ++node.reschedules;
    node.result = NodeResult::Pending;
    node.ready_since = now();
    node.restart_deadline.reset();
    schedule(index, now() + m_setup.policy.reschedule_time);
    return apply(index, TaskEvent::Reschedule);
  }
  finish(index, NodeResult::Failed, TaskEvent::GiveUp);
}

// WUOperationRetryCount retries on the spot what costs no downtime (Search, Download) and the
// Resume that ends an attempt. A failure while the node is down (Drain, Install, Reboot) ends
// the attempt instead: the node is resumed first, and the next attempt is a reschedule
// (WURescheduleTimeInMinutes later), never a repeat of Install on a drained node.
void Executor::Impl::retry_or_fail(std::size_t index, const std::string& message) {
  NodeTask& node = task(index);
  node.message = message;
  const bool down = node.sub_state == SubState::Draining ||
                    node.sub_state == SubState::Installing ||
                    node.sub_state == SubState::Restarting;
  if (node.sub_state == SubState::Resuming) {
    // A node is never given up while drained: Resume is tried again, WUDelayBetweenRetries
    // (at least a minute) apart, for as long as it takes, and the node keeps its slot in the
    // budget meanwhile. Status shows why the cycle does not move on.
    ++node.attempts;
    node.message = message + " (attempt " + std::to_string(node.attempts) + "; retrying)";
    schedule(index, now() + std::max(m_setup.policy.delay_between_retries, Minutes{1}));
    return apply(index, TaskEvent::Retry);
  }
  if (!down && node.attempts < m_setup.policy.operation_retry_count) {
    ++node.attempts;
    schedule(index, now() + m_setup.policy.delay_between_retries);
    return apply(index, TaskEvent::Retry);
  }
  fail(index);
}

// Out of retries. Before the drain the node is finished as failed; once drained it is always
// resumed first (a failed Resume gives up with the node reported as left drained).
void Executor::Impl::fail(std::size_t index) {
  NodeTask& node = task(index);
  node.attempts = 0;
  node.next_attempt_at.reset();
  switch (node.sub_state) {
    case SubState::Searching:
    case SubState::Downloading:
      return finish(index, NodeResult::Failed, TaskEvent::Fail);
    case SubState::Resuming:
      node.message += " (the node may be left drained)";
      return finish(index, NodeResult::Failed, TaskEvent::GiveUp);
    default:
      node.result = NodeResult::Failed;
      apply(index, TaskEvent::Fail);
      issue(index);
  }
}

void Executor::Impl::finish(std::size_t index, NodeResult result, TaskEvent event) {
  NodeTask& node = task(index);
  node.result = result;
  node.finished_at = now();
  node.next_attempt_at.reset();
  if (result != NodeResult::Failed) node.message.clear();
  apply(index, event);
  if (result != NodeResult::Failed) return;
  ++m_state.failed_nodes;
  const std::optional<int> budget = m_setup.policy.max_failed_nodes;
  if (budget && m_state.failed_nodes > *budget && !m_state.halted) {
    m_state.halted = true;
    m_state.halt_reason = std::to_string(m_state.failed_nodes) +
                          " nodes failed, more than MaxFailedNodes " + std::to_string(*budget);
    m_journal.on_cycle(m_state, "halted: " + m_state.halt_reason);
  }
}

// Counted once per cycle: the update failed on this node in this cycle.
void Executor::Impl::count_failure(std::size_t index, const std::string& update_id) {
  NodeTask& node = task(index);
  if (std::find(node.failed_updates.begin(), node.failed_updates.end(), update_id) !=
      node.failed_updates.end()) {
    return;
  }
  node.failed_updates.push_back(update_id);
  int& count = m_state.quarantine[node.node][update_id];
  ++count;
  const int limit = m_setup.policy.quarantine_after_failures;
  m_journal.on_quarantine(m_state, node.node, update_id, count, limit > 0 && count >= limit);
}

void Executor::Impl::count_success(std::size_t index, const std::string& update_id) {
  NodeTask& node = task(index);
  const auto found = m_state.quarantine.find(node.node);
  if (found == m_state.quarantine.end()) return;
  const auto entry = found->second.find(update_id);
  if (entry == found->second.end()) return;
  found->second.erase(entry);
  if (found->second.empty()) m_state.quarantine.erase(found);
  m_journal.on_quarantine(m_state, node.node, update_id, 0, false);
}

}  // namespace pw::rollout
