// Simulation testing of the safety invariants of issue 8 (FoundationDB's style: many seeded
// random runs, each reproducible from the seed it prints). Each run draws a cluster (1-50 nodes,
// 1-6 upgrade domains, a budget), 1-3 policies on it with overlapping windows, and a driver that
// fails, times out and hangs at random; cycles are paused, have their policy removed by a
// reload (the cycle winds down and is closed), crash (the executor is dropped and restored from
// its last stored snapshot, the node's drain outliving the process) and take turns on the
// cluster's lease (daemon::ClusterLeases). An observer sees every driver call as
// the cluster would: a node is down from its Drain call until its Resume succeeds. After every
// executor step it checks:
//   - nodes down on the cluster <= its budget, and <= the running policy's budget
//     (NodeWise: 1; UpgradeDomainWise: all in one domain, at most the domain capacity);
//   - no node is drained by two cycles;
//   - no node is down once a cycle has ended or paused, or when the lease passes on;
//   - a node whose PreCheck failed is not drained (until a later PreCheck of it passes).
// The driver has PreCheck and PostCheck, which fail at random like the other operations.
// The same runs without the lease (the cycles of every policy interleaved) must break it.
#include "../rollout/fixtures.hpp"
#include "daemon/cluster_lease.hpp"
#include "rollout/executor.hpp"
#include "rollout/planner.hpp"

#include <doctest/doctest.h>

#include <map>
#include <memory>
#include <random>
#include <set>
#include <sstream>

namespace pw::rollout {
namespace {

using driver::CallStatus;
using driver::Operation;

const Instant k_origin = test::at("2026-12-05T22:00:00Z");

struct Violations {
  std::vector<std::string> found;
  std::size_t checks = 0;
  void add(std::string text) {
    if (found.size() < 5) found.push_back(std::move(text));
  }
};

// What the cluster sees: which node is down, for which cycle.
struct Observer {
  std::map<std::string, std::string> down;  // node -> cycle that drained it
};

// A Driver for one cycle that tells the Observer what it does to the nodes. Completions of
// Resume bring a node up; a Drain takes it down (a second cycle draining it is a violation).
class ObservedDriver final : public driver::Driver {
 public:
  ObservedDriver(Clock& clock, Observer& observer, Violations& violations, std::string cycle,
                 std::mt19937_64& random, int failure_percent)
      : m_inner(clock),
        m_observer(observer),
        m_violations(violations),
        m_cycle(std::move(cycle)),
        m_random(random),
        m_failure_percent(failure_percent) {
    m_inner.checks = {Operation::PreCheck, Operation::PostCheck};
    m_inner.script = [this](const driver::Call& call, Seconds& duration) {
      driver::Outcome outcome = m_inner.default_outcome(call);
      if (!call.node.empty() && call.operation != Operation::Resume && roll(m_failure_percent)) {
        outcome = driver::Outcome{CallStatus::Failed, {}, "injected failure", {}};
      }
      if (call.operation == Operation::Install) {
        duration = Minutes{20 + static_cast<int>(m_random() % 60)};
        if (roll(5)) duration = call.timeout + Minutes{1};  // a hang: the call times out
      } else if (call.operation == Operation::Resume && roll(m_failure_percent / 2)) {
        outcome = driver::Outcome{CallStatus::Failed, {}, "resume failed once", {}};
      }
      return outcome;
    };
  }

  driver::CallId start(const driver::Call& call) override {
    if (call.operation == Operation::PreCheck) m_failed_precheck.erase(call.node);
    if (call.operation == Operation::Drain) {
      ++m_violations.checks;
      if (m_failed_precheck.count(call.node) != 0) {
        m_violations.add(call.node + " drained by " + m_cycle + " after its PreCheck failed");
      }
      const auto it = m_observer.down.find(call.node);
      if (it != m_observer.down.end() && it->second != m_cycle) {
        m_violations.add(call.node + " drained by " + m_cycle + " while down for " + it->second);
      }
      m_observer.down[call.node] = m_cycle;
    }
    const driver::CallId id = m_inner.start(call);
    if (call.operation == Operation::Resume) m_resumes[id] = call.node;
    if (call.operation == Operation::PreCheck) m_prechecks[id] = call.node;
    return id;
  }

  std::vector<driver::Completion> wait_next(Instant deadline) override {
    auto done = m_inner.wait_next(deadline);
    for (const driver::Completion& completion : done) {
      if (const auto check = m_prechecks.find(completion.id); check != m_prechecks.end()) {
        if (completion.outcome.status != CallStatus::Ok) m_failed_precheck.insert(check->second);
        m_prechecks.erase(check);
      }
      const auto it = m_resumes.find(completion.id);
      if (it == m_resumes.end()) continue;
      if (completion.outcome.status == CallStatus::Ok) m_observer.down.erase(it->second);
      m_resumes.erase(it);
    }
    return done;
  }

