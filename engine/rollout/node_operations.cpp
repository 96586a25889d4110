// What the executor does for one node: which driver call each sub-state makes, and what each
// completion, failure and timer means (DESIGN.md §5 step 4).
#include "rollout/executor_impl.hpp"
#include "rollout/update_filter.hpp"

#include <cassert>

namespace pw::rollout {

using driver::Operation;
using driver::Outcome;

namespace {

std::vector<std::string> update_ids(const std::vector<UpdateRecord>& updates) {
  std::vector<std::string> ids;
  ids.reserve(updates.size());
  for (const UpdateRecord& update : updates) ids.push_back(update.update_id);
  return ids;
}

const char* reboot_policy_name(policy::RebootPolicy policy) {
  switch (policy) {
    case policy::RebootPolicy::Always:
      return "Always";
    case policy::RebootPolicy::Never:
      return "Never";
    case policy::RebootPolicy::IfRequired:
      return "IfRequired";
  }
  return "IfRequired";
}

}  // namespace

std::string failure_text(const Outcome& outcome) {
  std::string text = driver::to_string(outcome.status);
  if (!outcome.message.empty()) text += ": " + outcome.message;
  return text;
}

void Executor::Impl::apply(std::size_t index, TaskEvent event) {
  NodeTask& node = task(index);
  const SubState from = node.sub_state;
  const std::optional<SubState> to = transition(from, event);
  assert(to && "illegal task transition");
  if (!to) return;
  node.sub_state = *to;
  const bool was_settled = from == SubState::WaitingForApproval || from == SubState::Finished;
  const bool is_settled = *to == SubState::WaitingForApproval || *to == SubState::Finished;
  if (was_settled && !is_settled) ++m_active;
  if (!was_settled && is_settled) --m_active;
  if (*to == SubState::Finished && from != SubState::Finished) ++m_finished;
  m_journal.on_transition(m_state, node, from, event);
}

void Executor::Impl::schedule(std::size_t index, Instant at) {
  task(index).next_attempt_at = at;
  m_timers.emplace(at, index);
}

driver::Call Executor::Impl::make_call(std::size_t index, Operation operation) const {
  driver::Call call;
  call.operation = operation;
  call.cluster = m_setup.cluster.name;
  call.policy = m_setup.policy.name;
  call.timeout = m_setup.policy.operation_timeout;
  if (index < m_cluster_nodes.size()) {
    call.node = m_state.nodes[index].node;
    const policy::Node* node = m_cluster_nodes[index];
    call.fqdn = node != nullptr ? m_setup.cluster.fqdn(*node) : call.node;
  }
  return call;
}

// Starts the driver call that the node's sub-state stands for.
void Executor::Impl::issue(std::size_t index) {
  NodeTask& node = task(index);
  node.next_attempt_at.reset();
  if (node.attempts == 0) node.operation_started_at = now();
  driver::Call call;
  switch (node.sub_state) {
    case SubState::Searching:
      call = make_call(index, Operation::Search);
      call.query = m_setup.policy.query_text;
      break;
    case SubState::Downloading:
    case SubState::Installing:
      call = make_call(index, node.sub_state == SubState::Downloading ? Operation::Download
                                                                      : Operation::Install);
      call.updates = update_ids(node.selected);
      break;
    case SubState::PreChecking:
      call = make_call(index, Operation::PreCheck);
      break;
    case SubState::Draining:
      call = make_call(index, Operation::Drain);
      break;
    case SubState::PostChecking:
      call = make_call(index, Operation::PostCheck);
      break;
    case SubState::Restarting:
      if (!node.restart_deadline) {
        call = make_call(index, Operation::Reboot);
        call.reboot_policy = reboot_policy_name(m_setup.policy.reboot);
        call.timeout = m_setup.policy.reboot_timeout;
      } else {
        call = make_call(index, Operation::Health);
        call.timeout = std::max<Seconds>(*node.restart_deadline - now(), k_health_poll);
      }
      break;
    case SubState::Resuming:
      call = make_call(index, Operation::Resume);
      break;
    default:
      return;  // no operation belongs to this sub-state
  }
  m_calls.emplace(m_driver.start(call), index);
  m_calling[index] = true;
}

void Executor::Impl::on_timer(std::size_t index) {
  NodeTask& node = task(index);
  node.next_attempt_at.reset();
  switch (node.sub_state) {
    case SubState::NotStarted:
      apply(index, TaskEvent::Claim);
      issue(index);
      break;
    case SubState::Soaking:
      finish(index, NodeResult::Succeeded, TaskEvent::Soaked);
      break;
    case SubState::WaitingForApproval:
      break;  // a reschedule gap ended: the planner may approve it now
    default:
      issue(index);  // a retry, or the next health poll after a reboot
  }
}

void Executor::Impl::on_completion(std::size_t index, const Outcome& outcome) {
  switch (task(index).sub_state) {
    case SubState::Searching:
      return on_search(index, outcome);
    case SubState::Downloading:
      return on_download(index, outcome);
    case SubState::PreChecking:
      return on_pre_check(index, outcome);
    case SubState::PostChecking:
      return on_post_check(index, outcome);
    case SubState::Draining:
      if (outcome.status != driver::CallStatus::Ok) {
        return retry_or_fail(index, "drain failed: " + failure_text(outcome));
      }
      task(index).attempts = 0;
      apply(index, TaskEvent::Drained);
      return issue(index);
    case SubState::Installing:
      return on_install(index, outcome);
    case SubState::Restarting:
      return on_restart(index, outcome);
    case SubState::Resuming:
      return on_resume(index, outcome);
    default:
      return;
  }
}

void Executor::Impl::on_health(const Outcome& outcome) {
  m_health_call.reset();
  m_unhealthy.clear();
  const auto* reply = std::get_if<driver::ClusterHealthReply>(&outcome.reply);
  if (outcome.status != driver::CallStatus::Ok || reply == nullptr) {
    set_wait_reason("cluster health unavailable: " + failure_text(outcome));
    m_gate_recheck_at = now() + k_health_recheck;
    return;
  }
  m_unhealthy = reply->unhealthy;
  m_health_at = now();
}

void Executor::Impl::on_search(std::size_t index, const Outcome& outcome) {
  if (outcome.status != driver::CallStatus::Ok) {
    return retry_or_fail(index, "search failed: " + failure_text(outcome));
  }
  const auto* reply = std::get_if<driver::SearchReply>(&outcome.reply);
  if (reply == nullptr) return retry_or_fail(index, "search failed: the driver sent no updates");
  const std::vector<UpdateRecord>& reported = reply->updates;
  NodeTask& node = task(index);
  static const std::map<std::string, int> k_none;
  const auto failures = m_state.quarantine.find(node.node);
  UpdateSelection selection = select_updates(
      m_setup.policy, reported, failures == m_state.quarantine.end() ? k_none : failures->second);
  node.selected = std::move(selection.install);
  node.quarantined = std::move(selection.quarantined);
  node.attempts = 0;
  for (const std::string& id : node.quarantined) {
    m_journal.on_quarantine(m_state, node.node, id, m_state.quarantine[node.node][id], true);
  }
  if (node.selected.empty())
    return finish(index, NodeResult::NothingToInstall, TaskEvent::FoundNothing);
  apply(index, TaskEvent::FoundUpdates);
  issue(index);
}

void Executor::Impl::on_download(std::size_t index, const Outcome& outcome) {
  if (outcome.status != driver::CallStatus::Ok) {
    return retry_or_fail(index, "download failed: " + failure_text(outcome));
  }
  NodeTask& node = task(index);
  OperationSummary summary{node.node,
                           OperationType::SearchAndDownload,
                           OperationResult::Succeeded,
                           *node.operation_started_at,
                           now(),
                           {},
                           false};
  for (const UpdateRecord& update : node.selected) summary.updates.push_back({&update, {}, 0});
  add_record(summary);
  node.attempts = 0;
  node.ready_since = now();
  apply(index, TaskEvent::Downloaded);
}

void Executor::Impl::add_record(const OperationSummary& summary) {
  append_capped(m_state.results, make_record(summary, m_setup.policy),
                m_setup.policy.max_results_to_cache);
  m_journal.on_result(m_state, m_state.results.back());
}

}  // namespace pw::rollout
