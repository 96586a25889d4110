// Tokens of the WUQuery criteria language. The lexer stops at the first character it cannot
// tokenize and reports it as a TextIssue ("query-syntax").
#pragma once

#include "core/diagnostic.hpp"

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace pw::query {

enum class TokenKind { Word, Number, String, Equal, NotEqual, LeftParen, RightParen, End };

struct Token {
  TokenKind kind = TokenKind::End;
  std::string_view text;   // as written; for String the content between the quotes
  std::size_t offset = 0;  // in the criteria, of the token's first character (the quote)
  std::size_t length = 1;  // width in the criteria, quotes included
};

struct TokenList {
  std::vector<Token> tokens;  // always ends with an End token
  std::optional<TextIssue> issue;
};

// A Word is [A-Za-z_][A-Za-z0-9_]* (properties and the keywords and/or/contains); a Number
// starts with a digit or '-' and runs over letters and digits so "0x1" stays one token that the
// parser can reject as a whole.
TokenList tokenize(std::string_view criteria);

}  // namespace pw::query
