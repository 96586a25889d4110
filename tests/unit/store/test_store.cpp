#include "store/sqlite_store.hpp"
#include "store/store.hpp"
#include "temp_dir.hpp"

#include <doctest/doctest.h>

using namespace pw;
using namespace pw::store;

namespace {

Instant at(int seconds) {
  return Instant{Seconds{seconds}};
}

CycleRecord sample_cycle(const std::string& policy, int window_start) {
  CycleRecord cycle;
  cycle.policy = policy;
  cycle.cluster = "demo";
  cycle.window_start = at(window_start);
  cycle.window_end = at(window_start + 3600);
  cycle.state = "Running";
  cycle.content_hash = "hash-1";
  cycle.started_at = at(window_start);
  return cycle;
}

// Every Store implementation passes these tests: each backend opens (or reopens) the store
// kept in a test directory. An etcd backend joins the list with a key prefix per directory.
struct SqliteBackend {
  static std::unique_ptr<Store> open(const test::TempDir& dir) {
    auto store = SqliteStore::open(dir.path());
    REQUIRE(store.ok());
    return std::move(store).value();
  }
};
#define PW_STORE_BACKENDS SqliteBackend

}  // namespace

TEST_SUITE("store::Store conformance") {
  TEST_CASE_TEMPLATE("cycles round-trip and an unfinished cycle is found after reopening", Backend,
                     PW_STORE_BACKENDS) {
    test::TempDir dir;
    CycleId id = 0;
    {
      auto store = Backend::open(dir);
      auto created = store->begin_cycle(sample_cycle("weekly", 1000), "{}");
      REQUIRE(created.ok());
      id = *created;
    }
    auto store = Backend::open(dir);
    auto open = store->open_cycle("weekly");
    REQUIRE(open.ok());
    REQUIRE(open->has_value());
    CHECK((*open)->id == id);
    CHECK((*open)->window_end == at(4600));
    CHECK((*open)->content_hash == "hash-1");
    CHECK(*store->window_handled("weekly", at(1000)));
    CHECK_FALSE(*store->window_handled("weekly", at(2000)));

    REQUIRE(store->set_cycle_state(id, "Completed", at(1500), at(1500)).ok());
    CHECK_FALSE(store->open_cycle("weekly")->has_value());
    CHECK((*store->latest_cycle("weekly"))->state == "Completed");
    CHECK((*store->latest_cycle("weekly"))->finished_at == at(1500));
  }

  TEST_CASE_TEMPLATE("a cycle begins with its first snapshot, in the same transaction", Backend,
                     PW_STORE_BACKENDS) {
    test::TempDir dir;
    auto store = Backend::open(dir);
    const CycleId id = *store->begin_cycle(sample_cycle("weekly", 1000), "first snapshot");
    CHECK(*store->cycle_data(id) == "first snapshot");
    CHECK_FALSE(store->begin_cycle(sample_cycle("weekly", 1000), "again").ok());
    CHECK(store->cycles()->size() == 1);
  }

  TEST_CASE_TEMPLATE("a second cycle for the same window is refused", Backend, PW_STORE_BACKENDS) {
    test::TempDir dir;
    auto store = Backend::open(dir);
    REQUIRE(store->begin_cycle(sample_cycle("weekly", 1000), "{}").ok());
    CHECK_FALSE(store->begin_cycle(sample_cycle("weekly", 1000), "{}").ok());
  }

  TEST_CASE_TEMPLATE("setting the state of an unknown cycle is an error", Backend,
                     PW_STORE_BACKENDS) {
    test::TempDir dir;
    auto store = Backend::open(dir);
    auto status = store->set_cycle_state(42, "Completed", at(1), at(1));
    REQUIRE_FALSE(status.ok());
    CHECK(status.error() == "no cycle 42");
  }

  TEST_CASE_TEMPLATE("node task transitions are stored with an audit line each", Backend,
                     PW_STORE_BACKENDS) {
    test::TempDir dir;
    auto store = Backend::open(dir);
    const CycleId id = *store->begin_cycle(sample_cycle("weekly", 1000), "{}");
    NodeTaskRecord task{id, "node-1", "Created", 1, 0, 0, std::nullopt, R"({"updates":2})"};
    REQUIRE(store->record_transition(task, "", "weekly", "hash-1", at(1001), "search").ok());
    task.state = "Executing";
    task.sub_state = 5;
    task.attempts = 2;
    task.reschedules = 1;
    task.next_attempt = at(2800);
    REQUIRE(store->record_transition(task, "Created", "weekly", "hash-2", at(1002), "drain").ok());

    auto tasks = store->node_tasks(id);
    REQUIRE(tasks.ok());
    REQUIRE(tasks->size() == 1);
    const NodeTaskRecord& stored = tasks->front();
    CHECK(stored.state == "Executing");
    CHECK(stored.sub_state == 5);
    CHECK(stored.attempts == 2);
    CHECK(stored.reschedules == 1);
    CHECK(stored.next_attempt == at(2800));
    CHECK(stored.data == R"({"updates":2})");

    REQUIRE(store->set_cycle_state(id, "Completed", at(1003), at(1003)).ok());
    auto audit = store->audit(id);
    REQUIRE(audit.ok());
    REQUIRE(audit->size() == 3);
    CHECK((*audit)[0].from_state.empty());
    CHECK((*audit)[0].to_state == "Created");
    CHECK((*audit)[1].from_state == "Created");
    CHECK((*audit)[1].content_hash == "hash-2");
    CHECK((*audit)[1].detail == "drain");
    CHECK((*audit)[2].node.empty());
    CHECK((*audit)[2].from_state == "Running");
    CHECK((*audit)[2].to_state == "Completed");
  }

  TEST_CASE_TEMPLATE("results are capped per policy, oldest dropped first", Backend,
                     PW_STORE_BACKENDS) {
    test::TempDir dir;
    auto store = Backend::open(dir);
    for (int i = 0; i < 7; ++i) {
      ResultRecord result{0, "a",   "n" + std::to_string(i),
                          1, at(i), "{\"i\":" + std::to_string(i) + "}"};
      REQUIRE(store->add_result(result, 3).ok());
    }
    REQUIRE(store->add_result(ResultRecord{0, "b", "x", 2, at(9), "{}"}, 3).ok());
    auto kept = store->results("a");
    REQUIRE(kept.ok());
    REQUIRE(kept->size() == 3);
    CHECK((*kept)[0].node == "n4");
    CHECK((*kept)[2].node == "n6");
    CHECK((*kept)[2].json == "{\"i\":6}");
    CHECK(store->results()->size() == 4);
    CHECK(store->results("b")->size() == 1);
  }

  TEST_CASE_TEMPLATE("failure counts are kept per node and update, and cleared at zero", Backend,
                     PW_STORE_BACKENDS) {
    test::TempDir dir;
    auto store = Backend::open(dir);
    REQUIRE(store->set_failure_count("p", "n1", "u1", 2).ok());
    REQUIRE(store->set_failure_count("p", "n1", "u2", 1).ok());
    REQUIRE(store->set_failure_count("q", "n1", "u1", 5).ok());
    REQUIRE(store->set_failure_count("p", "n1", "u1", 3).ok());
    auto counts = store->failure_counts("p");
    REQUIRE(counts.ok());
    CHECK(counts->size() == 2);
    CHECK(counts->at({"n1", "u1"}) == 3);
    REQUIRE(store->set_failure_count("p", "n1", "u2", 0).ok());
    CHECK(store->failure_counts("p")->count({"n1", "u2"}) == 0);
  }

  TEST_CASE_TEMPLATE("missed windows are recorded once and count as handled", Backend,
                     PW_STORE_BACKENDS) {
    test::TempDir dir;
    auto store = Backend::open(dir);
    const MissedWindow missed{"p", at(100), at(200), at(300)};
    REQUIRE(store->record_missed(missed).ok());
    REQUIRE(store->record_missed(missed).ok());
    auto all = store->missed_windows();
    REQUIRE(all.ok());
    REQUIRE(all->size() == 1);
    CHECK(all->front().window_end == at(200));
    CHECK(all->front().reason.empty());
    CHECK(*store->window_handled("p", at(100)));
    REQUIRE(store
                ->record_missed(MissedWindow{"p", at(400), std::nullopt, at(500),
                                             "cluster 'lab' was held by policy 'q'"})
                .ok());
    CHECK(store->missed_windows("p")->back().reason == "cluster 'lab' was held by policy 'q'");
  }

  TEST_CASE_TEMPLATE("pauses survive a restart", Backend, PW_STORE_BACKENDS) {
    test::TempDir dir;
    {
      auto store = Backend::open(dir);
      REQUIRE(store->set_paused("p", true, at(1)).ok());
      REQUIRE(store->set_paused("q", true, at(1)).ok());
      REQUIRE(store->set_paused("q", false, at(2)).ok());
    }
    auto store = Backend::open(dir);
    CHECK(*store->paused_policies() == std::set<std::string>{"p"});
  }
}

TEST_SUITE("store::Store conformance") {
  TEST_CASE_TEMPLATE("the first sighting of a policy is kept", Backend, PW_STORE_BACKENDS) {
    test::TempDir dir;
    auto store = Backend::open(dir);
    CHECK(*store->first_seen("p", at(100)) == at(100));
    CHECK(*store->first_seen("p", at(500)) == at(100));
    CHECK(*store->first_seen("q", at(500)) == at(500));
  }
}
