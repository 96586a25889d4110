// CycleState: a plain value snapshot of one policy's cycle — every node's task (sub-state,
// attempts, reschedules, next attempt time, expected minutes, selected updates, result) and the
// operation results so far. The daemon persists it (through the Journal, one node at a time, as
// daemon/cycle_snapshot.hpp writes it) and
// an Executor can be restored from it after a crash: a node that was drained is resumed or
// finished, a completed node is not redone, reschedule counts and gaps are kept.
//
// Thread-safety: plain values.
#pragma once

#include "core/time.hpp"
#include "core/update.hpp"
#include "rollout/task_state.hpp"

#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace pw::rollout {

// [start, end); no end = POA's unbounded window.
struct Window {
  Instant start{};
  std::optional<Instant> end;
};

// node → update id → consecutive cycles in which that update failed on that node. Comes in from
// the caller (the store) and goes out updated at the end of the cycle.
using QuarantineLedger = std::map<std::string, std::map<std::string, int>, std::less<>>;

// node → recent whole patch durations in minutes (drain to resumed), oldest first.
using PatchHistory = std::map<std::string, std::vector<int>, std::less<>>;

struct NodeTask {
  std::string node;
  std::string upgrade_domain;
  SubState sub_state = SubState::NotStarted;
  NodeResult result = NodeResult::Pending;
  int attempts = 0;     // failed tries of the current operation
  int reschedules = 0;  // reschedules used in this cycle
  // When the pending retry, reschedule gap, soak or health re-check is due.
  std::optional<Instant> next_attempt_at;
  std::optional<Instant> ready_since;           // entered WaitingForApproval (oldest first)
  std::optional<Instant> started_at;            // first drain
  std::optional<Instant> finished_at;           // Finished (after the soak)
  std::optional<Instant> resumed_at;            // last resume
  std::optional<Instant> restart_deadline;      // set once the reboot call returned
  std::optional<Instant> operation_started_at;  // of the current operation's first try
  int expected_minutes = 0;
  std::vector<UpdateRecord> selected;       // what this node installs
  std::vector<std::string> quarantined;     // update ids skipped by quarantine
  std::vector<std::string> failed_updates;  // update ids that failed in this cycle
  bool reboot_required = false;
  std::string message;  // last failure, or why it waits

  [[nodiscard]] TaskState task_state() const { return task_state_of(sub_state); }
};

// OperationResult and ResultCode as POA: 0 Succeeded, 1 SucceededWithErrors, 2 Failed,
// 3 Aborted, 4 AbortedWithTimeout. OperationType: 1 Installation, 0 SearchAndDownload (POA).
enum class OperationResult : int {
  Succeeded = 0,
  SucceededWithErrors = 1,
  Failed = 2,
  Aborted = 3,
  AbortedWithTimeout = 4
};
enum class OperationType : int { SearchAndDownload = 0, Installation = 1 };

struct UpdateResult {
  std::string update_id;
  std::string title;
  std::string description;
  OperationResult result = OperationResult::Succeeded;
  long long hresult = 0;
};

// One entry of POA's GetWindowsUpdateResults: an operation (search/download or installation)
// on one node, with the WUQuery and WUFrequency the policy had (the daemon writes it as POA's
// JSON, daemon/poa_results.hpp).
struct OperationRecord {
  std::string node;
  OperationType type = OperationType::Installation;
  OperationResult result = OperationResult::Succeeded;
  Instant start{};
  Instant end{};
  std::vector<UpdateResult> updates;
  std::string query;
  std::string frequency;
  bool reboot_required = false;
};

struct CycleState {
  std::string cycle_id;
  std::string policy;
  std::string cluster;
  Window window;  // the current window of this cycle
  std::vector<NodeTask> nodes;
  std::deque<OperationRecord> results;  // oldest first, capped at MaxResultsToCache
  QuarantineLedger quarantine;          // updated as installs succeed or fail
  int failed_nodes = 0;
  bool halted = false;
  std::string halt_reason;  // why it halted, or why it failed (Inventory)
  std::string wait_reason;  // why no node is being approved, when that is the case
};

}  // namespace pw::rollout
