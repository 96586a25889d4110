// The daemon's HTTP API (cpp-httplib), on 127.0.0.1:8754 by default:
//
// clang-format off
//   GET  /healthz                          "ok"
//   GET  /v1/status                        status document (status_report.hpp)
//   GET  /v1/windows                       {"windows":[{"policy","cluster","start","end"}]}
//   GET  /v1/results[?OperationType=all]   POA's GetWindowsUpdateResults JSON (Installation
//                                          records only, as POA; =all adds SearchAndDownload)
//   GET  /PatchOrchestrationApplication/v1/GetWindowsUpdateResults
//                                          the same, at POA's path
//   GET  /metrics                          Prometheus text
//   POST /v1/policies/NAME/pause|resume    Authorization: Bearer <token>
// clang-format on
//
// Pause and resume are refused (403) when the daemon has no token file, and answer 401 to a
// missing or wrong token.
//
// Thread-safety: handlers run on httplib's threads and only use thread-safe objects.
#pragma once

#include "core/result.hpp"
#include "daemon/scheduler.hpp"
#include "store/store.hpp"

#include <memory>
#include <optional>
#include <string>
#include <thread>

namespace httplib {
class Server;
}

namespace pw::daemon {

struct ApiSettings {
  std::string host = "127.0.0.1";
  int port = 8754;  // 0: any free port
  std::optional<std::string> token;
};

class HttpApi {
 public:
  static Result<std::unique_ptr<HttpApi>> start(const ApiSettings& settings, Scheduler& scheduler,
                                                store::Store& store);
  ~HttpApi();
  HttpApi(const HttpApi&) = delete;
  HttpApi& operator=(const HttpApi&) = delete;

  [[nodiscard]] int port() const { return m_port; }

 private:
  HttpApi(std::unique_ptr<httplib::Server> server, int port);

  std::unique_ptr<httplib::Server> m_server;
  int m_port;
  std::thread m_thread;
};

// "host:port" or "[ipv6]:port" → settings; an error for anything else.
Result<ApiSettings> parse_listen(const std::string& text);
// The inverse: "127.0.0.1:8754", "[::1]:8754".
std::string listen_address(const std::string& host, int port);
// 127.0.0.0/8, ::1 and localhost: addresses only this machine reaches.
bool is_loopback(const std::string& host);

}  // namespace pw::daemon
