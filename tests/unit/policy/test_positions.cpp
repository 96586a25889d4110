#include "load_helpers.hpp"
#include "policy/scalar_position.hpp"

#include <string>

using namespace pw;
using namespace pw::policy;
using pw::policy::test::load;
using pw::policy::test::policy_text;

namespace {

// The file column of value offset `offset` in the scalar of "K: <scalar>".
int column_of(const std::string& scalar, std::size_t offset) {
  const std::string text = "K: " + scalar + "\n";
  DiagnosticSink sink;
  const auto documents = parse_yaml("f.yaml", text, sink);
  REQUIRE(documents.size() == 1);
  const SourceText source("f.yaml", text);
  return locate_in_scalar(source, *documents[0].root.find("K"), offset, 1).column;
}

}  // namespace

TEST_SUITE("policy::ScalarPosition") {
  TEST_CASE("plain scalars map one to one") {
    CHECK(column_of("Weekly, Wensday", 8) == 12);
  }

  TEST_CASE("quoted scalars skip the opening quote") {
    CHECK(column_of("'Weekly, Wensday'", 8) == 13);
    CHECK(column_of("\"Weekly, Wensday\"", 8) == 13);
  }

  TEST_CASE("doubled single quotes count as one character") {
    // value: Type='Driver' and X ; the X is at value offset 18
    CHECK(column_of("'Type=''Driver'' and X'", 18) == 25);
  }

  TEST_CASE("double-quoted escapes are accounted for") {
    // value: a<TAB>b\u00e9X: 'X' at value offset 5 (a, tab, b, two bytes of é)
    CHECK(column_of("\"a\\tb\\u00e9X\"", 5) == 15);
    CHECK(column_of("\"\\x41Z\"", 1) == 9);
  }

  TEST_CASE("multi-line and block scalars point at the value start") {
    const std::string text = "K: |\n  Weekly, Wensday\n";
    DiagnosticSink sink;
    const auto documents = parse_yaml("f.yaml", text, sink);
    const SourceText source("f.yaml", text);
    const SourceLocation at = locate_in_scalar(source, *documents[0].root.find("K"), 8, 1);
    CHECK(at.line == 2);
    CHECK(at.column == 3);
  }

  TEST_CASE("a WUFrequency problem lands on the token inside quotes") {
    const auto loaded = load(policy_text("WUFrequency: \"Weekly, Wensday, 7:00\"\n"));
    REQUIRE(loaded.sink.diagnostics().size() == 1);
    const Diagnostic& d = loaded.sink.diagnostics()[0];
    CHECK(d.rule.starts_with("frequency"));
    CHECK_AT(d, 4, 23);
    CHECK(d.location.length == 7);
    CHECK(loaded.set.policies.empty());
  }

  TEST_CASE("a WUQuery problem lands on the token inside quotes") {
    const auto loaded = load(policy_text("WUQuery: 'IsInstaled=0'\n"));
    REQUIRE(loaded.sink.diagnostics().size() == 1);
    const Diagnostic& d = loaded.sink.diagnostics()[0];
    CHECK(d.rule.starts_with("query"));
    CHECK_AT(d, 4, 11);
  }

  TEST_CASE("a bypass list problem lands on the entry") {
    const auto loaded =
        load(policy_text("Proxy:\n  Server: proxy:8080\n  Bypass: \"<local>;fabrikam.*\"\n"));
    REQUIRE(loaded.sink.error_count() == 1);
    const Diagnostic& d = loaded.sink.diagnostics()[0];
    CHECK(d.rule.starts_with("bypass"));
    CHECK_AT(d, 6, 29);  // the misplaced '*'
  }
}
