#include "load_helpers.hpp"

#include <string>

using namespace pw;
using namespace pw::policy;
using pw::policy::test::k_cluster;
using pw::policy::test::load;
using pw::policy::test::policy_text;

TEST_SUITE("policy::PatchPolicy") {
  TEST_CASE("every key has its documented default") {
    const auto loaded = load(policy_text());
    INFO(loaded.dump());
    REQUIRE(loaded.clean());
    REQUIRE(loaded.set.policies.size() == 1);
    const PatchPolicy& p = loaded.set.policies[0];
    CHECK(p.name == "p1");
    CHECK(p.cluster == "c1");
    CHECK(p.description.empty());
    CHECK(p.enabled);
    CHECK(p.frequency_text == "Weekly,Wednesday,7:00:00");
    CHECK(p.schedule.frequency.kind == schedule::FrequencyKind::Weekly);
    CHECK(p.schedule.frequency.weekday == date::Wednesday);
    CHECK(p.schedule.frequency.time_of_day == std::chrono::hours{7});
    CHECK(p.time_zone == "UTC");
    CHECK(p.schedule.offset_days == 0);
    CHECK(p.schedule.duration == Minutes{0});
    CHECK(p.schedule.zone.is_utc());
    CHECK(p.blackouts.empty());
    CHECK(p.query_text == "IsInstalled=0");
    REQUIRE(p.query.has_value());
    CHECK(p.category_ids.empty());
    CHECK_FALSE(p.install_os_only_updates);
    CHECK(p.accept_eula);
    CHECK(p.exclude_updates.empty());
    CHECK(p.include_updates.empty());
    CHECK(p.approval == ApprovalPolicy::NodeWise);
    CHECK(p.max_unavailable.kind == MaxUnavailable::Kind::WholeDomain);
    CHECK(p.min_wait_between_nodes == Minutes{0});
    CHECK(p.max_percentage_unhealthy_nodes == 0);
    CHECK_FALSE(p.max_failed_nodes.has_value());
    CHECK(p.reboot == RebootPolicy::IfRequired);
    CHECK(p.reboot_timeout == Minutes{15});
    CHECK(p.operation_timeout == Minutes{90});
    CHECK(p.operation_retry_count == 5);
    CHECK(p.delay_between_retries == Minutes{1});
    CHECK(p.reschedule_count == 5);
    CHECK(p.reschedule_time == Minutes{30});
    CHECK(p.quarantine_after_failures == 3);
    CHECK(p.max_results_to_cache == 3000);
    CHECK(p.logs_disk_quota_mb == 1024);
    CHECK_FALSE(p.proxy.has_value());
    CHECK(p.location.line == 1);
    CHECK(p.content_hash.size() == 16);
  }

  TEST_CASE("every key is read") {
    const auto loaded = load(policy_text(
        "Description: d\nEnabled: false\nWUFrequency: 'Daily, 3:30'\nTimeZone: Europe/Berlin\n"
        "OffsetDays: -4\nWindowDurationInMinutes: 240\n"
        "Blackouts:\n  - {Start: '2026-12-24T00:00:00Z', End: '2026-12-27T00:00:00+01:00', Reason: "
        "x}\n"
        "WUQuery: \"IsInstalled=0 and Type='Software'\"\n"
        "WUQueryCategoryIds: [6964AAB4-C5B5-43BD-A17D-FFB4346A8E1D]\n"
        "InstallWindowsOSOnlyUpdates: true\nAcceptWindowsUpdateEula: false\n"
        "ExcludeUpdates: [kb5034439]\nIncludeUpdates: [0fa1201d-4330-4fa8-8ae9-b877473b6441]\n"
        "TaskApprovalPolicy: UpgradeDomainWise\nMaxUnavailable: 50%\n"
        "MinWaitTimeBetweenNodesInMinutes: 5\nMaxPercentageUnhealthyNodes: 25\nMaxFailedNodes: 2\n"
        "RebootPolicy: Always\nRebootTimeoutInMinutes: 30\nWUOperationTimeOutInMinutes: 60\n"
        "WUOperationRetryCount: 0\nWUDelayBetweenRetriesInMinutes: 3\nWURescheduleCount: 1\n"
        "WURescheduleTimeInMinutes: 10\nQuarantineAfterFailures: 0\nMaxResultsToCache: 10\n"
        "LogsDiskQuotaInMB: 64\n"
        "Proxy: {Server: 'proxy.fabrikam.com:8080', Bypass: '<local>;*.fabrikam.com'}\n"));
    INFO(loaded.dump());
    REQUIRE(loaded.set.policies.size() == 1);
    const PatchPolicy& p = loaded.set.policies[0];
    CHECK(p.description == "d");
    CHECK_FALSE(p.enabled);
    CHECK(p.schedule.frequency.kind == schedule::FrequencyKind::Daily);
    CHECK(p.time_zone == "Europe/Berlin");
    CHECK(p.schedule.offset_days == -4);
    CHECK(p.schedule.duration == Minutes{240});
    CHECK(p.schedule.zone.name() == "Europe/Berlin");
    REQUIRE(p.schedule.blackouts.size() == 1);
    CHECK(p.schedule.blackouts[0].end == p.blackouts.at(0).end);
    REQUIRE(p.blackouts.size() == 1);
    CHECK(format_utc(p.blackouts[0].end) == "2026-12-26T23:00:00Z");
    CHECK(p.blackouts[0].reason == "x");
    CHECK(p.query_text == "IsInstalled=0 and Type='Software'");
    CHECK(p.category_ids == std::vector<std::string>{k_os_category_id});
    CHECK(p.install_os_only_updates);
    CHECK_FALSE(p.accept_eula);
    CHECK(p.exclude_updates == std::vector<std::string>{"KB5034439"});
    CHECK(p.include_updates == std::vector<std::string>{"0fa1201d-4330-4fa8-8ae9-b877473b6441"});
    CHECK(p.approval == ApprovalPolicy::UpgradeDomainWise);
    CHECK(p.max_unavailable.kind == MaxUnavailable::Kind::Percent);
    CHECK(p.max_unavailable.value == 50);
    CHECK(p.min_wait_between_nodes == Minutes{5});
    CHECK(p.max_percentage_unhealthy_nodes == 25);
    CHECK(p.max_failed_nodes == std::optional<int>{2});
    CHECK(p.reboot == RebootPolicy::Always);
    CHECK(p.reboot_timeout == Minutes{30});
    CHECK(p.operation_timeout == Minutes{60});
    CHECK(p.operation_retry_count == 0);
    CHECK(p.delay_between_retries == Minutes{3});
    CHECK(p.reschedule_count == 1);
    CHECK(p.reschedule_time == Minutes{10});
    CHECK(p.quarantine_after_failures == 0);
    CHECK(p.max_results_to_cache == 10);
    CHECK(p.logs_disk_quota_mb == 64);
    REQUIRE(p.proxy.has_value());
    CHECK(p.proxy->server == "proxy.fabrikam.com:8080");
    CHECK(p.proxy->bypass_list.entries().size() == 2);
    CHECK(p.locations.at("OffsetDays").line == 8);
    CHECK(p.locations.at("OffsetDays").column == 13);
    CHECK(p.locations.at("Proxy.Bypass").line == 33);
  }

  TEST_CASE("unknown keys are errors with a suggestion") {
    const auto loaded = load(policy_text("WUFrequncy: Daily,3:00\nColour: red\n"));
    CHECK(loaded.count("unknown-key") == 2);
    const Diagnostic& d = loaded.sink.diagnostics()[0];
    CHECK(d.rule == "unknown-key");
    CHECK_AT(d, 4, 1);
    CHECK(d.message == "unknown key 'WUFrequncy'; did you mean 'WUFrequency'?");
    CHECK(loaded.sink.diagnostics()[1].message == "unknown key 'Colour'");
    CHECK(loaded.set.policies.empty());
  }

  TEST_CASE("required keys") {
    const auto loaded = load("Kind: PatchPolicy\nCluster: c1\n" + k_cluster);
    const Diagnostic& d = loaded.one("missing-key");
    CHECK_AT(d, 1, 1);
    CHECK(d.message == "missing required key 'Name'");
  }

  TEST_CASE("integer ranges") {
    const auto loaded = load(policy_text("OffsetDays: 31\n"));
    const Diagnostic& d = loaded.one("range");
    CHECK_AT(d, 4, 13);
    CHECK(d.message == "'OffsetDays' is 31; it must be -30..30");
    CHECK(load(policy_text("OffsetDays: -30\n")).clean());
    CHECK(load(policy_text("RebootTimeoutInMinutes: 0\n")).one("range").message ==
          "'RebootTimeoutInMinutes' is 0; it must be at least 1");
    CHECK(load(policy_text("MaxFailedNodes: 99999999999999999999999\n")).count("range") == 1);
  }

  TEST_CASE("types follow the YAML core schema") {
    CHECK(load(policy_text("WUOperationRetryCount: '5'\n")).one("type").message ==
          "'WUOperationRetryCount' must be an integer, not the string '5'");
    CHECK(load(policy_text("Enabled: yes\n")).one("type").message ==
          "'Enabled' must be true or false, not the string 'yes'");
    CHECK(load(policy_text("Description: 2024\n")).one("type").message ==
          "'Description' must be a string, not the integer 2024; quote it to make it a string");
    const auto null_value = load(policy_text("Description:\nEnabled: true\n"));
    CHECK(null_value.one("type").message == "'Description' must be a string, not null");
    CHECK_AT(null_value.one("type"), 4, 1);
    CHECK(load(policy_text("MaxResultsToCache: 1.5\n")).one("type").message ==
          "'MaxResultsToCache' must be an integer, not the number 1.5");
    CHECK(load(policy_text("Blackouts: none\n")).one("type").message ==
          "'Blackouts' must be a list, not the string 'none'");
    CHECK(load(policy_text("Enabled: True\nDescription: '2024'\n")).clean());
  }

  TEST_CASE("enumerations list the allowed values and suggest one") {
    const auto loaded = load(policy_text("TaskApprovalPolicy: nodewise\n"));
    const Diagnostic& d = loaded.one("invalid-value");
    CHECK_AT(d, 4, 21);
    CHECK(d.message ==
          "'TaskApprovalPolicy' is 'nodewise'; expected NodeWise or UpgradeDomainWise; did you "
          "mean 'NodeWise'?");
    CHECK(load(policy_text("RebootPolicy: Sometimes\n")).one("invalid-value").message ==
          "'RebootPolicy' is 'Sometimes'; expected IfRequired, Always or Never");
    CHECK(load(policy_text("RebootPolicy: Never\n")).clean());
  }

  TEST_CASE("PostCheckFailure is Resume by default, KeepDrained on request, nothing else") {
    const auto defaults = load(policy_text());
    REQUIRE(defaults.clean());
    CHECK(defaults.set.policies[0].post_check_failure == PostCheckFailure::Resume);
    const auto kept = load(policy_text("PostCheckFailure: KeepDrained\n"));
    REQUIRE(kept.clean());
    CHECK(kept.set.policies[0].post_check_failure == PostCheckFailure::KeepDrained);
    const auto loaded = load(policy_text("PostCheckFailure: keepdrained\n"));
    const Diagnostic& d = loaded.one("invalid-value");
    CHECK_AT(d, 4, 19);
    CHECK(d.message ==
          "'PostCheckFailure' is 'keepdrained'; expected Resume or KeepDrained; did you mean "
          "'KeepDrained'?");
  }

  TEST_CASE("names follow the DNS label pattern") {
    const auto loaded = load("Kind: PatchPolicy\nName: Patch-Tuesday\nCluster: c1\n" + k_cluster);
    const Diagnostic& d = loaded.one("name");
    CHECK_AT(d, 2, 7);
    CHECK(d.message ==
          "'Patch-Tuesday' is not a valid policy name: use 1 to 63 lower-case letters, digits "
          "and '-', starting and ending with a letter or digit; did you mean 'patch-tuesday'?");
    CHECK(load("Kind: PatchPolicy\nName: -a\nCluster: c1\n" + k_cluster).count("name") == 1);
    CHECK(load("Kind: PatchPolicy\nName: " + std::string(64, 'a') + "\nCluster: c1\n" + k_cluster)
              .count("name") == 1);
    CHECK(load("Kind: PatchPolicy\nName: " + std::string(63, 'a') + "\nCluster: c1\n" + k_cluster)
              .clean());
  }

  TEST_CASE("time zones are checked against the tz database") {
    const auto loaded = load(policy_text("TimeZone: Europe/Londn\n"));
    const Diagnostic& d = loaded.one("time-zone");
    CHECK_AT(d, 4, 11);
    CHECK(d.message == "unknown time zone 'Europe/Londn'; did you mean 'Europe/London'?");
    CHECK(load(policy_text("TimeZone: America/New_York\n")).clean());
  }

  TEST_CASE("blackouts are RFC 3339 with End after Start") {
    const auto bad_time = load(policy_text(
        "Blackouts:\n  - {Start: '2027-02-29T00:00:00Z', End: '2027-03-02T00:00:00Z'}\n"));
    const Diagnostic& d = bad_time.one("blackout-time");
    CHECK_AT(d, 5, 13);
    CHECK(d.message ==
          "'2027-02-29T00:00:00Z' is not an RFC 3339 time such as 2024-12-24T00:00:00Z");
    const auto order = load(policy_text(
        "Blackouts:\n  - Start: '2026-12-24T00:00:00Z'\n    End: '2026-12-24T00:00:00Z'\n"));
    const Diagnostic& o = order.one("blackout-order");
    CHECK_AT(o, 6, 10);
    CHECK(o.message ==
          "blackout End 2026-12-24T00:00:00Z is not after its Start 2026-12-24T00:00:00Z");
    CHECK(load(policy_text("Blackouts:\n  - {End: '2026-12-24T00:00:00Z'}\n"))
              .one("missing-key")
              .message == "missing required key 'Start'");
  }

  TEST_CASE("category ids are GUIDs and update lists take KB ids or GUIDs") {
    const auto loaded =
        load(policy_text("WUQueryCategoryIds: [KB5034439]\nExcludeUpdates: [KB50x]\n"));
    const Diagnostic& guid = loaded.one("guid");
    CHECK_AT(guid, 4, 22);
    CHECK(guid.message == "'KB5034439' is not a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)");
    const Diagnostic& update = loaded.one("update-id");
    CHECK_AT(update, 5, 18);
    CHECK(update.message == "'KB50x' is neither a KB id (KB5034439) nor an update GUID");
  }

  TEST_CASE("MaxUnavailable is a count of at least 1 or a percentage 1..100") {
    const std::string udw = "TaskApprovalPolicy: UpgradeDomainWise\n";
    for (const char* bad : {"'150%'", "0%", "half", "'2'"}) {
      const auto loaded = load(policy_text(udw + "MaxUnavailable: " + bad + "\n"));
      const Diagnostic& d = loaded.one("max-unavailable");
      CHECK_AT(d, 5, 17);
    }
    CHECK(load(policy_text(udw + "MaxUnavailable: 0\n")).one("range").message ==
          "'MaxUnavailable' is 0; it must be at least 1");
    const auto count = load(policy_text(udw + "MaxUnavailable: 2\n"));
    REQUIRE(count.set.policies.size() == 1);
    CHECK(count.set.policies[0].max_unavailable.kind == MaxUnavailable::Kind::Count);
    CHECK(count.set.policies[0].max_unavailable.value == 2);
    CHECK(load(policy_text(udw + "MaxUnavailable: 100%\n")).clean());
  }

  TEST_CASE("MaxUnavailable other than 1 is an error with NodeWise") {
    const auto loaded = load(policy_text("MaxUnavailable: 2\n"));
    const Diagnostic& d = loaded.one("max-unavailable");
    CHECK_AT(d, 4, 17);
    CHECK(d.message ==
          "'MaxUnavailable' must be 1 with TaskApprovalPolicy NodeWise, which patches one node at "
          "a time; use UpgradeDomainWise to patch several nodes at once");
    CHECK(load(policy_text("MaxUnavailable: 1\n")).clean());
  }

  TEST_CASE("Proxy needs a Server as host:port") {
    const auto missing = load(policy_text("Proxy: {Bypass: '<local>'}\n"));
    CHECK(missing.one("missing-key").message == "missing required key 'Server'");
    const auto scheme = load(policy_text("Proxy: {Server: 'http://proxy:8080'}\n"));
    CHECK(scheme.one("proxy-server").location.line == 4);
    CHECK(load(policy_text("Proxy: {Server: 'proxy:8080', Bypass: Test}\nProxy2: 1\n"))
              .count("unknown-key") == 1);
  }

  TEST_CASE("the content hash changes with the document text") {
    const auto a = load(policy_text("OffsetDays: 1\n"));
    const auto b = load(policy_text("OffsetDays: 2\n"));
    REQUIRE(a.set.policies.size() == 1);
    REQUIRE(b.set.policies.size() == 1);
    CHECK(a.set.policies[0].content_hash != b.set.policies[0].content_hash);
    CHECK(a.set.policies[0].content_hash ==
          load(policy_text("OffsetDays: 1\n")).set.policies[0].content_hash);
  }

  TEST_CASE("documents must be mappings of a known Kind") {
    CHECK(load("- a\n").one("not-a-mapping").message ==
          "a document must be a mapping with 'Kind: PatchPolicy' or 'Kind: Cluster', not a list");
    CHECK(load("Name: x\n").one("missing-kind").message ==
          "document has no 'Kind'; expected 'Kind: PatchPolicy' or 'Kind: Cluster'");
    const auto unknown = load("Kind: PatchPolicyy\n");
    const Diagnostic& d = unknown.one("unknown-kind");
    CHECK_AT(d, 1, 7);
    CHECK(d.message ==
          "unknown Kind 'PatchPolicyy'; expected PatchPolicy or Cluster; did you mean "
          "'PatchPolicy'?");
  }
}
