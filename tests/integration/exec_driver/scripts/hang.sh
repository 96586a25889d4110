#!/usr/bin/env bash
# Hangs with a child in its process group, as a stuck driver would. With "ignore-term" it also
# ignores SIGTERM (so does its child, which inherits the disposition), forcing SIGKILL.
# Writes its pid and its child's pid into DIR for the test to check that both are gone.
dir=$1
[ "${2:-}" = ignore-term ] && trap '' TERM
sleep 300 &
echo $! >"$dir/child.pid"
echo $$ >"$dir/leader.pid"
echo "waiting forever" >&2
wait
