// PreCheck and PostCheck (DESIGN.md §7) against the recording fake driver: a failed PreCheck
// never drains the node; a failed PostCheck fails it, then resumes it or keeps it drained.
#include "harness.hpp"

#include <doctest/doctest.h>

namespace pw::rollout {
namespace {

using driver::CallStatus;
using driver::Operation;
using driver::Outcome;
using test::Harness;
using test::k_start;
using test::make_cluster;
using test::make_policy;
using test::operations_of;

policy::PatchPolicy checked_policy() {
  policy::PatchPolicy policy = make_policy(policy::ApprovalPolicy::NodeWise);
  policy.reschedule_count = 1;
  policy.reschedule_time = Minutes{30};
  policy.max_failed_nodes = 10;  // failed nodes do not halt the cycle
  return policy;
}

// Every call of `operation` on `node` fails with `message`; the rest succeeds.
void fail_on(Harness& h, Operation operation, const std::string& node, std::string message) {
  h.driver.script = [&h, operation, node, message](const driver::Call& call, Seconds&) {
    if (call.operation == operation && call.node == node) {
      return Outcome{CallStatus::Failed, {}, message, {}};
    }
    return h.driver.default_outcome(call);
  };
}

}  // namespace

TEST_SUITE("rollout::Executor checks") {
  TEST_CASE("PreCheck runs before Drain and PostCheck after the install, then Resume") {
    Harness h{checked_policy()};
    h.driver.checks = {Operation::PreCheck, Operation::PostCheck};
    CHECK(h.run() == RunStatus::Completed);
    CHECK(operations_of(h.driver, "n01") == std::vector<std::string>{"Search", "Download",
                                                                     "PreCheck", "Drain", "Install",
                                                                     "PostCheck", "Resume"});
    CHECK(h.node(0).result == NodeResult::Succeeded);
  }

  TEST_CASE("PostCheck comes after the node is back healthy from its reboot") {
    policy::PatchPolicy policy = checked_policy();
    policy.reboot = policy::RebootPolicy::Always;
    Harness h{policy};
    h.driver.checks = {Operation::PostCheck};
    CHECK(h.run() == RunStatus::Completed);
    CHECK(operations_of(h.driver, "n02") == std::vector<std::string>{"Search", "Download", "Drain",
                                                                     "Install", "Reboot", "Health",
                                                                     "PostCheck", "Resume"});
  }

  TEST_CASE("a driver without PreCheck and PostCheck skips both steps") {
    Harness h{checked_policy()};
    CHECK(h.run() == RunStatus::Completed);
    CHECK(h.driver.of(Operation::PreCheck).empty());
    CHECK(h.driver.of(Operation::PostCheck).empty());
    CHECK(h.driver.of(Operation::Drain).size() == 2);
  }

  TEST_CASE("a failed PreCheck never drains the node: it is rescheduled, then given up") {
    Harness h{checked_policy()};
    h.driver.checks = {Operation::PreCheck};
    fail_on(h, Operation::PreCheck, "n01", "disk C: 97% full");
    CHECK(h.run() == RunStatus::Completed);
    CHECK(h.driver.of(Operation::Drain, "n01").empty());
    CHECK(h.driver.of(Operation::Resume, "n01").empty());
    const auto prechecks = h.driver.of(Operation::PreCheck, "n01");
    REQUIRE(prechecks.size() == 2);  // the attempt and its one reschedule, 30 minutes apart
    CHECK(prechecks[1].at - prechecks[0].at >= Minutes{30});
    CHECK(h.node(0).result == NodeResult::Failed);
    CHECK(h.node(0).reschedules == 1);
    CHECK(h.node(0).message == "PreCheck failed: disk C: 97% full");
    // The other node goes on: checked, drained, patched.
    CHECK(h.node(1).result == NodeResult::Succeeded);
    CHECK(h.driver.of(Operation::Drain, "n02").size() == 1);
    // Never down: no transition of n01 passed through a drained sub-state.
    for (const auto& t : h.journal.transitions) {
      if (t.node == "n01") CHECK_FALSE(is_down(t.to));
    }
  }

  TEST_CASE("a PreCheck that fails once passes on the reschedule and the node is patched") {
    Harness h{checked_policy()};
    h.driver.checks = {Operation::PreCheck};
    int calls = 0;
    h.driver.script = [&](const driver::Call& call, Seconds&) {
      if (call.operation == Operation::PreCheck && call.node == "n01" && calls++ == 0) {
        return Outcome{CallStatus::TimedOut, {}, "", {}};
      }
      return h.driver.default_outcome(call);
    };
    CHECK(h.run() == RunStatus::Completed);
    CHECK(h.node(0).result == NodeResult::Succeeded);
    CHECK(h.driver.of(Operation::Drain, "n01").size() == 1);
    CHECK(h.driver.of(Operation::PreCheck, "n01").size() == 2);
  }

  TEST_CASE("a failed PostCheck fails the node, which is resumed by default") {
    policy::PatchPolicy policy = checked_policy();
    policy.reschedule_count = 0;
    Harness h{policy};
    h.driver.checks = {Operation::PostCheck};
    fail_on(h, Operation::PostCheck, "n01", "service W3SVC is stopped");
    CHECK(h.run() == RunStatus::Completed);
    CHECK(operations_of(h.driver, "n01") == std::vector<std::string>{"Search", "Download", "Drain",
                                                                     "Install", "PostCheck",
                                                                     "Resume"});
    CHECK(h.node(0).result == NodeResult::Failed);
    CHECK(h.node(0).message == "PostCheck failed: service W3SVC is stopped");
    CHECK(h.node(1).result == NodeResult::Succeeded);
  }

  TEST_CASE("with PostCheckFailure KeepDrained the node stays drained and the cycle halts") {
    policy::PatchPolicy policy = checked_policy();
    policy.post_check_failure = policy::PostCheckFailure::KeepDrained;
    Harness h{policy, make_cluster(3, 1, 60)};
    h.driver.checks = {Operation::PostCheck};
    fail_on(h, Operation::PostCheck, "n01", "service W3SVC is stopped");
    CHECK(h.run() == RunStatus::Halted);
    CHECK(h.driver.of(Operation::Resume, "n01").empty());
    CHECK(h.node(0).result == NodeResult::Failed);
    CHECK(h.node(0).message ==
          "PostCheck failed: service W3SVC is stopped (left drained: PostCheckFailure is "
          "KeepDrained)");
    CHECK(h.executor.state().halt_reason == "node n01 left drained after a failed PostCheck");
    // Nothing else is drained while n01 stays down.
    CHECK(h.driver.of(Operation::Drain).size() == 1);
    CHECK(h.node(1).result == NodeResult::Halted);
  }

  TEST_CASE("a pause during a PreCheck never drains the node; it waits, not failed") {
    Harness h{checked_policy()};
    h.driver.checks = {Operation::PreCheck};
    h.driver.script = [&](const driver::Call& call, Seconds& duration) {
      if (call.operation == Operation::PreCheck) duration = Minutes{20};
      return h.driver.default_outcome(call);
    };
    CHECK(h.executor.run_until(k_start + Minutes{10}) == RunStatus::Running);
    REQUIRE(h.node(0).sub_state == SubState::PreChecking);
    h.executor.set_pausing(true);
    h.executor.run_until(k_start + Minutes{30});
    CHECK(h.driver.of(Operation::Drain).empty());
    CHECK(h.node(0).sub_state == SubState::WaitingForApproval);
    CHECK(h.node(0).result == NodeResult::Pending);
    CHECK(h.node(0).reschedules == 0);
    h.executor.set_pausing(false);
    CHECK(h.run() == RunStatus::Completed);
    CHECK(h.driver.of(Operation::Drain, "n01").size() == 1);
  }

  TEST_CASE("a node restored in PreChecking has PreCheck issued again, never a Drain first") {
    policy::PatchPolicy policy = checked_policy();
    policy::Cluster cluster = make_cluster(2, 1, 60);
    CycleState crashed;
    {
      Harness h{policy, cluster};
      h.driver.checks = {Operation::PreCheck};
      h.driver.script = [&](const driver::Call& call, Seconds& duration) {
        if (call.operation == Operation::PreCheck) duration = Minutes{20};
        return h.driver.default_outcome(call);
      };
      h.executor.run_until(k_start + Minutes{10});
      REQUIRE(h.journal.last_state.has_value());
      crashed = *h.journal.last_state;
    }
    REQUIRE(crashed.nodes[0].sub_state == SubState::PreChecking);
    CHECK(crashed.nodes[0].task_state() == TaskState::Preparing);
    VirtualClock clock{k_start + Minutes{15}};
    test::RecordingDriver driver{clock};
    driver.checks = {Operation::PreCheck};
    RecordingJournal journal{&clock};
    auto executor = Executor::restore(CycleSetup{policy, cluster, {k_start, {}}, "p@1", {}, {}},
                                      crashed, driver, clock, journal);
    CHECK(executor->run_until(k_start + std::chrono::days{1}) == RunStatus::Completed);
    CHECK(operations_of(driver, "n01") ==
          std::vector<std::string>{"PreCheck", "Drain", "Install", "Resume"});
  }
}

}  // namespace pw::rollout
