#include "load_helpers.hpp"
#include "policy/node_selector.hpp"

#include <string>

using namespace pw;
using namespace pw::policy;
using pw::policy::test::load;
using pw::policy::test::policy_text;

namespace {

Node node(std::string name, std::map<std::string, std::string> labels = {}) {
  Node out;
  out.name = std::move(name);
  out.labels = std::move(labels);
  return out;
}

}  // namespace

TEST_SUITE("policy::node selector") {
  TEST_CASE("NodeSelector and NodeNamePattern are read, the pattern compiled once") {
    const auto loaded =
        load(policy_text("NodeSelector: {Role: hyperv, Clustered: 'true'}\nNodeNamePattern: "
                         "'^hv0[1-4]$'\n"));
    INFO(loaded.dump());
    REQUIRE(loaded.clean());
    const PatchPolicy& policy = loaded.set.policies.at(0);
    CHECK(policy.node_selector ==
          std::map<std::string, std::string>{{"Clustered", "true"}, {"Role", "hyperv"}});
    REQUIRE(policy.node_name_pattern.has_value());
    CHECK(policy.node_name_pattern->text() == "^hv0[1-4]$");
  }

  TEST_CASE("a node is held back unless every label matches and its name matches the pattern") {
    const auto loaded =
        load(policy_text("NodeSelector: {Role: hyperv}\nNodeNamePattern: '^hv0[1-4]$'\n"));
    REQUIRE(loaded.clean());
    const PatchPolicy& policy = loaded.set.policies.at(0);
    CHECK_FALSE(held_back_reason(policy, node("HV02", {{"Role", "hyperv"}})));
    CHECK(held_back_reason(policy, node("hv02")) ==
          "held back: no label Role, NodeSelector wants 'hyperv'");
    CHECK(held_back_reason(policy, node("hv02", {{"Role", "sql"}})) ==
          "held back: label Role is 'sql', NodeSelector wants 'hyperv'");
    CHECK(held_back_reason(policy, node("hv05", {{"Role", "hyperv"}})) ==
          "held back: the name does not match NodeNamePattern '^hv0[1-4]$'");
    PatchPolicy everything;
    CHECK_FALSE(held_back_reason(everything, node("any")));
  }

  TEST_CASE("a bad NodeNamePattern is an error at its column; wrong shapes are errors") {
    const auto loaded = load(policy_text("NodeNamePattern: '^hv(0'\n"));
    const Diagnostic& d = loaded.one("node-pattern");
    CHECK_AT(d, 4, 19);
    CHECK(d.message == "not a valid RE2 pattern: missing ): ^hv(0");
    CHECK(load(policy_text("NodeNamePattern: ''\n")).one("invalid-value").message ==
          "'NodeNamePattern': an empty pattern selects every node");
    CHECK(load(policy_text("NodeSelector: [Role]\n")).count("type") == 1);
    CHECK(load(policy_text("NodeSelector: {Role: [a, b]}\n")).count("type") == 1);
  }
}
