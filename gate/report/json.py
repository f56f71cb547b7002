"""The JSON output contract (SPEC "Output contract"), plus a suppressed flag and count."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from gate.model import Finding, Report
from gate.report.common import Counts, base_image_json, ordered, provenance_json, span_json
from gate.report.json_text import dumps_indented

CONTRACT_VERSION = 1


def finding_json(finding: Finding) -> dict[str, Any]:
    """One finding as the contract shapes it (keys in contract order)."""
    from gate.facts.document import install_json

    loc = finding.location
    return {
        "rule": finding.rule,
        "severity": finding.severity,
        "verdict": finding.verdict,
        "message": finding.message,
        "fix": finding.fix,
        "location": {
            "path": loc.path,
            "line": loc.line,
            "end_line": loc.end_line,
            "stage": loc.stage,
            "history_index": loc.history_index,
            "created_by": loc.created_by,
            "command": span_json(loc),
        },
        "install": install_json(finding.install) if finding.install is not None else None,
        "suppressed": finding.suppressed,
    }


def report_json(report: Report) -> dict[str, Any]:
    """One report as the contract's top-level object."""
    counts = Counts.of(report.findings)
    document: dict[str, Any] = {
        "version": CONTRACT_VERSION,
        "target": {"kind": report.target.kind, "path": report.target.path},
        "findings": [finding_json(f) for f in ordered(report.findings)],
        "summary": {"deny": counts.deny, "warn": counts.warn, "suppressed": counts.suppressed},
    }
    if report.policy.sources:
        document["policy"] = provenance_json(report.policy)
    if report.base_images:
        # Additive: the base image configs whose Env/Shell the verdicts may rest on.
        document["base_images"] = [base_image_json(read) for read in report.base_images]
    return document


def render(reports: Sequence[Report]) -> str:
    """One report prints its object; several print an array of them."""
    documents = [report_json(r) for r in reports]
    data: Any = documents[0] if len(documents) == 1 else documents
    # ASCII escapes keep the output writable to any stdout, lone surrogates from a hostile
    # image history included; parsers read the same characters back.
    return dumps_indented(data) + "\n"
