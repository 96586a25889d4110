#!/usr/bin/env python3
"""Golden test of `patchwarden simulate`: runs the real binary on cases/NAME.yaml with the
arguments in cases/NAME.args and compares stdout, stderr and the exit code with
cases/NAME.expected. Regenerate with UPDATE_GOLDEN=1."""
import os
import shlex
import subprocess
import sys


def main() -> int:
    binary, case_dir, name = sys.argv[1], sys.argv[2], sys.argv[3]
    base = os.path.join(case_dir, name)
    with open(base + ".args", encoding="utf-8") as handle:
        arguments = shlex.split(handle.read())
    # Paths are given relative to the cases folder so the output does not depend on the checkout.
    done = subprocess.run([binary, "simulate", *arguments], cwd=case_dir, capture_output=True,
                          text=True, timeout=60, check=False)
    actual = (f"$ patchwarden simulate {' '.join(arguments)}\n{done.stdout}"
              f"--- stderr\n{done.stderr}--- exit {done.returncode}\n")
    if os.environ.get("UPDATE_GOLDEN"):
        with open(base + ".expected", "w", encoding="utf-8") as handle:
            handle.write(actual)
        return 0
    with open(base + ".expected", encoding="utf-8") as handle:
        expected = handle.read()
    if actual != expected:
        sys.stdout.write("--- expected\n" + expected + "--- actual\n" + actual)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
