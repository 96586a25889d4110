// Invariant checks shared by the parser fuzz targets: a violated invariant aborts so libFuzzer
// records the input as a crash.
#pragma once

#include "core/diagnostic.hpp"

#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

namespace pw::fuzz {

inline void require(bool condition, const char* what) {
  if (condition) return;
  std::fprintf(stderr, "fuzz invariant violated: %s\n", what);
  std::abort();
}

// Every issue lies inside the text (a caret may sit just past its end) and says something.
inline void check_issues(const std::vector<TextIssue>& issues, std::string_view text) {
  for (const TextIssue& issue : issues) {
    require(issue.offset <= text.size(), "issue offset inside the text");
    require(issue.length >= 1, "issue length at least 1");
    require(issue.offset + issue.length <= text.size() + 1, "issue end inside the text");
    require(!issue.rule.empty() && !issue.message.empty(), "issue has a rule and a message");
  }
}

inline bool has_error(const std::vector<TextIssue>& issues) {
  for (const TextIssue& issue : issues) {
    if (issue.severity == Severity::Error) return true;
  }
  return false;
}

}  // namespace pw::fuzz
