#include "load_helpers.hpp"

#include <string>

using namespace pw;
using namespace pw::policy;
using pw::policy::test::load;
using pw::policy::test::policy_text;

TEST_SUITE("policy::title filters") {
  TEST_CASE("ExcludeUpdateTitles and IncludeUpdateTitles are compiled once, case-insensitively") {
    const auto loaded =
        load(policy_text("ExcludeUpdateTitles: 'Preview|Insider'\nIncludeUpdateTitles: "
                         "[Cumulative, '^Security']\n"));
    INFO(loaded.dump());
    REQUIRE(loaded.clean());
    const PatchPolicy& policy = loaded.set.policies.at(0);
    REQUIRE(policy.exclude_update_titles.size() == 1);
    CHECK(policy.exclude_update_titles[0].text() == "Preview|Insider");
    CHECK(policy.exclude_update_titles[0].found_in("2026-12 Cumulative Update Preview"));
    CHECK(policy.exclude_update_titles[0].found_in("windows insider build"));
    CHECK_FALSE(policy.exclude_update_titles[0].found_in("2026-12 Cumulative Update"));
    REQUIRE(policy.include_update_titles.size() == 2);
    CHECK(policy.include_update_titles[1].found_in("Security Update for Office"));
    CHECK_FALSE(policy.include_update_titles[1].found_in("Office Security Update"));
  }

  TEST_CASE("a pattern RE2 rejects is an error at the offending part, inside the quotes") {
    const auto loaded = load(policy_text("ExcludeUpdateTitles: 'Preview|(Insider'\n"));
    const Diagnostic& d = loaded.one("title-pattern");
    CHECK_AT(d, 4, 23);  // RE2 names the whole pattern
    CHECK(d.message == "not a valid RE2 pattern: missing ): Preview|(Insider");
    CHECK(loaded.set.policies.empty());
  }

  TEST_CASE("backreferences are not RE2 and are refused") {
    const auto loaded = load(policy_text("IncludeUpdateTitles: ['(a)\\1']\n"));
    const Diagnostic& d = loaded.one("title-pattern");
    CHECK(d.location.line == 4);
    CHECK(d.message.find("not a valid RE2 pattern") == 0);
  }

  TEST_CASE("empty patterns and wrong types are errors") {
    const auto loaded =
        load(policy_text("ExcludeUpdateTitles: ['']\nIncludeUpdateTitles: {a: b}\n"));
    CHECK(loaded.one("invalid-value").message ==
          "'ExcludeUpdateTitles': an empty pattern would match every title");
    CHECK(loaded.count("type") == 1);
  }
}
