// SimulatedDriver: the built-in cluster of DESIGN.md §2.2 (`Driver: Simulated`). Nodes offer the
// `Updates` catalog; operations complete in virtual time through the Clock it was given
// (VirtualClock: time jumps to the next completion; the daemon's TimeBase: it really waits,
// scaled). Deterministic for a seed: every random draw comes from splitmix64 seeded per node,
// operation and attempt, never from a library distribution.
//
// Durations: Download takes the node's DownloadMinutes, Install its PatchMinutes (the node's
// own value, else drawn once per node from the cluster's {Min, Max}); every other operation
// completes at once. A call whose duration exceeds its timeout ends TimedOut at the timeout.
// Install fails with FailurePercent (one update reports ResultCode 2), and reports
// RebootRequired with RebootRequiredPercent or when an installed update requires it.
// Installed updates are reported with IsInstalled: true by later searches.
// Inventory: the nodes of the spec, as the cluster file lists them.
// Health: a node in UnhealthyNodes (or set_unhealthy) is unhealthy; Health with an empty node
// answers for the whole cluster (ClusterHealthReply). Replies are the typed ones of reply.hpp,
// built directly.
//
// Scales to 10,000s of nodes: pending completions live in a priority queue.
// Thread-safety: one thread, like every Driver.
#pragma once

#include "core/clock.hpp"
#include "core/update.hpp"
#include "driver/driver.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <queue>
#include <string>
#include <unordered_map>
#include <vector>

namespace pw::driver {

// A node as the cluster file lists it; Inventory reports name, upgrade domain and labels.
struct SimulatedNode {
  std::string name;
  std::optional<int> patch_minutes;
  std::string upgrade_domain;
  std::map<std::string, std::string> labels;
};

struct SimulationSpec {
  std::uint64_t seed = 1;
  int download_minutes_min = 0;
  int download_minutes_max = 0;
  int patch_minutes_min = 60;
  int patch_minutes_max = 60;
  int reboot_required_percent = 100;
  int failure_percent = 0;
  std::vector<UpdateRecord> updates;
  std::vector<SimulatedNode> nodes;
  std::vector<std::string> unhealthy_nodes;
};

// splitmix64: the fixed generator behind every simulated draw.
[[nodiscard]] std::uint64_t splitmix64(std::uint64_t& state);

class SimulatedDriver final : public Driver {
 public:
  SimulatedDriver(SimulationSpec spec, Clock& clock);

  CallId start(const Call& call) override;
  std::vector<Completion> wait_next(Instant deadline) override;
  [[nodiscard]] std::size_t in_flight() const override { return m_pending.size(); }
  // Nothing real happens: a stopping cycle need not wait for simulated calls.
  [[nodiscard]] bool acts_on_real_nodes() const override { return false; }

  // Marks a node unhealthy, until `until` when given (then healthy again).
  void set_unhealthy(const std::string& node, std::optional<Instant> until = std::nullopt);
  void set_healthy(const std::string& node);

  // The node's install duration (its own PatchMinutes or its draw); nullopt for unknown nodes.
  [[nodiscard]] std::optional<int> patch_minutes(const std::string& node) const;
  [[nodiscard]] std::optional<int> download_minutes(const std::string& node) const;
  // Update ids installed on the node so far.
  [[nodiscard]] std::vector<std::string> installed(const std::string& node) const;

 private:
  struct NodeState {
    std::string name;
    std::uint64_t seed = 0;
    int patch_minutes = 0;
    int download_minutes = 0;
    std::uint64_t draws = 0;      // per-node draw counter: each draw is a fresh splitmix64 output
    std::vector<bool> installed;  // by catalog index
    bool unhealthy = false;
    std::optional<Instant> unhealthy_until;
  };
  struct Pending {
    Instant due;
    CallId id;
    bool operator>(const Pending& other) const {
      return due != other.due ? due > other.due : id > other.id;
    }
  };
  struct Scheduled {
    Operation operation;
    std::size_t node;  // index, or npos for cluster-wide
    Outcome outcome;
  };

  std::uint64_t draw(NodeState& node);
  bool healthy(const NodeState& node, Instant at) const;
  Outcome run(const Call& call, NodeState* node, Instant now, Seconds& duration);
  SearchReply search(const NodeState& node) const;
  Outcome install(const Call& call, NodeState& node, Seconds& duration);
  void complete(Scheduled& scheduled, Instant at);

  SimulationSpec m_spec;
  Clock& m_clock;
  std::vector<NodeState> m_nodes;
  std::unordered_map<std::string, std::size_t> m_index;
  std::unordered_map<std::string, std::size_t> m_update_index;
  std::priority_queue<Pending, std::vector<Pending>, std::greater<>> m_queue;
  std::unordered_map<CallId, Scheduled> m_pending;
  CallId m_next_id = 1;
};

}  // namespace pw::driver
