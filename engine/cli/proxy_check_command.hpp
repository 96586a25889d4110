// `patchwarden proxy-check --policy FILE [--name POLICY] HOST...` (DESIGN.md §6).
#pragma once

#include <string>
#include <vector>

namespace pw::cli {

struct ProxyCheckOptions {
  std::string policy_file;
  std::string policy_name;
  std::vector<std::string> hosts;
};

int run_proxy_check(const ProxyCheckOptions& options);

}  // namespace pw::cli
