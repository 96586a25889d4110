#include "daemon/status_report.hpp"
#include "daemon/store_journal.hpp"

#include <doctest/doctest.h>
#include <stdlib.h>
#include <nlohmann/json.hpp>

#include <filesystem>

using namespace pw;
using namespace pw::daemon;
using nlohmann::json;

namespace {

Instant at(int seconds) {
  return Instant{Seconds{seconds}};
}

struct StoreFixture {
  std::string path;
  std::unique_ptr<store::Store> store;
  store::CycleId cycle = 0;

  StoreFixture() {
    std::string pattern = (std::filesystem::temp_directory_path() / "pw-daemon-XXXXXX").string();
    path = mkdtemp(pattern.data());
    store = std::move(store::Store::open(path).value());
    rollout::CycleState state;
    state.cycle_id = "weekly@1000";
    state.policy = "weekly";
    state.cluster = "lab";
    state.window.start = at(1000);
    state.wait_reason = "2 of 10 nodes are unhealthy";
    rollout::NodeTask n1;
    n1.node = "n1";
    state.nodes.push_back(n1);
    cycle = *begin_cycle(*store,
                         store::CycleRecord{0, "weekly", "lab", at(1000), std::nullopt, "Running",
                                            "v1", at(1000), std::nullopt},
                         state);
    rollout::NodeTask n2;
    n2.node = "n2";
    n2.upgrade_domain = "ud1";
    n2.sub_state = rollout::SubState::Soaking;
    n2.reschedules = 1;
    n2.next_attempt_at = at(3600);
    store::NodeTaskRecord record = to_record(cycle, n2);
    REQUIRE(store->record_transition(record, "Resuming", "weekly", "v1", at(1100), "Resumed").ok());
  }
  ~StoreFixture() {
    store.reset();
    std::filesystem::remove_all(path);
  }
};

}  // namespace

