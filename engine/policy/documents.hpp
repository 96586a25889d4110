// Validation of one YAML document into a model value (DESIGN.md §2.1, §2.2, §2.3). Each
// function reads every key with its type, range and meaning checks, fills defaults for absent
// keys and records value locations; problems go to the context's sink.
#pragma once

#include "policy/fields.hpp"
#include "policy/model.hpp"
#include "policy/yaml_tree.hpp"

namespace pw::policy {

// REQUIRES: root.kind == NodeKind::Map and its Kind is PatchPolicy.
void read_policy(const Context& context, const YamlNode& root, PatchPolicy& policy);

// REQUIRES: root.kind == NodeKind::Map and its Kind is Cluster.
void read_cluster(const Context& context, const YamlNode& root, Cluster& cluster);

// Simulation (§2.2) and its Updates records (§2.3).
void read_simulation(const Context& context, const YamlNode& node, Simulation& simulation);
void read_update_record(const Context& context, const YamlNode& node, UpdateRecord& update);

// ExcludeUpdateTitles / IncludeUpdateTitles (title_filters.cpp).
void read_title_filters(const Context& context, MapReader& reader, PatchPolicy& policy);
void read_node_selector(const Context& context, MapReader& reader, PatchPolicy& policy);

// Shared value checks: reports and returns false when invalid.
bool check_name(const Context& context, const YamlNode& node, const std::string& name,
                std::string_view what);
// A GUID (stored lower case) or, when `allow_kb`, a KB id (stored upper case).
std::optional<std::string> read_update_id(const Context& context, const YamlNode& node,
                                          std::string_view what, bool allow_kb);

// MaxUnavailable of a policy or a cluster: a count >= 1 or "N%" (1..100); nullopt (reported)
// when invalid.
std::optional<MaxUnavailable> read_max_unavailable(const Context& context, const YamlNode& node);

}  // namespace pw::policy
