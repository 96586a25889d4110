#include "policy/exec_templates.hpp"

#include "core/suggest.hpp"
#include "policy/scalar_position.hpp"

#include <algorithm>
#include <array>

namespace pw::policy {

namespace {

// The operation names of driver::Operation (driver.hpp); policy does not link the driver.
constexpr std::array<std::string_view, 10> k_operations = {
    "Inventory", "Health", "Search", "Download", "Drain",
    "Install",   "Reboot", "Resume", "PreCheck", "PostCheck",
};

constexpr std::array<std::string_view, 7> k_required = {
    "Search", "Download", "Drain", "Install", "Reboot", "Resume", "Health",
};

constexpr std::array<std::string_view, 4> k_placeholders = {"node", "fqdn", "cluster", "policy"};

bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

void report_placeholder(const Context& context, const YamlNode& item, std::size_t offset,
                        std::string_view word, std::string message) {
  const SourceLocation at = locate_in_scalar(context.source, item, offset, word.size() + 2);
  context.sink.error(at, "exec-placeholder", std::move(message));
}

// Placeholder-like words in braces must be one of the four; the per-node ones make no sense in
// the cluster-wide Inventory.
void check_placeholders(const Context& context, std::string_view operation, const YamlNode& item) {
  const std::string& text = item.value;
  for (std::size_t open = text.find('{'); open != std::string::npos;
       open = text.find('{', open + 1)) {
    const std::size_t close = text.find('}', open + 1);
    if (close == std::string::npos) return;
    const std::string_view word = std::string_view(text).substr(open + 1, close - open - 1);
    if (word.empty() || !std::all_of(word.begin(), word.end(), is_word_char)) continue;
    bool known = false;
    for (const std::string_view name : k_placeholders) known = known || name == word;
    if (!known) {
      std::string message = "unknown placeholder '{" + std::string(word) +
                            "}'; the placeholders are {node}, {fqdn}, {cluster} and {policy}";
      if (const auto suggestion = closest_match(word, k_placeholders)) {
        message += "; did you mean '{" + *suggestion + "}'?";
      }
      report_placeholder(context, item, open, word, std::move(message));
    } else if (operation == "Inventory" && (word == "node" || word == "fqdn")) {
      report_placeholder(context, item, open, word,
                         "'{" + std::string(word) +
                             "}' cannot be used in Inventory, which runs once for the cluster");
    }
  }
}

void read_template(const Context& context, std::string_view operation, const YamlNode& node,
                   ExecTemplates& out) {
  const std::string what = "'Exec." + std::string(operation) + "'";
  if (node.kind != NodeKind::Sequence || node.items.empty()) {
    context.error(node, "exec-template",
                  what +
                      " must be a non-empty argv list such as [pwsh, -File, drain.ps1, "
                      "\"{node}\"], not " +
                      describe(node));
    return;
  }
  std::vector<std::string> argv;
  bool valid = true;
  for (const YamlNode& item : node.items) {
    // Arguments are text; a plain number or boolean is taken as written.
    if (!item.is_scalar() || item.is_null()) {
      context.error(item, "exec-template",
                    "each argument of " + what + " must be a string, not " + describe(item));
      valid = false;
      continue;
    }
    check_placeholders(context, operation, item);
    argv.push_back(item.value);
  }
  if (valid && argv.front().empty()) {
    context.error(node.items.front(), "exec-template", what + " names no program");
    valid = false;
  }
  if (valid) out.insert_or_assign(std::string(operation), std::move(argv));
}

}  // namespace

void read_exec_templates(const Context& context, const YamlNode& node, ExecTemplates& out) {
  if (!expect(context, node, NodeKind::Map, "'Exec'")) return;
  const MapReader reader(context, node, k_operations);
  for (const MapEntry& entry : node.entries) {
    if (!entry.key.is_scalar()) continue;
    bool known = false;
    for (const std::string_view name : k_operations) known = known || name == entry.key.value;
    if (known) read_template(context, entry.key.value, entry.value, out);
  }
}

void check_required_templates(const Context& context, const YamlNode& at,
                              const ExecTemplates& templates, bool exec_given) {
  std::vector<std::string_view> missing;
  for (const std::string_view name : k_required) {
    if (!templates.contains(name)) missing.push_back(name);
  }
  if (missing.empty()) return;
  // With Exec given, a template that failed validation was reported already.
  const YamlNode* exec = exec_given ? &at : nullptr;
  std::vector<std::string_view> absent;
  for (const std::string_view name : missing) {
    if (!exec || !exec->find(name)) absent.push_back(name);
  }
  if (absent.empty()) return;
  std::string names;
  for (std::size_t i = 0; i < absent.size(); ++i) {
    if (i > 0) names += i + 1 == absent.size() ? " and " : ", ";
    names += absent[i];
  }
  context.error(at, "exec-missing",
                "the Exec driver needs templates for " + names +
                    (exec_given ? "" : "; add an 'Exec' mapping"));
}

}  // namespace pw::policy
