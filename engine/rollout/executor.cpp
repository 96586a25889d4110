#include "rollout/executor.hpp"

#include "policy/node_selector.hpp"
#include "rollout/executor_impl.hpp"

#include <algorithm>
#include <cassert>

namespace pw::rollout {

namespace {

bool settled(SubState sub_state) {
  return sub_state == SubState::WaitingForApproval || sub_state == SubState::Finished;
}

}  // namespace

NodeTask new_task(const CycleSetup& setup, const policy::Node& node) {
  NodeTask task;
  task.node = node.name;
  task.upgrade_domain = node.upgrade_domain;
  task.expected_minutes = expected_minutes(setup.history, node, setup.cluster);
  if (auto reason = policy::held_back_reason(setup.policy, node)) {
    task.sub_state = SubState::Finished;
    task.result = NodeResult::HeldBack;
    task.message = std::move(*reason);
  }
  return task;
}

CycleState fresh_cycle_state(const CycleSetup& setup) {
  CycleState state;
  state.cycle_id = setup.cycle_id;
  state.policy = setup.policy.name;
  state.cluster = setup.cluster.name;
  state.window = setup.window;
  state.quarantine = setup.quarantine;
  state.nodes.reserve(setup.cluster.nodes.size());
  for (const policy::Node& node : setup.cluster.nodes) state.nodes.push_back(new_task(setup, node));
  return state;
}

const char* to_string(RunStatus status) {
  switch (status) {
    case RunStatus::Running:
      return "Running";
    case RunStatus::Completed:
      return "Completed";
    case RunStatus::WindowClosed:
      return "WindowClosed";
    case RunStatus::Halted:
      return "Halted";
    case RunStatus::Interrupted:
      return "Interrupted";
    case RunStatus::Paused:
      return "Paused";
    case RunStatus::Failed:
      return "Failed";
  }
  return "Unknown";
}

Executor::Impl::Impl(CycleSetup setup, CycleState state, driver::Driver& driver, Clock& clock,
                     Journal& journal)
    : m_setup(std::move(setup)),
      m_state(std::move(state)),
      m_driver(driver),
      m_clock(clock),
      m_journal(journal),
      m_planner(m_setup.policy, m_setup.cluster, m_state.nodes) {
  adopt_nodes();
}

// Indexes m_state.nodes: the cluster node of each task, counts, and a planner over them. A
// cluster without `Nodes` takes its nodes from the tasks (Inventory's, restored).
void Executor::Impl::adopt_nodes() {
  if (m_setup.cluster.nodes.empty() && m_inventory.size() != m_state.nodes.size()) {
    m_inventory.clear();
    for (const NodeTask& task : m_state.nodes) {
      policy::Node node;
      node.name = task.node;
      node.upgrade_domain = task.upgrade_domain;
      m_inventory.push_back(std::move(node));
    }
  }
  const std::vector<policy::Node>& nodes =
      m_setup.cluster.nodes.empty() ? m_inventory : m_setup.cluster.nodes;
  std::unordered_map<std::string, const policy::Node*> by_name;
  for (const policy::Node& node : nodes) by_name.emplace(node.name, &node);
  m_cluster_nodes.clear();
  m_index.clear();
  m_finished = 0;
  m_active = 0;
  m_calling.assign(m_state.nodes.size(), false);
  for (std::size_t i = 0; i < m_state.nodes.size(); ++i) {
    const NodeTask& task = m_state.nodes[i];
    const auto it = by_name.find(task.node);
    m_cluster_nodes.push_back(it == by_name.end() ? nullptr : it->second);
    m_index.emplace(task.node, i);
    if (task.sub_state == SubState::Finished) ++m_finished;
    if (!settled(task.sub_state)) ++m_active;
  }
  m_planner = Planner(m_setup.policy, m_setup.cluster, m_state.nodes);
}

// Fresh cycle: the nodes come from the cluster, or from Inventory first.
void Executor::Impl::start_cycle() {
  m_journal.on_cycle(m_state, "cycle started");
  if (m_state.nodes.empty() && m_setup.cluster.nodes.empty()) {
    m_inventory_call =
        m_driver.start(make_call(m_state.nodes.size(), driver::Operation::Inventory));
    return;
  }
  schedule_searches();
}

// Searches are staggered so nodes do not all download at one instant.
void Executor::Impl::schedule_searches() {
  const Instant begin = std::max(now(), m_state.window.start);
  const auto count = static_cast<long long>(m_state.nodes.size());
  const long long spread =
      std::min<long long>(count * k_search_stagger.count(), k_search_spread.count());
  for (std::size_t i = 0; i < m_state.nodes.size(); ++i) {
    const long long offset = count == 0 ? 0 : static_cast<long long>(i) * spread / count;
    schedule(i, begin + Seconds{offset});
  }
}

// Restored cycle: every node inside an operation has it issued again; timers keep their
// instants (a passed one fires at once).
void Executor::Impl::restore_operations() {
  m_journal.on_cycle(m_state, "cycle restored");
  if (m_state.nodes.empty() && m_setup.cluster.nodes.empty()) {
    // Stopped before Inventory answered: ask again.
    m_inventory_call =
        m_driver.start(make_call(m_state.nodes.size(), driver::Operation::Inventory));
    return;
  }
  for (std::size_t i = 0; i < m_state.nodes.size(); ++i) {
    const NodeTask& node = m_state.nodes[i];
    if (node.next_attempt_at) {
      schedule(i, *node.next_attempt_at);
    } else if (node.sub_state == SubState::NotStarted) {
      schedule(i, now());
    } else if (is_in_operation(node.sub_state)) {
      issue(i);
    }
  }
}

Instant Executor::Impl::next_event(Instant until) const {
  Instant next = until;
  if (!m_timers.empty()) next = std::min(next, m_timers.top().first);
  if (m_gate_recheck_at) next = std::min(next, *m_gate_recheck_at);
  if (m_state.window.end && now() < *m_state.window.end) {
    next = std::min(next, *m_state.window.end);
  }
  return std::max(next, now());
}

void Executor::Impl::fire_timers() {
  const Instant current = now();
  while (!m_timers.empty() && m_timers.top().first <= current) {
    const auto [at, index] = m_timers.top();
    m_timers.pop();
    // Stale entries (the node moved on since) are skipped.
    if (task(index).next_attempt_at != at || m_calling[index]) continue;
    // Pausing: only a node that is down goes on (to its resume); the others keep their
    // next_attempt_at, which set_pausing(false) or a restore schedules again.
    if (m_pausing && !is_down(task(index).sub_state)) continue;
    on_timer(index);
  }
  if (m_gate_recheck_at && *m_gate_recheck_at <= current) {
    m_gate_recheck_at.reset();
    m_health_at.reset();
  }
}

RunStatus Executor::Impl::step(Instant until) {
  if (!m_started) {
    m_started = true;
    m_restored ? restore_operations() : start_cycle();
  } else if (m_decide_now) {
    m_decide_now = false;  // a new window: decide before waiting for anything
  } else {
    const Instant deadline = next_event(until);
    const auto completions = m_driver.wait_next(deadline);
    if (completions.empty() && now() < deadline) return m_status = RunStatus::Interrupted;
    for (const driver::Completion& completion : completions) {
      if (completion.id == m_health_call) {
        on_health(completion.outcome);
        continue;
      }
      if (completion.id == m_inventory_call) {
        on_inventory(completion.outcome);
        continue;
      }
      const auto it = m_calls.find(completion.id);
      if (it == m_calls.end()) continue;  // a call of an earlier executor (restore)
      const std::size_t index = it->second;
      m_calls.erase(it);
      m_calling[index] = false;
      on_completion(index, completion.outcome);
    }
  }
  fire_timers();
  approve();
  update_status();
  return m_status;
}

void Executor::Impl::approve() {
  if (m_state.halted || m_failed || m_inventory_call) return;
  if (m_pausing) {
    set_wait_reason("pausing: nodes in the middle of their attempt finish it and are resumed");
    return;
  }
  const Approval approval = m_planner.decide(m_state.nodes, now(), m_state.window.end);
  m_window_exhausted = approval.window_exhausted;
  if (approval.approve.empty()) {
    if (!approval.wait_reason.empty() && m_active == 0) {
      // Keep what the cycle waited for before the window ran out: that is the real cause.
      const std::string& before = m_state.wait_reason;
      const bool keep = approval.window_exhausted && !before.empty() &&
                        before.rfind(approval.wait_reason, 0) != 0;
      set_wait_reason(keep ? approval.wait_reason + " (waited for: " + before + ")"
                           : approval.wait_reason);
    }
    return;
  }
  if (!health_allows()) return;
  set_wait_reason("");
  for (const std::size_t index : approval.approve) {
    NodeTask& node = task(index);
    node.next_attempt_at.reset();
    node.attempts = 0;
    node.result = NodeResult::Pending;
    if (!node.started_at) node.started_at = now();
    apply(index, approve_event());
    issue(index);
  }
}

// The health gate: a fresh cluster-wide Health answer, then the share of unhealthy nodes this
// cycle has not taken down.
bool Executor::Impl::health_allows() {
  if (m_setup.policy.max_percentage_unhealthy_nodes >= 100) return true;
  if (m_health_call || m_gate_recheck_at) return false;
  if (!m_health_at || now() - *m_health_at > k_health_fresh) {
    m_health_call = m_driver.start(make_call(m_state.nodes.size(), driver::Operation::Health));
    return false;
  }
  std::vector<std::string> unhealthy;
  for (const std::string& name : m_unhealthy) {
    const auto it = m_index.find(name);
    if (it == m_index.end() || !is_down(task(it->second).sub_state)) unhealthy.push_back(name);
  }
  const std::string failure = health_gate_failure(unhealthy, m_state.nodes.size(),
                                                  m_setup.policy.max_percentage_unhealthy_nodes);
  if (failure.empty()) return true;
  set_wait_reason(failure);
  m_gate_recheck_at = now() + k_health_recheck;
  return false;
}

void Executor::Impl::set_wait_reason(const std::string& reason) {
  if (reason == m_state.wait_reason) return;
  m_state.wait_reason = reason;
  m_journal.on_cycle(m_state, reason.empty() ? "approving" : "waiting: " + reason);
}

void Executor::Impl::settle_waiting(NodeResult result) {
  for (NodeTask& node : m_state.nodes) {
    if (node.sub_state == SubState::WaitingForApproval) node.result = result;
  }
}

void Executor::Impl::update_status() {
  const bool idle = m_active == 0 && !m_health_call;
  RunStatus status = RunStatus::Running;
  if (m_failed) {
    status = RunStatus::Failed;
  } else if (m_inventory_call) {
    status = RunStatus::Running;
  } else if (m_state.halted && idle) {
    status = RunStatus::Halted;
    settle_waiting(NodeResult::Halted);
  } else if (m_finished == m_state.nodes.size() && !m_health_call) {
    status = RunStatus::Completed;
    m_state.wait_reason.clear();
  } else if (m_window_exhausted && idle) {
    status = RunStatus::WindowClosed;
    settle_waiting(NodeResult::Deferred);
  } else if (m_pausing && !m_health_call &&
             std::none_of(m_state.nodes.begin(), m_state.nodes.end(),
                          [](const NodeTask& node) { return is_down(node.sub_state); })) {
    status = RunStatus::Paused;
  }
  if (status != m_status && status != RunStatus::Running) {
    m_status = status;
    m_journal.on_cycle(m_state, std::string{"cycle "} + to_string(status));
  }
  m_status = status;
}

Executor::Executor(CycleSetup setup, driver::Driver& driver, Clock& clock, Journal& journal) {
  CycleState state = fresh_cycle_state(setup);
  m_impl = std::make_unique<Impl>(std::move(setup), std::move(state), driver, clock, journal);
}

Executor::Executor(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Executor::~Executor() = default;

std::unique_ptr<Executor> Executor::restore(CycleSetup setup, CycleState state,
                                            driver::Driver& driver, Clock& clock,
                                            Journal& journal) {
  assert(state.policy == setup.policy.name);
  auto impl = std::make_unique<Impl>(std::move(setup), std::move(state), driver, clock, journal);
  impl->m_restored = true;
  return std::unique_ptr<Executor>(new Executor(std::move(impl)));
}

RunStatus Executor::run_until(Instant until) {
  while (true) {
    const RunStatus status = m_impl->step(until);
    if (status != RunStatus::Running || m_impl->now() >= until) return status;
  }
}

RunStatus Executor::step(Instant until) {
  return m_impl->step(until);
}

void Executor::open_window(Window window) {
  Impl& impl = *m_impl;
  impl.m_state.window = window;
  impl.m_window_exhausted = false;
  impl.m_decide_now = true;
  impl.m_status = RunStatus::Running;
  impl.settle_waiting(NodeResult::Pending);
  impl.m_journal.on_cycle(impl.m_state, "window opened at " + format_utc(window.start));
}

void Executor::set_pausing(bool pausing) {
  Impl& impl = *m_impl;
  if (impl.m_pausing == pausing) return;
  impl.m_pausing = pausing;
  if (pausing) return;
  // Timers skipped while pausing fire again (stale duplicates are skipped when they fire).
  for (std::size_t i = 0; i < impl.m_state.nodes.size(); ++i) {
    if (const auto at = impl.m_state.nodes[i].next_attempt_at) impl.schedule(i, *at);
  }
  impl.m_status = RunStatus::Running;
  impl.set_wait_reason("");
}

const CycleState& Executor::state() const {
  return m_impl->m_state;
}
RunStatus Executor::status() const {
  return m_impl->m_status;
}

}  // namespace pw::rollout
