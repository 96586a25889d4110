#!/usr/bin/env bash
# patchwarden Exec driver for Kubernetes nodes running Debian/Ubuntu (see README.md):
# kubectl for inventory, health, cordon/drain/uncordon; apt and reboot over ssh.
# Usage: driver.sh OPERATION NODE FQDN   (the request JSON on stdin, one JSON document on stdout)
set -euo pipefail
shopt -s inherit_errexit
# Everything the tools print goes to stderr (patchwarden logs it); fd 3 is the JSON reply.
exec 3>&1 1>&2
# shellcheck source=../lib/apt_ssh.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/apt_ssh.sh"

operation=${1:?operation}
node=${2:-}
fqdn=${3:-}
request=$(cat)
[ -n "$request" ] || request='{}'
kubectl=(kubectl ${PW_KUBE_CONTEXT:+--context "$PW_KUBE_CONTEXT"})

reply() { printf '%s\n' "$1" >&3; }

# Where ssh goes: the FQDN when the cluster file has a Domain, else the node's InternalIP.
ssh_host() {
  if [ -n "$fqdn" ] && [ "$fqdn" != "$node" ]; then
    echo "$fqdn"
  else
    "${kubectl[@]}" get node "$node" \
      -o jsonpath='{.status.addresses[?(@.type=="InternalIP")].address}'
  fi
}

node_ready() {
  "${kubectl[@]}" get node "$1" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}'
}

boot_id() { "${kubectl[@]}" get node "$1" -o jsonpath='{.status.nodeInfo.bootID}'; }

# Reboots over ssh and waits until the kubelet reports a new boot id and Ready again.
reboot_node() {
  local host before deadline
  host=$(ssh_host)
  before=$(boot_id "$node")
  pw_ssh "$host" "${PW_REMOTE_SUDO-sudo -n} systemctl reboot" || true
  deadline=$((SECONDS + ${PW_REBOOT_WAIT_SECONDS:-1200}))
  while [ "$SECONDS" -lt "$deadline" ]; do
    sleep 10
    if [ "$(boot_id "$node" || true)" != "$before" ] && [ "$(node_ready "$node" || true)" = True ]; then
      jq -cn --arg boot "$(boot_id "$node")" '{Rebooted: true, BootId: $boot}'
      return 0
    fi
  done
  pw_fail "node $node did not come back Ready within ${PW_REBOOT_WAIT_SECONDS:-1200} s"
}

case $operation in
  Inventory)
    # Upgrade domains from the zone label, as a rollout should not take down a zone at once.
    out=$("${kubectl[@]}" get nodes -o json | jq -c '{Nodes: [.items[] | {Name: .metadata.name,
      UpgradeDomain: (.metadata.labels["topology.kubernetes.io/zone"] // "default")}]}')
    reply "$out"
    ;;
  Health)
    if [ -n "$node" ]; then
      ready=$(node_ready "$node")
      reply "$(jq -cn --arg ready "$ready" '{Healthy: ($ready == "True")}')"
    else
      out=$("${kubectl[@]}" get nodes -o json | jq -c '{Unhealthy: [.items[]
        | select(([.status.conditions[] | select(.type == "Ready")][0].status // "") != "True")
        | .metadata.name]}')
      reply "$out"
    fi
    ;;
  Search)
    host=$(ssh_host)
    out=$(pw_apt_search "$host" | jq -c '{Updates: .}')
    reply "$out"
    ;;
  Download)
    host=$(ssh_host)
    out=$(pw_apt_download "$host" "$request")
    reply "$out"
    ;;
  Drain)
    "${kubectl[@]}" cordon "$node"
    "${kubectl[@]}" drain "$node" --ignore-daemonsets --delete-emptydir-data \
      --timeout="${PW_DRAIN_TIMEOUT:-600s}"
    reply '{"Drained": true}'
    ;;
  Install)
    host=$(ssh_host)
    out=$(pw_apt_install "$host" "$request")
    reply "$out"
    ;;
  Reboot)
    out=$(reboot_node)
    reply "$out"
    ;;
  Resume)
    "${kubectl[@]}" uncordon "$node"
    reply '{"Resumed": true}'
    ;;
  *) pw_fail "kubernetes driver: unsupported operation '$operation'" ;;
esac
