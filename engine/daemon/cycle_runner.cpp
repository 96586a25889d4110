#include "daemon/cycle_runner.hpp"

#include "daemon/driver_factory.hpp"
#include "daemon/store_journal.hpp"
#include "daemon/window_plan.hpp"
#include "rollout/executor.hpp"

namespace pw::daemon {

namespace {

constexpr auto k_far = std::chrono::days{365};

rollout::QuarantineLedger load_quarantine(store::Store& store, const std::string& policy) {
  rollout::QuarantineLedger ledger;
  auto counts = store.failure_counts(policy);
  if (counts) {
    for (const auto& [key, count] : *counts) ledger[key.first][key.second] = count;
  }
  return ledger;
}

rollout::CycleSetup setup_of(const policy::PatchPolicy& policy, const policy::Cluster& cluster,
                             const store::CycleRecord& record, store::Store& store) {
  return rollout::CycleSetup{policy,
                             cluster,
                             rollout::Window{record.window_start, record.window_end},
                             policy.name + "@" + format_utc(record.window_start),
                             {},
                             load_quarantine(store, policy.name)};
}

}  // namespace

Result<store::CycleId> begin_new_cycle(store::Store& store, const policy::PatchPolicy& policy,
                                       const policy::Cluster& cluster,
                                       const store::CycleRecord& record) {
  return begin_cycle(store, record,
                     rollout::fresh_cycle_state(setup_of(policy, cluster, record, store)));
}

CycleRunner::CycleRunner(CycleStart start, store::Store& store, const TimeBase& time,
                         std::shared_ptr<spdlog::logger> log, std::function<void()> on_done)
    : m_start(std::move(start)),
      m_store(store),
      m_clock(time),
      m_log(std::move(log)),
      m_on_done(std::move(on_done)) {
  m_thread = std::thread([this] { run(); });
}

CycleRunner::~CycleRunner() {
  stop();
  if (m_thread.joinable()) m_thread.join();
}

void CycleRunner::stop() {
  m_stop = true;
  wake();
}

void CycleRunner::wind_down(bool close) {
  if (close) m_close = true;
  m_pause = true;
  wake();
}

void CycleRunner::resume_winding_down() {
  if (m_close) return;  // the policy is gone: nothing to resume
  m_pause = false;
  wake();
}

void CycleRunner::wake() {
  m_clock.interrupt();
  const std::lock_guard lock(m_driver_mutex);
  if (m_driver != nullptr) m_driver->interrupt();
}

// The steps of one cycle, in order: driver, journal, executor (fresh or restored), then run
// window after window until it ends or is stopped.
void CycleRunner::run() {
  const policy::PatchPolicy& policy = m_start.policy;
  store::CycleRecord record = m_start.record;
  auto driver = make_driver(policy, m_start.cluster, m_clock,
                            [this](const std::string& line) { m_log->info("driver: {}", line); });
  set_driver(driver.get());
  StoreJournal journal(m_store, record.id, policy.content_hash, policy.max_results_to_cache,
                       m_clock);
  rollout::CycleSetup setup = setup_of(policy, m_start.cluster, record, m_store);
  std::unique_ptr<rollout::Executor> executor;
  if (m_start.restore) {
    auto state = load_cycle_state(m_store, record);
    if (state) {
      m_log->info("{}: resuming cycle {} of window {}", policy.name, record.id,
                  format_utc(record.window_start));
      executor = rollout::Executor::restore(std::move(setup), std::move(state).value(), *driver,
                                            m_clock, journal);
    } else {
      // Crashed before the first snapshot: nothing was done yet, so start afresh.
      m_log->warn("{}: cycle {}: {}; starting it afresh", policy.name, record.id, state.error());
    }
  }
  if (!executor) {
    m_log->info("{}: cycle {} starts in window {}", policy.name, record.id,
                format_utc(record.window_start));
    executor = std::make_unique<rollout::Executor>(std::move(setup), *driver, m_clock, journal);
  }

  const auto end_paused = [&] {
    const Instant now = m_clock.now();
    if (m_close) {
      (void)m_store.set_cycle_state(record.id, "Stopped", now, now);
      m_log->info(
          "{}: cycle {} stopped: the policy was removed or disabled; no node is left "
          "drained",
          policy.name, record.id);
    } else {
      (void)m_store.set_cycle_state(record.id, "Paused", now, std::nullopt);
      m_log->info("{}: cycle {} paused; no node is left drained", policy.name, record.id);
    }
  };
  bool paused = false;
  while (!m_stop) {
    executor->set_pausing(m_pause);
    const Instant until = record.window_end.value_or(m_clock.now() + k_far);
    const rollout::RunStatus status = executor->run_until(std::max(until, m_clock.now()));
    if (status == rollout::RunStatus::Paused) {
      end_paused();
      paused = true;
      break;
    }
    if (status == rollout::RunStatus::Completed || status == rollout::RunStatus::Halted ||
        status == rollout::RunStatus::Failed) {
      const Instant now = m_clock.now();
      (void)m_store.set_cycle_state(record.id, rollout::to_string(status), now, now);
      const std::string& reason = executor->state().halt_reason;
      if (status == rollout::RunStatus::Completed || reason.empty()) {
        m_log->info("{}: cycle {} {}", policy.name, record.id, rollout::to_string(status));
      } else {
        m_log->warn("{}: cycle {} {}: {}", policy.name, record.id, rollout::to_string(status),
                    reason);
      }
      break;
    }
    if (status != rollout::RunStatus::WindowClosed) continue;  // interrupted or `until` reached
    const auto next = window_after(policy.schedule, record.window_start);
    if (!next) {
      const Instant now = m_clock.now();
      (void)m_store.set_cycle_state(record.id, "NoMoreWindows", now, now);
      break;
    }
    (void)m_store.set_cycle_state(record.id, "WaitingForNextWindow", m_clock.now(), std::nullopt);
    m_log->info("{}: window closed with nodes left; they wait for {}", policy.name,
                format_utc(next->start));
    while (!m_stop && !m_pause && m_clock.now() < next->start) m_clock.sleep_until(next->start);
    if (m_stop) break;
    if (m_pause) {  // no node is down between windows
      end_paused();
      paused = true;
      break;
    }
    record.window_start = next->start;
    record.window_end = next->end;
    (void)m_store.move_cycle_window(record.id, next->start, next->end);
    (void)m_store.set_cycle_state(record.id, "Running", m_clock.now(), std::nullopt);
    executor->open_window(rollout::Window{next->start, next->end});
  }
  if (m_stop || paused) drain_in_flight(*driver);
  set_driver(nullptr);
  executor.reset();
  m_finished = true;
  if (m_on_done) m_on_done();
}

void CycleRunner::set_driver(driver::Driver* driver) {
  const std::lock_guard lock(m_driver_mutex);
  m_driver = driver;
}

// Calls on real nodes (Exec processes) may finish, up to the operation timeout, so no node is
// cut off mid-operation. Their results are not needed: a restored cycle issues them again
// (operations are idempotent). Simulated calls have nothing real to wait for.
void CycleRunner::drain_in_flight(driver::Driver& driver) {
  if (!driver.acts_on_real_nodes()) return;
  const Instant deadline = m_clock.now() + m_start.policy.operation_timeout + Seconds{10};
  if (driver.in_flight() > 0) {
    m_log->info("{}: waiting for {} driver call(s) to finish", policy(), driver.in_flight());
  }
  while (driver.in_flight() > 0 && m_clock.now() < deadline) (void)driver.wait_next(deadline);
}

}  // namespace pw::daemon
