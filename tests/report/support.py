"""Report fixtures from tests/data/report/*.json, and golden-file comparison.

A case file holds `reports` (each: target, sources, rules, findings as JSON) or `include`s other
case files. `"@name"` in place of a value reads tests/data/report/name (text, or JSON for rules).
Set GATE_UPDATE_GOLDEN=1 to rewrite golden files; the test still fails so a rewrite is never
mistaken for a pass.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from gate.model import (
    BinaryPolicy,
    Finding,
    Install,
    Location,
    OptionEvent,
    Report,
    Requirement,
    RequirementFile,
    RuleInfo,
    Target,
    Unknown,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "report"
GOLDEN = DATA / "golden"
CASES = ("app", "image", "compliant", "multi")


def _at(value: Any) -> Any:
    if isinstance(value, str) and value.startswith("@"):
        text = (DATA / value[1:]).read_text(encoding="utf-8")
        return json.loads(text) if value.endswith(".json") else text
    return value


def location(data: dict[str, Any]) -> Location:
    return Location(
        path=data["path"],
        line=data.get("line"),
        end_line=data.get("end_line"),
        stage=data.get("stage"),
        history_index=data.get("history_index"),
        created_by=data.get("created_by"),
    )


def install(data: dict[str, Any]) -> Install:
    binary = data.get("binary", {})
    return Install(
        id=data["id"],
        tool=data["tool"],
        command=data["command"],
        argv=tuple(data["argv"]),
        text=data["text"],
        location=location(data["location"]),
        binary=BinaryPolicy(
            only_binary=tuple(binary.get("only_binary", ())),
            no_binary=tuple(binary.get("no_binary", ())),
            events=tuple(OptionEvent(**e) for e in binary.get("events", ())),
        ),
        requirements=tuple(Requirement(**r) for r in data.get("requirements", ())),
        requirement_files=tuple(RequirementFile(**r) for r in data.get("requirement_files", ())),
        unknowns=tuple(Unknown(**u) for u in data.get("unknowns", ())),
        resolves=data.get("resolves", False),
        no_deps=data.get("no_deps", False),
        backend=data.get("backend"),
        from_base=data.get("from_base", False),
        onbuild=data.get("onbuild", False),
        fix=data.get("fix"),
    )


def finding(data: dict[str, Any]) -> Finding:
    return Finding(
        rule=data["rule"],
        severity=data["severity"],
        verdict=data["verdict"],
        message=data["message"],
        fix=data["fix"],
        location=location(data["location"]),
        install=install(data["install"]) if data.get("install") else None,
        suppressed=data.get("suppressed"),
    )


def report(data: dict[str, Any]) -> Report:
    return Report(
        target=Target(**data["target"]),
        findings=tuple(finding(f) for f in data["findings"]),
        rules=tuple(
            RuleInfo(**{**r, "references": tuple(r.get("references", ()))})
            for r in _at(data.get("rules", []))
        ),
        sources={path: _at(text) for path, text in data.get("sources", {}).items()},
    )


def load_case(name: str) -> tuple[Report, ...]:
    """The reports of tests/data/report/<name>.json."""
    data = json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))
    reports: list[Report] = []
    for included in data.get("include", ()):
        reports.extend(load_case(included.removesuffix(".json")))
    reports.extend(report(r) for r in data.get("reports", ()))
    return tuple(reports)


def assert_golden(actual: str, name: str) -> None:
    """`actual` equals tests/data/report/golden/<name> byte for byte."""
    path = GOLDEN / name
    if os.environ.get("GATE_UPDATE_GOLDEN"):
        path.write_text(actual, encoding="utf-8", newline="")
        pytest.fail(f"golden/{name} rewritten: review it, then rerun without GATE_UPDATE_GOLDEN")
    if not path.exists():
        pytest.fail(f"golden file {path} is missing (GATE_UPDATE_GOLDEN=1 writes it)")
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"output differs from golden/{name}"
