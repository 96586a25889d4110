// Scheduler: the daemon's main loop. For every enabled, unpaused policy it works out the next
// window (window_plan.hpp), records missed ones, starts a CycleRunner when a window opens or an
// unfinished cycle is found in the store, and otherwise sleeps until the next window — woken
// early only by a signal, a reload, a pause/resume or a cycle's end. No polling loop.
//
// One cycle per cluster (cluster_lease.hpp): a runner starts only with its cluster's lease and
// gives it back when it ends. A policy whose window opens while another policy's cycle holds
// the cluster waits (status says for whom) and starts when the holder ends, if its window is
// still open; a window that closes while it waits is recorded as missed, with the reason in the
// log. Unfinished cycles found in the store are tended first, so after a restart they get their
// clusters back before any new window. A holder whose cycle only sleeps until its next window
// (its window closed with nodes left) gives the cluster up to a policy whose window is open.
//
// Reload: the loader is called on the scheduler's thread between steps; a set that lints clean
// replaces the current one, a set with errors is refused (the loader logs why) and the last
// good set keeps running. Cycles in progress keep the policy they started with.
//
// Thread-safety: request_*(), pause(), resume() and the readers may be called from any thread
// (signal watcher, file watcher, HTTP handlers); run() belongs to one thread.
#pragma once

#include "daemon/cluster_lease.hpp"
#include "daemon/cycle_runner.hpp"
#include "daemon/time_base.hpp"
#include "policy/model.hpp"
#include "schedule/window.hpp"
#include "store/store.hpp"

#include <spdlog/logger.h>

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace pw::daemon {

using PolicySetPtr = std::shared_ptr<const policy::PolicySet>;
// Loads and lints the policies; nullptr when the set has errors (already logged).
using Loader = std::function<PolicySetPtr()>;

class Scheduler {
 public:
  Scheduler(store::Store& store, const TimeBase& time, std::shared_ptr<spdlog::logger> log,
            PolicySetPtr policies, Loader loader);
  ~Scheduler();

  // Runs until request_stop(); then stops every cycle and returns.
  void run();

  void request_stop();
  void request_reload();

  // Operator pause (stored): no new cycle and no new node for the policy until resumed; a
  // running cycle winds down (CycleRunner::wind_down) without blocking the caller.
  // Fails for a policy the current set does not have.
  Status pause(const std::string& policy);
  Status resume(const std::string& policy);

  [[nodiscard]] PolicySetPtr policies() const;
  [[nodiscard]] std::map<std::string, std::optional<schedule::Window>> next_windows() const;
  [[nodiscard]] Instant now() const { return m_clock.now(); }
  [[nodiscard]] std::size_t reload_count() const { return m_reloads.load(); }
  // Policies waiting for their cluster's lease, by policy.
  [[nodiscard]] std::map<std::string, ClusterLeases::Wait> waiting() const {
    return m_leases.waiting();
  }

 private:
  // A runner with the lease it runs under: the runner is destroyed (joined) first.
  struct Running {
    ClusterLeases::Lease lease;
    std::unique_ptr<CycleRunner> runner;
  };

  void reload();
  void reap_finished();
  void report_orphaned_cycles();
  // Stores the pause and tells a running cycle: pause() and resume() without their log line.
  Status set_paused(const std::string& name, bool paused);
  // The order policies are tended in: unfinished cycles first, then those waiting for a lease
  // (longest first), then the rest in file order.
  std::vector<const policy::PatchPolicy*> tend_order(const policy::PolicySet& set);
  // Handles `policy` at `now`; returns the instant it next needs attention, if any.
  std::optional<Instant> tend(const policy::PatchPolicy& policy, const policy::PolicySet& set,
                              Instant now);
  void start_cycle(const policy::PatchPolicy& policy, const policy::Cluster& cluster,
                   store::CycleRecord record, bool restore, ClusterLeases::Lease lease);
  // The lease of the policy's cluster, or nullopt (logged once per wait) while another holds it.
  // `window_open`: the policy has an open window to run in, so a holder that only sleeps until
  // its next window gives the cluster up to it (preempt_sleeping_holder).
  std::optional<ClusterLeases::Lease> lease_for(const policy::PatchPolicy& policy, Instant now,
                                                bool window_open);
  // Stops the runner holding `cluster` if its cycle waits for its next window (nothing of it is
  // down) and that window is not about to open; its cycle stays open in the store and is
  // restored once the cluster is free. Returns whether the lease was given back.
  bool preempt_sleeping_holder(const std::string& cluster, const policy::PolicySet& set,
                               Instant now);

  store::Store& m_store;
  const TimeBase& m_time;
  ClockView m_clock;
  std::shared_ptr<spdlog::logger> m_log;
  Loader m_loader;
  std::atomic<bool> m_stop{false};
  std::atomic<bool> m_reload{false};
  std::atomic<std::size_t> m_reloads{0};

  ClusterLeases m_leases;  // before m_runners: outlives every Lease

  mutable std::mutex m_mutex;  // guards the members below
  PolicySetPtr m_policies;
  std::map<std::string, std::optional<schedule::Window>> m_next;
  std::map<std::string, Running> m_runners;  // by policy; at most one per cluster (the lease)
};

}  // namespace pw::daemon
