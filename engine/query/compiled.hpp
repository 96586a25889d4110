// The compiled form of a WUQuery: a disjunction of conjunctions of typed comparisons, checked at
// parse time so that evaluation does no string parsing (values are pre-lowered enums, numbers
// and lower-case GUIDs). Shared by the parser and the evaluator; not part of the public API.
#pragma once

#include "core/update.hpp"
#include "query/query.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pw::query {

enum class Property {
  Type,
  DeploymentAction,
  IsAssigned,
  AutoSelectOnWebSites,
  BrowseOnly,
  UpdateID,
  RevisionNumber,
  CategoryIDs,
  IsInstalled,
  IsHidden,
  IsPresent,
  RebootRequired,
};

enum class Operator { Equal, NotEqual, Contains };

struct Comparison {
  Property property = Property::Type;
  Operator op = Operator::Equal;
  std::int64_t number = 0;  // bool properties 0/1, RevisionNumber, Type as UpdateType
  std::string text;         // UpdateID / CategoryIDs GUID and DeploymentAction, lower case
  std::size_t offset = 0;   // of the property name in the criteria
  std::size_t length = 0;
};

using Conjunction = std::vector<Comparison>;

struct Query::Impl {
  std::string text;
  std::vector<Conjunction> disjuncts;
};

[[nodiscard]] bool evaluate(const Comparison& comparison, const UpdateRecord& update);

}  // namespace pw::query
