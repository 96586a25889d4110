#!/usr/bin/env bash
# Checks the sample Exec driver scripts without real clusters: bash syntax (bash -n), shellcheck
# when it is installed, PowerShell syntax when pwsh is installed, and that each sample folder
# has a README saying how a Cluster file calls it.
set -uo pipefail
samples=${1:?usage: check_samples.sh SAMPLES_DIR}
failures=0
checked=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

for world in windows-failover kubernetes debian-ssh; do
  [ -f "$samples/$world/README.md" ] || fail "$world has no README.md"
  grep -q 'Exec:' "$samples/$world/README.md" 2>/dev/null || fail "$world/README.md shows no Exec section"
done

while IFS= read -r -d '' script; do
  checked=$((checked + 1))
  bash -n "$script" || fail "bash -n $script"
  if command -v shellcheck >/dev/null; then
    shellcheck -x -P "$(dirname "$script")" "$script" || fail "shellcheck $script"
  fi
done < <(find "$samples" -name '*.sh' -print0)

while IFS= read -r -d '' script; do
  checked=$((checked + 1))
  grep -q 'ConvertTo-Json' "$script" || fail "$script prints no JSON"
  if command -v pwsh >/dev/null; then
    pwsh -NoProfile -Command "\$e=\$null; [void][System.Management.Automation.Language.Parser]::ParseFile('$script',[ref]\$null,[ref]\$e); if (\$e) { \$e; exit 1 }" ||
      fail "PowerShell parse $script"
  fi
done < <(find "$samples" -name '*.ps1' -print0)

# The apt-based drivers end to end against a fake ssh that answers like a Debian host.
if command -v jq >/dev/null; then
  fake=$(mktemp -d)
  trap 'rm -rf "$fake"' EXIT
  cat >"$fake/ssh" <<'FAKE'
#!/usr/bin/env bash
command=${*: -1}
case $command in
  *"apt list --upgradable"*)
    echo "Listing..."
    echo "openssl/stable-security 3.0.11-1~deb12u2 amd64 [upgradable from: 3.0.11-1~deb12u1]"
    echo "linux-image-amd64/stable 6.1.76-1 amd64 [upgradable from: 6.1.69-1]" ;;
  *needrestart*) echo true ;;
  *is-system-running*) echo running ;;
  *) echo "fake ssh: $command" >&2 ;;
esac
FAKE
  chmod +x "$fake/ssh"
  driver=$samples/debian-ssh/driver.sh
  search=$(echo '{}' | PATH="$fake:$PATH" bash "$driver" Search web-01 web-01.fabrikam.test)
  jq -e '.Updates | length == 2 and .[0].Title == "openssl 3.0.11-1~deb12u2"
    and (.[0].CategoryIds | length == 2) and .[1].RebootRequired == true' <<<"$search" >/dev/null ||
    fail "debian-ssh Search printed: $search"
  id=$(jq -r '.Updates[1].UpdateId' <<<"$search")
  install=$(jq -cn --arg id "$id" '{Updates: [$id]}' |
    PATH="$fake:$PATH" bash "$driver" Install web-01 web-01.fabrikam.test 2>"$fake/stderr")
  jq -e --arg id "$id" '.Updates == [{UpdateId: $id, ResultCode: 0, HResult: 0}]
    and .RebootRequired == true' <<<"$install" >/dev/null ||
    fail "debian-ssh Install printed: $install"
  grep -q "install --only-upgrade linux-image-amd64=6.1.76-1" "$fake/stderr" ||
    fail "debian-ssh Install did not upgrade the kernel alone: $(cat "$fake/stderr")"
  health=$(echo '{}' | PATH="$fake:$PATH" bash "$driver" Health web-01 web-01.fabrikam.test)
  [ "$health" = '{"Healthy": true}' ] || fail "debian-ssh Health printed: $health"
  checked=$((checked + 1))
else
  echo "note: jq not installed; the debian-ssh driver was not run"
fi

[ "$checked" -ge 3 ] || fail "found only $checked sample scripts"
command -v shellcheck >/dev/null || echo "note: shellcheck not installed; ran bash -n only"
command -v pwsh >/dev/null || echo "note: pwsh not installed; PowerShell scripts not parsed"
echo "checked $checked scripts, $failures failures"
[ "$failures" -eq 0 ]