  [[nodiscard]] std::size_t in_flight() const override { return m_inner.in_flight(); }
  [[nodiscard]] bool supports(Operation operation) const override {
    return m_inner.supports(operation);
  }

 private:
  bool roll(int percent) { return static_cast<int>(m_random() % 100) < percent; }

  test::RecordingDriver m_inner;
  Observer& m_observer;
  Violations& m_violations;
  std::string m_cycle;
  std::mt19937_64& m_random;
  int m_failure_percent;
  std::map<driver::CallId, std::string> m_resumes;
  std::map<driver::CallId, std::string> m_prechecks;
  std::set<std::string> m_failed_precheck;  // nodes whose last PreCheck failed
};

policy::MaxUnavailable random_budget(std::mt19937_64& random) {
  if (random() % 3 == 0) {
    return {policy::MaxUnavailable::Kind::Percent, 10 + static_cast<int>(random() % 60)};
  }
  return {policy::MaxUnavailable::Kind::Count, 1 + static_cast<int>(random() % 3)};
}

// One policy's cycle on the cluster: its executor (when it runs), driver and journal.
struct Cycle {
  policy::PatchPolicy policy;
  std::string id;
  std::unique_ptr<ObservedDriver> driver;
  std::unique_ptr<RecordingJournal> journal;
  std::unique_ptr<Executor> executor;
  std::optional<CycleState> stored;  // the snapshot a restore starts from
  bool done = false;
  bool removed = false;  // a reload removed or disabled the policy while its cycle ran
};

struct Run {
  Run(std::uint64_t seed, bool use_lease) : random(seed), lease(use_lease) {
    const int nodes = 1 + static_cast<int>(random() % 50);
    const int domains = 1 + static_cast<int>(random() % 6);
    cluster = test::make_cluster(nodes, domains, 60);
    cluster.max_unavailable = random_budget(random);
    failure_percent = static_cast<int>(random() % 30);
    const int count = 1 + static_cast<int>(random() % 3);
    for (int i = 0; i < count; ++i) {
      Cycle cycle;
      cycle.policy =
          test::make_policy(random() % 2 == 0 ? policy::ApprovalPolicy::NodeWise
                                              : policy::ApprovalPolicy::UpgradeDomainWise);
      cycle.policy.name = "p" + std::to_string(i);
      if (cycle.policy.approval == policy::ApprovalPolicy::UpgradeDomainWise) {
        cycle.policy.max_unavailable = random_budget(random);
      }
      cycle.policy.reschedule_count = static_cast<int>(random() % 3);
      cycle.policy.reschedule_time = Minutes{static_cast<int>(random() % 40)};
      cycle.policy.operation_retry_count = static_cast<int>(random() % 3);
      cycle.policy.operation_timeout = Minutes{90};
      cycle.policy.reboot =
          random() % 2 == 0 ? policy::RebootPolicy::IfRequired : policy::RebootPolicy::Always;
      cycle.id = cycle.policy.name + "@1";
      cycles.push_back(std::move(cycle));
    }
  }

  // Nodes that may be down at once under `policy`, and whether they must share a domain.
  int cap(const policy::PatchPolicy& policy) const {
    const int size = static_cast<int>(cluster.nodes.size());
    if (policy.approval == policy::ApprovalPolicy::NodeWise) return 1;
    int largest = 0;
    std::map<std::string, int> sizes;
    for (const auto& node : cluster.nodes)
      largest = std::max(largest, ++sizes[node.upgrade_domain]);
    return domain_capacity(policy.max_unavailable, largest, cluster.max_unavailable, size);
  }

  void check(const Cycle& running, const char* when) {
    ++violations.checks;
    const int cluster_cap = cluster.max_unavailable.resolve(static_cast<int>(cluster.nodes.size()));
    const int down = static_cast<int>(observer.down.size());
    std::ostringstream where;
    where << when << " at " << format_utc(clock.now()) << " (" << running.id << ")";
    if (down > cluster_cap) {
      violations.add(std::to_string(down) + " nodes down > cluster budget " +
                     std::to_string(cluster_cap) + " " + where.str());
    }
    if (lease && down > cap(running.policy)) {
      violations.add(std::to_string(down) + " nodes down > policy budget " +
                     std::to_string(cap(running.policy)) + " " + where.str());
    }
    std::set<std::string> domains;
    for (const auto& [node, cycle] : observer.down) {
      for (const auto& known : cluster.nodes) {
        if (known.name == node) domains.insert(known.upgrade_domain);
      }
    }
    if (lease && running.policy.approval == policy::ApprovalPolicy::UpgradeDomainWise &&
        domains.size() > 1) {
      violations.add("nodes of " + std::to_string(domains.size()) + " domains down " + where.str());
    }
  }

  void expect_all_up(const Cycle& cycle, const char* when) {
    ++violations.checks;
    if (!observer.down.empty()) {
      violations.add(observer.down.begin()->first + " still down " + std::string(when) + " (" +
                     cycle.id + ")");
    }
  }

