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

}  // namespace pw::policy
