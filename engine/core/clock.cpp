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
