#include "daemon/http_api.hpp"

#include "daemon/status_report.hpp"
#include "daemon/window_plan.hpp"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <memory>

namespace pw::daemon {

using nlohmann::json;

namespace {

constexpr const char* k_json = "application/json";
// Bodies the API accepts at most (none of its routes needs one).
constexpr std::uint64_t k_max_body = 4096;

void send_json(httplib::Response& response, const json& body, int status = 200) {
  response.status = status;
  response.set_content(body.dump(2) + "\n", k_json);
}

void send_error(httplib::Response& response, int status, const std::string& message) {
  send_json(response, json{{"error", message}}, status);
}

// Handlers hold the policy set they iterate: a reload may replace the scheduler's at any time,
// and `for (x : scheduler.policies()->policies)` would iterate a set the temporary pointer
// already released.
std::vector<PolicyView> policy_views(const Scheduler& scheduler) {
  const auto next = scheduler.next_windows();
  const PolicySetPtr set = scheduler.policies();
  const auto waiting = scheduler.waiting();
  std::vector<PolicyView> views;
  for (const auto& policy : set->policies) {
    const auto it = next.find(policy.name);
    const auto wait = waiting.find(policy.name);
    views.push_back({policy.name, policy.cluster, it == next.end() ? std::nullopt : it->second,
                     wait == waiting.end() ? "" : wait->second.reason(),
                     wait == waiting.end() ? std::nullopt : std::optional{wait->second.since}});
  }
  return views;
}

json windows_document(const Scheduler& scheduler, std::size_t per_policy) {
  json windows = json::array();
  const Instant now = scheduler.now();
  const PolicySetPtr set = scheduler.policies();
  for (const auto& policy : set->policies) {
    if (!policy.enabled) continue;
    schedule::WindowIterator iterator(policy.schedule, now);
    for (std::size_t i = 0; i < per_policy; ++i) {
      const auto window = iterator.next();
      if (!window) break;
      windows.push_back(json{{"policy", policy.name},
                             {"cluster", policy.cluster},
                             {"start", format_utc(window->start)},
                             {"end", window->end ? json(format_utc(*window->end)) : json()}});
    }
  }
  std::stable_sort(windows.begin(), windows.end(), [](const json& a, const json& b) {
    return a["start"].get<std::string>() < b["start"].get<std::string>();
  });
  return json{{"windows", windows}};
}

bool same_token(const std::string& given, const std::string& expected) {
  if (given.size() != expected.size()) return false;
  unsigned char difference = 0;
  for (std::size_t i = 0; i < given.size(); ++i) {
    difference |= static_cast<unsigned char>(given[i] ^ expected[i]);
  }
  return difference == 0;
}

// 0 when allowed, else the HTTP status to refuse with.
int authorize(const httplib::Request& request, const std::optional<std::string>& token) {
  if (!token) return 403;
  const std::string header = request.get_header_value("Authorization");
  const std::string prefix = "Bearer ";
  if (header.rfind(prefix, 0) != 0) return 401;
  return same_token(header.substr(prefix.size()), *token) ? 0 : 401;
}

// "/v1/policies/NAME/pause" → {NAME, true}; "/v1/policies/NAME/resume" → {NAME, false}.
std::optional<std::pair<std::string, bool>> pause_route(const std::string& path) {
  const std::string prefix = "/v1/policies/";
  if (path.rfind(prefix, 0) != 0) return std::nullopt;
  const auto slash = path.find('/', prefix.size());
  if (slash == std::string::npos || slash == prefix.size()) return std::nullopt;
  const std::string name = path.substr(prefix.size(), slash - prefix.size());
  const bool name_ok = std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
  const std::string verb = path.substr(slash + 1);
  if (!name_ok || (verb != "pause" && verb != "resume")) return std::nullopt;
  return std::pair{name, verb == "pause"};
}

void answer_post(const httplib::Request& request, httplib::Response& response,
                 const std::optional<std::string>& token, Scheduler& scheduler) {
  // The body is never read: close the connection so that whatever the client sent after its
  // headers is not taken for a next request.
  response.set_header("Connection", "close");
  const auto route = pause_route(request.path);
  if (request.method != "POST" || !route) {
    return send_error(response, route ? 405 : 404,
                      route ? "use POST" : "no such endpoint: " + request.path);
  }
  if (const int refusal = authorize(request, token)) {
    return send_error(response, refusal,
                      refusal == 403 ? "pause and resume are disabled: the daemon was started "
                                       "without --token-file"
                                     : "missing or wrong bearer token");
  }
  if (request.get_header_value<std::uint64_t>("Content-Length") > k_max_body) {
    return send_error(response, 413, "pause and resume take no body");
  }
  const auto& [name, pause] = *route;
  const Status done = pause ? scheduler.pause(name) : scheduler.resume(name);
  if (!done.ok()) return send_error(response, 404, done.error());
  send_json(response, json{{"policy", name}, {"paused", pause}});
}

void add_routes(httplib::Server& server, const ApiSettings& settings, Scheduler& scheduler,
                store::Store& store) {
  server.Get("/healthz", [](const httplib::Request&, httplib::Response& response) {
    response.set_content("ok\n", "text/plain");
  });
  server.Get("/v1/status", [&](const httplib::Request&, httplib::Response& response) {
    auto document = status_document(store, policy_views(scheduler), scheduler.now(), true);
    document ? send_json(response, *document) : send_error(response, 500, document.error());
  });
  server.Get("/v1/windows", [&](const httplib::Request&, httplib::Response& response) {
    send_json(response, windows_document(scheduler, 10));
  });
  // ?OperationType=all (or ?all=1) adds the SearchAndDownload records to POA's default.
  const auto results = [&](const httplib::Request& request, httplib::Response& response) {
    const bool all =
        request.get_param_value("OperationType") == "all" || request.get_param_value("all") == "1";
    auto document = results_document(store, all);
    document ? send_json(response, *document) : send_error(response, 500, document.error());
  };
  server.Get("/v1/results", results);
  server.Get("/PatchOrchestrationApplication/v1/GetWindowsUpdateResults", results);
  server.Get("/metrics", [&](const httplib::Request&, httplib::Response& response) {
    auto status = status_document(store, policy_views(scheduler), scheduler.now(), true);
    auto text = status ? metrics_text(store, *status) : Result<std::string>(Error{status.error()});
    if (!text) return send_error(response, 500, text.error());
    response.set_content(*text, "text/plain; version=0.0.4");
  });
  // Everything but GET and HEAD is answered here, before httplib reads a body: the token is
  // checked first, and no route needs a body, so none is read at all (a POST without one, as
  // `curl -X POST` sends it, has no Content-Length and would otherwise wait for one).
  const std::optional<std::string> token = settings.token;
  server.set_pre_routing_handler(
      [&scheduler, token](const httplib::Request& request, httplib::Response& response) {
        if (request.method == "GET" || request.method == "HEAD") {
          return httplib::Server::HandlerResponse::Unhandled;
        }
        answer_post(request, response, token, scheduler);
        return httplib::Server::HandlerResponse::Handled;
      });
}

}  // namespace

Result<ApiSettings> parse_listen(const std::string& text) {
  const std::string usage =
      "--listen: expected HOST:PORT, e.g. 127.0.0.1:8754 or [::1]:8754, got '" + text + "'";
  ApiSettings settings;
  std::string port;
  if (!text.empty() && text.front() == '[') {  // [IPv6]:PORT
    const auto close = text.find(']');
    if (close == std::string::npos || close == 1 || close + 1 >= text.size() ||
        text[close + 1] != ':') {
      return Error{usage};
    }
    settings.host = text.substr(1, close - 1);
    port = text.substr(close + 2);
  } else {
    const auto colon = text.rfind(':');
    if (colon == std::string::npos || colon == 0) return Error{usage};
    settings.host = text.substr(0, colon);
    if (settings.host.find(':') != std::string::npos) return Error{usage};  // IPv6 needs [ ]
    port = text.substr(colon + 1);
  }
  if (port.empty() || port.size() > 5 ||
      !std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
      std::stoi(port) > 65535) {
    return Error{"--listen: '" + port + "' is not a port number (0..65535)"};
  }
  settings.port = std::stoi(port);
  return settings;
}

std::string listen_address(const std::string& host, int port) {
  const bool ipv6 = host.find(':') != std::string::npos;
  return (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

bool is_loopback(const std::string& host) {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

namespace {

// Why binding HOST:PORT fails, from the system: httplib only says that it failed.
std::string bind_failure(const std::string& host, int port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  if (const int rc = getaddrinfo(host.c_str(), service.c_str(), &hints, &found); rc != 0) {
    return std::string("cannot resolve '") + host + "': " + gai_strerror(rc);
  }
  std::string reason = "unknown reason";
  for (addrinfo* at = found; at != nullptr; at = at->ai_next) {
    const int fd = socket(at->ai_family, at->ai_socktype | SOCK_CLOEXEC, at->ai_protocol);
    if (fd < 0) {
      reason = std::strerror(errno);
      continue;
    }
    const int yes = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    const bool bound = bind(fd, at->ai_addr, at->ai_addrlen) == 0;
    reason = bound ? "bound on a second try: retry" : std::strerror(errno);
    close(fd);
    if (!bound) break;
  }
  freeaddrinfo(found);
  return reason;
}

}  // namespace

Result<std::unique_ptr<HttpApi>> HttpApi::start(const ApiSettings& settings, Scheduler& scheduler,
                                                store::Store& store) {
  auto server = std::make_unique<httplib::Server>();
  server->set_exception_handler(
      [](const httplib::Request&, httplib::Response& response, std::exception_ptr error) {
        std::string message = "internal error";
        try {
          std::rethrow_exception(error);
        } catch (const std::exception& exception) {
          message += std::string(": ") + exception.what();
        } catch (...) {
        }
        send_error(response, 500, message);
      });
  server->set_payload_max_length(k_max_body);
  server->set_read_timeout(std::chrono::seconds{5});
  server->set_write_timeout(std::chrono::seconds{5});
  // One request per connection: an idle keep-alive client holds no worker thread.
  server->set_keep_alive_max_count(1);
  add_routes(*server, settings, scheduler, store);
  int port = settings.port;
  if (port == 0) {
    port = server->bind_to_any_port(settings.host);
    if (port < 0) {
      return Error{"cannot listen on " + listen_address(settings.host, 0) + ": " +
                   bind_failure(settings.host, 0)};
    }
  } else if (!server->bind_to_port(settings.host, port)) {
    return Error{"cannot listen on " + listen_address(settings.host, port) + ": " +
                 bind_failure(settings.host, port)};
  }
  return std::unique_ptr<HttpApi>(new HttpApi(std::move(server), port));
}

HttpApi::HttpApi(std::unique_ptr<httplib::Server> server, int port)
    : m_server(std::move(server)), m_port(port) {
  auto ended = std::make_shared<std::atomic<bool>>(false);
  m_thread = std::thread([this, ended] {
    m_server->listen_after_bind();
    *ended = true;
  });
  // httplib's stop() does nothing before the accept loop runs, and the loop would then run for
  // ever: a daemon stopped right after it started hung on SIGTERM. Return once it runs.
  while (!m_server->is_running() && !*ended) {
    std::this_thread::sleep_for(std::chrono::milliseconds{1});
  }
}

HttpApi::~HttpApi() {
  m_server->stop();
  if (m_thread.joinable()) m_thread.join();
}

}  // namespace pw::daemon
