// Results: what the executor records of each operation, in the terms of POA's
// GetWindowsUpdateResults (DESIGN.md §5; the JSON shape is written by daemon/poa_results.hpp).
// Pure.
#pragma once

#include "core/time.hpp"
#include "core/update.hpp"
#include "policy/model.hpp"
#include "rollout/cycle_state.hpp"

#include <deque>
#include <string>
#include <vector>

namespace pw::rollout {

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

}  // namespace pw::rollout
