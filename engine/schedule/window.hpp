// Windows: the UTC half-open intervals [start, start + duration) in which a policy may patch
// (DESIGN.md §2.1, §3). WindowSpec holds everything schedule needs from a policy, so this module
// does not depend on policy (policy depends on schedule). Blackouts: no window starts inside
// one (that occurrence is skipped); a window that runs into one ends at its start. A window
// without a duration has no end, unless a later blackout gives it one.
//
// Thread-safety: WindowSpec is a value; a WindowIterator belongs to one thread.
#pragma once

#include "core/result.hpp"
#include "core/time.hpp"
#include "schedule/frequency.hpp"
#include "schedule/zone.hpp"

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace pw::schedule {

// [start, end), end > start.
struct Interval {
  Instant start;
  Instant end;
  friend bool operator==(const Interval&, const Interval&) = default;
};

struct WindowSpec {
  Frequency frequency;
  Zone zone;                        // wall-clock times are read here
  int offset_days = 0;              // -30..30
  Minutes duration{0};              // 0 = no end
  std::vector<Interval> blackouts;  // any order; WindowIterator sorts its copy
};

struct Window {
  Instant start;
  std::optional<Instant> end;  // nullopt: open-ended
  friend bool operator==(const Window&, const Window&) = default;
};

// Yields the windows of a spec that start at or after `from`, lazily and in start order.
class WindowIterator {
 public:
  WindowIterator(const WindowSpec& spec, Instant from);

  // The next window, or nullopt when the frequency has no more occurrences.
  std::optional<Window> next();

 private:
  // Moves m_blackout past blackouts that ended at or before `at`.
  void skip_blackouts_before(Instant at);

  const WindowSpec* m_spec;
  std::vector<Interval> m_blackouts;  // sorted by start, merged
  std::size_t m_blackout = 0;         // first blackout that ends after m_from
  Instant m_from;
  bool m_done = false;
};

// Blackouts sorted by start with overlapping or touching ones merged.
std::vector<Interval> normalize_blackouts(std::vector<Interval> blackouts);

}  // namespace pw::schedule
