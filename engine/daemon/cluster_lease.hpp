// ClusterLeases: the daemon's one lease per cluster, shared by every policy and cycle (DESIGN.md
// §9, issue 8). A cycle runs only while it holds its cluster's Lease: the scheduler keeps each
// CycleRunner together with the Lease it was started under and destroys the runner (joining its
// thread) before the Lease, so two cycles of one cluster never run at once, whatever their
// policies' MaxUnavailable. A policy that asks while another holds the cluster is recorded as
// waiting, for status, until it gets the lease or stops asking.
//
// Thread-safety: every member may be called from any thread. A Lease must not outlive its
// ClusterLeases.
#pragma once

#include "core/time.hpp"

#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace pw::daemon {

class ClusterLeases {
 public:
  // The right to run a cycle on a cluster; move-only, released on destruction.
  class Lease {
   public:
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&& other) noexcept;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease();

    [[nodiscard]] const std::string& cluster() const { return m_cluster; }
    [[nodiscard]] const std::string& policy() const { return m_policy; }

   private:
    friend class ClusterLeases;
    Lease(ClusterLeases& owner, std::string cluster, std::string policy);
    void release();

    ClusterLeases* m_owner;
    std::string m_cluster;
    std::string m_policy;
  };

  struct Wait {
    std::string cluster;
    std::string holder;  // the policy holding the cluster
    Instant since;       // when the policy first asked
    // "cluster 'lab' is held by policy 'lab-weekly'"
    [[nodiscard]] std::string reason() const;
  };

  ClusterLeases() = default;
  ClusterLeases(const ClusterLeases&) = delete;
  ClusterLeases& operator=(const ClusterLeases&) = delete;

  // The lease of `cluster` for `policy`, or nullopt when another policy holds it: then `policy`
  // is recorded as waiting (since its first ask) until it gets the lease or stop_waiting().
  // REQUIRES: `policy` does not hold a lease already.
  [[nodiscard]] std::optional<Lease> acquire(const std::string& cluster, const std::string& policy,
                                             Instant now);
  // `policy` no longer needs a lease (its window closed, it was paused or disabled).
  void stop_waiting(const std::string& policy);

  [[nodiscard]] std::optional<std::string> holder(const std::string& cluster) const;
  [[nodiscard]] std::optional<Wait> waiting(const std::string& policy) const;
  [[nodiscard]] std::map<std::string, Wait> waiting() const;  // by policy

 private:
  void release(const std::string& cluster, const std::string& policy);

  mutable std::mutex m_mutex;
  std::map<std::string, std::string> m_holders;  // cluster → policy
  std::map<std::string, Wait> m_waiting;         // policy → what it waits for
};

}  // namespace pw::daemon
