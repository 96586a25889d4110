// Builds the Driver a cycle runs through, from the cluster's `Driver` setting: the built-in
// simulator, or the Exec driver with the policy's proxy handed to its processes.
#pragma once

#include "core/clock.hpp"
#include "driver/driver.hpp"
#include "policy/model.hpp"

#include <functional>
#include <memory>
#include <string>

namespace pw::daemon {

using LogLine = std::function<void(const std::string&)>;

// NO_PROXY for the policy's Proxy on this cluster (empty without a Proxy): the bypass list's
// translation, "<local>" standing for the cluster's short names — its nodes and its access
// points (CAU's Test-FS, the very host the proxy must not get).
std::string no_proxy_for(const policy::PatchPolicy& policy, const policy::Cluster& cluster);

std::unique_ptr<driver::Driver> make_driver(const policy::PatchPolicy& policy,
                                            const policy::Cluster& cluster, Clock& clock,
                                            LogLine log_stderr);

}  // namespace pw::daemon
