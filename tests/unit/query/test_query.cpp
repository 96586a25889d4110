#include "query/query.hpp"

#include <doctest/doctest.h>

#include <string>

using pw::UpdateRecord;
using pw::UpdateType;
using pw::query::parse_query;
using pw::query::Query;

namespace {

constexpr const char* k_update_id = "12345678-9abc-def0-1234-56789abcdef0";
constexpr const char* k_security_category = "0fa1201d-4330-4fa8-8ae9-b877473b6441";

Query parse_ok(std::string_view text) {
  const pw::query::QueryParse parse = parse_query(text);
  INFO("criteria: ", std::string(text));
  for (const pw::TextIssue& issue : parse.issues) INFO("issue: ", issue.message);
  REQUIRE(parse.issues.empty());
  REQUIRE(parse.query.has_value());
  return *parse.query;
}

UpdateRecord software_update() {
  UpdateRecord update;
  update.update_id = k_update_id;
  update.revision_number = 201;
  update.category_ids = {pw::k_os_category_id, k_security_category};
  return update;
}

}  // namespace

TEST_SUITE("query::Query") {
  TEST_CASE("POA's default query selects uninstalled software") {
    const Query query = parse_ok("IsInstalled=0 and Type='Software'");
    CHECK(query.text() == "IsInstalled=0 and Type='Software'");
    UpdateRecord update = software_update();
    CHECK(query.matches(update));
    update.is_installed = true;
    CHECK_FALSE(query.matches(update));
    update.is_installed = false;
    update.type = UpdateType::Driver;
    CHECK_FALSE(query.matches(update));
  }

  TEST_CASE("keywords, property names and string values are case-insensitive") {
    const Query query =
        parse_ok("isinstalled = 0 AND type = 'SOFTWARE' And DEPLOYMENTACTION='installation'");
    CHECK(query.matches(software_update()));
  }

  TEST_CASE("every flag property compares against its field") {
    struct Case {
      const char* name;
      bool UpdateRecord::*field;
    };
    const Case cases[] = {
        {"IsAssigned", &UpdateRecord::is_assigned},
        {"AutoSelectOnWebSites", &UpdateRecord::auto_select_on_websites},
        {"BrowseOnly", &UpdateRecord::browse_only},
        {"IsInstalled", &UpdateRecord::is_installed},
        {"IsHidden", &UpdateRecord::is_hidden},
        {"IsPresent", &UpdateRecord::is_present},
        {"RebootRequired", &UpdateRecord::reboot_required},
    };
    for (const Case& c : cases) {
      INFO("property: ", c.name);
      const Query is_one = parse_ok(std::string(c.name) + "=1");
      const Query is_zero = parse_ok(std::string(c.name) + " = 0");
      UpdateRecord update = software_update();
      CHECK_FALSE(is_one.matches(update));
      CHECK(is_zero.matches(update));
      update.*c.field = true;
      CHECK(is_one.matches(update));
      CHECK_FALSE(is_zero.matches(update));
    }
  }

  TEST_CASE("Type takes = and != with Software or Driver") {
    UpdateRecord driver = software_update();
    driver.type = UpdateType::Driver;
    const Query is_driver = parse_ok("Type='Driver'");
    const Query not_driver = parse_ok("Type!='driver'");
    const Query not_software = parse_ok("Type != 'Software'");
    CHECK(is_driver.matches(driver));
    CHECK_FALSE(is_driver.matches(software_update()));
    CHECK_FALSE(not_driver.matches(driver));
    CHECK(not_driver.matches(software_update()));
    CHECK(not_software.matches(driver));
    CHECK_FALSE(not_software.matches(software_update()));
  }

  TEST_CASE("DeploymentAction compares the update's action") {
    const Query uninstall = parse_ok("DeploymentAction='Uninstallation'");
    UpdateRecord update = software_update();
    CHECK_FALSE(uninstall.matches(update));
    update.deployment_action = "Uninstallation";
    CHECK(uninstall.matches(update));
  }

  TEST_CASE("CategoryIDs contains matches any of the update's categories") {
    const Query security = parse_ok("CategoryIDs contains '0FA1201D-4330-4FA8-8AE9-B877473B6441'");
    UpdateRecord update = software_update();
    CHECK(security.matches(update));
    update.category_ids = {pw::k_os_category_id};
    CHECK_FALSE(security.matches(update));
    update.category_ids.clear();
    CHECK_FALSE(security.matches(update));
  }

  TEST_CASE("UpdateID and RevisionNumber select one revision") {
    const Query query =
        parse_ok(std::string("UpdateID='") + k_update_id + "' and RevisionNumber=201");
    UpdateRecord update = software_update();
    CHECK(query.matches(update));
    update.revision_number = 202;
    CHECK_FALSE(query.matches(update));
    update.revision_number = 201;
    update.update_id = "00000000-0000-0000-0000-000000000000";
    CHECK_FALSE(query.matches(update));
    update.update_id = "12345678-9ABC-DEF0-1234-56789ABCDEF0";
    CHECK(query.matches(update));
  }

  TEST_CASE("or at the top level is a disjunction of conjunctions") {
    const Query query = parse_ok("IsInstalled=0 and IsHidden=0 or RebootRequired=1");
    // Truth table over (installed, hidden, reboot): (!i && !h) || r.
    for (int bits = 0; bits < 8; ++bits) {
      UpdateRecord update = software_update();
      update.is_installed = (bits & 1) != 0;
      update.is_hidden = (bits & 2) != 0;
      update.reboot_required = (bits & 4) != 0;
      const bool expected = (!update.is_installed && !update.is_hidden) || update.reboot_required;
      INFO("bits: ", bits);
      CHECK(query.matches(update) == expected);
    }
  }

  TEST_CASE("parentheses group and may wrap a top-level or") {
    const Query query =
        parse_ok("(IsInstalled=0 and (IsHidden=0)) or (Type='Driver' or (IsPresent=1))");
    for (int bits = 0; bits < 16; ++bits) {
      UpdateRecord update = software_update();
      update.is_installed = (bits & 1) != 0;
      update.is_hidden = (bits & 2) != 0;
      update.type = (bits & 4) != 0 ? UpdateType::Driver : UpdateType::Software;
      update.is_present = (bits & 8) != 0;
      const bool expected = (!update.is_installed && !update.is_hidden) ||
                            update.type == UpdateType::Driver || update.is_present;
      INFO("bits: ", bits);
      CHECK(query.matches(update) == expected);
    }
    CHECK(parse_ok("((IsInstalled=0))").matches(software_update()));
  }

  TEST_CASE("a query is a cheap shared value") {
    const Query query = parse_ok("IsHidden=0");
    const Query copy = query;  // NOLINT(performance-unnecessary-copy-initialization)
    CHECK(copy.text() == "IsHidden=0");
    CHECK(copy.matches(software_update()));
  }
}
