"""Regression tests of the hardening issue on the real binary: the HTTP API refuses before it
reads, the README's curl command works as written, reloads under load, listen addresses and
token files, and the command line's time options."""
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from daemon_harness import BINARY, Daemon, run_tests, temp_dir, wait_until, write_cluster  # noqa: E402

SOURCE = os.environ.get("PW_SOURCE_DIR", ".")
TOKEN = "dGhpcyBpcyBhIHRlc3QgdG9rZW4gb2YgNDQgY2hhcnM="
INSTALLATION = 1  # POA's OperationType of an install record


def setup(root, token=TOKEN, mode=0o600, **cluster):
    folder = os.path.join(root, "policies")
    os.makedirs(folder, exist_ok=True)
    write_cluster(folder, **({"nodes": 4, "domains": 2} | cluster))
    token_file = os.path.join(root, "api-token")
    with open(token_file, "w") as f:
        f.write(token + "\n")
    os.chmod(token_file, mode)
    return folder, token_file


def raw_request(address, head, timeout=5):
    """Sends `head` (request line and headers, no body) and returns the status line and body."""
    host, port = address.rsplit(":", 1)
    with socket.create_connection((host.strip("[]"), int(port)), timeout=timeout) as sock:
        sock.sendall(head.encode())
        data = b""
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    text = data.decode(errors="replace")
    return text.split("\r\n", 1)[0], text.split("\r\n\r\n", 1)[-1]


def test_readme_curl_pause_command_works_as_written():
    readme = open(os.path.join(SOURCE, "README.md")).read()
    match = re.search(r"`(curl -X POST [^`]*?/pause)`", readme)
    assert match, "the README has no curl pause command"
    with temp_dir() as root:
        folder, token_file = setup(root)
        with Daemon(os.path.join(root, "state"), [folder], token_file=token_file) as daemon:
            address = daemon.address()
            assert address, daemon.log_text()
            command = (match.group(1).replace("/etc/patchwarden/api-token", token_file)
                       .replace("127.0.0.1:8754", address).replace("NAME", "lab-weekly"))
            # Before the fix httplib waited ~5 s for a body that never came, then answered 400.
            done = subprocess.run(["sh", "-c", command + " -s -w ' %{http_code}'"],
                                  capture_output=True, text=True, timeout=30)
            assert done.returncode == 0, done
            assert done.stdout.rstrip().endswith(" 200"), done.stdout
            assert '"paused": true' in done.stdout, done.stdout
            assert daemon.get_json("/v1/status")["policies"][0]["paused"] is True
            assert daemon.stop() == 0


def test_pause_and_resume_subcommands():
    with temp_dir() as root:
        folder, token_file = setup(root)
        state = os.path.join(root, "state")

        def cli(*args, env=None):
            return subprocess.run([BINARY] + list(args) + ["--state", state], capture_output=True,
                                  text=True, timeout=30, env=env)

        done = cli("pause", "lab-weekly", "--token-file", token_file)
        assert done.returncode == 3 and "no daemon runs on" in done.stderr, done
        with Daemon(state, [folder], token_file=token_file) as daemon:
            assert daemon.address(), daemon.log_text()
            done = cli("pause", "lab-weekly", "--token-file", token_file)
            assert done.returncode == 0 and done.stdout == "lab-weekly: paused\n", done
            assert daemon.get_json("/v1/status")["policies"][0]["paused"] is True
            env = dict(os.environ, PATCHWARDEN_TOKEN_FILE=token_file)
            done = cli("resume", "lab-weekly", env=env)
            assert done.returncode == 0 and done.stdout == "lab-weekly: resumed\n", done
            assert daemon.get_json("/v1/status")["policies"][0]["paused"] is False
            env = dict(os.environ, PATCHWARDEN_TOKEN="wrong-token-of-some-length")
            env.pop("PATCHWARDEN_TOKEN_FILE", None)
            done = cli("pause", "lab-weekly", env=env)
            assert done.returncode == 3 and "missing or wrong bearer token" in done.stderr, done
            done = cli("pause", "no-such-policy", "--token-file", token_file)
            assert done.returncode == 2 and "no policy named" in done.stderr, done
            env = {k: v for k, v in os.environ.items() if not k.startswith("PATCHWARDEN_")}
            done = cli("pause", "lab-weekly", env=env)
            assert done.returncode == 3 and "no token" in done.stderr, done
            assert daemon.stop() == 0


