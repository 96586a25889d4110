// Inventory at a cycle's start (DESIGN.md §7), for a cluster without `Nodes`: the reported
// nodes pass the checks of a cluster file's `Nodes`, or the cycle stops with the reason —
// never a silent empty cycle.
#include "policy/node_list.hpp"
#include "rollout/executor_impl.hpp"

namespace pw::rollout {

Result<std::vector<policy::Node>> inventory_nodes(const std::string& cluster,
                                                  const driver::Outcome& outcome) {
  const std::string prefix = "Inventory failed: ";
  if (outcome.status != driver::CallStatus::Ok) return Error{prefix + failure_text(outcome)};
  const auto* reply = std::get_if<driver::InventoryReply>(&outcome.reply);
  if (reply == nullptr || reply->nodes.empty()) {
    return Error{prefix + "the driver reported no nodes"};
  }
  std::vector<policy::Node> nodes;
  nodes.reserve(reply->nodes.size());
  for (const driver::InventoryNode& reported : reply->nodes) {
    policy::Node node;
    node.name = reported.name;
    node.upgrade_domain = reported.upgrade_domain;
    node.labels = reported.labels;
    nodes.push_back(std::move(node));
  }
  const std::vector<policy::NodeListProblem> problems =
      policy::node_list_problems(nodes, policy::FirstUse::ByPosition);
  if (!problems.empty()) {
    std::string text = prefix + "node " + std::to_string(problems.front().index + 1) + ": " +
                       problems.front().message + " [" + problems.front().rule + "]";
    if (problems.size() > 1) {
      text += " (and " + std::to_string(problems.size() - 1) + " more problems)";
    }
    return Error{std::move(text)};
  }
  if (nodes.size() == 1) return Error{prefix + policy::single_node_problem(cluster)};
  return nodes;
}

void Executor::Impl::on_inventory(const driver::Outcome& outcome) {
  m_inventory_call.reset();
  auto nodes = inventory_nodes(m_setup.cluster.name, outcome);
  if (!nodes) return fail_cycle(nodes.error());
  m_inventory = std::move(nodes).value();
  m_state.nodes.clear();
  for (const policy::Node& node : m_inventory) m_state.nodes.push_back(new_task(m_setup, node));
  adopt_nodes();
  m_journal.on_cycle(m_state, "inventory: " + std::to_string(m_state.nodes.size()) + " nodes");
  schedule_searches();
}

void Executor::Impl::fail_cycle(const std::string& reason) {
  m_failed = true;
  m_state.halt_reason = reason;
  m_journal.on_cycle(m_state, reason);
}

}  // namespace pw::rollout
