#include "driver/exec_outcome.hpp"

#include <doctest/doctest.h>

#include <signal.h>

using pw::driver::CallStatus;
using pw::driver::ExitStatus;
using pw::driver::make_outcome;
using pw::driver::Operation;
using pw::driver::ProcessReport;

namespace {

const pw::Instant k_when{std::chrono::seconds{1'700'000'000}};

ProcessReport exited(int code, std::string out, std::string err = "",
                     Operation operation = Operation::Health) {
  ProcessReport report;
  report.operation = operation;
  report.exit = {ExitStatus::Kind::Exited, code};
  report.stdout_text = std::move(out);
  report.stderr_text = std::move(err);
  report.stdout_limit = 1024;
  return report;
}

}  // namespace

TEST_SUITE("driver::make_outcome") {
  TEST_CASE("exit 0 with one JSON document is Ok with the typed reply") {
    const auto outcome = make_outcome(exited(0, " {\"Healthy\": true}\n", "progress\n"), k_when);
    CHECK(outcome.status == CallStatus::Ok);
    const auto* health = std::get_if<pw::driver::HealthReply>(&outcome.reply);
    REQUIRE(health != nullptr);
    CHECK(health->healthy);
    CHECK(outcome.message.empty());
    CHECK(outcome.finished_at == k_when);
  }

  TEST_CASE("exit 0 with a reply of the wrong shape is a ProtocolError naming the field") {
    const auto outcome =
        make_outcome(exited(0, R"({"Updates": "all"})", "", Operation::Install), k_when);
    CHECK(outcome.status == CallStatus::ProtocolError);
    CHECK(outcome.message == "reply field 'Updates': expected a list, got string");
    CHECK(std::holds_alternative<std::monostate>(outcome.reply));
  }

  TEST_CASE("exit 0 with garbage is a ProtocolError quoting its start") {
    const auto outcome =
        make_outcome(exited(0, "Traceback (most recent call last):\n  File \"x\"", ""), k_when);
    CHECK(outcome.status == CallStatus::ProtocolError);
    CHECK(outcome.message.find("the driver's stdout is not one JSON document (") == 0);
    CHECK(outcome.message.find(
              "it starts with \"Traceback (most recent call last):\\n  File \\\"x\\\"\"") !=
          std::string::npos);
  }

  TEST_CASE("two documents or trailing text are not one document") {
    CHECK(make_outcome(exited(0, "{} {}"), k_when).status == CallStatus::ProtocolError);
    CHECK(make_outcome(exited(0, "{\"a\":1}\ndone"), k_when).status == CallStatus::ProtocolError);
  }

  TEST_CASE("exit 0 with nothing on stdout is a ProtocolError that says so") {
    const auto outcome = make_outcome(exited(0, " \n"), k_when);
    CHECK(outcome.status == CallStatus::ProtocolError);
    CHECK(outcome.message == "the driver printed nothing on stdout; expected one JSON document");
  }

  TEST_CASE("too much stdout is a ProtocolError naming the limit") {
    ProcessReport report = exited(0, "");
    report.stdout_overflow = true;
    const auto outcome = make_outcome(report, k_when);
    CHECK(outcome.status == CallStatus::ProtocolError);
    CHECK(outcome.message ==
          "the driver printed more than 1024 bytes on stdout; expected one JSON document");
  }

  TEST_CASE("a non-zero exit is Failed with the code and the stderr tail, and keeps a reply") {
    const auto outcome = make_outcome(
        exited(3, R"({"Updates": [{"UpdateId": "A-1", "ResultCode": 2, "HResult": -2145124318}]})",
               "starting\nE: disk full\n\n", Operation::Install),
        k_when);
    CHECK(outcome.status == CallStatus::Failed);
    CHECK(outcome.message == "exited with code 3; stderr:\nstarting\nE: disk full");
    const auto* install = std::get_if<pw::driver::InstallReply>(&outcome.reply);
    REQUIRE(install != nullptr);
    REQUIRE(install->updates.size() == 1);
    CHECK(install->updates[0].update_id == "a-1");
    CHECK(install->updates[0].result_code == 2);
    CHECK(install->updates[0].hresult == -2145124318);
  }

  TEST_CASE("a non-zero exit with garbage or a bad reply is still Failed, without a reply") {
    for (const char* out : {"oops", R"({"Updates": "all"})"}) {
      const auto outcome = make_outcome(exited(1, out, "", Operation::Install), k_when);
      CHECK(outcome.status == CallStatus::Failed);
      CHECK(outcome.message == "exited with code 1");
      CHECK(std::holds_alternative<std::monostate>(outcome.reply));
    }
  }

  TEST_CASE("death by a signal is Failed naming the signal") {
    ProcessReport report;
    report.exit = {ExitStatus::Kind::Signaled, SIGSEGV};
    const auto outcome = make_outcome(report, k_when);
    CHECK(outcome.status == CallStatus::Failed);
    CHECK(outcome.message.find("killed by signal 11 (") == 0);
  }

  TEST_CASE("a timeout is TimedOut whatever the exit, and says how it was stopped") {
    ProcessReport report = exited(0, "{}", "waiting for node\n");
    report.exit = {ExitStatus::Kind::Signaled, SIGKILL};
    report.timed_out = true;
    report.timeout = pw::Seconds{30};
    report.killed_after_grace = true;
    const auto outcome = make_outcome(report, k_when);
    CHECK(outcome.status == CallStatus::TimedOut);
    CHECK(outcome.message ==
          "timed out after 30 s; sent SIGTERM to its process group, then SIGKILL; stderr:\n"
          "waiting for node");
  }
}

TEST_SUITE("driver::tail_lines") {
  TEST_CASE("keeps the last lines and drops trailing blanks") {
    CHECK(pw::driver::tail_lines("a\nb\nc\n", 2, 100) == "b\nc");
    CHECK(pw::driver::tail_lines("a\nb\nc", 1, 100) == "c");
    CHECK(pw::driver::tail_lines("a\nb", 5, 100) == "a\nb");
    CHECK(pw::driver::tail_lines("\n\n", 5, 100).empty());
    CHECK(pw::driver::tail_lines("abc", 0, 100).empty());
  }

  TEST_CASE("caps the length, keeping the end") {
    CHECK(pw::driver::tail_lines("0123456789", 3, 4) == "6789");
  }
}

TEST_SUITE("driver::quote_start") {
  TEST_CASE("escapes control characters and marks a cut") {
    CHECK(pw::driver::quote_start("a\tb\"c", 10) == "\"a\\x09b\\\"c\"");
    CHECK(pw::driver::quote_start("abcdef", 3) == "\"abc\"...");
  }
}
