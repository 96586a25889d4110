// `patchwarden run`: the long-lived scheduler, wired up as a list of passes (mold's main):
// lock the state directory, open the store, set up logging and time, start the scheduler,
// the signal and file watchers and the HTTP API, run until SIGTERM/SIGINT, then take them
// down in reverse order with the state stored.
#pragma once

#include "core/time.hpp"
#include "daemon/scheduler.hpp"

#include <optional>
#include <string>
#include <vector>

namespace pw::daemon {

struct DaemonOptions {
  std::string state_directory;
  std::string listen = "127.0.0.1:8754";
  double time_scale = 1.0;           // > 1: virtual time (Simulated clusters only)
  std::optional<Instant> time_from;  // virtual time's origin (with time_scale)
  std::optional<std::string> token_file;
  std::vector<std::string> paths;
};

// The file in the state directory that names the HTTP address of the running daemon.
inline constexpr const char* k_address_file = "http-address";

// The bearer token in `file`: its first line, trailing blanks and CR dropped. The daemon and the
// pause/resume client read it alike; an error names the file when it is unreadable or empty.
Result<std::string> read_token_file(const std::string& file);

// Runs until stopped; returns the process exit code. `initial` already linted clean; `loader`
// is used for reloads.
int run_daemon(const DaemonOptions& options, PolicySetPtr initial, Loader loader);

// Largest LogsDiskQuotaInMB of the set (the default when it has no policy).
int logs_quota_mb(const policy::PolicySet& set);

}  // namespace pw::daemon
