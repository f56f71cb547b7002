"""SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

Every report goes into ONE run: code scanning rejects several runs of one tool in one upload.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any
from urllib.parse import quote, urlsplit

from gate.model import Finding, Location, Report, RuleInfo
from gate.report.common import (
    Counts,
    all_rules,
    base_image_json,
    display_path,
    fingerprints,
    ordered,
    provenance,
    provenance_json,
    rule_for,
    source_lines,
)
from gate.report.json_text import dumps_indented
from gate.suppressions import Suppression, parse_suppressions

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
FINGERPRINT_KEY = "gateFindingHash/v1"
TAGS = ("security", "supply-chain", "python")

_LEVELS = {"deny": "error", "warn": "warning"}


def _level(severity: str) -> str:
    return _LEVELS.get(severity, "warning")


def _rule_name(rule_id: str) -> str:
    # SARIF wants a readable identifier: python-build-scripts → PythonBuildScripts.
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[^0-9A-Za-z]+", rule_id))


def _web_uri(text: str) -> bool:
    parts = urlsplit(text)
    return (
        parts.scheme in ("http", "https")
        and bool(parts.netloc)
        and text.isprintable()
        and (not any(c.isspace() for c in text))
    )


def _help_uri(references: Sequence[str]) -> str | None:
    return next((r for r in references if _web_uri(r)), None)


def information_uri() -> str | None:
    """The project's home page from the installed package metadata (Project-URL), if any."""
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        urls: list[str] = metadata("gate").get_all("Project-URL") or []
    except PackageNotFoundError:
        return None
    for entry in urls:
        url = str(entry).partition(",")[2].strip()
        if _web_uri(url):
            return url
    return None


def _help_text(rule: RuleInfo) -> str:
    parts = [rule.description or rule.title]
    if rule.fix:
        parts.append(f"Fix: {rule.fix}")
    if rule.references:
        parts.append("References:\n" + "\n".join(f"- {r}" for r in rule.references))
    return "\n\n".join(parts)


def rule_json(rule: RuleInfo) -> dict[str, Any]:
    """A reportingDescriptor from the rule's METADATA."""
    descriptor: dict[str, Any] = {
        "id": rule.id,
        "name": _rule_name(rule.id) or rule.id,
        "shortDescription": {"text": rule.title or rule.id},
        "fullDescription": {"text": rule.description or rule.title or rule.id},
        "help": {"text": _help_text(rule)},
        "defaultConfiguration": {"level": _level(rule.severity)},
        "properties": {"tags": list(TAGS)},
    }
    uri = _help_uri(rule.references)
    if uri is not None:
        descriptor["helpUri"] = uri
    return descriptor


def artifact_uri(report: Report, location: Location) -> str:
    """A valid URI reference: a repo-relative file path, a file: URI outside the working
    directory, or for images the reference with ':' escaped so it is not read as a scheme."""
    if report.target.kind == "image":
        return quote(location.path, safe="/@")
    path = display_path(location.path)
    if os.path.isabs(path):
        return "file://" + quote(path.replace(os.sep, "/"), safe="/")
    return quote(path, safe="/")


@lru_cache(maxsize=16)
def _comments(text: str) -> Mapping[int, Suppression]:
    return parse_suppressions(text)


def _in_source(report: Report, finding: Finding) -> bool:
    """The suppression is a `# gate: ignore` comment directly above the instruction."""
    loc = finding.location
    text = report.sources.get(loc.path)
    if text is None or loc.line is None:
        return False
    lines = source_lines(text)
    comments = _comments(text)
    number = min(loc.line - 1, len(lines))
    while number >= 1 and lines[number - 1].strip().startswith("#"):
        found = comments.get(number)
        if found is not None and finding.rule in found.rules and found.reason:
            return True
        number -= 1
    return False


