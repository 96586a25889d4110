#include "core/suggest.hpp"
#include "policy/document_set.hpp"
#include "policy/documents.hpp"
#include "policy/fields.hpp"
#include "policy/source_text.hpp"
#include "policy/yaml_tree.hpp"

#include <array>

namespace pw::policy {

namespace {

constexpr std::array<std::string_view, 2> k_kinds = {"PatchPolicy", "Cluster"};

enum class DocumentKind { Unknown, Policy, Cluster };

DocumentKind read_kind(const Context& context, const YamlNode& root) {
  if (root.kind != NodeKind::Map) {
    context.error(root, "not-a-mapping",
                  "a document must be a mapping with 'Kind: PatchPolicy' or 'Kind: Cluster', not " +
                      describe(root));
    return DocumentKind::Unknown;
  }
  const YamlNode* kind = root.find("Kind");
  if (!kind) {
    context.error(root, "missing-kind",
                  "document has no 'Kind'; expected 'Kind: PatchPolicy' or 'Kind: Cluster'");
    return DocumentKind::Unknown;
  }
  const auto name = read_string(context, *kind, "'Kind'");
  if (!name) return DocumentKind::Unknown;
  if (*name == "PatchPolicy") return DocumentKind::Policy;
  if (*name == "Cluster") return DocumentKind::Cluster;
  std::string message = "unknown Kind '" + *name + "'; expected PatchPolicy or Cluster";
  if (const auto suggestion = closest_match(*name, k_kinds)) {
    message += "; did you mean '" + *suggestion + "'?";
  }
  context.error(*kind, "unknown-kind", std::move(message));
  return DocumentKind::Unknown;
}

void load_document(const Context& context, const YamlDocument& document, DocumentSet& set) {
  const int errors_before = context.sink.error_count();
  const DocumentKind kind = read_kind(context, document.root);
  if (kind == DocumentKind::Unknown) return;
  const SourceLocation location = context.at(*document.root.find("Kind"));
  const std::string hash =
      content_hash(context.source.text().substr(document.begin, document.end - document.begin));
  if (kind == DocumentKind::Policy) {
    LoadedPolicy loaded;
    loaded.value.location = location;
    loaded.value.content_hash = hash;
    read_policy(context, document.root, loaded.value);
    loaded.valid = document.clean && context.sink.error_count() == errors_before;
    set.policies.push_back(std::move(loaded));
  } else {
    LoadedCluster loaded;
    loaded.value.location = location;
    read_cluster(context, document.root, loaded.value);
    loaded.valid = document.clean && context.sink.error_count() == errors_before;
    set.clusters.push_back(std::move(loaded));
  }
}

}  // namespace

std::string content_hash(std::string_view text) {
  std::uint64_t hash = 14695981039346656037ULL;
  for (const char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ULL;
  }
  std::string hex(16, '0');
  for (int i = 15; i >= 0; --i) {
    hex[static_cast<std::size_t>(i)] = "0123456789abcdef"[hash & 15];
    hash >>= 4;
  }
  return hex;
}

void load_documents(std::string_view file, std::string_view text, DiagnosticSink& sink,
                    DocumentSet& set) {
  const SourceText source(std::string(file), text);
  const int errors_before = sink.error_count();
  const std::vector<YamlDocument> documents = parse_yaml(file, text, sink);
  const Context context{source, sink};
  bool any = false;
  for (const YamlDocument& document : documents) {
    if (document.root.kind == NodeKind::Null) continue;  // "---" with nothing after it
    any = true;
    load_document(context, document, set);
  }
  if (!any && sink.error_count() == errors_before) {
    sink.warning(source.at(0), "empty-file",
                 "file contains no YAML documents; expected PatchPolicy or Cluster documents");
  }
}

}  // namespace pw::policy
