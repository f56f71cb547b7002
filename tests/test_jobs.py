"""`--jobs N`: the same output as one process, in input order, errors kept per input."""

from __future__ import annotations

from pathlib import Path

import pytest

from gate.cli import main

CLI = Path(__file__).parent / "data" / "cli"
DATA = Path(__file__).parent / "data"
CONFIGS = (
    DATA / "images" / "inspect-c-legacy.json",
    DATA / "webhook" / "compliant-config.json",
    DATA / "images" / "inspect-c-legacy.json",
)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_jobs_give_the_output_of_one_process_in_input_order(
    capsys: pytest.CaptureFixture[str],
) -> None:
    names = ("noncompliant", "compliant", "binary-junk", "ignored", "noncompliant")
    paths = [str(CLI / f"{name}.Dockerfile") for name in names]
    one = _run(capsys, "dockerfile", "--no-config", "--format", "json", *paths)
    many = _run(capsys, "dockerfile", "--no-config", "--format", "json", "--jobs", "3", *paths)
    assert many == one
    assert one[0] == 2 and "binary-junk.Dockerfile" in one[2]  # the unreadable one is reported


def test_a_broken_policy_fails_the_run_with_jobs_as_without(
    capsys: pytest.CaptureFixture[str],
) -> None:
    broken = str(Path(__file__).parent / "data" / "policy" / "policies" / "broken")
    paths = [str(CLI / "noncompliant.Dockerfile"), str(CLI / "compliant.Dockerfile")]
    one = _run(capsys, "dockerfile", "--no-config", "--policy", broken, *paths)
    many = _run(capsys, "dockerfile", "--no-config", "--policy", broken, "-j", "2", *paths)
    assert many == one and one[0] == 2


def test_jobs_judge_image_configs_in_input_order(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["image", "--no-config", "--format", "json"]
    for path in CONFIGS:
        argv += ["--config-file", str(path)]
    one = _run(capsys, *argv)
    many = _run(capsys, *argv, "--jobs", "2")
    assert many == one
