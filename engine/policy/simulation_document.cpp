#include "policy/documents.hpp"
#include "policy/values.hpp"

#include <array>
#include <limits>

namespace pw::policy {

namespace {

constexpr std::array<std::string_view, 7> k_simulation_keys = {
    "Seed",           "DownloadMinutes", "PatchMinutes",   "RebootRequiredPercent",
    "FailurePercent", "Updates",         "UnhealthyNodes",
};

constexpr std::array<std::string_view, 17> k_update_keys = {
    "UpdateId",
    "RevisionNumber",
    "Title",
    "Description",
    "KBArticleIds",
    "Type",
    "CategoryIds",
    "IsInstalled",
    "IsHidden",
    "IsAssigned",
    "IsPresent",
    "BrowseOnly",
    "AutoSelectOnWebSites",
    "RebootRequired",
    "EulaAccepted",
    "DeploymentAction",
    "SizeBytes",
};

constexpr std::array<std::pair<std::string_view, UpdateType>, 2> k_type_values = {{
    {"Software", UpdateType::Software},
    {"Driver", UpdateType::Driver},
}};

// WUA's UpdateOperation/DeploymentAction names.
constexpr std::array<std::pair<std::string_view, int>, 5> k_deployment_actions = {{
    {"None", 0},
    {"Installation", 1},
    {"Uninstallation", 2},
    {"Detection", 3},
    {"OptionalInstallation", 4},
}};

// A number of minutes, or {Min, Max} with Min <= Max.
void read_minutes(const Context& context, const YamlNode* node, std::string_view key,
                  MinutesRange& out) {
  if (!node) return;
  const std::string what = "'" + std::string(key) + "'";
  if (node->kind != NodeKind::Map) {
    if (const auto value = read_int(context, *node, what, 0, k_int_max)) {
      out = {static_cast<int>(*value), static_cast<int>(*value)};
    }
    return;
  }
  constexpr std::array<std::string_view, 2> k_keys = {"Min", "Max"};
  MapReader reader(context, *node, k_keys);
  const YamlNode* min = reader.require("Min");
  const YamlNode* max = reader.require("Max");
  if (!min || !max) return;
  const auto low = read_int(context, *min, what + ".Min", 0, k_int_max);
  const auto high = read_int(context, *max, what + ".Max", 0, k_int_max);
  if (!low || !high) return;
  if (*high < *low) {
    context.error(
        *max, "range",
        what + ".Max is " + max->value + "; it must not be less than Min (" + min->value + ")");
    return;
  }
  out = {static_cast<int>(*low), static_cast<int>(*high)};
}

void read_string_list_into(const Context& context, const YamlNode* node, std::string_view key,
                           std::vector<std::string>& out) {
  if (!node) return;
  if (auto values = read_string_list(context, *node, "'" + std::string(key) + "'")) {
    for (auto& [value, item] : *values) out.push_back(std::move(value));
  }
}

void read_update_flags(MapReader& reader, UpdateRecord& update) {
  reader.boolean("IsInstalled", update.is_installed);
  reader.boolean("IsHidden", update.is_hidden);
  reader.boolean("IsAssigned", update.is_assigned);
  reader.boolean("IsPresent", update.is_present);
  reader.boolean("BrowseOnly", update.browse_only);
  reader.boolean("AutoSelectOnWebSites", update.auto_select_on_websites);
  reader.boolean("RebootRequired", update.reboot_required);
  reader.boolean("EulaAccepted", update.eula_accepted);
}

}  // namespace

void read_update_record(const Context& context, const YamlNode& node, UpdateRecord& update) {
  if (!expect(context, node, NodeKind::Map, "each item of 'Updates'")) return;
  MapReader reader(context, node, k_update_keys);
  if (const YamlNode* id = reader.require("UpdateId")) {
    if (auto value = read_update_id(context, *id, "'UpdateId'", false)) update.update_id = *value;
  }
  reader.integer("RevisionNumber", update.revision_number, 1, k_int_max);
  if (const YamlNode* title = reader.require("Title")) {
    if (auto value = read_string(context, *title, "'Title'")) update.title = *value;
  }
  reader.string("Description", update.description);
  if (const YamlNode* kbs = reader.get("KBArticleIds")) {
    if (expect(context, *kbs, NodeKind::Sequence, "'KBArticleIds'")) {
      for (const YamlNode& item : kbs->items) {
        const auto text = read_string(context, item, "each item of 'KBArticleIds'");
        if (text && is_kb_id(*text)) {
          update.kb_article_ids.push_back(to_upper(*text));
        } else if (text) {
          context.error(item, "kb-id", "'" + *text + "' is not a KB id such as KB5034439");
        }
      }
    }
  }
  reader.enumeration("Type", update.type,
                     std::span<const std::pair<std::string_view, UpdateType>>(k_type_values));
  if (const YamlNode* categories = reader.get("CategoryIds")) {
    if (expect(context, *categories, NodeKind::Sequence, "'CategoryIds'")) {
      for (const YamlNode& item : categories->items) {
        if (auto id = read_update_id(context, item, "each item of 'CategoryIds'", false)) {
          update.category_ids.push_back(std::move(*id));
        }
      }
    }
  }
  read_update_flags(reader, update);
  int action = 1;
  reader.enumeration("DeploymentAction", action,
                     std::span<const std::pair<std::string_view, int>>(k_deployment_actions));
  update.deployment_action =
      std::string(k_deployment_actions[static_cast<std::size_t>(action)].first);
  if (const YamlNode* size = reader.get("SizeBytes")) {
    const auto value =
        read_int(context, *size, "'SizeBytes'", 0, std::numeric_limits<std::int64_t>::max());
    if (value) update.size_bytes = *value;
  }
}

void read_simulation(const Context& context, const YamlNode& node, Simulation& simulation) {
  if (!expect(context, node, NodeKind::Map, "'Simulation'")) return;
  MapReader reader(context, node, k_simulation_keys);
  if (const YamlNode* seed = reader.get("Seed")) {
    const auto value =
        read_int(context, *seed, "'Seed'", 0, std::numeric_limits<std::int64_t>::max());
    if (value) simulation.seed = static_cast<std::uint64_t>(*value);
  }
  read_minutes(context, reader.get("DownloadMinutes"), "DownloadMinutes",
               simulation.download_minutes);
  read_minutes(context, reader.get("PatchMinutes"), "PatchMinutes", simulation.patch_minutes);
  reader.integer("RebootRequiredPercent", simulation.reboot_required_percent, 0, 100);
  reader.integer("FailurePercent", simulation.failure_percent, 0, 100);
  if (const YamlNode* updates = reader.get("Updates")) {
    if (expect(context, *updates, NodeKind::Sequence, "'Updates'")) {
      for (const YamlNode& item : updates->items) {
        UpdateRecord update;
        read_update_record(context, item, update);
        simulation.updates.push_back(std::move(update));
      }
    }
  }
  read_string_list_into(context, reader.get("UnhealthyNodes"), "UnhealthyNodes",
                        simulation.unhealthy_nodes);
}

}  // namespace pw::policy
