#!/usr/bin/env bash
# Answers at once but leaves a background child behind that would outlive it: with "keep-stdout"
# the child holds stdout open (a reader waiting for EOF would hang), otherwise it does not.
dir=$1
cat >/dev/null
if [ "${2:-}" = keep-stdout ]; then
  sleep 300 &
else
  sleep 300 >/dev/null 2>&1 &
fi
echo $! >"$dir/child.pid"
echo '{"Updates": []}'
