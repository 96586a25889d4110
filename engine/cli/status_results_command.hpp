// `patchwarden status` and `patchwarden results` [--state DIR] [--listen HOST:PORT]
// [--format table|json|poa-json].
#pragma once

#include "daemon/client.hpp"

namespace pw::cli {

int run_document(const daemon::ClientOptions& options, daemon::Document document);

// `patchwarden pause|resume POLICY [--token-file F] [--state DIR] [--listen HOST:PORT]`.
int run_pause(const daemon::PauseOptions& options, bool pause);

}  // namespace pw::cli
