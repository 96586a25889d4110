// Results in POA's GetWindowsUpdateResults JSON shape (DESIGN.md §5), as the store keeps them
// and the API and `results` show them:
//   [{"NodeName", "WindowsUpdateOperationResults": [{"OperationResult", "NodeName",
//     "OperationStartTime", "OperationTime", "UpdateDetails": [{"UpdateId", "Title",
//     "Description", "ResultCode", "HResult"}], "OperationType", "WindowsUpdateQuery",
//     "WindowsUpdateFrequency", "RebootRequired"}]}]
// The rollout keeps results as typed OperationRecords; this is the one place they become JSON.
//
// Thread-safety: pure functions.
#pragma once

#include "rollout/cycle_state.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pw::daemon {

// One WindowsUpdateOperationResults element.
[[nodiscard]] std::string poa_result_json(const rollout::OperationRecord& record);
// Its inverse; nullopt for text that is not such an element.
[[nodiscard]] std::optional<rollout::OperationRecord> poa_result_from_json(std::string_view text);

// The whole GetWindowsUpdateResults document: records grouped by node, in order of each node's
// first record (pretty-printed with `indent` > 0).
[[nodiscard]] std::string poa_results_document(const std::vector<rollout::OperationRecord>& records,
                                               int indent = -1);

}  // namespace pw::daemon
