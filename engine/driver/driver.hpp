// Driver: the only thing that touches a node (DESIGN.md §7). Calls are asynchronous: start()
// returns at once, and wait_next() delivers completions as events, so the executor is
// event-driven and many nodes run at once without a thread per call.
//
// Implementations: ExecDriver (processes, JSON on stdin/stdout, process-group timeouts) and
// SimulatedDriver (the built-in cluster of DESIGN.md §2.2, deterministic for a seed). Calls and
// replies are typed (reply.hpp); only the Exec driver knows their JSON.
// Thread-safety: a Driver is used from one thread (the executor's).
#pragma once

#include "core/clock.hpp"
#include "core/time.hpp"
#include "driver/reply.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pw::driver {

enum class Operation {
  Inventory,
  Health,
  Search,
  Download,
  Drain,
  Install,
  Reboot,
  Resume,
  PreCheck,
  PostCheck
};

const char* to_string(Operation operation);
std::optional<Operation> operation_from_string(std::string_view name);

struct Call {
  Operation operation = Operation::Health;
  std::string node;  // validated node name; empty for cluster-wide Inventory
  std::string fqdn;
  std::string cluster;
  std::string policy;
  // What the operation works on (the Exec driver's request: "WUQuery", "Updates",
  // "RebootPolicy"); each is left out when empty or unset.
  std::string query;                                // Search: the policy's WUQuery
  std::optional<std::vector<std::string>> updates;  // Download, Install: update ids
  std::string reboot_policy;                        // Reboot: Always, Never or IfRequired
  Seconds timeout{90 * 60};
};

enum class CallStatus { Ok, Failed, TimedOut, ProtocolError };
const char* to_string(CallStatus status);

struct Outcome {
  CallStatus status = CallStatus::Ok;
  Reply reply;          // the operation's reply (Ok, and Failed when it printed a valid one)
  std::string message;  // why it failed: exit status, stderr tail, protocol error, timeout
  Instant finished_at{};
};

using CallId = std::uint64_t;

struct Completion {
  CallId id = 0;
  Outcome outcome;
};

class Driver {
 public:
  virtual ~Driver() = default;

  // Starts a call; never waits for it.
  virtual CallId start(const Call& call) = 0;

  // Waits until at least one started call completes or the clock reaches `deadline`, whichever
  // is first, and returns the completions (empty at the deadline or when interrupted). The
  // driver moves time through the Clock it was given (VirtualClock: it jumps).
  virtual std::vector<Completion> wait_next(Instant deadline) = 0;

  // Whether the driver can run `operation`. PreCheck and PostCheck are optional steps: the
  // executor skips them for a driver without them (by default, none has them).
  [[nodiscard]] virtual bool supports(Operation operation) const {
    return operation != Operation::PreCheck && operation != Operation::PostCheck;
  }

  // Number of calls started and not yet delivered.
  [[nodiscard]] virtual std::size_t in_flight() const = 0;

  // Makes a wait_next in progress (or the next one) return early. Any thread may call it, and a
  // signal handler too (async-signal-safe). Drivers that wait only through their Clock need
  // nothing more than the Clock's own interrupt.
  virtual void interrupt() {}

  // True when calls act on real nodes, so that a cycle being stopped lets the calls in flight
  // finish rather than cut a node off mid-operation. Simulated calls can simply be dropped.
  [[nodiscard]] virtual bool acts_on_real_nodes() const { return true; }
};

}  // namespace pw::driver
