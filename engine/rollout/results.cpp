#include "rollout/results.hpp"

#include <algorithm>
#include <unordered_map>

namespace pw::rollout {

using nlohmann::json;

OperationRecord make_record(const OperationSummary& summary, const policy::PatchPolicy& policy) {
  json details = json::array();
  for (const UpdateDetail& detail : summary.updates) {
    details.push_back(json{{"UpdateId", detail.update->update_id},
                           {"Title", detail.update->title},
                           {"Description", detail.update->description},
                           {"ResultCode", static_cast<int>(detail.result)},
                           {"HResult", detail.hresult}});
  }
  json element{{"OperationResult", static_cast<int>(summary.result)},
               {"NodeName", summary.node},
               {"OperationStartTime", format_utc(summary.start)},
               {"OperationTime", format_utc(summary.end)},
               {"UpdateDetails", std::move(details)},
               {"OperationType", static_cast<int>(summary.type)},
               {"WindowsUpdateQuery", policy.query_text},
               {"WindowsUpdateFrequency", policy.frequency_text},
               {"RebootRequired", summary.reboot_required}};
  return OperationRecord{summary.node, std::move(element)};
}

void append_capped(std::deque<OperationRecord>& records, OperationRecord record, int cap) {
  records.push_back(std::move(record));
  const auto limit = static_cast<std::size_t>(std::max(cap, 1));
  while (records.size() > limit) records.pop_front();
}

namespace {

template <typename Records>
json group_by_node(const Records& records) {
  json nodes = json::array();
  std::unordered_map<std::string, std::size_t> position;
  for (const OperationRecord& record : records) {
    auto [it, added] = position.emplace(record.node, nodes.size());
    if (added) {
      nodes.push_back(
          json{{"NodeName", record.node}, {"WindowsUpdateOperationResults", json::array()}});
    }
    nodes[it->second]["WindowsUpdateOperationResults"].push_back(record.json);
  }
  return nodes;
}

}  // namespace

json to_poa_results(const std::deque<OperationRecord>& records) {
  return group_by_node(records);
}
json to_poa_results(const std::vector<OperationRecord>& records) {
  return group_by_node(records);
}

}  // namespace pw::rollout
