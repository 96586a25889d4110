// Journal: where the executor reports every change, synchronously and BEFORE it acts on it
// (DESIGN.md §5: "every transition is stored before it is acted on"). The store implements it
// with SQLite, so a restarted daemon restores the cycle (Executor::restore) from what it kept.
// Tests use RecordingJournal; `simulate` uses NullJournal.
//
// Thread-safety: called from the executor's thread only.
#pragma once

#include "core/clock.hpp"
#include "rollout/cycle_state.hpp"

#include <string>
#include <vector>

namespace pw::rollout {

class Journal {
 public:
  virtual ~Journal() = default;

  // A node's task changed by `event` (including retries, which keep the sub-state). `task` is
  // the new value; `cycle` is the cycle it belongs to.
  virtual void on_transition(const CycleState& cycle, const NodeTask& task, SubState from,
                             TaskEvent event) = 0;

  // An operation result was added.
  virtual void on_result(const CycleState& cycle, const OperationRecord& record) = 0;

  // An update's consecutive failure count on a node changed; `quarantined` when it reached
  // QuarantineAfterFailures (the update is skipped there from now on).
  virtual void on_quarantine(const CycleState& cycle, const std::string& node,
                             const std::string& update_id, int consecutive_failures,
                             bool quarantined) = 0;

  // Cycle-wide change: window opened, halted, waiting (and why), finished.
  virtual void on_cycle(const CycleState& cycle, const std::string& what) = 0;
};

class NullJournal final : public Journal {
 public:
  void on_transition(const CycleState&, const NodeTask&, SubState, TaskEvent) override {}
  void on_result(const CycleState&, const OperationRecord&) override {}
  void on_quarantine(const CycleState&, const std::string&, const std::string&, int,
                     bool) override {}
  void on_cycle(const CycleState&, const std::string&) override {}
};

// Keeps everything in memory, for tests.
class RecordingJournal final : public Journal {
 public:
  struct Transition {
    std::string node;
    SubState from;
    SubState to;
    TaskEvent event;
    Instant at;
  };
  struct Quarantine {
    std::string node;
    std::string update_id;
    int consecutive_failures;
    bool quarantined;
  };

  // With a clock, transitions carry the instant they were recorded at.
  explicit RecordingJournal(const Clock* clock = nullptr) : m_clock(clock) {}

  void on_transition(const CycleState& cycle, const NodeTask& task, SubState from,
                     TaskEvent event) override;
  void on_result(const CycleState& cycle, const OperationRecord& record) override;
  void on_quarantine(const CycleState& cycle, const std::string& node, const std::string& update_id,
                     int consecutive_failures, bool quarantined) override;
  void on_cycle(const CycleState& cycle, const std::string& what) override;

  std::vector<Transition> transitions;
  std::vector<OperationRecord> results;
  std::vector<Quarantine> quarantines;
  std::vector<std::string> cycle_events;
  std::optional<CycleState> last_state;  // the cycle as of the last call (a crash point)

 private:
  const Clock* m_clock;
};

}  // namespace pw::rollout
