// Overlapping windows (issue 8): which of several window specs have windows that overlap in a
// span of time, and from when. Used by lint's overlapping-windows check for the policies of one
// cluster: only one cycle holds a cluster at a time, so of two overlapping windows one waits.
//
// A window without an end (WindowDurationInMinutes 0) counts as open for k_open_window or until
// its spec's next window starts, whichever is first: a cycle without an end runs for hours, and
// a window that opens in that time finds it still running.
//
// Thread-safety: pure functions.
#pragma once

#include "core/time.hpp"
#include "schedule/window.hpp"

#include <cstddef>
#include <vector>

namespace pw::schedule {

inline constexpr Seconds k_open_window{std::chrono::hours{24}};
// At most this many windows of one spec are looked at (Hourly,1 has 525,600 a year).
inline constexpr std::size_t k_max_overlap_windows = 20000;

struct Overlap {
  std::size_t first;  // index into the specs, first < second
  std::size_t second;
  Instant at;  // the earliest instant both have a window open
  friend bool operator==(const Overlap&, const Overlap&) = default;
};

// Pairs of `specs` whose windows, starting in [from, until), overlap: each pair at most once,
// with the instant it was first seen to overlap, ordered by (first, second). A window that opens
// while several others are open is paired with the one open longest, so every spec with an
// overlap is named in some pair (not every pair of three specs open at once is). O(W log W)
// for W windows in all, whatever the number of specs.
[[nodiscard]] std::vector<Overlap> find_overlaps(const std::vector<const WindowSpec*>& specs,
                                                 Instant from, Instant until);

}  // namespace pw::schedule
