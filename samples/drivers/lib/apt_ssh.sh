# shellcheck shell=bash
# Shared by the debian-ssh and kubernetes sample drivers: Debian package updates on a host over
# ssh, mapped onto patchwarden's update records (DESIGN.md §2.3).
#
# Settings (environment): PW_SSH_USER (default: ssh's own), PW_SSH_OPTIONS (extra ssh options),
# PW_REMOTE_SUDO (default "sudo -n"; empty when logging in as root), PW_REBOOT_WAIT_SECONDS
# (default 1200). HTTP_PROXY/HTTPS_PROXY set by patchwarden are handed to apt on the host.

# WSUS classification GUIDs, so WUQuery/WUQueryCategoryIds can select Debian updates too; every
# package of the distribution counts as an OS update (InstallWindowsOSOnlyUpdates).
readonly PW_OS_CATEGORY=6964aab4-c5b5-43bd-a17d-ffb4346a8e1d
readonly PW_SECURITY_CATEGORY=0fa1201d-4330-4fa8-8ae9-b877473b6441

pw_fail() {
  echo "$*" >&2
  exit 1
}

# pw_ssh HOST COMMAND: runs COMMAND (one string, the remote shell's) on HOST.
pw_ssh() {
  local host=$1
  shift
  local -a options=(-o BatchMode=yes -o ConnectTimeout=15)
  # shellcheck disable=SC2206 # word splitting of the user's extra options is intended
  [ -n "${PW_SSH_OPTIONS:-}" ] && options+=(${PW_SSH_OPTIONS})
  # shellcheck disable=SC2029 # the command is meant to be expanded here, then run there
  ssh "${options[@]}" "${PW_SSH_USER:+${PW_SSH_USER}@}${host}" "$*"
}

# The prefix of every remote apt command: root, no prompts, the policy's proxy.
pw_apt() {
  local sudo=${PW_REMOTE_SUDO-sudo -n}
  local apt="$sudo env DEBIAN_FRONTEND=noninteractive apt-get -q -y"
  [ -n "${HTTP_PROXY:-}" ] && apt+=" -o Acquire::http::Proxy=$(printf %q "$HTTP_PROXY")"
  [ -n "${HTTPS_PROXY:-}" ] && apt+=" -o Acquire::https::Proxy=$(printf %q "$HTTPS_PROXY")"
  echo "$apt"
}

# A stable GUID for one package version, so Download and Install can name what Search found.
pw_update_id() {
  printf '%s' "$1" | md5sum | sed -E 's/^(.{8})(.{4})(.{4})(.{4})(.{12}).*/\1-\2-\3-\4-\5/'
}

# pw_apt_upgradable HOST: refreshes the package lists and prints "package suite new old" lines.
pw_apt_upgradable() {
  local host=$1
  pw_ssh "$host" "$(pw_apt) update >&2 && apt list --upgradable 2>/dev/null" |
    sed -nE 's#^([^/]+)/([^ ]+) ([^ ]+) [^ ]+ \[upgradable from: ([^]]+)\]$#\1 \2 \3 \4#p'
}

# pw_apt_search HOST: the update records, as one JSON array.
pw_apt_search() {
  local host=$1 package suite version old categories reboot
  pw_apt_upgradable "$host" | while read -r package suite version old; do
    categories=$PW_OS_CATEGORY
    [[ $suite == *-security* ]] && categories+=" $PW_SECURITY_CATEGORY"
    reboot=false
    [[ $package == linux-image-* || $package == linux-firmware* ]] && reboot=true
    jq -cn --arg id "$(pw_update_id "$package=$version")" --arg package "$package" \
      --arg version "$version" --arg old "$old" --arg suite "$suite" \
      --arg categories "$categories" --argjson reboot "$reboot" \
      '{UpdateId: $id, Title: "\($package) \($version)",
        Description: "\($package) \($old) -> \($version) from \($suite)",
        KBArticleIds: [], Type: "Software", CategoryIds: ($categories | split(" ")),
        IsInstalled: false, RebootRequired: $reboot, EulaAccepted: true,
        Package: "\($package)=\($version)"}'
  done | jq -cs '.'
}

