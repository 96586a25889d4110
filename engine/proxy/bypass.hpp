// WinHTTP proxy bypass lists (DESIGN.md §6): parsing, host matching with the deciding entry,
// and translation to the NO_PROXY convention of Unix tools.
#pragma once

#include "core/diagnostic.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pw::proxy {

struct BypassEntry {
  // <local>; host; *.suffix (or *suffix); an IPv4 prefix with trailing '*' octets ("10.*",
  // "192.168.*", as WinHTTP accepts them).
  enum class Kind { Local, Exact, Wildcard, IpPrefix };
  Kind kind = Kind::Exact;
  std::string text;        // as written
  std::size_t offset = 0;  // inside the bypass string
};

struct Decision {
  bool direct = false;               // true: bypasses the proxy
  std::optional<std::size_t> entry;  // index of the entry that decided, if any
};

class BypassList {
 public:
  BypassList() = default;
  explicit BypassList(std::vector<BypassEntry> entries) : m_entries(std::move(entries)) {}
  [[nodiscard]] const std::vector<BypassEntry>& entries() const { return m_entries; }
  // Case-insensitive on the literal host, as WinHTTP does (no DNS).
  [[nodiscard]] Decision decide(std::string_view host) const;

 private:
  std::vector<BypassEntry> m_entries;
};

struct BypassParse {
  std::optional<BypassList> list;  // set when there are no error issues
  std::vector<TextIssue> issues;
};

BypassParse parse_bypass(std::string_view text);

// The entry that would send `host` direct, for lint's hint: "*.fabrikam.com" for
// "test-fs.fabrikam.com", "<local>" for a name without a period. A scheme, port or path given
// with the host is left out (entries take none). Empty when no entry lint accepts would send
// it direct; an entry is suggested only if it parses without errors and matches the host.
std::string suggested_entry(std::string_view host);

// Hosts that serve updates to the public (Microsoft Update, Debian's archives): they are what
// the proxy is for, so nothing suggests sending them direct.
bool is_public_update_host(std::string_view host);

// NO_PROXY value equivalent to the list (".fabrikam.com" for "*.fabrikam.com"); `<local>` has
// no NO_PROXY form and is expanded to the given short names (e.g. the cluster's node names).
std::string to_no_proxy(const BypassList& list, const std::vector<std::string>& local_names);

}  // namespace pw::proxy
