#include "rollout/task_state.hpp"

#include <doctest/doctest.h>

#include <vector>

namespace pw::rollout {

TEST_SUITE("rollout::transition") {
  TEST_CASE("the happy path walks the POA task states in order") {
    SubState state = SubState::NotStarted;
    std::vector<TaskState> seen{task_state_of(state)};
    for (const TaskEvent event :
         {TaskEvent::Claim, TaskEvent::FoundUpdates, TaskEvent::Downloaded, TaskEvent::Approve,
          TaskEvent::Drained, TaskEvent::InstalledReboot, TaskEvent::Healthy, TaskEvent::Resumed,
          TaskEvent::Soaked}) {
      const auto next = transition(state, event);
      REQUIRE(next.has_value());
      state = *next;
      if (seen.back() != task_state_of(state)) seen.push_back(task_state_of(state));
    }
    CHECK(state == SubState::Finished);
    // Approved has no lasting state: the drain (Preparing) is followed at once by the install.
    CHECK(seen == std::vector<TaskState>{TaskState::Created, TaskState::Claimed,
                                         TaskState::Preparing, TaskState::Executing,
                                         TaskState::Restoring, TaskState::Completed});
  }

  TEST_CASE("illegal pairs have no answer") {
    CHECK_FALSE(transition(SubState::NotStarted, TaskEvent::Approve));
    CHECK_FALSE(transition(SubState::WaitingForApproval, TaskEvent::Drained));
    CHECK_FALSE(transition(SubState::Finished, TaskEvent::Claim));
    CHECK_FALSE(transition(SubState::Soaking, TaskEvent::Fail));
    CHECK_FALSE(transition(SubState::WaitingForApproval, TaskEvent::Retry));
  }

  TEST_CASE("a failure after the drain always goes through Resuming") {
    for (const SubState down : {SubState::Draining, SubState::Installing, SubState::Restarting}) {
      CHECK(transition(down, TaskEvent::Fail) == SubState::Resuming);
    }
    CHECK(transition(SubState::Searching, TaskEvent::Fail) == SubState::Finished);
    CHECK(transition(SubState::Resuming, TaskEvent::Reschedule) == SubState::WaitingForApproval);
    CHECK(transition(SubState::Resuming, TaskEvent::GiveUp) == SubState::Finished);
  }

  TEST_CASE("sub-states are numbered 1..10 and named") {
    CHECK(static_cast<int>(SubState::NotStarted) == 1);
    CHECK(static_cast<int>(SubState::Finished) == 10);
    CHECK(to_string(SubState::Restarting) == "Restarting");
    CHECK(sub_state_from_string("Soaking") == SubState::Soaking);
    CHECK_FALSE(sub_state_from_string("Sleeping"));
    CHECK(is_down(SubState::Resuming));
    CHECK_FALSE(is_down(SubState::Soaking));
  }
}

}  // namespace pw::rollout
