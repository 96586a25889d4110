#include "policy/document_set.hpp"
#include "schedule/checks.hpp"

namespace pw::policy {

void check_schedules(const DocumentSet& set, Instant now, DiagnosticSink& sink) {
  for (const LoadedPolicy& loaded : set.policies) {
    if (!loaded.valid) continue;
    const PatchPolicy& policy = loaded.value;
    const auto at = policy.locations.find("WUFrequency");
    schedule::check_schedule(policy.schedule, now,
                             at == policy.locations.end() ? policy.location : at->second, sink);
  }
}

}  // namespace pw::policy
