#!/usr/bin/env python3
"""lint and the JSON Schemas must agree on structure.

Every *.yaml / *.yml file under tests/, samples/ and policies/ is checked two ways:
  * `patchwarden lint --format json` over all of them at once, and
  * schemas/policy.schema.json (which hands Kind: Cluster documents to cluster.schema.json),
    document by document, with python3-jsonschema.
For each document: schema-valid <=> lint reports no STRUCTURAL diagnostic inside it.

STRUCTURAL rules are those a JSON Schema expresses (types, unknown keys, enumerations, ranges,
required keys, patterns, list lengths):
  type, unknown-key, invalid-value (enum), range, missing-key, missing-kind, unknown-kind,
  not-a-mapping, name, node-name, domain, guid, kb-id, update-id, max-unavailable (including
  "NodeWise needs 1"), exec-template, exec-missing, missing-nodes.
Everything else is semantic and stays in lint only: the grammars inside strings (WUFrequency,
WUQuery, Proxy.Server, Proxy.Bypass: frequency-*, query-*, proxy-server, bypass-*),
exec-placeholder, time-zone, blackout-time / blackout-order, unknown-node, cross-file
rules (duplicate-name, unknown-cluster, ...), proxy-bypass and other warnings. One "range"
diagnostic is relational and thus semantic: Simulation "Max ... must not be less than Min".

Files are skipped, with the reason printed, when lint refuses them before validation
(YAMLLEVEL rules: syntax errors, tabs, aliases, tags, duplicate keys, invalid UTF-8, nesting,
size, empty files) — PyYAML would read such a file differently or not at all — or when
PyYAML cannot parse them (then lint must report an error for the file too).

Scalars are typed as lint types them, by the YAML 1.2 core schema (PyYAML alone follows YAML
1.1, where `yes` is a boolean and 2026-01-01 a date): plain true/false are booleans, plain
decimal integers are integers, 0x/0o integers are neither (lint asks for base 10), plain floats
are numbers and never integers (JSON Schema would count 1.0 as an integer; YAML does not), and
quoted scalars are strings.
"""
import json
import pathlib
import re
import subprocess
import sys

import jsonschema
import yaml

STRUCTURAL = {
    "type", "unknown-key", "invalid-value", "range", "missing-key", "missing-kind",
    "unknown-kind", "not-a-mapping", "name", "node-name", "domain", "guid", "kb-id", "update-id",
    "max-unavailable", "exec-template", "exec-missing", "missing-nodes",
}
YAMLLEVEL = {
    "yaml-syntax", "yaml-alias", "yaml-tag", "tab-indent", "duplicate-key", "invalid-utf8",
    "control-character", "nesting-too-deep", "file-too-large", "empty-file", "path",
}
RELATIONAL_MESSAGE = re.compile(r"must not be less than Min")


class NonDecimalInt(str):
    """0x1F / 0o17: an integer to YAML 1.2, but not one lint accepts; matches no schema type."""


