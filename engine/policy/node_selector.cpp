// NodeSelector and NodeNamePattern: read and checked at load (the pattern compiled once, a bad
// one reported at its column), and matched against a cycle's nodes.
#include "policy/node_selector.hpp"

#include "policy/documents.hpp"
#include "policy/scalar_position.hpp"

namespace pw::policy {

void read_node_selector(const Context& context, MapReader& reader, PatchPolicy& policy) {
  if (const YamlNode* selector = reader.get("NodeSelector")) {
    if (expect(context, *selector, NodeKind::Map, "'NodeSelector' (label: value)")) {
      for (const MapEntry& entry : selector->entries) {
        const auto label = read_string(context, entry.key, "a label name");
        const auto value = read_string(
            context, entry.value,
            "the value of label '" + label.value_or(std::string()) + "' in 'NodeSelector'");
        if (label && value) policy.node_selector.insert_or_assign(*label, *value);
      }
    }
  }
  const YamlNode* pattern = reader.get("NodeNamePattern");
  if (pattern == nullptr) return;
  const auto text = read_string(context, *pattern, "'NodeNamePattern'");
  if (!text) return;
  if (text->empty()) {
    context.error(*pattern, "invalid-value",
                  "'NodeNamePattern': an empty pattern selects every node");
    return;
  }
  PatternParse parse = compile_pattern(*text, PatternCase::Insensitive, "node-pattern");
  report_text_issues(context.source, *pattern, parse.issues, context.sink);
  policy.node_name_pattern = std::move(parse.pattern);
}

std::optional<std::string> held_back_reason(const PatchPolicy& policy, const Node& node) {
  for (const auto& [label, wanted] : policy.node_selector) {
    const auto found = node.labels.find(label);
    if (found == node.labels.end()) {
      return "held back: no label " + label + ", NodeSelector wants '" + wanted + "'";
    }
    if (found->second != wanted) {
      return "held back: label " + label + " is '" + found->second + "', NodeSelector wants '" +
             wanted + "'";
    }
  }
  if (policy.node_name_pattern && !policy.node_name_pattern->found_in(node.name)) {
    return "held back: the name does not match NodeNamePattern '" +
           policy.node_name_pattern->text() + "'";
  }
  return std::nullopt;
}

}  // namespace pw::policy
