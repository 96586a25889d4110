#include "daemon/daemon.hpp"

#include "daemon/file_watcher.hpp"
#include "daemon/http_api.hpp"
#include "daemon/signal_watcher.hpp"
#include "store/state_lock.hpp"

#include <signal.h>
#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <iostream>

namespace pw::daemon {

namespace {

constexpr int k_exit_usage = 2;
constexpr int k_exit_runtime = 3;
constexpr std::size_t k_log_files = 4;  // rotated files kept besides the current one

int fail(int code, const std::string& message) {
  std::cerr << "patchwarden run: " << message << '\n';
  return code;
}

// stderr (journald) and rotating files in DIR/logs whose total stays under the quota.
std::shared_ptr<spdlog::logger> make_logger(const std::string& directory, int quota_mb) {
  const std::string logs = directory + "/logs";
  std::error_code ignored;
  std::filesystem::create_directories(logs, ignored);
  const std::size_t total = static_cast<std::size_t>(quota_mb) * 1024 * 1024;
  auto console = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  auto files = std::make_shared<spdlog::sinks::rotating_file_sink_mt>(
      logs + "/patchwarden.log", total / (k_log_files + 1), k_log_files);
  auto logger =
      std::make_shared<spdlog::logger>("patchwarden", spdlog::sinks_init_list{console, files});
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %l %v", spdlog::pattern_time_type::utc);
  logger->flush_on(spdlog::level::info);
  return logger;
}

// A token shorter than this is guessable; the README makes one of 44 characters.
constexpr std::size_t k_token_min = 16;

// The token, and in `warnings` what an operator should fix about its file.
Result<std::optional<std::string>> read_token(const std::optional<std::string>& file,
                                              std::vector<std::string>& warnings) {
  if (!file) return std::optional<std::string>{};
  auto read = read_token_file(*file);
  if (!read) return Error{"--token-file: " + read.error()};
  const std::string& token = *read;
  struct stat info {};
  if (stat(file->c_str(), &info) == 0 && (info.st_mode & S_IROTH) != 0) {
    warnings.push_back("--token-file " + *file +
                       " is readable by every user: chmod 0640 it (README, 'Running it as a "
                       "service')");
  }
  if (token.size() < k_token_min) {
    warnings.push_back("--token-file " + *file + " holds a token of " +
                       std::to_string(token.size()) + " characters; use at least " +
                       std::to_string(k_token_min) +
                       " random ones, e.g. head -c 32 /dev/urandom | base64");
  }
  return std::optional<std::string>{token};
}

bool only_simulated(const policy::PolicySet& set) {
  return std::all_of(set.clusters.begin(), set.clusters.end(), [](const policy::Cluster& c) {
    return c.driver == policy::DriverKind::Simulated;
  });
}

}  // namespace

Result<std::string> read_token_file(const std::string& file) {
  std::ifstream in(file);
  std::string token;
  if (!in || !std::getline(in, token)) return Error{"cannot read " + file};
  while (!token.empty() && (token.back() == '\r' || token.back() == ' ')) token.pop_back();
  if (token.empty()) return Error{file + " is empty"};
  return token;
}

int logs_quota_mb(const policy::PolicySet& set) {
  int quota = 0;
  for (const auto& policy : set.policies) quota = std::max(quota, policy.logs_disk_quota_mb);
  return quota > 0 ? quota : policy::PatchPolicy{}.logs_disk_quota_mb;
}

int run_daemon(const DaemonOptions& options, PolicySetPtr initial, Loader loader) {
  // Before any thread exists, so only the signal watcher sees these signals.
  block_daemon_signals();
  signal(SIGPIPE, SIG_IGN);

  if (options.time_scale != 1.0 && !only_simulated(*initial)) {
    return fail(k_exit_usage, "--time-scale works with Simulated clusters only");
  }
  auto api_settings = parse_listen(options.listen);
  if (!api_settings) return fail(k_exit_usage, api_settings.error());
  std::vector<std::string> warnings;
  auto token = read_token(options.token_file, warnings);
  if (!token) return fail(k_exit_usage, token.error());
  api_settings->token = *token;
  if (!is_loopback(api_settings->host) && !api_settings->token) {
    warnings.push_back("listening on " + api_settings->host +
                       ", which other machines reach, without --token-file: anyone there can "
                       "read status and results (pause and resume stay disabled)");
  }

  auto lock = store::StateLock::acquire(options.state_directory);
  if (!lock) return fail(k_exit_runtime, lock.error());
  auto store = store::Store::open(options.state_directory);
  if (!store) return fail(k_exit_runtime, store.error());
  auto log = make_logger(options.state_directory, logs_quota_mb(*initial));
  for (const auto& warning : warnings) log->warn("{}", warning);
  const TimeBase time(options.time_scale,
                      options.time_scale != 1.0 ? options.time_from : std::nullopt);

  Scheduler scheduler(**store, time, log, initial, std::move(loader));
  auto signals = SignalWatcher::start([&](int signal_number) {
    if (signal_number == SIGHUP) return scheduler.request_reload();
    log->info("signal {}: stopping (no new node starts; state is stored)", signal_number);
    scheduler.request_stop();
  });
  if (!signals) return fail(k_exit_runtime, signals.error());
  auto files = FileWatcher::start(options.paths, [&] { scheduler.request_reload(); });
  if (!files) log->warn("policy files are not watched: {}", files.error());
  auto api = HttpApi::start(*api_settings, scheduler, **store);
  if (!api) return fail(k_exit_runtime, api.error());

  const std::string address = listen_address(api_settings->host, (*api)->port());
  std::ofstream(options.state_directory + "/" + k_address_file) << address << '\n';
  log->info(
      "patchwarden running: {} policies, state in {}, listening on {}{}", initial->policies.size(),
      options.state_directory, address,
      options.time_scale != 1.0 ? ", virtual time x" + std::to_string(options.time_scale) : "");
  scheduler.run();

  api->reset();
  if (files) files->reset();
  std::error_code ignored;
  std::filesystem::remove(options.state_directory + "/" + k_address_file, ignored);
  log->info("stopped");
  return 0;
}

}  // namespace pw::daemon
