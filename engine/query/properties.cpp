#include "query/properties.hpp"

#include "core/suggest.hpp"
#include "core/text.hpp"

#include <array>
#include <limits>
#include <string>

namespace pw::query {

namespace {

constexpr std::array<PropertyInfo, 12> k_properties{{
    {"Type", Property::Type, ValueKind::TypeName},
    {"DeploymentAction", Property::DeploymentAction, ValueKind::Action},
    {"IsAssigned", Property::IsAssigned, ValueKind::Flag},
    {"AutoSelectOnWebSites", Property::AutoSelectOnWebSites, ValueKind::Flag},
    {"BrowseOnly", Property::BrowseOnly, ValueKind::Flag},
    {"UpdateID", Property::UpdateID, ValueKind::Guid},
    {"RevisionNumber", Property::RevisionNumber, ValueKind::Integer},
    {"CategoryIDs", Property::CategoryIDs, ValueKind::Guid},
    {"IsInstalled", Property::IsInstalled, ValueKind::Flag},
    {"IsHidden", Property::IsHidden, ValueKind::Flag},
    {"IsPresent", Property::IsPresent, ValueKind::Flag},
    {"RebootRequired", Property::RebootRequired, ValueKind::Flag},
}};

constexpr std::array<std::string_view, 12> k_names{
    "Type",        "DeploymentAction", "IsAssigned",     "AutoSelectOnWebSites",
    "BrowseOnly",  "UpdateID",         "RevisionNumber", "CategoryIDs",
    "IsInstalled", "IsHidden",         "IsPresent",      "RebootRequired"};

// Indexed by UpdateType.
constexpr std::array<std::string_view, 2> k_type_names{"Software", "Driver"};
constexpr std::array<std::string_view, 2> k_action_names{"Installation", "Uninstallation"};

std::string quoted(std::string_view text) {
  return "'" + std::string(text) + "'";
}

// Base-10 integer with an optional minus sign, within int's range.
std::optional<std::int64_t> parse_integer(std::string_view text) {
  const bool negative = !text.empty() && text[0] == '-';
  const std::string_view digits = text.substr(negative ? 1 : 0);
  if (digits.empty()) return std::nullopt;
  std::int64_t value = 0;
  for (const char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    value = std::min<std::int64_t>(value * 10 + (c - '0'), std::int64_t{1} << 40);
  }
  return negative ? -value : value;
}

class Checker {
 public:
  Checker(const PropertyInfo& info, std::vector<TextIssue>& issues)
      : m_info(info), m_issues(issues) {}

  bool check_operator(const Token& op, Operator& out) {
    out = op.kind == TokenKind::Equal      ? Operator::Equal
          : op.kind == TokenKind::NotEqual ? Operator::NotEqual
                                           : Operator::Contains;
    const std::string name(m_info.name);
    if (m_info.property == Property::CategoryIDs && out != Operator::Contains) {
      return fail(op, "query-operator",
                  "CategoryIDs takes 'contains', not '" + std::string(op.text) +
                      "' (e.g. CategoryIDs contains '" + k_os_category_id + "')");
    }
    if (out == Operator::Contains && m_info.property != Property::CategoryIDs) {
      return fail(op, "query-operator",
                  "'contains' is allowed only with CategoryIDs; write " + name + " = ...");
    }
    if (out == Operator::NotEqual && m_info.property != Property::Type) {
      return fail(op, "query-operator", "'!=' is allowed only with Type, not with " + name);
    }
    return true;
  }

  bool check_value(const Token& value, Comparison& out) {
    switch (m_info.value) {
      case ValueKind::Flag:
        return check_flag(value, out);
      case ValueKind::Integer:
        return check_integer(value, out);
      case ValueKind::TypeName:
        return check_name(value, k_type_names, out);
      case ValueKind::Action:
        return check_name(value, k_action_names, out);
      case ValueKind::Guid:
        return check_guid(value, out);
    }
    return false;
  }

 private:
  bool fail(const Token& token, const char* rule, std::string message) {
    m_issues.push_back({token.offset, token.length, rule, std::move(message), Severity::Error});
    return false;
  }

  bool check_integer(const Token& value, Comparison& out) {
    const std::string name(m_info.name);
    const std::string expected = m_info.value == ValueKind::Flag ? "0 or 1" : "an integer";
    if (value.kind != TokenKind::Number) {
      return fail(value, "query-value",
                  name + " takes " + expected + ", not the string " + quoted(value.text));
    }
    const auto number = parse_integer(value.text);
    if (!number) {
      return fail(value, "query-value", quoted(value.text) + " is not a base-10 integer");
    }
    if (*number < std::numeric_limits<int>::min() || *number > std::numeric_limits<int>::max()) {
      return fail(value, "query-value", name + " " + std::string(value.text) + " is out of range");
    }
    out.number = *number;
    return true;
  }

  bool check_flag(const Token& value, Comparison& out) {
    if (!check_integer(value, out)) return false;
    if (out.number == 0 || out.number == 1) return true;
    return fail(value, "query-value",
                std::string(m_info.name) + " takes 0 or 1, not " + std::string(value.text));
  }

  bool check_name(const Token& value, std::span<const std::string_view> allowed, Comparison& out) {
    const std::string list = quoted(allowed[0]) + " or " + quoted(allowed[1]);
    const std::string name(m_info.name);
    if (value.kind != TokenKind::String) {
      return fail(value, "query-value", name + " takes a quoted string: " + list);
    }
    for (std::size_t i = 0; i < allowed.size(); ++i) {
      if (equals_ignoring_case(value.text, allowed[i])) {
        out.number = static_cast<std::int64_t>(i);
        out.text = to_lower(allowed[i]);
        return true;
      }
    }
    std::string message = name + " takes " + list + ", not " + quoted(value.text);
    if (const auto match = closest_match(value.text, allowed)) {
      message += "; did you mean " + quoted(*match) + "?";
    }
    return fail(value, "query-value", std::move(message));
  }

  bool check_guid(const Token& value, Comparison& out) {
    const std::string name(m_info.name);
    if (value.kind != TokenKind::String) {
      return fail(value, "query-value", name + " takes a GUID in single quotes");
    }
    if (!is_guid(value.text)) {
      return fail(value, "query-value",
                  quoted(value.text) +
                      " is not a GUID: write 8-4-4-4-12 hexadecimal digits without braces");
    }
    out.text = to_lower(value.text);
    return true;
  }

  const PropertyInfo& m_info;
  std::vector<TextIssue>& m_issues;
};

}  // namespace

const PropertyInfo* find_property(std::string_view name) {
  for (const PropertyInfo& info : k_properties) {
    if (equals_ignoring_case(name, info.name)) return &info;
  }
  return nullptr;
}

std::span<const std::string_view> property_names() {
  return k_names;
}

bool compile_comparison(const PropertyInfo& property, const Token& op, const Token& value,
                        Comparison& comparison, std::vector<TextIssue>& issues) {
  Checker checker(property, issues);
  comparison.property = property.property;
  const bool operator_ok = checker.check_operator(op, comparison.op);
  const bool value_ok = checker.check_value(value, comparison);
  return operator_ok && value_ok;
}

}  // namespace pw::query
