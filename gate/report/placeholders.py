"""Internal markers out of every report: what the sources put in for the shell layer to read.

A rendered ``docker history`` table cuts long commands; the history source writes the cut as
``${GATE_TRUNCATED_HISTORY}`` (a variable no step sets, so the cut reads as unknown). A reader
of a report should see the cut, not the marker: messages say what was cut, the rest shows ``…``.
"""

from __future__ import annotations

from dataclasses import replace

from gate.model import Finding, Install, Location, Report, Requirement, Unknown
from gate.sources.truncated import TRUNCATED_HISTORY

_MARKER = "${" + TRUNCATED_HISTORY + "}"
_CUT = "…"
_SAID = "the part `docker history` cut off (…; the image config has the whole command)"


def _text(value: str, said: str = _CUT) -> str:
    if _MARKER not in value:
        return value
    # The marker follows the cut text after a blank: the ellipsis takes the blank's place.
    return value.replace(" " + _MARKER, said).replace(_MARKER, said.lstrip())


def _optional(value: str | None) -> str | None:
    return None if value is None else _text(value)


def _location(location: Location) -> Location:
    return replace(location, created_by=_optional(location.created_by))


def _install(install: Install) -> Install:
    return replace(
        install,
        argv=tuple(_text(a) for a in install.argv),
        text=_text(install.text),
        location=_location(install.location),
        requirements=tuple(
            Requirement(r.kind, _text(r.text), r.editable, r.source) for r in install.requirements
        ),
        unknowns=tuple(Unknown(_text(u.reason), _text(u.text)) for u in install.unknowns),
        fix=_optional(install.fix),
    )


def _finding(finding: Finding) -> Finding:
    return replace(
        finding,
        message=_text(finding.message, " " + _SAID),
        fix=_optional(finding.fix),
        location=_location(finding.location),
        install=None if finding.install is None else _install(finding.install),
    )


def readable(report: Report) -> Report:
    """The report with every internal marker written as what it stands for."""
    if not any(_MARKER in repr(f) for f in report.findings):
        return report
    return replace(report, findings=tuple(_finding(f) for f in report.findings))
