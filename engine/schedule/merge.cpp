#include "schedule/merge.hpp"

#include <algorithm>

namespace pw::schedule {

namespace {

// std::push_heap builds a max-heap: "greater" puts the earliest start on top.
bool later(const SourcedWindow& a, const SourcedWindow& b) {
  if (a.window.start != b.window.start) return a.window.start > b.window.start;
  return a.source > b.source;
}

}  // namespace

WindowMerge::WindowMerge(const std::vector<WindowSpec>& specs, const MergeLimits& limits)
    : m_until(limits.until) {
  m_sources.reserve(specs.size());
  for (const WindowSpec& spec : specs) {
    m_sources.push_back(Source{WindowIterator{spec, limits.from}, limits.count});
  }
  m_heap.reserve(specs.size());
  for (std::size_t source = 0; source < m_sources.size(); ++source) refill(source);
}

void WindowMerge::refill(std::size_t source) {
  Source& from = m_sources[source];
  if (from.remaining <= 0) return;
  const auto window = from.windows.next();
  if (!window || (m_until && window->start >= *m_until)) {
    from.remaining = 0;
    return;
  }
  --from.remaining;
  m_heap.push_back(SourcedWindow{source, *window});
  std::push_heap(m_heap.begin(), m_heap.end(), later);
}

std::optional<SourcedWindow> WindowMerge::next() {
  if (m_heap.empty()) return std::nullopt;
  std::pop_heap(m_heap.begin(), m_heap.end(), later);
  const SourcedWindow top = m_heap.back();
  m_heap.pop_back();
  refill(top.source);
  return top;
}

}  // namespace pw::schedule
