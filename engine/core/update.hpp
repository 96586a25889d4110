// One update as a driver's Search reports it and as Simulation.Updates lists it (DESIGN.md
// §2.3), named after the Windows Update Agent's IUpdate properties so WUQuery evaluates on it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace pw {

enum class UpdateType { Software, Driver };

// The Windows OS category that InstallWindowsOSOnlyUpdates keeps.
inline constexpr const char* k_os_category_id = "6964aab4-c5b5-43bd-a17d-ffb4346a8e1d";

struct UpdateRecord {
  std::string update_id;  // GUID, lower case
  int revision_number = 1;
  std::string title;
  std::string description;
  std::vector<std::string> kb_article_ids;  // "KB5034439"
  UpdateType type = UpdateType::Software;
  std::vector<std::string> category_ids;  // GUIDs, lower case
  bool is_installed = false;
  bool is_hidden = false;
  bool is_assigned = false;
  bool is_present = false;
  bool browse_only = false;
  bool auto_select_on_websites = false;
  bool reboot_required = false;
  bool eula_accepted = true;
  std::string deployment_action = "Installation";
  std::int64_t size_bytes = 0;
};

}  // namespace pw
