// `patchwarden preview` (DESIGN.md §8): the coming windows of policies or of one --frequency.
#pragma once

#include <string>
#include <vector>

namespace pw::cli {

struct PreviewOptions {
  std::vector<std::string> paths;
  std::string from;
  std::string until;
  int count = 10;
  std::vector<std::string> policies;
  std::string format = "table";
  std::string frequency;
  std::string timezone;
  int offset_days = 0;
  int duration_minutes = 0;
};

int run_preview(const PreviewOptions& options);

}  // namespace pw::cli
