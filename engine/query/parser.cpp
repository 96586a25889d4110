// parse_query: recursive descent over the tokens. Comparisons are compiled as they are read;
// the expression is flattened into a disjunction of conjunctions, which WUA's rule "or only at
// the top level" guarantees is possible (an `or` under an `and` is reported, not distributed).
#include "core/suggest.hpp"
#include "core/text.hpp"
#include "query/compiled.hpp"
#include "query/lexer.hpp"
#include "query/properties.hpp"
#include "query/query.hpp"

#include <string>

namespace pw::query {

namespace {

constexpr int k_max_depth = 64;

// A parsed sub-expression: its disjuncts and where its (not yet reported) `or`s are.
struct Group {
  std::vector<Conjunction> disjuncts;
  std::vector<std::size_t> or_offsets;
};

std::string describe(const Token& token) {
  if (token.kind == TokenKind::End) return "the end of the criteria";
  if (token.kind == TokenKind::String) return "the string '" + std::string(token.text) + "'";
  return "'" + std::string(token.text) + "'";
}

class Parser {
 public:
  Parser(std::string_view text, std::vector<Token> tokens)
      : m_text(text), m_tokens(std::move(tokens)) {}

  QueryParse run() {
    if (peek().kind == TokenKind::End) {
      error(peek(), "query-syntax",
            "the criteria are empty: write e.g. IsInstalled=0 and Type='Software'");
      return finish({});
    }
    Group group = parse_disjunction();
    if (!m_failed && peek().kind != TokenKind::End) {
      error(peek(), "query-syntax",
            peek().kind == TokenKind::RightParen
                ? std::string("unmatched ')'")
                : "expected 'and', 'or' or the end of the criteria, found " + describe(peek()));
    }
    if (!m_failed) check_revision_numbers(group.disjuncts);
    return finish(std::move(group.disjuncts));
  }

 private:
  const Token& peek() const { return m_tokens[m_index]; }
  const Token& take() {
    const Token& token = m_tokens[m_index];
    if (token.kind != TokenKind::End) ++m_index;
    return token;
  }
  static bool is_keyword(const Token& token, std::string_view keyword) {
    return token.kind == TokenKind::Word && equals_ignoring_case(token.text, keyword);
  }

  void error(std::size_t offset, std::size_t length, const char* rule, std::string message) {
    m_issues.push_back({offset, length, rule, std::move(message), Severity::Error});
  }
  void error(const Token& token, const char* rule, std::string message) {
    error(token.offset, token.length, rule, std::move(message));
  }
  // A syntax error ends parsing: what follows cannot be read reliably.
  Group fail(const Token& token, std::string message) {
    error(token, "query-syntax", std::move(message));
    m_failed = true;
    return {};
  }

  Group parse_disjunction() {
    Group group = parse_conjunction();
    while (!m_failed && is_keyword(peek(), "or")) {
      group.or_offsets.push_back(take().offset);
      Group next = parse_conjunction();
      for (Conjunction& conjunction : next.disjuncts)
        group.disjuncts.push_back(std::move(conjunction));
      group.or_offsets.insert(group.or_offsets.end(), next.or_offsets.begin(),
                              next.or_offsets.end());
    }
    return group;
  }

  Group parse_conjunction() {
    std::vector<Group> terms;
    terms.push_back(parse_term());
    while (!m_failed && is_keyword(peek(), "and")) {
      take();
      terms.push_back(parse_term());
    }
    if (m_failed || terms.size() == 1) return std::move(terms.front());
    Conjunction merged;
    for (Group& term : terms) {
      for (const std::size_t offset : term.or_offsets) {
        error(offset, 2, "query-or-nesting",
              "'or' is allowed only at the top level: WUA rejects it inside parentheses joined "
              "by 'and'; write the criteria as a top-level 'or' of 'and' groups");
      }
      if (term.disjuncts.empty()) continue;
      for (Comparison& comparison : term.disjuncts.front()) merged.push_back(std::move(comparison));
    }
    return Group{{std::move(merged)}, {}};
  }

  Group parse_term() {
    if (peek().kind != TokenKind::LeftParen) return parse_comparison();
    const Token& open = take();
    if (++m_depth > k_max_depth) {
      return fail(open, "parentheses are nested deeper than " + std::to_string(k_max_depth));
    }
    Group group = parse_disjunction();
    --m_depth;
    if (m_failed) return group;
    if (peek().kind == TokenKind::RightParen) {
      take();
      return group;
    }
    if (peek().kind == TokenKind::End) return fail(open, "'(' is never closed: add ')'");
    return fail(peek(), "expected 'and', 'or' or ')', found " + describe(peek()));
  }

  Group parse_comparison() {
    const Token& name = take();
    if (name.kind != TokenKind::Word || is_keyword(name, "and") || is_keyword(name, "or")) {
      return fail(name, "expected a property name, found " + describe(name));
    }
    const PropertyInfo* info = find_property(name.text);
    if (!info) report_unknown_property(name);
    const Token& op = take();
    if (op.kind != TokenKind::Equal && op.kind != TokenKind::NotEqual &&
        !is_keyword(op, "contains")) {
      return fail(op, "expected =, != or contains after '" + std::string(name.text) + "', found " +
                          describe(op));
    }
    const Token& value = take();
    if (value.kind != TokenKind::Number && value.kind != TokenKind::String) {
      return fail(value, "expected a value after '" + std::string(op.text) +
                             "' (an integer or a 'quoted string'), found " + describe(value));
    }
    if (!info) return {};
    Comparison comparison;
    comparison.offset = name.offset;
    comparison.length = name.length;
    compile_comparison(*info, op, value, comparison, m_issues);
    return Group{{Conjunction{std::move(comparison)}}, {}};
  }

  void report_unknown_property(const Token& name) {
    std::string message = "unknown property '" + std::string(name.text) + "'";
    if (const auto match = closest_match(name.text, property_names())) {
      message += ", did you mean '" + *match + "'?";
    } else {
      message += " (allowed: " + join_alternatives(property_names()) + ")";
    }
    error(name, "query-property", std::move(message));
  }

  // WUA accepts RevisionNumber only next to UpdateID in the same conjunction.
  void check_revision_numbers(const std::vector<Conjunction>& disjuncts) {
    for (const Conjunction& conjunction : disjuncts) {
      bool has_update_id = false;
      for (const Comparison& comparison : conjunction) {
        has_update_id = has_update_id || comparison.property == Property::UpdateID;
      }
      if (has_update_id) continue;
      for (const Comparison& comparison : conjunction) {
        if (comparison.property != Property::RevisionNumber) continue;
        error(comparison.offset, comparison.length, "query-revision",
              "RevisionNumber is allowed only together with UpdateID: add "
              "\"and UpdateID='<GUID>'\" to this group");
      }
    }
  }

  QueryParse finish(std::vector<Conjunction> disjuncts) {
    QueryParse result;
    if (m_issues.empty()) {
      result.query = Query(std::make_shared<const Query::Impl>(
          Query::Impl{std::string(m_text), std::move(disjuncts)}));
    }
    result.issues = std::move(m_issues);
    return result;
  }

  std::string_view m_text;
  std::vector<Token> m_tokens;
  std::size_t m_index = 0;
  int m_depth = 0;
  bool m_failed = false;
  std::vector<TextIssue> m_issues;
};

}  // namespace

QueryParse parse_query(std::string_view text) {
  TokenList tokens = tokenize(text);
  if (tokens.issue) return QueryParse{std::nullopt, {std::move(*tokens.issue)}};
  return Parser(text, std::move(tokens.tokens)).run();
}

}  // namespace pw::query
