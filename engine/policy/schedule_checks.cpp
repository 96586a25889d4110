#include "policy/document_set.hpp"
#include "schedule/checks.hpp"
#include "schedule/window.hpp"

namespace pw::policy {

void check_schedules(const DocumentSet& set, Instant now, DiagnosticSink& sink) {
  for (const LoadedPolicy& loaded : set.policies) {
    if (!loaded.valid) continue;
    const PatchPolicy& policy = loaded.value;
    const auto zone = schedule::Zone::find(policy.time_zone);
    if (!zone) continue;
    schedule::WindowSpec spec;
    spec.frequency = policy.frequency;
    spec.zone = *zone;
    spec.offset_days = policy.offset_days;
    spec.duration = Minutes{policy.window_duration_minutes};
    for (const Blackout& blackout : policy.blackouts) {
      spec.blackouts.push_back({blackout.start, blackout.end});
    }
    const auto at = policy.locations.find("WUFrequency");
    schedule::check_schedule(spec, now, at == policy.locations.end() ? policy.location : at->second,
                             sink);
  }
}

}  // namespace pw::policy
