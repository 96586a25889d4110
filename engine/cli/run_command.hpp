// `patchwarden run --state DIR [--listen HOST:PORT] [--time-scale N [--from T]]
// [--token-file F] PATH...` (DESIGN.md §8): the long-lived scheduler.
#pragma once

#include "daemon/daemon.hpp"

#include <string>

namespace pw::cli {

struct RunOptions {
  daemon::DaemonOptions daemon;
  std::string from;
  std::string token_file;
};

int run_run(const RunOptions& options);

}  // namespace pw::cli
