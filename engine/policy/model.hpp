// The validated policy set: immutable values built by the loader (DESIGN.md §2). Every field
// already holds its default when the file left it out. `locations` maps a key name (e.g.
// "WUFrequency") to where its value stands, so later checks (schedule warnings, rollout errors)
// can point at the file.
#pragma once

#include "core/diagnostic.hpp"
#include "core/time.hpp"
#include "core/update.hpp"
#include "policy/pattern.hpp"
#include "proxy/bypass.hpp"
#include "query/query.hpp"
#include "schedule/window.hpp"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace pw::policy {

enum class ApprovalPolicy { NodeWise, UpgradeDomainWise };
enum class RebootPolicy { IfRequired, Always, Never };
enum class DriverKind { Exec, Simulated };
// What happens to a node whose PostCheck failed: it is resumed (and rescheduled like any failed
// node), or kept drained for an operator, which halts the cycle.
enum class PostCheckFailure { Resume, KeepDrained };

struct Blackout {
  Instant start;
  Instant end;  // > start
  std::string reason;
};

// MaxUnavailable: absent (whole domain), a count, or a percentage of a group of nodes: the
// domain's for a policy, the whole cluster's for a cluster's budget.
struct MaxUnavailable {
  enum class Kind { WholeDomain, Count, Percent };
  Kind kind = Kind::WholeDomain;
  int value = 0;
  // Nodes that may be down at once in a group of `group_size` nodes (at least 1).
  [[nodiscard]] int resolve(int group_size) const;
};

struct ProxySettings {
  std::string server;  // "host:port"
  std::string bypass;  // as written
  proxy::BypassList bypass_list;
};

using Locations = std::map<std::string, SourceLocation, std::less<>>;

struct PatchPolicy {
  std::string name;
  std::string description;
  std::string cluster;
  bool enabled = true;
  std::string frequency_text = "Weekly,Wednesday,7:00:00";
  std::string time_zone = "UTC";  // as written; resolved in `schedule`
  std::vector<Blackout> blackouts;
  // WUFrequency, TimeZone, OffsetDays, WindowDurationInMinutes and Blackouts resolved once at
  // load: the one place windows come from (lint, preview, simulate and the daemon alike).
  schedule::WindowSpec schedule;
  std::string query_text = "IsInstalled=0";
  std::optional<query::Query> query;  // parsed query_text
  std::vector<std::string> category_ids;
  bool install_os_only_updates = false;
  bool accept_eula = true;
  std::vector<std::string> exclude_updates;  // KB ids (upper case) or GUIDs (lower case)
  std::vector<std::string> include_updates;
  // RE2 patterns on update titles, compiled at load: an update whose Title matches an exclude
  // pattern is left out; with include patterns, only updates matching one of them are kept.
  std::vector<Pattern> exclude_update_titles;
  std::vector<Pattern> include_update_titles;
  // NodeSelector (label → value) and NodeNamePattern (RE2 on node names, compiled at load):
  // only nodes matching both are patched; the others are held back (node_selector.hpp).
  std::map<std::string, std::string> node_selector;
  std::optional<Pattern> node_name_pattern;
  ApprovalPolicy approval = ApprovalPolicy::NodeWise;
  MaxUnavailable max_unavailable;
  Minutes min_wait_between_nodes{0};
  int max_percentage_unhealthy_nodes = 0;
  // Unset: POA behaviour, failed nodes are rescheduled and the others go on; set: CAU's failure
  // budget, the cycle halts once more nodes than this have failed.
  std::optional<int> max_failed_nodes;
  RebootPolicy reboot = RebootPolicy::IfRequired;
  PostCheckFailure post_check_failure = PostCheckFailure::Resume;
  Minutes reboot_timeout{15};
  Minutes operation_timeout{90};
  int operation_retry_count = 5;
  Minutes delay_between_retries{1};
  int reschedule_count = 5;
  Minutes reschedule_time{30};
  int quarantine_after_failures = 3;
  int max_results_to_cache = 3000;
  int logs_disk_quota_mb = 1024;
  std::optional<ProxySettings> proxy;

  SourceLocation location;   // the document (its Kind key)
  Locations locations;       // value locations by key
  std::string content_hash;  // 16 hex digits, FNV-1a 64 of the document's text: the policy version
};

// PatchMinutes / DownloadMinutes: fixed, or drawn uniformly from [min, max].
struct MinutesRange {
  int min = 0;
  int max = 0;
};

struct Node {
  std::string name;
  std::string upgrade_domain;  // "" when the file gives none
  std::map<std::string, std::string> labels;
  std::optional<int> patch_minutes;
  SourceLocation location;
};

struct Simulation {
  std::uint64_t seed = 1;
  MinutesRange download_minutes{0, 0};
  MinutesRange patch_minutes{60, 60};
  int reboot_required_percent = 100;
  int failure_percent = 0;
  std::vector<UpdateRecord> updates;  // the catalog each node offers
  std::vector<std::string> unhealthy_nodes;
};

// argv templates per driver operation ("Search", "Drain", ...), with {node}, {fqdn}, {cluster},
// {policy} placeholders.
using ExecTemplates = std::map<std::string, std::vector<std::string>, std::less<>>;

struct Cluster {
  std::string name;
  std::string domain;
  std::vector<std::string> access_points;
  // The availability budget (DESIGN.md §2.2): whatever policies run, no more of its nodes are
  // down at once; a percentage is of the cluster's nodes. Default 1.
  MaxUnavailable max_unavailable{MaxUnavailable::Kind::Count, 1};
  std::vector<Node> nodes;
  DriverKind driver = DriverKind::Simulated;
  ExecTemplates exec;
  Simulation simulation;

  SourceLocation location;
  Locations locations;

  [[nodiscard]] std::string fqdn(const Node& node) const {
    return domain.empty() ? node.name : node.name + "." + domain;
  }
};

// A whole loaded set. Immutable once built; reload builds a new one and swaps it.
struct PolicySet {
  std::vector<PatchPolicy> policies;
  std::vector<Cluster> clusters;

  [[nodiscard]] const Cluster* find_cluster(std::string_view name) const;
  [[nodiscard]] const PatchPolicy* find_policy(std::string_view name) const;
};

}  // namespace pw::policy
