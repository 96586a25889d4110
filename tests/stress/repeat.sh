#!/usr/bin/env bash
# Runs the whole test suite (all but bench and slow) N times in a row and reports how many runs
# failed, which tests failed, and how many processes of this build were left running after
# each run (a daemon a test forgot). Exit 0 only with no failure and no leftover.
#
#   tests/stress/repeat.sh [-n N] [-j JOBS] [BUILD_DIR]      (defaults: 20, 2, build)
set -uo pipefail
runs=20 jobs=2
while getopts "n:j:" option; do
  case $option in
    n) runs=$OPTARG ;;
    j) jobs=$OPTARG ;;
    *) echo "usage: $0 [-n N] [-j JOBS] [BUILD_DIR]" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
build=$(cd "${1:-build}" && pwd) || exit 2
binary="$build/engine/patchwarden"
[ -x "$binary" ] || { echo "$0: no $binary: build first" >&2; exit 2; }

# Processes running this build's binary (other builds on the machine are not ours to count).
leftovers() {
  local count=0 pid
  for pid in $(pgrep -x patchwarden); do
    [ "$(readlink "/proc/$pid/exe" 2>/dev/null)" = "$binary" ] && count=$((count + 1))
  done
  echo "$count"
}

failed_runs=0 leftover_total=0
declare -A failures
log=$(mktemp)
for ((run = 1; run <= runs; run++)); do
  started=$SECONDS
  (cd "$build" && ctest -j "$jobs" -LE 'bench|slow' --output-on-failure) >"$log" 2>&1
  code=$?
  left=$(leftovers)
  leftover_total=$((leftover_total + left))
  if [ "$code" -ne 0 ]; then
    failed_runs=$((failed_runs + 1))
    while read -r name; do failures[$name]=$((${failures[$name]:-0} + 1)); done \
      < <(sed -n 's/^[[:space:]]*[0-9]* - \([^ ]*\) .*(Failed).*/\1/p' "$log")
    cp "$log" "$build/stress-run-$run.log"
  fi
  printf 'run %d/%d: %s, %d leftover process(es), %ds\n' "$run" "$runs" \
    "$([ "$code" -eq 0 ] && echo passed || echo "FAILED (log: $build/stress-run-$run.log)")" \
    "$left" $((SECONDS - started))
done
rm -f "$log"
echo "stress: $runs runs, $failed_runs failed, $leftover_total leftover process(es)"
for name in "${!failures[@]}"; do echo "  $name failed ${failures[$name]} time(s)"; done
[ "$failed_runs" -eq 0 ] && [ "$leftover_total" -eq 0 ]
