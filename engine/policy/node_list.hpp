// The checks every list of a cluster's nodes passes, wherever it comes from: the `Nodes` of a
// cluster file (the loader reports them as diagnostics at the node) or the nodes an Exec
// driver's Inventory reports at a cycle's start (the rollout stops that cycle with them).
// Node and access point names are DNS labels, since they are substituted into commands; node
// names are unique case-insensitively (they are host names); an upgrade domain is short,
// printable text; and one node alone cannot be patched without downtime.
//
// Thread-safety: pure functions.
#pragma once

#include "policy/model.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pw::policy {

// Why `name` cannot be a host name ("'x_1' is not a valid node name: ..."), or nullopt.
// `what` names its role: "node name", "access point name".
[[nodiscard]] std::optional<std::string> host_label_problem(std::string_view name,
                                                            std::string_view what);

// Why `domain` cannot be an upgrade domain's name (empty means none), or nullopt.
[[nodiscard]] std::optional<std::string> upgrade_domain_problem(std::string_view domain);

struct NodeListProblem {
  std::size_t index = 0;  // the node it is about (the later one of a duplicate pair)
  std::string rule;       // the lint rule: node-name, upgrade-domain, duplicate-node
  std::string message;
};

// How a duplicate names the node first using the name.
enum class FirstUse { ByLine, ByPosition };

// Every problem of the nodes in `nodes`, in node order (an empty name is skipped: its reader
// reported it). A duplicate's message names the first node by its location's line ("already
// used at line 12") or by its position in the list ("already used by node 3").
[[nodiscard]] std::vector<NodeListProblem> node_list_problems(const std::vector<Node>& nodes,
                                                              FirstUse first_use);

// The problem of a cluster with one node ("[single-node]").
[[nodiscard]] std::string single_node_problem(const std::string& cluster);

}  // namespace pw::policy
