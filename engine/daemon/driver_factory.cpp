#include "daemon/driver_factory.hpp"

#include "driver/exec_driver.hpp"
#include "driver/simulated_driver.hpp"
#include "proxy/bypass.hpp"
#include "rollout/simulation.hpp"

namespace pw::daemon {

namespace {

driver::ExecSettings exec_settings(const policy::PatchPolicy& policy,
                                   const policy::Cluster& cluster, LogLine log_stderr) {
  driver::ExecSettings settings;
  for (const auto& [operation, argv] : cluster.exec) settings.templates.emplace(operation, argv);
  if (policy.proxy) {
    settings.proxy = driver::ProxyEnvironment{policy.proxy->server, policy.proxy->bypass,
                                              no_proxy_for(policy, cluster)};
  }
  if (log_stderr) {
    settings.log_stderr = [log_stderr](const driver::StderrLine& line) {
      log_stderr(std::string(driver::to_string(line.operation)) + " " + line.node + ": " +
                 line.text);
    };
  }
  return settings;
}

}  // namespace

std::string no_proxy_for(const policy::PatchPolicy& policy, const policy::Cluster& cluster) {
  if (!policy.proxy) return {};
  std::vector<std::string> local_names;
  for (const policy::Node& node : cluster.nodes) local_names.push_back(node.name);
  for (const std::string& point : cluster.access_points) local_names.push_back(point);
  return proxy::to_no_proxy(policy.proxy->bypass_list, local_names);
}

std::unique_ptr<driver::Driver> make_driver(const policy::PatchPolicy& policy,
                                            const policy::Cluster& cluster, Clock& clock,
                                            LogLine log_stderr) {
  if (cluster.driver == policy::DriverKind::Simulated) {
    return std::make_unique<driver::SimulatedDriver>(rollout::simulation_spec(cluster), clock);
  }
  return std::make_unique<driver::ExecDriver>(exec_settings(policy, cluster, log_stderr), clock);
}

}  // namespace pw::daemon
