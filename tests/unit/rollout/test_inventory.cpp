// Inventory at a cycle's start for a cluster without `Nodes`, against the recording fake
// driver: its nodes are the cycle's; a failed or invalid inventory stops the cycle with the
// reason, never an empty Completed cycle.
#include "harness.hpp"

#include <doctest/doctest.h>

namespace pw::rollout {
namespace {

using driver::CallStatus;
using driver::InventoryNode;
using driver::Operation;
using driver::Outcome;
using test::Harness;
using test::k_start;
using test::make_cluster;
using test::make_policy;
using test::operations_of;

policy::Cluster inventory_cluster() {
  policy::Cluster cluster = make_cluster(0, 1, 60);
  cluster.driver = policy::DriverKind::Exec;
  cluster.domain = "fabrikam.com";
  return cluster;
}

Harness& with_inventory(Harness& h, std::vector<InventoryNode> nodes) {
  h.driver.inventory = std::move(nodes);
  return h;
}

}  // namespace

TEST_SUITE("rollout::Executor inventory") {
  TEST_CASE("a cluster without Nodes patches the nodes Inventory reports, domains and all") {
    policy::PatchPolicy policy = make_policy(policy::ApprovalPolicy::UpgradeDomainWise);
    Harness h{policy, inventory_cluster()};
    with_inventory(h, {{"hv01", "rack-a", {}}, {"hv02", "rack-b", {}}, {"hv03", "rack-a", {}}});
    CHECK(h.run() == RunStatus::Completed);
    REQUIRE(h.driver.calls.size() > 1);
    CHECK(h.driver.calls.front().operation == Operation::Inventory);
    CHECK(h.driver.calls.front().node.empty());
    REQUIRE(h.executor.state().nodes.size() == 3);
    CHECK(h.node(1).node == "hv02");
    CHECK(h.node(1).upgrade_domain == "rack-b");
    for (std::size_t i = 0; i < 3; ++i) CHECK(h.node(i).result == NodeResult::Succeeded);
    CHECK(operations_of(h.driver, "hv03") ==
          std::vector<std::string>{"Search", "Download", "Drain", "Install", "Resume"});
    // The stored snapshot holds the nodes once Inventory answered.
    REQUIRE(h.journal.last_state.has_value());
    CHECK(h.journal.last_state->nodes.size() == 3);
  }

  TEST_CASE("a failing Inventory stops the cycle with the reason, nothing else is called") {
    Harness h{make_policy(policy::ApprovalPolicy::NodeWise), inventory_cluster()};
    h.driver.script = [](const driver::Call&, Seconds&) {
      return Outcome{CallStatus::Failed, {}, "exit 2: cannot reach the cluster", {}};
    };
    CHECK(h.run() == RunStatus::Failed);
    CHECK(h.driver.calls.size() == 1);
    CHECK(h.executor.state().halt_reason ==
          "Inventory failed: Failed: exit 2: cannot reach the cluster");
    CHECK(h.executor.state().nodes.empty());
  }

  TEST_CASE("an empty Inventory is a failed cycle, not an empty completed one") {
    Harness h{make_policy(policy::ApprovalPolicy::NodeWise), inventory_cluster()};
    CHECK(h.run() == RunStatus::Failed);
    CHECK(h.executor.state().halt_reason == "Inventory failed: the driver reported no nodes");
  }

  TEST_CASE("inventory nodes pass the checks of a cluster file's Nodes") {
    const auto reason = [](std::vector<InventoryNode> nodes) {
      Harness h{make_policy(policy::ApprovalPolicy::NodeWise), inventory_cluster()};
      with_inventory(h, std::move(nodes));
      CHECK(h.run() == RunStatus::Failed);
      CHECK(h.driver.of(Operation::Search).empty());
      return h.executor.state().halt_reason;
    };
    CHECK(reason({{"hv01", "", {}}, {"hv 02; rm -rf /", "", {}}}) ==
          "Inventory failed: node 2: 'hv 02; rm -rf /' is not a valid node name: use 1 to 63 "
          "letters, digits and '-', starting and ending with a letter or digit (it is "
          "substituted into commands) [node-name]");
    CHECK(reason({{"hv01", "", {}}, {"HV01", "", {}}, {"hv01", "", {}}}) ==
          "Inventory failed: node 2: node name 'HV01' is already used by node 1 [duplicate-node] "
          "(and 1 more problems)");
    CHECK(reason({{"hv01", "a\nb", {}}, {"hv02", "", {}}}) ==
          "Inventory failed: node 1: upgrade domain 'a\nb' is not a valid name: use at most 63 "
          "printable characters [upgrade-domain]");
    CHECK(reason({{"hv01", "", {}}}) ==
          "Inventory failed: cluster 'c' has one node; it cannot be patched without downtime "
          "(add nodes, or patch it outside patchwarden)");
  }

  TEST_CASE("a cycle stopped before Inventory answered asks again when restored") {
    policy::PatchPolicy policy = make_policy(policy::ApprovalPolicy::NodeWise);
    const policy::Cluster cluster = inventory_cluster();
    CycleState crashed;
    {
      Harness h{policy, cluster};
      h.driver.script = [](const driver::Call&, Seconds& duration) {
        duration = Minutes{10};
        return Outcome{CallStatus::Failed, {}, "never seen", {}};
      };
      h.executor.run_until(k_start + Minutes{5});
      REQUIRE(h.journal.last_state.has_value());
      crashed = *h.journal.last_state;
    }
    CHECK(crashed.nodes.empty());
    VirtualClock clock{k_start + Minutes{6}};
    test::RecordingDriver driver{clock};
    driver.inventory = {{"hv01", "", {}}, {"hv02", "", {}}};
    RecordingJournal journal{&clock};
    auto executor = Executor::restore(CycleSetup{policy, cluster, {k_start, {}}, "p@1", {}, {}},
                                      crashed, driver, clock, journal);
    CHECK(executor->run_until(k_start + std::chrono::days{1}) == RunStatus::Completed);
    CHECK(driver.of(Operation::Inventory).size() == 1);
    CHECK(driver.of(Operation::Drain).size() == 2);
  }

  TEST_CASE("a restored inventory cycle keeps its nodes and their FQDNs without asking again") {
    policy::PatchPolicy policy = make_policy(policy::ApprovalPolicy::NodeWise);
    const policy::Cluster cluster = inventory_cluster();
    CycleState crashed;
    {
      Harness h{policy, cluster};
      with_inventory(h, {{"hv01", "", {}}, {"hv02", "", {}}});
      h.driver.script = test::install_minutes(h.driver, 60);
      h.executor.run_until(k_start + Minutes{30});
      REQUIRE(h.journal.last_state.has_value());
      crashed = *h.journal.last_state;
    }
    REQUIRE(crashed.nodes.size() == 2);
    VirtualClock clock{k_start + Minutes{31}};
    test::RecordingDriver driver{clock};
    std::vector<std::string> fqdns;
    driver.script = [&](const driver::Call& call, Seconds&) {
      if (!call.node.empty()) fqdns.push_back(call.fqdn);
      return driver.default_outcome(call);
    };
    RecordingJournal journal{&clock};
    auto executor = Executor::restore(CycleSetup{policy, cluster, {k_start, {}}, "p@1", {}, {}},
                                      crashed, driver, clock, journal);
    CHECK(executor->run_until(k_start + std::chrono::days{1}) == RunStatus::Completed);
    CHECK(driver.of(Operation::Inventory).empty());
    REQUIRE_FALSE(fqdns.empty());
    CHECK(fqdns.front() == "hv01.fabrikam.com");
  }
}

}  // namespace pw::rollout

