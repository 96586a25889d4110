#include "policy/node_list.hpp"

#include "policy/values.hpp"

#include <algorithm>
#include <map>

namespace pw::policy {

namespace {

constexpr std::size_t k_max_domain_length = 63;

}  // namespace

std::optional<std::string> host_label_problem(std::string_view name, std::string_view what) {
  if (is_dns_label(name)) return std::nullopt;
  return "'" + std::string(name) + "' is not a valid " + std::string(what) +
         ": use 1 to 63 letters, digits and '-', starting and ending with a letter or digit (it "
         "is substituted into commands)";
}

std::optional<std::string> upgrade_domain_problem(std::string_view domain) {
  const bool control = std::any_of(domain.begin(), domain.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
  });
  if (!control && domain.size() <= k_max_domain_length) return std::nullopt;
  return "upgrade domain '" + std::string(domain.substr(0, k_max_domain_length)) +
         (domain.size() > k_max_domain_length ? "...'" : "'") +
         " is not a valid name: use at most 63 printable characters";
}

std::vector<NodeListProblem> node_list_problems(const std::vector<Node>& nodes,
                                                FirstUse first_use) {
  std::vector<NodeListProblem> problems;
  std::map<std::string, std::size_t> seen;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const Node& node = nodes[i];
    if (node.name.empty()) continue;  // the loader already reported it
    if (auto why = host_label_problem(node.name, "node name")) {
      problems.push_back({i, "node-name", std::move(*why)});
      continue;
    }
    if (auto why = upgrade_domain_problem(node.upgrade_domain)) {
      problems.push_back({i, "upgrade-domain", std::move(*why)});
    }
    const auto [it, inserted] = seen.emplace(to_lower(node.name), i);
    if (inserted) continue;
    const Node& first = nodes[it->second];
    const std::string where = first_use == FirstUse::ByLine
                                  ? "at line " + std::to_string(first.location.line)
                                  : "by node " + std::to_string(it->second + 1);
    problems.push_back(
        {i, "duplicate-node", "node name '" + node.name + "' is already used " + where});
  }
  return problems;
}

std::string single_node_problem(const std::string& cluster) {
  return "cluster '" + cluster +
         "' has one node; it cannot be patched without downtime (add nodes, or patch it outside "
         "patchwarden)";
}

}  // namespace pw::policy
