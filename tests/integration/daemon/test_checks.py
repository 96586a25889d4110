"""`patchwarden run` with an Exec cluster defined by its Inventory, with a PreCheck and a
PostCheck: the real binary calls the scripts, a node whose PreCheck fails is never drained, and
an invalid inventory stops the cycle with the reason in status. Observed through the driver's
call log.

Exec clusters run in real time (no --time-scale), so the policy's windows are always open: one
starts every hour and lasts a day, and the daemon starts the one open when it comes up."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from daemon_harness import Daemon, run_tests, temp_dir, wait_until  # noqa: E402

# The fake driver: argv is OPERATION [NODE]; every call is appended to calls.log; the
# inventory it reports is inventory.json next to it; PreCheck fails for nodes in precheck-fail.
DRIVER = r'''
import json, os, sys
here = os.path.dirname(os.path.abspath(__file__))
operation = sys.argv[1]
node = sys.argv[2] if len(sys.argv) > 2 else ""
with open(os.path.join(here, "calls.log"), "a") as log:
    log.write(f"{operation} {node}\n")
update = {"UpdateId": "3a1b2c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d", "Title": "Cumulative (KB5071234)",
          "KBArticleIds": ["KB5071234"]}
if operation == "Inventory":
    with open(os.path.join(here, "inventory.json")) as f:
        print(f.read())
elif operation == "PreCheck" and node in open(os.path.join(here, "precheck-fail")).read().split():
    print("pending reboot from an earlier install", file=sys.stderr)
    sys.exit(1)
elif operation == "Health":
    print(json.dumps({"Healthy": True} if node else {"Unhealthy": []}))
elif operation == "Search":
    installed = os.path.exists(os.path.join(here, "installed-" + node))
    print(json.dumps({"Updates": [dict(update, IsInstalled=installed)]}))
elif operation == "Install":
    open(os.path.join(here, "installed-" + node), "w").close()
    print(json.dumps({"Updates": [{"UpdateId": update["UpdateId"], "ResultCode": 0}]}))
else:
    print("{}")
'''

OPERATIONS = ["Health", "Search", "Download", "Drain", "Install", "Reboot", "Resume", "PreCheck",
              "PostCheck"]


def write_policies(root, inventory, precheck_fail=()):
    folder = os.path.join(root, "policies")
    os.makedirs(folder)
    with open(os.path.join(folder, "driver.py"), "w") as f:
        f.write(DRIVER)
    with open(os.path.join(folder, "inventory.json"), "w") as f:
        json.dump({"Nodes": inventory}, f)
    with open(os.path.join(folder, "precheck-fail"), "w") as f:
        f.write("\n".join(precheck_fail))
    driver = os.path.join(folder, "driver.py")  # arguments are not resolved, programs are
    exec_lines = "\n".join(f'  {op}: ["{sys.executable}", "{driver}", {op}, "{{node}}"]'
                           for op in OPERATIONS)
    with open(os.path.join(folder, "cluster.yaml"), "w") as f:
        f.write("Kind: Cluster\nName: hv\nDriver: Exec\nExec:\n"
                f'  Inventory: ["{sys.executable}", "{driver}", Inventory]\n{exec_lines}\n')
    with open(os.path.join(folder, "policy.yaml"), "w") as f:
        f.write("Kind: PatchPolicy\nName: hv-weekly\nCluster: hv\n"
                'WUFrequency: "Hourly, 60"\nWindowDurationInMinutes: 1440\nWURescheduleCount: 1\n'
                "WURescheduleTimeInMinutes: 0\nMaxFailedNodes: 5\n")
    return folder


def calls(folder):
    path = os.path.join(folder, "calls.log")
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [tuple(line.split()) for line in f if line.strip()]


def cycle_of(daemon):
    entry = daemon.get_json("/v1/status")["policies"][0]
    return entry["cycle"] or {}, entry["nodes"]


def test_inventory_nodes_are_patched_and_a_failed_precheck_never_drains():
    with temp_dir() as root:
        inventory = [{"Name": "hv01", "UpgradeDomain": "a"}, {"Name": "hv02", "UpgradeDomain": "b"},
                     {"Name": "hv03", "UpgradeDomain": "a"}]
        folder = write_policies(root, inventory, precheck_fail=["hv02"])
        with Daemon(os.path.join(root, "state"), [folder]) as daemon:
            assert daemon.address(), daemon.log_text()
            wait_until(lambda: cycle_of(daemon)[0].get("state") == "Completed", timeout=60,
                       what="the cycle to complete")
            cycle, nodes = cycle_of(daemon)
            by_name = {n["name"]: n for n in nodes}
            assert sorted(by_name) == ["hv01", "hv02", "hv03"], nodes
            assert by_name["hv01"]["result"] == "Succeeded" and by_name["hv01"]["upgrade_domain"] == "a"
            assert by_name["hv02"]["result"] == "Failed", by_name["hv02"]
            assert by_name["hv02"]["reschedules"] == 1, by_name["hv02"]
            assert daemon.stop() == 0
        log = calls(folder)
        assert log[0] == ("Inventory",), log
        assert ("PreCheck", "hv02") in log
        assert ("Drain", "hv02") not in log and ("Resume", "hv02") not in log, log
        for node in ("hv01", "hv03"):
            mine = [op for op, *rest in log if rest == [node]]
            assert mine[-5:] == ["PreCheck", "Drain", "Install", "PostCheck", "Resume"], (node, mine)


def test_an_invalid_inventory_fails_the_cycle_with_the_reason_in_status():
    with temp_dir() as root:
        inventory = [{"Name": "hv01"}, {"Name": "HV01"}]
        folder = write_policies(root, inventory)
        with Daemon(os.path.join(root, "state"), [folder]) as daemon:
            assert daemon.address(), daemon.log_text()
            wait_until(lambda: cycle_of(daemon)[0].get("state") == "Failed", timeout=30,
                       what="the cycle to fail")
            cycle, nodes = cycle_of(daemon)
            assert cycle["halt_reason"] == ("Inventory failed: node 2: node name 'HV01' is already "
                                            "used by node 1 [duplicate-node]"), cycle
            assert nodes == []
            assert "Inventory failed" in daemon.log_text()
            assert daemon.stop() == 0
        assert calls(folder) == [("Inventory",)]


if __name__ == "__main__":
    sys.exit(run_tests(globals()))