DOWN = ("Draining", "Installing", "Restarting", "Resuming")


def test_pause_lets_the_node_in_flight_finish_and_resume_redoes_nothing():
    with temp_dir() as root:
        # Installs of 60..80 virtual minutes: 6..8 s at x600, so the pause lands mid-install.
        folder, token_file = setup(root, patch=(60, 80))

        def entry(daemon):
            return daemon.get_json("/v1/status")["policies"][0]

        def nodes(daemon):
            return entry(daemon).get("nodes") or []

        def down(daemon):
            return [n["name"] for n in nodes(daemon) if n["sub_state"] in DOWN]

        with Daemon(os.path.join(root, "state"), [folder], scale=600,
                    start="2026-12-05T21:55:00Z", token_file=token_file) as daemon:
            wait_until(lambda: any(n["sub_state"] == "Installing" for n in nodes(daemon)),
                       timeout=60, what="a node installing")
            # POA's numbers: an installing node is InstallationInProgress (4), Executing; a node
            # waiting for its turn holds a Claimed task.
            for node in nodes(daemon):
                if node["sub_state"] == "Installing":
                    assert node["ExecutorData"]["ExecutorSubState"] == 4, node
                    assert node["task_state"] == "Executing", node
                if node["sub_state"] == "WaitingForApproval":
                    assert node["ExecutorData"]["ExecutorSubState"] == 2, node
                    assert node["task_state"] == "Claimed", node
            code, body = daemon.post("/v1/policies/lab-weekly/pause", token=TOKEN)
            assert code == 200 and body["paused"] is True, body
            # The answer came before the install ended: the pause did not wait for the node.
            in_flight = down(daemon)
            assert in_flight, entry(daemon)
            wait_until(lambda: entry(daemon)["cycle"]["state"] == "Paused", timeout=60,
                       what="the cycle paused")
            assert down(daemon) == [], entry(daemon)
            installed = {n["name"] for n in nodes(daemon)
                         if n["sub_state"] in ("Soaking", "Finished")}
            assert set(in_flight) <= installed, (in_flight, entry(daemon))
            assert daemon.post("/v1/policies/lab-weekly/resume", token=TOKEN)[0] == 200
            wait_until(lambda: (entry(daemon)["cycle"] or {}).get("state") == "Completed",
                       timeout=120, what="the cycle completed")
            results = daemon.get_json("/v1/results")
            for node in results:
                installs = [r for r in node["WindowsUpdateOperationResults"]
                            if r["OperationType"] == INSTALLATION]
                assert len(installs) == 1, (node["NodeName"], installs)
            assert len(results) == 4, results
            # POA shows Installation records only by default; all types on request.
            types = {r["OperationType"] for n in results for r in n["WindowsUpdateOperationResults"]}
            assert types == {INSTALLATION}, types
            every = daemon.get_json("/v1/results?OperationType=all")
            types = {r["OperationType"] for n in every for r in n["WindowsUpdateOperationResults"]}
            assert types == {0, INSTALLATION}, types
            assert daemon.stop() == 0
        done = subprocess.run([BINARY, "results", "--all", "--format", "json", "--state",
                               os.path.join(root, "state")], capture_output=True, text=True,
                              timeout=30)
        assert done.returncode == 0, done
        assert '"OperationType": 0' in done.stdout and '"OperationType": 1' in done.stdout


def test_a_removed_policys_unfinished_cycle_is_reported_with_its_drained_nodes():
    with temp_dir() as root:
        folder, _ = setup(root, patch=(60, 80))
        state = os.path.join(root, "state")
        with Daemon(state, [folder], scale=600, start="2026-12-05T21:55:00Z") as daemon:
            wait_until(lambda: any(n["sub_state"] == "Installing" for n in
                                   daemon.get_json("/v1/status")["policies"][0].get("nodes") or []),
                       timeout=60, what="a node installing")
            daemon.kill()  # kill -9 mid-install
        os.unlink(os.path.join(folder, "policy.yaml"))
        with Daemon(state, [folder], scale=600, start="2026-12-05T23:00:00Z") as daemon:
            assert daemon.address(), daemon.log_text()
            code = daemon.stop()
            log = daemon.log_text()
            assert code == 0, (code, log)
            assert "error lab-weekly: cycle 1 on cluster lab did not finish and its policy is gone" \
                in log, log
            assert "may still be drained: n00" in log, log


