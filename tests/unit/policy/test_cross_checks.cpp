#include "load_helpers.hpp"

#include <string>

using namespace pw;
using namespace pw::policy;
using pw::policy::test::k_cluster;
using pw::policy::test::load;
using pw::policy::test::policy_text;

TEST_SUITE("policy::CrossChecks") {
  TEST_CASE("duplicate names are errors at the second, naming the first") {
    const auto loaded = load(policy_text() + "---\nKind: PatchPolicy\nName: p1\nCluster: c1\n");
    const Diagnostic& d = loaded.one("duplicate-name");
    CHECK_AT(d, 13, 7);
    CHECK(d.message == "policy name 'p1' is already used at test.yaml:2");
    CHECK(loaded.set.policies.size() == 1);
    CHECK(load(policy_text() + k_cluster).one("duplicate-name").message ==
          "cluster name 'c1' is already used at test.yaml:6");
  }

  TEST_CASE("a policy must name a loaded cluster") {
    const auto loaded = load("Kind: PatchPolicy\nName: p1\nCluster: c2\n" + k_cluster);
    const Diagnostic& d = loaded.one("unknown-cluster");
    CHECK_AT(d, 3, 10);
    CHECK(d.message == "cluster 'c2' is not defined in any loaded file; did you mean 'c1'?");
    CHECK(loaded.set.policies.empty());
  }

  TEST_CASE("cross-file checks can be turned off") {
    LoadOptions options;
    options.cross_file_checks = false;
    const auto loaded = load("Kind: PatchPolicy\nName: p1\nCluster: elsewhere\n", options);
    CHECK(loaded.clean());
    CHECK(loaded.set.policies.size() == 1);
  }

  TEST_CASE("UpgradeDomainWise without MaxUnavailable on one upgrade domain is an error") {
    const std::string cluster =
        "---\nKind: Cluster\nName: c1\nDriver: Simulated\nNodes: [{Name: a}, {Name: b}, {Name: "
        "c}]\n";
    const auto loaded =
        load("Kind: PatchPolicy\nName: p1\nCluster: c1\nTaskApprovalPolicy: UpgradeDomainWise\n" +
             cluster);
    const Diagnostic& d = loaded.one("single-upgrade-domain");
    CHECK(d.severity == Severity::Error);
    CHECK_AT(d, 4, 21);
    CHECK(d.message ==
          "cluster 'c1' has no upgrade domains, so UpgradeDomainWise without MaxUnavailable "
          "would take all its 3 nodes down at once; set MaxUnavailable, give the nodes "
          "UpgradeDomain values, or use NodeWise");
    CHECK(loaded.set.policies.empty());

    const auto one_domain = load(
        "Kind: PatchPolicy\nName: p1\nCluster: c1\nTaskApprovalPolicy: UpgradeDomainWise\n---\n"
        "Kind: Cluster\nName: c1\nDriver: Simulated\n"
        "Nodes: [{Name: a, UpgradeDomain: x}, {Name: b, UpgradeDomain: x}]\n");
    CHECK(one_domain.one("single-upgrade-domain")
              .message.starts_with("cluster 'c1' has a single upgrade domain, so UpgradeDomainWise "
                                   "without MaxUnavailable"));
    CHECK(load(policy_text("TaskApprovalPolicy: UpgradeDomainWise\n")).clean());
  }

  TEST_CASE("with an explicit MaxUnavailable it stays a warning") {
    const auto loaded = load(
        "Kind: PatchPolicy\nName: p1\nCluster: c1\nTaskApprovalPolicy: UpgradeDomainWise\n"
        "MaxUnavailable: 1\n---\nKind: Cluster\nName: c1\nDriver: Simulated\n"
        "Nodes: [{Name: a}, {Name: b}, {Name: c}]\n");
    const Diagnostic& d = loaded.one("single-upgrade-domain");
    CHECK(d.severity == Severity::Warning);
    CHECK(d.message ==
          "cluster 'c1' has no upgrade domains; give the nodes UpgradeDomain values or use "
          "NodeWise");
    CHECK(loaded.set.policies.size() == 1);
  }

  TEST_CASE("the proxy check warns for each cluster name sent to the proxy") {
    const std::string text =
        "Kind: PatchPolicy\nName: p1\nCluster: c1\nProxy:\n  Server: proxy.fabrikam.com:8080\n"
        "  Bypass: '<local>'\n---\nKind: Cluster\nName: c1\nDomain: fabrikam.com\n"
        "AccessPoints: [Test-FS]\nDriver: Simulated\nNodes: [{Name: n1}, {Name: n2}]\n";
    const auto loaded = load(text);
    REQUIRE(loaded.count("proxy-bypass") == 3);
    const Diagnostic& d = loaded.sink.diagnostics().back();
    CHECK(d.severity == Severity::Warning);
    CHECK_AT(d, 6, 11);
    CHECK(d.message ==
          "Test-FS.fabrikam.com would be sent to proxy.fabrikam.com:8080; add '*.fabrikam.com' "
          "to the bypass list");
    CHECK(loaded.sink.diagnostics()[0].message.starts_with("n1.fabrikam.com would be sent"));
    std::string fixed = text;
    fixed.replace(fixed.find("'<local>'"), 9, "'<local>;*.fabrikam.com'");
    CHECK(load(fixed).clean());
  }
}

