// CycleRunner: one policy's cycle on its own thread, from its first window to its end, through
// the rollout Executor, with every transition stored by a StoreJournal before it is acted on.
// A cycle whose window closes with nodes left waits for the policy's next window and goes on
// there (finished nodes are not redone). It runs under the policy it started with: a reload
// does not touch it.
//
// stop() (shutdown): no new node is started; an Exec driver's calls in flight may finish up to
// the operation timeout; the cycle stays open in the store and is restored next time.
//
// wind_down() (pause; the policy removed or disabled): returns at once. The cycle goes on until
// no node is down: a node in the middle of its attempt finishes it and is resumed, nothing new
// starts. Then the runner ends with the cycle Paused (open, restored on resume) or, with
// `close`, Stopped (closed: the policy is gone). resume_winding_down() undoes a pause that has
// not finished yet.
//
// Thread-safety: stop() and finished() may be called from any thread.
#pragma once

#include "daemon/time_base.hpp"
#include "policy/model.hpp"
#include "store/store.hpp"

#include <spdlog/logger.h>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

namespace pw::driver {
class Driver;
}

namespace pw::daemon {

struct CycleStart {
  policy::PatchPolicy policy;
  policy::Cluster cluster;
  store::CycleRecord record;  // as stored (with its id)
  bool restore = false;       // continue from the stored snapshot
};

// Stores the new cycle `record` together with its first snapshot (every node of `cluster` not
// started) in one transaction, so status never shows a started cycle without its nodes.
Result<store::CycleId> begin_new_cycle(store::Store& store, const policy::PatchPolicy& policy,
                                       const policy::Cluster& cluster,
                                       const store::CycleRecord& record);

class CycleRunner {
 public:
  CycleRunner(CycleStart start, store::Store& store, const TimeBase& time,
              std::shared_ptr<spdlog::logger> log, std::function<void()> on_done);
  ~CycleRunner();  // stops and joins
  CycleRunner(const CycleRunner&) = delete;
  CycleRunner& operator=(const CycleRunner&) = delete;

  void stop();
  void wind_down(bool close);
  void resume_winding_down();
  [[nodiscard]] bool finished() const { return m_finished.load(); }
  [[nodiscard]] const std::string& policy() const { return m_start.policy.name; }

 private:
  void run();
  void drain_in_flight(driver::Driver& driver);
  void set_driver(driver::Driver* driver);
  void wake();

  CycleStart m_start;
  store::Store& m_store;
  ClockView m_clock;
  std::shared_ptr<spdlog::logger> m_log;
  std::function<void()> m_on_done;
  std::atomic<bool> m_stop{false};
  std::atomic<bool> m_pause{false};
  std::atomic<bool> m_close{false};
  std::atomic<bool> m_finished{false};
  std::mutex m_driver_mutex;  // stop() may interrupt the driver while run() still owns it
  driver::Driver* m_driver = nullptr;
  std::thread m_thread;
};

}  // namespace pw::daemon
