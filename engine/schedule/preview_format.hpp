// Output of `patchwarden preview` (DESIGN.md §8): the merged windows as a table for people,
// JSON for programs ({"windows":[{"policy","cluster","start","end"}]}, end null when open,
// policy and cluster null for a bare --frequency), or RFC 5545 iCalendar so teams can
// subscribe. JSON and iCalendar are formatted into one reused buffer (no allocation per
// window): formatting, not arithmetic, dominates preview's time.
//
// Thread-safety: pure functions over their arguments.
#pragma once

#include "core/time.hpp"
#include "schedule/merge.hpp"
#include "schedule/zone.hpp"

#include <cstddef>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pw::schedule {

enum class PreviewFormat { Table, Json, Ics };

// Who a source's windows belong to; nullopt for a bare --frequency.
struct PreviewSource {
  std::string policy;
  std::string cluster;
};

struct PreviewOptions {
  PreviewFormat format = PreviewFormat::Table;
  Instant from;                    // "time until" is relative to it; DTSTAMP of iCalendar
  std::optional<Zone> local_zone;  // table: also show local time in this zone
};

// Drains `merge` into `out`; `sources[i]` names source i (nullopt: unnamed). Returns the
// number of windows written.
std::size_t write_preview(WindowMerge& merge,
                          const std::vector<std::optional<PreviewSource>>& sources,
                          const PreviewOptions& options, std::ostream& out);

// Pieces, exposed for tests.
std::size_t write_preview_table(WindowMerge& merge,
                                const std::vector<std::optional<PreviewSource>>& sources,
                                const PreviewOptions& options, std::ostream& out);
std::string format_duration(Seconds duration);  // "2d 7h 0m", "45m 30s", "now"
void append_json_string(std::string& out, std::string_view text);
std::string ics_escape(std::string_view text);  // TEXT value escaping (RFC 5545 §3.3.11)
void append_ics_line(std::string& out, std::string_view line);  // folded at 75 octets, CRLF

}  // namespace pw::schedule
