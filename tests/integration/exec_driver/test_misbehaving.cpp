// Drivers that hang, print garbage, fail, leave children behind, flood stdout or cannot start.
#include "support.hpp"

#include <doctest/doctest.h>

#include <signal.h>

using namespace pw::driver;
using namespace pw::driver::testing;

namespace {

ExecSettings settings_for(const std::vector<std::string>& argv) {
  ExecSettings settings;
  settings.templates["Install"] = argv;
  settings.kill_grace = pw::Seconds{1};
  return settings;
}

Outcome run_one(ExecDriver& driver, pw::Clock& clock, const Call& call) {
  const CallId id = driver.start(call);
  const auto completions = wait_for(driver, clock, 1);
  REQUIRE(completions.size() == 1);
  CHECK(completions[0].id == id);
  CHECK(driver.in_flight() == 0);
  return completions[0].outcome;
}

}  // namespace

TEST_SUITE("driver::ExecDriver with misbehaving drivers") {
  TEST_CASE("a hanging driver is stopped at its timeout with its whole process group") {
    adopt_orphans();
    TempDir polite;
    TempDir stubborn;
    pw::SystemClock clock;
    ExecSettings settings = settings_for({"bash", script("hang.sh"), polite.path().string()});
    settings.templates["Drain"] = {"bash", script("hang.sh"), stubborn.path().string(),
                                   "ignore-term"};
    ExecDriver driver(std::move(settings), clock);
    // Both at once: their timeouts run concurrently.
    Call first = make_call(Operation::Install, "node-01");
    first.timeout = pw::Seconds{1};
    Call second = make_call(Operation::Drain, "node-02");
    second.timeout = pw::Seconds{1};
    const CallId polite_id = driver.start(first);
    driver.start(second);
    const auto completions = wait_for(driver, clock, 2);
    REQUIRE(completions.size() == 2);
    for (const Completion& completion : completions) {
      const bool is_polite = completion.id == polite_id;
      const Outcome& outcome = completion.outcome;
      CHECK(outcome.status == CallStatus::TimedOut);
      CHECK(outcome.message.find("timed out after 1 s; sent SIGTERM to its process group") == 0);
      CHECK((outcome.message.find("then SIGKILL") != std::string::npos) == !is_polite);
      CHECK(outcome.message.find("stderr:\nwaiting forever") != std::string::npos);
      const auto& dir = is_polite ? polite.path() : stubborn.path();
      CHECK(process_ends_within(read_pid(dir / "leader.pid"), 5000));
      CHECK(process_ends_within(read_pid(dir / "child.pid"), 5000));
    }
  }

  TEST_CASE("garbage on stdout is a ProtocolError quoting it") {
    pw::SystemClock clock;
    ExecDriver driver(settings_for({"bash", script("garbage.sh")}), clock);
    const Outcome outcome = run_one(driver, clock, make_call(Operation::Install, "node-01"));
    CHECK(outcome.status == CallStatus::ProtocolError);
    CHECK(outcome.message.find("the driver's stdout is not one JSON document") == 0);
    CHECK(outcome.message.find("it starts with \"Traceback (most recent call last):\\n  File "
                               "\\\"driver.py\\\", line 3\\nKeyError: node\\n\"") !=
          std::string::npos);
  }

  TEST_CASE("a reply of the wrong shape, too deep or out of range is a ProtocolError") {
    pw::SystemClock clock;
    for (const auto& [mode, message] : std::vector<std::pair<std::string, std::string>>{
             {"shape", "reply field 'Updates': expected a list, got string"},
             {"deep", "reply: arrays and objects nest deeper than 64 levels (at byte 64)"},
             {"huge", "reply field 'Updates[0].ResultCode': number overflow parsing '1e400'"}}) {
      CAPTURE(mode);
      ExecDriver driver(settings_for({"bash", script("poison.sh"), mode}), clock);
      const Outcome outcome = run_one(driver, clock, make_call(Operation::Install, "node-01"));
      CHECK(outcome.status == CallStatus::ProtocolError);
      CHECK(outcome.message == message);
      CHECK(std::holds_alternative<std::monostate>(outcome.reply));
    }
  }

  TEST_CASE("stderr is logged up to its caps per call, then counted; the tail is kept") {
    pw::SystemClock clock;
    std::vector<std::string> logged;
    ExecSettings settings = settings_for(
        {"bash", "-c",
         "for i in $(seq 1 5000); do echo \"line $i\" >&2; done; echo '{\"Updates\": []}'"});
    settings.max_logged_stderr_lines = 100;
    settings.log_stderr = [&logged](const StderrLine& line) { logged.push_back(line.text); };
    ExecDriver driver(std::move(settings), clock);
    const Outcome outcome = run_one(driver, clock, make_call(Operation::Install, "node-01"));
    CHECK(outcome.status == CallStatus::Ok);
    REQUIRE(logged.size() == 102);
    CHECK(logged[99] == "line 100");
    CHECK(logged[100] == "(stderr past 100 lines or 65536 bytes is not logged)");
    // Lines 101..5000: "line N\n" is 8 bytes for N < 1000, 10 bytes from 1000 on.
    CHECK(logged[101] ==
          "(" + std::to_string(899 * 9 + 4001 * 10) + " more bytes of stderr were not logged)");

    // The byte cap, on one endless line cut into pieces: ~1 MB in, 64 KiB logged.
    std::size_t bytes = 0;
    logged.clear();
    ExecSettings flood = settings_for(
        {"bash", "-c", "head -c 1000000 /dev/zero | tr '\\0' x >&2; echo '{\"Updates\": []}'"});
    flood.log_stderr = [&](const StderrLine& line) {
      bytes += line.text.size();
      logged.push_back(line.text);
    };
    ExecDriver flooded(std::move(flood), clock);
    CHECK(run_one(flooded, clock, make_call(Operation::Install, "node-01")).status ==
          CallStatus::Ok);
    CHECK(bytes < 64 * 1024 + 200);
    REQUIRE_FALSE(logged.empty());
    CHECK(logged.back().ends_with(" more bytes of stderr were not logged)"));
  }

  TEST_CASE("a non-zero exit is Failed with the exit code and the stderr tail") {
    pw::SystemClock clock;
    std::size_t logged = 0;
    ExecSettings settings = settings_for({"bash", script("fail.sh")});
    settings.log_stderr = [&logged](const StderrLine&) { ++logged; };
    ExecDriver driver(std::move(settings), clock);
    const Outcome outcome = run_one(driver, clock, make_call(Operation::Install, "node-01"));
    CHECK(outcome.status == CallStatus::Failed);
    CHECK(outcome.message.find("exited with code 3; stderr:\nprogress line 12\n") == 0);
    CHECK(outcome.message.find("progress line 11\n") == std::string::npos);
    CHECK(
        outcome.message.ends_with("progress line 30\nE: Could not get lock "
                                  "/var/lib/dpkg/lock-frontend"));
    CHECK(logged == 31);  // the whole of stderr went to the log
  }

  TEST_CASE("a child that outlives the driver neither hangs the call nor survives it") {
    adopt_orphans();
    for (const char* mode : {"keep-stdout", "detach"}) {
      CAPTURE(mode);
      TempDir dir;
      pw::SystemClock clock;
      ExecDriver driver(settings_for({"bash", script("orphan.sh"), dir.path().string(), mode}),
                        clock);
      const CallId id = driver.start(make_call(Operation::Install, "node-01"));
      const auto completions = wait_for(driver, clock, 1, pw::Seconds{20});
      REQUIRE(completions.size() == 1);
      CHECK(completions[0].id == id);
      CHECK(completions[0].outcome.status == CallStatus::Ok);
      CHECK(std::get<InstallReply>(completions[0].outcome.reply).updates.empty());
      CHECK(process_ends_within(read_pid(dir.path() / "child.pid"), 5000));
    }
  }

  TEST_CASE("more stdout than the limit is a ProtocolError, and the driver is not blocked") {
    pw::SystemClock clock;
    ExecSettings settings = settings_for({"bash", script("flood.sh"), "3000000"});
    settings.max_stdout_bytes = 100000;
    ExecDriver driver(std::move(settings), clock);
    const Outcome outcome = run_one(driver, clock, make_call(Operation::Install, "node-01"));
    CHECK(outcome.status == CallStatus::ProtocolError);
    CHECK(outcome.message ==
          "the driver printed more than 100000 bytes on stdout; expected one JSON document");
  }

  TEST_CASE("a driver that never reads its stdin does not break the engine") {
    pw::SystemClock clock;
    ExecDriver driver(settings_for({"bash", "-c", "echo '{\"Updates\": []}'"}), clock);
    Call call = make_call(Operation::Install, "node-01");
    call.updates = {{std::string(4 * 1024 * 1024, 'p')}};  // far beyond a pipe
    const Outcome outcome = run_one(driver, clock, call);
    CHECK(outcome.status == CallStatus::Ok);
    CHECK(std::holds_alternative<InstallReply>(outcome.reply));
  }

  TEST_CASE("a call that cannot start completes at once as Failed, saying why") {
    pw::SystemClock clock;
    ExecSettings settings = settings_for({"patchwarden-no-such-driver", "{node}"});
    settings.templates["Drain"] = {"bash", "-c", "echo {}"};
    settings.templates["Resume"] = {"bash", "-c", "echo {}"};
    settings.working_directory = "/nonexistent-patchwarden-dir";
    ExecDriver driver(std::move(settings), clock);
    CHECK(driver.supports(Operation::Install));
    CHECK_FALSE(driver.supports(Operation::PreCheck));

    const Outcome missing = run_one(driver, clock, make_call(Operation::Install, "node-01"));
    CHECK(missing.status == CallStatus::Failed);
    CHECK(missing.message.find("cannot run 'patchwarden-no-such-driver': ") == 0);

    const Outcome no_template = run_one(driver, clock, make_call(Operation::PreCheck, "node-01"));
    CHECK(no_template.message == "the cluster's Exec section has no template for PreCheck");

    const Outcome bad_node = run_one(driver, clock, make_call(Operation::Resume, "-rf"));
    CHECK(bad_node.status == CallStatus::Failed);
    CHECK(bad_node.message.find("invalid node name '-rf'") == 0);

    const Outcome bad_directory = run_one(driver, clock, make_call(Operation::Drain, "node-01"));
    CHECK(bad_directory.status == CallStatus::Failed);
    CHECK(bad_directory.message.find("(in /nonexistent-patchwarden-dir)") != std::string::npos);
  }
}
