#include "load_helpers.hpp"

#include <string>

using namespace pw;
using namespace pw::policy;
using pw::policy::test::load;

namespace {

const std::string k_exec =
    "Exec:\n"
    "  Search: [pw-exec, search, '{node}']\n"
    "  Download: [pw-exec, download, '{fqdn}']\n"
    "  Drain: [pw-exec, drain, '{node}', '{cluster}']\n"
    "  Install: [pw-exec, install, '{node}', '{policy}']\n"
    "  Reboot: [pw-exec, reboot, '{node}']\n"
    "  Resume: [pw-exec, resume, '{node}']\n"
    "  Health: [pw-exec, health, '{node}']\n";

std::string cluster(std::string_view driver, std::string_view extra) {
  return "Kind: Cluster\nName: c1\nDriver: " + std::string(driver) + "\n" + std::string(extra);
}

const std::string k_nodes = "Nodes:\n  - {Name: n1, UpgradeDomain: 0}\n  - {Name: n2}\n";

}  // namespace

TEST_SUITE("policy::Cluster") {
  TEST_CASE("a simulated cluster gets the simulation defaults") {
    const auto loaded = load(cluster("Simulated", "Domain: fabrikam.com\n" + k_nodes));
    INFO(loaded.dump());
    REQUIRE(loaded.set.clusters.size() == 1);
    const Cluster& c = loaded.set.clusters[0];
    CHECK(c.driver == DriverKind::Simulated);
    REQUIRE(c.nodes.size() == 2);
    CHECK(c.nodes[0].upgrade_domain == "0");
    CHECK(c.nodes[1].upgrade_domain.empty());
    CHECK_FALSE(c.nodes[0].patch_minutes.has_value());
    CHECK(c.fqdn(c.nodes[1]) == "n2.fabrikam.com");
    CHECK(c.simulation.seed == 1);
    CHECK(c.simulation.patch_minutes.min == 60);
    CHECK(c.simulation.download_minutes.max == 0);
    CHECK(c.simulation.reboot_required_percent == 100);
    CHECK(c.simulation.failure_percent == 0);
    CHECK(c.nodes[0].location.line == 6);
  }

  TEST_CASE("Simulation and update records are read with their defaults") {
    const auto loaded = load(cluster(
        "Simulated",
        k_nodes + "Simulation:\n  Seed: 7\n  DownloadMinutes: 5\n"
                  "  PatchMinutes: {Min: 20, Max: 40}\n  RebootRequiredPercent: 50\n"
                  "  FailurePercent: 10\n  UnhealthyNodes: [n2]\n  Updates:\n"
                  "    - UpdateId: 0FA1201D-4330-4FA8-8AE9-B877473B6441\n"
                  "      Title: Cumulative update\n      KBArticleIds: [kb5034439]\n"
                  "      CategoryIds: [6964aab4-c5b5-43bd-a17d-ffb4346a8e1d]\n"
                  "      Type: Driver\n      RebootRequired: true\n      SizeBytes: 1048576\n"));
    INFO(loaded.dump());
    REQUIRE(loaded.set.clusters.size() == 1);
    const Simulation& s = loaded.set.clusters[0].simulation;
    CHECK(s.seed == 7);
    CHECK(s.download_minutes.min == 5);
    CHECK(s.download_minutes.max == 5);
    CHECK(s.patch_minutes.min == 20);
    CHECK(s.patch_minutes.max == 40);
    CHECK(s.reboot_required_percent == 50);
    CHECK(s.failure_percent == 10);
    CHECK(s.unhealthy_nodes == std::vector<std::string>{"n2"});
    REQUIRE(s.updates.size() == 1);
    const UpdateRecord& u = s.updates[0];
    CHECK(u.update_id == "0fa1201d-4330-4fa8-8ae9-b877473b6441");
    CHECK(u.revision_number == 1);
    CHECK(u.title == "Cumulative update");
    CHECK(u.kb_article_ids == std::vector<std::string>{"KB5034439"});
    CHECK(u.type == UpdateType::Driver);
    CHECK(u.reboot_required);
    CHECK(u.eula_accepted);
    CHECK_FALSE(u.is_installed);
    CHECK(u.deployment_action == "Installation");
    CHECK(u.size_bytes == 1048576);
  }

  TEST_CASE("update records check their keys") {
    const auto loaded =
        load(cluster("Simulated", k_nodes + "Simulation:\n  Updates:\n"
                                            "    - {Title: t, KBArticleIds: [5034439]}\n"));
    CHECK(loaded.one("missing-key").message == "missing required key 'UpdateId'");
    const Diagnostic& type = loaded.one("type");
    CHECK_AT(type, 9, 33);
    const auto kb =
        load(cluster("Simulated", k_nodes + "Simulation:\n  Updates:\n    - {UpdateId: "
                                            "0fa1201d-4330-4fa8-8ae9-b877473b6441, Title: t, "
                                            "KBArticleIds: [Q123]}\n"));
    CHECK(kb.one("kb-id").message == "'Q123' is not a KB id such as KB5034439");
  }

  TEST_CASE("PatchMinutes ranges need Min <= Max") {
    const auto loaded =
        load(cluster("Simulated", k_nodes + "Simulation: {PatchMinutes: {Min: 50, Max: 20}}\n"));
    CHECK(loaded.one("range").message ==
          "'PatchMinutes'.Max is 20; it must not be less than Min (50)");
  }

  TEST_CASE("UnhealthyNodes must name nodes of the cluster") {
    const auto loaded =
        load(cluster("Simulated", k_nodes + "Simulation: {UnhealthyNodes: [n3]}\n"));
    const Diagnostic& d = loaded.one("unknown-node");
    CHECK_AT(d, 7, 31);
    CHECK(d.message ==
          "'UnhealthyNodes' names 'n3', which is not a node of this cluster; did you mean 'n1'?");
  }

  TEST_CASE("an Exec cluster with every required template is valid") {
    const auto loaded = load(cluster("Exec", k_nodes + k_exec));
    INFO(loaded.dump());
    REQUIRE(loaded.set.clusters.size() == 1);
    CHECK(loaded.set.clusters[0].exec.at("Drain") ==
          std::vector<std::string>{"pw-exec", "drain", "{node}", "{cluster}"});
  }

  TEST_CASE("the Exec driver needs the required templates") {
    const auto loaded = load(cluster("Exec", k_nodes + "Exec:\n  Search: [s]\n"));
    const Diagnostic& d = loaded.one("exec-missing");
    CHECK_AT(d, 8, 3);
    CHECK(
        d.message ==
        "the Exec driver needs templates for Download, Drain, Install, Reboot, Resume and Health");
    CHECK(load(cluster("Exec", k_nodes)).one("exec-missing").message ==
          "the Exec driver needs templates for Search, Download, Drain, Install, Reboot, Resume "
          "and Health; add an 'Exec' mapping");
  }

  TEST_CASE("unknown operations and placeholders are errors") {
    std::string exec = k_exec;
    exec += "  Drainn: [x]\n  PreCheck: [check, '--host={nodes}', '{ $_.Name }']\n";
    const auto loaded = load(cluster("Exec", k_nodes + exec));
    CHECK(loaded.one("unknown-key").message == "unknown key 'Drainn'; did you mean 'Drain'?");
    const Diagnostic& d = loaded.one("exec-placeholder");
    CHECK_AT(d, 16, 29);
    CHECK(d.location.length == 7);
    CHECK(d.message ==
          "unknown placeholder '{nodes}'; the placeholders are {node}, {fqdn}, {cluster} and "
          "{policy}; did you mean '{node}'?");
  }

  TEST_CASE("Inventory runs once for the cluster, so it has no node") {
    const auto loaded = load(cluster("Exec", k_exec + "  Inventory: [inv, '{node}']\n"));
    CHECK(loaded.one("exec-placeholder").message ==
          "'{node}' cannot be used in Inventory, which runs once for the cluster");
  }

  TEST_CASE("templates are non-empty argv lists") {
    std::string exec = k_exec;
    exec += "  PostCheck: 'check {node}'\n";
    const auto loaded = load(cluster("Exec", k_nodes + exec));
    CHECK(loaded.one("exec-template").location.line == 15);
  }

  TEST_CASE("Nodes may be absent only when Exec has Inventory") {
    CHECK(load(cluster("Exec", k_exec + "  Inventory: [inv, '{cluster}']\n")).clean());
    const auto loaded = load(cluster("Simulated", ""));
    const Diagnostic& d = loaded.one("missing-nodes");
    CHECK_AT(d, 1, 1);
    CHECK(load(cluster("Simulated", "Nodes: []\n")).count("missing-nodes") == 1);
  }

  TEST_CASE("a driver's unused part is a warning") {
    const auto loaded = load(cluster("Simulated", k_nodes + k_exec));
    const Diagnostic& d = loaded.one("driver-mismatch");
    CHECK(d.severity == Severity::Warning);
    CHECK(d.message == "'Exec' is ignored because 'Driver' is Simulated");
    CHECK(loaded.set.clusters.size() == 1);
    CHECK(load(cluster("Exec", k_nodes + k_exec + "Simulation: {Seed: 2}\n"))
              .one("driver-mismatch")
              .message == "'Simulation' is ignored because 'Driver' is Exec");
  }

  TEST_CASE("Driver is required and an enumeration") {
    CHECK(load("Kind: Cluster\nName: c1\n" + k_nodes).one("missing-key").message ==
          "missing required key 'Driver'");
    CHECK(load(cluster("Ansible", k_nodes)).one("invalid-value").message ==
          "'Driver' is 'Ansible'; expected Exec or Simulated");
  }

  TEST_CASE("node names are DNS labels, since they are substituted into commands") {
    const auto loaded = load(cluster("Simulated", "Nodes:\n  - Name: n1\n  - Name: 'n2;reboot'\n"));
    const Diagnostic& d = loaded.one("node-name");
    CHECK_AT(d, 6, 11);
    CHECK(load(cluster("Simulated", "Nodes:\n  - Name: N-1\n  - Name: n2\n")).clean());
    CHECK(load(cluster("Simulated", "AccessPoints: [-fs]\n" + k_nodes)).count("node-name") == 1);
    CHECK(load(cluster("Simulated", "Domain: 'fabrikam..com'\n" + k_nodes)).count("domain") == 1);
  }

  TEST_CASE("node names are unique") {
    const auto loaded = load(cluster("Simulated", "Nodes:\n  - Name: web1\n  - Name: WEB1\n"));
    const Diagnostic& d = loaded.one("duplicate-node");
    CHECK_AT(d, 6, 11);
    CHECK(d.message == "node name 'WEB1' is already used at line 5");
  }

  TEST_CASE("a cluster with one node cannot be patched without downtime") {
    const auto loaded = load(cluster("Simulated", "Nodes:\n  - Name: only\n"));
    const Diagnostic& d = loaded.one("single-node");
    CHECK_AT(d, 5, 3);
    CHECK(d.message ==
          "cluster 'c1' has one node; it cannot be patched without downtime (add nodes, or patch "
          "it outside patchwarden)");
  }

  TEST_CASE("labels are string pairs and PatchMinutes is positive") {
    const auto loaded = load(
        cluster("Simulated",
                "Nodes:\n  - {Name: a, Labels: {role: web}, PatchMinutes: 30}\n  - {Name: b}\n"));
    REQUIRE(loaded.set.clusters.size() == 1);
    CHECK(loaded.set.clusters[0].nodes[0].labels.at("role") == "web");
    CHECK(loaded.set.clusters[0].nodes[0].patch_minutes == 30);
    CHECK(load(cluster("Simulated", "Nodes:\n  - {Name: a, PatchMinutes: 0}\n  - {Name: b}\n"))
              .count("range") == 1);
  }
}

