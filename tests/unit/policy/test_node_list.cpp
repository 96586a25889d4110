#include "policy/node_list.hpp"

#include <doctest/doctest.h>

using namespace pw::policy;

namespace {

Node node(std::string name, std::string domain = "") {
  Node out;
  out.name = std::move(name);
  out.upgrade_domain = std::move(domain);
  return out;
}

}  // namespace

TEST_SUITE("policy::node_list") {
  TEST_CASE("a valid list has no problem") {
    CHECK(
        node_list_problems({node("hv01", "rack-a"), node("hv02", "0")}, FirstUse::ByLine).empty());
  }

  TEST_CASE("names, duplicates and upgrade domains are checked in node order") {
    const auto problems = node_list_problems(
        {node("hv01"), node("hv_02"), node("HV01"), node("hv03", std::string(64, 'd'))},
        FirstUse::ByPosition);
    REQUIRE(problems.size() == 3);
    CHECK(problems[0].index == 1);
    CHECK(problems[0].rule == "node-name");
    CHECK(problems[1].index == 2);
    CHECK(problems[1].rule == "duplicate-node");
    CHECK(problems[1].message == "node name 'HV01' is already used by node 1");
    CHECK(problems[2].rule == "upgrade-domain");
    CHECK(problems[2].message ==
          "upgrade domain '" + std::string(63, 'd') +
              "...' is not a valid name: use at most 63 printable characters");
  }

  TEST_CASE("a duplicate names the line of the first use when nodes come from a file") {
    std::vector<Node> nodes{node("a"), node("A")};
    nodes[0].location.line = 12;
    const auto problems = node_list_problems(nodes, FirstUse::ByLine);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].message == "node name 'A' is already used at line 12");
  }

  TEST_CASE("host names are DNS labels") {
    CHECK_FALSE(host_label_problem("hv-01", "node name"));
    CHECK(host_label_problem("-hv", "access point name") ==
          "'-hv' is not a valid access point name: use 1 to 63 letters, digits and '-', starting "
          "and ending with a letter or digit (it is substituted into commands)");
  }
}
