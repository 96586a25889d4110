#include "daemon/scheduler.hpp"

#include "daemon/window_plan.hpp"
#include "rollout/task_state.hpp"

#include <algorithm>

namespace pw::daemon {

namespace {
constexpr auto k_idle = std::chrono::days{365};
// A sleeping holder keeps its cluster when its own next window opens within this.
constexpr auto k_preempt_margin = std::chrono::minutes{5};
// Whether an unfinished cycle has a window to run in now: its own, or (when it waits for its
// next window) the next one, once that has started.
bool window_open(const policy::PatchPolicy& policy, const store::CycleRecord& cycle, Instant now) {
  if (cycle.state != "WaitingForNextWindow") return true;
  const auto next = window_after(policy.schedule, cycle.window_start);
  return next && next->start <= now;
}

}  // namespace

Scheduler::Scheduler(store::Store& store, const TimeBase& time, std::shared_ptr<spdlog::logger> log,
                     PolicySetPtr policies, Loader loader)
    : m_store(store),
      m_time(time),
      m_clock(time),
      m_log(std::move(log)),
      m_loader(std::move(loader)),
      m_policies(std::move(policies)) {}

Scheduler::~Scheduler() {
  std::lock_guard lock{m_mutex};
  m_runners.clear();
}

// Each turn: take a reload if one is asked for, collect cycles that ended, tend every policy,
// then sleep until the earliest instant any of them needs.
// An unfinished cycle whose policy is gone (removed, renamed) or disabled is not restored: it has
// no policy to run under. If the store shows nodes it had taken down, they may still be drained:
// said once at start, as an error naming them, so the operator resumes them or restores the
// policy (which restores the cycle).
void Scheduler::report_orphaned_cycles() {
  const PolicySetPtr set = policies();
  auto cycles = m_store.cycles();
  if (!cycles) return;
  for (const store::CycleRecord& cycle : *cycles) {
    if (cycle.finished_at) continue;
    const policy::PatchPolicy* policy = set->find_policy(cycle.policy);
    if (policy != nullptr && policy->enabled) continue;
    auto tasks = m_store.node_tasks(cycle.id);
    if (!tasks) continue;
    std::string down;
    for (const store::NodeTaskRecord& task : *tasks) {
      if (!rollout::is_down(static_cast<rollout::SubState>(task.sub_state))) continue;
      down += (down.empty() ? "" : ", ") + task.node;
    }
    if (down.empty()) continue;
    m_log->error(
        "{}: cycle {} on cluster {} did not finish and its policy is {}; nodes it had taken down "
        "may still be drained: {}. Resume them by hand, or restore the policy to resume the cycle",
        cycle.policy, cycle.id, cycle.cluster, policy == nullptr ? "gone" : "disabled", down);
  }
}

void Scheduler::run() {
  report_orphaned_cycles();
  while (!m_stop) {
    if (m_reload.exchange(false)) reload();
    reap_finished();
    const PolicySetPtr set = policies();
    const Instant now = m_clock.now();
    std::optional<Instant> wake;
    for (const policy::PatchPolicy* policy : tend_order(*set)) {
      const auto at = tend(*policy, *set, now);
      if (at && (!wake || *at < *wake)) wake = at;
    }
    if (m_stop || m_reload) continue;
    m_clock.sleep_until(wake.value_or(now + k_idle));
  }
  std::map<std::string, Running> runners;
  {
    std::lock_guard lock{m_mutex};
    runners.swap(m_runners);
  }
  for (auto& [name, running] : runners) running.runner->stop();
  runners.clear();  // joins: in-flight calls finish, state is stored
  m_log->info("scheduler stopped");
}

std::vector<const policy::PatchPolicy*> Scheduler::tend_order(const policy::PolicySet& set) {
  const auto waits = m_leases.waiting();
  std::vector<std::pair<int, const policy::PatchPolicy*>> ranked;
  for (const policy::PatchPolicy& policy : set.policies) {
    auto open = m_store.open_cycle(policy.name);
    const auto wait = waits.find(policy.name);
    const int rank = open && *open ? 0 : wait != waits.end() ? 1 : 2;
    ranked.emplace_back(rank, &policy);
  }
  std::stable_sort(ranked.begin(), ranked.end(), [&](const auto& a, const auto& b) {
    if (a.first != b.first) return a.first < b.first;
    if (a.first != 1) return false;
    return waits.at(a.second->name).since < waits.at(b.second->name).since;
  });
  std::vector<const policy::PatchPolicy*> order;
  for (const auto& [rank, policy] : ranked) order.push_back(policy);
  return order;
}

bool Scheduler::preempt_sleeping_holder(const std::string& cluster, const policy::PolicySet& set,
                                        Instant now) {
  const auto holder = m_leases.holder(cluster);
  if (!holder) return false;
  auto open = m_store.open_cycle(*holder);
  if (!open || !*open || (*open)->state != "WaitingForNextWindow") return false;
  // Not when its next window is about to open: the runner could be starting a node.
  const policy::PatchPolicy* holder_policy = set.find_policy(*holder);
  if (holder_policy == nullptr) return false;
  const auto next = window_after(holder_policy->schedule, (*open)->window_start);
  if (next && next->start <= now + k_preempt_margin) return false;
  std::optional<Running> running;
  {
    std::lock_guard lock{m_mutex};
    const auto it = m_runners.find(*holder);
    if (it == m_runners.end()) return false;
    running = std::move(it->second);
    m_runners.erase(it);
  }
  m_log->info("{}: gives cluster '{}' up until its next window{}", *holder, cluster,
              next ? " at " + format_utc(next->start) : "");
  running.reset();  // stops and joins, then gives the lease back
  return true;
}

std::optional<ClusterLeases::Lease> Scheduler::lease_for(const policy::PatchPolicy& policy,
                                                         Instant now, bool window_open) {
  const bool was_waiting = m_leases.waiting(policy.name).has_value();
  auto lease = m_leases.acquire(policy.cluster, policy.name, now);
  if (!lease && window_open && preempt_sleeping_holder(policy.cluster, *policies(), now)) {
    lease = m_leases.acquire(policy.cluster, policy.name, now);
  }
  if (!lease && !was_waiting) {
    if (const auto wait = m_leases.waiting(policy.name)) {
      m_log->info("{}: waits: {}", policy.name, wait->reason());
    }
  }
  return lease;
}

std::optional<Instant> Scheduler::tend(const policy::PatchPolicy& policy,
                                       const policy::PolicySet& set, Instant now) {
  {
    std::lock_guard lock{m_mutex};
    if (m_runners.count(policy.name) != 0) return std::nullopt;
  }
  auto paused = m_store.paused_policies();
  const bool is_paused = paused && paused->count(policy.name) != 0;
  const policy::Cluster* cluster = set.find_cluster(policy.cluster);
  if (!policy.enabled || is_paused || cluster == nullptr) {
    m_leases.stop_waiting(policy.name);
    std::lock_guard lock{m_mutex};
    m_next[policy.name].reset();
    return std::nullopt;
  }
  if (auto open = m_store.open_cycle(policy.name); open && *open) {
    // Woken when the holder ends (its runner interrupts the scheduler's clock).
    if (auto lease = lease_for(policy, now, window_open(policy, **open, now))) {
      start_cycle(policy, *cluster, **open, true, std::move(*lease));
    }
    return std::nullopt;
  }
  auto last = m_store.last_handled_window(policy.name);
  if (!last) {
    m_log->error("{}: {}", policy.name, last.error());
    return now + Minutes{1};
  }
  const auto first_seen = m_store.first_seen(policy.name, now);
  const WindowPlan plan = plan_windows(policy.schedule, *last, first_seen ? *first_seen : now, now);
  const auto wait = m_leases.waiting(policy.name);
  for (const schedule::Window& missed : plan.missed) {
    std::string reason;
    if (wait && (!missed.end || *missed.end > wait->since)) {
      reason = "cluster '" + wait->cluster + "' was held by policy '" + wait->holder +
               "' until the window closed";
      m_log->warn("{}: window {} was missed: {}", policy.name, format_utc(missed.start), reason);
    } else {
      m_log->warn("{}: window {} was missed (the daemon was not running)", policy.name,
                  format_utc(missed.start));
    }
    (void)m_store.record_missed(
        store::MissedWindow{policy.name, missed.start, missed.end, now, std::move(reason)});
  }
  {
    std::lock_guard lock{m_mutex};
    m_next[policy.name] = plan.start_now ? plan.start_now : plan.next;
  }
  if (!plan.start_now) {
    m_leases.stop_waiting(policy.name);
    if (plan.next) return plan.next->start;
    return std::nullopt;
  }
  auto lease = lease_for(policy, now, true);
  if (!lease) return plan.start_now->end;  // to record the window as missed when it closes
  store::CycleRecord record{0,
                            policy.name,
                            policy.cluster,
                            plan.start_now->start,
                            plan.start_now->end,
                            "Running",
                            policy.content_hash,
                            now,
                            std::nullopt};
  auto id = begin_new_cycle(m_store, policy, *cluster, record);
  if (!id) {
    m_log->error("{}: cannot store the new cycle: {}", policy.name, id.error());
    return now + Minutes{1};
  }
  record.id = *id;
  start_cycle(policy, *cluster, record, false, std::move(*lease));
  return std::nullopt;
}

void Scheduler::start_cycle(const policy::PatchPolicy& policy, const policy::Cluster& cluster,
                            store::CycleRecord record, bool restore, ClusterLeases::Lease lease) {
  auto runner =
      std::make_unique<CycleRunner>(CycleStart{policy, cluster, std::move(record), restore},
                                    m_store, m_time, m_log, [this] { m_clock.interrupt(); });
  std::lock_guard lock{m_mutex};
  m_runners.emplace(policy.name, Running{std::move(lease), std::move(runner)});
}

void Scheduler::reap_finished() {
  std::vector<Running> done;
  {
    std::lock_guard lock{m_mutex};
    for (auto it = m_runners.begin(); it != m_runners.end();) {
      if (it->second.runner->finished()) {
        done.push_back(std::move(it->second));
        it = m_runners.erase(it);
      } else {
        ++it;
      }
    }
  }
  done.clear();  // joins outside the lock, then gives the leases back
}

void Scheduler::reload() {
  m_log->info("reloading policies");
  PolicySetPtr loaded = m_loader ? m_loader() : nullptr;
  if (!loaded) {
    m_log->error("reload refused: the policies have errors; the last good set keeps running");
    return;
  }
  std::lock_guard lock{m_mutex};
  m_policies = std::move(loaded);
  ++m_reloads;
  m_log->info("reloaded: {} policies", m_policies->policies.size());
  // A running cycle whose policy was removed, renamed or disabled finishes the nodes in the
  // middle of their attempt, resumes them, and stops; it never starts another node.
  for (auto& [name, running] : m_runners) {
    const policy::PatchPolicy* now = m_policies->find_policy(name);
    if (now == nullptr || !now->enabled) {
      m_log->info("{}: {}: its running cycle winds down (nodes in flight are resumed)", name,
                  now == nullptr ? "no longer in the policies" : "disabled");
      running.runner->wind_down(true);
    }
  }
}

void Scheduler::request_stop() {
  m_stop = true;
  m_clock.interrupt();
}

void Scheduler::request_reload() {
  m_reload = true;
  m_clock.interrupt();
}

// Pause and resume reach a policy of the current set or any cycle that runs (a removed
// policy's included). Neither waits for a node: the cycle winds down on its own thread.
Status Scheduler::pause(const std::string& name) {
  PW_TRY(set_paused(name, true));
  m_log->info("{}: paused (a node in the middle of its attempt finishes it and is resumed)", name);
  return Done{};
}

Status Scheduler::resume(const std::string& name) {
  PW_TRY(set_paused(name, false));
  m_log->info("{}: resumed", name);
  return Done{};
}

Status Scheduler::set_paused(const std::string& name, bool paused) {
  const bool known = policies()->find_policy(name) != nullptr;
  {
    std::lock_guard lock{m_mutex};
    const auto it = m_runners.find(name);
    if (!known && it == m_runners.end()) return Error{"no policy named '" + name + "'"};
    PW_TRY(m_store.set_paused(name, paused, m_clock.now()));
    if (it != m_runners.end() && paused) it->second.runner->wind_down(false);
    if (it != m_runners.end() && !paused) it->second.runner->resume_winding_down();
  }
  m_clock.interrupt();
  return Done{};
}

PolicySetPtr Scheduler::policies() const {
  std::lock_guard lock{m_mutex};
  return m_policies;
}

std::map<std::string, std::optional<schedule::Window>> Scheduler::next_windows() const {
  std::lock_guard lock{m_mutex};
  return m_next;
}

}  // namespace pw::daemon
