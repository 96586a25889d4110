// Per-node task states, as POA's repair tasks, and the executor's sub-states 1..10.
//
// A node's progress in a cycle is one SubState; its TaskState (what POA shows as the repair
// task's state) follows from it. Changes happen only through transition(from, event), which
// answers for legal pairs only, so an illegal change cannot be made by accident.
//
//   sub-state              task state   what happens                        node down?
//   1  NotStarted          Created      waiting for its search slot         no
//   2  Searching           Claimed      Search, then filtering              no
//   3  Downloading         Claimed      Download of the selected updates    no
//   4  WaitingForApproval  Claimed      ready; waits for approval, the health gate, a
//                                       reschedule gap, or the next window  no
//   5  Draining            Preparing    Drain                               yes
//   6  Installing          Executing    Install (retries, timeouts)         yes
//   7  Restarting          Executing    Reboot, then Health until healthy   yes
//   8  Resuming            Restoring    Resume (also after a failure)       yes
//   9  Soaking             Restoring    MinWaitTimeBetweenNodesInMinutes    no
//   10 Finished            Completed    done: see the node's NodeResult     no
//   11 PreChecking         Preparing    PreCheck, before Drain (optional)   no
//   12 PostChecking        Executing    PostCheck, after Health (optional)  yes
//
// PreChecking and PostChecking are numbered after the POA-like 1..10 so stored numbers keep
// their meaning; they sit between WaitingForApproval and Draining, and between Restarting (or
// Installing without a reboot) and Resuming. A driver without PreCheck/PostCheck skips them.
// A failed PreCheck never drains the node: it goes back to WaitingForApproval (rescheduled) or
// is Finished as failed. A failed PostCheck goes to Resuming like any failure once drained,
// unless the policy keeps it drained (PostCheckFailure: KeepDrained: Finished, still drained).
//
// Thread-safety: plain values and pure functions.
#pragma once

#include <optional>
#include <string_view>

namespace pw::rollout {

enum class TaskState { Created, Claimed, Preparing, Approved, Executing, Restoring, Completed };

enum class SubState : int {
  NotStarted = 1,
  Searching = 2,
  Downloading = 3,
  WaitingForApproval = 4,
  Draining = 5,
  Installing = 6,
  Restarting = 7,
  Resuming = 8,
  Soaking = 9,
  Finished = 10,
  PreChecking = 11,
  PostChecking = 12,
};

enum class TaskEvent {
  Claim,              // NotStarted → Searching
  FoundNothing,       // Searching → Finished (never drained)
  FoundUpdates,       // Searching → Downloading
  Downloaded,         // Downloading → WaitingForApproval
  Approve,            // WaitingForApproval → Draining
  Drained,            // Draining → Installing
  InstalledReboot,    // Installing → Restarting
  InstalledNoReboot,  // Installing → Resuming
  Healthy,            // Restarting → Resuming
  Fail,               // Searching, Downloading → Finished; Draining..Restarting, PostChecking →
                      // Resuming
  Retry,              // an operation is tried again later: stays in its sub-state
  Resumed,            // Resuming → Soaking
  Reschedule,         // Resuming, PreChecking → WaitingForApproval (a failed attempt, reschedules
                      // remain)
  GiveUp,             // Resuming, PreChecking → Finished (failed, no reschedule left);
                      // PostChecking → Finished (failed, kept drained)
  Soaked,             // Soaking → Finished
  ApproveCheck,       // WaitingForApproval → PreChecking (the driver has PreCheck)
  PreChecked,         // PreChecking → Draining
  PostCheck,          // Installing (no reboot), Restarting (healthy) → PostChecking
  PostChecked,        // PostChecking → Resuming
};

// Final outcome of a node's task (Pending until Finished, or Deferred while it waits for the
// next window). HeldBack: the policy's NodeSelector or NodeNamePattern does not select the
// node, which starts the cycle Finished and is never called.
enum class NodeResult { Pending, Succeeded, NothingToInstall, Failed, Deferred, Halted, HeldBack };

[[nodiscard]] TaskState task_state_of(SubState sub_state);
// Drained by this cycle: Draining..Resuming and PostChecking.
[[nodiscard]] bool is_down(SubState sub_state);
// Approved and not yet finished: holds one of the approval slots (PreChecking..Soaking).
[[nodiscard]] bool holds_slot(SubState sub_state);
// Before approval: NotStarted, Searching, Downloading.
[[nodiscard]] bool is_preparing(SubState sub_state);
[[nodiscard]] bool is_in_operation(SubState sub_state);  // a driver call belongs to it

// The sub-state after `event`, or nullopt when the pair is illegal.
[[nodiscard]] std::optional<SubState> transition(SubState from, TaskEvent event);

[[nodiscard]] std::string_view to_string(TaskState state);
[[nodiscard]] std::string_view to_string(SubState sub_state);
[[nodiscard]] std::string_view to_string(TaskEvent event);
[[nodiscard]] std::string_view to_string(NodeResult result);
[[nodiscard]] std::optional<SubState> sub_state_from_string(std::string_view name);
[[nodiscard]] std::optional<NodeResult> node_result_from_string(std::string_view name);

}  // namespace pw::rollout
