#include "daemon/cluster_lease.hpp"

#include <utility>

namespace pw::daemon {

ClusterLeases::Lease::Lease(ClusterLeases& owner, std::string cluster, std::string policy)
    : m_owner(&owner), m_cluster(std::move(cluster)), m_policy(std::move(policy)) {}

ClusterLeases::Lease::Lease(Lease&& other) noexcept
    : m_owner(std::exchange(other.m_owner, nullptr)),
      m_cluster(std::move(other.m_cluster)),
      m_policy(std::move(other.m_policy)) {}

ClusterLeases::Lease& ClusterLeases::Lease::operator=(Lease&& other) noexcept {
  if (this != &other) {
    release();
    m_owner = std::exchange(other.m_owner, nullptr);
    m_cluster = std::move(other.m_cluster);
    m_policy = std::move(other.m_policy);
  }
  return *this;
}

ClusterLeases::Lease::~Lease() {
  release();
}

void ClusterLeases::Lease::release() {
  if (m_owner != nullptr) std::exchange(m_owner, nullptr)->release(m_cluster, m_policy);
}

std::string ClusterLeases::Wait::reason() const {
  return "cluster '" + cluster + "' is held by policy '" + holder + "'";
}

std::optional<ClusterLeases::Lease> ClusterLeases::acquire(const std::string& cluster,
                                                           const std::string& policy, Instant now) {
  std::lock_guard lock{m_mutex};
  const auto [it, free] = m_holders.emplace(cluster, policy);
  if (free) {
    m_waiting.erase(policy);
    return Lease(*this, cluster, policy);
  }
  auto& wait = m_waiting[policy];
  if (wait.cluster != cluster || wait.holder != it->second) {
    // A new wait (or a new holder): keep `since` only while waiting for the same cluster.
    if (wait.cluster != cluster) wait.since = now;
    wait.cluster = cluster;
    wait.holder = it->second;
  }
  return std::nullopt;
}

void ClusterLeases::stop_waiting(const std::string& policy) {
  std::lock_guard lock{m_mutex};
  m_waiting.erase(policy);
}

void ClusterLeases::release(const std::string& cluster, const std::string& policy) {
  std::lock_guard lock{m_mutex};
  const auto it = m_holders.find(cluster);
  if (it != m_holders.end() && it->second == policy) m_holders.erase(it);
}

std::optional<std::string> ClusterLeases::holder(const std::string& cluster) const {
  std::lock_guard lock{m_mutex};
  const auto it = m_holders.find(cluster);
  if (it == m_holders.end()) return std::nullopt;
  return it->second;
}

std::optional<ClusterLeases::Wait> ClusterLeases::waiting(const std::string& policy) const {
  std::lock_guard lock{m_mutex};
  const auto it = m_waiting.find(policy);
  if (it == m_waiting.end()) return std::nullopt;
  return it->second;
}

std::map<std::string, ClusterLeases::Wait> ClusterLeases::waiting() const {
  std::lock_guard lock{m_mutex};
  return m_waiting;
}

}  // namespace pw::daemon
