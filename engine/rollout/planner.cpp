#include "rollout/planner.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <numeric>

namespace pw::rollout {

namespace {

bool is_digit(char c) {
  return std::isdigit(static_cast<unsigned char>(c)) != 0;
}

bool fits(const NodeTask& task, Instant now, std::optional<Instant> window_end) {
  return !window_end || now + Minutes{task.expected_minutes} <= *window_end;
}

bool time_has_come(const NodeTask& task, Instant now) {
  return !task.next_attempt_at || *task.next_attempt_at <= now;
}

}  // namespace

int expected_minutes(const PatchHistory& history, const policy::Node& node,
                     const policy::Cluster& cluster) {
  if (const auto it = history.find(node.name); it != history.end() && !it->second.empty()) {
    const std::vector<int>& durations = it->second;
    const std::size_t count = std::min(durations.size(), k_history_window);
    const long long sum =
        std::accumulate(durations.end() - static_cast<std::ptrdiff_t>(count), durations.end(), 0LL);
    return static_cast<int>((sum + static_cast<long long>(count) / 2) /
                            static_cast<long long>(count));
  }
  if (node.patch_minutes) return *node.patch_minutes;
  if (cluster.driver == policy::DriverKind::Simulated) {
    return cluster.simulation.patch_minutes.max;
  }
  return k_default_patch_minutes;
}

bool natural_less(const std::string& a, const std::string& b) {
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < a.size() && j < b.size()) {
    if (is_digit(a[i]) && is_digit(b[j])) {
      std::size_t end_a = i;
      std::size_t end_b = j;
      while (end_a < a.size() && a[end_a] == '0') ++end_a;
      while (end_b < b.size() && b[end_b] == '0') ++end_b;
      std::size_t digits_a = end_a;
      std::size_t digits_b = end_b;
      while (digits_a < a.size() && is_digit(a[digits_a])) ++digits_a;
      while (digits_b < b.size() && is_digit(b[digits_b])) ++digits_b;
      const std::string_view number_a{a.data() + end_a, digits_a - end_a};
      const std::string_view number_b{b.data() + end_b, digits_b - end_b};
      if (number_a.size() != number_b.size()) return number_a.size() < number_b.size();
      if (number_a != number_b) return number_a < number_b;
      i = digits_a;
      j = digits_b;
      continue;
    }
    if (a[i] != b[j]) return a[i] < b[j];
    ++i;
    ++j;
  }
  if (a.size() - i != b.size() - j) return a.size() - i < b.size() - j;
  return a < b;
}

std::string health_gate_failure(const std::vector<std::string>& unhealthy, std::size_t total_nodes,
                                int max_percent) {
  if (unhealthy.empty() || total_nodes == 0) return {};
  if (unhealthy.size() * 100 <= static_cast<std::size_t>(max_percent) * total_nodes) return {};
  std::string names;
  for (std::size_t i = 0; i < unhealthy.size() && i < 5; ++i) {
    names += (i == 0 ? "" : ", ") + unhealthy[i];
  }
  if (unhealthy.size() > 5) names += ", ...";
  return "health gate: " + std::to_string(unhealthy.size()) + " of " + std::to_string(total_nodes) +
         " nodes unhealthy (" + names + "), more than MaxPercentageUnhealthyNodes " +
         std::to_string(max_percent) + "%";
}

int domain_capacity(const policy::MaxUnavailable& policy, int domain_size,
                    const policy::MaxUnavailable& cluster, int cluster_size) {
  return std::min(policy.resolve(domain_size), cluster.resolve(cluster_size));
}

Planner::Planner(const policy::PatchPolicy& policy, const policy::Cluster& cluster,
                 const std::vector<NodeTask>& nodes)
    : m_approval(policy.approval),
      m_max_unavailable(policy.max_unavailable),
      m_cluster_budget(cluster.max_unavailable),
      m_cluster_size(static_cast<int>(std::max(cluster.nodes.size(), nodes.size()))) {
  std::map<std::string, std::vector<std::size_t>, decltype(&natural_less)> domains{&natural_less};
  for (std::size_t i = 0; i < nodes.size(); ++i) domains[nodes[i].upgrade_domain].push_back(i);
  for (auto& [name, members] : domains) {
    m_domain_names.push_back(name);
    m_domains.push_back(std::move(members));
  }
}

