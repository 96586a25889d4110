// `patchwarden status` and `patchwarden results` [--state DIR] [--listen HOST:PORT]
// [--format table|json|poa-json].
#pragma once

#include "daemon/client.hpp"

namespace pw::cli {

int run_document(const daemon::ClientOptions& options, daemon::Document document);

}  // namespace pw::cli
