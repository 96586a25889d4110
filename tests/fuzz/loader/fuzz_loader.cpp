// Fuzz target: arbitrary bytes as a policy file. Invariants: no crash, leak or UB (sanitizers);
// every diagnostic names the file and a position inside the text (line 1..lines+1, column >= 1);
// every document in the returned set has a name.
#include "policy/loader.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace {

void require(bool condition, const char* what) {
  if (condition) return;
  std::fprintf(stderr, "invariant violated: %s\n", what);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  pw::DiagnosticSink sink;
  const pw::policy::PolicySet set = pw::policy::load_text("fuzz.yaml", text, sink);
  const auto lines = static_cast<int>(std::count(text.begin(), text.end(), '\n')) + 1;
  for (const pw::Diagnostic& diagnostic : sink.diagnostics()) {
    require(diagnostic.location.file == "fuzz.yaml", "diagnostic names the file");
    require(diagnostic.location.line >= 1 && diagnostic.location.line <= lines,
            "diagnostic line inside the text");
    require(diagnostic.location.column >= 1, "diagnostic column is 1-based");
    require(diagnostic.location.length >= 1, "diagnostic length at least 1");
    require(!diagnostic.rule.empty() && !diagnostic.message.empty(), "rule and message");
  }
  for (const auto& policy : set.policies) require(!policy.name.empty(), "valid policy has a name");
  for (const auto& cluster : set.clusters)
    require(!cluster.name.empty(), "valid cluster has a name");
  return 0;
}
