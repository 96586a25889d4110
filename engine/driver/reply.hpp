// What a driver answers, typed (DESIGN.md §7). The Exec driver decodes and validates its
// process's JSON into these once (exec_protocol.hpp); the simulated driver builds them directly;
// the rollout reads only these. The JSON keys each field comes from are PascalCase as in §2.3.
#pragma once

#include "core/update.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <variant>
#include <vector>

namespace pw::driver {

// Inventory: {"Nodes": [{"Name", "UpgradeDomain"?, "Labels"?: {"key": "value"}}]}
struct InventoryNode {
  std::string name;
  std::string upgrade_domain;  // "" when not given
  std::map<std::string, std::string> labels;
};
struct InventoryReply {
  std::vector<InventoryNode> nodes;
};

// Health of one node: {"Healthy": bool, "State"?: "Up"} (State: the driver's word for it).
struct HealthReply {
  bool healthy = false;
  std::string state;
};

// Health of the whole cluster (a call without a node): {"Unhealthy": ["node", ...]}.
struct ClusterHealthReply {
  std::vector<std::string> unhealthy;
};

// Search: {"Updates": [update records, §2.3]}.
struct SearchReply {
  std::vector<UpdateRecord> updates;
};

// Install: {"Updates": [{"UpdateId", "ResultCode", "HResult"?}], "RebootRequired"?: bool}.
// ResultCode as POA: 0 Succeeded, 1 SucceededWithErrors, 2 Failed, 3 Aborted,
// 4 AbortedWithTimeout.
struct InstalledUpdate {
  std::string update_id;  // lower case, as search reports it
  int result_code = 0;
  std::int64_t hresult = 0;
};
struct InstallReply {
  std::vector<InstalledUpdate> updates;
  bool reboot_required = false;
};

// Download, Drain, Reboot, Resume, PreCheck and PostCheck answer any JSON document: only the
// call's status counts, so their reply carries nothing (std::monostate), as does a failed call
// without a usable reply.
using Reply = std::variant<std::monostate, InventoryReply, HealthReply, ClusterHealthReply,
                           SearchReply, InstallReply>;

}  // namespace pw::driver
