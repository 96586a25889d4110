#include "daemon/client.hpp"

#include "daemon/daemon.hpp"
#include "daemon/http_api.hpp"
#include "daemon/status_report.hpp"
#include "store/state_lock.hpp"
#include "store/store.hpp"

#include <httplib.h>

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace pw::daemon {

namespace {

std::string daemon_address(const ClientOptions& options) {
  if (!options.listen.empty()) return options.listen;
  std::ifstream file(options.state_directory + "/" + k_address_file);
  std::string address;
  std::getline(file, address);
  return address;
}

Result<nlohmann::json> ask_daemon(const std::string& address, Document document, bool all_types) {
  auto listen = parse_listen(address);
  if (!listen) return Error{listen.error()};
  httplib::Client client(listen->host, listen->port);
  client.set_connection_timeout(5);
  client.set_read_timeout(30);
  const std::string path = document == Document::Status ? "/v1/status"
                           : all_types                  ? "/v1/results?OperationType=all"
                                                        : "/v1/results";
  auto response = client.Get(path.c_str());
  if (!response) return Error{"cannot reach the daemon at " + address};
  if (response->status != 200) {
    return Error{"the daemon answered " + std::to_string(response->status) + ": " + response->body};
  }
  auto json = nlohmann::json::parse(response->body, nullptr, false);
  if (json.is_discarded()) return Error{"the daemon sent a document that is not JSON"};
  return json;
}

Result<nlohmann::json> read_store(const ClientOptions& options, Document document) {
  if (!std::filesystem::exists(options.state_directory + "/state.db")) {
    return Error{"no state in " + options.state_directory + " (no daemon has run there)"};
  }
  auto store = store::Store::open_read_only(options.state_directory);
  if (!store) return Error{store.error()};
  if (document == Document::Results) return results_document(**store, options.all_types);
  const Instant now = std::chrono::floor<Seconds>(std::chrono::system_clock::now());
  return status_document(**store, {}, now, false);
}

Result<nlohmann::json> fetch_document(const ClientOptions& options, Document document) {
  if (!options.listen.empty() || store::StateLock::is_held(options.state_directory)) {
    const std::string address = daemon_address(options);
    if (!address.empty()) return ask_daemon(address, document, options.all_types);
  }
  return read_store(options, document);
}

}  // namespace

namespace {

// The token: from --token-file, else the file $PATCHWARDEN_TOKEN_FILE names, else the value of
// $PATCHWARDEN_TOKEN (the first line of a file; trailing blanks and CR dropped).
Result<std::string> client_token(const std::string& file_option) {
  std::string file = file_option;
  if (file.empty()) {
    if (const char* named = std::getenv("PATCHWARDEN_TOKEN_FILE")) file = named;
  }
  if (!file.empty()) {
    auto token = read_token_file(file);
    if (!token) return Error{"the token file: " + token.error()};
    return token;
  }
  const char* value = std::getenv("PATCHWARDEN_TOKEN");
  if (value == nullptr) {
    return Error{
        "no token: give --token-file FILE (e.g. /etc/patchwarden/api-token) or set "
        "PATCHWARDEN_TOKEN_FILE or PATCHWARDEN_TOKEN"};
  }
  std::string token = value;
  while (!token.empty() && (token.back() == '\r' || token.back() == ' ')) token.pop_back();
  if (token.empty()) return Error{"the token is empty"};
  return token;
}

}  // namespace

Result<std::string> set_paused(const PauseOptions& options, bool pause) {
  const auto token = client_token(options.token_file);
  if (!token) return Error{token.error()};
  const std::string address = daemon_address(options.daemon);
  if (address.empty() || (options.daemon.listen.empty() &&
                          !store::StateLock::is_held(options.daemon.state_directory))) {
    return Error{"no daemon runs on " + options.daemon.state_directory +
                 " (give --listen HOST:PORT for one elsewhere)"};
  }
  auto listen = parse_listen(address);
  if (!listen) return Error{listen.error()};
  httplib::Client client(listen->host, listen->port);
  client.set_connection_timeout(5);
  client.set_read_timeout(30);
  const std::string path = "/v1/policies/" + options.policy + (pause ? "/pause" : "/resume");
  auto response =
      client.Post(path.c_str(), {{"Authorization", "Bearer " + *token}}, "", "text/plain");
  if (!response) return Error{"cannot reach the daemon at " + address};
  const auto body = nlohmann::json::parse(response->body, nullptr, false);
  if (response->status != 200) {
    const bool has_error = body.is_object() && body.contains("error") && body["error"].is_string();
    return Error{"the daemon answered " + std::to_string(response->status) + ": " +
                 (has_error ? body["error"].get<std::string>() : response->body)};
  }
  return options.policy + (pause ? ": paused" : ": resumed");
}

Result<std::string> fetch_document_text(const ClientOptions& options, Document document) {
  auto fetched = fetch_document(options, document);
  if (!fetched) return Error{fetched.error()};
  if (options.format != "table") return fetched->dump(2) + '\n';
  return document == Document::Status ? status_table(*fetched) : results_table(*fetched);
}

}  // namespace pw::daemon
