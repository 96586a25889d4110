// What `status` and `results` share: find the daemon of a state directory and ask it over
// HTTP, or — when no daemon holds the directory — read the state database directly.
#pragma once

#include "core/result.hpp"

#include <string>

namespace pw::daemon {

struct ClientOptions {
  std::string state_directory = "/var/lib/patchwarden";
  std::string listen;  // empty: the address the daemon wrote into the state directory
  std::string format = "table";
  bool all_types = false;  // results: the SearchAndDownload records too
};

enum class Document { Status, Results };

struct PauseOptions {
  ClientOptions daemon;
  std::string policy;
  std::string token_file;  // empty: $PATCHWARDEN_TOKEN_FILE, else $PATCHWARDEN_TOKEN
};

// Asks the running daemon to pause or resume a policy (POST /v1/policies/NAME/pause|resume with
// the bearer token); the daemon's answer as one line, or why it failed.
Result<std::string> set_paused(const PauseOptions& options, bool pause);

// The status or results document, from the daemon when it runs, else from the store, as the
// text to print in `options.format`: a table, or the JSON document (json and poa-json alike).
Result<std::string> fetch_document_text(const ClientOptions& options, Document document);

}  // namespace pw::daemon
