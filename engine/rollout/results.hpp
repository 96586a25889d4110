// Results in POA's GetWindowsUpdateResults shape (DESIGN.md §5):
//   [{"NodeName", "WindowsUpdateOperationResults": [{"OperationResult", "NodeName",
//     "OperationStartTime", "OperationTime", "UpdateDetails": [{"UpdateId", "Title",
//     "Description", "ResultCode", "HResult"}], "OperationType", "WindowsUpdateQuery",
//     "WindowsUpdateFrequency", "RebootRequired"}]}]
// OperationResult and ResultCode as POA: 0 Succeeded, 1 SucceededWithErrors, 2 Failed,
// 3 Aborted, 4 AbortedWithTimeout. OperationType: 0 Installation, 1 SearchAndDownload.
#pragma once

#include "core/time.hpp"
#include "core/update.hpp"
#include "policy/model.hpp"
#include "rollout/cycle_state.hpp"

#include <nlohmann/json.hpp>

#include <deque>
#include <string>
#include <vector>

namespace pw::rollout {

enum class OperationResult : int {
  Succeeded = 0,
  SucceededWithErrors = 1,
  Failed = 2,
  Aborted = 3,
  AbortedWithTimeout = 4
};
enum class OperationType : int { Installation = 0, SearchAndDownload = 1 };

struct UpdateDetail {
  const UpdateRecord* update = nullptr;  // REQUIRES: non-null
  OperationResult result = OperationResult::Succeeded;
  long long hresult = 0;
};

struct OperationSummary {
  std::string node;
  OperationType type = OperationType::Installation;
  OperationResult result = OperationResult::Succeeded;
  Instant start{};
  Instant end{};
  std::vector<UpdateDetail> updates;
  bool reboot_required = false;
};

[[nodiscard]] OperationRecord make_record(const OperationSummary& summary,
                                          const policy::PatchPolicy& policy);

// Appends, dropping the oldest records beyond `cap` (MaxResultsToCache, at least 1).
void append_capped(std::deque<OperationRecord>& records, OperationRecord record, int cap);

// Groups records by node, in order of each node's first record.
[[nodiscard]] nlohmann::json to_poa_results(const std::deque<OperationRecord>& records);
[[nodiscard]] nlohmann::json to_poa_results(const std::vector<OperationRecord>& records);

}  // namespace pw::rollout
