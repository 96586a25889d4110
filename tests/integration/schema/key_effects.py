#!/usr/bin/env python3
"""Every key the schemas accept has a test that shows its effect.

Walks schemas/policy.schema.json and schemas/cluster*.schema.json (properties, through $ref,
items and oneOf/anyOf/allOf) and lists every key as a dotted path ("Proxy.Server",
"Nodes.Labels"). Each must be in EFFECTS, naming the test that shows what the key does, as
"<file under tests/>::<text>": the text (a doctest TEST_CASE name, a Python test function)
must occur in that file. A key may instead be INFORMATIONAL (it has no behaviour by design) or
a known GAP (accepted, honoured, but no test shows it yet: the reason says what is missing).

Fails when the schema has a key in none of the three (adding a key forces a test), when an
entry names a key the schema no longer has, or when a named test is not found.
"""
import json
import pathlib
import sys

T = {
    "executor": "unit/rollout/test_executor.cpp",
    "checks": "unit/rollout/test_node_checks.cpp",
    "inventory": "unit/rollout/test_inventory.cpp",
    "planner": "unit/rollout/test_planner.cpp",
    "simulation": "unit/rollout/test_simulation.cpp",
    "filter": "unit/rollout/test_update_filter.cpp",
    "simdriver": "unit/driver/test_simulated_driver.cpp",
    "template": "unit/driver/test_exec_template.cpp",
    "proxyenv": "unit/driver/test_proxy_environment.cpp",
    "window": "unit/schedule/test_window.cpp",
    "occurrence": "unit/schedule/test_occurrence.cpp",
    "zone": "unit/schedule/test_zone.cpp",
    "query": "unit/query/test_query.cpp",
    "cross": "unit/policy/test_cross_checks.cpp",
    "loader": "unit/policy/test_loader.cpp",
    "fake": "integration/exec_driver/test_fake_cluster.cpp",
    "daemon_checks": "integration/daemon/test_checks.py",
}


def at(test, text):
    return f"{T[test]}::{text}"


FLAGS = at("query", "every flag property compares against its field")
POLICY = {
    "Kind": at("loader", "documents with errors are left out of the set, valid ones stay"),
    "Name": at("template", "substitutes every placeholder inside each argument"),
    "Cluster": at("cross", "a policy must name a loaded cluster"),
    "WUFrequency": at("occurrence", "POA's Weekly vector: a time equal to now is due, one second later it is next week"),
    "TimeZone": at("window", "windows in a zone follow its wall clock across a DST change"),
    "OffsetDays": at("occurrence", "OffsetDays shifts the base date and the base search accounts for it"),
    "WindowDurationInMinutes": at("executor", "a node is started only if it fits the window; the rest waits for the next one"),
    "Blackouts": at("window", "no window starts inside a blackout; one starting at its end is kept"),
    "Blackouts.Start": at("window", "a window running into a blackout ends at its start"),
    "Blackouts.End": at("window", "no window starts inside a blackout; one starting at its end is kept"),
    "WUQuery": at("planner", "WUQuery, OS-only, categories, EULA and include/exclude lists filter updates"),
    "WUQueryCategoryIds": at("planner", "WUQuery, OS-only, categories, EULA and include/exclude lists filter updates"),
    "InstallWindowsOSOnlyUpdates": at("planner", "WUQuery, OS-only, categories, EULA and include/exclude lists filter updates"),
    "AcceptWindowsUpdateEula": at("planner", "WUQuery, OS-only, categories, EULA and include/exclude lists filter updates"),
    "ExcludeUpdates": at("executor", "the filters decide what is installed; a node with nothing is never drained"),
    "IncludeUpdates": at("planner", "WUQuery, OS-only, categories, EULA and include/exclude lists filter updates"),
    "ExcludeUpdateTitles": at("filter", "ExcludeUpdateTitles drops the updates whose title matches"),
    "IncludeUpdateTitles": at("filter", "IncludeUpdateTitles keeps only matching updates, and exclusion still applies"),
    "TaskApprovalPolicy": at("planner", "NodeWise approves the oldest waiting node, one at a time"),
    "MaxUnavailable": at("planner", "UpgradeDomainWise approves longest first, up to MaxUnavailable"),
    "NodeSelector": at("inventory", "NodeSelector holds back nodes whose labels do not match: never called"),
    "NodeNamePattern": "unit/policy/test_node_selector.cpp::a node is held back unless every label matches and its name matches the pattern",
    "MinWaitTimeBetweenNodesInMinutes": at("simulation", "a soak after each node adds to NodeWise"),
    "MaxPercentageUnhealthyNodes": at("executor", "MaxPercentageUnhealthyNodes tolerates its share, and drained nodes do not count"),
    "MaxFailedNodes": at("executor", "more than MaxFailedNodes failed nodes halt the cycle"),
    "RebootPolicy": at("executor", "RebootPolicy: Always reboots, Never does not even when required"),
    "PostCheckFailure": at("checks", "with PostCheckFailure KeepDrained the node stays drained and the cycle halts"),
    "RebootTimeoutInMinutes": at("executor", "a node that does not come back within RebootTimeoutInMinutes fails, resumed"),
    "WUOperationTimeOutInMinutes": at("executor", "an install longer than WUOperationTimeOutInMinutes times out"),
    "WUOperationRetryCount": at("executor", "a failing search is retried WUOperationRetryCount times, delays apart"),
    "WUDelayBetweenRetriesInMinutes": at("executor", "a failing search is retried WUOperationRetryCount times, delays apart"),
    "WURescheduleCount": at("executor", "a failed node is rescheduled WURescheduleCount times, the gap honoured"),
    "WURescheduleTimeInMinutes": at("executor", "a failed node is rescheduled WURescheduleCount times, the gap honoured"),
    "QuarantineAfterFailures": at("executor", "an update failing QuarantineAfterFailures cycles in a row is skipped and reported"),
    "MaxResultsToCache": at("executor", "results carry what POA's GetWindowsUpdateResults needs, capped at MaxResultsToCache"),
    "Proxy": at("proxyenv", "the proxy goes verbatim and in the Unix convention, in both cases"),
    "Proxy.Server": at("proxyenv", "a single host:port serves both schemes over http://"),
    "Proxy.Bypass": at("proxyenv", "<local> becomes the short names and *.domain a leading-dot suffix"),
}

