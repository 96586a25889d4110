// The Executor's private state, shared by executor.cpp (the step loop, approvals, status) and
// node_operations.cpp (driver calls and what each completion means for a node). Internal.
#pragma once

#include "rollout/executor.hpp"
#include "rollout/planner.hpp"
#include "rollout/results.hpp"

#include <functional>
#include <queue>
#include <unordered_map>
#include <utility>
#include <vector>

namespace pw::rollout {

// How long a cluster health answer is trusted for approvals.
inline constexpr Seconds k_health_fresh{60};
// While the health gate fails, it is checked again this often.
inline constexpr Minutes k_health_recheck{5};
// After a reboot, the node's Health is asked this often until RebootTimeoutInMinutes.
inline constexpr Minutes k_health_poll{1};
// Searches start this far apart, spread over at most k_search_spread.
inline constexpr Seconds k_search_stagger{2};
inline constexpr Seconds k_search_spread{300};

// "Failed: <message>", "TimedOut", ...: how a failed driver call reads in a task's message.
std::string failure_text(const driver::Outcome& outcome);

// A NotStarted task for a node of the cycle's cluster (or of its Inventory).
NodeTask new_task(const CycleSetup& setup, const policy::Node& node);

struct Executor::Impl {
  Impl(CycleSetup setup, CycleState state, driver::Driver& driver, Clock& clock, Journal& journal);

  // executor.cpp
  RunStatus step(Instant until);
  void start_cycle();
  void schedule_searches();
  void restore_operations();
  void adopt_nodes();
  void on_inventory(const driver::Outcome& outcome);
  void fail_cycle(const std::string& reason);
  Instant next_event(Instant until) const;
  void fire_timers();
  void approve();
  bool health_allows();
  void update_status();
  void settle_waiting(NodeResult result);
  void set_wait_reason(const std::string& reason);

  // node_operations.cpp
  void apply(std::size_t index, TaskEvent event);
  void schedule(std::size_t index, Instant at);
  void issue(std::size_t index);
  void on_timer(std::size_t index);
  void on_completion(std::size_t index, const driver::Outcome& outcome);
  void on_health(const driver::Outcome& outcome);
  void on_search(std::size_t index, const driver::Outcome& outcome);
  void on_download(std::size_t index, const driver::Outcome& outcome);
  void on_install(std::size_t index, const driver::Outcome& outcome);
  void on_restart(std::size_t index, const driver::Outcome& outcome);
  void on_resume(std::size_t index, const driver::Outcome& outcome);
  // node_checks.cpp
  void on_pre_check(std::size_t index, const driver::Outcome& outcome);
  void on_post_check(std::size_t index, const driver::Outcome& outcome);
  [[nodiscard]] TaskEvent approve_event() const;
  [[nodiscard]] TaskEvent patched_event(TaskEvent without_post_check) const;
  void reschedule_or_give_up(std::size_t index);
  void retry_or_fail(std::size_t index, const std::string& message);
  void fail(std::size_t index);
  void finish(std::size_t index, NodeResult result, TaskEvent event);
  void count_failure(std::size_t index, const std::string& update_id);
  void count_success(std::size_t index, const std::string& update_id);
  void add_record(const OperationSummary& summary);
  driver::Call make_call(std::size_t index, driver::Operation operation) const;
  [[nodiscard]] Instant now() const { return m_clock.now(); }
  [[nodiscard]] NodeTask& task(std::size_t index) { return m_state.nodes[index]; }

  CycleSetup m_setup;
  CycleState m_state;
  driver::Driver& m_driver;
  Clock& m_clock;
  Journal& m_journal;
  Planner m_planner;
  std::vector<const policy::Node*> m_cluster_nodes;  // parallel to m_state.nodes
  // The nodes Inventory reported (restored: rebuilt from the tasks), when the cluster has no
  // `Nodes`; m_cluster_nodes points into it then.
  std::vector<policy::Node> m_inventory;
  std::optional<driver::CallId> m_inventory_call;
  bool m_failed = false;
  std::unordered_map<std::string, std::size_t> m_index;

  using Timer = std::pair<Instant, std::size_t>;
  std::priority_queue<Timer, std::vector<Timer>, std::greater<>> m_timers;
  std::unordered_map<driver::CallId, std::size_t> m_calls;  // call → node index
  std::vector<bool> m_calling;                              // node has a call in flight

  std::optional<driver::CallId> m_health_call;
  std::optional<Instant> m_health_at;
  std::vector<std::string> m_unhealthy;
  std::optional<Instant> m_gate_recheck_at;

  bool m_started = false;
  bool m_restored = false;
  bool m_decide_now = false;
  bool m_window_exhausted = false;
  bool m_pausing = false;
  std::size_t m_finished = 0;
  std::size_t m_active = 0;  // nodes neither WaitingForApproval nor Finished
  RunStatus m_status = RunStatus::Running;
};

}  // namespace pw::rollout
