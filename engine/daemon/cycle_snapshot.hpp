// The stored form of a running cycle: the rollout's CycleState and NodeTask values as the JSON
// text kept in the store's cycle and node-task rows. Written and read only here, so a field
// renamed in the rollout is a compile error here, and status reads the typed values back
// instead of picking JSON fields by name. Results are stored on their own (poa_results.hpp).
//
// Thread-safety: pure functions.
#pragma once

#include "rollout/cycle_state.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace pw::daemon {

[[nodiscard]] std::string node_task_snapshot(const rollout::NodeTask& task);
// Everything but the results.
[[nodiscard]] std::string cycle_snapshot(const rollout::CycleState& state);

// Inverses; nullopt when the text is not such a snapshot (damaged or from another version).
[[nodiscard]] std::optional<rollout::NodeTask> node_task_from_snapshot(std::string_view text);
[[nodiscard]] std::optional<rollout::CycleState> cycle_from_snapshot(std::string_view text);

}  // namespace pw::daemon
