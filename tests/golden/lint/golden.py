#!/usr/bin/env python3
"""Golden tests for `patchwarden lint` and `patchwarden proxy-check`.

Each samples/lint/NAME.expected file is one case. Its first lines say what to run and what
exit code to expect; the rest is the exact standard output, then (if any) standard error:

    # command: lint --now 2026-06-01T00:00:00Z samples/lint/NAME.yaml
    # exit: 1
    <stdout, byte for byte>
    # stderr:
    <stderr, when not empty>

Commands run from the source directory, so file names in the output are relative and stable.

    golden.py BINARY SOURCE_DIR [CASE...]      compare (all cases, or the named ones)
    UPDATE_GOLDEN=1 golden.py BINARY SOURCE_DIR  rewrite every .expected from the real output, and
                                                 create one for each sample that has none
Review every rewritten golden by eye (git diff) before committing it.
"""
import os
import pathlib
import shlex
import subprocess
import sys

DEFAULT_NOW = "2026-06-01T00:00:00Z"
STDERR_MARK = b"# stderr:\n"


def parse_expected(path):
    data = path.read_bytes()
    lines = data.split(b"\n", 2)
    if len(lines) < 3 or not lines[0].startswith(b"# command: ") or not lines[1].startswith(b"# exit: "):
        raise SystemExit(f"{path}: must start with '# command: ...' and '# exit: N' lines")
    command = lines[0][len(b"# command: "):].decode()
    code = int(lines[1][len(b"# exit: "):])
    body = lines[2]
    stdout, _, stderr = body.partition(b"\n" + STDERR_MARK)
    if body.startswith(STDERR_MARK):
        stdout, stderr = b"", body[len(STDERR_MARK):]
    elif stderr or body.endswith(b"\n" + STDERR_MARK):
        stdout += b"\n"
    return command, code, stdout, stderr


def render(command, code, stdout, stderr):
    text = f"# command: {command}\n# exit: {code}\n".encode() + stdout
    if stderr:
        text += STDERR_MARK + stderr
    return text


def run(binary, source_dir, command):
    result = subprocess.run([binary] + shlex.split(command), cwd=source_dir,
                            capture_output=True, timeout=60)
    return result.returncode, result.stdout, result.stderr


def default_cases(samples):
    """Samples (files and folders) that have no golden yet get the plain lint command."""
    for sample in sorted(samples.iterdir()):
        if sample.suffix == ".expected" or sample.name.startswith("."):
            continue
        if sample.is_file() and sample.suffix not in (".yaml", ".yml"):
            continue
        expected = samples / (sample.stem + ".expected" if sample.is_file() else sample.name + ".expected")
        if not expected.exists():
            yield expected, f"lint --now {DEFAULT_NOW} samples/lint/{sample.name}"


def main():
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    binary, source_dir = sys.argv[1], pathlib.Path(sys.argv[2])
    samples = source_dir / "samples" / "lint"
    wanted = set(sys.argv[3:])
    update = os.environ.get("UPDATE_GOLDEN") == "1"

    if update:
        for expected, command in default_cases(samples):
            expected.write_bytes(render(command, 0, b"", b""))

    failures = 0
    cases = sorted(samples.glob("*.expected"))
    for expected in cases:
        name = expected.name[: -len(".expected")]
        if wanted and name not in wanted:
            continue
        command, code, stdout, stderr = parse_expected(expected)
        actual = run(binary, source_dir, command)
        if update:
            expected.write_bytes(render(command, *actual))
            print(f"updated {expected.relative_to(source_dir)}")
            continue
        if actual == (code, stdout, stderr):
            print(f"ok      {name}")
            continue
        failures += 1
        print(f"FAILED  {name}: patchwarden {command}")
        if actual[0] != code:
            print(f"  exit code {actual[0]}, expected {code}")
        for label, got, want in (("stdout", actual[1], stdout), ("stderr", actual[2], stderr)):
            if got != want:
                import difflib
                diff = difflib.unified_diff(want.decode(errors="replace").splitlines(),
                                            got.decode(errors="replace").splitlines(),
                                            "expected " + label, "actual " + label, lineterm="")
                print("\n".join("  " + line for line in diff))
    if wanted and not update:
        missing = wanted - {e.name[: -len(".expected")] for e in cases}
        if missing:
            print(f"no such golden case: {', '.join(sorted(missing))}")
            failures += len(missing)
    if failures:
        print(f"{failures} golden case(s) failed; if the new output is right, rerun with "
              "UPDATE_GOLDEN=1 and review the diff")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