def test_a_large_body_is_refused_before_it_is_read():
    with temp_dir() as root:
        folder, token_file = setup(root)
        with Daemon(os.path.join(root, "state"), [folder], token_file=token_file) as daemon:
            address = daemon.address()
            assert address, daemon.log_text()
            head = ("POST /v1/policies/lab-weekly/pause HTTP/1.1\r\nHost: x\r\n"
                    "Content-Length: 536870912\r\n{auth}\r\n")
            # No body is sent at all: an answer proves the server did not wait to read one.
            status, body = raw_request(address, head.format(auth=""))
            assert " 401 " in status and "bearer token" in body, (status, body)
            status, body = raw_request(
                address, head.format(auth=f"Authorization: Bearer {TOKEN}\r\n"))
            assert " 413 " in status and "no body" in body, (status, body)
            status, body = raw_request(address, "POST /v1/elsewhere HTTP/1.1\r\nHost: x\r\n"
                                                "Content-Length: 536870912\r\n\r\n")
            assert " 404 " in status, (status, body)
            assert daemon.get_json("/v1/status")["policies"][0]["paused"] is False
            assert daemon.stop() == 0


def test_reloads_while_clients_read_every_document():
    """Handlers iterate the policy set while SIGHUP and file edits replace it (a use after free
    under ASan before the handlers held the set)."""
    with temp_dir() as root:
        folder, _ = setup(root)
        policy = os.path.join(folder, "policy.yaml")
        text = open(policy).read()
        with Daemon(os.path.join(root, "state"), [folder]) as daemon:
            address = daemon.address()
            assert address, daemon.log_text()
            stop = threading.Event()
            errors = []

            def reader():
                while not stop.is_set():
                    for path in ("/v1/status", "/v1/windows", "/metrics"):
                        try:
                            with urllib.request.urlopen(f"http://{address}{path}",
                                                        timeout=10) as response:
                                if response.status != 200:
                                    errors.append((path, response.status))
                        except (urllib.error.URLError, OSError) as error:
                            errors.append((path, repr(error)))

            threads = [threading.Thread(target=reader) for _ in range(3)]
            for thread in threads:
                thread.start()
            try:
                for round_number in range(60):
                    with open(policy, "w") as f:
                        f.write(text.replace("22:00", f"22:{round_number % 60:02d}"))
                    daemon.process.send_signal(signal.SIGHUP)
                    assert daemon.get("/healthz")[0] == 200  # one round trip per round
            finally:
                stop.set()
                for thread in threads:
                    thread.join()
            assert daemon.process.poll() is None, daemon.log_text()
            assert not errors, errors[:5]
            assert daemon.stop() == 0


def test_listen_addresses_and_token_file_warnings():
    with temp_dir() as root:
        folder, token_file = setup(root, token="s3cret", mode=0o644)
        with Daemon(os.path.join(root, "a"), [folder], token_file=token_file,
                    extra=["--listen", "0.0.0.0:0"]) as daemon:
            assert daemon.address(), daemon.log_text()
            code = daemon.stop()
            log = daemon.log_text()
            assert code == 0, (code, log)
            assert "is readable by every user" in log, log
            assert "holds a token of 6 characters" in log, log
            assert "without --token-file" not in log, log
        with Daemon(os.path.join(root, "b"), [folder], extra=["--listen", "0.0.0.0:0"]) as daemon:
            assert daemon.address(), daemon.log_text()
            assert daemon.stop() == 0
            assert "listening on 0.0.0.0, which other machines reach, without --token-file" in \
                daemon.log_text()

        # A port in use is named as such, with the system's reason.
        with socket.socket() as taken:
            taken.bind(("127.0.0.1", 0))
            taken.listen()
            port = taken.getsockname()[1]
            done = subprocess.run([BINARY, "run", "--state", os.path.join(root, "c"),
                                   "--listen", f"127.0.0.1:{port}", folder],
                                  capture_output=True, text=True, timeout=30)
            assert done.returncode == 3, done
            assert f"cannot listen on 127.0.0.1:{port}: Address already in use" in done.stderr, \
                done.stderr

        if socket.has_ipv6:
            try:
                with socket.socket(socket.AF_INET6) as probe:
                    probe.bind(("::1", 0))
                ipv6 = True
            except OSError:
                ipv6 = False
            if ipv6:
                with Daemon(os.path.join(root, "d"), [folder],
                            extra=["--listen", "[::1]:0"]) as daemon:
                    address = daemon.address()
                    assert address and address.startswith("[::1]:"), (address, daemon.log_text())
                    assert daemon.get("/healthz") == (200, "ok\n")
                    assert daemon.stop() == 0


