"""Figures of a schemathesis run from its NDJSON events report (bench/schemathesis_run.sh).

    .venv/bin/python bench/schemathesis_figures.py bench/schemathesis-report/positive.ndjson

Prints the test cases, the requests and their status classes, server errors (5xx), schema
violations (a status code, content type, header or body the schema does not document) and the
failures of every other check, each counted once per test case.
"""

from __future__ import annotations

import json
import sys
from collections import Counter

SCHEMA_CHECKS = {"status_code_conformance", "content_type_conformance", "response_headers_conformance",
                 "response_schema_conformance"}


def figures(path: str) -> dict[str, object]:
    cases: set[str] = set()
    statuses: Counter[str] = Counter()
    server_errors: list[str] = []
    failed: dict[str, set[str]] = {}
    duration = 0.0
    with open(path, encoding="utf-8") as lines:
        events = [json.loads(line) for line in lines]
    for event in events:
        if "EngineFinished" in event:
            duration = event["EngineFinished"].get("running_time", 0.0)
        finished = event.get("ScenarioFinished")
        if not finished:
            continue
        recorder = finished.get("recorder", {})
        cases.update(recorder.get("cases", {}))
        for interaction in recorder.get("interactions", {}).values():
            response = interaction.get("response") or {}
            code = response.get("status_code")
            if code is None:
                statuses["no response"] += 1
                continue
            statuses[f"{code // 100}xx"] += 1
            if code >= 500:
                server_errors.append(f"{interaction['request']['method']} {interaction['request']['uri']} -> {code}")
        for case_id, checks in recorder.get("checks", {}).items():
            for check in checks:
                if check.get("status") == "failure":
                    failed.setdefault(check["name"], set()).add(case_id)
    violations = sum(len(failed.get(name, ())) for name in SCHEMA_CHECKS)
    return {
        "cases": len(cases), "requests": sum(statuses.values()), "statuses": dict(sorted(statuses.items())),
        "server_errors": len(server_errors), "schema_violations": violations,
        "other_check_failures": {k: len(v) for k, v in sorted(failed.items()) if k not in SCHEMA_CHECKS
                                 and k != "not_a_server_error"},
        "duration_s": round(duration, 1), "server_error_examples": server_errors[:5],
    }


if __name__ == "__main__":
    for report in sys.argv[1:]:
        print(json.dumps(figures(report), indent=1))
