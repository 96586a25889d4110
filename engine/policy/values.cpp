#include "policy/values.hpp"

#include "core/suggest.hpp"

#include <date/tz.h>

#include <algorithm>
#include <exception>
#include <map>
#include <mutex>
#include <vector>

namespace pw::policy {

namespace {

bool is_lower_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}
bool is_alnum(char c) {
  return is_lower_alnum(c) || (c >= 'A' && c <= 'Z');
}

bool is_label(std::string_view name, bool (*alnum)(char)) {
  if (name.empty() || name.size() > 63) return false;
  if (!alnum(name.front()) || !alnum(name.back())) return false;
  return std::all_of(name.begin(), name.end(), [&](char c) { return alnum(c) || c == '-'; });
}

std::vector<std::string_view> zone_names() {
  std::vector<std::string_view> names;
  try {
    const date::tzdb& database = date::get_tzdb();
    for (const date::time_zone& zone : database.zones) names.push_back(zone.name());
#if !USE_OS_TZDB
    for (const date::time_zone_link& link : database.links) names.push_back(link.name());
#endif
  } catch (const std::exception&) {
    // No tz database: every name but UTC is unknown and nothing can be suggested.
  }
  return names;
}

}  // namespace

bool is_lower_dns_label(std::string_view name) {
  return is_label(name, is_lower_alnum);
}

bool is_dns_label(std::string_view name) {
  return is_label(name, is_alnum);
}

bool is_dns_name(std::string_view name) {
  if (name.empty() || name.size() > 253) return false;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = name.find('.', start);
    if (!is_dns_label(name.substr(start, dot - start))) return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

bool is_kb_id(std::string_view text) {
  if (text.size() < 3 || (text[0] | 0x20) != 'k' || (text[1] | 0x20) != 'b') return false;
  return std::all_of(text.begin() + 2, text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

ZoneCheck check_time_zone(std::string_view name) {
  static std::mutex mutex;
  static std::map<std::string, ZoneCheck, std::less<>> cache;
  const std::lock_guard lock(mutex);
  if (const auto it = cache.find(name); it != cache.end()) return it->second;
  ZoneCheck check;
  if (name == "UTC") {
    check.known = true;
  } else {
    try {
      check.known = date::locate_zone(name) != nullptr;
    } catch (const std::exception&) {
      static const std::vector<std::string_view> names = zone_names();
      check.suggestion = closest_match(name, names);
    }
  }
  // Hostile files could name endless distinct zones; the cache stays bounded.
  if (cache.size() < 4096) cache.emplace(std::string(name), check);
  return check;
}

}  // namespace pw::policy
