// Which windows of a policy to start, to record as missed, and to sleep until (like systemd's
// Persistent=): a window that began while the daemon was down and is still open starts at once;
// one that has closed — or been overtaken by a later window — is recorded as missed.
//
// Thread-safety: pure functions.
#pragma once

#include "core/time.hpp"
#include "schedule/window.hpp"

#include <optional>
#include <vector>

namespace pw::daemon {

struct WindowPlan {
  std::vector<schedule::Window> missed;       // oldest first
  std::optional<schedule::Window> start_now;  // open now and not handled yet
  std::optional<schedule::Window> next;       // the first window starting after `now`
};

// `last_handled`: the start of the latest window that has a cycle or a missed record. Without
// one (a policy new to this state directory), windows are considered from `first_seen` (when
// the daemon first saw the policy), or from the start of a window still open then (a window
// without an end counts as open then if it began at most an hour before).
// At most `max_missed` (the most recent) missed windows are returned.
WindowPlan plan_windows(const schedule::WindowSpec& spec, std::optional<Instant> last_handled,
                        Instant first_seen, Instant now, std::size_t max_missed = 1000);

// The first window starting strictly after `after`.
std::optional<schedule::Window> window_after(const schedule::WindowSpec& spec, Instant after);

}  // namespace pw::daemon
