#include "policy/document_set.hpp"
#include "schedule/checks.hpp"
#include "schedule/overlap.hpp"

#include <map>

namespace pw::policy {

namespace {

// How far ahead overlapping windows are looked for: the next 12 months.
constexpr auto k_overlap_horizon = std::chrono::days{365};

SourceLocation frequency_location(const PatchPolicy& policy) {
  const auto at = policy.locations.find("WUFrequency");
  return at == policy.locations.end() ? policy.location : at->second;
}

// Two enabled policies of one cluster whose windows overlap: only one cycle holds a cluster at
// a time (DESIGN.md §9), so the later one waits and may miss its window. Reported at the policy
// loaded second, naming the other and the first overlap.
void check_overlapping_windows(const DocumentSet& set, Instant now, DiagnosticSink& sink) {
  std::map<std::string, std::vector<const PatchPolicy*>> by_cluster;
  for (const LoadedPolicy& loaded : set.policies) {
    if (loaded.valid && loaded.value.enabled) {
      by_cluster[loaded.value.cluster].push_back(&loaded.value);
    }
  }
  for (const auto& [cluster, policies] : by_cluster) {
    if (policies.size() < 2) continue;
    std::vector<const schedule::WindowSpec*> specs;
    for (const PatchPolicy* policy : policies) specs.push_back(&policy->schedule);
    for (const schedule::Overlap& overlap :
         schedule::find_overlaps(specs, now, now + k_overlap_horizon)) {
      const PatchPolicy& first = *policies[overlap.first];
      const PatchPolicy& second = *policies[overlap.second];
      const SourceLocation& other = frequency_location(first);
      sink.warning(frequency_location(second), "overlapping-windows",
                   "windows of policies '" + second.name + "' and '" + first.name + "' (" +
                       other.file + ":" + std::to_string(other.line) + ") on cluster '" + cluster +
                       "' overlap, first at " + format_utc(overlap.at) +
                       "; one cycle holds a cluster at a time, so one of them waits and may "
                       "miss its window: move one of the windows");
    }
  }
}

}  // namespace

void check_schedules(const DocumentSet& set, Instant now, DiagnosticSink& sink) {
  for (const LoadedPolicy& loaded : set.policies) {
    if (!loaded.valid) continue;
    const PatchPolicy& policy = loaded.value;
    schedule::check_schedule(policy.schedule, now, frequency_location(policy), sink);
  }
  check_overlapping_windows(set, now, sink);
}

}  // namespace pw::policy
