#include "../store/temp_dir.hpp"
#include "daemon/store_journal.hpp"
#include "rollout/executor.hpp"

#include <doctest/doctest.h>

using namespace pw;
using namespace pw::daemon;
using rollout::CycleState;
using rollout::NodeResult;
using rollout::NodeTask;
using rollout::SubState;
using rollout::TaskEvent;
using store::CycleRecord;
using store::Store;

namespace {

Instant at(int seconds) {
  return Instant{Seconds{seconds}};
}

struct Fixture {
  test::TempDir dir;
  std::unique_ptr<Store> store;
  VirtualClock clock{at(1000)};
  CycleRecord cycle;
  CycleState state;

  Fixture() {
    auto opened = Store::open(dir.path());
    REQUIRE(opened.ok());
    store = std::move(opened).value();
    cycle.policy = "weekly";
    cycle.cluster = "demo";
    cycle.window_start = at(1000);
    cycle.state = "Running";
    cycle.content_hash = "v1";
    cycle.started_at = at(1000);
    state.cycle_id = "weekly@1000";
    state.policy = "weekly";
    state.cluster = "demo";
    state.window.start = at(1000);
    for (const char* name : {"n1", "n2", "n3"}) {
      NodeTask task;
      task.node = name;
      task.upgrade_domain = "UD1";
      state.nodes.push_back(task);
    }
    cycle.id = *begin_cycle(*store, cycle, state);
  }
};

void move(StoreJournal& journal, CycleState& state, std::size_t index, SubState to,
          TaskEvent event) {
  const SubState from = state.nodes[index].sub_state;
  state.nodes[index].sub_state = to;
  journal.on_transition(state, state.nodes[index], from, event);
}

}  // namespace

TEST_SUITE("daemon::StoreJournal") {
  TEST_CASE("a cycle is rebuilt from the snapshot with the stored tasks laid over it") {
    Fixture f;
    {
      StoreJournal journal(*f.store, f.cycle.id, "v1", 100, f.clock);
      journal.on_cycle(f.state, "started");
      move(journal, f.state, 0, SubState::Searching, TaskEvent::Claim);
      f.state.nodes[0].reschedules = 2;
      f.state.nodes[0].next_attempt_at = at(4000);
      move(journal, f.state, 0, SubState::Downloading, TaskEvent::FoundUpdates);
      move(journal, f.state, 1, SubState::Searching, TaskEvent::Claim);
      f.state.nodes[1].result = NodeResult::Failed;
      move(journal, f.state, 1, SubState::Finished, TaskEvent::Fail);
    }
    auto loaded = load_cycle_state(*f.store, f.cycle);
    REQUIRE(loaded.ok());
    REQUIRE(loaded->nodes.size() == 3);
    CHECK(loaded->nodes[0].sub_state == SubState::Downloading);
    CHECK(loaded->nodes[0].reschedules == 2);
    CHECK(loaded->nodes[0].next_attempt_at == at(4000));
    CHECK(loaded->nodes[1].sub_state == SubState::Finished);
    CHECK(loaded->nodes[2].sub_state == SubState::NotStarted);
    CHECK(loaded->failed_nodes == 1);
    CHECK(loaded->policy == "weekly");

    auto audit = f.store->audit(f.cycle.id);
    REQUIRE(audit.ok());
    REQUIRE(audit->size() == 5);
    CHECK((*audit)[2].from_state == "Searching");
    CHECK((*audit)[2].to_state == "Downloading");
    CHECK((*audit)[2].detail == "FoundUpdates");
    CHECK((*audit)[2].content_hash == "v1");
  }

  TEST_CASE("results land with the next transition, never without it") {
    Fixture f;
    StoreJournal journal(*f.store, f.cycle.id, "v1", 100, f.clock);
    journal.on_cycle(f.state, "started");
    rollout::OperationRecord result;
    result.node = "n1";
    result.updates.push_back({"u1", "Update 1", "", rollout::OperationResult::Failed, 2});
    journal.on_result(f.state, result);
    journal.on_quarantine(f.state, "n1", "u1", 2, false);
    // Nothing is stored yet: a crash here re-issues the operation, which reports again.
    CHECK(f.store->results()->empty());
    CHECK(f.store->failure_counts("weekly")->empty());
    move(journal, f.state, 0, SubState::Searching, TaskEvent::Claim);
    CHECK(f.store->results()->size() == 1);
    CHECK(f.store->failure_counts("weekly")->at({"n1", "u1"}) == 2);

    auto loaded = load_cycle_state(*f.store, f.cycle);
    REQUIRE(loaded.ok());
    REQUIRE(loaded->results.size() == 1);
    CHECK(loaded->results[0].node == "n1");
    REQUIRE(loaded->results[0].updates.size() == 1);
    CHECK(loaded->results[0].updates[0].result == rollout::OperationResult::Failed);
    CHECK(loaded->results[0].updates[0].hresult == 2);
    CHECK(loaded->quarantine.at("n1").at("u1") == 2);
  }

  TEST_CASE("a new cycle is stored with its first snapshot: every node, before any transition") {
    Fixture f;
    auto loaded = load_cycle_state(*f.store, f.cycle);
    REQUIRE(loaded.ok());
    REQUIRE(loaded->nodes.size() == 3);
    CHECK(loaded->nodes[2].node == "n3");
    CHECK(loaded->nodes[2].sub_state == SubState::NotStarted);
  }

  TEST_CASE("a cycle without a snapshot cannot be loaded") {
    Fixture f;
    CycleRecord bare = f.cycle;
    bare.window_start = at(9000);
    bare.id = *f.store->begin_cycle(bare, "{}");
    auto loaded = load_cycle_state(*f.store, bare);
    REQUIRE_FALSE(loaded.ok());
    CHECK(loaded.error().find("no stored snapshot") != std::string::npos);
  }

  TEST_CASE("a failed commit calls the failure handler") {
    Fixture f;
    std::string failure;
    StoreJournal journal(*f.store, f.cycle.id + 100, "v1", 100, f.clock,
                         [&](const std::string& message) { failure = message; });
    journal.on_cycle(f.state, "started");  // no such cycle: the update touches nothing
    CHECK(failure.empty());
    // Node tasks reference the cycle: a missing cycle violates the foreign key.
    move(journal, f.state, 0, SubState::Searching, TaskEvent::Claim);
    CHECK(failure.find("FOREIGN KEY") != std::string::npos);
  }
}
