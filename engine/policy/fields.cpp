#include "policy/fields.hpp"

#include "core/suggest.hpp"

#include <charconv>

namespace pw::policy {

namespace {

bool all_of(std::string_view text, std::string_view allowed) {
  return !text.empty() && text.find_first_not_of(allowed) == std::string_view::npos;
}

bool is_core_float(std::string_view v) {
  if (v == ".inf" || v == ".Inf" || v == ".INF" || v == "-.inf" || v == "+.inf" || v == "-.Inf" ||
      v == "+.Inf" || v == "-.INF" || v == "+.INF" || v == ".nan" || v == ".NaN" || v == ".NAN") {
    return true;
  }
  if (!v.empty() && (v[0] == '-' || v[0] == '+')) v.remove_prefix(1);
  const std::size_t exponent = v.find_first_of("eE");
  std::string_view mantissa = v.substr(0, exponent);
  if (exponent != std::string_view::npos) {
    std::string_view power = v.substr(exponent + 1);
    if (!power.empty() && (power[0] == '-' || power[0] == '+')) power.remove_prefix(1);
    if (!all_of(power, "0123456789")) return false;
  }
  const std::size_t dot = mantissa.find('.');
  if (dot == std::string_view::npos) return all_of(mantissa, "0123456789");
  const std::string_view whole = mantissa.substr(0, dot);
  const std::string_view fraction = mantissa.substr(dot + 1);
  if (whole.empty() && fraction.empty()) return false;
  return (whole.empty() || all_of(whole, "0123456789")) &&
         (fraction.empty() || all_of(fraction, "0123456789"));
}

}  // namespace

PlainType resolve_plain(std::string_view v) {
  if (v.empty() || v == "~" || v == "null" || v == "Null" || v == "NULL") return PlainType::Null;
  if (v == "true" || v == "True" || v == "TRUE" || v == "false" || v == "False" || v == "FALSE") {
    return PlainType::Bool;
  }
  std::string_view digits = v;
  if (digits[0] == '-' || digits[0] == '+') digits.remove_prefix(1);
  if (all_of(digits, "0123456789")) return PlainType::Int;
  if (v.starts_with("0o") && all_of(v.substr(2), "01234567")) return PlainType::Int;
  if (v.starts_with("0x") && all_of(v.substr(2), "0123456789abcdefABCDEF")) return PlainType::Int;
  if (is_core_float(v)) return PlainType::Float;
  return PlainType::String;
}

std::string describe(const YamlNode& node) {
  switch (node.kind) {
    case NodeKind::Null:
      return "null";
    case NodeKind::Sequence:
      return "a list";
    case NodeKind::Map:
      return "a mapping";
    case NodeKind::Scalar:
      break;
  }
  if (node.style != ScalarStyle::Plain) return "the string '" + node.value + "'";
  switch (resolve_plain(node.value)) {
    case PlainType::Null:
      return "null";
    case PlainType::Bool:
      return "the boolean " + node.value;
    case PlainType::Int:
      return "the integer " + node.value;
    case PlainType::Float:
      return "the number " + node.value;
    case PlainType::String:
      break;
  }
  return "the string '" + node.value + "'";
}

SourceLocation Context::at(const YamlNode& node) const {
  std::size_t length = 1;
  if (node.is_scalar()) {
    length =
        node.value.size() +
        (node.style == ScalarStyle::SingleQuoted || node.style == ScalarStyle::DoubleQuoted ? 2
                                                                                            : 0);
    const std::string_view text = source.text();
    const std::size_t newline = text.find('\n', node.offset);
    if (newline != std::string_view::npos) length = std::min(length, newline - node.offset);
    if (node.style == ScalarStyle::Literal || node.style == ScalarStyle::Folded) length = 1;
  }
  return source.at(node.offset, length);
}

void Context::error(const YamlNode& node, std::string rule, std::string message) const {
  if (node.alias) return;  // the alias itself is the error
  sink.error(at(node), std::move(rule), std::move(message));
}

void Context::warning(const YamlNode& node, std::string rule, std::string message) const {
  sink.warning(at(node), std::move(rule), std::move(message));
}

std::optional<std::string> read_string(const Context& context, const YamlNode& node,
                                       std::string_view what) {
  if (node.is_scalar() &&
      (node.style != ScalarStyle::Plain || resolve_plain(node.value) == PlainType::String)) {
    return node.value;
  }
  std::string hint;
  if (node.is_scalar() && !node.is_null()) hint = "; quote it to make it a string";
  context.error(node, "type",
                std::string(what) + " must be a string, not " + describe(node) + hint);
  return std::nullopt;
}

std::optional<bool> read_bool(const Context& context, const YamlNode& node, std::string_view what) {
  if (node.is_scalar() && node.style == ScalarStyle::Plain &&
      resolve_plain(node.value) == PlainType::Bool) {
    return node.value[0] == 't' || node.value[0] == 'T';
  }
  context.error(node, "type", std::string(what) + " must be true or false, not " + describe(node));
  return std::nullopt;
}

std::optional<std::int64_t> read_int(const Context& context, const YamlNode& node,
                                     std::string_view what, std::int64_t min, std::int64_t max) {
  const bool integer = node.is_scalar() && node.style == ScalarStyle::Plain &&
                       resolve_plain(node.value) == PlainType::Int;
  if (!integer) {
    context.error(node, "type", std::string(what) + " must be an integer, not " + describe(node));
    return std::nullopt;
  }
  std::string_view digits = node.value;
  if (digits[0] == '+') digits.remove_prefix(1);
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (error == std::errc{} && end != digits.data() + digits.size()) {
    context.error(node, "type", std::string(what) + " must be a base-10 integer");
    return std::nullopt;
  }
  if (error != std::errc{} || value < min || value > max) {
    const bool too_large = error != std::errc{} ? digits[0] != '-' : value > max;
    const std::string range = max != k_int_max ? std::to_string(min) + ".." + std::to_string(max)
                              : too_large      ? "at most " + std::to_string(max)
                                               : "at least " + std::to_string(min);
    context.error(node, "range", std::string(what) + " is " + node.value + "; it must be " + range);
    return std::nullopt;
  }
  return value;
}

bool expect(const Context& context, const YamlNode& node, NodeKind kind, std::string_view what) {
  if (node.kind == kind) return true;
  context.error(node, "type",
                std::string(what) + " must be " + (kind == NodeKind::Map ? "a mapping" : "a list") +
                    ", not " + describe(node));
  return false;
}

std::optional<std::vector<std::pair<std::string, const YamlNode*>>> read_string_list(
    const Context& context, const YamlNode& node, std::string_view what) {
  if (!expect(context, node, NodeKind::Sequence, what)) return std::nullopt;
  std::vector<std::pair<std::string, const YamlNode*>> values;
  for (const YamlNode& item : node.items) {
    if (auto value = read_string(context, item, std::string("each item of ") + std::string(what))) {
      values.emplace_back(std::move(*value), &item);
    }
  }
  return values;
}

MapReader::MapReader(const Context& context, const YamlNode& map,
                     std::span<const std::string_view> known, Locations* locations)
    : m_context(context), m_map(map), m_locations(locations) {
  for (const MapEntry& entry : map.entries) {
    if (!entry.key.is_scalar()) {
      m_context.error(entry.key, "type", "keys must be strings, not " + describe(entry.key));
      continue;
    }
    bool found = false;
    for (const std::string_view name : known) found = found || name == entry.key.value;
    if (found) continue;
    std::string message = "unknown key '" + entry.key.value + "'";
    if (const auto suggestion = closest_match(entry.key.value, known)) {
      message += "; did you mean '" + *suggestion + "'?";
    }
    m_context.error(entry.key, "unknown-key", std::move(message));
  }
}

const YamlNode* MapReader::get(std::string_view key) {
  const YamlNode* value = m_map.find(key);
  if (value && m_locations) m_locations->insert_or_assign(std::string(key), m_context.at(*value));
  return value;
}

const YamlNode* MapReader::require(std::string_view key) {
  const YamlNode* value = get(key);
  if (!value)
    m_context.error(m_map, "missing-key", "missing required key '" + std::string(key) + "'");
  return value;
}

void MapReader::string(std::string_view key, std::string& out) {
  if (const YamlNode* node = get(key)) {
    if (auto value = read_string(m_context, *node, "'" + std::string(key) + "'")) out = *value;
  }
}

void MapReader::boolean(std::string_view key, bool& out) {
  if (const YamlNode* node = get(key)) {
    if (auto value = read_bool(m_context, *node, "'" + std::string(key) + "'")) out = *value;
  }
}

void MapReader::integer(std::string_view key, int& out, std::int64_t min, std::int64_t max) {
  if (const YamlNode* node = get(key)) {
    if (auto value = read_int(m_context, *node, "'" + std::string(key) + "'", min, max)) {
      out = static_cast<int>(*value);
    }
  }
}

void MapReader::minutes(std::string_view key, Minutes& out, std::int64_t min, std::int64_t max) {
  int count = static_cast<int>(out.count());
  integer(key, count, min, max);
  out = Minutes{count};
}

std::optional<std::size_t> MapReader::enum_index(std::string_view key,
                                                 const std::vector<std::string_view>& names) {
  const YamlNode* node = get(key);
  if (!node) return std::nullopt;
  const auto value = read_string(m_context, *node, "'" + std::string(key) + "'");
  if (!value) return std::nullopt;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == *value) return i;
  }
  std::string message =
      "'" + std::string(key) + "' is '" + *value + "'; expected " + join_alternatives(names);
  if (const auto suggestion = closest_match(*value, names)) {
    message += "; did you mean '" + *suggestion + "'?";
  }
  m_context.error(*node, "invalid-value", std::move(message));
  return std::nullopt;
}

}  // namespace pw::policy
