"""The format registry: every format renders every case, the same way whatever the input order."""

from __future__ import annotations

import dataclasses
import importlib
import random
import time

import pytest

from gate.model import GateError, Location, Report, Target
from gate.report import FORMATS, ReportError, render, renderer
from tests.report.support import load_case


def test_formats_are_exactly_the_cli_choices() -> None:
    assert FORMATS == ("text", "json", "sarif", "junit", "github")


@pytest.mark.parametrize("fmt", FORMATS)
def test_registry_returns_the_format_modules_render(fmt: str) -> None:
    assert renderer(fmt) is importlib.import_module(f"gate.report.{fmt}").render


def test_unknown_format_is_a_gate_error_naming_the_choices() -> None:
    with pytest.raises(ReportError) as caught:
        render(load_case("app"), "html")
    assert isinstance(caught.value, GateError)
    assert "'html'" in str(caught.value) and "sarif" in str(caught.value)


@pytest.mark.parametrize("fmt", FORMATS)
def test_output_does_not_depend_on_finding_input_order(fmt: str) -> None:
    reports = load_case("multi")
    shuffled = []
    rng = random.Random(7)
    for report in reports:
        findings = list(report.findings)
        rng.shuffle(findings)
        shuffled.append(dataclasses.replace(report, findings=tuple(reversed(findings))))
    assert render(tuple(shuffled), fmt) == render(reports, fmt)


@pytest.mark.parametrize("fmt", FORMATS)
def test_suppressed_finding_is_visible_with_its_reason_in_every_format(fmt: str) -> None:
    out = render(load_case("app"), fmt)
    assert "vendored wheel house, reviewed in SEC-42" in out
    assert "pip install of a source archive runs its build script" in out


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_output_ends_with_exactly_one_newline(fmt: str) -> None:
    out = render(load_case("multi"), fmt)
    assert out.endswith("\n") and not out.endswith("\n\n")


def test_color_reaches_text_only() -> None:
    reports = load_case("app")
    assert "\x1b[" in render(reports, "text", color=True)
    assert "\x1b[" not in render(reports, "text")
    assert render(reports, "json", color=True) == render(reports, "json")


@pytest.mark.parametrize("fmt", FORMATS)
def test_large_input_renders_quickly_in_every_format(fmt: str) -> None:
    (report,) = load_case("app")
    lines = 20_000
    source = "FROM python\n" + "RUN pip install x \\\n" * lines + "  y\n"
    template = report.findings[0]
    findings = tuple(
        dataclasses.replace(
            template,
            message="m" * 2_000,
            location=Location("big", line=2 + i, end_line=lines + 2, created_by="c" * 5_000),
        )
        for i in range(0, lines, 10)
    )
    big = Report(Target("dockerfile", "big"), findings, report.rules, {"big": source})
    # This process's CPU time, not wall time: a busy machine must not fail a bound on work.
    started = time.process_time()
    out = render([big], fmt)
    assert time.process_time() - started < 10
    assert out.count("m" * 2_000) >= len(findings)
