"""Starting, querying and stopping real `patchwarden run` daemons for the integration tests.

A Daemon is a context manager: leaving its `with` block, by success or by a failed assertion,
kills the process if it still runs, so a failing test never leaves a daemon behind. Daemons not
stopped by their block (or a test that forgot one) are killed when the interpreter exits.
"""
import atexit
import json
import os
import signal
import subprocess
import tempfile
import time
import traceback
import urllib.error
import urllib.request

BINARY = os.environ.get("PW_BINARY", "build/engine/patchwarden")

CLUSTER = """Kind: Cluster
Name: {name}
MaxUnavailable: {cluster_max_unavailable}
Driver: Simulated
Simulation:
  Seed: 7
  DownloadMinutes: 5
  PatchMinutes: {{Min: {patch_min}, Max: {patch_max}}}
  RebootRequiredPercent: 50
  FailurePercent: 0
  Updates:
    - UpdateId: 3a1b2c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d
      Title: Cumulative Update (KB5071234)
      KBArticleIds: [KB5071234]
Nodes:
{nodes}"""

POLICY = """Kind: PatchPolicy
Name: {name}
Cluster: {cluster}
WUFrequency: "{frequency}"
WindowDurationInMinutes: {duration}
TaskApprovalPolicy: UpgradeDomainWise
MaxUnavailable: {max_unavailable}
"""


def write_cluster(folder, name="lab", nodes=20, domains=5, patch=(20, 40), policy="lab-weekly",
                  frequency="Weekly, Saturday, 22:00", duration=0, max_unavailable=2,
                  cluster_max_unavailable=2):
    node_lines = "\n".join(
        f"  - {{Name: n{i:03d}, UpgradeDomain: ud{i % domains}}}" for i in range(nodes))
    with open(os.path.join(folder, "cluster.yaml"), "w") as f:
        f.write(CLUSTER.format(name=name, patch_min=patch[0], patch_max=patch[1], nodes=node_lines,
                               cluster_max_unavailable=cluster_max_unavailable))
    with open(os.path.join(folder, "policy.yaml"), "w") as f:
        f.write(POLICY.format(name=policy, cluster=name, frequency=frequency, duration=duration,
                              max_unavailable=max_unavailable))


_RUNNING = set()


def _kill_leftovers():
    for daemon in list(_RUNNING):
        daemon.kill()


atexit.register(_kill_leftovers)


class Daemon:
    """One daemon process; stderr goes to a file in the state directory."""

    def __init__(self, state, paths, scale=None, start=None, token_file=None, extra=()):
        self.state = state
        os.makedirs(state, exist_ok=True)
        args = [BINARY, "run", "--state", state]
        if "--listen" not in extra:
            args += ["--listen", "127.0.0.1:0"]
        if scale:
            args += ["--time-scale", str(scale)]
        if start:
            args += ["--from", start]
        if token_file:
            args += ["--token-file", token_file]
        args += list(extra) + list(paths)
        self.log_path = os.path.join(state, f"daemon-{time.monotonic_ns()}.err")
        self.log = open(self.log_path, "w")
        # A daemon killed before left its address file: only one written after this start counts.
        self.started = time.time() - 0.05  # file times are as fine as a clock tick
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=self.log)
        _RUNNING.add(self)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.kill()
        return False

    def kill(self):
        """SIGKILL if it still runs (no-op after stop()); always reaps it and closes the log."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=30)
        if not self.log.closed:
            self.log.close()
        _RUNNING.discard(self)

    def address(self, timeout=10.0):
        """The HTTP address once the daemon serves, or None if it ended first."""
        deadline = time.monotonic() + timeout
        path = os.path.join(self.state, "http-address")
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return None
            if os.path.exists(path) and os.path.getmtime(path) >= self.started:
                text = open(path).read().strip()
                if text:
                    return text
            time.sleep(0.02)
        return None

    def get(self, path):
        try:
            with urllib.request.urlopen(f"http://{self.address()}{path}", timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def get_json(self, path):
        status, body = self.get(path)
        assert status == 200, (path, status, body)
        return json.loads(body)

    def post(self, path, token=None):
        request = urllib.request.Request(f"http://{self.address()}{path}", method="POST", data=b"")
        if token is not None:
            request.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, json.loads(response.read().decode())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read().decode())

    def stop(self, sig=signal.SIGTERM, timeout=30):
        if self.process.poll() is None:
            self.process.send_signal(sig)
        code = self.process.wait(timeout=timeout)
        self.log.close()
        _RUNNING.discard(self)
        return code

    def log_text(self):
        if not self.log.closed:
            self.log.flush()
        with open(self.log_path) as log:
            return log.read()


def wait_until(predicate, timeout=20.0, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def temp_dir():
    return tempfile.TemporaryDirectory(prefix="pw-daemon-")


def run_tests(namespace):
    """Runs every test_* function of `namespace` (a module's globals()); 1 if any failed."""
    tests = [value for name, value in sorted(namespace.items()) if name.startswith("test_")]
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
