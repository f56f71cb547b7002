"""Human output: a header per target, each finding with its source lines and fix, a summary."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import TextIO

from gate.model import Finding, Report
from gate.report.common import (
    ELLIPSIS,
    Counts,
    base_image_line,
    display_path,
    excerpt,
    ordered,
    printable,
    provenance,
    provenance_lines,
    shorten,
    summary_line,
    where,
)

_RESET = "\x1b[0m"
_STYLES = {"deny": "\x1b[1;31m", "warn": "\x1b[33m", "suppressed": "\x1b[2m", "ok": "\x1b[32m"}


class _Paint:
    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, text: str, style: str) -> str:
        return f"{_STYLES[style]}{text}{_RESET}" if self.color else text


def want_color(stream: TextIO, environ: Mapping[str, str] = os.environ) -> bool:
    """Colour only for a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    if environ.get("NO_COLOR"):
        return False
    return stream.isatty()


def target_title(report: Report) -> str:
    """How a target is named in headers: the image reference, or the file path."""
    path = report.target.path
    return printable(path if report.target.kind == "image" else display_path(path))


def finding_lines(report: Report, finding: Finding, *, color: bool = False) -> list[str]:
    """One finding: `path:line [severity] rule: message`, then indented details."""
    paint = _Paint(color)
    loc = finding.location
    tag = f"{finding.severity}, suppressed" if finding.suppressed else finding.severity
    style = "suppressed" if finding.suppressed else finding.severity
    head = (
        f"{printable(where(report, loc))} {paint(f'[{tag}]', style)} "
        f"{printable(finding.rule)}: {printable(finding.message)}"
    )
    lines = [head]
    source = excerpt(report, loc)
    if source.lines:
        width = len(str(source.lines[-1][0]))
        for number, text in source.lines:
            lines.append(f"    {number:>{width}} | {printable(shorten(text))}")
        if source.omitted:
            more = "line" if source.omitted == 1 else "lines"
            lines.append(f"    {' ' * width} | {ELLIPSIS} {source.omitted} more {more}")
    if loc.stage:
        lines.append(f"    stage: {printable(loc.stage)}")
    if loc.created_by:
        lines.append(f"    created_by: {printable(shorten(loc.created_by))}")
    if finding.install is not None and finding.install.from_base:
        lines.append("    from the base image")
    if finding.install is not None and finding.install.onbuild:
        lines.append("    ONBUILD trigger: runs in every image built FROM this one")
    if finding.verdict == "unknown":
        lines.append("    verdict: unknown (the gate could not decide)")
    if finding.fix:
        lines.append(f"    fix: {printable(finding.fix)}")
    if finding.suppressed:
        lines.append(f"    suppressed: {printable(finding.suppressed)}")
    return lines


def _target_block(report: Report, paint: _Paint) -> list[str]:
    counts = Counts.of(report.findings)
    title = f"{target_title(report)} ({report.target.kind})"
    # What the base images contributed comes first: a run without them may judge differently.
    based = [f"    {base_image_line(read)}" for read in report.base_images]
    if not report.findings:
        return [f"{title}: {paint('no findings', 'ok')}", *based]
    parts = []
    if counts.deny:
        parts.append(f"{counts.deny} denied")
    if counts.warn:
        parts.append(f"{counts.warn} warning{'' if counts.warn == 1 else 's'}")
    if counts.suppressed:
        parts.append(f"{counts.suppressed} suppressed")
    lines = [f"{title}: {', '.join(parts)}", *based]
    for finding in ordered(report.findings):
        lines.extend(finding_lines(report, finding, color=paint.color))
    return lines


def render(reports: Sequence[Report], *, color: bool = False) -> str:
    """Every report as readable text, ending in one summary line over all of them."""
    paint = _Paint(color)
    blocks = ["\n".join(_target_block(report, paint)) for report in reports]
    counts = Counts.of(f for r in reports for f in r.findings)
    summary = paint(summary_line(reports), "deny" if counts.deny else "ok")
    policy = provenance(reports)
    if policy is not None:
        summary = "\n".join([*provenance_lines(policy), summary])
    return "\n\n".join([*blocks, summary]) + "\n"
