#include "driver/update_json.hpp"

#include <string>

namespace pw::driver {

using nlohmann::json;

json update_to_json(const UpdateRecord& update) {
  return json{{"UpdateId", update.update_id},
              {"RevisionNumber", update.revision_number},
              {"Title", update.title},
              {"Description", update.description},
              {"KBArticleIds", update.kb_article_ids},
              {"Type", update.type == UpdateType::Driver ? "Driver" : "Software"},
              {"CategoryIds", update.category_ids},
              {"IsInstalled", update.is_installed},
              {"IsHidden", update.is_hidden},
              {"IsAssigned", update.is_assigned},
              {"IsPresent", update.is_present},
              {"BrowseOnly", update.browse_only},
              {"AutoSelectOnWebSites", update.auto_select_on_websites},
              {"RebootRequired", update.reboot_required},
              {"EulaAccepted", update.eula_accepted},
              {"DeploymentAction", update.deployment_action},
              {"SizeBytes", update.size_bytes}};
}

namespace {

Result<Done> read_bool(const json& object, const char* key, bool& out) {
  const auto it = object.find(key);
  if (it == object.end()) return Done{};
  if (!it->is_boolean()) return Error{std::string{key} + " must be a boolean"};
  out = it->get<bool>();
  return Done{};
}

Result<Done> read_string(const json& object, const char* key, std::string& out) {
  const auto it = object.find(key);
  if (it == object.end()) return Done{};
  if (!it->is_string()) return Error{std::string{key} + " must be a string"};
  out = it->get<std::string>();
  return Done{};
}

Result<Done> read_strings(const json& object, const char* key, std::vector<std::string>& out) {
  const auto it = object.find(key);
  if (it == object.end()) return Done{};
  if (!it->is_array()) return Error{std::string{key} + " must be a list of strings"};
  for (const json& item : *it) {
    if (!item.is_string()) return Error{std::string{key} + " must be a list of strings"};
    out.push_back(item.get<std::string>());
  }
  return Done{};
}

template <typename Integer>
Result<Done> read_integer(const json& object, const char* key, Integer& out) {
  const auto it = object.find(key);
  if (it == object.end()) return Done{};
  if (!it->is_number_integer()) return Error{std::string{key} + " must be an integer"};
  out = it->get<Integer>();
  return Done{};
}

std::string lower(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

Result<Done> read_flags(const json& object, UpdateRecord& update) {
  PW_TRY(read_bool(object, "IsInstalled", update.is_installed));
  PW_TRY(read_bool(object, "IsHidden", update.is_hidden));
  PW_TRY(read_bool(object, "IsAssigned", update.is_assigned));
  PW_TRY(read_bool(object, "IsPresent", update.is_present));
  PW_TRY(read_bool(object, "BrowseOnly", update.browse_only));
  PW_TRY(read_bool(object, "AutoSelectOnWebSites", update.auto_select_on_websites));
  PW_TRY(read_bool(object, "RebootRequired", update.reboot_required));
  PW_TRY(read_bool(object, "EulaAccepted", update.eula_accepted));
  return Done{};
}

}  // namespace

Result<UpdateRecord> update_from_json(const json& object) {
  if (!object.is_object()) return Error{"an update must be an object"};
  UpdateRecord update;
  PW_TRY(read_string(object, "UpdateId", update.update_id));
  if (update.update_id.empty()) return Error{"UpdateId is required"};
  update.update_id = lower(update.update_id);
  PW_TRY(read_string(object, "Title", update.title));
  PW_TRY(read_string(object, "Description", update.description));
  PW_TRY(read_integer(object, "RevisionNumber", update.revision_number));
  PW_TRY(read_strings(object, "KBArticleIds", update.kb_article_ids));
  PW_TRY(read_strings(object, "CategoryIds", update.category_ids));
  for (std::string& id : update.category_ids) id = lower(id);
  std::string type = "Software";
  PW_TRY(read_string(object, "Type", type));
  if (type != "Software" && type != "Driver") return Error{"Type must be Software or Driver"};
  update.type = type == "Driver" ? UpdateType::Driver : UpdateType::Software;
  PW_TRY(read_flags(object, update));
  PW_TRY(read_string(object, "DeploymentAction", update.deployment_action));
  PW_TRY(read_integer(object, "SizeBytes", update.size_bytes));
  return update;
}

}  // namespace pw::driver
