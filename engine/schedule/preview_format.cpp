#include "schedule/preview_format.hpp"

#include <array>
#include <cstdio>
#include <ostream>

namespace pw::schedule {

namespace {

constexpr std::size_t k_flush_bytes = 1 << 16;
constexpr std::size_t k_ics_line_octets = 75;
constexpr std::string_view k_product = "-//patchwarden//preview 0.1.0//EN";

void flush(std::string& buffer, std::ostream& out) {
  out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
  buffer.clear();
}

void append_utc(std::string& out, Instant instant) {
  std::array<char, 20> text{};
  format_utc_to(instant, text.data());
  out.append(text.data(), text.size());
}

// "20240103T070000Z" (iCalendar's basic format).
void append_ics_time(std::string& out, Instant instant) {
  std::array<char, 20> text{};
  format_utc_to(instant, text.data());
  for (const char c : text) {
    if (c != '-' && c != ':') out.push_back(c);
  }
}

std::size_t write_json(WindowMerge& merge, const std::vector<std::optional<PreviewSource>>& sources,
                       std::ostream& out) {
  // Names are escaped once per source, not once per window.
  std::vector<std::string> names;
  names.reserve(sources.size());
  for (const auto& source : sources) {
    std::string name;
    if (!source) {
      name = "\"policy\":null,\"cluster\":null";
    } else {
      name = "\"policy\":";
      append_json_string(name, source->policy);
      name += ",\"cluster\":";
      append_json_string(name, source->cluster);
    }
    names.push_back(std::move(name));
  }
  std::string buffer = "{\"windows\":[";
  buffer.reserve(k_flush_bytes + 256);
  std::size_t count = 0;
  while (const auto next = merge.next()) {
    if (count++ > 0) buffer += ',';
    buffer += '{';
    buffer += names[next->source];
    buffer += ",\"start\":\"";
    append_utc(buffer, next->window.start);
    if (next->window.end) {
      buffer += "\",\"end\":\"";
      append_utc(buffer, *next->window.end);
      buffer += "\"}";
    } else {
      buffer += "\",\"end\":null}";
    }
    if (buffer.size() >= k_flush_bytes) flush(buffer, out);
  }
  buffer += "]}\n";
  flush(buffer, out);
  return count;
}

void append_event(std::string& buffer, const std::optional<PreviewSource>& source,
                  const Window& window, Instant stamp) {
  const std::string policy = source ? source->policy : std::string("frequency");
  std::string line = "UID:" + policy + "-";
  append_ics_time(line, window.start);
  line += "@patchwarden";
  buffer += "BEGIN:VEVENT\r\n";
  append_ics_line(buffer, line);
  line = "DTSTAMP:";
  append_ics_time(line, stamp);
  append_ics_line(buffer, line);
  line = "DTSTART:";
  append_ics_time(line, window.start);
  append_ics_line(buffer, line);
  if (window.end) {
    line = "DTEND:";
    append_ics_time(line, *window.end);
    append_ics_line(buffer, line);
  }
  line = source ? "SUMMARY:" + ics_escape("Patch window: " + source->policy + " (cluster " +
                                          source->cluster + ")")
                : std::string("SUMMARY:Patch window");
  append_ics_line(buffer, line);
  buffer += "END:VEVENT\r\n";
}

std::size_t write_ics(WindowMerge& merge, const std::vector<std::optional<PreviewSource>>& sources,
                      const PreviewOptions& options, std::ostream& out) {
  std::string buffer;
  buffer += "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n";
  append_ics_line(buffer, "PRODID:" + std::string(k_product));
  buffer += "CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n";
  std::size_t count = 0;
  while (const auto next = merge.next()) {
    append_event(buffer, sources[next->source], next->window, options.from);
    ++count;
    if (buffer.size() >= k_flush_bytes) flush(buffer, out);
  }
  buffer += "END:VCALENDAR\r\n";
  flush(buffer, out);
  return count;
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  out += '"';
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      std::array<char, 8> escaped{};
      std::snprintf(escaped.data(), escaped.size(), "\\u%04x", static_cast<unsigned>(c));
      out += escaped.data();
    } else {
      out += c;
    }
  }
  out += '"';
}

std::string ics_escape(std::string_view text) {
  std::string escaped;
  for (const char c : text) {
    if (c == '\\' || c == ';' || c == ',') {
      escaped += '\\';
      escaped += c;
    } else if (c == '\n') {
      escaped += "\\n";
    } else if (c != '\r') {
      escaped += c;
    }
  }
  return escaped;
}

void append_ics_line(std::string& out, std::string_view line) {
  // Fold after 75 octets (continuation lines start with a blank, which counts), never
  // splitting a UTF-8 sequence.
  std::size_t limit = k_ics_line_octets;
  while (line.size() > limit) {
    std::size_t cut = limit;
    while (cut > 1 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
    out.append(line.substr(0, cut));
    out += "\r\n ";
    line.remove_prefix(cut);
    limit = k_ics_line_octets - 1;
  }
  out.append(line);
  out += "\r\n";
}

std::size_t write_preview(WindowMerge& merge,
                          const std::vector<std::optional<PreviewSource>>& sources,
                          const PreviewOptions& options, std::ostream& out) {
  switch (options.format) {
    case PreviewFormat::Json:
      return write_json(merge, sources, out);
    case PreviewFormat::Ics:
      return write_ics(merge, sources, options, out);
    case PreviewFormat::Table:
      break;
  }
  return write_preview_table(merge, sources, options, out);
}

}  // namespace pw::schedule
