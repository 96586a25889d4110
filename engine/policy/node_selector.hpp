// Which nodes of its cluster a policy patches (DESIGN.md §2.1): `NodeSelector` (label → value,
// every pair must match the node's Labels) and `NodeNamePattern` (an RE2 pattern found in the
// node's name, case-insensitive; anchor with ^ and $). Nodes not selected are held back: a cycle
// lists them as HeldBack and never calls the driver for them.
//
// Thread-safety: pure functions on immutable values.
#pragma once

#include "policy/model.hpp"

#include <optional>
#include <string>

namespace pw::policy {

// Why `policy` holds `node` back ("held back: label Role is 'web', NodeSelector wants 'sql'"),
// or nullopt when the policy patches it.
[[nodiscard]] std::optional<std::string> held_back_reason(const PatchPolicy& policy,
                                                          const Node& node);

}  // namespace pw::policy
