#include "schedule/checks.hpp"

#include "schedule/occurrence.hpp"

#include <string>

namespace pw::schedule {

namespace {

constexpr auto k_never_fires_horizon = date::years{5};
constexpr auto k_dst_horizon = date::years{1};

std::string local_day(LocalSeconds local) {
  return date::format("%F", local);
}
std::string local_clock(LocalSeconds local) {
  return date::format("%R", local);
}

std::string minutes_text(Seconds seconds) {
  return std::to_string(std::chrono::duration_cast<Minutes>(seconds).count()) + " minutes";
}

// The occurrences whose wall time lies in [from, to): the first and how many.
struct AffectedWindows {
  LocalSeconds first;
  int count = 0;
};

AffectedWindows affected(const WindowSpec& spec, LocalSeconds from, LocalSeconds to) {
  AffectedWindows result;
  auto local = next_local_occurrence(spec.frequency, spec.offset_days, from);
  if (local && *local < to) result.first = *local;
  while (local && *local < to) {
    ++result.count;
    local = next_local_occurrence(spec.frequency, spec.offset_days, *local + Seconds{1});
  }
  return result;
}

std::string gap_message(const WindowSpec& spec, LocalSeconds from, LocalSeconds to,
                        const AffectedWindows& windows) {
  const Seconds gap = to - from;
  std::string text = "on " + local_day(from) + " clocks in " + spec.zone.name() +
                     " spring forward " + minutes_text(gap) + " from " + local_clock(from) +
                     " to " + local_clock(to) + ": ";
  if (windows.count == 1) {
    return text + "the window at " + local_clock(windows.first) +
           " local time does not exist and moves to " + local_clock(windows.first + gap) + " (" +
           format_utc(spec.zone.to_utc(windows.first)) + ")";
  }
  return text + std::to_string(windows.count) + " windows from " + local_clock(windows.first) +
         " local time do not exist; they move forward by " + minutes_text(gap) +
         " and those landing on a later window are skipped";
}

std::string overlap_message(const WindowSpec& spec, LocalSeconds from, LocalSeconds to,
                            const AffectedWindows& windows) {
  std::string text = "on " + local_day(from) + " clocks in " + spec.zone.name() + " fall back " +
                     minutes_text(to - from) + " from " + local_clock(to) + " to " +
                     local_clock(from) + ": ";
  if (windows.count == 1) {
    return text + "the window at " + local_clock(windows.first) +
           " local time occurs twice; it opens at the first (" +
           format_utc(spec.zone.to_utc(windows.first)) + ")";
  }
  return text + std::to_string(windows.count) + " windows from " + local_clock(windows.first) +
         " local time occur twice; each opens at the first, so the repeated time has no windows";
}

}  // namespace

void check_never_fires(const WindowSpec& spec, Instant now, const SourceLocation& at,
                       DiagnosticSink& sink) {
  if (spec.frequency.kind == FrequencyKind::None) return;
  const Instant horizon = now + std::chrono::duration_cast<Seconds>(k_never_fires_horizon);
  WindowIterator windows{spec, now};
  const auto window = windows.next();
  if (window && window->start < horizon) return;
  const auto occurrence = next_occurrence(spec.frequency, spec.zone, spec.offset_days, now);
  if (!occurrence) {
    sink.warning(at, "never-fires",
                 "this policy will never fire: its only occurrence is in the past (before " +
                     format_utc(now) + ")");
  } else if (*occurrence >= horizon) {
    sink.warning(at, "never-fires",
                 "this policy will not fire in the next 5 years: its next occurrence is " +
                     format_utc(*occurrence));
  } else {
    sink.warning(at, "never-fires",
                 "this policy will not fire in the next 5 years: every occurrence from " +
                     format_utc(*occurrence) + " falls inside a blackout");
  }
}

void check_dst_shift(const WindowSpec& spec, Instant now, const SourceLocation& at,
                     DiagnosticSink& sink) {
  const date::time_zone* zone = spec.zone.zone();
  if (zone == nullptr || spec.frequency.kind == FrequencyKind::None) return;
  const Instant horizon = now + std::chrono::duration_cast<Seconds>(k_dst_horizon);
  date::sys_info info = zone->get_info(now);
  while (info.end < horizon) {
    const Instant change = info.end;
    const date::sys_info after = zone->get_info(change);
    const auto before_offset = info.offset;
    info = after;
    if (after.offset == before_offset) continue;
    const bool forward = after.offset > before_offset;
    // Wall times in [from, to) do not exist (forward) or occur twice (back).
    const LocalSeconds from{change.time_since_epoch() + std::min(before_offset, after.offset)};
    const LocalSeconds to{change.time_since_epoch() + std::max(before_offset, after.offset)};
    const AffectedWindows windows = affected(spec, from, to);
    if (windows.count == 0) continue;
    sink.warning(
        at, "dst-shift",
        forward ? gap_message(spec, from, to, windows) : overlap_message(spec, from, to, windows));
  }
}

void check_schedule(const WindowSpec& spec, Instant now, const SourceLocation& at,
                    DiagnosticSink& sink) {
  check_never_fires(spec, now, at, sink);
  check_dst_shift(spec, now, at, sink);
}

}  // namespace pw::schedule
