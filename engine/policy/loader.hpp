// Loading: files and folders → PolicySet, with every problem reported as a Diagnostic.
// This is the single entry point lint, preview, simulate and run use.
#pragma once

#include "core/diagnostic.hpp"
#include "core/time.hpp"
#include "policy/model.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pw::policy {

struct LoadOptions {
  bool cross_file_checks = true;  // duplicate names, missing clusters, proxy check, ...
  // "Now" for checks that depend on the current time (a Once date or a blackout already in the
  // past). Set by lint (--now, else the wall clock at the edge); unset skips those checks.
  std::optional<Instant> now{};
};

// A path named on the command line that names nothing, or a folder that cannot be read.
struct PathProblem {
  std::string path;
  std::string message;  // "no such file or directory", "cannot read folder: ..."
};

struct PolicyFiles {
  std::vector<std::string> files;
  std::vector<PathProblem> problems;
};

// The files `paths` name: a file as it is (whatever its extension), a folder searched
// recursively for *.yaml and *.yml in sorted order; a file named twice is listed once.
PolicyFiles find_policy_files(const std::vector<std::string>& paths);

// Expands folders as find_policy_files (its problems become diagnostics) and loads every document.
// Returns the set of documents that validated; `sink` receives all diagnostics. Callers refuse to
// act when sink.has_errors().
PolicySet load_paths(const std::vector<std::string>& paths, DiagnosticSink& sink,
                     const LoadOptions& options = {});

// Loads the documents of one file's content, `name` standing for its path in diagnostics; no
// disk access (tests, the fuzz target). Cross-file checks apply within the text.
PolicySet load_text(const std::string& name, std::string_view text, DiagnosticSink& sink,
                    const LoadOptions& options = {});

}  // namespace pw::policy
