// Update selection: which of the updates a node's Search reported it will install (DESIGN.md
// §5 step 1): WUQuery (evaluated here), WUQueryCategoryIds, InstallWindowsOSOnlyUpdates,
// AcceptWindowsUpdateEula, IncludeUpdates/ExcludeUpdates (KB ids or GUIDs),
// IncludeUpdateTitles/ExcludeUpdateTitles (RE2 patterns on the title) and quarantine.
// Pure.
#pragma once

#include "core/update.hpp"
#include "policy/model.hpp"

#include <map>
#include <span>
#include <string>
#include <vector>

namespace pw::rollout {

struct UpdateSelection {
  std::vector<UpdateRecord> install;
  std::vector<std::string> quarantined;  // update ids skipped because of quarantine
};

// `failures` is this node's consecutive-failure count per update id (may be empty).
[[nodiscard]] UpdateSelection select_updates(const policy::PatchPolicy& policy,
                                             std::span<const UpdateRecord> reported,
                                             const std::map<std::string, int>& failures);

// Whether `update` is named by `entry` (a KB id, any case, or a GUID).
[[nodiscard]] bool update_matches(const UpdateRecord& update, const std::string& entry);

}  // namespace pw::rollout
