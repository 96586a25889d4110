#include "query/query.hpp"

#include "core/text.hpp"
#include "query/compiled.hpp"

#include <algorithm>

namespace pw::query {

namespace {

bool flag(Property property, const UpdateRecord& update) {
  switch (property) {
    case Property::IsAssigned:
      return update.is_assigned;
    case Property::AutoSelectOnWebSites:
      return update.auto_select_on_websites;
    case Property::BrowseOnly:
      return update.browse_only;
    case Property::IsInstalled:
      return update.is_installed;
    case Property::IsHidden:
      return update.is_hidden;
    case Property::IsPresent:
      return update.is_present;
    default:
      return update.reboot_required;
  }
}

}  // namespace

bool evaluate(const Comparison& comparison, const UpdateRecord& update) {
  switch (comparison.property) {
    case Property::Type: {
      const bool equal = static_cast<std::int64_t>(update.type) == comparison.number;
      return comparison.op == Operator::NotEqual ? !equal : equal;
    }
    case Property::DeploymentAction:
      return equals_ignoring_case(update.deployment_action, comparison.text);
    case Property::UpdateID:
      return equals_ignoring_case(update.update_id, comparison.text);
    case Property::RevisionNumber:
      return update.revision_number == comparison.number;
    case Property::CategoryIDs:
      return std::any_of(
          update.category_ids.begin(), update.category_ids.end(),
          [&](const std::string& id) { return equals_ignoring_case(id, comparison.text); });
    default:
      return flag(comparison.property, update) == (comparison.number != 0);
  }
}

bool Query::matches(const UpdateRecord& update) const {
  return std::any_of(
      m_impl->disjuncts.begin(), m_impl->disjuncts.end(), [&](const Conjunction& conjunction) {
        return std::all_of(
            conjunction.begin(), conjunction.end(),
            [&](const Comparison& comparison) { return evaluate(comparison, update); });
      });
}

const std::string& Query::text() const {
  return m_impl->text;
}

}  // namespace pw::query
