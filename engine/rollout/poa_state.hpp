// How a node's task reads in POA's terms (DESIGN.md §5, seeds/001): the ExecutorSubState
// number POA's dashboards and scripts read, and the ExecutorData document that carries it.
//
//   None=1 (not started, searching, downloading)   DownloadCompleted=2 (waits for approval)
//   InstallationApproved=3 (pre-check, draining)   InstallationInProgress=4 (installing)
//   RestartRequested=6 (rebooting, not back yet)   RestartNotNeeded=7 (resuming, no reboot)
//   RestartCompleted=8 (post-check or resuming after a reboot; 7 without one)
//   OperationCompleted=9 (done, nothing to do, held back)
//   OperationAborted=10 (failed, halted)
// InstallationCompleted=5 has no lasting state here: an install is followed at once by the
// reboot or the resume.
#pragma once

#include "rollout/cycle_state.hpp"

#include <string>

namespace pw::rollout {

enum class ExecutorSubState : int {
  None = 1,
  DownloadCompleted = 2,
  InstallationApproved = 3,
  InstallationInProgress = 4,
  InstallationCompleted = 5,
  RestartRequested = 6,
  RestartNotNeeded = 7,
  RestartCompleted = 8,
  OperationCompleted = 9,
  OperationAborted = 10,
};

[[nodiscard]] ExecutorSubState executor_sub_state(const NodeTask& task);
[[nodiscard]] std::string_view to_string(ExecutorSubState state);

}  // namespace pw::rollout
