// Runs every schedule benchmark; exits 1 when a target is missed.
#include "bench.hpp"

#include <cstdio>

int main() {
  bool ok = pw::bench::run_calendar_benchmarks();
  ok = pw::bench::run_policy_year_benchmark() && ok;
  ok = pw::bench::run_process_benchmarks() && ok;
  std::printf("%s\n", ok ? "all targets met" : "SOME TARGETS MISSED");
  return ok ? 0 : 1;
}