  void start(Cycle& cycle) {
    cycle.driver = std::make_unique<ObservedDriver>(clock, observer, violations, cycle.id, random,
                                                    failure_percent);
    cycle.journal = std::make_unique<RecordingJournal>(&clock);
    CycleSetup setup{cycle.policy, cluster, {k_origin, {}}, cycle.id, {}, {}};
    if (cycle.stored) {
      cycle.executor =
          Executor::restore(std::move(setup), *cycle.stored, *cycle.driver, clock, *cycle.journal);
    } else {
      cycle.executor =
          std::make_unique<Executor>(std::move(setup), *cycle.driver, clock, *cycle.journal);
    }
  }

  // Steps `cycle` for a while, with a pause or a crash now and then. Returns when it ended,
  // paused or crashed (its executor is then gone).
  void play(Cycle& cycle, int steps) {
    if (!cycle.executor) start(cycle);
    for (int i = 0; i < steps && !cycle.done; ++i) {
      const RunStatus status = cycle.executor->step(clock.now() + std::chrono::days{2});
      check(cycle, "after a step");
      if (status == RunStatus::Completed || status == RunStatus::Halted ||
          status == RunStatus::WindowClosed) {
        expect_all_up(cycle, "at the cycle's end");
        cycle.done = true;
        cycle.executor.reset();
        return;
      }
      if (status == RunStatus::Paused) {
        expect_all_up(cycle,
                      cycle.removed ? "when the removed policy's cycle stopped" : "when paused");
        if (cycle.removed) {  // the daemon closes it: Stopped
          cycle.done = true;
          cycle.executor.reset();
          return;
        }
        cycle.stored = cycle.journal->last_state;
        cycle.executor.reset();
        return;
      }
      const auto event = random() % 400;
      if (event == 0) {
        cycle.executor->set_pausing(true);  // winds down over the next steps
      } else if (event == 2) {
        // A reload without the policy (or with it disabled): the cycle winds down as for a
        // pause, then is closed (daemon::Scheduler::reload, CycleRunner::wind_down(true)).
        cycle.removed = true;
        cycle.executor->set_pausing(true);
      } else if (event == 1 && cycle.journal->last_state) {
        // A crash: the process is gone, the nodes are as they were; restored at once (a
        // restarted daemon restores unfinished cycles before anything else takes the lease).
        cycle.stored = cycle.journal->last_state;
        cycle.executor.reset();
        start(cycle);
      }
    }
  }

  void play_all() {
    for (int round = 0; round < 400; ++round) {
      bool any = false;
      for (Cycle& cycle : cycles) {
        if (cycle.done) continue;
        any = true;
        if (!lease) {
          play(cycle, 1 + static_cast<int>(random() % 5));  // interleaved: no lease
          continue;
        }
        auto held = leases.acquire(cluster.name, cycle.policy.name, clock.now());
        if (!held) continue;
        // Holds the lease until the cycle ends or its pause completed.
        for (int turn = 0; turn < 400; ++turn) {
          play(cycle, 50);
          if (cycle.done || !cycle.executor) break;
        }
        if (cycle.executor) continue;  // still running: keeps the lease next round
        expect_all_up(cycle, "when the lease passes on");
      }
      if (!any) return;
    }
  }

  std::mt19937_64 random;
  bool lease;
  VirtualClock clock{k_origin};
  Observer observer;
  Violations violations;
  daemon::ClusterLeases leases;
  policy::Cluster cluster;
  int failure_percent = 0;
  std::vector<Cycle> cycles;
};

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr int k_runs = 300;  // sanitizers run the same code about ten times slower
#else
constexpr int k_runs = 2000;
#endif

}  // namespace

TEST_SUITE("invariants (simulation testing)") {
  TEST_CASE("random clusters, policies, failures, pauses and crashes never break the budget") {
    const std::uint64_t base = 20261201;
    std::size_t checks = 0;
    for (int i = 0; i < k_runs; ++i) {
      const std::uint64_t seed = base + static_cast<std::uint64_t>(i);
      Run run(seed, true);
      run.play_all();
      checks += run.violations.checks;
      INFO("seed ", seed, ": ", run.violations.found.empty() ? "" : run.violations.found.front());
      REQUIRE(run.violations.found.empty());
    }
    MESSAGE(k_runs << " runs, " << checks << " checks after events, 0 violations");
    CHECK(checks > static_cast<std::size_t>(k_runs) * 10);
  }

  TEST_CASE("without the lease the same runs break it: the test can fail") {
    int broken = 0;
    for (int i = 0; i < 300; ++i) {
      Run run(20261201 + static_cast<std::uint64_t>(i), false);
      run.play_all();
      if (!run.violations.found.empty()) ++broken;
    }
    MESSAGE(broken << " of 300 runs without the lease broke an invariant");
    CHECK(broken > 0);
  }
}

}  // namespace pw::rollout
