// WindowMerge: the windows of many specs in one start-ordered stream (a k-way merge of lazy
// WindowIterators on a min-heap), as `preview` lists them. Each source yields at most
// `count` windows and only windows starting before `until`. Ties in start keep source order.
//
// Thread-safety: one thread.
#pragma once

#include "core/time.hpp"
#include "schedule/window.hpp"

#include <cstddef>
#include <optional>
#include <vector>

namespace pw::schedule {

struct MergeLimits {
  Instant from;                  // windows start at or after this
  std::optional<Instant> until;  // and before this, when set
  int count = 10;                // per source
};

struct SourcedWindow {
  std::size_t source = 0;  // index of the spec in the order given
  Window window;
};

class WindowMerge {
 public:
  // REQUIRES: `specs` outlives the merge.
  WindowMerge(const std::vector<WindowSpec>& specs, const MergeLimits& limits);

  std::optional<SourcedWindow> next();

 private:
  struct Source {
    WindowIterator windows;
    int remaining;
  };
  // Pulls the next window of `source` onto the heap, if it has one within the limits.
  void refill(std::size_t source);

  std::vector<Source> m_sources;
  std::vector<SourcedWindow> m_heap;
  std::optional<Instant> m_until;
};

}  // namespace pw::schedule
