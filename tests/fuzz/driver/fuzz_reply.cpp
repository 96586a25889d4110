// Fuzz target: arbitrary bytes as an Exec driver's stdout. Invariants: no crash, leak, UB or
// exception (sanitizers; an exception escaping aborts); every input is either a reply of its
// operation's type, holding what reply.hpp promises, or an error with a message; decoding is
// deterministic.
#include "driver/exec_protocol.hpp"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace {

using namespace pw::driver;

void require(bool condition, const char* what) {
  if (condition) return;
  std::fprintf(stderr, "invariant violated: %s\n", what);
  std::abort();
}

bool is_lower(std::string_view text) {
  for (const char c : text) {
    if (c >= 'A' && c <= 'Z') return false;
  }
  return true;
}

void check(Operation operation, ReplyScope scope, const Reply& reply) {
  switch (operation) {
    case Operation::Inventory:
      require(std::holds_alternative<InventoryReply>(reply), "Inventory gives an InventoryReply");
      for (const InventoryNode& node : std::get<InventoryReply>(reply).nodes) {
        require(!node.name.empty(), "inventory names are not empty");
      }
      return;
    case Operation::Health:
      require(scope == ReplyScope::Node ? std::holds_alternative<HealthReply>(reply)
                                        : std::holds_alternative<ClusterHealthReply>(reply),
              "Health gives a HealthReply for a node, a ClusterHealthReply for the cluster");
      return;
    case Operation::Search:
      require(std::holds_alternative<SearchReply>(reply), "Search gives a SearchReply");
      for (const pw::UpdateRecord& update : std::get<SearchReply>(reply).updates) {
        require(!update.update_id.empty() && is_lower(update.update_id), "update ids lower case");
        require(update.size_bytes >= 0 && update.revision_number >= 0, "sizes are not negative");
      }
      return;
    case Operation::Install:
      require(std::holds_alternative<InstallReply>(reply), "Install gives an InstallReply");
      for (const InstalledUpdate& update : std::get<InstallReply>(reply).updates) {
        require(!update.update_id.empty() && is_lower(update.update_id), "update ids lower case");
        require(update.result_code >= 0 && update.result_code <= 4, "ResultCode in 0..4");
      }
      return;
    default:
      require(std::holds_alternative<std::monostate>(reply), "other operations carry nothing");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  // 0..9: the operations for a node; 10: Health for the whole cluster.
  const unsigned selector = data[0] % 11U;
  const Operation operation = selector == 10 ? Operation::Health : static_cast<Operation>(selector);
  const ReplyScope scope = selector == 10 ? ReplyScope::Cluster : ReplyScope::Node;
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  const pw::Result<Reply> reply = decode_reply(operation, scope, text);
  if (reply) {
    check(operation, scope, *reply);
  } else {
    require(!reply.error().empty(), "an error has a message");
    require(reply.error().starts_with("reply") || reply.error().starts_with("the driver"),
            "an error says it is about the reply");
  }
  require(decode_reply(operation, scope, text).ok() == reply.ok(), "decoding is deterministic");
  return 0;
}
