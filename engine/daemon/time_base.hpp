// The daemon's time: real UTC, or with --time-scale N virtual time that runs N times faster
// than real time from an origin (Simulated clusters only). Each thread that sleeps (the
// scheduler, every cycle) gets its own ClockView, so interrupting one — a signal, a reload, a
// pause — wakes exactly the sleeper it is meant for, while all views read the same time.
//
// Thread-safety: TimeBase is immutable; each ClockView may be interrupted from any thread.
#pragma once

#include "core/clock.hpp"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>

namespace pw::daemon {

class TimeBase {
 public:
  // scale 1 and no origin: real time. Otherwise virtual time from `origin` (default: now).
  TimeBase(double scale, std::optional<Instant> origin);

  [[nodiscard]] Instant now() const;
  // The real (steady) instant at which this clock shows `deadline`.
  [[nodiscard]] std::chrono::steady_clock::time_point real_deadline(Instant deadline) const;
  [[nodiscard]] double scale() const { return m_scale; }

 private:
  double m_scale;
  Instant m_origin;
  std::chrono::system_clock::time_point m_real_origin_wall;
  std::chrono::steady_clock::time_point m_real_origin;
};

class ClockView final : public Clock {
 public:
  explicit ClockView(const TimeBase& base) : m_base(base) {}
  [[nodiscard]] Instant now() const override { return m_base.now(); }
  bool sleep_until(Instant deadline) override;
  void interrupt() override;

 private:
  const TimeBase& m_base;
  std::mutex m_mutex;
  std::condition_variable m_wake;
  bool m_interrupted = false;
};

}  // namespace pw::daemon
