#include "daemon/poa_results.hpp"

#include <nlohmann/json.hpp>

#include <unordered_map>

namespace pw::daemon {

using nlohmann::json;
using rollout::OperationRecord;

namespace {

json element_json(const OperationRecord& record) {
  json details = json::array();
  for (const rollout::UpdateResult& update : record.updates) {
    details.push_back(json{{"UpdateId", update.update_id},
                           {"Title", update.title},
                           {"Description", update.description},
                           {"ResultCode", static_cast<int>(update.result)},
                           {"HResult", update.hresult}});
  }
  return json{{"OperationResult", static_cast<int>(record.result)},
              {"NodeName", record.node},
              {"OperationStartTime", format_utc(record.start)},
              {"OperationTime", format_utc(record.end)},
              {"UpdateDetails", std::move(details)},
              {"OperationType", static_cast<int>(record.type)},
              {"WindowsUpdateQuery", record.query},
              {"WindowsUpdateFrequency", record.frequency},
              {"RebootRequired", record.reboot_required}};
}

// Throws json::exception on a wrong type (caught below).
std::optional<OperationRecord> element_from(const json& object) {
  if (!object.is_object()) return std::nullopt;
  OperationRecord record;
  record.node = object.at("NodeName").get<std::string>();
  record.result = static_cast<rollout::OperationResult>(object.at("OperationResult").get<int>());
  record.type = static_cast<rollout::OperationType>(object.at("OperationType").get<int>());
  const auto start = parse_rfc3339(object.at("OperationStartTime").get<std::string>());
  const auto end = parse_rfc3339(object.at("OperationTime").get<std::string>());
  if (!start || !end) return std::nullopt;
  record.start = *start;
  record.end = *end;
  for (const json& detail : object.at("UpdateDetails")) {
    record.updates.push_back(rollout::UpdateResult{
        detail.at("UpdateId").get<std::string>(), detail.value("Title", ""),
        detail.value("Description", ""),
        static_cast<rollout::OperationResult>(detail.at("ResultCode").get<int>()),
        detail.value("HResult", 0LL)});
  }
  record.query = object.value("WindowsUpdateQuery", "");
  record.frequency = object.value("WindowsUpdateFrequency", "");
  record.reboot_required = object.value("RebootRequired", false);
  return record;
}

}  // namespace

std::string poa_result_json(const OperationRecord& record) {
  return element_json(record).dump();
}

std::optional<OperationRecord> poa_result_from_json(std::string_view text) {
  const json object = json::parse(text, nullptr, /*allow_exceptions=*/false);
  try {
    return element_from(object);
  } catch (const json::exception&) {
    return std::nullopt;  // a damaged row is skipped by the caller, not thrown across
  }
}

std::string poa_results_document(const std::vector<OperationRecord>& records, int indent) {
  json nodes = json::array();
  std::unordered_map<std::string, std::size_t> position;
  for (const OperationRecord& record : records) {
    auto [it, added] = position.emplace(record.node, nodes.size());
    if (added) {
      nodes.push_back(
          json{{"NodeName", record.node}, {"WindowsUpdateOperationResults", json::array()}});
    }
    nodes[it->second]["WindowsUpdateOperationResults"].push_back(element_json(record));
  }
  return nodes.dump(indent);
}

}  // namespace pw::daemon
