#include "proxy/bypass.hpp"

#include "core/suggest.hpp"
#include "proxy/host_text.hpp"

#include <algorithm>
#include <array>

namespace pw::proxy {

namespace {

constexpr std::string_view k_local = "<local>";

// "10.*", "192.168.*", "10.1.*.*": one to three octets, then only '*' octets.
bool is_ip_prefix(std::string_view entry) {
  int octets = 0;
  int stars = 0;
  std::size_t at = 0;
  while (at <= entry.size()) {
    const std::size_t dot = std::min(entry.find('.', at), entry.size());
    const std::string_view part = entry.substr(at, dot - at);
    if (part == "*") {
      ++stars;
    } else {
      if (stars > 0 || part.empty() || part.size() > 3 ||
          !std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
          std::stoi(std::string(part)) > 255) {
        return false;
      }
      ++octets;
    }
    at = dot + 1;
  }
  return octets >= 1 && stars >= 1 && octets + stars <= 4;
}

bool is_separator(char c) {
  return c == ';' || c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

class BypassParser {
 public:
  explicit BypassParser(std::string_view text) : m_text(text) {}

  BypassParse run() {
    std::size_t position = 0;
    while (position < m_text.size()) {
      while (position < m_text.size() && is_separator(m_text[position])) ++position;
      std::size_t end = position;
      while (end < m_text.size() && !is_separator(m_text[end])) ++end;
      if (end > position) read_entry(m_text.substr(position, end - position), position);
      position = end;
    }
    const bool has_errors = std::any_of(m_issues.begin(), m_issues.end(), [](const TextIssue& i) {
      return i.severity == Severity::Error;
    });
    BypassParse result;
    if (!has_errors) result.list = BypassList(std::move(m_entries));
    result.issues = std::move(m_issues);
    return result;
  }

 private:
  void issue(std::size_t offset, std::size_t length, const char* rule, std::string message,
             Severity severity = Severity::Error) {
    m_issues.push_back(
        {offset, std::max<std::size_t>(length, 1), rule, std::move(message), severity});
  }

  void read_entry(std::string_view entry, std::size_t offset) {
    if (equals_ignoring_case(entry, k_local)) {
      m_entries.push_back({BypassEntry::Kind::Local, std::string(entry), offset});
      return;
    }
    if (entry.front() == '<') return report_unknown_tag(entry, offset);
    if (is_ip_prefix(entry)) {
      m_entries.push_back({BypassEntry::Kind::IpPrefix, std::string(entry), offset});
      return;
    }
    const bool wildcard = entry.front() == '*';
    const std::string_view host = wildcard ? entry.substr(1) : entry;
    const std::size_t host_offset = offset + (wildcard ? 1 : 0);
    if (!check_host_characters(host, host_offset)) return;
    if (wildcard && host.empty()) {
      issue(offset, 1, "bypass-all",
            "'*' alone sends every host direct, so the proxy is never used", Severity::Warning);
    } else if (!wildcard && host.front() == '.') {
      issue(offset, entry.size(), "bypass-leading-dot",
            "'" + std::string(entry) + "' matches only a host literally named so; write '*" +
                std::string(entry) + "' to match the hosts under it",
            Severity::Warning);
    }
    const auto kind = wildcard ? BypassEntry::Kind::Wildcard : BypassEntry::Kind::Exact;
    m_entries.push_back({kind, std::string(entry), offset});
  }

  void report_unknown_tag(std::string_view entry, std::size_t offset) {
    std::string message = "unknown entry '" + std::string(entry) + "'";
    const std::array<std::string_view, 1> tags{k_local};
    if (closest_match(entry, tags)) {
      message += ", did you mean '<local>'?";
    } else {
      message += ": the only entry in angle brackets is '<local>'";
    }
    issue(offset, entry.size(), "bypass-entry", std::move(message));
  }

  bool check_host_characters(std::string_view host, std::size_t offset) {
    for (std::size_t i = 0; i < host.size(); ++i) {
      const char c = host[i];
      if (is_host_char(c)) continue;
      if (c == '*') {
        issue(offset + i, 1, "bypass-wildcard",
              "'*' is allowed only as the leftmost character of an entry (e.g. "
              "'*.fabrikam.com')");
      } else {
        issue(offset + i, 1, "bypass-character", describe_bad_host_char(c));
      }
      return false;
    }
    return true;
  }

  std::string_view m_text;
  std::vector<BypassEntry> m_entries;
  std::vector<TextIssue> m_issues;
};

bool is_ip_address(std::string_view host) {
  return std::all_of(host.begin(), host.end(),
                     [](char c) { return c == '.' || (c >= '0' && c <= '9'); });
}

bool entry_matches(const BypassEntry& entry, std::string_view host) {
  switch (entry.kind) {
    case BypassEntry::Kind::Local:
      return host.find('.') == std::string_view::npos;
    case BypassEntry::Kind::Exact:
      return equals_ignoring_case(host, entry.text);
    case BypassEntry::Kind::Wildcard:
      return ends_with_ignoring_case(host, std::string_view(entry.text).substr(1));
    case BypassEntry::Kind::IpPrefix: {
      const std::string_view prefix = std::string_view(entry.text).substr(0, entry.text.find('*'));
      return is_ip_address(host) && host.substr(0, prefix.size()) == prefix;
    }
  }
  return false;
}

}  // namespace

std::string describe_bad_host_char(char c) {
  const auto byte = static_cast<unsigned char>(c);
  if (c == ',') return "',' does not separate entries: use ';' or blanks";
  if (c == ':') return "':' is not allowed: bypass entries and host names take no port or scheme";
  if (c == '/') return "'/' is not allowed: write a host name, not a URL";
  if (byte < 0x20 || byte >= 0x7f) {
    static constexpr char k_hex[] = "0123456789ABCDEF";
    return std::string("byte 0x") + k_hex[byte >> 4] + k_hex[byte & 15] +
           " is not allowed in a host name";
  }
  return "'" + std::string(1, c) + "' is not allowed in a host name";
}

Decision BypassList::decide(std::string_view host) const {
  if (host.empty()) return {};
  for (std::size_t i = 0; i < m_entries.size(); ++i) {
    if (entry_matches(m_entries[i], host)) return {true, i};
  }
  return {};
}

BypassParse parse_bypass(std::string_view text) {
  return BypassParser(text).run();
}

namespace {

// "http://host:8530/path" → "host".
std::string_view bare_host(std::string_view host) {
  if (const auto scheme = host.find("://"); scheme != std::string_view::npos) {
    host.remove_prefix(scheme + 3);
  }
  host = host.substr(0, host.find('/'));
  if (const auto colon = host.find(':');
      colon != std::string_view::npos && host.find(':', colon + 1) == std::string_view::npos) {
    host = host.substr(0, colon);
  }
  return host;
}

std::string entry_for(std::string_view host) {
  const std::size_t dot = host.find('.');
  if (dot == std::string_view::npos) return std::string(k_local);
  // A two-label name or an address is listed as itself: "*.com" would bypass far too much.
  const bool has_parent_domain = host.find('.', dot + 1) != std::string_view::npos;
  if (!has_parent_domain || is_ip_address(host)) return to_lower(host);
  return "*" + to_lower(host.substr(dot));
}

}  // namespace

std::string suggested_entry(std::string_view given) {
  const std::string_view host = bare_host(given);
  if (host.empty()) return {};
  std::string entry = entry_for(host);
  const BypassParse parse = parse_bypass(entry);
  // Warnings are fine (a name with a leading dot is matched literally, as written); errors not.
  const bool works = parse.list && parse.list->decide(host).direct;
  return works ? entry : std::string();
}

bool is_public_update_host(std::string_view given) {
  static constexpr std::array<std::string_view, 8> k_domains{
      "windowsupdate.com",      "update.microsoft.com",      "windowsupdate.microsoft.com",
      "download.microsoft.com", "delivery.mp.microsoft.com", "deb.debian.org",
      "security.debian.org",    "archive.ubuntu.com"};
  const std::string_view host = bare_host(given);
  return std::any_of(k_domains.begin(), k_domains.end(), [&](std::string_view domain) {
    return equals_ignoring_case(host, domain) ||
           (host.size() > domain.size() && host[host.size() - domain.size() - 1] == '.' &&
            ends_with_ignoring_case(host, domain));
  });
}

std::string to_no_proxy(const BypassList& list, const std::vector<std::string>& local_names) {
  std::vector<std::string> names;
  const auto add = [&](std::string name) {
    if (std::find(names.begin(), names.end(), name) == names.end())
      names.push_back(std::move(name));
  };
  for (const BypassEntry& entry : list.entries()) {
    switch (entry.kind) {
      case BypassEntry::Kind::Local:
        for (const std::string& name : local_names) {
          if (name.find('.') == std::string::npos) add(name);
        }
        break;
      case BypassEntry::Kind::Exact:
        add(entry.text);
        break;
      case BypassEntry::Kind::Wildcard:
        // "*.x" -> ".x" (hosts under x); "*x" -> "x" (curl also matches hosts under x); "*" -> "*".
        add(entry.text.size() == 1 ? std::string("*") : entry.text.substr(1));
        break;
      case BypassEntry::Kind::IpPrefix: {
        // "192.168.*" -> "192.168.0.0/16": CIDR, which curl (7.86+), Go and Python read.
        std::string address;
        int bits = 0;
        std::size_t at = 0;
        for (int octet = 0; octet < 4; ++octet) {
          const std::size_t dot = std::min(entry.text.find('.', at), entry.text.size());
          const std::string part = at < entry.text.size() ? entry.text.substr(at, dot - at) : "*";
          address += (octet > 0 ? "." : "") + (part == "*" ? std::string("0") : part);
          if (part != "*") bits += 8;
          at = dot + 1;
        }
        add(address + "/" + std::to_string(bits));
        break;
      }
    }
  }
  std::string joined;
  for (const std::string& name : names) joined += (joined.empty() ? "" : ",") + name;
  return joined;
}

}  // namespace pw::proxy
