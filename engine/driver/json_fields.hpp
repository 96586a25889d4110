// Typed fields out of parsed JSON, each error naming where the field is and what was wrong:
// "reply field 'Updates[0].ResultCode': expected an integer, got string". Shared by the reply
// decoder (exec_protocol.cpp) and update records (update_json.cpp). Never throws. Internal to
// the driver module.
#pragma once

#include "core/result.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace pw::driver {

// Where a value sits in a document, for messages.
class JsonPlace {
 public:
  explicit JsonPlace(std::string_view document) : m_document(document) {}

  [[nodiscard]] JsonPlace member(std::string_view key) const;
  [[nodiscard]] JsonPlace element(std::size_t index) const;
  // "Updates[0].ResultCode"; empty for the document itself.
  [[nodiscard]] const std::string& path() const { return m_path; }
  // "reply field 'Updates[0]': <what>", or "reply: <what>" for the document itself.
  [[nodiscard]] Error error(std::string_view what) const;

 private:
  std::string m_document;
  std::string m_path;
};

// "string", "number", "boolean", "null", "array", "object".
[[nodiscard]] const char* json_type_name(const nlohmann::json& value);

enum class Presence { Required, Optional };

// `value` must be an object.
[[nodiscard]] Status expect_object(const nlohmann::json& value, const JsonPlace& place);

// The member `key` of `object`, which must be a list; null when optional and absent.
// In this and the readers below, `object` is an object (REQUIRES) at `place`.
[[nodiscard]] Result<const nlohmann::json*> find_array(const nlohmann::json& object,
                                                       const JsonPlace& place, const char* key,
                                                       Presence presence);

// Each reads `key` of `object` into `out`, which keeps its value when the key is optional and
// absent. Integers must be whole numbers inside [min, max].
[[nodiscard]] Status read_bool(const nlohmann::json& object, const JsonPlace& place,
                               const char* key, Presence presence, bool& out);
[[nodiscard]] Status read_string(const nlohmann::json& object, const JsonPlace& place,
                                 const char* key, Presence presence, std::string& out);
[[nodiscard]] Status read_integer(const nlohmann::json& object, const JsonPlace& place,
                                  const char* key, Presence presence, std::int64_t min,
                                  std::int64_t max, std::int64_t& out);
[[nodiscard]] Status read_strings(const nlohmann::json& object, const JsonPlace& place,
                                  const char* key, Presence presence,
                                  std::vector<std::string>& out);
[[nodiscard]] Status read_string_map(const nlohmann::json& object, const JsonPlace& place,
                                     const char* key, Presence presence,
                                     std::map<std::string, std::string>& out);

// `value`, at `place`, must be a string.
[[nodiscard]] Status read_string_value(const nlohmann::json& value, const JsonPlace& place,
                                       std::string& out);

}  // namespace pw::driver
