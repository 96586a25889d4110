#include "query/lexer.hpp"

#include <string>

namespace pw::query {

namespace {

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_word_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool is_word_char(char c) {
  return is_word_start(c) || is_digit(c);
}

class Lexer {
 public:
  explicit Lexer(std::string_view text) : m_text(text) {}

  TokenList run() {
    while (!m_result.issue) {
      while (m_position < m_text.size() && is_blank(m_text[m_position])) ++m_position;
      if (m_position == m_text.size()) break;
      next_token();
    }
    m_result.tokens.push_back({TokenKind::End, {}, m_text.size(), 1});
    return std::move(m_result);
  }

 private:
  void push(TokenKind kind, std::size_t length) {
    m_result.tokens.push_back({kind, m_text.substr(m_position, length), m_position, length});
    m_position += length;
  }

  std::size_t run_length(std::size_t from, bool (*accept)(char)) const {
    std::size_t end = from;
    while (end < m_text.size() && accept(m_text[end])) ++end;
    return end - m_position;
  }

  void next_token() {
    const char c = m_text[m_position];
    const char next = m_position + 1 < m_text.size() ? m_text[m_position + 1] : '\0';
    if (c == '(') return push(TokenKind::LeftParen, 1);
    if (c == ')') return push(TokenKind::RightParen, 1);
    if (c == '=') return push(TokenKind::Equal, 1);
    if (c == '!' && next == '=') return push(TokenKind::NotEqual, 2);
    if (c == '\'') return read_string();
    if (is_word_start(c)) return push(TokenKind::Word, run_length(m_position, is_word_char));
    if (is_digit(c) || (c == '-' && is_digit(next))) {
      return push(TokenKind::Number, run_length(m_position + 1, is_word_char));
    }
    report_unexpected(c);
  }

  void read_string() {
    const std::size_t close = m_text.find('\'', m_position + 1);
    if (close == std::string_view::npos) {
      m_result.issue = TextIssue{m_position, m_text.size() - m_position, "query-syntax",
                                 "unterminated string: add the closing quote (')", Severity::Error};
      return;
    }
    const std::size_t length = close + 1 - m_position;
    m_result.tokens.push_back(
        {TokenKind::String, m_text.substr(m_position + 1, length - 2), m_position, length});
    m_position += length;
  }

  void report_unexpected(char c) {
    std::string message;
    if (c == '"') {
      message = "strings are written in single quotes (') in WUA criteria";
    } else if (c == '<' || c == '>' || c == '!') {
      message =
          "unexpected '" + std::string(1, c) + "': WUA criteria support only =, != and contains";
    } else if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) {
      static constexpr char k_hex[] = "0123456789ABCDEF";
      const auto byte = static_cast<unsigned char>(c);
      message = std::string("unexpected byte 0x") + k_hex[byte >> 4] + k_hex[byte & 15];
    } else {
      message = "unexpected character '" + std::string(1, c) + "'";
    }
    m_result.issue = TextIssue{m_position, 1, "query-syntax", std::move(message), Severity::Error};
  }

  std::string_view m_text;
  std::size_t m_position = 0;
  TokenList m_result;
};

}  // namespace

TokenList tokenize(std::string_view criteria) {
  return Lexer(criteria).run();
}

}  // namespace pw::query
