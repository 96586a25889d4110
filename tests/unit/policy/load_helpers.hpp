// Helpers for the policy loader tests: load YAML text without disk, find diagnostics by rule.
#pragma once

#include "policy/loader.hpp"

#include <doctest/doctest.h>

#include <string>
#include <string_view>

namespace pw::policy::test {

struct Loaded {
  DiagnosticSink sink;
  PolicySet set;

  // The only diagnostic with `rule`; fails the test when there is not exactly one.
  [[nodiscard]] const Diagnostic& one(std::string_view rule) const {
    const Diagnostic* found = nullptr;
    int count = 0;
    for (const Diagnostic& diagnostic : sink.diagnostics()) {
      if (diagnostic.rule == rule) {
        found = &diagnostic;
        ++count;
      }
    }
    INFO("diagnostics:\n" << dump());
    REQUIRE(count == 1);
    return *found;
  }
  [[nodiscard]] int count(std::string_view rule) const {
    int count = 0;
    for (const Diagnostic& diagnostic : sink.diagnostics()) count += diagnostic.rule == rule;
    return count;
  }
  [[nodiscard]] bool clean() const { return sink.diagnostics().empty(); }
  [[nodiscard]] std::string dump() const {
    std::string text;
    for (const Diagnostic& d : sink.diagnostics()) {
      text += d.location.file + ":" + std::to_string(d.location.line) + ":" +
              std::to_string(d.location.column) + ": " + to_string(d.severity) + ": " + d.message +
              " [" + d.rule + "]\n";
    }
    return text;
  }
};

inline Loaded load(std::string_view text, LoadOptions options = {}) {
  Loaded loaded;
  loaded.set = load_text("test.yaml", text, loaded.sink, options);
  return loaded;
}

// A valid two-node simulated cluster named "c1", to pair with policies under test.
inline const std::string k_cluster =
    "---\nKind: Cluster\nName: c1\nDriver: Simulated\nNodes:\n"
    "  - {Name: n1, UpgradeDomain: ud0}\n  - {Name: n2, UpgradeDomain: ud1}\n";

// A minimal valid policy for cluster c1, with `extra` lines appended.
inline std::string policy_text(std::string_view extra = "") {
  return "Kind: PatchPolicy\nName: p1\nCluster: c1\n" + std::string(extra) + k_cluster;
}

#define CHECK_AT(diagnostic, line_, column_)          \
  do {                                                \
    CHECK((diagnostic).location.line == (line_));     \
    CHECK((diagnostic).location.column == (column_)); \
  } while (false)

}  // namespace pw::policy::test
