// Planner: the pure part of a rollout (ninja's Plan). No I/O, no clock: given the nodes' tasks
// and the instant, it says which nodes to approve next, or why none can be; it also estimates
// patch times and orders upgrade domains. The Executor acts on its answers.
//
//   NodeWise           one node at a time, oldest waiting first.
//   UpgradeDomainWise  one domain at a time in a stable order (names compared with digit runs
//                      as numbers: UD2 < UD10), waiting until the domain's searches and downloads
//                      are done; inside it up to domain_capacity() nodes at once: the policy's
//                      MaxUnavailable of the domain, never above the cluster's budget (its
//                      MaxUnavailable of the cluster's size). Longest expected patch time first.
//                      A soaking node holds its slot.
//   Window             a node is approved only if now + its expected minutes <= window end.
//
// Thread-safety: plain values; a Planner is used from one thread.
#pragma once

#include "core/time.hpp"
#include "policy/model.hpp"
#include "rollout/cycle_state.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace pw::rollout {

// Moving average over this many most recent durations.
inline constexpr std::size_t k_history_window = 5;
// Estimate when neither history nor PatchMinutes is known (and not a Simulated cluster).
inline constexpr int k_default_patch_minutes = 60;

// History's moving average, else the node's PatchMinutes, else the Simulated cluster's
// PatchMinutes maximum, else k_default_patch_minutes.
[[nodiscard]] int expected_minutes(const PatchHistory& history, const policy::Node& node,
                                   const policy::Cluster& cluster);

// a < b with runs of digits compared as numbers ("UD2" < "UD10"), then plainly.
[[nodiscard]] bool natural_less(const std::string& a, const std::string& b);

// The health gate (DESIGN.md §5): `unhealthy` counts unhealthy nodes this cycle has not taken
// down. Empty when it holds, else the reason the cycle waits.
[[nodiscard]] std::string health_gate_failure(const std::vector<std::string>& unhealthy,
                                              std::size_t total_nodes, int max_percent);

// Nodes of one upgrade domain of `domain_size` that may be down at once: min(the policy's
// MaxUnavailable of the domain, the cluster's MaxUnavailable of `cluster_size`), at least 1.
[[nodiscard]] int domain_capacity(const policy::MaxUnavailable& policy, int domain_size,
                                  const policy::MaxUnavailable& cluster, int cluster_size);

struct Approval {
  std::vector<std::size_t> approve;  // node indices, in approval order
  bool window_exhausted = false;     // nothing left in scope can start before the window end
  std::string wait_reason;           // why nothing (more) is approved, when it matters
};

class Planner {
 public:
  // REQUIRES: `nodes` keeps its size and order for the Planner's life.
  Planner(const policy::PatchPolicy& policy, const policy::Cluster& cluster,
          const std::vector<NodeTask>& nodes);

  // What to approve at `now`, ignoring the health gate (the executor checks it before acting).
  [[nodiscard]] Approval decide(const std::vector<NodeTask>& nodes, Instant now,
                                std::optional<Instant> window_end);

  // The domain being patched (UpgradeDomainWise), "" for NodeWise or when all are done.
  [[nodiscard]] std::string active_domain() const;

 private:
  Approval decide_node_wise(const std::vector<NodeTask>& nodes, Instant now,
                            std::optional<Instant> window_end) const;
  Approval decide_domain_wise(const std::vector<NodeTask>& nodes, Instant now,
                              std::optional<Instant> window_end);

  policy::ApprovalPolicy m_approval;
  policy::MaxUnavailable m_max_unavailable;
  policy::MaxUnavailable m_cluster_budget;
  int m_cluster_size = 0;
  std::vector<std::string> m_domain_names;          // in approval order
  std::vector<std::vector<std::size_t>> m_domains;  // node indices per domain
  std::size_t m_active = 0;                         // first domain not finished
};

}  // namespace pw::rollout
