// The rows of the state database as plain values (DESIGN.md §5): cycles, node tasks, results
// history, update failure counts (quarantine), the audit log and missed windows.
#pragma once

#include "core/time.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace pw::store {

using CycleId = std::int64_t;

// One cycle: a policy's run in one window. `state` is the rollout's cycle state as text
// ("Running", "Completed", "Halted", ...); a cycle with no `finished_at` is still open and is
// resumed after a restart.
struct CycleRecord {
  CycleId id = 0;
  std::string policy;
  std::string cluster;
  Instant window_start{};
  std::optional<Instant> window_end;
  std::string state;
  std::string content_hash;  // the policy version the cycle runs under
  Instant started_at{};
  std::optional<Instant> finished_at;
};

// A node's repair task inside a cycle. `data` is the rollout's full snapshot of the task as
// JSON (updates, expected minutes, ...); the other columns are what queries and status need.
struct NodeTaskRecord {
  CycleId cycle_id = 0;
  std::string node;
  std::string state;  // POA repair-task state
  int sub_state = 0;  // executor sub-state 1..10
  int attempts = 0;
  int reschedules = 0;
  std::optional<Instant> next_attempt;
  std::string data = "{}";
};

// One line of the audit log: a transition of a node task (or of the cycle, node = "").
struct AuditRecord {
  std::int64_t id = 0;
  Instant at{};
  std::string policy;
  CycleId cycle_id = 0;
  std::string node;
  std::string from_state;
  std::string to_state;
  std::string content_hash;
  std::string detail;
};

// One node's result in POA's GetWindowsUpdateResults shape (JSON text).
struct ResultRecord {
  std::int64_t id = 0;
  std::string policy;
  std::string node;
  CycleId cycle_id = 0;
  Instant recorded_at{};
  std::string json;
};

struct MissedWindow {
  std::string policy;
  Instant window_start{};
  std::optional<Instant> window_end;
  Instant recorded_at{};
  // Why: "" (the daemon was not running) or e.g. "cluster 'X' was held by policy 'Y'".
  std::string reason{};
};

}  // namespace pw::store