EXEC_FLOW = at("fake", "a node goes through search, download, drain, install, reboot and resume")
CLUSTER = {
    "Kind": at("loader", "documents with errors are left out of the set, valid ones stay"),
    "Name": at("cross", "a policy must name a loaded cluster"),
    "Domain": at("inventory", "a restored inventory cycle keeps its nodes and their FQDNs without asking again"),
    "AccessPoints": at("cross", "the proxy check warns for each cluster name sent to the proxy"),
    "MaxUnavailable": at("simulation", "the cluster's budget caps UpgradeDomainWise: one node at a time by default"),
    "Nodes": at("simulation", "POA's example: 20 nodes, 5 domains, 60 minutes each, NodeWise takes 1200 minutes"),
    "Nodes.Name": at("template", "substitutes every placeholder inside each argument"),
    "Nodes.UpgradeDomain": at("planner", "domains go in natural order and one at a time"),
    "Nodes.Labels": at("inventory", "NodeSelector holds back nodes whose labels do not match: never called"),
    "Nodes.PatchMinutes": at("planner", "expected minutes: history average, else PatchMinutes, else the estimate"),
    "Driver": at("daemon_checks", "test_inventory_nodes_are_patched_and_a_failed_precheck_never_drains"),
    "Exec": EXEC_FLOW,
    "Exec.Health": EXEC_FLOW,
    "Exec.Search": EXEC_FLOW,
    "Exec.Download": EXEC_FLOW,
    "Exec.Drain": EXEC_FLOW,
    "Exec.Install": EXEC_FLOW,
    "Exec.Reboot": EXEC_FLOW,
    "Exec.Resume": EXEC_FLOW,
    "Exec.Inventory": at("daemon_checks", "test_an_invalid_inventory_fails_the_cycle_with_the_reason_in_status"),
    "Exec.PreCheck": at("daemon_checks", "test_inventory_nodes_are_patched_and_a_failed_precheck_never_drains"),
    "Exec.PostCheck": at("daemon_checks", "test_inventory_nodes_are_patched_and_a_failed_precheck_never_drains"),
    "Simulation": at("simulation", "the same seed gives the same run, another seed another one"),
    "Simulation.Seed": at("simdriver", "draws are deterministic for a seed and differ across seeds"),
    "Simulation.DownloadMinutes": at("simdriver", "DownloadMinutes: a download takes a draw from {Min, Max}, fixed per node"),
    "Simulation.DownloadMinutes.Min": at("simdriver", "DownloadMinutes: a download takes a draw from {Min, Max}, fixed per node"),
    "Simulation.DownloadMinutes.Max": at("simdriver", "DownloadMinutes: a download takes a draw from {Min, Max}, fixed per node"),
    "Simulation.PatchMinutes": at("simdriver", "an install completes after the node's patch minutes, in virtual time"),
    "Simulation.PatchMinutes.Min": at("simulation", "with node times from 40 to 80 minutes, longest first beats POA's name order"),
    "Simulation.PatchMinutes.Max": at("simulation", "with node times from 40 to 80 minutes, longest first beats POA's name order"),
    "Simulation.RebootRequiredPercent": at("simdriver", "RebootRequiredPercent: 100 makes every install ask for a reboot, 0 none"),
    "Simulation.FailurePercent": at("simdriver", "FailurePercent 100 fails every install, naming the update"),
    "Simulation.UnhealthyNodes": at("simdriver", "health: UnhealthyNodes, set_unhealthy until an instant, and cluster-wide"),
    "Simulation.Updates": at("simulation", "nodes whose updates are all installed are never drained"),
    "Simulation.Updates.UpdateId": at("query", "UpdateID and RevisionNumber select one revision"),
    "Simulation.Updates.RevisionNumber": at("query", "UpdateID and RevisionNumber select one revision"),
    "Simulation.Updates.Title": at("filter", "ExcludeUpdateTitles drops the updates whose title matches"),
    "Simulation.Updates.KBArticleIds": at("executor", "the filters decide what is installed; a node with nothing is never drained"),
    "Simulation.Updates.Type": at("query", "Type takes = and != with Software or Driver"),
    "Simulation.Updates.CategoryIds": at("query", "CategoryIDs contains matches any of the update's categories"),
    "Simulation.Updates.IsInstalled": at("query", "POA's default query selects uninstalled software"),
    "Simulation.Updates.IsHidden": FLAGS,
    "Simulation.Updates.IsAssigned": FLAGS,
    "Simulation.Updates.IsPresent": FLAGS,
    "Simulation.Updates.BrowseOnly": FLAGS,
    "Simulation.Updates.AutoSelectOnWebSites": FLAGS,
    "Simulation.Updates.RebootRequired": FLAGS,
    "Simulation.Updates.EulaAccepted": at("planner", "WUQuery, OS-only, categories, EULA and include/exclude lists filter updates"),
    "Simulation.Updates.DeploymentAction": at("query", "DeploymentAction compares the update's action"),
}