std::string Planner::active_domain() const {
  if (m_approval == policy::ApprovalPolicy::NodeWise || m_active >= m_domains.size()) return {};
  return m_domain_names[m_active];
}

Approval Planner::decide(const std::vector<NodeTask>& nodes, Instant now,
                         std::optional<Instant> window_end) {
  if (window_end && now >= *window_end) {
    return Approval{{}, true, "the window ended at " + format_utc(*window_end)};
  }
  if (m_approval == policy::ApprovalPolicy::NodeWise) {
    return decide_node_wise(nodes, now, window_end);
  }
  return decide_domain_wise(nodes, now, window_end);
}

Approval Planner::decide_node_wise(const std::vector<NodeTask>& nodes, Instant now,
                                   std::optional<Instant> window_end) const {
  Approval approval;
  const NodeTask* oldest = nullptr;
  std::size_t oldest_index = 0;
  bool busy = false;
  bool waiting = false;  // some node may still become approvable in this window
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const NodeTask& task = nodes[i];
    if (task.sub_state == SubState::Finished) continue;
    if (task.sub_state != SubState::WaitingForApproval) {
      busy = busy || holds_slot(task.sub_state);
      waiting = true;
      continue;
    }
    const Instant at = task.next_attempt_at ? std::max(now, *task.next_attempt_at) : now;
    if (!fits(task, at, window_end)) continue;
    waiting = true;
    if (!time_has_come(task, now)) continue;
    const auto key = [](const NodeTask& t) { return std::tie(*t.ready_since, t.node); };
    if (oldest == nullptr || key(task) < key(*oldest)) {
      oldest = &task;
      oldest_index = i;
    }
  }
  if (busy) return approval;
  const bool all_finished = std::all_of(nodes.begin(), nodes.end(), [](const NodeTask& task) {
    return task.sub_state == SubState::Finished;
  });
  if (all_finished) return approval;
  if (oldest != nullptr) {
    approval.approve.push_back(oldest_index);
  } else if (!waiting) {
    approval.window_exhausted = true;
    approval.wait_reason = "no waiting node fits before the window end";
  }
  return approval;
}

Approval Planner::decide_domain_wise(const std::vector<NodeTask>& nodes, Instant now,
                                     std::optional<Instant> window_end) {
  while (m_active < m_domains.size() &&
         std::all_of(m_domains[m_active].begin(), m_domains[m_active].end(),
                     [&](std::size_t i) { return nodes[i].sub_state == SubState::Finished; })) {
    ++m_active;
  }
  Approval approval;
  if (m_active >= m_domains.size()) return approval;
  const std::vector<std::size_t>& members = m_domains[m_active];
  const std::string& name = m_domain_names[m_active];
  int busy = 0;
  bool preparing = false;
  bool later = false;  // a node whose gap ends later may still fit
  std::vector<std::size_t> ready;
  for (const std::size_t i : members) {
    const NodeTask& task = nodes[i];
    if (is_preparing(task.sub_state)) preparing = true;
    if (holds_slot(task.sub_state)) ++busy;
    if (task.sub_state != SubState::WaitingForApproval) continue;
    const Instant at = task.next_attempt_at ? std::max(now, *task.next_attempt_at) : now;
    if (!fits(task, at, window_end)) continue;
    if (time_has_come(task, now)) {
      ready.push_back(i);
    } else {
      later = true;
    }
  }
  if (preparing) {
    approval.wait_reason = "upgrade domain '" + name + "' is still searching or downloading";
    return approval;
  }
  const int capacity = domain_capacity(m_max_unavailable, static_cast<int>(members.size()),
                                       m_cluster_budget, m_cluster_size);
  std::stable_sort(ready.begin(), ready.end(), [&](std::size_t a, std::size_t b) {
    if (nodes[a].expected_minutes != nodes[b].expected_minutes) {
      return nodes[a].expected_minutes > nodes[b].expected_minutes;
    }
    return natural_less(nodes[a].node, nodes[b].node);
  });
  for (const std::size_t i : ready) {
    if (busy >= capacity) break;
    approval.approve.push_back(i);
    ++busy;
  }
  if (busy == 0 && ready.empty() && !later) {
    approval.window_exhausted = true;
    approval.wait_reason =
        "no node left in upgrade domain '" + name + "' fits before the window end";
  }
  return approval;
}

}  // namespace pw::rollout
