// Many calls at once in one thread; waiting with a deadline; interrupt; shutdown.
#include "support.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <map>

using namespace pw::driver;
using namespace pw::driver::testing;

namespace {

// Every fifth request is larger than a pipe's buffer, so writing stdins must interleave.
std::size_t payload_size(int call) {
  return (call % 5 == 0 ? 200000 : 1000) + static_cast<std::size_t>(call);
}

}  // namespace

TEST_SUITE("driver::ExecDriver concurrency") {
  TEST_CASE("fifty calls run at once; each gets its own full request and its own reply") {
    TempDir dir;
    pw::SystemClock clock;
    ExecSettings settings;
    settings.templates["Health"] = {"bash", script("echo.sh"), dir.path().string()};
    ExecDriver driver(std::move(settings), clock);
    constexpr int k_calls = 50;
    std::map<CallId, std::string> nodes;
    for (int i = 0; i < k_calls; ++i) {
      const std::string node = "node-" + std::to_string(i);
      Call call = make_call(Operation::Health, node);
      call.updates = {{std::string(payload_size(i), 'x')}};
      nodes[driver.start(call)] = node;
    }
    CHECK(driver.in_flight() == k_calls);
    const auto completions = wait_for(driver, clock, k_calls, pw::Seconds{60});
    REQUIRE(completions.size() == k_calls);
    for (const Completion& completion : completions) {
      const Outcome& outcome = completion.outcome;
      REQUIRE_MESSAGE(outcome.status == CallStatus::Ok, outcome.message);
      const std::string& node = nodes.at(completion.id);
      const auto& reply = std::get<HealthReply>(outcome.reply);
      CHECK(reply.healthy);
      CHECK(reply.state == node);
      const auto request = nlohmann::json::parse(read_file(dir.path() / (node + ".json")));
      CHECK(request["Node"] == node);
      const std::size_t index = std::stoul(node.substr(5));
      CHECK(request["Updates"][0].get<std::string>().size() ==
            payload_size(static_cast<int>(index)));
    }
    CHECK(driver.in_flight() == 0);
  }

  TEST_CASE("wait_next returns at its deadline or when interrupted; shutdown kills the rest") {
    adopt_orphans();
    TempDir dir;
    pw::SystemClock clock;
    pid_t leader = -1;
    pid_t child = -1;
    {
      ExecDriver* self = nullptr;
      bool waiting = false;
      ExecSettings settings;
      settings.templates["Reboot"] = {"bash", script("hang.sh"), dir.path().string()};
      // hang.sh says "waiting forever" once its pid files are written.
      settings.log_stderr = [&](const StderrLine& line) {
        waiting = line.text == "waiting forever";
        self->interrupt();
      };
      ExecDriver driver(std::move(settings), clock);
      self = &driver;
      driver.start(make_call(Operation::Reboot, "node-01"));
      CHECK(driver.wait_next(clock.now()).empty());
      CHECK(driver.in_flight() == 1);
      const pw::Instant give_up = clock.now() + pw::Seconds{30};
      while (!waiting && clock.now() < give_up) CHECK(driver.wait_next(give_up).empty());
      REQUIRE(waiting);
      CHECK(driver.in_flight() == 1);
      leader = read_pid(dir.path() / "leader.pid");
      child = read_pid(dir.path() / "child.pid");
      REQUIRE(leader > 0);
      REQUIRE(child > 0);
      CHECK_FALSE(process_ends_within(child, 0));
    }
    // The driver is gone: its running call was killed with its process group.
    CHECK(process_ends_within(leader, 5000));
    CHECK(process_ends_within(child, 5000));
  }

  TEST_CASE("without calls, wait_next returns at its deadline") {
    pw::SystemClock clock;
    ExecDriver driver(ExecSettings{}, clock);
    CHECK(driver.wait_next(clock.now()).empty());
    CHECK(driver.in_flight() == 0);
  }
}
