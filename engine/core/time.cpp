#include "core/time.hpp"

#include <date/date.h>

#include <algorithm>
#include <cctype>

namespace pw {

namespace {

void put_digits(char* out, int value, int width) {
  for (int i = width - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
}

// Reads exactly `width` digits at `pos`; returns -1 when they are not all digits.
int read_digits(std::string_view text, std::size_t pos, std::size_t width) {
  if (pos + width > text.size()) return -1;
  int value = 0;
  for (std::size_t i = pos; i < pos + width; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

}  // namespace

void format_utc_to(Instant instant, char* out) {
  instant = std::min(instant, k_last_instant);
  const auto day = std::chrono::floor<date::days>(instant);
  const date::year_month_day ymd{day};
  const date::hh_mm_ss<Seconds> clock{instant - day};
  put_digits(out, static_cast<int>(ymd.year()), 4);
  out[4] = '-';
  put_digits(out + 5, static_cast<int>(static_cast<unsigned>(ymd.month())), 2);
  out[7] = '-';
  put_digits(out + 8, static_cast<int>(static_cast<unsigned>(ymd.day())), 2);
  out[10] = 'T';
  put_digits(out + 11, static_cast<int>(clock.hours().count()), 2);
  out[13] = ':';
  put_digits(out + 14, static_cast<int>(clock.minutes().count()), 2);
  out[16] = ':';
  put_digits(out + 17, static_cast<int>(clock.seconds().count()), 2);
  out[19] = 'Z';
}

std::string format_utc(Instant instant) {
  std::string text(20, ' ');
  format_utc_to(instant, text.data());
  return text;
}

std::optional<Instant> parse_rfc3339(std::string_view text) {
  const int year = read_digits(text, 0, 4);
  const int month = read_digits(text, 5, 2);
  const int day = read_digits(text, 8, 2);
  const int hour = read_digits(text, 11, 2);
  const int minute = read_digits(text, 14, 2);
  const int second = read_digits(text, 17, 2);
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return std::nullopt;
  if (text[4] != '-' || text[7] != '-' || text[13] != ':' || text[16] != ':') return std::nullopt;
  if (text[10] != 'T' && text[10] != 't' && text[10] != ' ') return std::nullopt;
  if (hour > 23 || minute > 59 || second > 60) return std::nullopt;
  const date::year_month_day ymd{date::year{year}, date::month{static_cast<unsigned>(month)},
                                 date::day{static_cast<unsigned>(day)}};
  if (!ymd.ok()) return std::nullopt;

  std::size_t pos = 19;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    const std::size_t digits_start = pos;
    while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) ++pos;
    if (pos == digits_start) return std::nullopt;
  }
  if (pos >= text.size()) return std::nullopt;
  Seconds offset{0};
  if (text[pos] == 'Z' || text[pos] == 'z') {
    ++pos;
  } else if (text[pos] == '+' || text[pos] == '-') {
    const int offset_hours = read_digits(text, pos + 1, 2);
    const int offset_minutes = read_digits(text, pos + 4, 2);
    if (offset_hours < 0 || offset_minutes < 0 || text[pos + 3] != ':' || offset_hours > 23 ||
        offset_minutes > 59) {
      return std::nullopt;
    }
    offset = std::chrono::hours{offset_hours} + Minutes{offset_minutes};
    if (text[pos] == '-') offset = -offset;
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != text.size()) return std::nullopt;
  // A leap second (":60") is read as the first second of the next minute.
  const Instant local =
      date::sys_days{ymd} + std::chrono::hours{hour} + Minutes{minute} + Seconds{second};
  return local - offset;
}

}  // namespace pw
