// Executor: runs one policy's cycle on one cluster through a Driver, on a Clock, reporting every
// change to a Journal before acting on it (DESIGN.md §5).
//
// It is event-driven (ninja's Builder over a pure Plan): each step computes the next timer —
// a retry, a reschedule gap, a soak end, a health re-check, the window end — and calls
// driver.wait_next(that instant); then it handles the completions and timers that are due and
// asks the Planner (planner.hpp) which nodes to approve. It never polls in a loop.
//
// Per node: Search (staggered) → filter → Download → wait for approval → PreCheck → Drain →
// Install → Reboot per RebootPolicy → Health until healthy (RebootTimeoutInMinutes) → PostCheck
// → Resume → Soak. PreCheck and PostCheck only when the driver supports() them; a failed
// PreCheck is a failed attempt on a node never drained (rescheduled like any other); a failed
// PostCheck fails the node, resumed or kept drained per PostCheckFailure (node_checks.cpp).
// A failed node is always resumed, then rescheduled (WURescheduleCount, WURescheduleTimeIn-
// Minutes apart) or finished as failed; more than MaxFailedNodes failed nodes halt the cycle.
//
// Driver replies it reads are the typed ones of driver/reply.hpp (the Exec driver validated
// them; a reply that does not fit its shape arrives as a ProtocolError, a failed call):
//   Search   SearchReply: the updates offered, filtered here
//   Install  InstallReply: per update its ResultCode (POA: 0 Succeeded, 1 SucceededWithErrors,
//            2 Failed, 3 Aborted, 4 AbortedWithTimeout), RebootRequired; an update the reply
//            does not list counts as succeeded when the call is Ok
//   Health   a node: HealthReply (Healthy); no node: ClusterHealthReply (the health gate)
//   others   only the call status counts.
// What it asks: Search the policy's WUQuery, Download/Install the selected update ids, Reboot
// the RebootPolicy (driver::Call).
//
// Thread-safety: one thread (the daemon's scheduler, or simulate) owns an Executor.
#pragma once

#include "core/clock.hpp"
#include "core/result.hpp"
#include "driver/driver.hpp"
#include "policy/model.hpp"
#include "rollout/cycle_state.hpp"
#include "rollout/journal.hpp"
#include "rollout/planner.hpp"

#include <memory>
#include <string>
#include <unordered_map>

namespace pw::rollout {

struct CycleSetup {
  policy::PatchPolicy policy;  // copied: the executor outlives a reload
  policy::Cluster cluster;
  Window window;
  std::string cycle_id;  // e.g. "<policy>@<window start>"
  PatchHistory history;
  QuarantineLedger quarantine;
};

// The state a new cycle starts in: every node of the cluster NotStarted, its expected minutes
// from the history or the policy's estimate. A cluster without `Nodes` (its Exec driver has an
// Inventory) starts with none: the executor asks Inventory for them at the cycle's start.
[[nodiscard]] CycleState fresh_cycle_state(const CycleSetup& setup);

// The nodes an Inventory reply reports, or why the cycle cannot use them ("Inventory failed:
// ..."): a failed call, no node, or a node list that fails the checks of a cluster file's
// `Nodes` (policy/node_list.hpp: names, duplicates, upgrade domains, a single node).
[[nodiscard]] Result<std::vector<policy::Node>> inventory_nodes(const std::string& cluster,
                                                                const driver::Outcome& outcome);

enum class RunStatus {
  Running,       // `until` was reached with work left in this window
  Completed,     // every node finished
  WindowClosed,  // nothing more can start in this window; nodes left are Deferred
  Halted,        // more than MaxFailedNodes failed, nothing in flight any more
  Interrupted,   // the clock was interrupted (signal, reload)
  Paused,        // winding down for a pause: no node is down any more, nothing new started
  Failed,        // the cycle could not start: Inventory failed (the reason in halt_reason)
};

[[nodiscard]] const char* to_string(RunStatus status);

class Executor {
 public:
  // Starts a fresh cycle: every node NotStarted. Nothing is called before the first step.
  Executor(CycleSetup setup, driver::Driver& driver, Clock& clock, Journal& journal);

  // Continues a cycle from its snapshot (after a crash): a node inside a driver operation has
  // that operation issued again (all operations are idempotent), timers keep their instants,
  // Finished nodes are left alone. REQUIRES: state.policy == setup.policy.name.
  static std::unique_ptr<Executor> restore(CycleSetup setup, CycleState state,
                                           driver::Driver& driver, Clock& clock, Journal& journal);

  ~Executor();
  Executor(const Executor&) = delete;
  Executor& operator=(const Executor&) = delete;

  // Steps until the cycle ends in this window (Completed, WindowClosed, Halted), the clock is
  // interrupted, or the clock reaches `until` (Running).
  RunStatus run_until(Instant until);

  // One step: wait for the next event (at most until `until`), handle it, approve what can be
  // approved. Returns the status after the step.
  RunStatus step(Instant until);

  // The next window of the same cycle (after WindowClosed): deferred nodes wait for approval
  // again; finished nodes are not redone.
  void open_window(Window window);

  // Pause (operator pause, or the policy removed or disabled): a node in the middle of its
  // attempt finishes it and is resumed; nothing new starts (no approval, no search, no
  // retry). Once no node is down, steps return Paused; the state then restores cleanly, no
  // step that succeeded is run again. set_pausing(false) before that goes on as before.
  void set_pausing(bool pausing);

  [[nodiscard]] const CycleState& state() const;
  [[nodiscard]] RunStatus status() const;

 private:
  struct Impl;
  explicit Executor(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

}  // namespace pw::rollout
