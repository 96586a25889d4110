// The JSON of the Exec driver protocol (DESIGN.md §7): the request written to a driver's stdin
// and the reply read from its stdout. Only the Exec driver speaks it; everything else sees the
// typed Call and Reply (driver.hpp, reply.hpp).
//
// A reply is decoded once, here, and validated against its operation's shape (reply.hpp): it
// must be exactly one JSON document, at most k_max_reply_bytes long and nested at most
// k_max_reply_depth deep (both checked before parsing, so neither memory nor the stack is at a
// driver's mercy), with every number in range and every field of the right type. Each failure
// is an Error naming the field and what was wrong ("reply field 'Healthy': expected a boolean,
// got string"). Unknown fields are ignored. Nothing here throws.
#pragma once

#include "core/result.hpp"
#include "driver/driver.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace pw::driver {

inline constexpr std::size_t k_max_reply_bytes = 16 * 1024 * 1024;
inline constexpr std::size_t k_max_reply_depth = 64;

// Whom a call is about: Health answers {"Healthy"} for a node, {"Unhealthy"} for the cluster.
enum class ReplyScope { Node, Cluster };

// The request document, one line: "Operation", "Node", "Fqdn", "Cluster", "Policy", and the
// call's "WUQuery", "Updates" and "RebootPolicy" when set.
[[nodiscard]] std::string encode_request(const Call& call);

// The typed reply of `operation` in `text` (surrounding whitespace allowed): InventoryReply,
// HealthReply or ClusterHealthReply, SearchReply, InstallReply; std::monostate for the other
// operations, which may answer any JSON document.
[[nodiscard]] Result<Reply> decode_reply(Operation operation, ReplyScope scope,
                                         std::string_view text);

}  // namespace pw::driver
