#include "query/query.hpp"

#include <doctest/doctest.h>

#include <string>

using pw::query::parse_query;

namespace {

void check_issue(std::string_view text, std::size_t offset, std::size_t length,
                 const std::string& rule, const std::string& message) {
  const pw::query::QueryParse parse = parse_query(text);
  INFO("criteria: ", std::string(text));
  CHECK_FALSE(parse.query.has_value());
  REQUIRE(parse.issues.size() == 1);
  CHECK(parse.issues[0].offset == offset);
  CHECK(parse.issues[0].length == length);
  CHECK(parse.issues[0].rule == rule);
  CHECK(parse.issues[0].message == message);
  CHECK(parse.issues[0].severity == pw::Severity::Error);
}

}  // namespace

TEST_SUITE("query::parse_query errors") {
  TEST_CASE("empty criteria are rejected") {
    check_issue("", 0, 1, "query-syntax",
                "the criteria are empty: write e.g. IsInstalled=0 and Type='Software'");
    check_issue("   ", 3, 1, "query-syntax",
                "the criteria are empty: write e.g. IsInstalled=0 and Type='Software'");
  }

  TEST_CASE("an unterminated string is pointed at its opening quote") {
    check_issue("IsInstalled=0 and Type='Software", 23, 9, "query-syntax",
                "unterminated string: add the closing quote (')");
  }

  TEST_CASE("characters outside the language are rejected where they are") {
    check_issue("Type=\"Software\"", 5, 1, "query-syntax",
                "strings are written in single quotes (') in WUA criteria");
    check_issue("RevisionNumber>1", 14, 1, "query-syntax",
                "unexpected '>': WUA criteria support only =, != and contains");
    check_issue("IsHidden=0 & IsInstalled=0", 11, 1, "query-syntax", "unexpected character '&'");
    check_issue("IsHidden=0 \xc3\xa9", 11, 1, "query-syntax", "unexpected byte 0xC3");
  }

  TEST_CASE("missing operands and operators are syntax errors") {
    check_issue("IsInstalled=0 and", 17, 1, "query-syntax",
                "expected a property name, found the end of the criteria");
    check_issue("IsInstalled=0 and and IsHidden=0", 18, 3, "query-syntax",
                "expected a property name, found 'and'");
    check_issue("or IsHidden=0", 0, 2, "query-syntax", "expected a property name, found 'or'");
    check_issue("IsInstalled", 11, 1, "query-syntax",
                "expected =, != or contains after 'IsInstalled', found the end of the criteria");
    check_issue("IsInstalled 0", 12, 1, "query-syntax",
                "expected =, != or contains after 'IsInstalled', found '0'");
    check_issue("IsInstalled=", 12, 1, "query-syntax",
                "expected a value after '=' (an integer or a 'quoted string'), found the end of "
                "the criteria");
    check_issue("IsInstalled=and", 12, 3, "query-syntax",
                "expected a value after '=' (an integer or a 'quoted string'), found 'and'");
    check_issue("()", 1, 1, "query-syntax", "expected a property name, found ')'");
  }

  TEST_CASE("trailing garbage and unbalanced parentheses are rejected") {
    check_issue("IsInstalled=0 IsHidden=0", 14, 8, "query-syntax",
                "expected 'and', 'or' or the end of the criteria, found 'IsHidden'");
    check_issue("IsInstalled=0)", 13, 1, "query-syntax", "unmatched ')'");
    check_issue("(IsInstalled=0 and IsHidden=0", 0, 1, "query-syntax",
                "'(' is never closed: add ')'");
    check_issue("(IsInstalled=0 'x')", 15, 3, "query-syntax",
                "expected 'and', 'or' or ')', found the string 'x'");
  }

  TEST_CASE("deep nesting is bounded") {
    const std::string deep = std::string(65, '(') + "IsHidden=0" + std::string(65, ')');
    check_issue(deep, 64, 1, "query-syntax", "parentheses are nested deeper than 64");
    const std::string ok = std::string(64, '(') + "IsHidden=0" + std::string(64, ')');
    CHECK(parse_query(ok).query.has_value());
  }

  TEST_CASE("unknown properties get a suggestion or the allowed list") {
    check_issue("IsInstaled=0", 0, 10, "query-property",
                "unknown property 'IsInstaled', did you mean 'IsInstalled'?");
    check_issue("Title='x'", 0, 5, "query-property",
                "unknown property 'Title' (allowed: Type, DeploymentAction, IsAssigned, "
                "AutoSelectOnWebSites, BrowseOnly, UpdateID, RevisionNumber, CategoryIDs, "
                "IsInstalled, IsHidden, IsPresent or RebootRequired)");
  }

  TEST_CASE("operators are restricted as WUA restricts them") {
    check_issue("IsInstalled!=1", 11, 2, "query-operator",
                "'!=' is allowed only with Type, not with IsInstalled");
    check_issue("IsHidden contains 1", 9, 8, "query-operator",
                "'contains' is allowed only with CategoryIDs; write IsHidden = ...");
    check_issue("CategoryIDs='6964aab4-c5b5-43bd-a17d-ffb4346a8e1d'", 11, 1, "query-operator",
                "CategoryIDs takes 'contains', not '=' (e.g. CategoryIDs contains "
                "'6964aab4-c5b5-43bd-a17d-ffb4346a8e1d')");
  }

  TEST_CASE("values must suit the property") {
    check_issue("IsInstalled=2", 12, 1, "query-value", "IsInstalled takes 0 or 1, not 2");
    check_issue("IsInstalled='0'", 12, 3, "query-value",
                "IsInstalled takes 0 or 1, not the string '0'");
    check_issue("IsInstalled=0x1", 12, 3, "query-value", "'0x1' is not a base-10 integer");
    check_issue("Type='Drivers'", 5, 9, "query-value",
                "Type takes 'Software' or 'Driver', not 'Drivers'; did you mean 'Driver'?");
    check_issue("Type=1", 5, 1, "query-value",
                "Type takes a quoted string: 'Software' or 'Driver'");
    check_issue("DeploymentAction='Install'", 17, 9, "query-value",
                "DeploymentAction takes 'Installation' or 'Uninstallation', not 'Install'; did "
                "you mean 'Installation'?");
    check_issue("UpdateID='{12345678-9abc-def0-1234-56789abcdef0}'", 9, 40, "query-value",
                "'{12345678-9abc-def0-1234-56789abcdef0}' is not a GUID: write 8-4-4-4-12 "
                "hexadecimal digits without braces");
    check_issue("CategoryIDs contains 5", 21, 1, "query-value",
                "CategoryIDs takes a GUID in single quotes");
    check_issue("UpdateID='12345678-9abc-def0-1234-56789abcdef0' and RevisionNumber=99999999999",
                67, 11, "query-value", "RevisionNumber 99999999999 is out of range");
  }

  TEST_CASE("or inside parentheses joined by and is rejected at the or") {
    const std::string message =
        "'or' is allowed only at the top level: WUA rejects it inside parentheses joined by "
        "'and'; write the criteria as a top-level 'or' of 'and' groups";
    check_issue("(IsInstalled=0 or IsHidden=0) and Type='Software'", 15, 2, "query-or-nesting",
                message);
    check_issue("Type='Software' and ((IsHidden=0) OR IsPresent=1)", 34, 2, "query-or-nesting",
                message);
    check_issue("IsHidden=0 or (IsPresent=1 and (IsInstalled=0 or RebootRequired=1))", 46, 2,
                "query-or-nesting", message);
  }

  TEST_CASE("RevisionNumber needs UpdateID in the same conjunction") {
    const std::string message =
        "RevisionNumber is allowed only together with UpdateID: add \"and "
        "UpdateID='<GUID>'\" to this group";
    check_issue("RevisionNumber=3", 0, 14, "query-revision", message);
    check_issue("UpdateID='12345678-9abc-def0-1234-56789abcdef0' or RevisionNumber=3", 51, 14,
                "query-revision", message);
    CHECK(parse_query("(RevisionNumber=3 and UpdateID='12345678-9abc-def0-1234-56789abcdef0')")
              .query.has_value());
  }

  TEST_CASE("independent problems are all reported") {
    const pw::query::QueryParse parse = parse_query("IsHiden=0 and Type='Drive' and IsPresent!=1");
    CHECK_FALSE(parse.query.has_value());
    REQUIRE(parse.issues.size() == 3);
    CHECK(parse.issues[0].rule == "query-property");
    CHECK(parse.issues[1].rule == "query-value");
    CHECK(parse.issues[1].offset == 19);
    CHECK(parse.issues[2].rule == "query-operator");
    CHECK(parse.issues[2].offset == 40);
  }
}
