// `--policy NAME` (preview, simulate): checking the names a user gave against a loaded set.
#pragma once

#include "policy/model.hpp"

#include <optional>
#include <string>
#include <vector>

namespace pw::cli {

// "--policy: no policy named 'x', did you mean 'y'?" for the first unknown name; nullopt when
// every name is a policy of `set`.
std::optional<std::string> unknown_policy(const policy::PolicySet& set,
                                          const std::vector<std::string>& names);

}  // namespace pw::cli
