#!/usr/bin/env python3
"""Differential test: patchwarden's calendar against systemd's (`systemd-analyze calendar`), in
UTC, for every WUFrequency form systemd can express:

  Daily, T                         *-*-* T UTC
  Weekly, Day, T                   Day *-*-* T UTC
  Monthly, N, T                    *-*-N T UTC
  Monthly, Last, T                 *-*~01 T UTC
  MonthlyByWeekAndDay, N, Day, T   Day *-*-(7N-6)..(7N) T UTC
  MonthlyByWeekAndDay, Last, Day   Day *-*~07/1 T UTC
  Hourly, M  (M divides 60)        *-*-* *:00/M:00 UTC
  Hourly, M  (M = 60h, h | 24)     *-*-* 00/h:00:00 UTC
  Once, D, T                       D T UTC

Thousands of random expressions and base instants over 1990..2040 (leap years, 2000, month
and year ends) with a fixed seed. Process launches are bounded: each systemd-analyze launch
takes one base time and many expressions; the patchwarden side of those batches runs
`preview PATH` on a generated policy file (one policy per expression, same calendar core),
and a second part runs `preview --frequency` itself, one launch per form with decades of
iterations. systemd's next elapse is strictly after its base, preview's is at or after
--from, so systemd gets base = from - 1 s.

Usage: systemd_diff.py PATCHWARDEN_BINARY WORK_DIR"""
import datetime as dt
import json
import os
import random
import re
import shutil
import subprocess
import sys

DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
BATCHES = 60           # systemd-analyze launches for the random part
PER_BATCH = 60         # expressions per launch
ITERATIONS = 12        # occurrences compared per expression
START = dt.datetime(1990, 1, 1, tzinfo=dt.timezone.utc)
END = dt.datetime(2040, 1, 1, tzinfo=dt.timezone.utc)


