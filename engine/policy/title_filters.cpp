// ExcludeUpdateTitles / IncludeUpdateTitles: RE2 patterns matched against update titles,
// compiled once here; a pattern RE2 rejects is reported at the offending part of the text.
#include "policy/documents.hpp"
#include "policy/scalar_position.hpp"

namespace pw::policy {

namespace {

// A pattern, or a list of patterns.
std::vector<Pattern> read_patterns(const Context& context, MapReader& reader,
                                   std::string_view key) {
  std::vector<Pattern> patterns;
  const YamlNode* node = reader.get(key);
  if (node == nullptr) return patterns;
  const std::string what = "'" + std::string(key) + "'";
  std::vector<const YamlNode*> items;
  if (node->is_scalar()) {
    items.push_back(node);
  } else if (expect(context, *node, NodeKind::Sequence, what + " (a pattern or a list of them)")) {
    for (const YamlNode& item : node->items) items.push_back(&item);
  }
  for (const YamlNode* item : items) {
    const auto text = read_string(context, *item, item == node ? what : "each item of " + what);
    if (!text) continue;
    if (text->empty()) {
      context.error(*item, "invalid-value", what + ": an empty pattern would match every title");
      continue;
    }
    PatternParse parse = compile_pattern(*text, PatternCase::Insensitive, "title-pattern");
    report_text_issues(context.source, *item, parse.issues, context.sink);
    if (parse.pattern) patterns.push_back(std::move(*parse.pattern));
  }
  return patterns;
}

}  // namespace

void read_title_filters(const Context& context, MapReader& reader, PatchPolicy& policy) {
  policy.exclude_update_titles = read_patterns(context, reader, "ExcludeUpdateTitles");
  policy.include_update_titles = read_patterns(context, reader, "IncludeUpdateTitles");
}

}  // namespace pw::policy
