"""Issue 8: one lease per cluster. Two enabled policies on a 2-node cluster with overlapping
windows, run by the real daemon with an Exec driver that logs every call: the second policy
waits for the first (and status says for whom), both patch both nodes, and never are both nodes
down at once. A node is down from the start of its Drain call until its Resume call returns.

Exec clusters run on real time (--time-scale is for Simulated clusters only), so both windows
are open now: daily windows of 24 hours. Each cycle takes a few seconds.
"""
import json
import os
import sys
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from daemon_harness import Daemon, temp_dir, wait_until  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
DRIVER = os.path.join(HERE, "logging_driver.py")
NODES = ["node-a", "node-b"]
UPDATE = {"UpdateId": "3a1b2c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d", "Title": "Cumulative Update (KB5071234)",
          "KBArticleIds": ["KB5071234"]}
OPERATIONS = ["Health", "Search", "Download", "Drain", "Install", "Reboot", "Resume"]


def cluster_yaml(log, root):
    lines = ["Kind: Cluster", "Name: pair", "Driver: Exec", "Exec:"]
    for operation in OPERATIONS:
        argv = [sys.executable, DRIVER, log, root, "{policy}", operation, "{node}"]
        lines.append(f"  {operation}: {json.dumps(argv)}")
    lines += ["Nodes:"] + [f"  - {{Name: {n}, PatchMinutes: 1}}" for n in NODES]
    return "\n".join(lines) + "\n"


# The first could take both nodes at once (MaxUnavailable 2 in one domain): the cluster's
# budget (default 1) stops it. The second overlaps it completely.
POLICIES = """Kind: PatchPolicy
Name: first
Cluster: pair
WUFrequency: "Daily, 0:00"
WindowDurationInMinutes: 1440
TaskApprovalPolicy: UpgradeDomainWise
MaxUnavailable: 2
WUOperationTimeOutInMinutes: 1
---
Kind: PatchPolicy
Name: second
Cluster: pair
WUFrequency: "Daily, 0:00"
WindowDurationInMinutes: 1440
WUOperationTimeOutInMinutes: 1
"""


def prepare(root):
    folder = os.path.join(root, "policies")
    fake = os.path.join(root, "fake")
    log = os.path.join(root, "calls.log")
    os.makedirs(folder)
    for policy in ("first", "second"):
        os.makedirs(os.path.join(fake, policy))
        with open(os.path.join(fake, policy, "catalog.json"), "w") as f:
            json.dump([UPDATE], f)
        for node in NODES:
            os.makedirs(os.path.join(fake, policy, "nodes", node))
            with open(os.path.join(fake, policy, "nodes", node, "state"), "w") as f:
                f.write("Up\n")
    with open(os.path.join(folder, "cluster.yaml"), "w") as f:
        f.write(cluster_yaml(log, fake))
    with open(os.path.join(folder, "policies.yaml"), "w") as f:
        f.write(POLICIES)
    return folder, log


def down_intervals(lines):
    """(node, policy, first line, last line) for each Drain..Resume of the call log."""
    intervals = []
    open_since = {}
    for index, line in enumerate(lines):
        phase, operation, node, policy = line.split()
        if phase == "begin" and operation == "Drain":
            assert node not in open_since, f"line {index}: {node} drained twice: {line}"
            open_since[node] = (index, policy)
        if phase == "end" and operation == "Resume":
            start, drained_by = open_since.pop(node)
            assert drained_by == policy, f"line {index}: {node} resumed by another policy"
            intervals.append((node, policy, start, index))
    assert not open_since, f"left down at the end: {open_since}"
    return intervals


def states(daemon):
    return {entry["policy"]: entry for entry in daemon.get_json("/v1/status")["policies"]}


def test_two_policies_never_take_both_nodes_down():
    with temp_dir() as root:
        folder, log = prepare(root)
        seen = []  # (first's state, second's state, second's waiting_for) while they run

        def both_completed():
            entries = states(daemon)
            seen.append((entries["first"]["state"], entries["second"]["state"],
                         entries["second"]["waiting_for"]))
            return all((entries[p].get("cycle") or {}).get("state") == "Completed"
                       for p in ("first", "second"))

        with Daemon(os.path.join(root, "state"), [folder]) as daemon:
            assert daemon.address(), daemon.log_text()
            wait_until(both_completed, timeout=20, what="both cycles to complete")
            daemon_log = daemon.log_text()
            final = states(daemon)
            assert daemon.stop() == 0
        with open(log) as f:
            lines = [line.strip() for line in f if line.strip()]
        intervals = down_intervals(lines)
        # Every node was patched by both policies: four downtimes in all.
        assert sorted((node, policy) for node, policy, _, _ in intervals) == sorted(
            (node, policy) for node in NODES for policy in ("first", "second")), intervals
        for i, (node, _, start, end) in enumerate(intervals):
            for other, _, other_start, other_end in intervals[i + 1:]:
                overlap = start < other_end and other_start < end
                assert not overlap, f"{node} and {other} were down at once:\n" + "\n".join(
                    lines[min(start, other_start):max(end, other_end) + 1])
        # The second policy's first call came after the first policy's last one.
        last_first = max(i for i, line in enumerate(lines) if line.endswith(" first"))
        first_second = min(i for i, line in enumerate(lines) if line.endswith(" second"))
        assert last_first < first_second, "the cycles ran at the same time"
        # While the first ran, status said the second waits, and for whom.
        reason = "cluster 'pair' is held by policy 'first'"
        assert ("Running", "Waiting", reason) in seen, seen
        assert "second: waits: " + reason in daemon_log, daemon_log
        assert final["second"]["state"] == "Idle" and final["second"]["waiting_for"] == ""


def test_the_down_interval_check_catches_an_overlap():
    lines = ["begin Drain node-a first", "end Drain node-a first",
             "begin Drain node-b second", "end Resume node-a first", "end Resume node-b second"]
    intervals = down_intervals(lines)
    assert intervals[0][2] < intervals[1][3] and intervals[1][2] < intervals[0][3]


def main():
    tests = [value for name, value in sorted(globals().items()) if name.startswith("test_")]
    failed = 0
    for test in tests:
        try:
            test()
            print(f"PASS {test.__name__}")
        except Exception:  # noqa: BLE001 - report every failure, then exit 1
            failed += 1
            print(f"FAIL {test.__name__}")
            traceback.print_exc()
    print(f"{len(tests) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
