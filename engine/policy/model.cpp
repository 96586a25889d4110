#include "policy/model.hpp"

#include <algorithm>

namespace pw::policy {

int MaxUnavailable::resolve(int group_size) const {
  const int size = std::max(group_size, 1);
  switch (kind) {
    case Kind::WholeDomain:
      return size;
    case Kind::Count:
      return std::clamp(value, 1, size);
    case Kind::Percent: {
      // Rounded down, as Kubernetes does for maxUnavailable, but never below one node.
      const long long nodes = static_cast<long long>(size) * value / 100;
      return static_cast<int>(std::clamp<long long>(nodes, 1, size));
    }
  }
  return 1;
}

const Cluster* PolicySet::find_cluster(std::string_view name) const {
  const auto it = std::find_if(clusters.begin(), clusters.end(),
                               [&](const Cluster& cluster) { return cluster.name == name; });
  return it == clusters.end() ? nullptr : &*it;
}

const PatchPolicy* PolicySet::find_policy(std::string_view name) const {
  const auto it = std::find_if(policies.begin(), policies.end(),
                               [&](const PatchPolicy& policy) { return policy.name == name; });
  return it == policies.end() ? nullptr : &*it;
}

}  // namespace pw::policy