def test_offline_status_for_a_user_who_may_only_read():
    if os.geteuid() != 0 or not shutil.which("setpriv"):
        print("  (skipped: needs root and setpriv to become another user)")
        return
    with temp_dir() as root:
        folder, _ = setup(root)
        state = os.path.join(root, "state")
        with Daemon(state, [folder]) as daemon:
            assert daemon.address(), daemon.log_text()
            assert daemon.stop() == 0
        for path in (root, state):
            os.chmod(path, 0o755)
        for name in os.listdir(state):
            full = os.path.join(state, name)
            if os.path.isfile(full):
                os.chmod(full, 0o644)
        before = sorted(os.listdir(state))
        for command in ("status", "results"):
            done = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                                   BINARY, command, "--state", state, "--format", "json"],
                                  capture_output=True, text=True, timeout=30)
            assert done.returncode == 0, (command, done)
        assert sorted(os.listdir(state)) == before


def test_files_the_daemon_writes_beside_the_policies_do_not_reload_them():
    with temp_dir() as root:
        folder, _ = setup(root)
        state = os.path.join(folder, "state")  # the state (logs, database) inside the folder
        with Daemon(state, [folder]) as daemon:
            assert daemon.address(), daemon.log_text()
            for _ in range(20):  # each request logs and writes into the watched folder
                assert daemon.get("/v1/status")[0] == 200
            with open(os.path.join(folder, "notes.txt"), "w") as f:
                f.write("not a policy\n")
            # A git commit in the policy repository, and an editor's swap file.
            os.makedirs(os.path.join(folder, ".git", "objects", "ab"))
            with open(os.path.join(folder, ".git", "objects", "ab", "cd.yaml"), "w") as f:
                f.write("x: 1\n")
            with open(os.path.join(folder, ".policy.yaml.swp"), "w") as f:
                f.write("swap\n")
            assert daemon.get("/healthz")[0] == 200
            assert "reloading policies" not in daemon.log_text(), daemon.log_text()
            # A policy edit still reloads; the writes above must not have (a loop did 28,424
            # reloads in 10 s).
            policy = os.path.join(folder, "policy.yaml")
            text = open(policy).read()
            with open(policy, "w") as f:
                f.write(text.replace("22:00", "22:30"))
            wait_until(lambda: "reloaded:" in daemon.log_text(), what="the reload")
            for _ in range(20):
                assert daemon.get("/v1/status")[0] == 200
            reloads = daemon.log_text().count("reloading policies")
            for _ in range(20):
                assert daemon.get("/v1/status")[0] == 200
            # One save may be seen as two changes (truncate, then write); never more after it.
            assert reloads <= 2, daemon.log_text()
            assert daemon.log_text().count("reloading policies") == reloads, daemon.log_text()
            assert daemon.stop() == 0

        with Daemon(os.path.join(root, "state"), [folder]) as daemon:
            assert daemon.address(), daemon.log_text()
            # The folder renamed away and a new one made at its path: the new one is followed.
            moved = folder + "-old"
            shutil.rmtree(state)
            os.rename(folder, moved)
            os.makedirs(folder)
            with open(os.path.join(folder, "policy.yaml"), "w") as f:
                f.write(text)
            shutil.copy(os.path.join(moved, "cluster.yaml"), folder)
            wait_until(lambda: "22:00" in str(daemon.get_json("/v1/windows")),
                       what="the recreated folder's policy")
            reloads = daemon.log_text().count("reloading policies")
            with open(os.path.join(moved, "policy.yaml"), "w") as f:
                f.write(text.replace("22:00", "23:45"))
            for _ in range(20):
                assert daemon.get("/v1/status")[0] == 200
            assert "23:45" not in str(daemon.get_json("/v1/windows"))
            assert daemon.log_text().count("reloading policies") == reloads, daemon.log_text()
            assert daemon.stop() == 0


