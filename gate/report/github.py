"""GitHub Actions workflow commands: one `::error` / `::warning` / `::notice` line per finding.

Escaping follows the runner's rules: in data `%`, CR and LF become `%25`, `%0D`, `%0A`; in
property values `:` and `,` also become `%3A` and `%2C`. Other control characters are written as
visible escapes so nothing a Dockerfile contains can start a second command or colour the log.
"""

from __future__ import annotations

from collections.abc import Sequence

from gate.model import Finding, Report
from gate.report.common import (
    base_image_line,
    display_path,
    ordered,
    printable,
    provenance,
    provenance_lines,
    summary_line,
    where,
)


def escape_data(text: str) -> str:
    """A workflow command's message."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return printable(text)


def escape_property(text: str) -> str:
    """A workflow command's property value."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _command(finding: Finding) -> str:
    if finding.suppressed:
        return "notice"
    return "error" if finding.severity == "deny" else "warning"


def annotation(report: Report, finding: Finding) -> str:
    """The workflow command for one finding."""
    loc = finding.location
    props: list[tuple[str, str]] = []
    message = finding.message
    if report.target.kind == "image" or loc.history_index is not None:
        # No file in the repository to point at: say which image entry in the message instead.
        message = f"{where(report, loc)}: {message}"
    else:
        props.append(("file", display_path(loc.path)))
        if loc.command is not None:
            # The install's own command inside a multi-line RUN.
            props.append(("line", str(loc.command.line)))
            props.append(("endLine", str(loc.command.end_line)))
            if loc.command.line == loc.command.end_line:
                # GitHub takes columns only for an annotation on one line.
                props.append(("col", str(loc.command.column)))
                props.append(("endColumn", str(loc.command.end_column)))
        elif loc.line is not None:
            props.append(("line", str(loc.line)))
            if loc.end_line is not None and loc.end_line >= loc.line:
                props.append(("endLine", str(loc.end_line)))
    title = f"gate {finding.rule}"
    if finding.suppressed:
        title += " (suppressed)"
    props.append(("title", title))
    if finding.fix:
        message += f" (fix: {finding.fix})"
    if finding.suppressed:
        message += f" (suppressed: {finding.suppressed})"
    rendered = ",".join(f"{name}={escape_property(value)}" for name, value in props)
    return f"::{_command(finding)} {rendered}::{escape_data(message)}"


def render(reports: Sequence[Report]) -> str:
    """One command line per finding, then a plain summary line for the log."""
    lines = [annotation(r, f) for r in reports for f in ordered(r.findings)]
    # A notice per base image read: the log says which config the verdicts may rest on.
    lines.extend(
        f"::notice title=gate base image::{escape_data(base_image_line(read))}"
        for r in reports
        for read in r.base_images
    )
    policy = provenance(reports)
    if policy is not None:
        notes = provenance_lines(policy)
        lines.append(f"gate: {notes[0]}")
        # A replaced built-in rule is an annotation of its own: a run judged by other rules
        # must be visible on the pull request, not only in the log.
        lines.extend(f"::warning title=gate policy::{escape_data(n)}" for n in notes[1:])
    lines.append(f"gate: {summary_line(reports)}")
    return "\n".join(lines) + "\n"
