#include "driver/exec_template.hpp"

#include <array>
#include <cctype>

namespace pw::driver {

namespace {

constexpr std::size_t k_max_label = 63;
constexpr std::size_t k_max_name = 253;

bool is_alnum(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0;
}

// Quotes a rejected value for a message, escaping what a terminal would act on.
std::string printable(std::string_view text) {
  std::string out = "'";
  for (char c : text.substr(0, 80)) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) {
      static constexpr std::string_view k_hex = "0123456789abcdef";
      out += "\\x";
      out += k_hex[byte >> 4];
      out += k_hex[byte & 0xf];
    } else {
      out += c;
    }
  }
  if (text.size() > 80) out += "...";
  return out + "'";
}

bool is_label(std::string_view label) {
  if (label.empty() || label.size() > k_max_label) return false;
  if (label.front() == '-' || label.back() == '-') return false;
  for (char c : label) {
    if (!is_alnum(c) && c != '-') return false;
  }
  return true;
}

struct Placeholder {
  std::string_view token;
  const std::string Call::*value;
  Status (*validate)(std::string_view);
};

const std::array<Placeholder, 4> k_placeholders{{
    {"{node}", &Call::node, &validate_node_name},
    {"{fqdn}", &Call::fqdn, &validate_fqdn},
    {"{cluster}", &Call::cluster, &validate_object_name},
    {"{policy}", &Call::policy, &validate_object_name},
}};

void replace_all(std::string& text, std::string_view token, const std::string& value) {
  for (std::size_t at = text.find(token); at != std::string::npos;
       at = text.find(token, at + value.size())) {
    text.replace(at, token.size(), value);
  }
}

}  // namespace

Status validate_node_name(std::string_view name) {
  if (is_label(name)) return Done{};
  return Error{"invalid node name " + printable(name) +
               ": expected 1 to 63 letters, digits or '-', not starting or ending with '-'"};
}

Status validate_fqdn(std::string_view fqdn) {
  bool valid = !fqdn.empty() && fqdn.size() <= k_max_name;
  for (std::size_t start = 0; valid;) {
    const std::size_t dot = fqdn.find('.', start);
    valid = is_label(fqdn.substr(start, dot == std::string_view::npos ? dot : dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  if (valid) return Done{};
  return Error{"invalid FQDN " + printable(fqdn) +
               ": expected DNS labels (letters, digits, '-') separated by '.'"};
}

Status validate_object_name(std::string_view name) {
  bool valid = !name.empty() && name.size() <= k_max_name && is_alnum(name.front());
  for (char c : name) {
    valid = valid && (is_alnum(c) || c == '.' || c == '_' || c == '-');
  }
  if (valid) return Done{};
  return Error{"invalid name " + printable(name) +
               ": expected letters, digits, '.', '_' or '-', starting with a letter or digit"};
}

Result<std::vector<std::string>> expand_template(const std::vector<std::string>& argv_template,
                                                 const Call& call) {
  if (argv_template.empty() || argv_template.front().empty()) {
    return Error{std::string("the Exec template for ") + to_string(call.operation) +
                 " has no program"};
  }
  for (const Placeholder& placeholder : k_placeholders) {
    const std::string& value = call.*placeholder.value;
    if (value.empty()) continue;  // e.g. {node} in a cluster-wide call: an empty argument
    bool used = false;
    for (const std::string& argument : argv_template) {
      used = used || argument.find(placeholder.token) != std::string::npos;
    }
    if (used) PW_TRY(placeholder.validate(value));
  }
  std::vector<std::string> argv = argv_template;
  for (std::string& argument : argv) {
    for (const Placeholder& placeholder : k_placeholders) {
      replace_all(argument, placeholder.token, call.*placeholder.value);
    }
  }
  return argv;
}

}  // namespace pw::driver