TEST_SUITE("policy::overlapping-windows") {
  const std::string k_two_nodes =
      "---\nKind: Cluster\nName: c1\nDriver: Simulated\nNodes:\n"
      "  - {Name: n1, UpgradeDomain: ud0}\n  - {Name: n2, UpgradeDomain: ud1}\n";

  std::string policy(const std::string& name, const std::string& frequency, int minutes,
                     const std::string& extra = "") {
    return "---\nKind: PatchPolicy\nName: " + name + "\nCluster: c1\nWUFrequency: \"" + frequency +
           "\"\nWindowDurationInMinutes: " + std::to_string(minutes) + "\n" + extra;
  }

  LoadOptions at_june() {
    LoadOptions options;
    options.now = parse_rfc3339("2026-06-01T00:00:00Z");
    return options;
  }

  TEST_CASE(
      "two enabled policies of one cluster with overlapping windows: a warning at the second") {
    const auto loaded = load(policy("night", "Weekly, Saturday, 22:00", 480) +
                                 policy("late", "Daily, 23:00", 120) + k_two_nodes,
                             at_june());
    const Diagnostic& d = loaded.one("overlapping-windows");
    CHECK(d.severity == Severity::Warning);
    CHECK_AT(d, 11, 14);
    CHECK(d.message ==
          "windows of policies 'late' and 'night' (test.yaml:5) on cluster 'c1' overlap, first at "
          "2026-06-06T23:00:00Z; one cycle holds a cluster at a time, so one of them waits and "
          "may miss its window: move one of the windows");
    CHECK(loaded.set.policies.size() == 2);  // a warning: both still run
  }

  TEST_CASE("not without a reference time, nor for a disabled policy or windows that touch") {
    const std::string overlapping = policy("night", "Weekly, Saturday, 22:00", 480) +
                                    policy("late", "Daily, 23:00", 120) + k_two_nodes;
    CHECK(load(overlapping).count("overlapping-windows") == 0);  // no --now: not checked
    CHECK(load(policy("night", "Weekly, Saturday, 22:00", 480) +
                   policy("late", "Daily, 23:00", 120, "Enabled: false\n") + k_two_nodes,
               at_june())
              .clean());
    CHECK(load(policy("night", "Weekly, Saturday, 22:00", 480) +
                   policy("morning", "Weekly, Sunday, 6:00", 60) + k_two_nodes,
               at_june())
              .clean());
  }

  TEST_CASE("policies of different clusters never overlap") {
    const auto loaded = load(
        policy("night", "Weekly, Saturday, 22:00", 480) + k_two_nodes +
            "---\nKind: PatchPolicy\nName: other\nCluster: c2\nWUFrequency: \"Daily, 23:00\"\n"
            "---\nKind: Cluster\nName: c2\nDriver: Simulated\nNodes: [{Name: a, UpgradeDomain: "
            "x}, {Name: b, UpgradeDomain: y}]\n",
        at_june());
    CHECK(loaded.clean());
  }
}
