// Checks of single values that several documents share: names (DNS labels), GUIDs, KB ids,
// IANA time zones (looked up once per name and cached: lint of 1,000 files must not reload the
// tz database) and RFC 3339 instants.
// Thread-safety: all functions may be called from any thread.
#pragma once

#include "core/text.hpp"  // is_guid, to_lower, to_upper: used with these checks

#include <optional>
#include <string>
#include <string_view>

namespace pw::policy {

// `[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?`: a DNS label in lower case (policy and cluster names).
bool is_lower_dns_label(std::string_view name);

// A DNS label of any case (node names and access points, substituted into commands).
bool is_dns_label(std::string_view name);

// Dot-separated DNS labels, at most 253 characters (a cluster's Domain).
bool is_dns_name(std::string_view name);

// "KB" followed by digits (case-insensitive "KB").
bool is_kb_id(std::string_view text);

struct ZoneCheck {
  bool known = false;
  std::optional<std::string> suggestion;  // a close known name when unknown
};

// Whether `name` is in the tz database; cached per name.
ZoneCheck check_time_zone(std::string_view name);

}  // namespace pw::policy