def core_scalar(value):
    if value in ("", "~", "null", "Null", "NULL"):
        return None
    if value in ("true", "True", "TRUE"):
        return True
    if value in ("false", "False", "FALSE"):
        return False
    if re.fullmatch(r"[-+]?[0-9]+", value):
        return int(value)
    if re.fullmatch(r"0o[0-7]+|0x[0-9a-fA-F]+", value):
        return NonDecimalInt(value)
    if re.fullmatch(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?", value):
        return float(value)
    if re.fullmatch(r"[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)", value):
        return float(value.replace(".", "", 1))
    return value


class CoreLoader(yaml.SafeLoader):
    """SafeLoader without YAML 1.1's implicit types; plain scalars typed by core_scalar."""


CoreLoader.yaml_implicit_resolvers = {}


def construct_str(loader, node):
    value = loader.construct_scalar(node)
    return core_scalar(value) if node.style is None else value


CoreLoader.add_constructor("tag:yaml.org,2002:str", construct_str)


def strict_type_checker():
    base = jsonschema.Draft202012Validator.TYPE_CHECKER

    def is_integer(_, instance):
        return isinstance(instance, int) and not isinstance(instance, bool)

    def is_number(_, instance):
        return isinstance(instance, (int, float)) and not isinstance(instance, bool)

    def is_string(_, instance):
        return isinstance(instance, str) and not isinstance(instance, NonDecimalInt)

    return base.redefine_many({"integer": is_integer, "number": is_number, "string": is_string})


def make_validator(schema_dir):
    policy_uri = (schema_dir / "policy.schema.json").resolve().as_uri()
    cluster_uri = (schema_dir / "cluster.schema.json").resolve().as_uri()
    policy = json.loads((schema_dir / "policy.schema.json").read_text())
    cluster = json.loads((schema_dir / "cluster.schema.json").read_text())
    # Both are draft 2020-12 (checked here); without "$schema" a $ref keeps our validator class
    # (with its strict integer type) instead of switching to the stock one for that dialect.
    for schema in (policy, cluster):
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema.pop("$schema") == "https://json-schema.org/draft/2020-12/schema"
    cls = jsonschema.validators.extend(jsonschema.Draft202012Validator,
                                       type_checker=strict_type_checker())
    try:  # jsonschema >= 4.18
        import referencing
        import referencing.jsonschema
        spec = referencing.jsonschema.DRAFT202012
        registry = referencing.Registry().with_resources([
            (policy_uri, referencing.Resource(contents=policy, specification=spec)),
            (cluster_uri, referencing.Resource(contents=cluster, specification=spec)),
        ])
        return cls({"$ref": policy_uri}, registry=registry)
    except ImportError:  # Debian 12's python3-jsonschema 4.10
        resolver = jsonschema.RefResolver(base_uri=policy_uri, referrer=policy,
                                          store={policy_uri: policy, cluster_uri: cluster})
        return cls(policy, resolver=resolver)


def documents(path):
    """(first line, last line, data) per document, lines 1-based; None for empty documents."""
    text = path.read_text(encoding="utf-8")
    nodes = list(yaml.compose_all(text, Loader=CoreLoader))
    spans = []
    for node in nodes:
        if node is None:
            continue
        spans.append([node.start_mark.line + 1, node.end_mark.line + 1, node])
    for current, following in zip(spans, spans[1:]):
        current[1] = following[0] - 1
    if spans:
        spans[-1][1] = 10**9
    result = []
    for first, last, node in spans:
        loader = CoreLoader("")
        result.append((first, last, loader.construct_document(node)))
    return result


def lint(binary, files, source_dir):
    result = subprocess.run([binary, "lint", "--format", "json", "--now", "2026-06-01T00:00:00Z"]
                            + files, cwd=source_dir, capture_output=True, timeout=120)
    if result.returncode not in (0, 1):
        sys.exit(f"lint failed with exit code {result.returncode}: {result.stderr.decode()}")
    by_file = {}
    for diagnostic in json.loads(result.stdout)["diagnostics"]:
        by_file.setdefault(diagnostic["file"], []).append(diagnostic)
    return by_file


def is_structural(diagnostic):
    return diagnostic["rule"] in STRUCTURAL and not RELATIONAL_MESSAGE.search(diagnostic["message"])


def main():
    binary, source_dir = sys.argv[1], pathlib.Path(sys.argv[2]).resolve()
    files = sorted(str(p.relative_to(source_dir)) for top in ("tests", "samples", "policies")
                   for p in (source_dir / top).rglob("*")
                   if p.suffix in (".yaml", ".yml") and p.is_file())
    validator = make_validator(source_dir / "schemas")
    diagnostics = lint(binary, files, source_dir)
    checked = skipped = failures = 0
    for file in files:
        found = diagnostics.get(file, [])
        refused = sorted({d["rule"] for d in found if d["rule"] in YAMLLEVEL})
        if refused:
            print(f"skip  {file}: lint refuses it before validation ({', '.join(refused)})")
            skipped += 1
            continue
        try:
            docs = documents(source_dir / file)
        except (yaml.YAMLError, UnicodeDecodeError) as error:
            reason = str(error).splitlines()[0]
            if not any(d["severity"] == "error" for d in found):
                print(f"FAIL  {file}: PyYAML cannot read it ({reason}) but lint reports no error")
                failures += 1
            else:
                print(f"skip  {file}: not readable as YAML by PyYAML ({reason})")
                skipped += 1
            continue
        for first, last, data in docs:
            mine = [d for d in found if first <= d["line"] <= last]
            lint_structural = [d for d in mine if is_structural(d)]
            schema_errors = list(validator.iter_errors(data))
            checked += 1
            if bool(schema_errors) == bool(lint_structural):
                continue
            failures += 1
            print(f"FAIL  {file}:{first}: schema says {'invalid' if schema_errors else 'valid'}, "
                  f"lint says {'invalid' if lint_structural else 'valid'}")
            for error in schema_errors[:5]:
                where = "/".join(str(p) for p in error.absolute_path) or "(document)"
                print(f"        schema: {where}: {error.message[:200]}")
            for d in lint_structural or mine:
                print(f"        lint:   {d['line']}:{d['column']} [{d['rule']}] {d['message']}")
    print(f"{len(files)} files, {checked} documents compared, {skipped} files skipped, "
          f"{failures} disagreements")
    return 1 if failures or checked == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
