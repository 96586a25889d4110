#include "load_helpers.hpp"
#include "policy/yaml_tree.hpp"

#include <string>

using namespace pw;
using namespace pw::policy;
using pw::policy::test::load;

TEST_SUITE("policy::YamlTree") {
  TEST_CASE("scalars keep their position and style") {
    DiagnosticSink sink;
    const auto documents = parse_yaml(
        "f.yaml", "A: plain\nB: 'single'\nC: \"double\"\nD: |\n  lit\nE: >\n  fold\n", sink);
    REQUIRE(documents.size() == 1);
    const YamlNode& root = documents[0].root;
    REQUIRE(root.kind == NodeKind::Map);
    REQUIRE(root.entries.size() == 5);
    CHECK(root.find("A")->style == ScalarStyle::Plain);
    CHECK(root.find("B")->style == ScalarStyle::SingleQuoted);
    CHECK(root.find("C")->style == ScalarStyle::DoubleQuoted);
    CHECK(root.find("D")->style == ScalarStyle::Literal);
    CHECK(root.find("E")->style == ScalarStyle::Folded);
    CHECK(root.find("C")->line == 3);
    CHECK(root.find("C")->column == 4);
    CHECK(root.find("D")->value == "lit\n");
    CHECK(sink.diagnostics().empty());
  }

  TEST_CASE("an anchor before a scalar does not move its position") {
    DiagnosticSink sink;
    const auto documents = parse_yaml("f.yaml", "A: &x 'v'\n", sink);
    REQUIRE(documents.size() == 1);
    CHECK(documents[0].root.find("A")->column == 7);
    CHECK(documents[0].root.find("A")->style == ScalarStyle::SingleQuoted);
  }

  TEST_CASE("a byte order mark is skipped and columns still count it") {
    DiagnosticSink sink;
    const auto documents = parse_yaml("f.yaml", "\xEF\xBB\xBFK: v\n", sink);
    REQUIRE(documents.size() == 1);
    CHECK(documents[0].root.find("K")->column == 7);
  }

  TEST_CASE("multi-document files give each document its byte range") {
    DiagnosticSink sink;
    const std::string text = "A: 1\n---\nB: 2\n";
    const auto documents = parse_yaml("f.yaml", text, sink);
    REQUIRE(documents.size() == 2);
    CHECK(documents[1].root.find("B") != nullptr);
    CHECK(documents[0].end == documents[1].begin);
    CHECK(documents[1].end == text.size());
  }

  TEST_CASE("aliases are rejected at the alias") {
    const auto loaded = load("A: &a x\nB: *a\n");
    const Diagnostic& d = loaded.one("yaml-alias");
    CHECK_AT(d, 2, 4);
    CHECK(d.message == "aliases are not allowed in policy files");
  }

  TEST_CASE("billion laughs is rejected without expanding anything") {
    std::string text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
    for (char c = 'b'; c <= 'k'; ++c) {
      const char previous = static_cast<char>(c - 1);
      text += std::string(1, c) + ": &" + c + " [*" + previous + ", *" + previous + ", *" +
              previous + ", *" + previous + "]\n";
    }
    const auto loaded = load(text);
    CHECK(loaded.count("yaml-alias") == 40);
  }

  TEST_CASE("duplicate keys name both lines") {
    const auto loaded = load("Kind: Cluster\nName: a\nName: b\n");
    const Diagnostic& d = loaded.one("duplicate-key");
    CHECK_AT(d, 3, 1);
    CHECK(d.message == "duplicate key 'Name' (first at line 2, again at line 3)");
    CHECK(loaded.set.clusters.empty());
  }

  TEST_CASE("distinct keys are not duplicates") {
    DiagnosticSink sink;
    (void)parse_yaml("f.yaml", "A: 1\nB: {A: 1}\n", sink);
    CHECK(sink.diagnostics().empty());
  }

  TEST_CASE("nesting deeper than 64 levels is rejected at the 65th") {
    const std::string deep = std::string(65, '[') + std::string(65, ']') + "\n";
    const auto loaded = load(deep);
    const Diagnostic& d = loaded.one("nesting-too-deep");
    CHECK_AT(d, 1, 65);
    CHECK(d.message == "nesting deeper than 64 levels is not allowed in policy files");
  }

  TEST_CASE("nesting of 64 levels is accepted by the parser") {
    DiagnosticSink sink;
    const std::string deep = std::string(64, '[') + std::string(64, ']') + "\n";
    const auto documents = parse_yaml("f.yaml", deep, sink);
    CHECK(sink.diagnostics().empty());
    CHECK(documents.size() == 1);
  }

  TEST_CASE("very deep nesting beyond yaml-cpp's own limit does not crash") {
    const std::string deep = std::string(100000, '[');
    const auto loaded = load(deep);
    CHECK(loaded.count("nesting-too-deep") == 1);
  }

  TEST_CASE("tags are rejected") {
    const auto loaded = load("A: !!str 5\n");
    const Diagnostic& d = loaded.one("yaml-tag");
    CHECK_AT(d, 1, 4);
  }

  TEST_CASE("syntax errors carry yaml-cpp's message at its mark") {
    const auto loaded = load("A: [1, 2\nB: 3\n");
    const Diagnostic& d = loaded.one("yaml-syntax");
    CHECK_AT(d, 2, 2);
    CHECK(d.message == "YAML syntax error: end of sequence flow not found");
  }

  TEST_CASE("a stray comma does not make yaml-cpp loop forever") {
    const auto loaded = load(",");
    const Diagnostic& d = loaded.one("yaml-syntax");
    CHECK_AT(d, 1, 1);
    CHECK(d.message == "YAML syntax error: unexpected ','");
    CHECK(load("Kind: Cluster\n---\n,\n").count("yaml-syntax") == 1);
  }

  TEST_CASE("tabs used for indentation are rejected") {
    const auto loaded = load("Kind: Cluster\nNodes:\n\t- x\n");
    const Diagnostic& d = loaded.one("tab-indent");
    CHECK_AT(d, 3, 1);
    CHECK(d.message == "tab used for indentation; YAML allows only spaces");
  }

  TEST_CASE("tabs inside block scalars and after values are fine") {
    DiagnosticSink sink;
    (void)parse_yaml("f.yaml", "A: |\n  x\n  \tindented text\nB: 'a\tb'\n", sink);
    CHECK(sink.diagnostics().empty());
  }

  TEST_CASE("invalid UTF-8 is reported at the first bad byte") {
    const auto loaded = load("A: ok\nB: caf\xC3\n");
    const Diagnostic& d = loaded.one("invalid-utf8");
    CHECK_AT(d, 2, 7);
  }

  TEST_CASE("overlong and surrogate encodings are invalid UTF-8") {
    CHECK(load("A: \xC0\xAF\n").count("invalid-utf8") == 1);
    CHECK(load("A: \xED\xA0\x80\n").count("invalid-utf8") == 1);
    CHECK(load("A: \xF4\x90\x80\x80\n").count("invalid-utf8") == 1);
    CHECK(load("A: caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\n").count("invalid-utf8") == 0);
  }

  TEST_CASE("control characters are rejected") {
    const auto loaded = load(std::string("A: x\0y\n", 7));
    const Diagnostic& d = loaded.one("control-character");
    CHECK_AT(d, 1, 5);
    CHECK(d.message == "control character 0x00 is not allowed in YAML");
  }

  TEST_CASE("files over 1 MiB are rejected before parsing") {
    const std::string big(k_max_file_bytes + 1, '#');
    const auto loaded = load(big);
    const Diagnostic& d = loaded.one("file-too-large");
    CHECK(d.message == "file is 1048577 bytes; policy files are limited to 1 MiB (1048576 bytes)");
    CHECK(loaded.sink.diagnostics().size() == 1);
  }

  TEST_CASE("an empty file is a warning, not an error") {
    for (const char* text : {"", "# only a comment\n", "---\n...\n"}) {
      const auto loaded = load(text);
      const Diagnostic& d = loaded.one("empty-file");
      CHECK(d.severity == Severity::Warning);
      CHECK_AT(d, 1, 1);
      CHECK_FALSE(loaded.sink.has_errors());
    }
  }
}
