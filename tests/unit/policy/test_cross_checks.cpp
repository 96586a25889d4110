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

  TEST_CASE("UpgradeDomainWise on a single upgrade domain is a warning") {
    const auto loaded = load(
        "Kind: PatchPolicy\nName: p1\nCluster: c1\nTaskApprovalPolicy: UpgradeDomainWise\n---\n"
        "Kind: Cluster\nName: c1\nDriver: Simulated\nNodes: [{Name: a}, {Name: b}, {Name: c}]\n");
    const Diagnostic& d = loaded.one("single-upgrade-domain");
    CHECK(d.severity == Severity::Warning);
    CHECK_AT(d, 4, 21);
    CHECK(d.message ==
          "cluster 'c1' has a single upgrade domain, so UpgradeDomainWise takes all its 3 nodes "
          "down at once; give the nodes UpgradeDomain values or use NodeWise");
    CHECK(load(policy_text("TaskApprovalPolicy: UpgradeDomainWise\n")).clean());
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
