// A whole node's patch sequence through the real ExecDriver, against a driver script that keeps
// a fake cluster in files.
#include "support.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <map>
#include <set>

using namespace pw::driver;
using namespace pw::driver::testing;

namespace {

const char* const k_catalog = R"([
  {"UpdateId": "0b1e4a6c-0000-4000-8000-000000000001", "Title": "2024-01 Cumulative Update",
   "KBArticleIds": ["KB5034439"], "RebootRequired": true},
  {"UpdateId": "0b1e4a6c-0000-4000-8000-000000000002", "Title": "Defender definitions",
   "KBArticleIds": ["KB2267602"]}
])";

class FakeCluster {
 public:
  explicit FakeCluster(const std::vector<std::string>& nodes) {
    write_file(m_dir.path() / "catalog.json", k_catalog);
    for (const std::string& node : nodes) write_file(node_dir(node) / "state", "Up\n");
  }

  [[nodiscard]] const std::filesystem::path& path() const { return m_dir.path(); }
  [[nodiscard]] std::filesystem::path node_dir(const std::string& node) const {
    return m_dir.path() / "nodes" / node;
  }
  [[nodiscard]] std::string state(const std::string& node) const {
    return read_file(node_dir(node) / "state");
  }

  [[nodiscard]] ExecSettings settings() const {
    ExecSettings settings;
    for (const char* operation :
         {"Health", "Search", "Download", "Drain", "Install", "Reboot", "Resume", "PreCheck"}) {
      settings.templates[operation] = {PW_TEST_PYTHON3, script("fake_cluster.py"),
                                       m_dir.path().string(), operation, "{node}"};
    }
    settings.templates["Inventory"] = {PW_TEST_PYTHON3, script("fake_cluster.py"),
                                       m_dir.path().string(), "Inventory"};
    return settings;
  }

 private:
  TempDir m_dir;
};

Outcome run_one(ExecDriver& driver, pw::Clock& clock, const Call& call) {
  const CallId id = driver.start(call);
  const auto completions = wait_for(driver, clock, 1);
  REQUIRE(completions.size() == 1);
  CHECK(completions[0].id == id);
  return completions[0].outcome;
}

Outcome run_ok(ExecDriver& driver, pw::Clock& clock, const Call& call) {
  Outcome outcome = run_one(driver, clock, call);
  INFO(to_string(call.operation), ": ", outcome.message);
  CHECK(outcome.status == CallStatus::Ok);
  return outcome;
}

// The typed reply of an Ok call.
template <typename T>
T reply_of(ExecDriver& driver, pw::Clock& clock, const Call& call) {
  Outcome outcome = run_ok(driver, clock, call);
  REQUIRE(std::holds_alternative<T>(outcome.reply));
  return std::get<T>(std::move(outcome.reply));
}

bool healthy(ExecDriver& driver, pw::Clock& clock, const std::string& node) {
  return reply_of<HealthReply>(driver, clock, make_call(Operation::Health, node)).healthy;
}

std::size_t updates_offered(ExecDriver& driver, pw::Clock& clock, const std::string& node) {
  return reply_of<SearchReply>(driver, clock, make_call(Operation::Search, node)).updates.size();
}

}  // namespace

