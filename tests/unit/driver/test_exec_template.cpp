#include "driver/exec_template.hpp"

#include <doctest/doctest.h>

using pw::driver::Call;
using pw::driver::expand_template;
using pw::driver::Operation;

namespace {

Call drain_call() {
  Call call;
  call.operation = Operation::Drain;
  call.node = "node-01";
  call.fqdn = "node-01.fabrikam.com";
  call.cluster = "prod-fs";
  call.policy = "weekly";
  return call;
}

}  // namespace

TEST_SUITE("driver::validate_node_name") {
  TEST_CASE("accepts DNS labels") {
    CHECK(pw::driver::validate_node_name("node-01").ok());
    CHECK(pw::driver::validate_node_name("N1").ok());
    CHECK(pw::driver::validate_node_name(std::string(63, 'a')).ok());
  }

  TEST_CASE("rejects what could become an option, a path or a second argument") {
    for (const char* bad : {"", "-rf", "node-", "node 1", "a;b", "node.fabrikam.com", "../x",
                            "n\x01", "{fqdn}", "$(id)"}) {
      CAPTURE(bad);
      CHECK_FALSE(pw::driver::validate_node_name(bad).ok());
    }
    CHECK_FALSE(pw::driver::validate_node_name(std::string(64, 'a')).ok());
  }

  TEST_CASE("the message quotes the name and escapes control characters") {
    const auto status = pw::driver::validate_node_name("bad\nname");
    REQUIRE_FALSE(status.ok());
    CHECK(status.error() ==
          "invalid node name 'bad\\x0aname': expected 1 to 63 letters, digits or '-', not "
          "starting or ending with '-'");
  }
}

TEST_SUITE("driver::validate_fqdn") {
  TEST_CASE("accepts dotted labels and rejects empty or malformed ones") {
    CHECK(pw::driver::validate_fqdn("node-01.fabrikam.com").ok());
    CHECK(pw::driver::validate_fqdn("localhost").ok());
    for (const char* bad : {"", ".fabrikam.com", "node..com", "node.", "-x.com", "a b.com"}) {
      CAPTURE(bad);
      CHECK_FALSE(pw::driver::validate_fqdn(bad).ok());
    }
    CHECK_FALSE(pw::driver::validate_fqdn(std::string(254, 'a')).ok());
  }
}

TEST_SUITE("driver::validate_object_name") {
  TEST_CASE("accepts cluster and policy names, rejects option-like ones") {
    CHECK(pw::driver::validate_object_name("prod-fs").ok());
    CHECK(pw::driver::validate_object_name("Prod_FS.2").ok());
    CHECK_FALSE(pw::driver::validate_object_name("-x").ok());
    CHECK_FALSE(pw::driver::validate_object_name("a/b").ok());
    CHECK_FALSE(pw::driver::validate_object_name("").ok());
  }
}

TEST_SUITE("driver::expand_template") {
  TEST_CASE("substitutes every placeholder inside each argument") {
    const auto argv = expand_template(
        {"pwsh", "-File", "drain.ps1", "{node}", "--fqdn={fqdn}", "{cluster}/{policy}/{node}"},
        drain_call());
    REQUIRE(argv.ok());
    CHECK(*argv == std::vector<std::string>{"pwsh", "-File", "drain.ps1", "node-01",
                                            "--fqdn=node-01.fabrikam.com",
                                            "prod-fs/weekly/node-01"});
  }

  TEST_CASE("leaves other braces verbatim and never splits an argument") {
    const auto argv = expand_template(
        {"pwsh", "-Command", "& { Suspend-ClusterNode -Name {node} }", "{unknown}"}, drain_call());
    REQUIRE(argv.ok());
    CHECK(argv->size() == 4);
    CHECK((*argv)[2] == "& { Suspend-ClusterNode -Name node-01 }");
    CHECK((*argv)[3] == "{unknown}");
  }

  TEST_CASE("a placeholder without a value becomes empty text (a cluster-wide call)") {
    Call inventory;
    inventory.operation = Operation::Inventory;
    inventory.cluster = "prod-fs";
    const auto argv =
        expand_template({"inventory.sh", "{cluster}", "{node}", "n={node}"}, inventory);
    REQUIRE(argv.ok());
    CHECK(*argv == std::vector<std::string>{"inventory.sh", "prod-fs", "", "n="});
  }

  TEST_CASE("fails on an invalid value before substituting it") {
    Call call = drain_call();
    call.fqdn = "node-01.fabrikam.com --force";
    const auto argv = expand_template({"drain.sh", "{fqdn}"}, call);
    REQUIRE_FALSE(argv.ok());
    CHECK(argv.error().find("invalid FQDN 'node-01.fabrikam.com --force'") == 0);
    call = drain_call();
    call.node = "-rf";
    CHECK_FALSE(expand_template({"drain.sh", "{node}"}, call).ok());
  }

  TEST_CASE("an unused invalid value does not matter to the template") {
    Call call = drain_call();
    call.policy = "not valid!";
    CHECK(expand_template({"drain.sh", "{node}"}, call).ok());
  }

  TEST_CASE("fails on an empty template or program") {
    CHECK(expand_template({}, drain_call()).error() ==
          "the Exec template for Drain has no program");
    CHECK_FALSE(expand_template({"", "{node}"}, drain_call()).ok());
  }
}
