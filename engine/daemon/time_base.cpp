#include "daemon/time_base.hpp"

#include <algorithm>
#include <optional>

namespace pw::daemon {

using std::chrono::duration;
using std::chrono::steady_clock;
using std::chrono::system_clock;

TimeBase::TimeBase(double scale, std::optional<Instant> origin)
    : m_scale(scale > 0 ? scale : 1.0),
      m_real_origin_wall(system_clock::now()),
      m_real_origin(steady_clock::now()) {
  m_origin = origin.value_or(std::chrono::floor<Seconds>(m_real_origin_wall));
}

Instant TimeBase::now() const {
  const duration<double> real = steady_clock::now() - m_real_origin;
  return m_origin + std::chrono::floor<Seconds>(real * m_scale);
}

steady_clock::time_point TimeBase::real_deadline(Instant deadline) const {
  const duration<double> virtual_offset = deadline - m_origin;
  // Far deadlines (a window months away) are capped so the arithmetic cannot overflow.
  const duration<double> real = std::min(virtual_offset / m_scale, duration<double>(3.15e8));
  return m_real_origin + std::chrono::duration_cast<steady_clock::duration>(real);
}

bool ClockView::sleep_until(Instant deadline) {
  std::unique_lock lock{m_mutex};
  const auto real = m_base.real_deadline(deadline);
  const bool interrupted = m_wake.wait_until(lock, real, [this] { return m_interrupted; });
  m_interrupted = false;
  // The steady deadline can come a hair before the virtual second turns: wait that out.
  if (!interrupted) {
    while (m_base.now() < deadline) {
      if (m_wake.wait_for(lock, std::chrono::milliseconds(1), [this] { return m_interrupted; })) {
        m_interrupted = false;
        return false;
      }
    }
  }
  return !interrupted;
}

void ClockView::interrupt() {
  {
    std::lock_guard lock{m_mutex};
    m_interrupted = true;
  }
  m_wake.notify_all();
}

}  // namespace pw::daemon
