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
};

enum class Document { Status, Results };

// The status or results document, from the daemon when it runs, else from the store, as the
// text to print in `options.format`: a table, or the JSON document (json and poa-json alike).
Result<std::string> fetch_document_text(const ClientOptions& options, Document document);

}  // namespace pw::daemon
