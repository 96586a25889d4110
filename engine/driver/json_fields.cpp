#include "driver/json_fields.hpp"

namespace pw::driver {

using nlohmann::json;

namespace {

constexpr std::size_t k_max_key_chars = 64;

// A key as it reads in a message: control characters escaped, long keys cut.
void append_key(std::string& out, std::string_view key) {
  static constexpr std::string_view k_hex = "0123456789abcdef";
  for (const char c : key.substr(0, k_max_key_chars)) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) {
      out += "\\x";
      out += k_hex[byte >> 4];
      out += k_hex[byte & 0xf];
    } else {
      out += c;
    }
  }
  if (key.size() > k_max_key_chars) out += "...";
}

}  // namespace

JsonPlace JsonPlace::member(std::string_view key) const {
  JsonPlace place = *this;
  if (!place.m_path.empty()) place.m_path += '.';
  append_key(place.m_path, key);
  return place;
}

JsonPlace JsonPlace::element(std::size_t index) const {
  JsonPlace place = *this;
  place.m_path += '[' + std::to_string(index) + ']';
  return place;
}

Error JsonPlace::error(std::string_view what) const {
  if (m_path.empty()) return Error{m_document + ": " + std::string(what)};
  return Error{m_document + " field '" + m_path + "': " + std::string(what)};
}

const char* json_type_name(const json& value) {
  switch (value.type()) {
    case json::value_t::null:
      return "null";
    case json::value_t::object:
      return "object";
    case json::value_t::array:
      return "array";
    case json::value_t::string:
      return "string";
    case json::value_t::boolean:
      return "boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float:
      return "number";
    case json::value_t::binary:
    case json::value_t::discarded:
      break;
  }
  return "something else";
}

namespace {

Error wrong_type(const json& value, const JsonPlace& place, std::string_view expected) {
  return place.error("expected " + std::string(expected) + ", got " + json_type_name(value));
}

// The member's value, or null when optional and absent.
Result<const json*> lookup(const json& object, const JsonPlace& place, const char* key,
                           Presence presence, std::string_view expected) {
  const auto it = object.find(key);
  if (it != object.end()) return &*it;
  if (presence == Presence::Optional) return static_cast<const json*>(nullptr);
  return place.member(key).error("missing; expected " + std::string(expected));
}

}  // namespace

Status expect_object(const json& value, const JsonPlace& place) {
  if (value.is_object()) return Done{};
  return wrong_type(value, place, "an object");
}

Result<const json*> find_array(const json& object, const JsonPlace& place, const char* key,
                               Presence presence) {
  auto found = lookup(object, place, key, presence, "a list");
  if (!found || *found == nullptr || (*found)->is_array()) return found;
  return wrong_type(**found, place.member(key), "a list");
}

Status read_bool(const json& object, const JsonPlace& place, const char* key, Presence presence,
                 bool& out) {
  auto found = lookup(object, place, key, presence, "a boolean");
  if (!found) return Error{found.error()};
  if (*found == nullptr) return Done{};
  if (!(*found)->is_boolean()) return wrong_type(**found, place.member(key), "a boolean");
  out = (*found)->get<bool>();
  return Done{};
}

Status read_string_value(const json& value, const JsonPlace& place, std::string& out) {
  if (!value.is_string()) return wrong_type(value, place, "a string");
  out = value.get<std::string>();
  return Done{};
}

Status read_string(const json& object, const JsonPlace& place, const char* key, Presence presence,
                   std::string& out) {
  auto found = lookup(object, place, key, presence, "a string");
  if (!found) return Error{found.error()};
  if (*found == nullptr) return Done{};
  return read_string_value(**found, place.member(key), out);
}

Status read_integer(const json& object, const JsonPlace& place, const char* key, Presence presence,
                    std::int64_t min, std::int64_t max, std::int64_t& out) {
  auto found = lookup(object, place, key, presence, "an integer");
  if (!found) return Error{found.error()};
  if (*found == nullptr) return Done{};
  const json& value = **found;
  const JsonPlace here = place.member(key);
  const std::string range = std::to_string(min) + ".." + std::to_string(max);
  if (value.is_number_unsigned()) {
    const auto number = value.get<std::uint64_t>();
    if (max < 0 || number > static_cast<std::uint64_t>(max)) {
      return here.error("expected an integer in " + range + ", got " + std::to_string(number));
    }
    out = static_cast<std::int64_t>(number);
    return Done{};
  }
  if (value.is_number_integer()) {
    const auto number = value.get<std::int64_t>();
    if (number < min || number > max) {
      return here.error("expected an integer in " + range + ", got " + std::to_string(number));
    }
    out = number;
    return Done{};
  }
  if (value.is_number_float()) {
    return here.error("expected an integer, got the number " + value.dump());
  }
  return wrong_type(value, here, "an integer");
}

Status read_strings(const json& object, const JsonPlace& place, const char* key, Presence presence,
                    std::vector<std::string>& out) {
  auto found = lookup(object, place, key, presence, "a list of strings");
  if (!found) return Error{found.error()};
  if (*found == nullptr) return Done{};
  const JsonPlace here = place.member(key);
  if (!(*found)->is_array()) return wrong_type(**found, here, "a list of strings");
  std::vector<std::string> strings;
  strings.reserve((*found)->size());
  for (std::size_t i = 0; i < (*found)->size(); ++i) {
    std::string text;
    PW_TRY(read_string_value((**found)[i], here.element(i), text));
    strings.push_back(std::move(text));
  }
  out = std::move(strings);
  return Done{};
}

Status read_string_map(const json& object, const JsonPlace& place, const char* key,
                       Presence presence, std::map<std::string, std::string>& out) {
  auto found = lookup(object, place, key, presence, "an object of strings");
  if (!found) return Error{found.error()};
  if (*found == nullptr) return Done{};
  const JsonPlace here = place.member(key);
  if (!(*found)->is_object()) return wrong_type(**found, here, "an object of strings");
  std::map<std::string, std::string> map;
  for (const auto& [name, value] : (*found)->items()) {
    std::string text;
    PW_TRY(read_string_value(value, here.member(name), text));
    map.emplace(name, std::move(text));
  }
  out = std::move(map);
  return Done{};
}

}  // namespace pw::driver
