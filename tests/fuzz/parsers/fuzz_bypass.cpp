// Fuzzes Proxy.Bypass and Proxy.Server: the first byte selects the parser.
#include "fuzz_check.hpp"
#include "proxy/bypass.hpp"
#include "proxy/server.hpp"

#include <cstddef>
#include <cstdint>

namespace {

using pw::fuzz::require;

void fuzz_bypass(std::string_view text) {
  const pw::proxy::BypassParse parse = pw::proxy::parse_bypass(text);
  pw::fuzz::check_issues(parse.issues, text);
  require(parse.list.has_value() == !pw::fuzz::has_error(parse.issues), "a list unless errors");
  if (!parse.list) return;
  const auto& entries = parse.list->entries();
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const pw::proxy::BypassEntry& entry = entries[i];
    require(text.substr(entry.offset, entry.text.size()) == entry.text, "entry offset");
    // A host spelled like the entry (the wildcard replaced by a label) is sent direct, and the
    // deciding entry is this one or an earlier one.
    std::string host = entry.kind == pw::proxy::BypassEntry::Kind::Wildcard
                           ? "x" + entry.text.substr(1)
                           : entry.text;
    if (entry.kind == pw::proxy::BypassEntry::Kind::Local) host = "shortname";
    if (entry.kind == pw::proxy::BypassEntry::Kind::IpPrefix) {
      host = entry.text;
      for (char& c : host) c = c == '*' ? '7' : c;
    }
    const pw::proxy::Decision decision = parse.list->decide(host);
    require(decision.direct && decision.entry && *decision.entry <= i, "entry matches its host");
    const pw::proxy::BypassParse suggestion =
        pw::proxy::parse_bypass(pw::proxy::suggested_entry(host));
    require(suggestion.list && suggestion.list->decide(host).direct, "suggestion sends direct");
  }
  (void)pw::proxy::to_no_proxy(*parse.list, {"node1", "node2"});
}

void fuzz_server(std::string_view text) {
  const pw::proxy::ServerParse parse = pw::proxy::parse_server(text);
  pw::fuzz::check_issues(parse.issues, text);
  require(parse.server.has_value() == parse.issues.empty(), "a server exactly when no issue");
  if (parse.server) {
    require(parse.server->port >= 1 && parse.server->port <= 65535, "port in range");
    require(!parse.server->host.empty(), "host present");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (data[0] % 2 == 0) {
    fuzz_bypass(text);
  } else {
    fuzz_server(text);
  }
  return 0;
}
