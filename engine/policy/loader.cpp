#include "policy/loader.hpp"

#include "policy/document_set.hpp"
#include "policy/yaml_tree.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <optional>
#include <set>

namespace pw::policy {

namespace fs = std::filesystem;

namespace {

SourceLocation whole_file(const std::string& file) {
  SourceLocation location;
  location.file = file;
  return location;
}

bool is_yaml_file(const fs::path& path) {
  const std::string extension = path.extension().string();
  return extension == ".yaml" || extension == ".yml";
}

// Files under `folder`, recursively, sorted, leaving out dot-folders and dot-files; an unreadable
// folder is a problem.
void add_files_in(const std::string& folder, PolicyFiles& out) {
  std::vector<std::string> files;
  std::error_code error;
  fs::recursive_directory_iterator it(folder, fs::directory_options::skip_permission_denied, error);
  for (; !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
    std::error_code type_error;
    // Dot-folders (.git, .github) and dot-files (editor swap files) are not policies.
    if (it->path().filename().string().starts_with('.')) {
      if (it->is_directory(type_error)) it.disable_recursion_pending();
      continue;
    }
    if (!is_yaml_file(it->path())) continue;
    if (it->is_regular_file(type_error)) {
      files.push_back(it->path().string());
    } else if (it->is_symlink(type_error) && !fs::exists(it->path(), type_error)) {
      out.problems.push_back(
          {it->path().string(),
           "dangling symbolic link to " + fs::read_symlink(it->path(), type_error).string()});
    } else if (!it->is_directory(type_error)) {
      out.problems.push_back({it->path().string(), "not a regular file"});
    }
  }
  if (error) out.problems.push_back({folder, "cannot read folder: " + error.message()});
  std::sort(files.begin(), files.end());
  out.files.insert(out.files.end(), files.begin(), files.end());
}

std::vector<std::string> expand(const std::vector<std::string>& paths, DiagnosticSink& sink) {
  PolicyFiles found = find_policy_files(paths);
  for (const PathProblem& problem : found.problems) {
    sink.error(whole_file(problem.path), "path", problem.message);
  }
  return std::move(found.files);
}

// Stops once past the size limit (a file that grew since its size was taken is still caught
// by parse_yaml's size check). C stdio, because iostreams cannot tell a read error from
// the end of the file.
std::optional<std::string> read_file(const std::string& file) {
  std::FILE* stream = std::fopen(file.c_str(), "rb");
  if (stream == nullptr) return std::nullopt;
  std::string text;
  char buffer[16384];
  std::size_t count = 0;
  while (text.size() <= k_max_file_bytes &&
         (count = std::fread(buffer, 1, sizeof buffer, stream)) > 0) {
    text.append(buffer, count);
  }
  const bool failed = std::ferror(stream) != 0;
  std::fclose(stream);
  if (failed) return std::nullopt;
  return text;
}

void load_file(const std::string& file, DiagnosticSink& sink, DocumentSet& set) {
  std::error_code error;
  const auto size = fs::file_size(file, error);
  if (!error && size > k_max_file_bytes) {
    SourceLocation location = whole_file(file);
    location.line = 1;
    location.column = 1;
    sink.error(location, "file-too-large",
               "file is " + std::to_string(size) +
                   " bytes; policy files are limited to 1 MiB (1048576 bytes)");
    return;
  }
  const auto text = read_file(file);
  if (!text) {
    sink.error(whole_file(file), "path", "cannot read file: " + std::string(std::strerror(errno)));
    return;
  }
  load_documents(file, *text, sink, set);
}

PolicySet finish(DocumentSet& set, DiagnosticSink& sink, const LoadOptions& options) {
  if (options.cross_file_checks) check_across_files(set, sink);
  if (options.now) check_schedules(set, *options.now, sink);
  PolicySet result;
  for (LoadedPolicy& loaded : set.policies) {
    if (loaded.valid) result.policies.push_back(std::move(loaded.value));
  }
  for (LoadedCluster& loaded : set.clusters) {
    if (loaded.valid) result.clusters.push_back(std::move(loaded.value));
  }
  return result;
}

}  // namespace

PolicyFiles find_policy_files(const std::vector<std::string>& paths) {
  PolicyFiles found;
  for (const std::string& path : paths) {
    std::error_code error;
    const fs::file_status status = fs::status(path, error);
    if (!fs::exists(status)) {
      found.problems.push_back({path, "no such file or directory"});
    } else if (fs::is_directory(status)) {
      add_files_in(path, found);
    } else if (!fs::is_regular_file(status)) {
      // A FIFO would block the read for ever; a device or socket is no policy either.
      found.problems.push_back({path, "not a regular file (a FIFO, socket or device)"});
    } else {
      found.files.push_back(path);
    }
  }
  // A file named twice (itself and through its folder) is listed once.
  std::set<std::string> seen;
  std::vector<std::string> unique;
  for (std::string& file : found.files) {
    if (seen.insert(fs::path(file).lexically_normal().string()).second) {
      unique.push_back(std::move(file));
    }
  }
  found.files = std::move(unique);
  return found;
}

PolicySet load_paths(const std::vector<std::string>& paths, DiagnosticSink& sink,
                     const LoadOptions& options) {
  DocumentSet set;
  for (const std::string& file : expand(paths, sink)) load_file(file, sink, set);
  return finish(set, sink, options);
}

PolicySet load_text(const std::string& name, std::string_view text, DiagnosticSink& sink,
                    const LoadOptions& options) {
  DocumentSet set;
  load_documents(name, text, sink, set);
  return finish(set, sink, options);
}

}  // namespace pw::policy
