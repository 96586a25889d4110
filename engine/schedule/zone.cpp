#include "schedule/zone.hpp"

#include <exception>

namespace pw::schedule {

Result<Zone> Zone::find(std::string_view name) {
  if (name == "UTC" || name == "Etc/UTC") return Zone{};
  try {
    return Zone{date::locate_zone(name)};
  } catch (const std::exception&) {
    // date throws std::runtime_error for an unknown name (and when the tz database is missing).
    return Error{"unknown time zone '" + std::string(name) + "'"};
  }
}

std::string Zone::name() const {
  return m_zone == nullptr ? "UTC" : std::string(m_zone->name());
}

Instant Zone::to_utc_zoned(LocalSeconds local) const {
  // For a unique time `first` is its offset; for a gap `first` is the offset before the gap,
  // which moves the time forward by the gap; for a repeated time `first` is the earlier one.
  const date::local_info info = m_zone->get_info(local);
  return Instant{local.time_since_epoch()} - info.first.offset;
}

LocalSeconds Zone::to_local_zoned(Instant instant) const {
  const date::sys_info info = m_zone->get_info(instant);
  return LocalSeconds{instant.time_since_epoch() + info.offset};
}

LocalSeconds Zone::earliest_local_reaching(Instant instant) const {
  if (m_zone == nullptr) return LocalSeconds{instant.time_since_epoch()};
  const date::sys_info info = m_zone->get_info(instant);
  auto offset = info.offset;
  // Gaps are at most a day (Samoa, 2011); the check also keeps info.begin - 1s from
  // underflowing for the first period of a zone.
  if (instant - info.begin >= date::days{2})
    return LocalSeconds{instant.time_since_epoch() + offset};
  // Just after a spring-forward transition, nonexistent wall times (read with the earlier,
  // smaller offset) map to instants at or after `instant`.
  const date::sys_info before = m_zone->get_info(info.begin - Seconds{1});
  if (before.offset < offset && instant - info.begin < offset - before.offset) {
    offset = before.offset;
  }
  return LocalSeconds{instant.time_since_epoch() + offset};
}

}  // namespace pw::schedule
