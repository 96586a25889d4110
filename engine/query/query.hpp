// WUQuery: the Windows Update Agent search criteria language (DESIGN.md §4, MS-UAMG
// IUpdateSearcher::Search). parse_query accepts exactly what WUA accepts and reports the rest as
// TextIssues at the exact offset; Query::matches evaluates it against an UpdateRecord so every
// driver honours it.
#pragma once

#include "core/diagnostic.hpp"
#include "core/update.hpp"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pw::query {

// A parsed criteria expression: a disjunction (top-level `or`) of conjunctions of comparisons.
// Immutable; cheap to copy (shared representation).
class Query {
 public:
  struct Impl;
  explicit Query(std::shared_ptr<const Impl> impl) : m_impl(std::move(impl)) {}
  [[nodiscard]] bool matches(const UpdateRecord& update) const;
  [[nodiscard]] const std::string& text() const;

 private:
  std::shared_ptr<const Impl> m_impl;
};

struct QueryParse {
  std::optional<Query> query;  // set when there are no error issues
  std::vector<TextIssue> issues;
};

QueryParse parse_query(std::string_view text);

}  // namespace pw::query
