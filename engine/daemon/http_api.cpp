#include "daemon/http_api.hpp"

#include "daemon/status_report.hpp"
#include "daemon/window_plan.hpp"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace pw::daemon {

using nlohmann::json;

namespace {

constexpr const char* k_json = "application/json";

void send_json(httplib::Response& response, const json& body, int status = 200) {
  response.status = status;
  response.set_content(body.dump(2) + "\n", k_json);
}

void send_error(httplib::Response& response, int status, const std::string& message) {
  send_json(response, json{{"error", message}}, status);
}

std::vector<PolicyView> policy_views(const Scheduler& scheduler) {
  const auto next = scheduler.next_windows();
  std::vector<PolicyView> views;
  for (const auto& policy : scheduler.policies()->policies) {
    const auto it = next.find(policy.name);
    views.push_back({policy.name, policy.cluster, it == next.end() ? std::nullopt : it->second});
  }
  return views;
}

json windows_document(const Scheduler& scheduler, std::size_t per_policy) {
  json windows = json::array();
  const Instant now = scheduler.now();
  for (const auto& policy : scheduler.policies()->policies) {
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
  const auto results = [&](const httplib::Request&, httplib::Response& response) {
    auto document = results_document(store);
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
  const std::optional<std::string> token = settings.token;
  server.Post(R"(/v1/policies/([a-z0-9-]+)/(pause|resume))",
              [&scheduler, token](const httplib::Request& request, httplib::Response& response) {
                if (const int refusal = authorize(request, token)) {
                  return send_error(response, refusal,
                                    refusal == 403 ? "pause and resume are disabled: the daemon "
                                                     "was started without --token-file"
                                                   : "missing or wrong bearer token");
                }
                const std::string name = request.matches[1];
                const bool pause = request.matches[2] == "pause";
                const Status done = pause ? scheduler.pause(name) : scheduler.resume(name);
                if (!done.ok()) return send_error(response, 404, done.error());
                send_json(response, json{{"policy", name}, {"paused", pause}});
              });
}

}  // namespace

Result<ApiSettings> parse_listen(const std::string& text) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    return Error{"--listen: expected HOST:PORT, e.g. 127.0.0.1:8754, got '" + text + "'"};
  }
  ApiSettings settings;
  settings.host = text.substr(0, colon);
  const std::string port = text.substr(colon + 1);
  if (port.empty() || port.size() > 5 ||
      !std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
      std::stoi(port) > 65535) {
    return Error{"--listen: '" + port + "' is not a port number (0..65535)"};
  }
  settings.port = std::stoi(port);
  return settings;
}

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
  add_routes(*server, settings, scheduler, store);
  int port = settings.port;
  if (port == 0) {
    port = server->bind_to_any_port(settings.host);
    if (port < 0) return Error{"cannot listen on " + settings.host + ": no free port"};
  } else if (!server->bind_to_port(settings.host, port)) {
    return Error{"cannot listen on " + settings.host + ":" + std::to_string(port) +
                 " (address in use or not available)"};
  }
  return std::unique_ptr<HttpApi>(new HttpApi(std::move(server), port));
}

HttpApi::HttpApi(std::unique_ptr<httplib::Server> server, int port)
    : m_server(std::move(server)), m_port(port) {
  m_thread = std::thread([this] { m_server->listen_after_bind(); });
}

HttpApi::~HttpApi() {
  m_server->stop();
  if (m_thread.joinable()) m_thread.join();
}

}  // namespace pw::daemon
