#include "driver/update_json.hpp"

#include <cstdint>
#include <limits>
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

constexpr std::int64_t k_max_int = std::numeric_limits<int>::max();
constexpr std::int64_t k_max_int64 = std::numeric_limits<std::int64_t>::max();

std::string lower(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

Status read_flags(const json& object, const JsonPlace& place, UpdateRecord& update) {
  constexpr Presence optional = Presence::Optional;
  PW_TRY(read_bool(object, place, "IsInstalled", optional, update.is_installed));
  PW_TRY(read_bool(object, place, "IsHidden", optional, update.is_hidden));
  PW_TRY(read_bool(object, place, "IsAssigned", optional, update.is_assigned));
  PW_TRY(read_bool(object, place, "IsPresent", optional, update.is_present));
  PW_TRY(read_bool(object, place, "BrowseOnly", optional, update.browse_only));
  PW_TRY(
      read_bool(object, place, "AutoSelectOnWebSites", optional, update.auto_select_on_websites));
  PW_TRY(read_bool(object, place, "RebootRequired", optional, update.reboot_required));
  PW_TRY(read_bool(object, place, "EulaAccepted", optional, update.eula_accepted));
  return Done{};
}

Status read_numbers(const json& object, const JsonPlace& place, UpdateRecord& update) {
  std::int64_t revision = update.revision_number;
  PW_TRY(read_integer(object, place, "RevisionNumber", Presence::Optional, 0, k_max_int, revision));
  update.revision_number = static_cast<int>(revision);
  PW_TRY(read_integer(object, place, "SizeBytes", Presence::Optional, 0, k_max_int64,
                      update.size_bytes));
  return Done{};
}

}  // namespace

Result<UpdateRecord> update_from_json(const json& object) {
  return update_from_json(object, JsonPlace("update"));
}

Result<UpdateRecord> update_from_json(const json& object, const JsonPlace& place) {
  PW_TRY(expect_object(object, place));
  UpdateRecord update;
  PW_TRY(read_string(object, place, "UpdateId", Presence::Required, update.update_id));
  if (update.update_id.empty()) return place.member("UpdateId").error("must not be empty");
  update.update_id = lower(update.update_id);
  PW_TRY(read_string(object, place, "Title", Presence::Optional, update.title));
  PW_TRY(read_string(object, place, "Description", Presence::Optional, update.description));
  PW_TRY(read_strings(object, place, "KBArticleIds", Presence::Optional, update.kb_article_ids));
  PW_TRY(read_strings(object, place, "CategoryIds", Presence::Optional, update.category_ids));
  for (std::string& id : update.category_ids) id = lower(id);
  std::string type = "Software";
  PW_TRY(read_string(object, place, "Type", Presence::Optional, type));
  if (type != "Software" && type != "Driver") {
    return place.member("Type").error("expected Software or Driver");
  }
  update.type = type == "Driver" ? UpdateType::Driver : UpdateType::Software;
  PW_TRY(read_flags(object, place, update));
  PW_TRY(
      read_string(object, place, "DeploymentAction", Presence::Optional, update.deployment_action));
  PW_TRY(read_numbers(object, place, update));
  return update;
}

}  // namespace pw::driver
