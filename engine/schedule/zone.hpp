// Zone: an IANA time zone in which a policy's wall-clock times are read (DESIGN.md §3), with a
// fast path for UTC. Local wall-clock times map to UTC instants by POA-compatible rules: a time
// that does not exist (spring forward) moves forward by the gap, a time that occurs twice
// (fall back) means the first one. That mapping never decreases as the local time grows.
//
// Thread-safety: a Zone is an immutable handle into date's (immutable) tz database; share freely.
#pragma once

#include "core/result.hpp"
#include "core/time.hpp"

#include <date/tz.h>

#include <string>
#include <string_view>

namespace pw::schedule {

using LocalSeconds = date::local_seconds;

class Zone {
 public:
  // UTC.
  Zone() = default;

  // Looks `name` up in the system tz database ("UTC" and "Etc/UTC" take the fast path).
  [[nodiscard]] static Result<Zone> find(std::string_view name);

  [[nodiscard]] bool is_utc() const { return m_zone == nullptr; }
  [[nodiscard]] std::string name() const;

  // The UTC instant a wall-clock time denotes (gap: moved forward by the gap; repeated: first).
  [[nodiscard]] Instant to_utc(LocalSeconds local) const {
    if (m_zone == nullptr) return Instant{local.time_since_epoch()};
    return to_utc_zoned(local);
  }

  // The wall-clock time at `instant`.
  [[nodiscard]] LocalSeconds to_local(Instant instant) const {
    if (m_zone == nullptr) return LocalSeconds{instant.time_since_epoch()};
    return to_local_zoned(instant);
  }

  // The earliest local time whose to_utc() can be >= `instant` (to_local(instant), or earlier
  // when `instant` follows a spring-forward gap whose wall times map past it).
  [[nodiscard]] LocalSeconds earliest_local_reaching(Instant instant) const;

  // The underlying date zone; nullptr for UTC.
  [[nodiscard]] const date::time_zone* zone() const { return m_zone; }

  friend bool operator==(const Zone&, const Zone&) = default;

 private:
  explicit Zone(const date::time_zone* zone) : m_zone(zone) {}
  [[nodiscard]] Instant to_utc_zoned(LocalSeconds local) const;
  [[nodiscard]] LocalSeconds to_local_zoned(Instant instant) const;

  const date::time_zone* m_zone = nullptr;
};

}  // namespace pw::schedule
