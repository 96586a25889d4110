// The properties WUA accepts in search criteria, with the operator and value each one takes, and
// the checks that turn a written comparison into a compiled Comparison.
#pragma once

#include "core/diagnostic.hpp"
#include "query/compiled.hpp"
#include "query/lexer.hpp"

#include <span>
#include <string_view>
#include <vector>

namespace pw::query {

enum class ValueKind { Flag, TypeName, Action, Guid, Integer };

struct PropertyInfo {
  std::string_view name;  // WUA's spelling
  Property property;
  ValueKind value;
};

// Case-insensitive lookup; nullptr when `name` is not a property.
const PropertyInfo* find_property(std::string_view name);

// Every property name, for "did you mean" and the list of allowed ones.
std::span<const std::string_view> property_names();

// Checks that `op` and `value` suit the property and fills the compiled comparison. Problems
// are appended to `issues` ("query-operator", "query-value"); returns false if there were any.
bool compile_comparison(const PropertyInfo& property, const Token& op, const Token& value,
                        Comparison& comparison, std::vector<TextIssue>& issues);

}  // namespace pw::query
