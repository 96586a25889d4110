// POA's documented example and the ordering claim, on the SimulatedDriver.
#include "fixtures.hpp"
#include "rollout/simulation.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <numeric>

namespace pw::rollout {
namespace {

using test::at;
using test::make_cluster;
using test::make_policy;

const Window k_window{at("2026-12-02T07:00:00Z"), std::nullopt};

// Makespan when the executor does not know the per-node times (every node expected alike, so
// inside a domain they go in name order, as POA orders them) versus when it does.
struct Ordering {
  double name_order = 0;
  double longest_first = 0;
  double lower_bound = 0;
};

Ordering compare_orderings(const std::vector<int>& minutes, int domains, int max_unavailable) {
  policy::PatchPolicy policy = make_policy(policy::ApprovalPolicy::UpgradeDomainWise);
  policy.max_unavailable = {policy::MaxUnavailable::Kind::Count, max_unavailable};
  policy::Cluster blind = make_cluster(static_cast<int>(minutes.size()), domains, 60);
  policy::Cluster known = blind;
  for (std::size_t i = 0; i < minutes.size(); ++i) known.nodes[i].patch_minutes = minutes[i];
  Ordering result;
  for (const bool with_times : {false, true}) {
    VirtualClock clock{k_window.start};
    driver::SimulatedDriver driver{simulation_spec(known), clock};
    NullJournal journal;
    Executor executor{CycleSetup{policy, with_times ? known : blind, k_window, "x", {}, {}}, driver,
                      clock, journal};
    REQUIRE(executor.run_until(k_window.start + std::chrono::days{10}) == RunStatus::Completed);
    (with_times ? result.longest_first : result.name_order) = makespan_minutes(executor.state());
  }
  const std::size_t per_domain = minutes.size() / static_cast<std::size_t>(domains);
  for (std::size_t d = 0; d < static_cast<std::size_t>(domains); ++d) {
    const auto begin = minutes.begin() + static_cast<std::ptrdiff_t>(d * per_domain);
    const auto end = begin + static_cast<std::ptrdiff_t>(per_domain);
    const double total = std::accumulate(begin, end, 0.0);
    result.lower_bound += std::max(total / max_unavailable, double(*std::max_element(begin, end)));
  }
  return result;
}

// Every node's result and times, to compare whole runs.
std::string trace(const CycleState& state) {
  std::string text;
  const auto when = [](const std::optional<Instant>& instant) {
    return instant ? format_utc(*instant) : std::string{"-"};
  };
  for (const NodeTask& task : state.nodes) {
    text += task.node + " " + std::string(to_string(task.result)) + " " + when(task.started_at) +
            " " + when(task.finished_at) + "\n";
  }
  return text;
}

}  // namespace

TEST_SUITE("rollout::simulate_cycle") {
  TEST_CASE("POA's example: 20 nodes, 5 domains, 60 minutes each, NodeWise takes 1200 minutes") {
    const SimulationRun run = simulate_cycle(make_policy(policy::ApprovalPolicy::NodeWise),
                                             make_cluster(20, 5, 60), k_window);
    CHECK(run.status == RunStatus::Completed);
    CHECK(run.makespan_minutes == doctest::Approx(1200));
    for (const SimulatedNodeRun& node : run.nodes) CHECK(node.result == NodeResult::Succeeded);
  }

  TEST_CASE("POA's example: UpgradeDomainWise takes 300 minutes") {
    const SimulationRun run = simulate_cycle(make_policy(policy::ApprovalPolicy::UpgradeDomainWise),
                                             make_cluster(20, 5, 60), k_window);
    CHECK(run.status == RunStatus::Completed);
    CHECK(run.makespan_minutes == doctest::Approx(300));
    // Domains go one at a time in order: ud1's nodes all end before ud2's start.
    CHECK(*run.nodes[3].end <= *run.nodes[4].start);
  }

  TEST_CASE("POA's example: UpgradeDomainWise with MaxUnavailable 2 takes 600 minutes") {
    policy::PatchPolicy policy = make_policy(policy::ApprovalPolicy::UpgradeDomainWise);
    policy.max_unavailable = {policy::MaxUnavailable::Kind::Count, 2};
    const SimulationRun run = simulate_cycle(policy, make_cluster(20, 5, 60), k_window);
    CHECK(run.makespan_minutes == doctest::Approx(600));
  }

  TEST_CASE("the cluster's budget caps UpgradeDomainWise: one node at a time by default") {
    policy::Cluster cluster = make_cluster(20, 5, 60);
    cluster.max_unavailable = policy::Cluster{}.max_unavailable;  // the default: 1
    const SimulationRun run =
        simulate_cycle(make_policy(policy::ApprovalPolicy::UpgradeDomainWise), cluster, k_window);
    CHECK(run.status == RunStatus::Completed);
    CHECK(run.makespan_minutes == doctest::Approx(1200));
    // Never two nodes down at once.
    for (std::size_t i = 0; i < run.nodes.size(); ++i) {
      for (std::size_t j = i + 1; j < run.nodes.size(); ++j) {
        const bool overlap =
            *run.nodes[i].start < *run.nodes[j].end && *run.nodes[j].start < *run.nodes[i].end;
        CHECK_FALSE(overlap);
      }
    }
  }

  TEST_CASE("the effective budget is the smaller of the cluster's and the policy's") {
    policy::PatchPolicy policy = make_policy(policy::ApprovalPolicy::UpgradeDomainWise);
    policy::Cluster cluster = make_cluster(20, 5, 60);
    cluster.max_unavailable = {policy::MaxUnavailable::Kind::Count, 2};
    // Policy: whole domain (4); cluster: 2 → 2 at once.
    CHECK(simulate_cycle(policy, cluster, k_window).makespan_minutes == doctest::Approx(600));
    // Cluster 10% of 20 = 2, policy 3 → 2.
    cluster.max_unavailable = {policy::MaxUnavailable::Kind::Percent, 10};
    policy.max_unavailable = {policy::MaxUnavailable::Kind::Count, 3};
    CHECK(simulate_cycle(policy, cluster, k_window).makespan_minutes == doctest::Approx(600));
    // Cluster 4, policy 25% of a 4-node domain = 1 → 1.
    cluster.max_unavailable = {policy::MaxUnavailable::Kind::Count, 4};
    policy.max_unavailable = {policy::MaxUnavailable::Kind::Percent, 25};
    CHECK(simulate_cycle(policy, cluster, k_window).makespan_minutes == doctest::Approx(1200));
  }

  TEST_CASE("with node times from 40 to 80 minutes, longest first beats POA's name order") {
    std::vector<int> minutes;
    for (int i = 0; i < 20; ++i) minutes.push_back(40 + (i * 17) % 41);
    const Ordering ordering = compare_orderings(minutes, 5, 2);
    MESSAGE("name order (POA): " << ordering.name_order
                                 << " min; longest first: " << ordering.longest_first
                                 << " min; lower bound " << ordering.lower_bound << " min");
    CHECK(ordering.longest_first < ordering.name_order);
    CHECK(ordering.longest_first >= ordering.lower_bound);
  }

  TEST_CASE("a soak after each node adds to NodeWise") {
    policy::PatchPolicy policy = make_policy(policy::ApprovalPolicy::NodeWise);
    policy.min_wait_between_nodes = Minutes{10};
    const SimulationRun run = simulate_cycle(policy, make_cluster(4, 2, 60), k_window);
    CHECK(run.makespan_minutes == doctest::Approx(4 * 70));
  }

  TEST_CASE("nodes whose updates are all installed are never drained") {
    policy::Cluster cluster = make_cluster(4, 2, 60);
    cluster.simulation.updates[0].is_installed = true;
    const SimulationRun run =
        simulate_cycle(make_policy(policy::ApprovalPolicy::NodeWise), cluster, k_window);
    CHECK(run.status == RunStatus::Completed);
    CHECK(run.makespan_minutes == 0);
    for (const SimulatedNodeRun& node : run.nodes) {
      CHECK(node.result == NodeResult::NothingToInstall);
      CHECK_FALSE(node.start.has_value());
    }
  }

  TEST_CASE("the same seed gives the same run, another seed another one") {
    policy::Cluster cluster = make_cluster(12, 3, 60);
    cluster.simulation.patch_minutes = {30, 90};
    cluster.simulation.failure_percent = 20;
    const policy::PatchPolicy policy = make_policy(policy::ApprovalPolicy::UpgradeDomainWise);
    const SimulationRun first = simulate_cycle(policy, cluster, k_window);
    const SimulationRun again = simulate_cycle(policy, cluster, k_window);
    cluster.simulation.seed = 99;
    const SimulationRun other = simulate_cycle(policy, cluster, k_window);
    CHECK(first.makespan_minutes == again.makespan_minutes);
    CHECK(trace(first.state) == trace(again.state));
    CHECK(trace(first.state) != trace(other.state));
  }
}

}  // namespace pw::rollout
