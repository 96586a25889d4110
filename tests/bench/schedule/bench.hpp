// Shared pieces of the schedule benchmarks. Benchmarks measure with steady_clock (they time
// real work); nothing here reads the wall clock for a schedule decision.
#pragma once

#include <chrono>
#include <string>

namespace pw::bench {

inline double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Each returns true when its targets were met.
bool run_calendar_benchmarks();
bool run_policy_year_benchmark();
bool run_process_benchmarks();

}  // namespace pw::bench