TEST_SUITE("driver::ExecDriver with a fake cluster") {
  TEST_CASE("a node goes through search, download, drain, install, reboot and resume") {
    FakeCluster cluster({"node-01", "node-02"});
    pw::SystemClock clock;
    ExecDriver driver(cluster.settings(), clock);

    CHECK(healthy(driver, clock, "node-01"));
    const auto search =
        reply_of<SearchReply>(driver, clock, make_call(Operation::Search, "node-01"));
    REQUIRE(search.updates.size() == 2);
    CHECK(search.updates[0].kb_article_ids == std::vector<std::string>{"KB5034439"});
    CHECK(search.updates[0].reboot_required);

    // Install before drain is refused by the driver: Failed, with its stderr.
    const Outcome early = run_one(driver, clock, make_call(Operation::Install, "node-01"));
    CHECK(early.status == CallStatus::Failed);
    CHECK(early.message ==
          "exited with code 2; stderr:\nrefusing to install on node-01: node is Up, not Drained");

    run_ok(driver, clock, make_call(Operation::Download, "node-01"));
    run_ok(driver, clock, make_call(Operation::Drain, "node-01"));
    CHECK(cluster.state("node-01") == "Drained\n");
    const auto gate = reply_of<ClusterHealthReply>(driver, clock, make_call(Operation::Health, ""));
    CHECK(gate.unhealthy == std::vector<std::string>{"node-01"});
    const auto drained =
        reply_of<HealthReply>(driver, clock, make_call(Operation::Health, "node-01"));
    CHECK_FALSE(drained.healthy);
    CHECK(drained.state == "Drained");
    const auto install =
        reply_of<InstallReply>(driver, clock, make_call(Operation::Install, "node-01"));
    CHECK(install.reboot_required);
    CHECK(install.updates.size() == 2);
    run_ok(driver, clock, make_call(Operation::Reboot, "node-01"));
    run_ok(driver, clock, make_call(Operation::Resume, "node-01"));
    CHECK(cluster.state("node-01") == "Up\n");

    CHECK(updates_offered(driver, clock, "node-01") == 0);
    CHECK(updates_offered(driver, clock, "node-02") == 2);
    CHECK(cluster.state("node-02") == "Up\n");
    CHECK(driver.in_flight() == 0);
  }

  TEST_CASE("the request chooses what to install") {
    FakeCluster cluster({"node-01"});
    pw::SystemClock clock;
    ExecDriver driver(cluster.settings(), clock);
    run_ok(driver, clock, make_call(Operation::Download, "node-01"));
    run_ok(driver, clock, make_call(Operation::Drain, "node-01"));
    Call install = make_call(Operation::Install, "node-01");
    install.updates = {{"0b1e4a6c-0000-4000-8000-000000000002"}};
    const auto reply = reply_of<InstallReply>(driver, clock, install);
    CHECK_FALSE(reply.reboot_required);
    REQUIRE(reply.updates.size() == 1);
    CHECK(reply.updates[0].update_id == "0b1e4a6c-0000-4000-8000-000000000002");
    CHECK(reply.updates[0].result_code == 0);
    CHECK(reply.updates[0].hresult == 0);
    CHECK(read_file(cluster.node_dir("node-01") / "installed") ==
          "0b1e4a6c-0000-4000-8000-000000000002\n");
  }

  TEST_CASE("inventory is cluster-wide and searches run on all nodes at once") {
    FakeCluster cluster({"node-01", "node-02", "node-03"});
    pw::SystemClock clock;
    ExecDriver driver(cluster.settings(), clock);
    const auto inventory =
        reply_of<InventoryReply>(driver, clock, make_call(Operation::Inventory, ""));
    REQUIRE(inventory.nodes.size() == 3);
    CHECK(inventory.nodes[1].upgrade_domain == "UD1");

    std::map<CallId, std::string> started;
    for (const InventoryNode& node : inventory.nodes) {
      started[driver.start(make_call(Operation::Search, node.name))] = node.name;
    }
    CHECK(driver.in_flight() == 3);
    const auto completions = wait_for(driver, clock, 3);
    REQUIRE(completions.size() == 3);
    std::set<std::string> answered;
    for (const Completion& completion : completions) {
      CHECK(completion.outcome.status == CallStatus::Ok);
      CHECK(std::get<SearchReply>(completion.outcome.reply).updates.size() == 2);
      answered.insert(started.at(completion.id));
    }
    CHECK(answered == std::set<std::string>{"node-01", "node-02", "node-03"});
  }

  TEST_CASE("the driver gets the request, its identity, the proxy and the working directory") {
    FakeCluster cluster({"node-01"});
    TempDir work;
    pw::SystemClock clock;
    ExecSettings settings = cluster.settings();
    settings.working_directory = work.path().string();
    settings.proxy = {"proxy.fabrikam.test:8080", "<local>;*.fabrikam.test", ".fabrikam.test"};
    ExecDriver driver(std::move(settings), clock);
    Call call = make_call(Operation::PreCheck, "node-01");
    call.updates = {{"0b1e4a6c-0000-4000-8000-000000000002"}};
    run_ok(driver, clock, call);
    const auto seen = nlohmann::json::parse(read_file(cluster.path() / "precheck.json"));
    const auto& request = seen["Request"];
    CHECK(request["Updates"] == nlohmann::json::array({"0b1e4a6c-0000-4000-8000-000000000002"}));
    CHECK(request["Operation"] == "PreCheck");
    CHECK(request["Fqdn"] == "node-01.fabrikam.test");
    CHECK(request["Cluster"] == "fake");
    CHECK(request["Policy"] == "weekly");
    CHECK(seen["Cwd"] == std::filesystem::canonical(work.path()).string());
    const auto& environment = seen["Environment"];
    CHECK(environment["PATCHWARDEN_PROXY_SERVER"] == "proxy.fabrikam.test:8080");
    CHECK(environment["PATCHWARDEN_PROXY_BYPASS"] == "<local>;*.fabrikam.test");
    CHECK(environment["HTTPS_PROXY"] == "http://proxy.fabrikam.test:8080");
    CHECK(environment["http_proxy"] == "http://proxy.fabrikam.test:8080");
    CHECK(environment["NO_PROXY"] == ".fabrikam.test");
    CHECK(environment["no_proxy"] == ".fabrikam.test");
    CHECK(environment["PATCHWARDEN_OPERATION"] == "PreCheck");
    CHECK(environment["PATCHWARDEN_NODE"] == "node-01");
  }

  TEST_CASE("stderr is logged line by line with the call's node and operation") {
    FakeCluster cluster({"node-01"});
    pw::SystemClock clock;
    ExecSettings settings = cluster.settings();
    std::vector<StderrLine> lines;
    settings.log_stderr = [&lines](const StderrLine& line) { lines.push_back(line); };
    ExecDriver driver(std::move(settings), clock);
    const CallId id = driver.start(make_call(Operation::Search, "node-01"));
    REQUIRE(wait_for(driver, clock, 1).size() == 1);
    REQUIRE(lines.size() == 1);
    CHECK(lines[0].id == id);
    CHECK(lines[0].node == "node-01");
    CHECK(lines[0].operation == Operation::Search);
    CHECK(lines[0].text == "found 2 updates");
  }
}