# pw_selected_packages HOST REQUEST: "package=version" for each update id the request names
# (all upgradable ones when it names none).
pw_selected_packages() {
  local host=$1 request=$2
  pw_apt_search "$host" | jq -r --argjson request "$request" '
    ($request.Updates // null) as $wanted
    | .[] | select($wanted == null or (.UpdateId as $id | $wanted | index($id)))
    | .Package'
}

# pw_apt_download HOST REQUEST
pw_apt_download() {
  local host=$1 request=$2 packages
  packages=$(pw_selected_packages "$host" "$request" | tr '\n' ' ')
  if [ -n "$packages" ]; then
    pw_ssh "$host" "$(pw_apt) --download-only install --only-upgrade $packages" >&2 ||
      pw_fail "apt-get --download-only failed on $host"
  fi
  jq -cn --arg packages "$packages" '{Downloaded: ($packages | split(" ") | map(select(. != "")))}'
}

# pw_reboot_required HOST: "true" or "false" (needrestart -b, else /var/run/reboot-required).
pw_reboot_required() {
  local sudo=${PW_REMOTE_SUDO-sudo -n}
  pw_ssh "$1" "if command -v needrestart >/dev/null; then
      $sudo needrestart -b | grep -Eq '^NEEDRESTART-KSTA: [23]' && echo true || echo false
    elif [ -f /var/run/reboot-required ]; then echo true; else echo false; fi"
}

# pw_apt_install HOST REQUEST: installs what the request names (all: dist-upgrade) and prints
# the Install reply; a failed apt-get fails the call, with apt's errors on stderr.
pw_apt_install() {
  local host=$1 request=$2 packages reboot
  packages=$(pw_selected_packages "$host" "$request" | tr '\n' ' ')
  local dpkg_options="-o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold"
  if [ "$(jq -r '.Updates // null | type' <<<"$request")" != array ]; then
    pw_ssh "$host" "$(pw_apt) $dpkg_options dist-upgrade" >&2 || pw_fail "apt-get failed on $host"
  elif [ -n "$packages" ]; then
    pw_ssh "$host" "$(pw_apt) $dpkg_options install --only-upgrade $packages" >&2 ||
      pw_fail "apt-get failed on $host"
  fi
  reboot=$(pw_reboot_required "$host")
  local package
  for package in $packages; do pw_update_id "$package"; echo; done |
    jq -cRs --argjson reboot "${reboot:-false}" \
      '{Updates: (split("\n") | map(select(. != "") | {UpdateId: ., ResultCode: 0, HResult: 0})),
        RebootRequired: $reboot}'
}

# pw_boot_id HOST: the host's current boot id (empty when unreachable).
pw_boot_id() {
  pw_ssh "$1" 'cat /proc/sys/kernel/random/boot_id' 2>/dev/null || true
}

# pw_reboot HOST: reboots and waits until the host is back with a new boot id.
pw_reboot() {
  local host=$1 before after deadline
  before=$(pw_boot_id "$host")
  [ -n "$before" ] || pw_fail "cannot reach $host"
  pw_ssh "$host" "${PW_REMOTE_SUDO-sudo -n} systemctl reboot" >&2 || true
  deadline=$((SECONDS + ${PW_REBOOT_WAIT_SECONDS:-1200}))
  while [ "$SECONDS" -lt "$deadline" ]; do
    sleep 10
    after=$(pw_boot_id "$host")
    if [ -n "$after" ] && [ "$after" != "$before" ]; then
      jq -cn --arg boot "$after" '{Rebooted: true, BootId: $boot}'
      return 0
    fi
  done
  pw_fail "$host did not come back within ${PW_REBOOT_WAIT_SECONDS:-1200} s"
}
