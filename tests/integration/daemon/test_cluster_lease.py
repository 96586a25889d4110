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

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from daemon_harness import Daemon, run_tests, temp_dir, wait_until  # noqa: E402

# A Saturday; "short" opens 5 virtual minutes later.
START = "2026-12-05T21:55:00Z"

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


SIMULATED = """Kind: Cluster
Name: lab
Driver: Simulated
Simulation:
  Seed: 3
  DownloadMinutes: 5
  PatchMinutes: 40
  RebootRequiredPercent: 0
  Updates:
    - UpdateId: 3a1b2c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d
      Title: Cumulative Update (KB5071234)
Nodes:
  - {Name: n1, UpgradeDomain: ud1}
  - {Name: n2, UpgradeDomain: ud1}
  - {Name: n3, UpgradeDomain: ud2}
  - {Name: n4, UpgradeDomain: ud2}
"""

# "short" fits one 40-minute node into its hour and then sleeps a week with three nodes left;
# "long" opens at 23:30 and has room for all four; "early" opens at midnight, while "long" runs.
SLEEPER_POLICIES = """Kind: PatchPolicy
Name: short
Cluster: lab
WUFrequency: "Weekly, Saturday, 22:00"
WindowDurationInMinutes: 60
---
Kind: PatchPolicy
Name: long
Cluster: lab
WUFrequency: "Weekly, Saturday, 23:30"
WindowDurationInMinutes: 360
"""

EARLY_POLICY = """---
Kind: PatchPolicy
Name: early
Cluster: lab
WUFrequency: "Weekly, Sunday, 0:00"
WindowDurationInMinutes: 600
"""


def cycle_state(daemon, policy):
    return (states(daemon)[policy].get("cycle") or {}).get("state")


def test_a_sleeping_cycle_gives_way_and_a_restored_cycle_goes_first():
    with temp_dir() as root:
        folder = os.path.join(root, "policies")
        os.makedirs(folder)
        with open(os.path.join(folder, "cluster.yaml"), "w") as f:
            f.write(SIMULATED)
        with open(os.path.join(folder, "policies.yaml"), "w") as f:
            f.write(SLEEPER_POLICIES)
        state = os.path.join(root, "state")
        with Daemon(state, [folder], scale=3000, start=START) as daemon:
            assert daemon.address(), daemon.log_text()
            wait_until(lambda: cycle_state(daemon, "short") == "WaitingForNextWindow",
                       what="short to sleep until next week")
            # At 23:30 "long" takes the cluster from the sleeping "short".
            wait_until(lambda: cycle_state(daemon, "long") == "Running", what="long to start")
            assert ("short: gives cluster 'lab' up until its next window at 2026-12-12T22:00:00Z"
                    in daemon.log_text()), daemon.log_text()
            entry = states(daemon)["short"]
            assert entry["state"] == "Waiting", entry
            assert entry["waiting_for"] == "cluster 'lab' is held by policy 'long'", entry
            assert daemon.stop() == 0  # mid-cycle: "long" stays open in the store
        # Restart after midnight with a third policy whose window is open: the restored cycles
        # go first ("long" runs, "short" sleeps again), "early" waits for "long".
        with open(os.path.join(folder, "policies.yaml"), "a") as f:
            f.write(EARLY_POLICY)
        with Daemon(state, [folder], scale=3000, start="2026-12-06T00:10:00Z") as daemon:
            assert daemon.address(), daemon.log_text()
            early = wait_until(lambda: states(daemon)["early"]["state"] == "Waiting" and
                               states(daemon)["early"], what="early to wait")
            assert early["waiting_for"] == "cluster 'lab' is held by policy 'long'", early
            assert early["cycle"] is None, early
            wait_until(lambda: cycle_state(daemon, "long") == "Completed", what="long to end")
            wait_until(lambda: cycle_state(daemon, "early") == "Completed", what="early to run")
            text = daemon.log_text()
            assert "long: resuming cycle" in text, text
            assert "early: waits: cluster 'lab' is held by policy 'long'" in text, text
            assert cycle_state(daemon, "short") == "WaitingForNextWindow"
            assert daemon.stop() == 0


def test_the_down_interval_check_catches_an_overlap():
    lines = ["begin Drain node-a first", "end Drain node-a first",
             "begin Drain node-b second", "end Resume node-a first", "end Resume node-b second"]
    intervals = down_intervals(lines)
    assert intervals[0][2] < intervals[1][3] and intervals[1][2] < intervals[0][3]


if __name__ == "__main__":
    sys.exit(run_tests(globals()))
