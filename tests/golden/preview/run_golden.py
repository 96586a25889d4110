#!/usr/bin/env python3
"""Golden test of `patchwarden preview`: runs the real binary with the arguments of
cases/<name>.args (one per line, run from this folder) and compares stdout with
cases/<name>.out byte for byte and the exit code with cases/<name>.code (default 0).
cases/<name>.err, when present, holds lines that stderr must contain.
PW_GOLDEN_UPDATE=1 rewrites the .out files (review the diff before committing)."""
import os
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
binary, name = sys.argv[1], sys.argv[2]
case = os.path.join(here, "cases", name)
with open(case + ".args") as f:
    args = [line.rstrip("\n") for line in f if line.strip()]
run = subprocess.run([binary, "preview"] + args, cwd=here, capture_output=True)
expected_code = 0
if os.path.exists(case + ".code"):
    expected_code = int(open(case + ".code").read())
failures = []
if run.returncode != expected_code:
    failures.append(f"exit code {run.returncode}, expected {expected_code}")
if os.environ.get("PW_GOLDEN_UPDATE") == "1":
    open(case + ".out", "wb").write(run.stdout)
expected = open(case + ".out", "rb").read()
if run.stdout != expected:
    failures.append("stdout differs:\n--- expected\n" + expected.decode(errors="replace") +
                    "\n--- actual\n" + run.stdout.decode(errors="replace"))
if os.path.exists(case + ".err"):
    stderr = run.stderr.decode(errors="replace")
    for line in open(case + ".err").read().splitlines():
        if line and line not in stderr:
            failures.append(f"stderr lacks {line!r}; stderr was:\n{stderr}")
if failures:
    print(f"golden case {name}: FAILED")
    print("\n".join(failures))
    sys.exit(1)
print(f"golden case {name}: ok ({len(run.stdout)} bytes)")
