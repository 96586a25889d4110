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

std::unique_ptr<driver::Driver> make_driver(const policy::PatchPolicy& policy,
                                            const policy::Cluster& cluster, Clock& clock,
                                            LogLine log_stderr);

}  // namespace pw::daemon
