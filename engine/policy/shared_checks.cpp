#include "policy/documents.hpp"
#include "policy/values.hpp"

namespace pw::policy {

bool check_name(const Context& context, const YamlNode& node, const std::string& name,
                std::string_view what) {
  if (is_lower_dns_label(name)) return true;
  std::string message = "'" + name + "' is not a valid " + std::string(what) +
                        ": use 1 to 63 lower-case letters, digits and '-', starting and ending "
                        "with a letter or digit";
  const std::string lower = to_lower(name);
  if (lower != name && is_lower_dns_label(lower)) message += "; did you mean '" + lower + "'?";
  context.error(node, "name", std::move(message));
  return false;
}

std::optional<std::string> read_update_id(const Context& context, const YamlNode& node,
                                          std::string_view what, bool allow_kb) {
  const auto text = read_string(context, node, what);
  if (!text) return std::nullopt;
  if (is_guid(*text)) return to_lower(*text);
  if (allow_kb && is_kb_id(*text)) return to_upper(*text);
  if (allow_kb) {
    context.error(node, "update-id",
                  "'" + *text + "' is neither a KB id (KB5034439) nor an update GUID");
  } else {
    context.error(node, "guid",
                  "'" + *text + "' is not a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)");
  }
  return std::nullopt;
}

std::optional<MaxUnavailable> read_max_unavailable(const Context& context, const YamlNode& node) {
  const std::string k_rule = "max-unavailable";
  if (node.is_scalar() && node.style == ScalarStyle::Plain &&
      resolve_plain(node.value) == PlainType::Int) {
    const auto count = read_int(context, node, "'MaxUnavailable'", 1, k_int_max);
    if (!count) return std::nullopt;
    return MaxUnavailable{MaxUnavailable::Kind::Count, static_cast<int>(*count)};
  }
  const auto text = read_string(context, node, "'MaxUnavailable'");
  if (!text) return std::nullopt;
  const std::string_view digits = std::string_view(*text).substr(0, text->size() - 1);
  const bool percent = text->size() >= 2 && text->size() <= 4 && text->back() == '%' &&
                       digits.find_first_not_of("0123456789") == std::string_view::npos;
  const int value = percent ? std::stoi(std::string(digits)) : 0;
  if (!percent || value < 1 || value > 100) {
    context.error(node, k_rule,
                  "'MaxUnavailable' is '" + *text +
                      "'; expected a node count (1 or more) or a percentage from 1% to 100%");
    return std::nullopt;
  }
  return MaxUnavailable{MaxUnavailable::Kind::Percent, value};
}

}  // namespace pw::policy
