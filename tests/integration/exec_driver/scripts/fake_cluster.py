#!/usr/bin/env python3
"""A test Exec driver that keeps a fake cluster's state in files (DESIGN.md section 7).

Usage: fake_cluster.py STATE_DIR OPERATION [NODE]

STATE_DIR/catalog.json          the updates every node offers (update records, section 2.3)
STATE_DIR/nodes/NODE/state      Up | Drained | Rebooting
STATE_DIR/nodes/NODE/installed  update ids installed, one a line
STATE_DIR/nodes/NODE/downloaded update ids downloaded, one a line
STATE_DIR/calls.log             one line per call: "OPERATION NODE"
STATE_DIR/precheck.json         what PreCheck saw: its request, working directory, environment

Reads the request JSON on stdin, prints one JSON document on stdout, logs to stderr, and exits
non-zero when the operation is not allowed in the node's state. Requests and replies have the
shapes of the Exec protocol (engine/driver/exec_protocol.hpp, reply.hpp): Download/Install take
{"Updates": [ids]}; Install answers {"Updates": [{UpdateId, ResultCode, HResult}],
"RebootRequired"}; Health without a node answers {"Unhealthy": [names]}.
"""
import json
import os
import sys


def read_lines(path):
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as handle:
        return [line.strip() for line in handle if line.strip()]


def write_text(path, text):
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)


def fail(code, message):
    print(message, file=sys.stderr)
    sys.exit(code)


class Node:
    def __init__(self, state_dir, name):
        self.dir = os.path.join(state_dir, "nodes", name)
        if not os.path.isdir(self.dir):
            fail(4, f"no such node: {name}")

    def state(self):
        return read_lines(os.path.join(self.dir, "state"))[0]

    def set_state(self, state):
        write_text(os.path.join(self.dir, "state"), state + "\n")

    def ids(self, kind):
        return read_lines(os.path.join(self.dir, kind))

    def add_ids(self, kind, ids):
        merged = self.ids(kind) + [i for i in ids if i not in self.ids(kind)]
        write_text(os.path.join(self.dir, kind), "".join(i + "\n" for i in merged))


def catalog(state_dir):
    with open(os.path.join(state_dir, "catalog.json"), encoding="utf-8") as handle:
        return json.load(handle)


def pending(state_dir, node):
    installed = node.ids("installed")
    return [u for u in catalog(state_dir) if u["UpdateId"] not in installed]


def requested_ids(request, state_dir, node):
    ids = request.get("Updates")
    return ids if ids is not None else [u["UpdateId"] for u in pending(state_dir, node)]


def run(state_dir, operation, node_name, request):
    if operation == "Inventory":
        names = sorted(os.listdir(os.path.join(state_dir, "nodes")))
        return {"Nodes": [{"Name": n, "UpgradeDomain": f"UD{i % 2}"} for i, n in enumerate(names)]}
    if operation == "Health" and not node_name:
        names = sorted(os.listdir(os.path.join(state_dir, "nodes")))
        return {"Unhealthy": [n for n in names if Node(state_dir, n).state() != "Up"]}
    node = Node(state_dir, node_name)
    if operation == "Health":
        return {"Healthy": node.state() == "Up", "State": node.state()}
    if operation == "Search":
        updates = pending(state_dir, node)
        print(f"found {len(updates)} updates", file=sys.stderr)
        return {"Updates": updates}
    if operation == "Download":
        ids = requested_ids(request, state_dir, node)
        node.add_ids("downloaded", ids)
        return {"Downloaded": ids}
    if operation == "Drain":
        node.set_state("Drained")
        return {"State": "Drained"}
    if operation == "Install":
        if node.state() != "Drained":
            fail(2, f"refusing to install on {node_name}: node is {node.state()}, not Drained")
        ids = requested_ids(request, state_dir, node)
        missing = [i for i in ids if i not in node.ids("downloaded")]
        if missing:
            fail(3, f"not downloaded: {', '.join(missing)}")
        node.add_ids("installed", ids)
        reboot = any(u.get("RebootRequired", False) for u in catalog(state_dir)
                     if u["UpdateId"] in ids)
        return {"Updates": [{"UpdateId": i, "ResultCode": 0, "HResult": 0} for i in ids],
                "RebootRequired": reboot}
    if operation == "Reboot":
        node.set_state("Drained")
        return {"Rebooted": True}
    if operation == "Resume":
        node.set_state("Up")
        return {"State": "Up"}
    if operation == "PreCheck":
        keys = [k for k in os.environ if "PROXY" in k.upper() or k.startswith("PATCHWARDEN_")]
        seen = {"Request": request, "Cwd": os.getcwd(),
                "Environment": {k: os.environ[k] for k in keys}}
        write_text(os.path.join(state_dir, "precheck.json"), json.dumps(seen))
        return {}
    fail(5, f"unknown operation: {operation}")
    return None


def main():
    state_dir, operation = sys.argv[1], sys.argv[2]
    node_name = sys.argv[3] if len(sys.argv) > 3 else ""
    request = json.load(sys.stdin)
    if request.get("Node", "") != node_name:
        fail(6, f"request is for node {request.get('Node')!r}, argv says {node_name!r}")
    with open(os.path.join(state_dir, "calls.log"), "a", encoding="utf-8") as log:
        log.write(f"{operation} {node_name}\n")
    json.dump(run(state_dir, operation, node_name, request), sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
