"""Integration tests of `patchwarden run`, `status` and `results` on real processes."""
import json
import os
import shutil
import signal
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from daemon_harness import BINARY, Daemon, run_tests, temp_dir, wait_until, write_cluster  # noqa: E402

# A Saturday 22:00 window starts 5 virtual minutes after this.
START = "2026-12-05T21:55:00Z"


def policies(root, **kwargs):
    folder = os.path.join(root, "policies")
    os.makedirs(folder, exist_ok=True)
    write_cluster(folder, **kwargs)
    return folder


def cycle_of(daemon, policy="lab-weekly"):
    for entry in daemon.get_json("/v1/status")["policies"]:
        if entry["policy"] == policy:
            return entry["cycle"]
    return None


def test_two_daemons_on_one_state_directory():
    with temp_dir() as root:
        folder = policies(root)
        state = os.path.join(root, "state")
        with Daemon(state, [folder]) as first:
            assert first.address(), first.log_text()
            with Daemon(state, [folder]) as second:
                code = second.process.wait(timeout=10)
                text = second.log_text()
            assert code == 3, code
            assert f"is in use by another patchwarden (pid {first.process.pid})" in text, text
            assert first.process.poll() is None
            assert first.stop() == 0


def test_refuses_to_start_with_policy_errors():
    with temp_dir() as root:
        folder = policies(root)
        with open(os.path.join(folder, "broken.yaml"), "w") as f:
            f.write("Kind: PatchPolicy\nName: broken\nCluster: lab\nWUFrequency: \"Weekly, Caturday, 7:00\"\n")
        result = subprocess.run([BINARY, "run", "--state", os.path.join(root, "state"), folder],
                                capture_output=True, text=True, timeout=30)
        assert result.returncode == 1, result
        assert "broken.yaml:4:" in result.stderr and "error:" in result.stderr, result.stderr
        assert "refusing to start" in result.stderr
        assert not os.path.exists(os.path.join(root, "state", "http-address"))


def test_http_api_answers_while_a_cycle_runs():
    with temp_dir() as root:
        folder = policies(root, nodes=20, patch=(40, 60))
        with Daemon(os.path.join(root, "state"), [folder], scale=600, start=START) as daemon:
            assert daemon.address(), daemon.log_text()
            wait_until(lambda: (cycle_of(daemon) or {}).get("state") == "Running", what="a cycle")
            status = daemon.get_json("/v1/status")
            entry = status["policies"][0]
            assert status["daemon"] is True
            assert entry["cycle"]["window_start"] == "2026-12-05T22:00:00Z"
            assert len(entry["nodes"]) == 20
            assert {"name", "task_state", "sub_state", "next_attempt", "waiting_for"} <= set(entry["nodes"][0])
            windows = daemon.get_json("/v1/windows")["windows"]
            assert windows and windows[0]["policy"] == "lab-weekly" and windows[0]["end"] is None
            assert daemon.get("/healthz") == (200, "ok\n")
            code, metrics = daemon.get("/metrics")
            assert code == 200 and 'patchwarden_cycles_total{policy="lab-weekly",state="Running"} 1' in metrics, metrics
            assert "patchwarden_nodes{policy=\"lab-weekly\"" in metrics
            wait_until(lambda: daemon.get_json("/v1/results"), what="a result")
            poa = daemon.get_json("/PatchOrchestrationApplication/v1/GetWindowsUpdateResults")
            assert poa[0]["NodeName"].startswith("n") and poa[0]["WindowsUpdateOperationResults"]
            # The CLI asks the running daemon.
            cli = subprocess.run([BINARY, "status", "--state", daemon.state, "--format", "json"],
                                 capture_output=True, text=True, timeout=30)
            assert cli.returncode == 0 and json.loads(cli.stdout)["daemon"] is True, cli
            assert daemon.stop() == 0
        # Stopped: the same documents come from the state directory.
        cli = subprocess.run([BINARY, "status", "--state", daemon.state, "--format", "json"],
                             capture_output=True, text=True, timeout=30)
        offline = json.loads(cli.stdout)
        assert offline["daemon"] is False and offline["policies"][0]["policy"] == "lab-weekly"
        down = [n for n in offline["policies"][0]["nodes"]
                if n["sub_state"] in ("Draining", "Installing", "Restarting")]
        # Clean shutdown: a node drained when the signal came stays recorded, to be resumed.
        assert all(n["task_state"] in ("Approved", "Executing") for n in down)


