"""Findings → output. One module per format, each with `render(reports) -> str`.

Formats are imported only when used, so `gate --help` does not pay for XML or SARIF.
Every format shows suppressed findings (marked, with their reason) and orders findings by
path, line, history index and rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import import_module
from typing import Protocol

from gate.model import GateError, Report

FORMATS: tuple[str, ...] = ("text", "json", "sarif", "junit", "github")

_MODULES = {name: f"gate.report.{name}" for name in FORMATS}


class ReportError(GateError):
    """The requested output format does not exist."""


class Renderer(Protocol):
    """What each format module provides as its `render` function."""

    def __call__(self, reports: Sequence[Report], /) -> str: ...


def renderer(fmt: str) -> Renderer:
    """The render function of a format; ReportError for an unknown one."""
    module_name = _MODULES.get(fmt)
    if module_name is None:
        raise ReportError(f"unknown output format {fmt!r} (choose from {', '.join(FORMATS)})")
    function: Renderer = import_module(module_name).render
    return function


def render(reports: Sequence[Report], fmt: str, *, color: bool = False) -> str:
    """All reports in one output of format `fmt`; `color` only affects the text format."""
    from gate.report.placeholders import readable

    reports = [readable(report) for report in reports]
    if fmt == "text":
        from gate.report.text import render as render_text

        return render_text(reports, color=color)
    return renderer(fmt)(reports)
