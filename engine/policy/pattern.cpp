#include "policy/pattern.hpp"

#include <re2/re2.h>

namespace pw::policy {

Pattern::Pattern(std::string text, std::shared_ptr<const re2::RE2> program)
    : m_text(std::move(text)), m_program(std::move(program)) {}

bool Pattern::found_in(std::string_view text) const {
  return re2::RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), *m_program);
}

namespace {

// Where RE2's complaint is in the pattern: the fragment it names, else the whole text.
TextIssue issue_of(std::string_view text, const re2::RE2& program, const std::string& rule) {
  TextIssue issue;
  issue.rule = rule;
  const std::string& fragment = program.error_arg();
  const std::size_t at = fragment.empty() ? std::string_view::npos : text.find(fragment);
  issue.offset = at == std::string_view::npos ? 0 : at;
  issue.length = at == std::string_view::npos ? std::max<std::size_t>(text.size(), 1)
                                              : std::max<std::size_t>(fragment.size(), 1);
  issue.message = "not a valid RE2 pattern: " + program.error();
  return issue;
}

}  // namespace

PatternParse compile_pattern(std::string_view text, PatternCase letter_case,
                             const std::string& rule) {
  re2::RE2::Options options;
  options.set_log_errors(false);
  options.set_case_sensitive(letter_case == PatternCase::Sensitive);
  auto program =
      std::make_shared<const re2::RE2>(re2::StringPiece(text.data(), text.size()), options);
  PatternParse parse;
  if (!program->ok()) {
    parse.issues.push_back(issue_of(text, *program, rule));
    return parse;
  }
  parse.pattern = Pattern(std::string(text), std::move(program));
  return parse;
}

}  // namespace pw::policy
