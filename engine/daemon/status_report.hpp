// The documents behind `status`, `results`, the HTTP API and /metrics, built from the store
// (every transition is there before it is acted on, so the store is the truth) plus what only
// the running daemon knows: the policy set and the next windows. The CLI builds the same
// documents from the state directory alone when no daemon runs.
//
//   status:  {"now", "daemon": bool, "policies": [{"policy", "cluster", "paused",
//             "state": "Paused" | "Waiting" | "Running" | "Idle",
//             "waiting_for": "" | "cluster 'X' is held by policy 'Y'", "waiting_since": T | null,
//             "next_window": {"start", "end"} | null, "missed_windows",
//             "last_missed": {"window_start", "window_end", "reason"} | null,
//             "cycle": {"id", "state", "window_start", "window_end", "started_at",
//                       "finished_at", "content_hash", "wait_reason", "halt_reason"} | null,
//             "nodes": [{"name", "upgrade_domain", "task_state", "sub_state", "sub_state_number",
//                        "ExecutorData": {"ExecutorSubState", "RestartRequestedTime"},
//                        "result", "attempts", "reschedules", "next_attempt", "waiting_for"}]}]}
//   task_state is POA's repair-task state; ExecutorSubState POA's number (rollout/poa_state.hpp);
//   sub_state and sub_state_number are patchwarden's own, finer steps.
//   results: POA's GetWindowsUpdateResults array (rollout/results.hpp).
//
// Thread-safety: pure functions over a thread-safe Store.
#pragma once

#include "core/result.hpp"
#include "core/time.hpp"
#include "schedule/window.hpp"
#include "store/store.hpp"

#include <nlohmann/json_fwd.hpp>  // the documents are built in the .cpp files

#include <optional>
#include <string>
#include <vector>

namespace pw::daemon {

struct PolicyView {
  std::string name;
  std::string cluster;
  std::optional<schedule::Window> next_window;
  std::string waiting_for;  // why it waits for its cluster's lease, "" when not
  std::optional<Instant> waiting_since;
};

// `policies` empty: every policy the store knows of (no next windows).
Result<nlohmann::json> status_document(store::Store& store, std::vector<PolicyView> policies,
                                       Instant now, bool daemon_running);

// POA's GetWindowsUpdateResults: Installation records only, as POA shows them by default;
// `all_types` adds the SearchAndDownload ones.
Result<nlohmann::json> results_document(store::Store& store, bool all_types = false);

// Prometheus text exposition of a status document plus cycle counts from the store.
Result<std::string> metrics_text(store::Store& store, const nlohmann::json& status);

// `status --format table` and `results --format table`.
std::string status_table(const nlohmann::json& status);
std::string results_table(const nlohmann::json& results);

}  // namespace pw::daemon
