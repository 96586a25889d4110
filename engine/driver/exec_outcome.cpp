#include "driver/exec_outcome.hpp"

#include <cctype>
#include <cstring>

namespace pw::driver {

namespace {

constexpr std::size_t k_tail_lines = 20;
constexpr std::size_t k_tail_chars = 2000;

bool is_blank(char c) {
  return std::isspace(static_cast<unsigned char>(c)) != 0;
}

std::string with_stderr(std::string message, const ProcessReport& report) {
  const std::string tail = tail_lines(report.stderr_text, k_tail_lines, k_tail_chars);
  if (!tail.empty()) message += "; stderr:\n" + tail;
  return message;
}

std::string describe_exit(const ExitStatus& exit) {
  switch (exit.kind) {
    case ExitStatus::Kind::Exited:
      return "exited with code " + std::to_string(exit.value);
    case ExitStatus::Kind::Signaled:
      return "killed by signal " + std::to_string(exit.value) + " (" + strsignal(exit.value) + ")";
    case ExitStatus::Kind::Unknown:
      break;
  }
  return "ended with an unknown exit status (reaped elsewhere)";
}

std::string describe_timeout(const ProcessReport& report) {
  std::string message = "timed out after " + std::to_string(report.timeout.count()) +
                        " s; sent SIGTERM to its process group";
  if (report.killed_after_grace) message += ", then SIGKILL";
  return message;
}

}  // namespace

Outcome make_outcome(const ProcessReport& report, Instant finished_at) {
  Outcome outcome;
  outcome.finished_at = finished_at;
  const bool exited_zero = report.exit.kind == ExitStatus::Kind::Exited && report.exit.value == 0;
  Result<Reply> reply = report.stdout_overflow
                            ? Result<Reply>(Error{"stdout too long"})
                            : decode_reply(report.operation, report.scope, report.stdout_text);
  if (reply) outcome.reply = std::move(reply).value();
  if (report.timed_out) {
    outcome.status = CallStatus::TimedOut;
    outcome.message = with_stderr(describe_timeout(report), report);
  } else if (!exited_zero) {
    outcome.status = CallStatus::Failed;
    outcome.message = with_stderr(describe_exit(report.exit), report);
  } else if (report.stdout_overflow) {
    outcome.status = CallStatus::ProtocolError;
    outcome.message = "the driver printed more than " + std::to_string(report.stdout_limit) +
                      " bytes on stdout; expected one JSON document";
  } else if (!reply) {
    outcome.status = CallStatus::ProtocolError;
    outcome.message = with_stderr(reply.error(), report);
  }
  return outcome;
}

std::string quote_start(std::string_view text, std::size_t max_chars) {
  static constexpr std::string_view k_hex = "0123456789abcdef";
  std::string out = "\"";
  for (char c : text.substr(0, max_chars)) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (byte < 0x20 || byte == 0x7f) {
      out += "\\x";
      out += k_hex[byte >> 4];
      out += k_hex[byte & 0xf];
    } else {
      out += c;
    }
  }
  out += '"';
  if (text.size() > max_chars) out += "...";
  return out;
}

std::string tail_lines(std::string_view text, std::size_t max_lines, std::size_t max_chars) {
  while (!text.empty() && is_blank(text.back())) text.remove_suffix(1);
  if (max_lines == 0) return {};
  std::size_t start = text.size();
  for (std::size_t lines = 0; start > 0;) {
    const std::size_t newline = text.rfind('\n', start - 1);
    if (newline == std::string_view::npos) {
      start = 0;
    } else if (++lines == max_lines) {
      start = newline + 1;
    } else {
      start = newline;
      continue;
    }
    break;
  }
  std::string_view tail = text.substr(start);
  if (tail.size() > max_chars) tail = tail.substr(tail.size() - max_chars);
  return std::string(tail);
}

}  // namespace pw::driver
