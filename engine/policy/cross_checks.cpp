#include "core/suggest.hpp"
#include "policy/document_set.hpp"

#include <map>
#include <set>

namespace pw::policy {

namespace {

std::string where(const SourceLocation& location) {
  return location.file + ":" + std::to_string(location.line);
}

SourceLocation location_of(const Locations& locations, std::string_view key,
                           const SourceLocation& fallback) {
  const auto it = locations.find(key);
  return it == locations.end() ? fallback : it->second;
}

template <typename Loaded>
void check_duplicate_names(std::vector<Loaded>& documents, std::string_view what,
                           DiagnosticSink& sink) {
  std::map<std::string, SourceLocation, std::less<>> first;
  for (Loaded& loaded : documents) {
    const auto& value = loaded.value;
    if (value.name.empty()) continue;
    const SourceLocation at = location_of(value.locations, "Name", value.location);
    const auto [it, inserted] = first.emplace(value.name, at);
    if (inserted) continue;
    sink.error(
        at, "duplicate-name",
        std::string(what) + " name '" + value.name + "' is already used at " + where(it->second));
    loaded.valid = false;
  }
}

void check_cluster_reference(LoadedPolicy& loaded, const std::vector<std::string_view>& names,
                             DiagnosticSink& sink) {
  const PatchPolicy& policy = loaded.value;
  if (policy.cluster.empty()) return;
  for (const std::string_view name : names) {
    if (name == policy.cluster) return;
  }
  std::string message = "cluster '" + policy.cluster + "' is not defined in any loaded file";
  if (const auto suggestion = closest_match(policy.cluster, names)) {
    message += "; did you mean '" + *suggestion + "'?";
  }
  sink.error(location_of(policy.locations, "Cluster", policy.location), "unknown-cluster",
             std::move(message));
  loaded.valid = false;
}

// UpgradeDomainWise on a cluster with one upgrade domain (or none) patches the whole cluster as
// one domain: without an explicit MaxUnavailable that is every node at once (only the cluster's
// budget would stop it), so it is an error; with one it still deserves a warning.
void check_upgrade_domains(LoadedPolicy& loaded, const Cluster& cluster, DiagnosticSink& sink) {
  const PatchPolicy& policy = loaded.value;
  if (policy.approval != ApprovalPolicy::UpgradeDomainWise || cluster.nodes.size() < 2) return;
  std::set<std::string> domains;
  for (const Node& node : cluster.nodes) domains.insert(node.upgrade_domain);
  if (domains.size() != 1) return;
  const SourceLocation at = location_of(policy.locations, "TaskApprovalPolicy", policy.location);
  const std::string what =
      domains.begin()->empty() ? "has no upgrade domains" : "has a single upgrade domain";
  if (policy.max_unavailable.kind == MaxUnavailable::Kind::WholeDomain) {
    sink.error(at, "single-upgrade-domain",
               "cluster '" + cluster.name + "' " + what +
                   ", so UpgradeDomainWise without MaxUnavailable would take all its " +
                   std::to_string(cluster.nodes.size()) +
                   " nodes down at once; set MaxUnavailable, give the nodes UpgradeDomain "
                   "values, or use NodeWise");
    loaded.valid = false;
    return;
  }
  sink.warning(at, "single-upgrade-domain",
               "cluster '" + cluster.name + "' " + what +
                   "; give the nodes UpgradeDomain values or use NodeWise");
}

std::vector<std::string> cluster_hosts(const Cluster& cluster) {
  std::vector<std::string> hosts;
  for (const Node& node : cluster.nodes) hosts.push_back(cluster.fqdn(node));
  for (const std::string& point : cluster.access_points) {
    hosts.push_back(point);
    if (!cluster.domain.empty()) hosts.push_back(point + "." + cluster.domain);
  }
  return hosts;
}

// DESIGN.md §6: a cluster name the bypass list sends to the proxy fails to resolve there
// (the classic CAU file-share failure).
void check_proxy_bypass(const PatchPolicy& policy, const Cluster& cluster, DiagnosticSink& sink) {
  if (!policy.proxy || policy.proxy->server.empty()) return;
  const SourceLocation at = location_of(policy.locations, "Proxy.Bypass",
                                        location_of(policy.locations, "Proxy", policy.location));
  const bool bypass_failed = policy.locations.contains("Proxy.Bypass") &&
                             policy.proxy->bypass_list.entries().empty() &&
                             !policy.proxy->bypass.empty();
  if (bypass_failed) return;  // its syntax errors were reported
  for (const std::string& host : cluster_hosts(cluster)) {
    if (policy.proxy->bypass_list.decide(host).direct) continue;
    const std::string entry = proxy::suggested_entry(host);
    sink.warning(at, "proxy-bypass",
                 host + " would be sent to " + policy.proxy->server +
                     (entry.empty() ? "; add an entry for it to the bypass list"
                                    : "; add '" + entry + "' to the bypass list"));
  }
}

}  // namespace

void check_across_files(DocumentSet& set, DiagnosticSink& sink) {
  check_duplicate_names(set.policies, "policy", sink);
  check_duplicate_names(set.clusters, "cluster", sink);
  std::vector<std::string_view> names;
  std::map<std::string_view, const Cluster*> clusters;
  for (const LoadedCluster& loaded : set.clusters) {
    if (loaded.value.name.empty()) continue;
    names.push_back(loaded.value.name);
    clusters.emplace(loaded.value.name, &loaded.value);
  }
  for (LoadedPolicy& loaded : set.policies) {
    check_cluster_reference(loaded, names, sink);
    const auto it = clusters.find(loaded.value.cluster);
    if (it == clusters.end()) continue;
    check_upgrade_domains(loaded, *it->second, sink);
    check_proxy_bypass(loaded.value, *it->second, sink);
  }
}

}  // namespace pw::policy
