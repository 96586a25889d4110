#include "schedule/overlap.hpp"

#include <algorithm>
#include <map>
#include <optional>

namespace pw::schedule {

namespace {

struct Span {
  Instant start;
  Instant end;
  std::size_t spec;
};

// The windows of `spec` that start in [from, until) as spans; consecutive spans do not overlap.
void add_spans(const WindowSpec& spec, std::size_t index, Instant from, Instant until,
               std::vector<Span>& spans) {
  WindowIterator windows(spec, from);
  std::optional<Window> current = windows.next();
  for (std::size_t count = 0; current && current->start < until && count < k_max_overlap_windows;
       ++count) {
    std::optional<Window> next = windows.next();
    Instant end = current->end.value_or(current->start + k_open_window);
    if (!current->end && next) end = std::min(end, next->start);
    if (end > current->start) spans.push_back({current->start, end, index});
    current = std::move(next);
  }
}

// The latest-ending span seen so far, and the latest-ending one of any other spec.
struct Leaders {
  std::optional<Span> first;
  std::optional<Span> second;  // of a spec other than first's

  void add(const Span& span) {
    if (!first || span.end > first->end) {
      if (first && first->spec != span.spec) second = first;
      first = span;
    } else if (span.spec != first->spec && (!second || span.end > second->end)) {
      second = span;
    }
  }
  // A span of another spec still open at `span.start`, if any.
  [[nodiscard]] std::optional<Span> open_other(const Span& span) const {
    if (first && first->spec != span.spec && first->end > span.start) return first;
    if (second && second->spec != span.spec && second->end > span.start) return second;
    return std::nullopt;
  }
};

}  // namespace

std::vector<Overlap> find_overlaps(const std::vector<const WindowSpec*>& specs, Instant from,
                                   Instant until) {
  std::vector<Span> spans;
  for (std::size_t i = 0; i < specs.size(); ++i) add_spans(*specs[i], i, from, until, spans);
  std::stable_sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) {
    return std::tie(a.start, a.spec) < std::tie(b.start, b.spec);
  });
  // Sweep in start order: a span that starts while another spec's span is open overlaps it from
  // its own start, which is the earliest overlap of that pair found so far.
  std::map<std::pair<std::size_t, std::size_t>, Instant> first_at;
  Leaders leaders;
  for (const Span& span : spans) {
    if (const auto other = leaders.open_other(span)) {
      const auto key = std::minmax(span.spec, other->spec);
      first_at.emplace(std::pair{key.first, key.second}, span.start);
    }
    leaders.add(span);
  }
  std::vector<Overlap> overlaps;
  for (const auto& [pair, at] : first_at) overlaps.push_back({pair.first, pair.second, at});
  return overlaps;
}

}  // namespace pw::schedule
