#include "rollout/poa_state.hpp"

namespace pw::rollout {

ExecutorSubState executor_sub_state(const NodeTask& task) {
  switch (task.sub_state) {
    case SubState::NotStarted:
    case SubState::Searching:
    case SubState::Downloading:
      return ExecutorSubState::None;
    case SubState::WaitingForApproval:
      return ExecutorSubState::DownloadCompleted;
    case SubState::PreChecking:
    case SubState::Draining:
      return ExecutorSubState::InstallationApproved;
    case SubState::Installing:
      return ExecutorSubState::InstallationInProgress;
    case SubState::Restarting:
      return ExecutorSubState::RestartRequested;
    case SubState::PostChecking:  // checked after the restart (or without one), then resumed
    case SubState::Resuming:
      return task.restart_deadline ? ExecutorSubState::RestartCompleted
                                   : ExecutorSubState::RestartNotNeeded;
    case SubState::Soaking:
    case SubState::Finished:
      return task.result == NodeResult::Failed || task.result == NodeResult::Halted
                 ? ExecutorSubState::OperationAborted
                 : ExecutorSubState::OperationCompleted;
  }
  return ExecutorSubState::None;
}

std::string_view to_string(ExecutorSubState state) {
  switch (state) {
    case ExecutorSubState::None:
      return "None";
    case ExecutorSubState::DownloadCompleted:
      return "DownloadCompleted";
    case ExecutorSubState::InstallationApproved:
      return "InstallationApproved";
    case ExecutorSubState::InstallationInProgress:
      return "InstallationInProgress";
    case ExecutorSubState::InstallationCompleted:
      return "InstallationCompleted";
    case ExecutorSubState::RestartRequested:
      return "RestartRequested";
    case ExecutorSubState::RestartNotNeeded:
      return "RestartNotNeeded";
    case ExecutorSubState::RestartCompleted:
      return "RestartCompleted";
    case ExecutorSubState::OperationCompleted:
      return "OperationCompleted";
    case ExecutorSubState::OperationAborted:
      return "OperationAborted";
  }
  return "None";
}

}  // namespace pw::rollout