def rfc3339(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def random_case(rng):
    """(WUFrequency, systemd calendar expression)."""
    h, m, s = rng.randrange(24), rng.randrange(60), rng.choice([0, 0, rng.randrange(60)])
    t = f"{h:02d}:{m:02d}:{s:02d}"
    poa_t = f"{h}:{m:02d}:{s:02d}"
    day = rng.choice(DAYS)
    kind = rng.randrange(9)
    if kind == 0:
        return f"Daily, {poa_t}", f"*-*-* {t} UTC"
    if kind == 1:
        return f"Weekly, {day}, {poa_t}", f"{day[:3]} *-*-* {t} UTC"
    if kind == 2:
        n = rng.randint(1, 28)
        return f"Monthly, {n}, {poa_t}", f"*-*-{n:02d} {t} UTC"
    if kind == 3:
        return f"Monthly, Last, {poa_t}", f"*-*~01 {t} UTC"
    if kind == 4:
        n = rng.randint(1, 4)
        return (f"MonthlyByWeekAndDay, {n}, {day}, {poa_t}",
                f"{day[:3]} *-*-{7 * n - 6:02d}..{7 * n:02d} {t} UTC")
    if kind == 5:
        return f"MonthlyByWeekAndDay, Last, {day}, {poa_t}", f"{day[:3]} *-*~07/1 {t} UTC"
    if kind == 6:
        minutes = rng.choice([1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60])
        minute_spec = "00" if minutes == 60 else f"00/{minutes}"
        return f"Hourly, {minutes}", f"*-*-* *:{minute_spec}:00 UTC"
    if kind == 7:
        hours = rng.choice([1, 2, 3, 4, 6, 8, 12, 24])
        hour_spec = "00" if hours == 24 else f"00/{hours}"
        return f"Hourly, {hours * 60}", f"*-*-* {hour_spec}:00:00 UTC"
    when = START + dt.timedelta(seconds=rng.randrange(int((END - START).total_seconds())))
    return (f"Once, {when:%Y-%m-%d}, {poa_t}", f"{when:%Y-%m-%d} {t} UTC")


def systemd_times(base, expressions, iterations):
    """Occurrences per expression, as RFC 3339 strings, strictly after `base`."""
    epoch = int(base.timestamp()) - 1
    out = subprocess.run(["systemd-analyze", "calendar", f"--iterations={iterations}",
                          f"--base-time=@{epoch}"] + expressions,
                         env=dict(os.environ, TZ="UTC"), capture_output=True, text=True)
    if out.returncode != 0 and "Next elapse" not in out.stdout:
        # An expression with no elapse at all (a Once in the past) makes it fail; that is
        # "no occurrences" and is handled per block below.
        pass
    blocks = out.stdout.split("Normalized form:")[1:]
    if len(blocks) != len(expressions):
        raise SystemExit(f"systemd-analyze gave {len(blocks)} results for {len(expressions)} "
                         f"expressions:\n{out.stdout}\n{out.stderr}")
    result = []
    for block in blocks:
        times = re.findall(r"(?:Next elapse|Iter\. #\d+): \w{3} (\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d) UTC",
                           block)
        result.append([f"{d}T{t}Z" for d, t in times])
    return result


def preview_policies(binary, work, base, frequencies, count):
    folder = os.path.join(work, "batch")
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    with open(os.path.join(folder, "policies.yaml"), "w") as f:
        f.write("Kind: Cluster\nName: diff\nDriver: Simulated\n"
                "Nodes: [{Name: a}, {Name: b}]\n")
        for i, frequency in enumerate(frequencies):
            f.write(f"---\nKind: PatchPolicy\nName: p{i}\nCluster: diff\n"
                    f"WUFrequency: \"{frequency}\"\n")
    out = subprocess.run([binary, "preview", "--from", rfc3339(base), "--count", str(count),
                          "--format", "json", folder], capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"preview failed ({out.returncode}):\n{out.stderr}")
    per_policy = [[] for _ in frequencies]
    for window in json.loads(out.stdout)["windows"]:
        per_policy[int(window["policy"][1:])].append(window["start"])
    return per_policy


def preview_frequency(binary, base, frequency, count):
    out = subprocess.run([binary, "preview", "--frequency", frequency, "--from", rfc3339(base),
                          "--count", str(count), "--format", "json"],
                         capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"preview --frequency '{frequency}' failed:\n{out.stderr}")
    return [w["start"] for w in json.loads(out.stdout)["windows"]]


def compare(label, ours, theirs, failures):
    if ours != theirs:
        first = next((i for i, (a, b) in enumerate(zip(ours, theirs)) if a != b),
                     min(len(ours), len(theirs)))
        failures.append(f"{label}: differ at #{first + 1}: patchwarden "
                        f"{ours[first:first + 3]} systemd {theirs[first:first + 3]}")


def random_part(binary, work, rng, failures):
    compared = 0
    for _ in range(BATCHES):
        base = START + dt.timedelta(seconds=rng.randrange(int((END - START).total_seconds())))
        cases = [random_case(rng) for _ in range(PER_BATCH)]
        ours = preview_policies(binary, work, base, [c[0] for c in cases], ITERATIONS)
        theirs = systemd_times(base, [c[1] for c in cases], ITERATIONS)
        for (frequency, expression), a, b in zip(cases, ours, theirs):
            compare(f"'{frequency}' vs '{expression}' from {rfc3339(base)}", a, b, failures)
            compared += len(b)
    return compared


def long_part(binary, failures):
    """`preview --frequency` itself over 1990..2040 for one expression of each form."""
    base = START
    long_cases = [("Daily, 7:00", "*-*-* 07:00:00 UTC", 18300),
                  ("Weekly, Sunday, 23:59:59", "Sun *-*-* 23:59:59 UTC", 2620),
                  ("Monthly, 28, 0:00", "*-*-28 00:00:00 UTC", 600),
                  ("Monthly, Last, 2:00", "*-*~01 02:00:00 UTC", 600),
                  ("MonthlyByWeekAndDay, 2, Tuesday, 22:00", "Tue *-*-08..14 22:00:00 UTC", 600),
                  ("MonthlyByWeekAndDay, Last, Friday, 1:00", "Fri *-*~07/1 01:00:00 UTC", 600),
                  ("Hourly, 180", "*-*-* 00/3:00:00 UTC", 146100)]
    compared = 0
    for frequency, expression, count in long_cases:
        ours = preview_frequency(binary, base, frequency, count)
        theirs = systemd_times(base, [expression], count)[0]
        compare(f"--frequency '{frequency}' vs '{expression}' x{count}", ours, theirs, failures)
        compared += len(theirs)
        if ours and ours[-1] < "2039-01-01":
            failures.append(f"{frequency}: the long run should reach 2039, ended {ours[-1]}")
    return compared


def main():
    binary, work = os.path.abspath(sys.argv[1]), sys.argv[2]
    if shutil.which("systemd-analyze") is None:
        print("SKIPPED: systemd-analyze is not installed; nothing to compare against")
        return 0
    help_text = subprocess.run(["systemd-analyze", "calendar", "--help"],
                               capture_output=True, text=True).stdout
    if "--base-time" not in help_text:
        print("SKIPPED: this systemd-analyze has no --base-time")
        return 0
    os.makedirs(work, exist_ok=True)
    rng = random.Random(20240103)
    failures = []
    random_compared = random_part(binary, work, rng, failures)
    long_compared = long_part(binary, failures)
    print(f"compared {BATCHES * PER_BATCH} random expressions from {BATCHES} base instants "
          f"({random_compared} occurrences) and {long_compared} occurrences of --frequency "
          f"runs over 1990..2040; systemd-analyze launches: {BATCHES + 7}")
    for failure in failures[:20]:
        print("MISMATCH", failure)
    if failures:
        print(f"{len(failures)} mismatches")
        return 1
    print("all equal")
    return 0


if __name__ == "__main__":
    sys.exit(main())
