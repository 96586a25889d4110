// Test fixtures for the rollout tests: policies and clusters built in code, and a recording
// fake driver (ninja's FakeCommandRunner) whose replies each test scripts.
#pragma once

#include "core/clock.hpp"
#include "driver/driver.hpp"
#include "policy/model.hpp"
#include "query/query.hpp"

#include <functional>
#include <map>
#include <optional>
#include <queue>
#include <set>
#include <string>
#include <vector>

namespace pw::rollout::test {

inline Instant at(const char* text) {
  return *parse_rfc3339(text);
}

inline UpdateRecord update(const std::string& id, const std::string& kb,
                           std::vector<std::string> categories = {}) {
  UpdateRecord record;
  record.update_id = id;
  record.title = "Update " + kb;
  record.kb_article_ids = {kb};
  record.category_ids = std::move(categories);
  return record;
}

inline policy::PatchPolicy make_policy(policy::ApprovalPolicy approval) {
  policy::PatchPolicy policy;
  policy.name = "p";
  policy.cluster = "c";
  policy.query = query::parse_query(policy.query_text).query;
  policy.approval = approval;
  return policy;
}

// `nodes` nodes n01.. in consecutive blocks over `domains` domains ud1.., `minutes` each. Its
// budget lets every node be down (POA has no cluster budget); tests of the budget set it.
inline policy::Cluster make_cluster(int nodes, int domains, int minutes) {
  policy::Cluster cluster;
  cluster.name = "c";
  cluster.max_unavailable = {policy::MaxUnavailable::Kind::Percent, 100};
  cluster.driver = policy::DriverKind::Simulated;
  cluster.simulation.patch_minutes = {minutes, minutes};
  cluster.simulation.updates = {update("11111111-0000-0000-0000-000000000001", "KB1")};
  const int per_domain = (nodes + domains - 1) / domains;
  for (int i = 0; i < nodes; ++i) {
    policy::Node node;
    node.name = "n" + std::string(i < 9 ? "0" : "") + std::to_string(i + 1);
    node.upgrade_domain = "ud" + std::to_string(i / per_domain + 1);
    cluster.nodes.push_back(node);
  }
  return cluster;
}

// Records every call; completes each after the duration and with the outcome `script`
// chooses (default: Ok at once; Search offers `updates`; cluster Health lists `unhealthy`).
class RecordingDriver final : public driver::Driver {
 public:
  struct Record {
    driver::Operation operation;
    std::string node;
    Instant at;
    std::optional<std::vector<std::string>> updates;
  };
  using Script = std::function<driver::Outcome(const driver::Call&, Seconds& duration)>;

  explicit RecordingDriver(Clock& clock) : m_clock(clock) {}

  driver::CallId start(const driver::Call& call) override {
    calls.push_back(Record{call.operation, call.node, m_clock.now(), call.updates});
    Seconds duration{0};
    driver::Outcome outcome = script ? script(call, duration) : default_outcome(call);
    if (duration > call.timeout) {
      duration = call.timeout;
      outcome = driver::Outcome{driver::CallStatus::TimedOut, {}, "timed out", {}};
    }
    const driver::CallId id = m_next++;
    m_queue.push({m_clock.now() + duration, id});
    m_outcomes[id] = std::move(outcome);
    return id;
  }

  std::vector<driver::Completion> wait_next(Instant deadline) override {
    std::vector<driver::Completion> done;
    if (m_queue.empty() || m_queue.top().first > deadline) {
      m_clock.sleep_until(deadline);
      return done;
    }
    m_clock.sleep_until(m_queue.top().first);
    const Instant now = m_queue.top().first;
    while (!m_queue.empty() && m_queue.top().first <= now) {
      const driver::CallId id = m_queue.top().second;
      m_queue.pop();
      m_outcomes[id].finished_at = now;
      done.push_back({id, std::move(m_outcomes[id])});
      m_outcomes.erase(id);
    }
    return done;
  }

  [[nodiscard]] std::size_t in_flight() const override { return m_queue.size(); }

  // PreCheck and PostCheck only when listed in `checks` (like an Exec cluster with templates).
  [[nodiscard]] bool supports(driver::Operation operation) const override {
    if (operation == driver::Operation::PreCheck || operation == driver::Operation::PostCheck) {
      return checks.count(operation) != 0;
    }
    return true;
  }

  driver::Outcome default_outcome(const driver::Call& call) const {
    driver::Reply reply;
    if (call.operation == driver::Operation::Search) {
      reply = driver::SearchReply{updates};
    } else if (call.operation == driver::Operation::Health && call.node.empty()) {
      reply = driver::ClusterHealthReply{{unhealthy.begin(), unhealthy.end()}};
    } else if (call.operation == driver::Operation::Health) {
      reply = driver::HealthReply{unhealthy.count(call.node) == 0, {}};
    } else if (call.operation == driver::Operation::Install) {
      reply = driver::InstallReply{};
    } else if (call.operation == driver::Operation::Inventory) {
      reply = driver::InventoryReply{inventory};
    }
    return driver::Outcome{driver::CallStatus::Ok, reply, "", {}};
  }

  [[nodiscard]] std::vector<Record> of(driver::Operation operation,
                                       const std::string& node = "*") const {
    std::vector<Record> found;
    for (const Record& record : calls) {
      if (record.operation == operation && (node == "*" || record.node == node)) {
        found.push_back(record);
      }
    }
    return found;
  }

  Script script;
  std::vector<UpdateRecord> updates{update("11111111-0000-0000-0000-000000000001", "KB1")};
  std::set<std::string> unhealthy;
  std::set<driver::Operation> checks;
  std::vector<driver::InventoryNode> inventory;  // what Inventory reports
  std::vector<Record> calls;

 private:
  Clock& m_clock;
  using Entry = std::pair<Instant, driver::CallId>;
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> m_queue;
  std::map<driver::CallId, driver::Outcome> m_outcomes;
  driver::CallId m_next = 1;
};

}  // namespace pw::rollout::test
