#include "daemon/window_plan.hpp"

#include <algorithm>

namespace pw::daemon {

namespace {
constexpr Seconds k_open_window_lookback{60 * 60};

bool is_open(const schedule::Window& window, Instant now) {
  return window.start <= now && (!window.end || now < *window.end);
}
}  // namespace

WindowPlan plan_windows(const schedule::WindowSpec& spec, std::optional<Instant> last_handled,
                        Instant first_seen, Instant now, std::size_t max_missed) {
  Instant from = std::min(first_seen, now);
  if (last_handled) {
    from = *last_handled + Seconds{1};
  } else if (spec.duration.count() > 0) {
    from -= spec.duration - Seconds{1};
  } else {
    // A window without an end stays open: one that began shortly before the policy was first
    // seen (a daemon killed before it stored that instant sees it again minutes later) still
    // starts. Looking back further would start yesterday's window at noon for a policy added
    // at noon, which nobody expects.
    from -= k_open_window_lookback;
  }
  WindowPlan plan;
  schedule::WindowIterator windows(spec, from);
  std::optional<schedule::Window> started;  // the latest window that began at or before now
  while (auto window = windows.next()) {
    if (window->start > now) {
      plan.next = window;
      break;
    }
    if (started) plan.missed.push_back(*started);  // overtaken by a later window
    if (plan.missed.size() > max_missed) plan.missed.erase(plan.missed.begin());
    started = window;
  }
  if (started) {
    if (is_open(*started, now)) {
      plan.start_now = started;
    } else {
      plan.missed.push_back(*started);
      if (plan.missed.size() > max_missed) plan.missed.erase(plan.missed.begin());
    }
  }
  return plan;
}

std::optional<schedule::Window> window_after(const schedule::WindowSpec& spec, Instant after) {
  schedule::WindowIterator windows(spec, after + Seconds{1});
  return windows.next();
}

}  // namespace pw::daemon
