#include "schedule/window.hpp"

#include "schedule/occurrence.hpp"

#include <algorithm>

namespace pw::schedule {

std::vector<Interval> normalize_blackouts(std::vector<Interval> blackouts) {
  std::sort(blackouts.begin(), blackouts.end(),
            [](const Interval& a, const Interval& b) { return a.start < b.start; });
  std::vector<Interval> merged;
  for (const Interval& blackout : blackouts) {
    if (blackout.end <= blackout.start) continue;
    if (!merged.empty() && blackout.start <= merged.back().end) {
      merged.back().end = std::max(merged.back().end, blackout.end);
    } else {
      merged.push_back(blackout);
    }
  }
  return merged;
}

WindowIterator::WindowIterator(const WindowSpec& spec, Instant from)
    : m_spec(&spec), m_blackouts(normalize_blackouts(spec.blackouts)), m_from(from) {}

void WindowIterator::skip_blackouts_before(Instant at) {
  while (m_blackout < m_blackouts.size() && m_blackouts[m_blackout].end <= at) ++m_blackout;
}

std::optional<Window> WindowIterator::next() {
  while (!m_done) {
    const auto start =
        next_occurrence(m_spec->frequency, m_spec->zone, m_spec->offset_days, m_from);
    // RFC 3339 has four-digit years: nothing after 9999 is a window anyone can be shown.
    if (!start || *start > k_last_instant) break;
    skip_blackouts_before(*start);
    if (m_blackout < m_blackouts.size() && m_blackouts[m_blackout].start <= *start) {
      // Starts inside a blackout: skip every occurrence up to its end.
      m_from = m_blackouts[m_blackout].end;
      continue;
    }
    m_from = *start + Seconds{1};
    Window window{*start, std::nullopt};
    if (m_spec->duration > Minutes{0}) window.end = *start + m_spec->duration;
    if (m_blackout < m_blackouts.size()) {
      const Instant blackout_start = m_blackouts[m_blackout].start;
      if (!window.end || blackout_start < *window.end) window.end = blackout_start;
    }
    return window;
  }
  m_done = true;
  return std::nullopt;
}

}  // namespace pw::schedule