def _location(report: Report, finding: Finding) -> dict[str, Any]:
    loc = finding.location
    physical: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(report, loc)}}
    if loc.line is not None and loc.line >= 1:
        region: dict[str, Any] = {"startLine": loc.line}
        if loc.end_line is not None and loc.end_line >= loc.line:
            region["endLine"] = loc.end_line
        if loc.command is not None:
            # The install's own command inside a multi-line RUN: code scanning marks just it.
            region = {
                "startLine": loc.command.line,
                "startColumn": loc.command.column,
                "endLine": loc.command.end_line,
                "endColumn": loc.command.end_column,
            }
        physical["region"] = region
    location: dict[str, Any] = {"physicalLocation": physical}
    if loc.history_index is not None:
        location["logicalLocations"] = [
            {
                "name": f"history[{loc.history_index}]",
                "fullyQualifiedName": f"{loc.path}#history[{loc.history_index}]",
            }
        ]
    properties = {
        key: value
        for key, value in (
            ("stage", loc.stage),
            ("history_index", loc.history_index),
            ("created_by", loc.created_by),
        )
        if value is not None
    }
    if properties:
        location["properties"] = properties
    return location


def result_json(
    report: Report, finding: Finding, rule_index: int, fingerprint: str
) -> dict[str, Any]:
    """A result: level from severity, one location, a fingerprint, suppressions if any."""
    text = finding.message
    if finding.fix:
        text = f"{text}\nFix: {finding.fix}"
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": _level(finding.severity),
        "message": {"text": text},
        "locations": [_location(report, finding)],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
    }
    if finding.suppressed:
        result["suppressions"] = [
            {
                "kind": "inSource" if _in_source(report, finding) else "external",
                "justification": finding.suppressed,
            }
        ]
    properties: dict[str, Any] = {
        "severity": finding.severity,
        "verdict": finding.verdict,
        "target": {"kind": report.target.kind, "path": report.target.path},
    }
    if finding.fix:
        properties["fix"] = finding.fix
    if finding.install is not None and finding.install.from_base:
        properties["from_base"] = True
    if finding.install is not None and finding.install.onbuild:
        properties["onbuild"] = True
    result["properties"] = properties
    return result


def sarif_log(reports: Sequence[Report]) -> dict[str, Any]:
    """The whole SARIF log as plain data."""
    from gate import __version__

    known = all_rules(reports)
    by_report = [(report, ordered(report.findings)) for report in reports]
    ids = sorted({*known, *(f.rule for _, found in by_report for f in found)})
    rules: list[RuleInfo] = []
    for rule_id in ids:
        if rule_id in known:
            rules.append(known[rule_id])
        else:
            first = next(f for _, found in by_report for f in found if f.rule == rule_id)
            rules.append(rule_for(first, known))
    index = {rule.id: i for i, rule in enumerate(rules)}
    results: list[dict[str, Any]] = []
    targets: list[dict[str, Any]] = []
    for report, found in by_report:
        for finding, fingerprint in zip(found, fingerprints(found), strict=True):
            results.append(result_json(report, finding, index[finding.rule], fingerprint))
        counts = Counts.of(found)
        targets.append(
            {
                "kind": report.target.kind,
                "path": report.target.path,
                "deny": counts.deny,
                "warn": counts.warn,
                "suppressed": counts.suppressed,
            }
        )
        if report.base_images:
            targets[-1]["base_images"] = [base_image_json(r) for r in report.base_images]
    driver: dict[str, Any] = {"name": "gate"}
    home = information_uri()
    if home is not None:
        driver["informationUri"] = home
    driver["version"] = __version__
    driver["semanticVersion"] = __version__
    driver["rules"] = [rule_json(rule) for rule in rules]
    properties: dict[str, Any] = {"targets": targets}
    policy = provenance(reports)
    if policy is not None:
        properties["policy"] = provenance_json(policy)
    run = {
        "tool": {"driver": driver},
        "results": results,
        "properties": properties,
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render(reports: Sequence[Report]) -> str:
    """The SARIF log, 2-space indented, keys in a fixed order."""
    return dumps_indented(sarif_log(reports)) + "\n"
