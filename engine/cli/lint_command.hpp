// `patchwarden lint [--format text|json] [--strict] [--now T] PATH...` (DESIGN.md §8).
#pragma once

#include <string>
#include <vector>

namespace pw::cli {

struct LintOptions {
  std::vector<std::string> paths;
  std::string format = "text";
  bool strict = false;
  std::string now;  // RFC 3339; empty: the system clock
};

int run_lint(const LintOptions& options);

}  // namespace pw::cli