# Keys without behaviour by design, and why.
INFORMATIONAL = {
    ("policy", "Description"): "free text for people",
    ("policy", "Blackouts.Reason"): "free text for people",
    ("cluster", "Description"): "free text for people",
    ("cluster", "Simulation.Updates.Description"): "carried into results as the update's description",
    ("cluster", "Simulation.Updates.SizeBytes"): "reported as the driver gave it",
}

# Keys that are honoured but that no test shows yet: each is a debt, named with what is missing.
GAPS = {
    ("policy", "Enabled"): "the scheduler skips disabled policies (daemon/scheduler.cpp); no test asserts a disabled policy never starts a cycle",
    ("policy", "LogsDiskQuotaInMB"): "the daemon caps its log files at the largest quota (daemon/daemon.cpp); no test fills the logs",
}


def keys(schema, root, prefix, out, refs=()):
    if not isinstance(schema, dict):
        return
    ref = schema.get("$ref")
    if ref and ref.startswith("#/") and ref not in refs:
        node = root
        for part in ref[2:].split("/"):
            node = node[part]
        keys(node, root, prefix, out, refs + (ref,))
    for name, sub in schema.get("properties", {}).items():
        out.add(".".join(prefix + [name]))
        keys(sub, root, prefix + [name], out, refs)
    if isinstance(schema.get("items"), dict):
        keys(schema["items"], root, prefix, out, refs)
    for word in ("oneOf", "anyOf", "allOf"):
        for sub in schema.get(word, []):
            keys(sub, root, prefix, out, refs)
    for word in ("then", "else"):
        if word in schema:
            keys(schema[word], root, prefix, out, refs)


def main():
    source = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else pathlib.Path(__file__).parents[3]
    schemas = {"policy": [source / "schemas/policy.schema.json"],
               "cluster": sorted((source / "schemas").glob("cluster*.schema.json"))}
    tables = {"policy": POLICY, "cluster": CLUSTER}
    problems = []
    for kind, files in schemas.items():
        found = set()
        for path in files:
            schema = json.loads(path.read_text())
            keys(schema, schema, [], found)
        table = tables[kind]
        for key in sorted(found):
            listed = [key in table, (kind, key) in INFORMATIONAL, (kind, key) in GAPS]
            if not any(listed):
                problems.append(f"{kind} key {key}: no effect-test; add it to key_effects.py "
                                "with the test that shows what it does")
            elif sum(listed) > 1:
                problems.append(f"{kind} key {key}: listed more than once")
        named = set(table) | {k for (s, k) in INFORMATIONAL if s == kind} | \
            {k for (s, k) in GAPS if s == kind}
        for key in sorted(named - found):
            problems.append(f"{kind} key {key}: listed, but the schema has no such key")
        for key, reference in sorted(table.items()):
            file, _, text = reference.partition("::")
            path = source / "tests" / file
            if not path.is_file():
                problems.append(f"{kind} key {key}: test file tests/{file} not found")
            elif f'TEST_CASE("{text}"' not in path.read_text() and \
                    f"def {text}(" not in path.read_text():
                problems.append(f"{kind} key {key}: no test '{text}' in tests/{file}")
    for (kind, key), why in sorted(GAPS.items()):
        print(f"gap: {kind} key {key}: {why}")
    for problem in problems:
        print(f"FAIL {problem}")
    total = len(POLICY) + len(CLUSTER)
    print(f"{total} keys with an effect-test, {len(INFORMATIONAL)} informational, "
          f"{len(GAPS)} gaps, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
