#include "fixtures.hpp"
#include "rollout/planner.hpp"
#include "rollout/update_filter.hpp"

#include <doctest/doctest.h>

namespace pw::rollout {

using test::at;

namespace {

std::vector<NodeTask> waiting(const std::vector<int>& minutes, const std::string& domain) {
  std::vector<NodeTask> nodes;
  for (std::size_t i = 0; i < minutes.size(); ++i) {
    NodeTask task;
    task.node = "n" + std::to_string(i);
    task.upgrade_domain = domain;
    task.sub_state = SubState::WaitingForApproval;
    task.expected_minutes = minutes[i];
    task.ready_since = at("2026-12-02T07:00:00Z") + Seconds{static_cast<int>(10 - i)};
    nodes.push_back(task);
  }
  return nodes;
}

// A cluster whose budget does not limit the policy (the Planner tests below are about policies).
policy::Cluster unlimited_cluster() {
  policy::Cluster cluster;
  cluster.max_unavailable = {policy::MaxUnavailable::Kind::Percent, 100};
  return cluster;
}

}  // namespace

TEST_SUITE("rollout::domain_capacity") {
  using policy::MaxUnavailable;
  using Kind = MaxUnavailable::Kind;

  TEST_CASE("the smaller of the policy's and the cluster's budget") {
    CHECK(domain_capacity({Kind::Count, 3}, 4, {Kind::Count, 2}, 20) == 2);
    CHECK(domain_capacity({Kind::Count, 2}, 4, {Kind::Count, 5}, 20) == 2);
    CHECK(domain_capacity({Kind::Count, 9}, 4, {Kind::Count, 9}, 20) == 4);  // the domain's size
  }

  TEST_CASE("a policy without MaxUnavailable gets the whole domain, capped by the cluster") {
    CHECK(domain_capacity({}, 4, {Kind::Count, 1}, 8) == 1);
    CHECK(domain_capacity({}, 4, {Kind::Percent, 100}, 8) == 4);
  }

  TEST_CASE("percentages resolve against the domain (policy) and the cluster (cluster)") {
    // Policy 50% of a 4-node domain = 2; cluster 10% of 40 nodes = 4.
    CHECK(domain_capacity({Kind::Percent, 50}, 4, {Kind::Percent, 10}, 40) == 2);
    // Cluster 10% of 20 nodes = 2; policy 100% of an 8-node domain = 8.
    CHECK(domain_capacity({Kind::Percent, 100}, 8, {Kind::Percent, 10}, 20) == 2);
    // Rounded down but never below one node.
    CHECK(domain_capacity({Kind::Percent, 100}, 8, {Kind::Percent, 1}, 20) == 1);
  }
}

TEST_SUITE("rollout::Planner") {
  TEST_CASE("the cluster's budget caps UpgradeDomainWise in a cluster without domains") {
    const policy::PatchPolicy policy =
        test::make_policy(policy::ApprovalPolicy::UpgradeDomainWise);  // no MaxUnavailable
    auto nodes = waiting({40, 80, 60, 50}, "");
    policy::Cluster cluster;  // default budget: 1
    Planner planner{policy, cluster, nodes};
    const Approval first = planner.decide(nodes, at("2026-12-02T07:00:00Z"), std::nullopt);
    CHECK(first.approve == std::vector<std::size_t>{1});
    nodes[1].sub_state = SubState::Draining;
    CHECK(planner.decide(nodes, at("2026-12-02T07:01:00Z"), std::nullopt).approve.empty());
    nodes[1].sub_state = SubState::Finished;
    CHECK(planner.decide(nodes, at("2026-12-02T08:00:00Z"), std::nullopt).approve ==
          std::vector<std::size_t>{2});
  }

  TEST_CASE("a cluster budget of 2 lets a policy with MaxUnavailable 3 take 2 nodes") {
    policy::PatchPolicy policy = test::make_policy(policy::ApprovalPolicy::UpgradeDomainWise);
    policy.max_unavailable = {policy::MaxUnavailable::Kind::Count, 3};
    const auto nodes = waiting({40, 80, 60, 50}, "ud1");
    policy::Cluster cluster;
    cluster.max_unavailable = {policy::MaxUnavailable::Kind::Count, 2};
    Planner planner{policy, cluster, nodes};
    CHECK(planner.decide(nodes, at("2026-12-02T07:00:00Z"), std::nullopt).approve ==
          std::vector<std::size_t>{1, 2});
  }

  TEST_CASE("UpgradeDomainWise approves longest first, up to MaxUnavailable") {
    policy::PatchPolicy policy = test::make_policy(policy::ApprovalPolicy::UpgradeDomainWise);
    policy.max_unavailable = {policy::MaxUnavailable::Kind::Count, 2};
    const auto nodes = waiting({40, 80, 60, 50}, "ud1");
    Planner planner{policy, unlimited_cluster(), nodes};
    const Approval approval = planner.decide(nodes, at("2026-12-02T07:00:00Z"), std::nullopt);
    CHECK(approval.approve == std::vector<std::size_t>{1, 2});
    CHECK(planner.active_domain() == "ud1");
  }

  TEST_CASE("NodeWise approves the oldest waiting node, one at a time") {
    const policy::PatchPolicy policy = test::make_policy(policy::ApprovalPolicy::NodeWise);
    auto nodes = waiting({40, 80, 60}, "");
    Planner planner{policy, unlimited_cluster(), nodes};
    CHECK(planner.decide(nodes, at("2026-12-02T08:00:00Z"), {}).approve ==
          std::vector<std::size_t>{2});
    nodes[2].sub_state = SubState::Installing;
    CHECK(planner.decide(nodes, at("2026-12-02T08:00:00Z"), {}).approve.empty());
  }

  TEST_CASE("a node that does not fit before the window end is not approved") {
    const policy::PatchPolicy policy = test::make_policy(policy::ApprovalPolicy::UpgradeDomainWise);
    const auto nodes = waiting({90, 30}, "ud1");
    Planner planner{policy, unlimited_cluster(), nodes};
    const Approval approval =
        planner.decide(nodes, at("2026-12-02T07:00:00Z"), at("2026-12-02T08:00:00Z"));
    CHECK(approval.approve == std::vector<std::size_t>{1});
    const Approval late =
        planner.decide(nodes, at("2026-12-02T07:45:00Z"), at("2026-12-02T08:00:00Z"));
    CHECK(late.approve.empty());
    CHECK(late.window_exhausted);
  }

  TEST_CASE("domains go in natural order and one at a time") {
    CHECK(natural_less("UD2", "UD10"));
    CHECK_FALSE(natural_less("UD10", "UD2"));
    CHECK(natural_less("a", "b"));
    CHECK(natural_less("ud1", "ud01x"));
    const policy::PatchPolicy policy = test::make_policy(policy::ApprovalPolicy::UpgradeDomainWise);
    auto nodes = waiting({10, 10}, "UD10");
    auto second = waiting({10}, "UD2");
    second[0].node = "m0";
    nodes.push_back(second[0]);
    Planner planner{policy, unlimited_cluster(), nodes};
    CHECK(planner.decide(nodes, at("2026-12-02T07:00:00Z"), {}).approve ==
          std::vector<std::size_t>{2});
    CHECK(planner.active_domain() == "UD2");
  }

  TEST_CASE("expected minutes: history average, else PatchMinutes, else the estimate") {
    policy::Cluster cluster = test::make_cluster(1, 1, 70);
    policy::Node node = cluster.nodes[0];
    CHECK(expected_minutes({}, node, cluster) == 70);
    node.patch_minutes = 55;
    CHECK(expected_minutes({}, node, cluster) == 55);
    const PatchHistory history{{node.name, {1000, 10, 20, 30, 40, 50}}};
    CHECK(expected_minutes(history, node, cluster) == 30);  // last 5 only
    cluster.driver = policy::DriverKind::Exec;
    node.patch_minutes.reset();
    CHECK(expected_minutes({}, node, cluster) == k_default_patch_minutes);
  }

  TEST_CASE("the health gate says who is unhealthy and against which limit") {
    CHECK(health_gate_failure({}, 10, 0).empty());
    CHECK(health_gate_failure({"a"}, 10, 10).empty());
    CHECK(health_gate_failure({"a", "b"}, 10, 10) ==
          "health gate: 2 of 10 nodes unhealthy (a, b), more than MaxPercentageUnhealthyNodes "
          "10%");
  }
}

TEST_SUITE("rollout::select_updates") {
  const UpdateRecord os =
      test::update("00000000-0000-0000-0000-00000000000a", "KB10", {k_os_category_id});
  const UpdateRecord other = test::update("00000000-0000-0000-0000-00000000000b", "KB11",
                                          {"e6cf1350-c01b-414d-a61f-263d14d133b4"});

  TEST_CASE("WUQuery, OS-only, categories, EULA and include/exclude lists filter updates") {
    policy::PatchPolicy policy = test::make_policy(policy::ApprovalPolicy::NodeWise);
    std::vector<UpdateRecord> reported{os, other};
    CHECK(select_updates(policy, reported, {}).install.size() == 2);
    policy.install_os_only_updates = true;
    CHECK(select_updates(policy, reported, {}).install[0].update_id == os.update_id);
    policy.install_os_only_updates = false;
    policy.category_ids = {"E6CF1350-C01B-414D-A61F-263D14D133B4"};
    CHECK(select_updates(policy, reported, {}).install[0].update_id == other.update_id);
    policy.category_ids.clear();
    policy.exclude_updates = {"kb10"};
    CHECK(select_updates(policy, reported, {}).install.size() == 1);
    policy.exclude_updates.clear();
    policy.include_updates = {other.update_id};
    CHECK(select_updates(policy, reported, {}).install[0].update_id == other.update_id);
    policy.include_updates.clear();
    reported[0].eula_accepted = false;
    policy.accept_eula = false;
    CHECK(select_updates(policy, reported, {}).install.size() == 1);
    reported[1].is_installed = true;
    CHECK(select_updates(policy, reported, {}).install.empty());  // IsInstalled=0
  }

  TEST_CASE("an update failed QuarantineAfterFailures cycles in a row is quarantined") {
    policy::PatchPolicy policy = test::make_policy(policy::ApprovalPolicy::NodeWise);
    const std::vector<UpdateRecord> reported{os, other};
    const std::map<std::string, int> failures{{os.update_id, 3}, {other.update_id, 2}};
    const UpdateSelection selection = select_updates(policy, reported, failures);
    CHECK(selection.quarantined == std::vector<std::string>{os.update_id});
    CHECK(selection.install.size() == 1);
    policy.quarantine_after_failures = 0;  // never
    CHECK(select_updates(policy, reported, failures).quarantined.empty());
  }
}

}  // namespace pw::rollout