def lint(*paths):
    return subprocess.run([BINARY, "lint"] + list(paths), capture_output=True, text=True,
                          timeout=10)


def test_lint_diagnostics_stay_short_and_never_hang():
    with temp_dir() as root:
        folder, _ = setup(root)
        # A FIFO given by name or found in a folder is refused, not read for ever.
        fifo = os.path.join(root, "pipe.yaml")
        os.mkfifo(fifo)
        done = lint(fifo)
        assert done.returncode in (1, 2) and "not a regular file" in done.stdout + done.stderr, done
        os.rename(fifo, os.path.join(folder, "pipe.yaml"))
        done = lint(folder)
        assert done.returncode == 2 and "pipe.yaml: not a regular file" in done.stderr, done
        os.unlink(os.path.join(folder, "pipe.yaml"))
        # A dangling *.yaml symlink is reported, not skipped in silence.
        os.symlink(os.path.join(root, "gone.yaml"), os.path.join(folder, "link.yaml"))
        done = lint(folder)
        assert done.returncode == 2 and "link.yaml: dangling symbolic link" in done.stderr, done
        os.unlink(os.path.join(folder, "link.yaml"))
        # A file over the limit with a 2 MiB first line of NULs: a short line is echoed.
        big = os.path.join(root, "big.yaml")
        with open(big, "wb") as f:
            f.write(b"\0" * (2 << 20))
        done = lint(big)
        assert done.returncode == 1 and "limited to 1 MiB" in done.stdout, done
        assert len(done.stdout) < 1000 and "\0" not in done.stdout, len(done.stdout)
        # A value too large names the upper bound, not the lower one.
        policy = os.path.join(folder, "policy.yaml")
        with open(policy, "a") as f:
            f.write("WURescheduleCount: 99999999999999999999\n")
        done = lint(folder)
        assert "it must be 0..5" in done.stdout or "at most" in done.stdout, done.stdout
        assert "at least" not in done.stdout, done.stdout


def test_a_failed_write_of_the_output_is_an_error():
    if not os.path.exists("/dev/full"):
        return
    with temp_dir() as root:
        folder, _ = setup(root)
        with open("/dev/full", "w") as full:
            done = subprocess.run([BINARY, "preview", "--count", "50", folder], stdout=full,
                                  stderr=subprocess.PIPE, text=True, timeout=30)
        assert done.returncode == 3, done
        assert "cannot write the output" in done.stderr, done.stderr


def test_time_options_are_checked():
    with temp_dir() as root:
        folder, _ = setup(root)
        state = os.path.join(root, "state")
        for args, message in (
                (["--time-scale", "nan"], "a finite number greater than 0"),
                (["--time-scale", "inf"], "a finite number greater than 0"),
                (["--time-scale", "0"], "a finite number greater than 0"),
                (["--from", "2026-12-05T21:55:00Z"], "--time-scale"),
        ):
            done = subprocess.run([BINARY, "run", "--state", state] + args + [folder],
                                  capture_output=True, text=True, timeout=30)
            assert done.returncode == 2, (args, done)
            assert message in done.stderr, (args, done.stderr)
        # Windows end with year 9999 instead of printing year 10000 as 0000.
        done = subprocess.run([BINARY, "preview", "--from", "9999-12-20T00:00:00Z", "--count", "5",
                               folder], capture_output=True, text=True, timeout=30)
        assert done.returncode == 0, done
        assert "9999-12-25" in done.stdout and "0000-" not in done.stdout, done.stdout


if __name__ == "__main__":
    sys.exit(run_tests(globals()))
