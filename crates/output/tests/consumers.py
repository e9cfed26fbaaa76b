"""Each output format read by a real consumer: `python3 consumers.py FORMAT FILE`.

Run by tests/consumers.rs; the packages come from the CI venv (xtask/src/ci.rs pins them).
Exits non-zero with the reason when the file is refused.
"""

import csv
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def fail(message):
    print(message, file=sys.stderr)
    sys.exit(1)


def check_csv(path):
    # RFC 4180: CRLF line ends, quoted fields; Python's csv module reads it back.
    with open(path, newline="", encoding="utf-8") as file:
        rows = list(csv.DictReader(file, strict=True))
    with open(path, "rb") as file:
        raw = file.read()
    if not raw.endswith(b"\r\n") or b"\n" in raw.replace(b"\r\n", b""):
        # A bare LF is allowed only inside a quoted field; the fixture has none.
        fail("csv: lines must end with CRLF")
    for row in rows:
        if row["status"] not in ("OK", "WARN", "FAIL", "UNKNOWN"):
            fail(f"csv: bad status {row['status']!r}")
    print(json.dumps({"rows": len(rows), "suppressed": sum(row["suppressed"] == "true" for row in rows)}))


def check_junit(path):
    import junitparser
    import xmlschema
    from xml.etree import ElementTree

    schema = xmlschema.XMLSchema(os.path.join(HERE, "schemas", "jenkins-junit.xsd"))
    tree = ElementTree.parse(path)
    root = tree.getroot()
    # quick-junit writes `skipped` on <testsuites> too, which the 2010 Jenkins schema does not
    # list; Jenkins' and GitLab's readers ignore attributes they do not know. Every other
    # element and attribute is validated as written.
    root.attrib.pop("skipped", None)
    errors = list(schema.iter_errors(tree))
    if errors:
        fail("junit: " + "; ".join(str(error.reason) + " at " + str(error.path) for error in errors[:5]))
    xml = junitparser.JUnitXml.fromfile(path)
    counts = {"suites": 0, "cases": 0, "failure": 0, "error": 0, "skipped": 0, "warning": 0}
    for suite in xml:
        counts["suites"] += 1
        for case in suite:
            counts["cases"] += 1
            for result in case.result:
                kind = type(result).__name__.lower()
                counts[kind] += 1
                if kind == "failure" and result.type == "warning":
                    counts["warning"] += 1
    print(json.dumps(counts))


def check_sarif(path):
    import jsonschema

    with open(os.path.join(HERE, "schemas", "sarif-schema-2.1.0.json"), encoding="utf-8") as file:
        schema = json.load(file)
    with open(path, encoding="utf-8") as file:
        log = json.load(file)
    validator = jsonschema.Draft7Validator(schema)
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    if errors:
        fail("sarif: " + "; ".join(f"{list(e.path)}: {e.message}" for e in errors[:5]))
    # What GitHub code scanning requires of an upload, beyond the schema.
    if log.get("version") != "2.1.0" or not log.get("runs") or len(log["runs"]) > 20:
        fail("sarif: version 2.1.0 and 1 to 20 runs")
    for run in log["runs"]:
        driver = run["tool"]["driver"]
        if not driver.get("name"):
            fail("sarif: tool.driver.name is required")
        rules = driver.get("rules", [])
        if len(rules) > 25000 or len(run.get("results", [])) > 25000:
            fail("sarif: at most 25,000 rules and results per run")
        for rule in rules:
            severity = rule.get("properties", {}).get("security-severity")
            if severity is None or not 0.0 < float(severity) <= 10.0:
                fail(f"sarif: rule {rule['id']} needs a security-severity in (0, 10]")
            if len(rule.get("properties", {}).get("tags", [])) > 20:
                fail(f"sarif: rule {rule['id']} has more than 20 tags")
            if not rule.get("shortDescription", {}).get("text") or not rule.get("help", {}).get("text"):
                fail(f"sarif: rule {rule['id']} needs a short description and help")
        ids = {rule["id"] for rule in rules}
        for result in run.get("results", []):
            if result.get("ruleId") not in ids:
                fail(f"sarif: result of unknown rule {result.get('ruleId')}")
            if not result.get("message", {}).get("text"):
                fail("sarif: result.message.text is required")
            locations = result.get("locations", [])
            if not 1 <= len(locations) <= 1000:
                fail("sarif: every result needs 1 to 1,000 locations")
            for location in locations:
                if not location.get("physicalLocation", {}).get("artifactLocation", {}).get("uri"):
                    fail("sarif: every location needs physicalLocation.artifactLocation.uri")
            if not result.get("partialFingerprints"):
                fail("sarif: results need partialFingerprints")
    results = log["runs"][0].get("results", [])
    print(json.dumps({"rules": len(log["runs"][0]["tool"]["driver"]["rules"]), "results": len(results),
                      "suppressed": sum(bool(r.get("suppressions")) for r in results)}))


