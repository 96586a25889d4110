#include "core/suggest.hpp"
#include "policy/documents.hpp"
#include "policy/exec_templates.hpp"
#include "policy/node_list.hpp"
#include "policy/values.hpp"

#include <array>
#include <map>

namespace pw::policy {

namespace {

constexpr std::array<std::string_view, 10> k_cluster_keys = {
    "Kind",           "Name",  "Description", "Domain", "AccessPoints",
    "MaxUnavailable", "Nodes", "Driver",      "Exec",   "Simulation",
};

constexpr std::array<std::string_view, 4> k_node_keys = {"Name", "UpgradeDomain", "Labels",
                                                         "PatchMinutes"};

constexpr std::array<std::pair<std::string_view, DriverKind>, 2> k_driver_values = {{
    {"Exec", DriverKind::Exec},
    {"Simulated", DriverKind::Simulated},
}};

bool check_host_label(const Context& context, const YamlNode& node, const std::string& name,
                      std::string_view what) {
  auto problem = host_label_problem(name, what);
  if (!problem) return true;
  context.error(node, "node-name", std::move(*problem));
  return false;
}

void read_labels(const Context& context, const YamlNode& node, Node& out) {
  if (!expect(context, node, NodeKind::Map, "'Labels'")) return;
  for (const MapEntry& entry : node.entries) {
    const auto key = read_string(context, entry.key, "a label name");
    const auto value = read_string(context, entry.value,
                                   "the value of label '" + (key ? *key : std::string()) + "'");
    if (key && value) out.labels.insert_or_assign(*key, *value);
  }
}

void read_node(const Context& context, const YamlNode& node, Cluster& cluster) {
  if (!expect(context, node, NodeKind::Map, "each item of 'Nodes'")) return;
  MapReader reader(context, node, k_node_keys);
  Node out;
  out.location = context.at(node);
  if (const YamlNode* name = reader.require("Name")) {
    if (auto text = read_string(context, *name, "'Name'")) {
      if (!check_host_label(context, *name, *text, "node name")) return;
      out.name = std::move(*text);
      out.location = context.at(*name);
    }
  }
  if (const YamlNode* domain = reader.get("UpgradeDomain")) {
    // Upgrade domains are names; a plain number (UpgradeDomain: 0) is the usual spelling too.
    const bool number = domain->is_scalar() && domain->style == ScalarStyle::Plain &&
                        resolve_plain(domain->value) == PlainType::Int;
    if (number) {
      out.upgrade_domain = domain->value;
    } else if (auto text = read_string(context, *domain, "'UpgradeDomain'")) {
      out.upgrade_domain = std::move(*text);
    }
  }
  if (const YamlNode* labels = reader.get("Labels")) read_labels(context, *labels, out);
  if (const YamlNode* minutes = reader.get("PatchMinutes")) {
    if (auto value = read_int(context, *minutes, "'PatchMinutes'", 1, k_int_max)) {
      out.patch_minutes = static_cast<int>(*value);
    }
  }
  cluster.nodes.push_back(std::move(out));
}

void read_identity(const Context& context, MapReader& reader, Cluster& cluster) {
  if (const YamlNode* name = reader.require("Name")) {
    if (auto text = read_string(context, *name, "'Name'")) {
      if (check_name(context, *name, *text, "cluster name")) cluster.name = std::move(*text);
    }
  }
  std::string description;
  reader.string("Description", description);
  if (const YamlNode* domain = reader.get("Domain")) {
    if (auto text = read_string(context, *domain, "'Domain'")) {
      if (is_dns_name(*text)) {
        cluster.domain = std::move(*text);
      } else {
        context.error(*domain, "domain",
                      "'" + *text + "' is not a DNS domain such as fabrikam.com");
      }
    }
  }
  if (const YamlNode* points = reader.get("AccessPoints")) {
    if (auto values = read_string_list(context, *points, "'AccessPoints'")) {
      for (auto& [value, item] : *values) {
        if (check_host_label(context, *item, value, "access point name")) {
          cluster.access_points.push_back(std::move(value));
        }
      }
    }
  }
}

void check_unhealthy_nodes(const Context& context, const YamlNode& simulation,
                           const Cluster& cluster) {
  const YamlNode* list = simulation.find("UnhealthyNodes");
  if (!list || list->kind != NodeKind::Sequence) return;
  std::vector<std::string_view> names;
  for (const Node& node : cluster.nodes) names.push_back(node.name);
  for (const YamlNode& item : list->items) {
    if (!item.is_scalar() || names.empty()) continue;
    bool found = false;
    for (const std::string_view name : names) found = found || name == item.value;
    if (found) continue;
    std::string message = "'UnhealthyNodes' names '" + item.value +
                          "', which is not a node of "
                          "this cluster";
    if (const auto suggestion = closest_match(item.value, names)) {
      message += "; did you mean '" + *suggestion + "'?";
    }
    context.error(item, "unknown-node", std::move(message));
  }
}

void check_driver_parts(const Context& context, const YamlNode& root, const Cluster& cluster) {
  const YamlNode* exec = root.find("Exec");
  const YamlNode* simulation = root.find("Simulation");
  if (cluster.driver == DriverKind::Simulated && exec) {
    context.warning(*exec, "driver-mismatch", "'Exec' is ignored because 'Driver' is Simulated");
  }
  if (cluster.driver == DriverKind::Exec && simulation) {
    context.warning(*simulation, "driver-mismatch",
                    "'Simulation' is ignored because 'Driver' is Exec");
  }
  const YamlNode* nodes = root.find("Nodes");
  const bool has_nodes = nodes && nodes->kind == NodeKind::Sequence && !nodes->items.empty();
  const bool inventory = cluster.driver == DriverKind::Exec && cluster.exec.contains("Inventory");
  if (!nodes && !inventory) {
    context.error(root, "missing-nodes",
                  "missing 'Nodes': list the nodes, or give the Exec driver an 'Inventory' "
                  "template that reports them");
  } else if (nodes && !has_nodes && !inventory && nodes->kind == NodeKind::Sequence) {
    context.error(*nodes, "missing-nodes",
                  "'Nodes' is empty: list the nodes, or give the Exec driver an 'Inventory' "
                  "template that reports them");
  }
}

// The checks every node list passes (policy/node_list.hpp), and one node cannot be patched
// without downtime.
void check_node_names(const Context& context, const YamlNode& root, const Cluster& cluster) {
  for (NodeListProblem& problem : node_list_problems(cluster.nodes, FirstUse::ByLine)) {
    context.sink.error(cluster.nodes[problem.index].location, problem.rule,
                       std::move(problem.message));
  }
  const YamlNode* nodes = root.find("Nodes");
  if (nodes && nodes->kind == NodeKind::Sequence && nodes->items.size() == 1) {
    context.error(*nodes, "single-node", single_node_problem(cluster.name));
  }
}

}  // namespace

void read_cluster(const Context& context, const YamlNode& root, Cluster& cluster) {
  MapReader reader(context, root, k_cluster_keys, &cluster.locations);
  read_identity(context, reader, cluster);
  if (const YamlNode* budget = reader.get("MaxUnavailable")) {
    if (auto value = read_max_unavailable(context, *budget)) cluster.max_unavailable = *value;
  }
  const YamlNode* driver = reader.require("Driver");
  if (driver) {
    reader.enumeration("Driver", cluster.driver,
                       std::span<const std::pair<std::string_view, DriverKind>>(k_driver_values));
  }
  if (const YamlNode* nodes = reader.get("Nodes")) {
    if (expect(context, *nodes, NodeKind::Sequence, "'Nodes'")) {
      for (const YamlNode& item : nodes->items) read_node(context, item, cluster);
    }
  }
  const YamlNode* exec = reader.get("Exec");
  if (exec) read_exec_templates(context, *exec, cluster.exec);
  if (driver && cluster.driver == DriverKind::Exec) {
    check_required_templates(context, exec ? *exec : *driver, cluster.exec, exec != nullptr);
  }
  if (const YamlNode* simulation = reader.get("Simulation")) {
    read_simulation(context, *simulation, cluster.simulation);
    check_unhealthy_nodes(context, *simulation, cluster);
  }
  if (driver) check_driver_parts(context, root, cluster);
  check_node_names(context, root, cluster);
}

}  // namespace pw::policy
