// Clock: the only source of "now" in the engine (leveldb's Env, for time). Components take a
// Clock& and never read the wall clock themselves, so tests and `simulate` run on VirtualClock
// and no test sleeps.
//
// Thread-safety: SystemClock is safe to share; VirtualClock is for one thread.
#pragma once

#include "core/time.hpp"

#include <atomic>
#include <condition_variable>
#include <mutex>

namespace pw {

class Clock {
 public:
  virtual ~Clock() = default;
  [[nodiscard]] virtual Instant now() const = 0;

  // Blocks until `deadline` (in this clock's time) or until interrupt() is called, whichever
  // comes first. Returns false when interrupted. VirtualClock jumps straight to the deadline.
  virtual bool sleep_until(Instant deadline) = 0;

  // Wakes every sleep_until in progress (and the next one, once): a signal or reload arrived.
  virtual void interrupt() = 0;
};

// Real UTC time.
class SystemClock : public Clock {
 public:
  [[nodiscard]] Instant now() const override;
  bool sleep_until(Instant deadline) override;
  void interrupt() override;

 private:
  std::mutex m_mutex;
  std::condition_variable m_wake;
  bool m_interrupted = false;
};

// Time that moves only when told to: sleep_until() and advance_to() set it.
class VirtualClock : public Clock {
 public:
  explicit VirtualClock(Instant start) : m_now(start) {}
  [[nodiscard]] Instant now() const override { return m_now; }
  bool sleep_until(Instant deadline) override;
  void interrupt() override { m_interrupted = true; }
  // REQUIRES: instant >= now() (time never goes backwards).
  void advance_to(Instant instant);

 private:
  Instant m_now;
  bool m_interrupted = false;
};

}  // namespace pw
