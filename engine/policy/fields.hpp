// Typed access to the keys of one YAML mapping, with the schema's type, range and enum checks.
// Every problem is a Diagnostic at the value (or at the mapping, for a missing key); a reader
// returns nullopt after reporting, so the caller keeps the default and validation goes on.
//
// Types follow the YAML 1.2 core schema, as a JSON Schema validator sees the file: a plain
// `5` is an integer, `true`/`false` are booleans, `null`/`~`/empty are null, and a quoted "5" is
// a string. Rules: type, range, invalid-value, missing-key, unknown-key.
#pragma once

#include "core/diagnostic.hpp"
#include "policy/model.hpp"
#include "policy/source_text.hpp"
#include "policy/yaml_tree.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

namespace pw::policy {

struct Context {
  const SourceText& source;
  DiagnosticSink& sink;

  // Where `node` stands; for a scalar the caret spans its token.
  [[nodiscard]] SourceLocation at(const YamlNode& node) const;
  void error(const YamlNode& node, std::string rule, std::string message) const;
  void warning(const YamlNode& node, std::string rule, std::string message) const;
};

// What a plain scalar resolves to under the YAML 1.2 core schema.
enum class PlainType { Null, Bool, Int, Float, String };
PlainType resolve_plain(std::string_view value);

// "a list", "a mapping", "null", "the integer 5", "the string 'x'", ... for type messages.
std::string describe(const YamlNode& node);

// Upper bound of "int >= N" keys (they are stored as int).
inline constexpr std::int64_t k_int_max = 2147483647;

// Node readers: `what` names the value in messages, e.g. "'OffsetDays'".
std::optional<std::string> read_string(const Context& context, const YamlNode& node,
                                       std::string_view what);
std::optional<bool> read_bool(const Context& context, const YamlNode& node, std::string_view what);
std::optional<std::int64_t> read_int(const Context& context, const YamlNode& node,
                                     std::string_view what, std::int64_t min, std::int64_t max);
// A list of strings; nullopt when the node is not a list (bad items are reported and skipped).
std::optional<std::vector<std::pair<std::string, const YamlNode*>>> read_string_list(
    const Context& context, const YamlNode& node, std::string_view what);
bool expect(const Context& context, const YamlNode& node, NodeKind kind, std::string_view what);

// The keys of one mapping. Reports unknown keys (with "did you mean") on construction and
// records the location of every value read into `locations`.
class MapReader {
 public:
  MapReader(const Context& context, const YamlNode& map, std::span<const std::string_view> known,
            Locations* locations = nullptr);

  [[nodiscard]] const YamlNode* get(std::string_view key);
  // Reports "missing-key" at the mapping when `key` is absent.
  const YamlNode* require(std::string_view key);

  void string(std::string_view key, std::string& out);
  void boolean(std::string_view key, bool& out);
  void integer(std::string_view key, int& out, std::int64_t min, std::int64_t max);
  // An integer number of minutes (the *InMinutes keys).
  void minutes(std::string_view key, Minutes& out, std::int64_t min, std::int64_t max);

  template <typename Enum>
  void enumeration(std::string_view key, Enum& out,
                   std::span<const std::pair<std::string_view, Enum>> values) {
    if (const auto index = enum_index(key, names_of(values))) out = values[*index].second;
  }

 private:
  template <typename Enum>
  static std::vector<std::string_view> names_of(
      std::span<const std::pair<std::string_view, Enum>> values) {
    std::vector<std::string_view> names;
    for (const auto& value : values) names.push_back(value.first);
    return names;
  }
  std::optional<std::size_t> enum_index(std::string_view key,
                                        const std::vector<std::string_view>& names);

  const Context& m_context;
  const YamlNode& m_map;
  Locations* m_locations;
};

}  // namespace pw::policy
