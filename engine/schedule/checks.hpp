// Schedule checks for lint (DESIGN.md §8, issue 3): warnings about windows that will not
// happen as an operator reading the policy would expect.
//
//   never-fires  the policy has no window in the next 5 years (a Once in the past, or every
//                occurrence inside a blackout). `None` is an explicit "never" and is not flagged.
//   dst-shift    a daylight-saving (or other offset) change of the zone in the next 12 months
//                moves a window (its wall time does not exist) or makes it ambiguous (the
//                wall time occurs twice, the first is used), naming the date.
//
// Thread-safety: pure functions.
#pragma once

#include "core/diagnostic.hpp"
#include "core/time.hpp"
#include "schedule/window.hpp"

namespace pw::schedule {

// Reports warnings at `at` (normally the WUFrequency value) into `sink`.
void check_schedule(const WindowSpec& spec, Instant now, const SourceLocation& at,
                    DiagnosticSink& sink);

void check_never_fires(const WindowSpec& spec, Instant now, const SourceLocation& at,
                       DiagnosticSink& sink);
void check_dst_shift(const WindowSpec& spec, Instant now, const SourceLocation& at,
                     DiagnosticSink& sink);

}  // namespace pw::schedule
