#include "load_helpers.hpp"
#include "policy/yaml_tree.hpp"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

using namespace pw;
using namespace pw::policy;
using pw::policy::test::k_cluster;
using pw::policy::test::policy_text;

namespace fs = std::filesystem;

namespace {

// A fresh folder under the system temp directory, removed at the end of the test.
class TempDir {
 public:
  explicit TempDir(const std::string& name)
      : m_path(fs::temp_directory_path() / ("pw-policy-test-" + name)) {
    fs::remove_all(m_path);
    fs::create_directories(m_path);
  }
  ~TempDir() {
    std::error_code error;
    fs::remove_all(m_path, error);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  [[nodiscard]] std::string write(const std::string& relative, const std::string& text) const {
    const fs::path file = m_path / relative;
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
    return file.string();
  }
  [[nodiscard]] std::string path() const { return m_path.string(); }

 private:
  fs::path m_path;
};

}  // namespace

TEST_SUITE("policy::Loader") {
  TEST_CASE("folders are searched recursively for .yaml and .yml files, sorted") {
    const TempDir dir("folders");
    (void)dir.write("b/cluster.yml",
                    "Kind: Cluster\nName: c1\nDriver: Simulated\n"
                    "Nodes: [{Name: a}, {Name: b}]\n");
    (void)dir.write("a/policy.yaml", "Kind: PatchPolicy\nName: p1\nCluster: c1\n");
    (void)dir.write("a/notes.txt", "not: yaml: at all: [");
    (void)dir.write("z/p2.yaml", "Kind: PatchPolicy\nName: p1\nCluster: c1\n");
    // Dot-folders and dot-files are left out: a .git folder, an editor's swap file.
    (void)dir.write(".git/objects/x.yaml", "not: yaml: at all: [");
    (void)dir.write("a/.policy.yaml.swp.yaml", "not: yaml: at all: [");
    DiagnosticSink sink;
    const PolicySet set = load_paths({dir.path()}, sink);
    REQUIRE(sink.diagnostics().size() == 1);
    const Diagnostic& d = sink.diagnostics()[0];
    CHECK(d.rule == "duplicate-name");
    CHECK(d.location.file == dir.path() + "/z/p2.yaml");
    CHECK(d.message == "policy name 'p1' is already used at " + dir.path() + "/a/policy.yaml:2");
    CHECK(set.find_cluster("c1") != nullptr);
    CHECK(set.find_policy("p1") != nullptr);
    CHECK(set.find_policy("p2") == nullptr);
  }

  TEST_CASE("a missing path is a diagnostic") {
    DiagnosticSink sink;
    (void)load_paths({"/nonexistent/pw-policy"}, sink);
    REQUIRE(sink.diagnostics().size() == 1);
    CHECK(sink.diagnostics()[0].rule == "path");
    CHECK(sink.diagnostics()[0].location.file == "/nonexistent/pw-policy");
    CHECK(sink.diagnostics()[0].message == "no such file or directory");
  }

  TEST_CASE("an unreadable file is a diagnostic") {
    const TempDir dir("unreadable");
    std::string file = dir.write("p.yaml", policy_text());
    fs::permissions(file, fs::perms::none);
    // As root permissions do not apply; reading /proc/self/mem fails with an I/O error instead.
    if (std::ifstream(file)) file = "/proc/self/mem";
    DiagnosticSink sink;
    (void)load_paths({file}, sink);
    REQUIRE(sink.diagnostics().size() == 1);
    CHECK(sink.diagnostics()[0].rule == "path");
    CHECK(sink.diagnostics()[0].message.starts_with("cannot read file: "));
  }

  TEST_CASE("a file over 1 MiB is not read") {
    const TempDir dir("big");
    const std::string file = dir.write("big.yaml", std::string(k_max_file_bytes + 10, '#'));
    DiagnosticSink sink;
    (void)load_paths({file}, sink);
    REQUIRE(sink.diagnostics().size() == 1);
    CHECK(sink.diagnostics()[0].rule == "file-too-large");
    CHECK(sink.diagnostics()[0].location.line == 1);
  }

  TEST_CASE("a file named twice is loaded once") {
    const TempDir dir("twice");
    const std::string file = dir.write("p.yaml", policy_text());
    DiagnosticSink sink;
    const PolicySet set = load_paths({file, dir.path()}, sink);
    CHECK(sink.diagnostics().empty());
    CHECK(set.policies.size() == 1);
  }

  TEST_CASE("documents with errors are left out of the set, valid ones stay") {
    DiagnosticSink sink;
    const PolicySet set = load_text(
        "t.yaml", "Kind: PatchPolicy\nName: p1\nCluster: c1\nOffsetDays: 99\n" + k_cluster, sink);
    CHECK(sink.error_count() == 1);
    CHECK(set.policies.empty());
    CHECK(set.clusters.size() == 1);
  }

  TEST_CASE("the repository's policies/ folder is lint clean") {
    const char* source = std::getenv("PW_SOURCE_DIR");
    if (source == nullptr) return;
    DiagnosticSink sink;
    const PolicySet set = load_paths({std::string(source) + "/policies"}, sink);
    std::string dump;
    for (const Diagnostic& d : sink.diagnostics())
      dump += d.location.file + ": " + d.message + "\n";
    INFO(dump);
    CHECK(sink.diagnostics().empty());
    CHECK_FALSE(set.policies.empty());
  }

  TEST_CASE("with a time given, schedule checks run on valid policies") {
    DiagnosticSink sink;
    LoadOptions options;
    options.now = parse_rfc3339("2030-01-01T00:00:00Z");
    (void)load_text("t.yaml", policy_text("WUFrequency: 'Once, 2020-01-01, 3:00'\n"), sink,
                    options);
    REQUIRE(sink.diagnostics().size() == 1);
    CHECK(sink.diagnostics()[0].severity == Severity::Warning);
    CHECK(sink.diagnostics()[0].location.line == 4);
    DiagnosticSink without;
    (void)load_text("t.yaml", policy_text("WUFrequency: 'Once, 2020-01-01, 3:00'\n"), without);
    CHECK(without.diagnostics().empty());
  }
}

TEST_SUITE("policy::Model") {
  TEST_CASE("MaxUnavailable resolves against the domain size") {
    CHECK(MaxUnavailable{}.resolve(5) == 5);
    CHECK(MaxUnavailable{MaxUnavailable::Kind::Count, 2}.resolve(5) == 2);
    CHECK(MaxUnavailable{MaxUnavailable::Kind::Count, 9}.resolve(5) == 5);
    CHECK(MaxUnavailable{MaxUnavailable::Kind::Percent, 50}.resolve(5) == 2);
    CHECK(MaxUnavailable{MaxUnavailable::Kind::Percent, 10}.resolve(5) == 1);
    CHECK(MaxUnavailable{MaxUnavailable::Kind::Percent, 100}.resolve(4) == 4);
    CHECK(MaxUnavailable{}.resolve(0) == 1);
  }
}