def unset_keys(given, kept, path="$"):
    """Members of `given` that the model did not keep (unknown to it), as paths."""
    lost = []
    if isinstance(given, dict):
        for key, value in given.items():
            if not isinstance(kept, dict) or key not in kept:
                lost.append(f"{path}.{key}")
            else:
                lost.extend(unset_keys(value, kept[key], f"{path}.{key}"))
    elif isinstance(given, list) and isinstance(kept, list):
        for index, (a, b) in enumerate(zip(given, kept)):
            lost.extend(unset_keys(a, b, f"{path}[{index}]"))
    return lost


def check_ocsf(path):
    from py_ocsf_models import OCSF_VERSION
    from py_ocsf_models.events.findings.detection_finding import DetectionFinding

    with open(path, encoding="utf-8") as file:
        events = json.load(file)
    statuses = {}
    for index, event in enumerate(events):
        try:
            model = DetectionFinding.model_validate(event)
        except Exception as error:  # pydantic's ValidationError
            fail(f"ocsf: event {index}: {error}")
        kept = model.model_dump(mode="json", exclude_unset=True)
        lost = [key for key in unset_keys(event, kept) if not key.startswith("$.unmapped.")]
        if lost:
            fail(f"ocsf: event {index}: members the OCSF model does not know: {lost}")
        if event["metadata"]["version"] != OCSF_VERSION or event["class_uid"] != 2004:
            fail(f"ocsf: event {index}: class 2004 of OCSF {OCSF_VERSION} expected")
        statuses[event["status"]] = statuses.get(event["status"], 0) + 1
    print(json.dumps({"events": len(events), "statuses": statuses}))


def check_asff(path):
    import botocore.session
    import botocore.validate

    with open(path, encoding="utf-8") as file:
        findings = json.load(file)
    session = botocore.session.get_session()
    # No request is sent: the client only lends its model of the operation.
    client = session.create_client(
        "securityhub", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x"
    )
    operation = client.meta.service_model.operation_model("BatchImportFindings")
    for start in range(0, len(findings), 100):
        chunk = findings[start:start + 100]
        try:
            botocore.validate.validate_parameters({"Findings": chunk}, operation.input_shape)
        except botocore.exceptions.ParamValidationError as error:
            fail(f"asff: findings {start}..{start + len(chunk)}: {error}")
    # Enumerations botocore's validation leaves to the service.
    allowed = {
        ("Severity", "Label"): {"INFORMATIONAL", "LOW", "MEDIUM", "HIGH", "CRITICAL"},
        ("Compliance", "Status"): {"PASSED", "WARNING", "FAILED", "NOT_AVAILABLE"},
        ("Workflow", "Status"): {"NEW", "NOTIFIED", "RESOLVED", "SUPPRESSED"},
    }
    for index, finding in enumerate(findings):
        for (outer, inner), values in allowed.items():
            if finding[outer][inner] not in values:
                fail(f"asff: finding {index}: {outer}.{inner} {finding[outer][inner]!r}")
        account = finding["AwsAccountId"]
        if finding["SchemaVersion"] != "2018-10-08" or not finding["ProductArn"].endswith(
            f":{account}:product/{account}/default"
        ):
            fail(f"asff: finding {index}: SchemaVersion 2018-10-08 and the account's default ProductArn expected")
    workflow = {}
    for finding in findings:
        workflow[finding["Workflow"]["Status"]] = workflow.get(finding["Workflow"]["Status"], 0) + 1
    print(json.dumps({"findings": len(findings), "workflow": workflow}))


def check_yaml(path):
    import yaml

    with open(path, encoding="utf-8") as file:
        json.dump(yaml.safe_load(file), sys.stdout)


CHECKS = {"csv": check_csv, "junit": check_junit, "sarif": check_sarif, "ocsf": check_ocsf,
          "asff": check_asff, "yaml": check_yaml}

if __name__ == "__main__":
    CHECKS[sys.argv[1]](sys.argv[2])
