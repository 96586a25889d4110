// Update title filters (ExcludeUpdateTitles / IncludeUpdateTitles): on their own, and their
// effect on a whole simulated cycle.
#include "fixtures.hpp"
#include "policy/loader.hpp"
#include "rollout/simulation.hpp"
#include "rollout/update_filter.hpp"

#include <doctest/doctest.h>

namespace pw::rollout {
namespace {

using test::at;
using test::make_cluster;
using test::update;

// A policy loaded from text, so its patterns are compiled as the loader compiles them.
policy::PatchPolicy policy_with(const std::string& lines) {
  DiagnosticSink sink;
  const std::string text =
      "Kind: PatchPolicy\nName: p\nCluster: c\n" + lines +
      "---\nKind: Cluster\nName: c\nDriver: Simulated\nNodes:\n"
      "  - {Name: n01, UpgradeDomain: ud0}\n  - {Name: n02, UpgradeDomain: ud1}\n";
  policy::PolicySet set = policy::load_text("test.yaml", text, sink);
  for (const Diagnostic& diagnostic : sink.diagnostics()) INFO(diagnostic.message);
  REQUIRE(!sink.has_errors());
  REQUIRE(set.policies.size() == 1);
  return set.policies[0];
}

std::vector<UpdateRecord> catalog() {
  UpdateRecord cumulative = update("11111111-0000-0000-0000-000000000001", "KB1");
  cumulative.title = "2026-12 Cumulative Update for Windows Server";
  UpdateRecord preview = update("11111111-0000-0000-0000-000000000002", "KB2");
  preview.title = "2026-12 Cumulative Update Preview for Windows Server";
  UpdateRecord defender = update("11111111-0000-0000-0000-000000000003", "KB3");
  defender.title = "Security Intelligence Update for Microsoft Defender";
  return {cumulative, preview, defender};
}

std::vector<std::string> titles(const std::vector<UpdateRecord>& updates) {
  std::vector<std::string> out;
  for (const UpdateRecord& u : updates) out.push_back(u.title);
  return out;
}

}  // namespace

TEST_SUITE("rollout::select_updates title filters") {
  TEST_CASE("ExcludeUpdateTitles drops the updates whose title matches") {
    const auto policy = policy_with("ExcludeUpdateTitles: 'preview|insider'\n");
    const auto updates = catalog();
    const UpdateSelection selection = select_updates(policy, updates, {});
    CHECK(titles(selection.install) ==
          std::vector<std::string>{updates[0].title, updates[2].title});
  }

  TEST_CASE("IncludeUpdateTitles keeps only matching updates, and exclusion still applies") {
    const auto policy = policy_with(
        "IncludeUpdateTitles: ['^2026-12 Cumulative']\nExcludeUpdateTitles: [Preview]\n");
    const auto updates = catalog();
    const UpdateSelection selection = select_updates(policy, updates, {});
    CHECK(titles(selection.install) == std::vector<std::string>{updates[0].title});
  }

  TEST_CASE("in a simulated cycle the excluded update is never installed") {
    policy::PatchPolicy policy = policy_with("ExcludeUpdateTitles: Preview\n");
    policy::Cluster cluster = make_cluster(2, 1, 30);
    cluster.simulation.updates = catalog();
    const Window window{at("2026-12-02T07:00:00Z"), std::nullopt};
    VirtualClock clock{window.start};
    driver::SimulatedDriver driver{simulation_spec(cluster), clock};
    NullJournal journal;
    Executor executor{CycleSetup{policy, cluster, window, "x", {}, {}}, driver, clock, journal};
    REQUIRE(executor.run_until(window.start + std::chrono::days{1}) == RunStatus::Completed);
    for (const NodeTask& task : executor.state().nodes) {
      CHECK(task.result == NodeResult::Succeeded);
      CHECK(titles(task.selected) ==
            std::vector<std::string>{catalog()[0].title, catalog()[2].title});
    }
  }
}

}  // namespace pw::rollout
