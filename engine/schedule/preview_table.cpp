// The `preview` table: one aligned row per window for people.
#include "schedule/preview_format.hpp"

#include <algorithm>
#include <ostream>

namespace pw::schedule {

namespace {

using Row = std::vector<std::string>;

std::string local_text(const Zone& zone, Instant instant) {
  if (zone.is_utc()) return date::format("%F %T UTC", instant);
  return date::format("%F %T %Z", date::make_zoned(zone.zone(), instant));
}

Row header(const PreviewOptions& options, bool named) {
  Row row{"START (UTC)", "END (UTC)"};
  if (options.local_zone) row.push_back("START (" + options.local_zone->name() + ")");
  row.push_back("IN");
  if (named) {
    row.push_back("POLICY");
    row.push_back("CLUSTER");
  }
  return row;
}

Row row_of(const SourcedWindow& next, const std::optional<PreviewSource>& source,
           const PreviewOptions& options, bool named) {
  const Window& window = next.window;
  Row row{format_utc(window.start), window.end ? format_utc(*window.end) : std::string("-")};
  if (options.local_zone) row.push_back(local_text(*options.local_zone, window.start));
  row.push_back(format_duration(window.start - options.from));
  if (named) {
    row.push_back(source ? source->policy : std::string("-"));
    row.push_back(source ? source->cluster : std::string("-"));
  }
  return row;
}

void print_rows(const std::vector<Row>& rows, std::ostream& out) {
  std::vector<std::size_t> widths(rows.front().size(), 0);
  for (const Row& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
  }
  for (const Row& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line.append(widths[i] - row[i].size() + 2, ' ');
    }
    out << line << '\n';
  }
}

}  // namespace

std::string format_duration(Seconds duration) {
  if (duration <= Seconds{0}) return "now";
  const auto days = std::chrono::duration_cast<date::days>(duration);
  const auto hours = std::chrono::duration_cast<std::chrono::hours>(duration - days);
  const auto minutes = std::chrono::duration_cast<Minutes>(duration - days - hours);
  const auto seconds = duration - days - hours - minutes;
  std::string text;
  const auto add = [&text](long long value, const char* unit) {
    if (!text.empty()) text += ' ';
    text += std::to_string(value) + unit;
  };
  if (days.count() > 0) add(days.count(), "d");
  if (days.count() > 0 || hours.count() > 0) add(hours.count(), "h");
  if (duration >= Minutes{1}) add(minutes.count(), "m");
  if (seconds.count() > 0) add(seconds.count(), "s");
  return text;
}

std::size_t write_preview_table(WindowMerge& merge,
                                const std::vector<std::optional<PreviewSource>>& sources,
                                const PreviewOptions& options, std::ostream& out) {
  const bool named = std::any_of(sources.begin(), sources.end(),
                                 [](const auto& source) { return source.has_value(); });
  std::vector<Row> rows{header(options, named)};
  while (const auto next = merge.next()) {
    rows.push_back(row_of(*next, sources[next->source], options, named));
  }
  if (rows.size() == 1) {
    out << "no windows from " << format_utc(options.from) << '\n';
    return 0;
  }
  print_rows(rows, out);
  return rows.size() - 1;
}

}  // namespace pw::schedule