TEST_SUITE("policy::Cluster MaxUnavailable") {
  TEST_CASE("the cluster's budget defaults to one node") {
    const auto loaded = load(cluster("Simulated", k_nodes));
    REQUIRE(loaded.set.clusters.size() == 1);
    const MaxUnavailable& budget = loaded.set.clusters[0].max_unavailable;
    CHECK(budget.kind == MaxUnavailable::Kind::Count);
    CHECK(budget.value == 1);
  }

  TEST_CASE("a count or a percentage of the cluster's nodes") {
    const auto count = load(cluster("Simulated", "MaxUnavailable: 3\n" + k_nodes));
    INFO(count.dump());
    REQUIRE(count.set.clusters.size() == 1);
    CHECK(count.clean());
    CHECK(count.set.clusters[0].max_unavailable.kind == MaxUnavailable::Kind::Count);
    CHECK(count.set.clusters[0].max_unavailable.value == 3);
    const auto percent = load(cluster("Simulated", "MaxUnavailable: \"25%\"\n" + k_nodes));
    REQUIRE(percent.set.clusters.size() == 1);
    CHECK(percent.set.clusters[0].max_unavailable.kind == MaxUnavailable::Kind::Percent);
    CHECK(percent.set.clusters[0].max_unavailable.value == 25);
    CHECK(percent.set.clusters[0].max_unavailable.resolve(8) == 2);
  }

  TEST_CASE("an invalid budget is an error at its value") {
    const auto zero = load(cluster("Simulated", "MaxUnavailable: 0\n" + k_nodes));
    const Diagnostic& range = zero.one("range");
    CHECK(range.location.line == 4);
    CHECK(range.location.column == 17);
    CHECK(zero.set.clusters.empty());
    const auto text = load(cluster("Simulated", "MaxUnavailable: half\n" + k_nodes));
    const Diagnostic& bad = text.one("max-unavailable");
    CHECK(bad.location.line == 4);
    CHECK(bad.location.column == 17);
    CHECK(bad.message ==
          "'MaxUnavailable' is 'half'; expected a node count (1 or more) or a percentage from 1% "
          "to 100%");
    const auto over = load(cluster("Simulated", "MaxUnavailable: \"101%\"\n" + k_nodes));
    CHECK(over.one("max-unavailable").location.column == 17);
  }
}