TEST_SUITE("daemon::status_document") {
  TEST_CASE("nodes show their state and why they wait") {
    StoreFixture f;
    auto status = status_document(*f.store, {}, at(2000), false);
    REQUIRE(status.ok());
    const json& policy = (*status)["policies"][0];
    CHECK(policy["policy"] == "weekly");
    CHECK(policy["cycle"]["state"] == "Running");
    CHECK(policy["cycle"]["wait_reason"] == "2 of 10 nodes are unhealthy");
    REQUIRE(policy["nodes"].size() == 2);
    CHECK(policy["nodes"][0]["name"] == "n2");
    CHECK(policy["nodes"][0]["waiting_for"] == "soak until 1970-01-01T01:00:00Z");
    CHECK(policy["nodes"][0]["reschedules"] == 1);
    CHECK(policy["nodes"][1]["name"] == "n1");
    CHECK(policy["nodes"][1]["waiting_for"] == "2 of 10 nodes are unhealthy");
    CHECK((*status)["daemon"] == false);
  }

  TEST_CASE("a damaged task snapshot is shown, not thrown") {
    StoreFixture f;
    REQUIRE(f.store
                ->record_transition({f.cycle, "n3", "Created", 1, 0, 0, std::nullopt, "{oops"}, "",
                                    "weekly", "v1", at(1200), "Claim")
                .ok());
    auto status = status_document(*f.store, {}, at(2000), true);
    REQUIRE(status.ok());
    CHECK((*status)["policies"][0]["nodes"].size() == 3);
  }

  TEST_CASE("metrics carry cycles, nodes by state and the next window") {
    StoreFixture f;
    PolicyView view{"weekly", "lab", schedule::Window{at(86400), std::nullopt}, "", std::nullopt};
    auto status = status_document(*f.store, {view}, at(2000), true);
    REQUIRE(status.ok());
    auto metrics = metrics_text(*f.store, *status);
    REQUIRE(metrics.ok());
    CHECK(metrics->find("patchwarden_cycles_total{policy=\"weekly\",state=\"Running\"} 1") !=
          std::string::npos);
    CHECK(metrics->find("patchwarden_nodes{policy=\"weekly\",state=\"Restoring\"} 1") !=
          std::string::npos);
    CHECK(metrics->find("patchwarden_next_window_timestamp_seconds{policy=\"weekly\"} 86400") !=
          std::string::npos);
  }

  TEST_CASE("the status table names paused policies and waiting nodes") {
    StoreFixture f;
    REQUIRE(f.store->set_paused("weekly", true, at(1500)).ok());
    auto status = status_document(*f.store, {}, at(2000), false);
    REQUIRE(status.ok());
    const std::string table = status_table(*status);
    CHECK(table.find("policy weekly (cluster lab) PAUSED") != std::string::npos);
    CHECK(table.find("(daemon not running)") != std::string::npos);
    CHECK(table.find("soak until") != std::string::npos);
  }

  TEST_CASE("a policy waiting for its cluster's lease says so, and for whom") {
    StoreFixture f;
    PolicyView holder{"weekly", "lab", std::nullopt, "", std::nullopt};
    PolicyView waiter{"nightly", "lab", schedule::Window{at(1800), at(9000)},
                      "cluster 'lab' is held by policy 'weekly'", at(1800)};
    auto status = status_document(*f.store, {holder, waiter}, at(2000), true);
    REQUIRE(status.ok());
    const json& running = (*status)["policies"][0];
    CHECK(running["state"] == "Running");
    CHECK(running["waiting_for"] == "");
    CHECK(running["waiting_since"].is_null());
    const json& waiting = (*status)["policies"][1];
    CHECK(waiting["state"] == "Waiting");
    CHECK(waiting["waiting_for"] == "cluster 'lab' is held by policy 'weekly'");
    CHECK(waiting["waiting_since"] == "1970-01-01T00:30:00Z");
    CHECK(waiting["cycle"].is_null());
    const std::string table = status_table(*status);
    CHECK(table.find("policy nightly (cluster lab)\n"
                     "  WAITING      cluster 'lab' is held by policy 'weekly' (since "
                     "1970-01-01T00:30:00Z)\n"
                     "  next window  1970-01-01T00:30:00Z\n") != std::string::npos);
    CHECK(table.find("policy weekly (cluster lab)\n  next window") != std::string::npos);
  }

  TEST_CASE("a paused policy is Paused, an idle one Idle") {
    StoreFixture f;
    REQUIRE(f.store->set_paused("weekly", true, at(1500)).ok());
    PolicyView idle{"other", "lab2", std::nullopt, "", std::nullopt};
    auto status = status_document(
        *f.store, {{"weekly", "lab", std::nullopt, "", std::nullopt}, idle}, at(2000), true);
    REQUIRE(status.ok());
    CHECK((*status)["policies"][0]["state"] == "Paused");
    CHECK((*status)["policies"][1]["state"] == "Idle");
  }

  TEST_CASE("the last missed window says why it was missed") {
    StoreFixture f;
    auto none = status_document(*f.store, {}, at(2000), false);
    REQUIRE(none.ok());
    CHECK((*none)["policies"][0]["last_missed"].is_null());
    REQUIRE(f.store->record_missed({"weekly", at(500), at(900), at(950), ""}).ok());
    REQUIRE(f.store
                ->record_missed({"weekly", at(1200), at(1800), at(1900),
                                 "cluster 'lab' was held by policy 'nightly' until the window "
                                 "closed"})
                .ok());
    auto status = status_document(*f.store, {}, at(2000), false);
    REQUIRE(status.ok());
    const json& policy = (*status)["policies"][0];
    CHECK(policy["missed_windows"] == 2);
    CHECK(policy["last_missed"]["window_start"] == "1970-01-01T00:20:00Z");
    CHECK(policy["last_missed"]["reason"] ==
          "cluster 'lab' was held by policy 'nightly' until the window closed");
    CHECK(status_table(*status).find(
              "  missed       2 (last 1970-01-01T00:20:00Z: cluster 'lab' was held by policy "
              "'nightly' until the window closed)\n") != std::string::npos);
  }
}
