// `patchwarden simulate [--from T] [--policy NAME]... [--format table|json] PATH...`.
#pragma once

#include <string>
#include <vector>

namespace pw::cli {

struct SimulateOptions {
  std::vector<std::string> paths;
  std::string from;
  std::vector<std::string> policies;
  std::string format = "table";
};

int run_simulate(const SimulateOptions& options);

}  // namespace pw::cli
