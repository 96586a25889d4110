// Pattern: a regular expression a user wrote in a policy (update title filters), compiled once
// at load with RE2 — linear-time matching without backtracking, so no pattern from a file can
// make the daemon spin. RE2 syntax (https://github.com/google/re2/wiki/Syntax); no
// backreferences or lookaround.
//
// Thread-safety: immutable once compiled; copies share the compiled program, and RE2's const
// matching is safe from any thread.
#pragma once

#include "core/diagnostic.hpp"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace re2 {
class RE2;
}

namespace pw::policy {

enum class PatternCase { Sensitive, Insensitive };

struct PatternParse;

class Pattern {
 public:
  // Whether the pattern matches somewhere in `text` (anchor with ^ and $ for the whole).
  [[nodiscard]] bool found_in(std::string_view text) const;
  [[nodiscard]] const std::string& text() const { return m_text; }

 private:
  friend PatternParse compile_pattern(std::string_view text, PatternCase letter_case,
                                      const std::string& rule);
  Pattern(std::string text, std::shared_ptr<const re2::RE2> program);

  std::string m_text;
  std::shared_ptr<const re2::RE2> m_program;
};

// The compiled pattern, or (pattern nullopt) one issue under `rule` at the part of the text RE2
// rejected, e.g. "missing ): 'Preview|(Insider'".
struct PatternParse {
  std::optional<Pattern> pattern;
  std::vector<TextIssue> issues;
};

[[nodiscard]] PatternParse compile_pattern(std::string_view text, PatternCase letter_case,
                                           const std::string& rule);

}  // namespace pw::policy
