// A whole node's patch sequence through the real ExecDriver, against a driver script that keeps
// a fake cluster in files.
#include "support.hpp"

#include <doctest/doctest.h>

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

}  // namespace

TEST_SUITE("driver::ExecDriver with a fake cluster") {
  TEST_CASE("a node goes through search, download, drain, install, reboot and resume") {
    FakeCluster cluster({"node-01", "node-02"});
    pw::SystemClock clock;
    ExecDriver driver(cluster.settings(), clock);

    CHECK(run_ok(driver, clock, make_call(Operation::Health, "node-01")).reply["Healthy"] == true);
    const Outcome search = run_ok(driver, clock, make_call(Operation::Search, "node-01"));
    REQUIRE(search.reply["Updates"].size() == 2);
    CHECK(search.reply["Updates"][0]["KBArticleIds"][0] == "KB5034439");

    // Install before drain is refused by the driver: Failed, with its stderr.
    const Outcome early = run_one(driver, clock, make_call(Operation::Install, "node-01"));
    CHECK(early.status == CallStatus::Failed);
    CHECK(early.message ==
          "exited with code 2; stderr:\nrefusing to install on node-01: node is Up, not Drained");

    run_ok(driver, clock, make_call(Operation::Download, "node-01"));
    run_ok(driver, clock, make_call(Operation::Drain, "node-01"));
    CHECK(cluster.state("node-01") == "Drained\n");
    const Outcome gate = run_ok(driver, clock, make_call(Operation::Health, ""));
    CHECK(gate.reply["Unhealthy"] == nlohmann::json::array({"node-01"}));
    CHECK(run_ok(driver, clock, make_call(Operation::Health, "node-01")).reply["Healthy"] == false);
    const Outcome install = run_ok(driver, clock, make_call(Operation::Install, "node-01"));
    CHECK(install.reply["RebootRequired"] == true);
    run_ok(driver, clock, make_call(Operation::Reboot, "node-01"));
    run_ok(driver, clock, make_call(Operation::Resume, "node-01"));
    CHECK(cluster.state("node-01") == "Up\n");

    CHECK(run_ok(driver, clock, make_call(Operation::Search, "node-01")).reply["Updates"].empty());
    CHECK(run_ok(driver, clock, make_call(Operation::Search, "node-02")).reply["Updates"].size() ==
          2);
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
    install.request = {{"Updates", {"0b1e4a6c-0000-4000-8000-000000000002"}}};
    const Outcome outcome = run_ok(driver, clock, install);
    CHECK(outcome.reply["RebootRequired"] == false);
    CHECK(outcome.reply["Updates"] ==
          nlohmann::json::parse(R"([{"UpdateId": "0b1e4a6c-0000-4000-8000-000000000002",
                                    "ResultCode": 0, "HResult": 0}])"));
    CHECK(read_file(cluster.node_dir("node-01") / "installed") ==
          "0b1e4a6c-0000-4000-8000-000000000002\n");
  }

  TEST_CASE("inventory is cluster-wide and searches run on all nodes at once") {
    FakeCluster cluster({"node-01", "node-02", "node-03"});
    pw::SystemClock clock;
    ExecDriver driver(cluster.settings(), clock);
    Call inventory = make_call(Operation::Inventory, "");
    const Outcome nodes = run_ok(driver, clock, inventory);
    REQUIRE(nodes.reply["Nodes"].size() == 3);

    std::map<CallId, std::string> started;
    for (const auto& node : nodes.reply["Nodes"]) {
      const std::string name = node["Name"];
      started[driver.start(make_call(Operation::Search, name))] = name;
    }
    CHECK(driver.in_flight() == 3);
    const auto completions = wait_for(driver, clock, 3);
    REQUIRE(completions.size() == 3);
    std::set<std::string> answered;
    for (const Completion& completion : completions) {
      CHECK(completion.outcome.status == CallStatus::Ok);
      CHECK(completion.outcome.reply["Updates"].size() == 2);
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
    call.request = {{"Attempt", 2}};
    const Outcome outcome = run_ok(driver, clock, call);
    const auto& request = outcome.reply["Request"];
    CHECK(request["Attempt"] == 2);
    CHECK(request["Operation"] == "PreCheck");
    CHECK(request["Fqdn"] == "node-01.fabrikam.test");
    CHECK(request["Cluster"] == "fake");
    CHECK(request["Policy"] == "weekly");
    CHECK(outcome.reply["Cwd"] == std::filesystem::canonical(work.path()).string());
    const auto& environment = outcome.reply["Environment"];
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
