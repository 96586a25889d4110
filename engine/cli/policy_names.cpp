#include "cli/policy_names.hpp"

#include "core/suggest.hpp"

#include <string_view>

namespace pw::cli {

std::optional<std::string> unknown_policy(const policy::PolicySet& set,
                                          const std::vector<std::string>& names) {
  std::vector<std::string_view> known;
  for (const auto& policy : set.policies) known.push_back(policy.name);
  for (const std::string& name : names) {
    if (set.find_policy(name) != nullptr) continue;
    std::string message = "--policy: no policy named '" + name + "'";
    if (const auto match = closest_match(name, known)) {
      message += ", did you mean '" + *match + "'?";
    }
    return message;
  }
  return std::nullopt;
}

}  // namespace pw::cli
