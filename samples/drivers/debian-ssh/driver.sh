#!/usr/bin/env bash
# patchwarden Exec driver for plain Debian hosts over ssh (see README.md).
# Usage: driver.sh OPERATION NODE FQDN   (the request JSON on stdin, one JSON document on stdout)
set -euo pipefail
shopt -s inherit_errexit
# Everything the tools print goes to stderr (patchwarden logs it); fd 3 is the JSON reply.
exec 3>&1 1>&2
# shellcheck source=../lib/apt_ssh.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/apt_ssh.sh"

operation=${1:?operation}
node=${2:-}
host=${3:-$node}
request=$(cat)
[ -n "$request" ] || request='{}'

reply() { printf '%s\n' "$1" >&3; }

# Healthy: reachable, and systemd reports the system running (or degraded: a failed unit that
# was failed before patching must not block the rollout).
host_healthy() {
  local state
  state=$(pw_ssh "$1" 'systemctl is-system-running' 2>/dev/null || true)
  [[ $state == running || $state == degraded ]]
}

# Optional local hooks on the host, e.g. to take it out of a load balancer.
run_hook() {
  pw_ssh "$host" "if [ -x /usr/local/sbin/patchwarden-$1 ]; then
      ${PW_REMOTE_SUDO-sudo -n} /usr/local/sbin/patchwarden-$1; fi"
}

case $operation in
  Health)
    if [ -n "$host" ]; then
      if host_healthy "$host"; then reply '{"Healthy": true}'; else reply '{"Healthy": false}'; fi
    else
      # The health gate: the hosts named in the request's "Nodes" (if any) that are not healthy.
      unhealthy=()
      while read -r name; do
        [ -n "$name" ] && ! host_healthy "$name" && unhealthy+=("$name")
      done < <(jq -r '.Nodes // [] | .[] | if type == "object" then .Name else . end' <<<"$request")
      out=$(printf '%s\n' "${unhealthy[@]}" | jq -cRs '{Unhealthy: split("\n") | map(select(. != ""))}')
      reply "$out"
    fi
    ;;
  # Assignments first, so that a failure stops the script (set -e) instead of printing a reply.
  Search)
    out=$(pw_apt_search "$host" | jq -c '{Updates: .}')
    reply "$out"
    ;;
  Download)
    out=$(pw_apt_download "$host" "$request")
    reply "$out"
    ;;
  Drain)
    run_hook drain
    reply '{"Drained": true}'
    ;;
  Install)
    out=$(pw_apt_install "$host" "$request")
    reply "$out"
    ;;
  Reboot)
    out=$(pw_reboot "$host")
    reply "$out"
    ;;
  Resume)
    run_hook resume
    reply '{"Resumed": true}'
    ;;
  *) pw_fail "debian-ssh driver: unsupported operation '$operation'" ;;
esac
