#include "core/suggest.hpp"
#include "policy/documents.hpp"
#include "policy/scalar_position.hpp"
#include "policy/values.hpp"
#include "proxy/server.hpp"

#include <array>

namespace pw::policy {

namespace {

constexpr std::array<std::string_view, 37> k_policy_keys = {
    "Kind",
    "Name",
    "Description",
    "Cluster",
    "Enabled",
    "WUFrequency",
    "TimeZone",
    "OffsetDays",
    "WindowDurationInMinutes",
    "Blackouts",
    "WUQuery",
    "WUQueryCategoryIds",
    "InstallWindowsOSOnlyUpdates",
    "AcceptWindowsUpdateEula",
    "ExcludeUpdates",
    "IncludeUpdates",
    "ExcludeUpdateTitles",
    "IncludeUpdateTitles",
    "TaskApprovalPolicy",
    "MaxUnavailable",
    "NodeSelector",
    "NodeNamePattern",
    "MinWaitTimeBetweenNodesInMinutes",
    "MaxPercentageUnhealthyNodes",
    "MaxFailedNodes",
    "RebootPolicy",
    "PostCheckFailure",
    "RebootTimeoutInMinutes",
    "WUOperationTimeOutInMinutes",
    "WUOperationRetryCount",
    "WUDelayBetweenRetriesInMinutes",
    "WURescheduleCount",
    "WURescheduleTimeInMinutes",
    "QuarantineAfterFailures",
    "MaxResultsToCache",
    "LogsDiskQuotaInMB",
    "Proxy",
};

constexpr std::array<std::pair<std::string_view, ApprovalPolicy>, 2> k_approval_values = {{
    {"NodeWise", ApprovalPolicy::NodeWise},
    {"UpgradeDomainWise", ApprovalPolicy::UpgradeDomainWise},
}};

constexpr std::array<std::pair<std::string_view, RebootPolicy>, 3> k_reboot_values = {{
    {"IfRequired", RebootPolicy::IfRequired},
    {"Always", RebootPolicy::Always},
    {"Never", RebootPolicy::Never},
}};

constexpr std::array<std::pair<std::string_view, PostCheckFailure>, 2> k_post_check_values = {{
    {"Resume", PostCheckFailure::Resume},
    {"KeepDrained", PostCheckFailure::KeepDrained},
}};

void read_frequency(const Context& context, MapReader& reader, PatchPolicy& policy) {
  if (const YamlNode* node = reader.get("WUFrequency")) {
    const auto text = read_string(context, *node, "'WUFrequency'");
    if (!text) return;
    policy.frequency_text = *text;
    schedule::FrequencyParse parse = schedule::parse_frequency(*text);
    report_text_issues(context.source, *node, parse.issues, context.sink);
    if (parse.frequency) policy.schedule.frequency = *parse.frequency;
    return;
  }
  static const schedule::FrequencyParse k_default =
      schedule::parse_frequency(policy.frequency_text);
  if (k_default.frequency) policy.schedule.frequency = *k_default.frequency;
}

void read_query(const Context& context, MapReader& reader, PatchPolicy& policy) {
  if (const YamlNode* node = reader.get("WUQuery")) {
    const auto text = read_string(context, *node, "'WUQuery'");
    if (!text) return;
    policy.query_text = *text;
    query::QueryParse parse = query::parse_query(*text);
    report_text_issues(context.source, *node, parse.issues, context.sink);
    policy.query = parse.query;
    return;
  }
  static const query::QueryParse k_default = query::parse_query(policy.query_text);
  policy.query = k_default.query;
}

void read_time_zone(const Context& context, MapReader& reader, PatchPolicy& policy) {
  const YamlNode* node = reader.get("TimeZone");
  if (!node) return;
  const auto name = read_string(context, *node, "'TimeZone'");
  if (!name) return;
  const ZoneCheck check = check_time_zone(*name);
  if (!check.known) {
    std::string message = "unknown time zone '" + *name + "'";
    message += check.suggestion ? "; did you mean '" + *check.suggestion + "'?"
                                : "; use an IANA name such as 'Europe/Berlin' or 'UTC'";
    context.error(*node, "time-zone", std::move(message));
    return;
  }
  policy.time_zone = *name;
  if (auto zone = schedule::Zone::find(*name)) policy.schedule.zone = *zone;
}

void read_blackout(const Context& context, const YamlNode& node, PatchPolicy& policy) {
  if (!expect(context, node, NodeKind::Map, "each item of 'Blackouts'")) return;
  constexpr std::array<std::string_view, 3> k_keys = {"Start", "End", "Reason"};
  MapReader reader(context, node, k_keys);
  Blackout blackout;
  reader.string("Reason", blackout.reason);
  std::optional<Instant> times[2];
  const std::array<std::string_view, 2> names = {"Start", "End"};
  for (std::size_t i = 0; i < 2; ++i) {
    const YamlNode* value = reader.require(names[i]);
    if (!value) continue;
    const auto text = read_string(context, *value, "'" + std::string(names[i]) + "'");
    if (!text) continue;
    times[i] = parse_rfc3339(*text);
    if (!times[i]) {
      context.error(*value, "blackout-time",
                    "'" + *text + "' is not an RFC 3339 time such as 2024-12-24T00:00:00Z");
    }
  }
  if (!times[0] || !times[1]) return;
  if (*times[1] <= *times[0]) {
    context.error(*node.find("End"), "blackout-order",
                  "blackout End " + format_utc(*times[1]) + " is not after its Start " +
                      format_utc(*times[0]));
    return;
  }
  blackout.start = *times[0];
  blackout.end = *times[1];
  policy.schedule.blackouts.push_back({blackout.start, blackout.end});
  policy.blackouts.push_back(std::move(blackout));
}

void read_update_lists(const Context& context, MapReader& reader, PatchPolicy& policy) {
  const auto read_ids = [&](std::string_view key, bool allow_kb, std::vector<std::string>& out) {
    const YamlNode* node = reader.get(key);
    if (!node) return;
    const std::string what = "'" + std::string(key) + "'";
    if (!expect(context, *node, NodeKind::Sequence, what)) return;
    for (const YamlNode& item : node->items) {
      if (auto id = read_update_id(context, item, "each item of " + what, allow_kb)) {
        out.push_back(std::move(*id));
      }
    }
  };
  read_ids("WUQueryCategoryIds", false, policy.category_ids);
  read_ids("ExcludeUpdates", true, policy.exclude_updates);
  read_ids("IncludeUpdates", true, policy.include_updates);
}

void read_proxy(const Context& context, MapReader& reader, PatchPolicy& policy) {
  const YamlNode* node = reader.get("Proxy");
  if (!node || !expect(context, *node, NodeKind::Map, "'Proxy'")) return;
  constexpr std::array<std::string_view, 2> k_keys = {"Server", "Bypass"};
  MapReader proxy_reader(context, *node, k_keys);
  ProxySettings proxy;
  if (const YamlNode* server = proxy_reader.require("Server")) {
    const auto text = read_string(context, *server, "'Proxy.Server'");
    if (!text) return;
    const proxy::ServerParse parse = proxy::parse_server(*text);
    report_text_issues(context.source, *server, parse.issues, context.sink);
    if (!parse.server) return;
    proxy.server = *text;
    policy.locations.insert_or_assign("Proxy.Server", context.at(*server));
  }
  if (const YamlNode* bypass = proxy_reader.get("Bypass")) {
    const auto text = read_string(context, *bypass, "'Proxy.Bypass'");
    if (!text) return;
    proxy.bypass = *text;
    proxy::BypassParse parse = proxy::parse_bypass(*text);
    report_text_issues(context.source, *bypass, parse.issues, context.sink);
    if (parse.list) proxy.bypass_list = std::move(*parse.list);
    policy.locations.insert_or_assign("Proxy.Bypass", context.at(*bypass));
  }
  policy.proxy = std::move(proxy);
}

void read_numbers(MapReader& reader, PatchPolicy& policy) {
  reader.integer("OffsetDays", policy.schedule.offset_days, -30, 30);
  reader.minutes("WindowDurationInMinutes", policy.schedule.duration, 0, k_int_max);
  reader.minutes("MinWaitTimeBetweenNodesInMinutes", policy.min_wait_between_nodes, 0, k_int_max);
  reader.integer("MaxPercentageUnhealthyNodes", policy.max_percentage_unhealthy_nodes, 0, 100);
  if (reader.get("MaxFailedNodes") != nullptr) {
    int budget = -1;
    reader.integer("MaxFailedNodes", budget, 0, k_int_max);
    if (budget >= 0) policy.max_failed_nodes = budget;
  }
  reader.minutes("RebootTimeoutInMinutes", policy.reboot_timeout, 1, k_int_max);
  reader.minutes("WUOperationTimeOutInMinutes", policy.operation_timeout, 1, k_int_max);
  reader.integer("WUOperationRetryCount", policy.operation_retry_count, 0, k_int_max);
  reader.minutes("WUDelayBetweenRetriesInMinutes", policy.delay_between_retries, 0, k_int_max);
  reader.integer("WURescheduleCount", policy.reschedule_count, 0, k_int_max);
  reader.minutes("WURescheduleTimeInMinutes", policy.reschedule_time, 0, k_int_max);
  reader.integer("QuarantineAfterFailures", policy.quarantine_after_failures, 0, k_int_max);
  reader.integer("MaxResultsToCache", policy.max_results_to_cache, 1, k_int_max);
  reader.integer("LogsDiskQuotaInMB", policy.logs_disk_quota_mb, 1, k_int_max);
}

// NodeWise patches one node at a time (DESIGN.md §2.1).
void check_node_wise(const Context& context, const YamlNode& root, const PatchPolicy& policy) {
  const YamlNode* node = root.find("MaxUnavailable");
  if (!node || policy.approval != ApprovalPolicy::NodeWise) return;
  const MaxUnavailable& value = policy.max_unavailable;
  if (value.kind == MaxUnavailable::Kind::WholeDomain ||
      (value.kind == MaxUnavailable::Kind::Count && value.value == 1)) {
    return;
  }
  context.error(*node, "max-unavailable",
                "'MaxUnavailable' must be 1 with TaskApprovalPolicy NodeWise, which patches one "
                "node at a time; use UpgradeDomainWise to patch several nodes at once");
}

}  // namespace

void read_policy(const Context& context, const YamlNode& root, PatchPolicy& policy) {
  MapReader reader(context, root, k_policy_keys, &policy.locations);
  if (const YamlNode* name = reader.require("Name")) {
    if (auto text = read_string(context, *name, "'Name'")) {
      if (check_name(context, *name, *text, "policy name")) policy.name = std::move(*text);
    }
  }
  reader.string("Description", policy.description);
  if (const YamlNode* cluster = reader.require("Cluster")) {
    if (auto text = read_string(context, *cluster, "'Cluster'")) policy.cluster = std::move(*text);
  }
  reader.boolean("Enabled", policy.enabled);
  read_frequency(context, reader, policy);
  read_time_zone(context, reader, policy);
  if (const YamlNode* blackouts = reader.get("Blackouts")) {
    if (expect(context, *blackouts, NodeKind::Sequence, "'Blackouts'")) {
      for (const YamlNode& item : blackouts->items) read_blackout(context, item, policy);
    }
  }
  read_query(context, reader, policy);
  read_update_lists(context, reader, policy);
  read_title_filters(context, reader, policy);
  reader.boolean("InstallWindowsOSOnlyUpdates", policy.install_os_only_updates);
  reader.boolean("AcceptWindowsUpdateEula", policy.accept_eula);
  reader.enumeration(
      "TaskApprovalPolicy", policy.approval,
      std::span<const std::pair<std::string_view, ApprovalPolicy>>(k_approval_values));
  if (const YamlNode* node = reader.get("MaxUnavailable")) {
    if (auto value = read_max_unavailable(context, *node)) policy.max_unavailable = *value;
  }
  read_node_selector(context, reader, policy);
  reader.enumeration("RebootPolicy", policy.reboot,
                     std::span<const std::pair<std::string_view, RebootPolicy>>(k_reboot_values));
  reader.enumeration(
      "PostCheckFailure", policy.post_check_failure,
      std::span<const std::pair<std::string_view, PostCheckFailure>>(k_post_check_values));
  read_numbers(reader, policy);
  read_proxy(context, reader, policy);
  check_node_wise(context, root, policy);
}

}  // namespace pw::policy
