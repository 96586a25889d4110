#include "driver/simulated_driver.hpp"

#include <algorithm>

namespace pw::driver {

namespace {

constexpr std::size_t k_cluster = static_cast<std::size_t>(-1);
constexpr std::int64_t k_hresult_install_failed = 0x80240022;  // WU_E_ALL_UPDATES_FAILED

std::uint64_t fnv1a(const std::string& text) {
  std::uint64_t hash = 1469598103934665603ULL;
  for (const unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  return hash;
}

int draw_in(std::uint64_t value, int min, int max) {
  if (max <= min) return min;
  const auto span = static_cast<std::uint64_t>(max - min) + 1;
  return min + static_cast<int>(value % span);
}

bool draw_percent(std::uint64_t value, int percent) {
  return static_cast<int>(value % 100) < percent;
}

}  // namespace

std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

SimulatedDriver::SimulatedDriver(SimulationSpec spec, Clock& clock)
    : m_spec(std::move(spec)), m_clock(clock) {
  m_nodes.reserve(m_spec.nodes.size());
  for (std::size_t i = 0; i < m_spec.updates.size(); ++i) {
    m_update_index.emplace(m_spec.updates[i].update_id, i);
  }
  for (const SimulatedNode& spec_node : m_spec.nodes) {
    NodeState node;
    node.name = spec_node.name;
    node.seed = m_spec.seed ^ fnv1a(spec_node.name);
    // The first two draws of a node fix its durations, so they do not depend on call order.
    const int drawn_patch = draw_in(draw(node), m_spec.patch_minutes_min, m_spec.patch_minutes_max);
    node.patch_minutes = spec_node.patch_minutes.value_or(drawn_patch);
    node.download_minutes =
        draw_in(draw(node), m_spec.download_minutes_min, m_spec.download_minutes_max);
    node.installed.assign(m_spec.updates.size(), false);
    m_index.emplace(node.name, m_nodes.size());
    m_nodes.push_back(std::move(node));
  }
  for (const std::string& name : m_spec.unhealthy_nodes) set_unhealthy(name);
}

std::uint64_t SimulatedDriver::draw(NodeState& node) {
  std::uint64_t state = node.seed + node.draws++ * 0xd1b54a32d192ed03ULL;
  return splitmix64(state);
}

bool SimulatedDriver::healthy(const NodeState& node, Instant at) const {
  if (!node.unhealthy) return true;
  return node.unhealthy_until.has_value() && at >= *node.unhealthy_until;
}

void SimulatedDriver::set_unhealthy(const std::string& node, std::optional<Instant> until) {
  const auto it = m_index.find(node);
  if (it == m_index.end()) return;
  m_nodes[it->second].unhealthy = true;
  m_nodes[it->second].unhealthy_until = until;
}

void SimulatedDriver::set_healthy(const std::string& node) {
  const auto it = m_index.find(node);
  if (it != m_index.end()) m_nodes[it->second].unhealthy = false;
}

std::optional<int> SimulatedDriver::patch_minutes(const std::string& node) const {
  const auto it = m_index.find(node);
  if (it == m_index.end()) return std::nullopt;
  return m_nodes[it->second].patch_minutes;
}

std::optional<int> SimulatedDriver::download_minutes(const std::string& node) const {
  const auto it = m_index.find(node);
  if (it == m_index.end()) return std::nullopt;
  return m_nodes[it->second].download_minutes;
}

std::vector<std::string> SimulatedDriver::installed(const std::string& node) const {
  std::vector<std::string> ids;
  const auto it = m_index.find(node);
  if (it == m_index.end()) return ids;
  const NodeState& state = m_nodes[it->second];
  for (std::size_t i = 0; i < state.installed.size(); ++i) {
    if (state.installed[i]) ids.push_back(m_spec.updates[i].update_id);
  }
  return ids;
}

CallId SimulatedDriver::start(const Call& call) {
  const CallId id = m_next_id++;
  const Instant now = m_clock.now();
  NodeState* node = nullptr;
  std::size_t index = k_cluster;
  if (!call.node.empty()) {
    const auto it = m_index.find(call.node);
    if (it != m_index.end()) {
      index = it->second;
      node = &m_nodes[index];
    }
  }
  Scheduled scheduled{call.operation, index, {}};
  Seconds duration{0};
  if (!call.node.empty() && node == nullptr) {
    scheduled.outcome = {CallStatus::Failed, {}, "unknown node '" + call.node + "'", {}};
  } else {
    scheduled.outcome = run(call, node, now, duration);
  }
  if (duration > call.timeout) {
    duration = call.timeout;
    scheduled.outcome = {CallStatus::TimedOut,
                         {},
                         std::string{to_string(call.operation)} + " timed out after " +
                             std::to_string(call.timeout.count() / 60) + " minutes",
                         {}};
    scheduled.operation = Operation::PostCheck;  // nothing to apply on completion
  }
  m_queue.push(Pending{now + duration, id});
  m_pending.emplace(id, std::move(scheduled));
  return id;
}

Outcome SimulatedDriver::run(const Call& call, NodeState* node, Instant now, Seconds& duration) {
  Outcome outcome{CallStatus::Ok, {}, "", {}};
  switch (call.operation) {
    case Operation::Inventory: {
      InventoryReply inventory;
      for (const SimulatedNode& each : m_spec.nodes) {
        inventory.nodes.push_back({each.name, each.upgrade_domain, each.labels});
      }
      outcome.reply = std::move(inventory);
      break;
    }
    case Operation::Health:
      if (node != nullptr) {
        outcome.reply = HealthReply{healthy(*node, now), {}};
      } else {
        ClusterHealthReply cluster;
        for (const NodeState& each : m_nodes) {
          if (!healthy(each, now)) cluster.unhealthy.push_back(each.name);
        }
        outcome.reply = std::move(cluster);
      }
      break;
    case Operation::Search:
      outcome.reply = search(*node);
      break;
    case Operation::Download:
      duration = Minutes{node->download_minutes};
      break;
    case Operation::Install:
      outcome = install(call, *node, duration);
      break;
    default:
      break;
  }
  return outcome;
}

SearchReply SimulatedDriver::search(const NodeState& node) const {
  SearchReply reply;
  reply.updates = m_spec.updates;
  for (std::size_t i = 0; i < reply.updates.size(); ++i) {
    if (node.installed[i]) reply.updates[i].is_installed = true;
  }
  return reply;
}

Outcome SimulatedDriver::install(const Call& call, NodeState& node, Seconds& duration) {
  duration = Minutes{node.patch_minutes};
  std::vector<std::size_t> wanted;
  for (const std::string& id : call.updates.value_or(std::vector<std::string>{})) {
    const auto found = m_update_index.find(id);
    if (found != m_update_index.end()) wanted.push_back(found->second);
  }
  const bool failed = !wanted.empty() && draw_percent(draw(node), m_spec.failure_percent);
  const std::size_t failing = failed ? wanted[draw(node) % wanted.size()] : k_cluster;
  bool reboot = draw_percent(draw(node), m_spec.reboot_required_percent);
  InstallReply reply;
  for (const std::size_t index : wanted) {
    const bool this_failed = index == failing;
    reboot = reboot || (!this_failed && m_spec.updates[index].reboot_required);
    reply.updates.push_back(InstalledUpdate{m_spec.updates[index].update_id, this_failed ? 2 : 0,
                                            this_failed ? k_hresult_install_failed : 0});
  }
  reply.reboot_required = reboot;
  if (failed) {
    return Outcome{CallStatus::Failed,
                   std::move(reply),
                   "update " + m_spec.updates[failing].update_id + " failed to install",
                   {}};
  }
  return Outcome{CallStatus::Ok, std::move(reply), "", {}};
}

void SimulatedDriver::complete(Scheduled& scheduled, Instant at) {
  scheduled.outcome.finished_at = at;
  if (scheduled.operation != Operation::Install || scheduled.node == k_cluster) return;
  const auto* reply = std::get_if<InstallReply>(&scheduled.outcome.reply);
  if (reply == nullptr) return;
  NodeState& node = m_nodes[scheduled.node];
  for (const InstalledUpdate& update : reply->updates) {
    if (update.result_code != 0) continue;
    const auto found = m_update_index.find(update.update_id);
    if (found != m_update_index.end()) node.installed[found->second] = true;
  }
}

std::vector<Completion> SimulatedDriver::wait_next(Instant deadline) {
  std::vector<Completion> completions;
  if (m_queue.empty() || m_queue.top().due > deadline) {
    m_clock.sleep_until(deadline);
    return completions;
  }
  const Instant due = m_queue.top().due;
  if (due > m_clock.now() && !m_clock.sleep_until(due)) return completions;
  const Instant now = std::max(due, m_clock.now());
  while (!m_queue.empty() && m_queue.top().due <= now) {
    const Pending pending = m_queue.top();
    m_queue.pop();
    auto it = m_pending.find(pending.id);
    complete(it->second, pending.due);
    completions.push_back(Completion{pending.id, std::move(it->second.outcome)});
    m_pending.erase(it);
  }
  return completions;
}

}  // namespace pw::driver