def test_pause_and_resume_need_the_token():
    with temp_dir() as root:
        folder = policies(root)
        with Daemon(os.path.join(root, "state-a"), [folder]) as daemon:
            assert daemon.address(), daemon.log_text()
            code, body = daemon.post("/v1/policies/lab-weekly/pause", token="anything")
            assert code == 403 and "without --token-file" in body["error"], body
            assert daemon.stop() == 0

        token_file = os.path.join(root, "token")
        with open(token_file, "w") as f:
            f.write("s3cret\n")
        with Daemon(os.path.join(root, "state-b"), [folder], token_file=token_file) as daemon:
            assert daemon.address(), daemon.log_text()
            assert daemon.post("/v1/policies/lab-weekly/pause")[0] == 401
            assert daemon.post("/v1/policies/lab-weekly/pause", token="wrong")[0] == 401
            assert daemon.post("/v1/policies/nope/pause", token="s3cret")[0] == 404
            code, body = daemon.post("/v1/policies/lab-weekly/pause", token="s3cret")
            assert code == 200 and body == {"policy": "lab-weekly", "paused": True}, body
            assert daemon.get_json("/v1/status")["policies"][0]["paused"] is True
            code, body = daemon.post("/v1/policies/lab-weekly/resume", token="s3cret")
            assert code == 200 and body["paused"] is False
            assert daemon.get_json("/v1/status")["policies"][0]["paused"] is False
            assert daemon.stop() == 0


def policy_names(daemon):
    return sorted(entry["policy"] for entry in daemon.get_json("/v1/status")["policies"])


def test_reload_keeps_the_last_good_set():
    with temp_dir() as root:
        folder = policies(root)
        with Daemon(os.path.join(root, "state"), [folder]) as daemon:
            assert daemon.address(), daemon.log_text()
            assert policy_names(daemon) == ["lab-weekly"]
            # A broken edit (inotify): refused, the old set keeps running.
            with open(os.path.join(folder, "policy.yaml"), "a") as f:
                f.write("MaxFailedNode: 3\n")
            wait_until(lambda: "reload refused" in daemon.log_text(), what="the refusal")
            assert "MaxFailedNode" in daemon.log_text()
            assert policy_names(daemon) == ["lab-weekly"]
            # A good edit: taken.
            text = open(os.path.join(folder, "policy.yaml")).read()
            text = text.replace("MaxFailedNode: 3\n", "").replace("Name: lab-weekly", "Name: lab-nightly")
            with open(os.path.join(folder, "policy.yaml"), "w") as f:
                f.write(text)
            wait_until(lambda: policy_names(daemon) == ["lab-nightly"], what="the reload")
            # SIGHUP reloads too.
            before = daemon.log_text().count("reloading policies")
            daemon.process.send_signal(signal.SIGHUP)
            wait_until(lambda: daemon.log_text().count("reloading policies") > before, what="SIGHUP")
            assert daemon.stop() == 0


def test_missed_windows_are_recorded_and_an_open_one_starts():
    with temp_dir() as root:
        folder = policies(root, frequency="Daily, 22:00", duration=120, nodes=4, patch=(10, 10))
        state = os.path.join(root, "state")
        with Daemon(state, [folder], scale=600, start=START) as daemon:
            wait_until(lambda: (cycle_of(daemon) or {}).get("state") == "Completed", what="cycle 1")
            assert daemon.stop() == 0
        # Down for three days; back 30 minutes into the fourth day's window.
        with Daemon(state, [folder], scale=600, start="2026-12-08T22:30:00Z") as daemon:
            wait_until(lambda: (cycle_of(daemon) or {}).get("window_start") == "2026-12-08T22:00:00Z",
                       what="the open window's cycle")
            entry = daemon.get_json("/v1/status")["policies"][0]
            assert entry["missed_windows"] == 2, entry  # the 6th and the 7th
            assert "window 2026-12-06T22:00:00Z was missed" in daemon.log_text()
            assert daemon.stop() == 0


if __name__ == "__main__":
    sys.exit(run_tests(globals()))
