// POA's numbers for a node's progress, as its documentation (seeds/001) tables them.
#include "rollout/poa_state.hpp"

#include <doctest/doctest.h>

namespace pw::rollout {

TEST_SUITE("rollout::poa_state") {
  TEST_CASE("ExecutorSubState follows a node through an attempt with POA's numbers") {
    NodeTask task;
    const auto number = [&](SubState sub_state) {
      task.sub_state = sub_state;
      return static_cast<int>(executor_sub_state(task));
    };
    CHECK(number(SubState::NotStarted) == 1);
    CHECK(number(SubState::Downloading) == 1);
    CHECK(number(SubState::WaitingForApproval) == 2);
    CHECK(number(SubState::PreChecking) == 3);
    CHECK(number(SubState::Draining) == 3);
    CHECK(number(SubState::Installing) == 4);
    CHECK(number(SubState::Restarting) == 6);
    CHECK(number(SubState::PostChecking) == 7);  // no reboot
    CHECK(number(SubState::Resuming) == 7);
    task.restart_deadline = Instant{Seconds{100}};
    CHECK(number(SubState::PostChecking) == 8);  // back from the reboot
    CHECK(number(SubState::Resuming) == 8);
    task.result = NodeResult::Succeeded;
    CHECK(number(SubState::Finished) == 9);
    task.result = NodeResult::NothingToInstall;
    CHECK(number(SubState::Finished) == 9);
    task.result = NodeResult::Failed;
    CHECK(number(SubState::Finished) == 10);
    CHECK(to_string(ExecutorSubState::InstallationInProgress) == "InstallationInProgress");
    CHECK(to_string(ExecutorSubState::OperationAborted) == "OperationAborted");
  }

  TEST_CASE("only a node holding a slot is past Claimed") {
    CHECK(task_state_of(SubState::WaitingForApproval) == TaskState::Claimed);
    CHECK(task_state_of(SubState::Downloading) == TaskState::Claimed);
    CHECK(task_state_of(SubState::PreChecking) == TaskState::Preparing);
    CHECK(task_state_of(SubState::Draining) == TaskState::Preparing);
    CHECK(task_state_of(SubState::PostChecking) == TaskState::Executing);
    CHECK(task_state_of(SubState::Installing) == TaskState::Executing);
    CHECK(task_state_of(SubState::Resuming) == TaskState::Restoring);
  }
}

}  // namespace pw::rollout
