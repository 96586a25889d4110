// The documents of all loaded files before the set is final: each with whether it validated,
// so cross-file checks can see every name (an invalid document still owns its name) while
// only valid documents reach the PolicySet.
#pragma once

#include "core/diagnostic.hpp"
#include "policy/loader.hpp"
#include "policy/model.hpp"

#include <string_view>
#include <vector>

namespace pw::policy {

struct LoadedPolicy {
  PatchPolicy value;
  bool valid = false;
};

struct LoadedCluster {
  Cluster value;
  bool valid = false;
};

struct DocumentSet {
  std::vector<LoadedPolicy> policies;
  std::vector<LoadedCluster> clusters;
};

// Parses and validates every document of one file's text into `set`.
void load_documents(std::string_view file, std::string_view text, DiagnosticSink& sink,
                    DocumentSet& set);

// Cross-file checks (DESIGN.md §2, §6): duplicate names, unknown clusters, upgrade domains,
// the proxy bypass check. Marks documents with new errors invalid.
void check_across_files(DocumentSet& set, DiagnosticSink& sink);

// The schedule warnings of lint (never-fires, dst-shift) for each valid policy, and
// overlapping-windows for enabled policies of one cluster (next 12 months from `now`).
void check_schedules(const DocumentSet& set, Instant now, DiagnosticSink& sink);

// FNV-1a 64-bit of `text` as 16 hex digits: the version of a policy document.
std::string content_hash(std::string_view text);

}  // namespace pw::policy
