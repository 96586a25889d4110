#include "rollout/results.hpp"

#include <algorithm>

namespace pw::rollout {

OperationRecord make_record(const OperationSummary& summary, const policy::PatchPolicy& policy) {
  OperationRecord record{summary.node,      summary.type,          summary.result,
                         summary.start,     summary.end,           {},
                         policy.query_text, policy.frequency_text, summary.reboot_required};
  for (const UpdateDetail& detail : summary.updates) {
    record.updates.push_back(UpdateResult{detail.update->update_id, detail.update->title,
                                          detail.update->description, detail.result,
                                          detail.hresult});
  }
  return record;
}

void append_capped(std::deque<OperationRecord>& records, OperationRecord record, int cap) {
  records.push_back(std::move(record));
  const auto limit = static_cast<std::size_t>(std::max(cap, 1));
  while (records.size() > limit) records.pop_front();
}

}  // namespace pw::rollout
