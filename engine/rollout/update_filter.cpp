#include "rollout/update_filter.hpp"

#include "core/text.hpp"

#include <algorithm>

namespace pw::rollout {

namespace {

bool named_by_any(const UpdateRecord& update, const std::vector<std::string>& entries) {
  return std::any_of(entries.begin(), entries.end(),
                     [&](const std::string& entry) { return update_matches(update, entry); });
}

bool in_categories(const UpdateRecord& update, const std::vector<std::string>& categories) {
  return std::any_of(
      update.category_ids.begin(), update.category_ids.end(), [&](const std::string& id) {
        return std::any_of(categories.begin(), categories.end(),
                           [&](const std::string& c) { return equals_ignoring_case(c, id); });
      });
}

bool title_matches_any(const UpdateRecord& update, const std::vector<policy::Pattern>& patterns) {
  return std::any_of(patterns.begin(), patterns.end(), [&](const policy::Pattern& pattern) {
    return pattern.found_in(update.title);
  });
}

// Every policy filter but quarantine.
bool wanted(const policy::PatchPolicy& policy, const UpdateRecord& update) {
  if (policy.query && !policy.query->matches(update)) return false;
  if (!policy.category_ids.empty() && !in_categories(update, policy.category_ids)) return false;
  if (policy.install_os_only_updates && !in_categories(update, {k_os_category_id})) return false;
  if (!policy.accept_eula && !update.eula_accepted) return false;
  if (!policy.include_updates.empty() && !named_by_any(update, policy.include_updates)) {
    return false;
  }
  if (!policy.include_update_titles.empty() &&
      !title_matches_any(update, policy.include_update_titles)) {
    return false;
  }
  if (title_matches_any(update, policy.exclude_update_titles)) return false;
  return !named_by_any(update, policy.exclude_updates);
}

}  // namespace

bool update_matches(const UpdateRecord& update, const std::string& entry) {
  if (equals_ignoring_case(entry, update.update_id)) return true;
  return std::any_of(update.kb_article_ids.begin(), update.kb_article_ids.end(),
                     [&](const std::string& kb) { return equals_ignoring_case(kb, entry); });
}

UpdateSelection select_updates(const policy::PatchPolicy& policy,
                               std::span<const UpdateRecord> reported,
                               const std::map<std::string, int>& failures) {
  UpdateSelection selection;
  for (const UpdateRecord& update : reported) {
    if (!wanted(policy, update)) continue;
    const auto failed = failures.find(update.update_id);
    if (policy.quarantine_after_failures > 0 && failed != failures.end() &&
        failed->second >= policy.quarantine_after_failures) {
      selection.quarantined.push_back(update.update_id);
      continue;
    }
    selection.install.push_back(update);
  }
  return selection;
}

}  // namespace pw::rollout
