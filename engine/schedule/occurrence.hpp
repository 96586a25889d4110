// Occurrences: the instants a Frequency names (DESIGN.md §3). Next-occurrence is O(1) calendar
// arithmetic on days-from-civil (Howard Hinnant's date), never a search minute by minute.
//
// Semantics: the next occurrence at or after `t` is the earliest matching instant >= t (a time
// equal to `t` is due). OffsetDays shifts the base date found for the frequency (crossing month
// and year ends). Wall-clock times are read in the Zone (see zone.hpp for gaps and repeats).
//
// Thread-safety: pure functions.
#pragma once

#include "core/time.hpp"
#include "schedule/frequency.hpp"
#include "schedule/zone.hpp"

#include <optional>

namespace pw::schedule {

// The first wall-clock time of `frequency`, shifted by `offset_days`, at or after `local`;
// nullopt when there is none (None, or a Once already passed).
std::optional<LocalSeconds> next_local_occurrence(const Frequency& frequency, int offset_days,
                                                  LocalSeconds local);

// The first occurrence at or after `t` as a UTC instant; nullopt when there is none.
std::optional<Instant> next_occurrence(const Frequency& frequency, const Zone& zone,
                                       int offset_days, Instant t);

}  // namespace pw::schedule
