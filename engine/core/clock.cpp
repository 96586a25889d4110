#include "core/clock.hpp"

#include <cassert>

namespace pw {

Instant SystemClock::now() const {
  return std::chrono::floor<Seconds>(std::chrono::system_clock::now());
}

bool SystemClock::sleep_until(Instant deadline) {
  std::unique_lock lock{m_mutex};
  const bool interrupted = m_wake.wait_until(lock, deadline, [this] { return m_interrupted; });
  m_interrupted = false;
  return !interrupted;
}

void SystemClock::interrupt() {
  {
    std::lock_guard lock{m_mutex};
    m_interrupted = true;
  }
  m_wake.notify_all();
}

ScaledClock::ScaledClock(Instant origin, double scale)
    : m_origin(origin), m_scale(scale), m_real_origin(std::chrono::steady_clock::now()) {}

Instant ScaledClock::now() const {
  const auto real = std::chrono::steady_clock::now() - m_real_origin;
  const auto virtual_elapsed = std::chrono::duration<double>(real) * m_scale;
  return m_origin + std::chrono::floor<Seconds>(virtual_elapsed);
}

bool ScaledClock::sleep_until(Instant deadline) {
  const auto virtual_wait = std::chrono::duration<double>(deadline - m_origin) / m_scale;
  const auto real_deadline =
      m_real_origin + std::chrono::duration_cast<std::chrono::steady_clock::duration>(virtual_wait);
  std::unique_lock lock{m_mutex};
  const bool interrupted = m_wake.wait_until(lock, real_deadline, [this] { return m_interrupted; });
  m_interrupted = false;
  return !interrupted;
}

void ScaledClock::interrupt() {
  {
    std::lock_guard lock{m_mutex};
    m_interrupted = true;
  }
  m_wake.notify_all();
}

bool VirtualClock::sleep_until(Instant deadline) {
  if (m_interrupted) {
    m_interrupted = false;
    return false;
  }
  if (deadline > m_now) m_now = deadline;
  return true;
}

void VirtualClock::advance_to(Instant instant) {
  assert(instant >= m_now);
  m_now = instant;
}

}  // namespace pw