namespace pw::rollout {

TEST_SUITE("rollout::Executor node selection") {
  TEST_CASE("NodeSelector holds back nodes whose labels do not match: never called") {
    policy::PatchPolicy policy = test::make_policy(policy::ApprovalPolicy::NodeWise);
    policy.node_selector = {{"Clustered", "true"}};
    policy::Cluster cluster = test::make_cluster(3, 1, 60);
    cluster.nodes[0].labels = {{"Clustered", "true"}};
    cluster.nodes[1].labels = {{"Clustered", "false"}};
    cluster.nodes[2].labels = {{"Clustered", "true"}};
    test::Harness h{policy, cluster};
    CHECK(h.run() == RunStatus::Completed);
    CHECK(test::operations_of(h.driver, "n02").empty());
    CHECK(h.node(1).result == NodeResult::HeldBack);
    CHECK(h.node(1).message == "held back: label Clustered is 'false', NodeSelector wants 'true'");
    CHECK(h.node(0).result == NodeResult::Succeeded);
    CHECK(h.node(2).result == NodeResult::Succeeded);
  }

  TEST_CASE("inventory labels decide the selection too") {
    policy::PatchPolicy policy = test::make_policy(policy::ApprovalPolicy::NodeWise);
    policy.node_selector = {{"Role", "hyperv"}};
    test::Harness h{policy, inventory_cluster()};
    h.driver.inventory = {{"hv01", "", {{"Role", "hyperv"}}},
                          {"web01", "", {{"Role", "web"}}},
                          {"hv02", "", {{"Role", "hyperv"}}}};
    CHECK(h.run() == RunStatus::Completed);
    CHECK(h.driver.of(driver::Operation::Search, "web01").empty());
    CHECK(h.node(1).result == NodeResult::HeldBack);
    CHECK(h.driver.of(driver::Operation::Drain).size() == 2);
  }
}

}  // namespace pw::rollout
