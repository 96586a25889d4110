"""Crash test: a daemon rolling a Simulated 50-node cluster is killed with SIGKILL at 100
seeded random moments and restarted each time (virtual time going on from where the stored
state ends). At the end: every node completed exactly once in the cycle, none left drained,
no result lost or duplicated, and each node's audit trail is one unbroken chain."""
import calendar
import collections
import os
import random
import signal
import sqlite3
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from daemon_harness import Daemon, temp_dir, wait_until, write_cluster  # noqa: E402

KILLS = int(os.environ.get("PW_CRASH_KILLS", "100"))
SEED = 20261205
SCALE = 2000
NODES = 50
START = "2026-12-05T21:59:00Z"
DOWN_STATES = {"Draining", "Installing", "Restarting", "Resuming"}


def query(state, sql):
    db = sqlite3.connect(os.path.join(state, "state.db"), timeout=10)
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


def iso(seconds):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


def resume_point(state, virtual_now):
    """Virtual time to restart at: the virtual time that passed while the killed daemon ran, and
    never before the last stored event (the host itself was not down)."""
    if not os.path.exists(os.path.join(state, "state.db")):
        return iso(virtual_now)
    try:
        rows = query(state, "SELECT MAX(at) FROM audit")
    except sqlite3.OperationalError:  # killed before the schema was created
        return iso(virtual_now)
    if not rows or rows[0][0] is None:
        return iso(virtual_now)
    return iso(max(virtual_now, rows[0][0] + 1))


def cycle_done(state):
    if not os.path.exists(os.path.join(state, "state.db")):
        return False
    try:
        rows = query(state, "SELECT state FROM cycles")
    except sqlite3.OperationalError:
        return False
    return bool(rows) and rows[-1][0] == "Completed"


def check(state):
    cycles = query(state, "SELECT id, state FROM cycles")
    assert len(cycles) == 1 and cycles[0][1] == "Completed", cycles
    cycle = cycles[0][0]
    tasks = query(state, f"SELECT node, sub_state, state FROM node_tasks WHERE cycle_id = {cycle}")
    assert len(tasks) == NODES, len(tasks)
    assert all(sub == 10 and task == "Completed" for _, sub, task in tasks), tasks
    audit = query(state, "SELECT node, from_state, to_state, detail FROM audit "
                         f"WHERE cycle_id = {cycle} AND node != '' ORDER BY id")
    by_node = collections.defaultdict(list)
    for node, before, after, detail in audit:
        by_node[node].append((before, after, detail))
    drains = finishes = 0
    for node, trail in by_node.items():
        current = "NotStarted"
        for before, after, detail in trail:
            assert before == current, (node, trail)  # an unbroken chain, nothing forgotten
            current = after
        assert current == "Finished", (node, trail)
        node_drains = sum(1 for _, after, _ in trail if after == "Draining")
        node_finishes = sum(1 for _, after, _ in trail if after == "Finished")
        assert node_drains == 1 and node_finishes == 1, (node, trail)  # patched exactly once
        drains += node_drains
        finishes += node_finishes
    assert len(by_node) == NODES
    results = query(state, f"SELECT node, json FROM results WHERE cycle_id = {cycle}")
    kinds = collections.Counter()
    for node, text in results:
        kinds[(node, '"OperationType":1' in text.replace(" ", ""))] += 1
    duplicated = [key for key, count in kinds.items() if count != 1]
    missing = [n for n, _, _ in tasks if (n, True) not in kinds or (n, False) not in kinds]
    assert not duplicated and not missing, (duplicated, missing)
    return drains, finishes, len(results), len(audit)


def main():
    rng = random.Random(SEED)
    with temp_dir() as root:
        folder = os.path.join(root, "policies")
        os.makedirs(folder)
        # One node at a time: a cycle of about 27 virtual hours, 48 s of real time at SCALE,
        # longer than the kill phase, so every kill lands inside the cycle.
        write_cluster(folder, nodes=NODES, domains=5, patch=(20, 40), max_unavailable=1)
        state = os.environ.get("PW_CRASH_STATE") or os.path.join(root, "state")
        kills = restarts_mid_drain = 0
        started = time.monotonic()
        virtual_now = calendar.timegm(time.strptime(START, "%Y-%m-%dT%H:%M:%SZ"))
        while kills < KILLS and not cycle_done(state):
            begin = resume_point(state, virtual_now)
            launched = time.monotonic()
            daemon = Daemon(state, [folder], scale=SCALE, start=begin)
            time.sleep(rng.uniform(0.1, 0.6))
            down = 0
            if os.path.exists(os.path.join(state, "state.db")):
                try:
                    down = query(state, "SELECT COUNT(*) FROM node_tasks WHERE sub_state "
                                        "BETWEEN 5 AND 8")[0][0]
                except sqlite3.OperationalError:
                    down = 0
            if os.environ.get("PW_CRASH_DEBUG"):
                print(kills, begin, down, flush=True)
            daemon.stop(signal.SIGKILL)
            virtual_now = calendar.timegm(time.strptime(begin, "%Y-%m-%dT%H:%M:%SZ")) + int(
                (time.monotonic() - launched) * SCALE)
            kills += 1
            restarts_mid_drain += 1 if down else 0
        with Daemon(state, [folder], scale=SCALE, start=resume_point(state, virtual_now)) as daemon:
            wait_until(lambda: cycle_done(state), timeout=120, what="the cycle to complete")
            assert daemon.stop() == 0
        drains, finishes, results, audit = check(state)
        print(f"crash test: {kills} kill -9 (seed {SEED}), {restarts_mid_drain} with nodes drained; "
              f"{NODES} nodes: {drains} drains, {finishes} completions, {results} results, "
              f"{audit} audit lines; {time.monotonic() - started:.1f} s")
        assert kills == KILLS, f"the cycle completed after only {kills} kills: lower the scale"
    return 0


if __name__ == "__main__":
    sys.exit(main())
