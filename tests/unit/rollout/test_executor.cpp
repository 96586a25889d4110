// The executor against the recording fake driver: every call it makes, in order and in time.
#include "driver/exec_outcome.hpp"
#include "harness.hpp"
#include "rollout/executor.hpp"
#include "rollout/results.hpp"
#include "rollout/simulation.hpp"

#include <doctest/doctest.h>

#include <algorithm>

namespace pw::rollout {
namespace {

using driver::CallStatus;
using driver::Operation;
using driver::Outcome;
using test::at;
using test::Harness;
using test::install_minutes;
using test::k_start;
using test::make_cluster;
using test::make_policy;
using test::operations_of;
using test::RecordingDriver;

// What the Exec driver makes of a process that exits 0 after printing `stdout_text`.
Outcome exec_outcome(const driver::Call& call, std::string stdout_text) {
  driver::ProcessReport report;
  report.operation = call.operation;
  report.scope = call.node.empty() ? driver::ReplyScope::Cluster : driver::ReplyScope::Node;
  report.exit = {driver::ExitStatus::Kind::Exited, 0};
  report.stdout_text = std::move(stdout_text);
  return driver::make_outcome(report, {});
}

}  // namespace

TEST_SUITE("rollout::Executor") {
  TEST_CASE("a node goes search, download, drain, install, resume, in that order") {
    Harness h{make_policy(policy::ApprovalPolicy::NodeWise)};
    h.driver.script = install_minutes(h.driver, 60);
    CHECK(h.run() == RunStatus::Completed);
    CHECK(operations_of(h.driver, "n01") ==
          std::vector<std::string>{"Search", "Download", "Drain", "Install", "Resume"});
    CHECK(h.node(0).result == NodeResult::Succeeded);
    CHECK(h.node(0).sub_state == SubState::Finished);
    CHECK(h.node(0).task_state() == TaskState::Completed);
    // The journal saw each transition before the executor acted on it.
    std::vector<TaskEvent> events;
    for (const auto& t : h.journal.transitions) {
      if (t.node == "n01") events.push_back(t.event);
    }
    CHECK(events == std::vector<TaskEvent>{TaskEvent::Claim, TaskEvent::FoundUpdates,
                                           TaskEvent::Downloaded, TaskEvent::Approve,
                                           TaskEvent::Drained, TaskEvent::InstalledNoReboot,
                                           TaskEvent::Resumed, TaskEvent::Soaked});
  }

  TEST_CASE("searches are staggered a few seconds apart") {
    Harness h{make_policy(policy::ApprovalPolicy::NodeWise), make_cluster(4, 1, 60)};
    h.run();
    const auto searches = h.driver.of(Operation::Search);
    REQUIRE(searches.size() == 4);
    CHECK(searches[1].at - searches[0].at == Seconds{2});
    CHECK(searches[3].at - searches[0].at == Seconds{6});
  }

  TEST_CASE("RebootPolicy: IfRequired reboots when the install says so, then waits healthy") {
    Harness h{make_policy(policy::ApprovalPolicy::NodeWise), make_cluster(1, 1, 60)};
    h.driver.script = [&](const driver::Call& call, Seconds&) {
      Outcome outcome = h.driver.default_outcome(call);
      if (call.operation == Operation::Install) outcome.reply = driver::InstallReply{{}, true};
      return outcome;
    };
    CHECK(h.run() == RunStatus::Completed);
    CHECK(operations_of(h.driver, "n01") == std::vector<std::string>{"Search", "Download", "Drain",
                                                                     "Install", "Reboot", "Health",
                                                                     "Resume"});
    CHECK(h.node(0).reboot_required);
  }

  TEST_CASE("RebootPolicy: Always reboots, Never does not even when required") {
    policy::PatchPolicy always = make_policy(policy::ApprovalPolicy::NodeWise);
    always.reboot = policy::RebootPolicy::Always;
    Harness a{always, make_cluster(1, 1, 60)};
    a.run();
    CHECK(a.driver.of(Operation::Reboot).size() == 1);

    policy::PatchPolicy never = make_policy(policy::ApprovalPolicy::NodeWise);
    never.reboot = policy::RebootPolicy::Never;
    Harness n{never, make_cluster(1, 1, 60)};
    n.driver.updates[0].reboot_required = true;
    n.run();
    CHECK(n.driver.of(Operation::Reboot).empty());
    CHECK(n.node(0).reboot_required);
  }

  TEST_CASE("a node that does not come back within RebootTimeoutInMinutes fails, resumed") {
    policy::PatchPolicy policy = make_policy(policy::ApprovalPolicy::NodeWise);
    policy.reboot = policy::RebootPolicy::Always;
    policy.reschedule_count = 0;
    policy.reboot_timeout = Minutes{15};
    Harness h{policy, make_cluster(1, 1, 60)};
    h.driver.script = [&](const driver::Call& call, Seconds&) {
      Outcome outcome = h.driver.default_outcome(call);
      if (call.operation == Operation::Health && !call.node.empty()) {
        outcome.reply = driver::HealthReply{false, "Down"};
      }
      return outcome;
    };
    CHECK(h.run() == RunStatus::Completed);  // MaxFailedNodes unset: a failed node halts nothing
    const auto health = h.driver.of(Operation::Health, "n01");
    CHECK(health.size() == 16);  // polled every minute from the reboot to its deadline
    CHECK(h.driver.calls.back().operation == Operation::Resume);
    CHECK(h.node(0).result == NodeResult::Failed);
    CHECK(h.node(0).message == "node not healthy within RebootTimeoutInMinutes 15 (state: Down)");
  }

  TEST_CASE("a failing install is never repeated on the drained node: resumed, then rescheduled") {
    policy::PatchPolicy policy = make_policy(policy::ApprovalPolicy::NodeWise);
    policy.operation_retry_count = 2;  // retries are for Search and Download only
    policy.delay_between_retries = Minutes{3};
    policy.reschedule_count = 1;
    policy.reschedule_time = Minutes{30};
    Harness h{policy, make_cluster(1, 1, 60)};
    h.driver.script = [&](const driver::Call& call, Seconds&) {
      Outcome outcome = h.driver.default_outcome(call);
      if (call.operation == Operation::Install) outcome = {CallStatus::Failed, {}, "exit 1", {}};
      return outcome;
    };
    CHECK(h.run() == RunStatus::Completed);
    // Each attempt is drain, install, resume: never two installs inside one drain.
    CHECK(operations_of(h.driver, "n01") == std::vector<std::string>{"Search", "Download", "Drain",
                                                                     "Install", "Resume", "Drain",
                                                                     "Install", "Resume"});
    const auto drains = h.driver.of(Operation::Drain);
    const auto resumes = h.driver.of(Operation::Resume);
    REQUIRE(drains.size() == 2);
    CHECK(drains[1].at - resumes[0].at == Minutes{30});
    CHECK(h.driver.calls.back().operation == Operation::Resume);
    CHECK(h.node(0).result == NodeResult::Failed);
    CHECK(h.node(0).message == "install failed: Failed: exit 1");
  }

  TEST_CASE("a failing Resume is tried again until it works; the next node waits for it") {
    policy::PatchPolicy policy = make_policy(policy::ApprovalPolicy::NodeWise);
    policy.operation_retry_count = 0;  // no retries configured: a drained node still gets them
    policy.delay_between_retries = Minutes{2};
    Harness h{policy, make_cluster(2, 1, 60)};
    int failures = 4;
    h.driver.script = [&](const driver::Call& call, Seconds&) {
      if (call.operation == Operation::Resume && call.node == "n01" && failures > 0) {
        --failures;
        return Outcome{CallStatus::Failed, {}, "cannot reach the node", {}};
      }
      return h.driver.default_outcome(call);
    };
    CHECK(h.run() == RunStatus::Completed);
    const auto resumes = h.driver.of(Operation::Resume, "n01");
    REQUIRE(resumes.size() == 5);
    CHECK(resumes[1].at - resumes[0].at == Minutes{2});
    // n02 is drained only once n01 is back: never two nodes down under NodeWise.
    CHECK(h.driver.of(Operation::Drain, "n02").front().at >= resumes.back().at);
    CHECK(h.node(0).result == NodeResult::Succeeded);
  }

  TEST_CASE("a failing search is retried WUOperationRetryCount times, delays apart") {
    policy::PatchPolicy policy = make_policy(policy::ApprovalPolicy::NodeWise);
    policy.operation_retry_count = 2;
    policy.delay_between_retries = Minutes{3};
    policy.reschedule_count = 0;
    Harness h{policy, make_cluster(1, 1, 60)};
    h.driver.script = [&](const driver::Call& call, Seconds&) {
      Outcome outcome = h.driver.default_outcome(call);
      if (call.operation == Operation::Search) outcome = {CallStatus::Failed, {}, "exit 1", {}};
      return outcome;
    };
    CHECK(h.run() == RunStatus::Completed);
    const auto searches = h.driver.of(Operation::Search);
    REQUIRE(searches.size() == 3);
    CHECK(searches[1].at - searches[0].at == Minutes{3});
    CHECK(searches[2].at - searches[1].at == Minutes{3});
    CHECK(h.driver.of(Operation::Drain).empty());  // never drained
    CHECK(h.node(0).result == NodeResult::Failed);
  }

  TEST_CASE("MaxFailedNodes unset: failed nodes do not halt the cycle, the others go on") {
    policy::PatchPolicy policy = make_policy(policy::ApprovalPolicy::NodeWise);
    policy.reschedule_count = 0;
    REQUIRE_FALSE(policy.max_failed_nodes.has_value());
    Harness h{policy, make_cluster(4, 1, 60)};
    h.driver.script = [&](const driver::Call& call, Seconds&) {
      if (call.operation == Operation::Install && call.node != "n04") {
        return Outcome{CallStatus::Failed, {}, "x", {}};
      }
      return h.driver.default_outcome(call);
    };
    CHECK(h.run() == RunStatus::Completed);
    CHECK_FALSE(h.executor.state().halted);
    CHECK(h.driver.of(Operation::Drain).size() == 4);
    CHECK(h.driver.of(Operation::Resume).size() == 4);
    CHECK(h.node(3).result == NodeResult::Succeeded);
    CHECK(h.node(0).result == NodeResult::Failed);
  }

  TEST_CASE("an install longer than WUOperationTimeOutInMinutes times out") {
    policy::PatchPolicy policy = make_policy(policy::ApprovalPolicy::NodeWise);
    policy.operation_timeout = Minutes{30};
    policy.operation_retry_count = 0;
    policy.reschedule_count = 0;
    policy.max_failed_nodes = 1;
    Harness h{policy, make_cluster(1, 1, 60)};
    h.driver.script = install_minutes(h.driver, 45);
    CHECK(h.run() == RunStatus::Completed);
    CHECK(h.node(0).result == NodeResult::Failed);
    const OperationRecord& record = h.executor.state().results.back();
    CHECK(record.result == OperationResult::AbortedWithTimeout);
    REQUIRE_FALSE(record.updates.empty());
    CHECK(record.updates[0].result == OperationResult::AbortedWithTimeout);
    CHECK(*h.node(0).finished_at - k_start == Minutes{30});
  }

  TEST_CASE("a failed node is rescheduled WURescheduleCount times, the gap honoured") {
    policy::PatchPolicy policy = make_policy(policy::ApprovalPolicy::NodeWise);
    policy.operation_retry_count = 0;
    policy.reschedule_count = 2;
    policy.reschedule_time = Minutes{30};
    policy.max_failed_nodes = 1;
    Harness h{policy, make_cluster(1, 1, 60)};
    h.driver.script = [&](const driver::Call& call, Seconds& duration) {
      Outcome outcome = h.driver.default_outcome(call);
      if (call.operation == Operation::Install) {
        duration = Minutes{10};
        outcome = {CallStatus::Failed, {}, "exit 1", {}};
      }
      return outcome;
    };
    CHECK(h.run() == RunStatus::Completed);
    const auto drains = h.driver.of(Operation::Drain);
    REQUIRE(drains.size() == 3);
    CHECK(drains[1].at - drains[0].at == Minutes{10 + 30});
    CHECK(drains[2].at - drains[1].at == Minutes{10 + 30});
    CHECK(h.driver.of(Operation::Resume).size() == 3);
    CHECK(h.node(0).reschedules == 2);
    CHECK(h.node(0).result == NodeResult::Failed);
  }

  TEST_CASE("more than MaxFailedNodes failed nodes halt the cycle") {
    policy::PatchPolicy policy = make_policy(policy::ApprovalPolicy::NodeWise);
    policy.operation_retry_count = 0;
    policy.reschedule_count = 0;
    policy.max_failed_nodes = 1;
    Harness h{policy, make_cluster(4, 1, 60)};
    h.driver.script = [&](const driver::Call& call, Seconds&) {
      if (call.operation == Operation::Install) return Outcome{CallStatus::Failed, {}, "x", {}};
      return h.driver.default_outcome(call);
    };
    CHECK(h.run() == RunStatus::Halted);
    CHECK(h.driver.of(Operation::Drain).size() == 2);
    CHECK(h.executor.state().halted);
    CHECK(h.executor.state().halt_reason == "2 nodes failed, more than MaxFailedNodes 1");
    CHECK(h.node(2).result == NodeResult::Halted);
    CHECK(h.node(2).sub_state == SubState::WaitingForApproval);
  }

  TEST_CASE("the health gate holds the cycle while a node is unhealthy, inside the window") {
    policy::PatchPolicy policy = make_policy(policy::ApprovalPolicy::NodeWise);
    Harness h{policy, make_cluster(3, 1, 60), k_start + Minutes{120}};
    h.driver.unhealthy = {"n03"};
    CHECK(h.run() == RunStatus::WindowClosed);
    CHECK(h.driver.of(Operation::Drain).empty());
    const auto& events = h.journal.cycle_events;
    CHECK(std::count(events.begin(), events.end(),
                     "waiting: health gate: 1 of 3 nodes unhealthy (n03), more than "
                     "MaxPercentageUnhealthyNodes 0%") == 1);
    CHECK(h.executor.state().wait_reason ==
          "no waiting node fits before the window end (waited for: health gate: 1 of 3 nodes "
          "unhealthy (n03), more than MaxPercentageUnhealthyNodes 0%)");
    CHECK(h.node(0).result == NodeResult::Deferred);
    // Re-checked every 5 minutes while a 60-minute node could still fit before the end.
    const auto checks = h.driver.of(Operation::Health, "");
    CHECK(checks.size() == 13);
    CHECK(checks.back().at == k_start + Minutes{60});
  }

  TEST_CASE("the cycle resumes once the cluster is healthy again") {
    Harness h{make_policy(policy::ApprovalPolicy::NodeWise), make_cluster(2, 1, 60)};
    h.driver.unhealthy = {"n02"};
    CHECK(h.executor.run_until(k_start + Minutes{12}) == RunStatus::Running);
    CHECK(h.driver.of(Operation::Drain).empty());
    h.driver.unhealthy.clear();
    CHECK(h.run() == RunStatus::Completed);
    const auto drains = h.driver.of(Operation::Drain);
    REQUIRE(drains.size() == 2);
    CHECK(drains[0].at == k_start + Minutes{15});
  }

  TEST_CASE("MaxPercentageUnhealthyNodes tolerates its share, and drained nodes do not count") {
    policy::PatchPolicy policy = make_policy(policy::ApprovalPolicy::UpgradeDomainWise);
    policy.max_percentage_unhealthy_nodes = 25;
    Harness h{policy, make_cluster(4, 1, 60)};
    h.driver.unhealthy = {"n01"};
    CHECK(h.run() == RunStatus::Completed);
    CHECK(h.driver.of(Operation::Drain).size() == 4);
  }

  TEST_CASE("a node is started only if it fits the window; the rest waits for the next one") {
    policy::PatchPolicy policy = make_policy(policy::ApprovalPolicy::NodeWise);
    Harness h{policy, make_cluster(3, 1, 60), k_start + Minutes{150}};
    h.driver.script = install_minutes(h.driver, 60);
    CHECK(h.run() == RunStatus::WindowClosed);
    CHECK(h.node(0).result == NodeResult::Succeeded);
    CHECK(h.node(1).result == NodeResult::Succeeded);
    CHECK(h.node(2).result == NodeResult::Deferred);
    CHECK(h.driver.of(Operation::Drain).size() == 2);

    const Instant next = k_start + std::chrono::days{7};
    h.clock.advance_to(next);
    h.executor.open_window({next, next + Minutes{150}});
    CHECK(h.executor.run_until(next + std::chrono::days{1}) == RunStatus::Completed);
    CHECK(h.driver.of(Operation::Drain, "n01").size() == 1);  // not redone
    const auto third = h.driver.of(Operation::Drain, "n03");
    REQUIRE(third.size() == 1);
    CHECK(third[0].at == next);
    CHECK(h.node(2).result == NodeResult::Succeeded);
  }

  TEST_CASE("the filters decide what is installed; a node with nothing is never drained") {
    policy::PatchPolicy policy = make_policy(policy::ApprovalPolicy::NodeWise);
    policy.exclude_updates = {"KB2"};
    Harness h{policy, make_cluster(1, 1, 60)};
    h.driver.updates = {test::update("11111111-0000-0000-0000-000000000002", "KB2")};
    CHECK(h.run() == RunStatus::Completed);
    CHECK(operations_of(h.driver, "n01") == std::vector<std::string>{"Search"});
    CHECK(h.node(0).result == NodeResult::NothingToInstall);
  }

  TEST_CASE("an update failing QuarantineAfterFailures cycles in a row is skipped and reported") {
    policy::PatchPolicy policy = make_policy(policy::ApprovalPolicy::NodeWise);
    policy.quarantine_after_failures = 2;
    policy.operation_retry_count = 1;
    policy.reschedule_count = 0;
    policy.max_failed_nodes = 10;
    const std::string bad = "11111111-0000-0000-0000-00000000000b";
    QuarantineLedger ledger;
    for (int cycle = 1; cycle <= 3; ++cycle) {
      Harness h{policy, make_cluster(1, 1, 60), std::nullopt, ledger};
      h.driver.updates.push_back(test::update(bad, "KB9"));
      h.driver.script = [&](const driver::Call& call, Seconds&) {
        Outcome outcome = h.driver.default_outcome(call);
        if (call.operation != Operation::Install) return outcome;
        bool has_bad = false;
        for (const auto& id : call.updates.value()) has_bad = has_bad || id == bad;
        if (has_bad) {
          outcome.status = CallStatus::Failed;
          outcome.reply = driver::InstallReply{{{bad, 2, 5}}, false};
        }
        return outcome;
      };
      h.run();
      ledger = h.executor.state().quarantine;
      if (cycle < 3) {
        CHECK(h.node(0).result == NodeResult::Failed);
        CHECK(ledger["n01"][bad] == cycle);  // counted once per cycle, not per retry
      } else {
        CHECK(h.node(0).result == NodeResult::Succeeded);
        CHECK(h.node(0).quarantined == std::vector<std::string>{bad});
        REQUIRE(h.journal.quarantines.size() == 1);
        CHECK(h.journal.quarantines[0].quarantined);
      }
    }
  }

  TEST_CASE("a restored cycle resumes a drained node and does not redo finished ones") {
    policy::PatchPolicy policy = make_policy(policy::ApprovalPolicy::NodeWise);
    policy::Cluster cluster = make_cluster(3, 1, 60);
    CycleState crashed;
    {
      Harness h{policy, cluster};
      h.driver.script = install_minutes(h.driver, 60);
      h.executor.run_until(k_start + Minutes{90});  // n01 done, n02 installing
      REQUIRE(h.journal.last_state.has_value());
      crashed = *h.journal.last_state;  // what was stored (daemon::StoreJournal round-trips it)
    }
    CHECK(crashed.nodes[0].result == NodeResult::Succeeded);
    CHECK(crashed.nodes[1].sub_state == SubState::Installing);
    VirtualClock clock{k_start + Minutes{95}};
    RecordingDriver driver{clock};
    RecordingJournal journal{&clock};
    auto executor = Executor::restore(CycleSetup{policy, cluster, {k_start, {}}, "p@1", {}, {}},
                                      crashed, driver, clock, journal);
    CHECK(executor->run_until(k_start + std::chrono::days{1}) == RunStatus::Completed);
    CHECK(driver.of(Operation::Drain, "n01").empty());
    CHECK(operations_of(driver, "n02") == std::vector<std::string>{"Install", "Resume"});
    CHECK(executor->state().nodes[2].result == NodeResult::Succeeded);
  }

  TEST_CASE("a pause lets the node in flight finish and be resumed; resume redoes nothing") {
    policy::PatchPolicy policy = make_policy(policy::ApprovalPolicy::NodeWise);
    policy::Cluster cluster = make_cluster(3, 1, 60);
    CycleState paused;
    {
      Harness h{policy, cluster};
      h.driver.script = install_minutes(h.driver, 60);
      CHECK(h.executor.run_until(k_start + Minutes{90}) == RunStatus::Running);
      REQUIRE(h.node(1).sub_state == SubState::Installing);  // n01 done, n02 installing
      h.executor.set_pausing(true);
      CHECK(h.executor.run_until(k_start + std::chrono::days{1}) == RunStatus::Paused);
      // n02 finished its attempt and was resumed; n03 was never drained.
      CHECK(operations_of(h.driver, "n02") ==
            std::vector<std::string>{"Search", "Download", "Drain", "Install", "Resume"});
      CHECK(h.driver.of(Operation::Drain, "n03").empty());
      for (const NodeTask& node : h.executor.state().nodes) CHECK_FALSE(is_down(node.sub_state));
      CHECK(h.executor.state().wait_reason.find("pausing") == 0);
      REQUIRE(h.journal.last_state.has_value());
      paused = *h.journal.last_state;
    }
    // Resumed later from what was stored: n01 and n02 are not patched again.
    VirtualClock clock{k_start + std::chrono::hours{5}};
    RecordingDriver driver{clock};
    RecordingJournal journal{&clock};
    auto executor = Executor::restore(CycleSetup{policy, cluster, {k_start, {}}, "p@1", {}, {}},
                                      paused, driver, clock, journal);
    CHECK(executor->run_until(k_start + std::chrono::days{1}) == RunStatus::Completed);
    CHECK(driver.of(Operation::Install, "n01").empty());
    CHECK(driver.of(Operation::Install, "n02").empty());
    CHECK(driver.of(Operation::Install, "n03").size() == 1);
    CHECK(executor->state().nodes[2].result == NodeResult::Succeeded);
  }

  TEST_CASE("a pause undone before it completes goes on as if nothing happened") {
    policy::PatchPolicy policy = make_policy(policy::ApprovalPolicy::NodeWise);
    Harness h{policy, make_cluster(3, 1, 60)};
    h.driver.script = install_minutes(h.driver, 60);
    CHECK(h.executor.run_until(k_start + Minutes{30}) == RunStatus::Running);
    h.executor.set_pausing(true);
    CHECK(h.executor.run_until(k_start + Minutes{40}) == RunStatus::Running);  // n01 installs
    h.executor.set_pausing(false);
    CHECK(h.run() == RunStatus::Completed);
    for (const NodeTask& node : h.executor.state().nodes) {
      CHECK(node.result == NodeResult::Succeeded);
    }
    CHECK(h.driver.of(Operation::Install).size() == 3);
  }

  TEST_CASE("results carry what POA's GetWindowsUpdateResults needs, capped at MaxResultsToCache") {
    policy::PatchPolicy policy = make_policy(policy::ApprovalPolicy::NodeWise);
    policy.max_results_to_cache = 3;
    Harness h{policy, make_cluster(2, 1, 60)};
    h.run();
    const auto& results = h.executor.state().results;
    REQUIRE(results.size() == 3);  // 2 nodes × (search, install), oldest dropped
    const OperationRecord& install = results[0];
    CHECK(install.node == "n01");
    CHECK(install.type == OperationType::Installation);
    CHECK(install.result == OperationResult::Succeeded);
    CHECK(install.query == "IsInstalled=0");
    CHECK(install.frequency == "Weekly,Wednesday,7:00:00");
    REQUIRE(install.updates.size() >= 1);
    CHECK(install.updates[0].update_id == "11111111-0000-0000-0000-000000000001");
    CHECK_FALSE(install.reboot_required);
    CHECK(results[2].node == "n02");
  }

  TEST_CASE("a poison Install reply is a failed call: the node is resumed and the cycle goes on") {
    policy::PatchPolicy policy = make_policy(policy::ApprovalPolicy::NodeWise);
    policy.operation_retry_count = 1;
    policy.reschedule_count = 0;
    policy.max_failed_nodes = 1;
    Harness h{policy, make_cluster(2, 1, 60)};
    h.driver.script = [&](const driver::Call& call, Seconds&) {
      if (call.operation == Operation::Install && call.node == "n01") {
        return exec_outcome(call, R"({"Updates": "all", "RebootRequired": false})");
      }
      return h.driver.default_outcome(call);
    };
    CHECK(h.run() == RunStatus::Completed);
    CHECK(operations_of(h.driver, "n01") ==
          std::vector<std::string>{"Search", "Download", "Drain", "Install", "Resume"});
    CHECK(h.node(0).result == NodeResult::Failed);
    CHECK(h.node(0).message ==
          "install failed: ProtocolError: reply field 'Updates': expected a list, got string");
    // Never recorded as succeeded.
    const auto& results = h.executor.state().results;
    const auto found = std::find_if(results.begin(), results.end(), [](const auto& r) {
      return r.node == "n01" && r.type == OperationType::Installation;
    });
    REQUIRE(found != results.end());
    const OperationRecord& record = *found;
    CHECK(record.result == OperationResult::Failed);
    REQUIRE(record.updates.size() == 1);
    CHECK(record.updates[0].result == OperationResult::Failed);
    // The next node is patched.
    CHECK(h.node(1).result == NodeResult::Succeeded);
    CHECK(h.driver.of(Operation::Resume, "n02").size() == 1);
  }

  TEST_CASE("every poison reply class on Install fails the node and resumes it") {
    for (const char* poison : {R"({"Updates": [{"UpdateId": "11111111-0000-0000-0000-000000000001",
                           "ResultCode": "0"}]})",
                               R"({"Updates": [{"UpdateId": "11111111-0000-0000-0000-000000000001",
                           "ResultCode": 1e400}]})",
                               R"({"Updates": [], "RebootRequired": "true"})", "[]", "null",
                               "{\"Updates\": [", "not json"}) {
      CAPTURE(poison);
      policy::PatchPolicy policy = make_policy(policy::ApprovalPolicy::NodeWise);
      policy.operation_retry_count = 0;
      policy.reschedule_count = 0;
      policy.max_failed_nodes = 1;
      Harness h{policy, make_cluster(1, 1, 60)};
      h.driver.script = [&](const driver::Call& call, Seconds&) {
        if (call.operation == Operation::Install) return exec_outcome(call, poison);
        return h.driver.default_outcome(call);
      };
      CHECK(h.run() == RunStatus::Completed);
      CHECK(h.node(0).result == NodeResult::Failed);
      CHECK(h.node(0).message.find("install failed: ProtocolError: ") == 0);
      CHECK(h.driver.calls.back().operation == Operation::Resume);
    }
  }

  TEST_CASE("a poison Health reply after the reboot fails the node at the timeout, resumed") {
    policy::PatchPolicy policy = make_policy(policy::ApprovalPolicy::NodeWise);
    policy.reboot = policy::RebootPolicy::Always;
    policy.reschedule_count = 0;
    policy.reboot_timeout = Minutes{5};
    policy.max_failed_nodes = 1;
    Harness h{policy, make_cluster(1, 1, 60)};
    h.driver.script = [&](const driver::Call& call, Seconds&) {
      if (call.operation == Operation::Health && !call.node.empty()) {
        return exec_outcome(call, R"({"Healthy": "true"})");
      }
      return h.driver.default_outcome(call);
    };
    CHECK(h.run() == RunStatus::Completed);
    CHECK(h.driver.of(Operation::Health, "n01").size() == 6);
    CHECK(h.driver.calls.back().operation == Operation::Resume);
    CHECK(h.node(0).result == NodeResult::Failed);
    CHECK(h.node(0).message ==
          "node not healthy within RebootTimeoutInMinutes 5 (last health check: ProtocolError: "
          "reply field 'Healthy': expected a boolean, got string)");
  }

  TEST_CASE("a poison cluster Health reply holds the gate, saying why") {
    Harness h{make_policy(policy::ApprovalPolicy::NodeWise), make_cluster(2, 1, 60)};
    h.driver.script = [&](const driver::Call& call, Seconds&) {
      if (call.operation == Operation::Health && call.node.empty()) {
        return exec_outcome(call, R"({"Unhealthy": [1e400]})");
      }
      return h.driver.default_outcome(call);
    };
    CHECK(h.executor.run_until(k_start + Minutes{12}) == RunStatus::Running);
    CHECK(h.driver.of(Operation::Drain).empty());
    const auto& events = h.journal.cycle_events;
    CHECK(std::count(events.begin(), events.end(),
                     "waiting: cluster health unavailable: ProtocolError: reply field "
                     "'Unhealthy[0]': number overflow parsing '1e400'") == 1);
  }
}

}  // namespace pw::rollout
