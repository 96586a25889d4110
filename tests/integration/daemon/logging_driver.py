#!/usr/bin/env python3
"""An Exec driver that logs every call around the fake cluster of the exec_driver tests.

Usage: logging_driver.py LOG STATE_ROOT POLICY OPERATION [NODE]

Appends "begin OPERATION NODE POLICY" to LOG before the call and "end OPERATION NODE POLICY"
after it (one write each, O_APPEND, so lines from concurrent calls never mix), and answers as
tests/integration/exec_driver/scripts/fake_cluster.py does with STATE_ROOT/POLICY as its state:
each policy sees its own copy of the nodes' updates, so every policy has work on every node,
while the log shows when the real (shared) node is down. Install sleeps PW_INSTALL_SECONDS
(default 0.4) so that a node stays down long enough for an overlap to be seen.
"""
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "exec_driver", "scripts"))
import fake_cluster  # noqa: E402


def log(path, line):
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, (line + "\n").encode())
    finally:
        os.close(fd)


def main():
    log_path, root, policy, operation = sys.argv[1:5]
    node = sys.argv[5] if len(sys.argv) > 5 else ""
    state = os.path.join(root, policy)
    words = f"{operation} {node or '-'} {policy}"
    log(log_path, "begin " + words)
    try:
        if operation == "Install":
            time.sleep(float(os.environ.get("PW_INSTALL_SECONDS", "0.4")))
        sys.argv = ["fake_cluster.py", state, operation] + ([node] if node else [])
        fake_cluster.main()
    finally:
        log(log_path, "end " + words)


if __name__ == "__main__":
    main()
