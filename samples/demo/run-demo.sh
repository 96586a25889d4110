#!/bin/sh
# `make demo`, last step: the scheduler on the simulated demo cluster, with virtual time running
# 3000 times faster than real time from just before the demo policy's Saturday window, for about
# 15 seconds of real time (12.5 virtual hours); then `status` and `results` read what it stored.
# Usage: sh samples/demo/run-demo.sh PATH/TO/patchwarden
set -eu
pw=${1:-build/engine/patchwarden}
here=$(cd "$(dirname "$0")/../.." && pwd)
state=$(mktemp -d "${TMPDIR:-/tmp}/patchwarden-demo.XXXXXX")
trap 'rm -rf "$state"' EXIT

"$pw" run --state "$state" --listen 127.0.0.1:0 --time-scale 3000 \
  --from 2026-12-05T21:55:00Z \
  "$here/policies/clusters/demo.yaml" "$here/policies/patch/demo-weekly.yaml" \
  2>"$state/daemon.err" &
daemon=$!
sleep 15
echo "== patchwarden status (daemon running, over HTTP)"
"$pw" status --state "$state" | head -n 30
kill -TERM "$daemon"
wait "$daemon" || true
echo "== daemon log"
sed 's/^[^ ]* //' "$state/daemon.err" | head -n 20
echo "== patchwarden results --state (daemon stopped, read from the state directory)"
"$pw" results --state "$state" | head -n 20
