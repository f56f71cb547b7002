"""JUnit XML for CI test panels: a testsuite per target, a testcase per finding.

A denial is a failure; a warning or a suppressed finding is a passing testcase whose output says
so (not `skipped`: nothing was skipped, and CI panels hide skips). A target without findings is one
passing testcase so it still shows up.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

from gate.model import Finding, Report
from gate.report.common import (
    Counts,
    base_image_line,
    display_path,
    ordered,
    printable,
    shorten,
    where,
)
from gate.report.text import finding_lines, target_title


def _clean(text: str) -> str:
    # XML 1.0 cannot carry most control characters at all, not even escaped.
    return printable(text, keep="\t\n")


def _policy_properties(report: Report) -> list[tuple[str, str | int | None]]:
    """The policies in force as properties (`policy.source`, `policy.replaced`), when known."""
    policy = report.policy
    if not policy.sources:
        return []
    pairs: list[tuple[str, str | int | None]] = [("policy.source", s) for s in policy.sources]
    pairs += [("policy.replaced", item) for item in policy.replaced]
    pairs.append(("policy.hash", policy.policy_hash))
    pairs.append(("policy.inline_ignores", "on" if policy.inline_ignores else "off"))
    return pairs


def _properties(parent: ET.Element, pairs: Sequence[tuple[str, str | int | None]]) -> None:
    props = ET.SubElement(parent, "properties")
    for name, value in pairs:
        if value is not None:
            ET.SubElement(props, "property", name=name, value=_clean(str(value)))


def _case_name(report: Report, finding: Finding, seen: dict[str, int]) -> str:
    # CI panels key testcases by name: several installs in one RUN need names of their own.
    name = f"{finding.rule} at {where(report, finding.location)}"
    if finding.install is not None and finding.install.text:
        name += f" ({shorten(' '.join(finding.install.text.split()), 80)})"
    seen[name] = seen.get(name, 0) + 1
    return name if seen[name] == 1 else f"{name} #{seen[name]}"


def _testcase(suite: ET.Element, report: Report, finding: Finding, seen: dict[str, int]) -> bool:
    """Append the finding's testcase; True when it fails."""
    loc = finding.location
    attrs = {
        "classname": _clean(target_title(report)),
        "name": _clean(_case_name(report, finding, seen)),
    }
    if report.target.kind != "image":
        attrs["file"] = _clean(display_path(loc.path))
        if loc.command is not None:
            attrs["line"] = str(loc.command.line)
        elif loc.line is not None:
            attrs["line"] = str(loc.line)
    case = ET.SubElement(suite, "testcase", attrs)
    _properties(
        case,
        [
            ("rule", finding.rule),
            ("severity", finding.severity),
            ("verdict", finding.verdict),
            ("stage", loc.stage),
            ("history_index", loc.history_index),
            ("suppressed", finding.suppressed),
        ],
    )
    details = _clean("\n".join(finding_lines(report, finding)))
    failed = finding.severity == "deny" and not finding.suppressed
    if failed:
        failure = ET.SubElement(
            case, "failure", message=_clean(finding.message), type=finding.severity
        )
        failure.text = details
    else:
        out = ET.SubElement(case, "system-out")
        out.text = details
    return failed


def _suite(root: ET.Element, report: Report) -> tuple[int, int]:
    """Append the report's testsuite; (tests, failures)."""
    counts = Counts.of(report.findings)
    suite = ET.SubElement(root, "testsuite", name=_clean(target_title(report)))
    _properties(
        suite,
        [
            ("target.kind", report.target.kind),
            ("target.path", report.target.path),
            ("deny", counts.deny),
            ("warn", counts.warn),
            ("suppressed", counts.suppressed),
            *_policy_properties(report),
            *[("base_image", base_image_line(read)) for read in report.base_images],
        ],
    )
    found = ordered(report.findings)
    seen: dict[str, int] = {}
    failures = sum(_testcase(suite, report, finding, seen) for finding in found)
    tests = len(found)
    if not found:
        tests = 1
        ET.SubElement(
            suite,
            "testcase",
            classname=_clean(target_title(report)),
            name="no findings",
        )
    suite.set("tests", str(tests))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suite.set("skipped", "0")
    return tests, failures


def render(reports: Sequence[Report]) -> str:
    """A <testsuites> document over every report."""
    root = ET.Element("testsuites", name="gate")
    totals = [_suite(root, report) for report in reports]
    root.set("tests", str(sum(tests for tests, _ in totals)))
    root.set("failures", str(sum(failures for _, failures in totals)))
    root.set("errors", "0")
    root.set("skipped", "0")
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
