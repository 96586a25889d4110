#include "driver/simulated_driver.hpp"
#include "driver/update_json.hpp"

#include <doctest/doctest.h>

#include <set>

namespace pw::driver {
namespace {

const Instant k_start = *parse_rfc3339("2026-12-02T07:00:00Z");

SimulationSpec spec(int nodes) {
  SimulationSpec simulation;
  simulation.patch_minutes_min = 30;
  simulation.patch_minutes_max = 90;
  simulation.download_minutes_min = 5;
  simulation.download_minutes_max = 5;
  simulation.reboot_required_percent = 0;
  UpdateRecord update;
  update.update_id = "11111111-0000-0000-0000-000000000001";
  update.title = "KB1";
  simulation.updates = {update};
  for (int i = 0; i < nodes; ++i)
    simulation.nodes.push_back({"n" + std::to_string(i), {}, "ud" + std::to_string(i % 2), {}});
  return simulation;
}

Call call(Operation operation, const std::string& node) {
  Call made;
  made.operation = operation;
  made.node = node;
  if (operation == Operation::Install) {
    made.updates = {{"11111111-0000-0000-0000-000000000001"}};
  }
  return made;
}

}  // namespace

TEST_SUITE("driver::SimulatedDriver") {
  TEST_CASE("an install completes after the node's patch minutes, in virtual time") {
    VirtualClock clock{k_start};
    SimulationSpec simulation = spec(1);
    simulation.nodes[0].patch_minutes = 45;
    SimulatedDriver driver{simulation, clock};
    const CallId id = driver.start(call(Operation::Install, "n0"));
    CHECK(driver.in_flight() == 1);
    CHECK(driver.wait_next(k_start + Minutes{10}).empty());  // deadline first
    CHECK(clock.now() == k_start + Minutes{10});
    const auto done = driver.wait_next(k_start + Minutes{100});
    REQUIRE(done.size() == 1);
    CHECK(done[0].id == id);
    CHECK(done[0].outcome.status == CallStatus::Ok);
    CHECK(done[0].outcome.finished_at == k_start + Minutes{45});
    CHECK(clock.now() == k_start + Minutes{45});
    CHECK(driver.installed("n0") ==
          std::vector<std::string>{"11111111-0000-0000-0000-000000000001"});
    // A later search reports it installed.
    driver.start(call(Operation::Search, "n0"));
    const auto search = driver.wait_next(k_start + Minutes{100});
    const auto& found = std::get<SearchReply>(search[0].outcome.reply);
    REQUIRE(found.updates.size() == 1);
    CHECK(found.updates[0].is_installed);
  }

  TEST_CASE("completions come in time order, whatever the start order") {
    VirtualClock clock{k_start};
    SimulatedDriver driver{spec(50), clock};
    for (int i = 0; i < 50; ++i) driver.start(call(Operation::Install, "n" + std::to_string(i)));
    Instant last = k_start;
    std::size_t seen = 0;
    while (driver.in_flight() > 0) {
      for (const Completion& done : driver.wait_next(k_start + Minutes{1000})) {
        CHECK(done.outcome.finished_at >= last);
        last = done.outcome.finished_at;
        ++seen;
      }
    }
    CHECK(seen == 50);
    CHECK(last <= k_start + Minutes{90});
  }

  TEST_CASE("draws are deterministic for a seed and differ across seeds") {
    VirtualClock clock{k_start};
    SimulatedDriver first{spec(20), clock};
    SimulatedDriver again{spec(20), clock};
    SimulationSpec other_spec = spec(20);
    other_spec.seed = 2;
    SimulatedDriver other{other_spec, clock};
    int differences = 0;
    for (int i = 0; i < 20; ++i) {
      const std::string name = "n" + std::to_string(i);
      CHECK(first.patch_minutes(name) == again.patch_minutes(name));
      CHECK(*first.patch_minutes(name) >= 30);
      CHECK(*first.patch_minutes(name) <= 90);
      differences += first.patch_minutes(name) != other.patch_minutes(name);
    }
    CHECK(differences > 0);
    CHECK_FALSE(first.patch_minutes("nope").has_value());
  }

  TEST_CASE("splitmix64 gives its published first outputs for seed 0") {
    std::uint64_t state = 0;
    CHECK(splitmix64(state) == 0xe220a8397b1dcdafULL);
    CHECK(splitmix64(state) == 0x6e789e6aa1b965f4ULL);
  }

  TEST_CASE("FailurePercent 100 fails every install, naming the update") {
    VirtualClock clock{k_start};
    SimulationSpec simulation = spec(1);
    simulation.failure_percent = 100;
    SimulatedDriver driver{simulation, clock};
    driver.start(call(Operation::Install, "n0"));
    const auto done = driver.wait_next(k_start + Minutes{100});
    CHECK(done[0].outcome.status == CallStatus::Failed);
    const auto& reply = std::get<InstallReply>(done[0].outcome.reply);
    REQUIRE(reply.updates.size() == 1);
    CHECK(reply.updates[0].update_id == "11111111-0000-0000-0000-000000000001");
    CHECK(reply.updates[0].result_code == 2);
    CHECK(reply.updates[0].hresult == 0x80240022);
    CHECK(driver.installed("n0").empty());
  }

  TEST_CASE("a call longer than its timeout ends TimedOut at the timeout") {
    VirtualClock clock{k_start};
    SimulationSpec simulation = spec(1);
    simulation.nodes[0].patch_minutes = 120;
    SimulatedDriver driver{simulation, clock};
    Call install = call(Operation::Install, "n0");
    install.timeout = Minutes{90};
    driver.start(install);
    const auto done = driver.wait_next(k_start + Minutes{500});
    CHECK(done[0].outcome.status == CallStatus::TimedOut);
    CHECK(done[0].outcome.finished_at == k_start + Minutes{90});
    CHECK(driver.installed("n0").empty());
  }

  TEST_CASE("health: UnhealthyNodes, set_unhealthy until an instant, and cluster-wide") {
    VirtualClock clock{k_start};
    SimulationSpec simulation = spec(3);
    simulation.unhealthy_nodes = {"n1"};
    SimulatedDriver driver{simulation, clock};
    driver.set_unhealthy("n2", k_start + Minutes{30});
    driver.start(call(Operation::Health, ""));
    driver.start(call(Operation::Health, "n0"));
    auto done = driver.wait_next(k_start + Minutes{1});
    REQUIRE(done.size() == 2);
    CHECK(std::get<ClusterHealthReply>(done[0].outcome.reply).unhealthy ==
          std::vector<std::string>{"n1", "n2"});
    CHECK(std::get<HealthReply>(done[1].outcome.reply).healthy);
    clock.advance_to(k_start + Minutes{30});
    driver.start(call(Operation::Health, ""));
    done = driver.wait_next(k_start + Minutes{31});
    CHECK(std::get<ClusterHealthReply>(done[0].outcome.reply).unhealthy ==
          std::vector<std::string>{"n1"});
  }

  TEST_CASE("inventory lists the nodes as the cluster file does; nothing real happens") {
    VirtualClock clock{k_start};
    SimulatedDriver driver{spec(2), clock};
    driver.start(call(Operation::Inventory, ""));
    const auto done = driver.wait_next(k_start + Minutes{1});
    const auto& inventory = std::get<InventoryReply>(done[0].outcome.reply);
    REQUIRE(inventory.nodes.size() == 2);
    CHECK(inventory.nodes[1].name == "n1");
    CHECK(inventory.nodes[1].upgrade_domain == "ud1");
    CHECK_FALSE(driver.acts_on_real_nodes());
    CHECK_FALSE(driver.supports(Operation::PreCheck));
    CHECK_FALSE(driver.supports(Operation::PostCheck));
  }

  TEST_CASE("DownloadMinutes: a download takes a draw from {Min, Max}, fixed per node") {
    VirtualClock clock{k_start};
    SimulationSpec simulation = spec(20);
    simulation.download_minutes_min = 10;
    simulation.download_minutes_max = 20;
    SimulatedDriver driver{simulation, clock};
    std::set<int> seen;
    for (int i = 0; i < 20; ++i) {
      const int minutes = *driver.download_minutes("n" + std::to_string(i));
      CHECK(minutes >= 10);
      CHECK(minutes <= 20);
      seen.insert(minutes);
    }
    CHECK(seen.size() > 1);
    driver.start(call(Operation::Download, "n3"));
    const auto done = driver.wait_next(k_start + Minutes{100});
    REQUIRE(done.size() == 1);
    CHECK(done[0].outcome.finished_at == k_start + Minutes{*driver.download_minutes("n3")});
  }

  TEST_CASE("RebootRequiredPercent: 100 makes every install ask for a reboot, 0 none") {
    for (const int percent : {0, 100}) {
      VirtualClock clock{k_start};
      SimulationSpec simulation = spec(4);
      simulation.reboot_required_percent = percent;
      SimulatedDriver driver{simulation, clock};
      for (int i = 0; i < 4; ++i) driver.start(call(Operation::Install, "n" + std::to_string(i)));
      int asked = 0;
      while (driver.in_flight() > 0) {
        for (const auto& done : driver.wait_next(k_start + Minutes{1000})) {
          asked += std::get<InstallReply>(done.outcome.reply).reboot_required ? 1 : 0;
        }
      }
      CHECK(asked == percent / 25);
    }
  }

  TEST_CASE("an unknown node fails clearly") {
    VirtualClock clock{k_start};
    SimulatedDriver driver{spec(1), clock};
    driver.start(call(Operation::Drain, "ghost"));
    const auto done = driver.wait_next(k_start + Minutes{1});
    CHECK(done[0].outcome.status == CallStatus::Failed);
    CHECK(done[0].outcome.message == "unknown node 'ghost'");
  }

  TEST_CASE("update records round-trip through JSON and bad ones are named") {
    UpdateRecord update;
    update.update_id = "abc";
    update.title = "T";
    update.kb_article_ids = {"KB1"};
    update.reboot_required = true;
    update.type = UpdateType::Driver;
    const auto back = update_from_json(update_to_json(update));
    REQUIRE(back.ok());
    CHECK(back->title == "T");
    CHECK(back->reboot_required);
    CHECK(back->type == UpdateType::Driver);
    CHECK(update_from_json(nlohmann::json{{"Title", "x"}}).error() ==
          "update field 'UpdateId': missing; expected a string");
    CHECK(update_from_json(nlohmann::json{{"UpdateId", "a"}, {"IsInstalled", 1}}).error() ==
          "update field 'IsInstalled': expected a boolean, got number");
  }
}

}  // namespace pw::driver
