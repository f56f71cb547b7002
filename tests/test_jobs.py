"""`--jobs N`: the same output as one process, in input order, errors kept per input."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from gate import jobs
from gate.cli import main
from gate.runner import PolicyOptions

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


def _pid_of(item: str) -> list[jobs.Result]:
    """A stand-in judgment that says which process judged the item."""
    return [jobs.Failure(str(os.getpid()), item, None, input_error=True)]


def test_the_calling_process_judges_beside_its_workers_in_input_order() -> None:
    items = [f"input-{k}" for k in range(200)]
    outcome = jobs._run(_pid_of, items, PolicyOptions(), 2)
    assert [error.path for error in outcome.errors] == items
    pids = {error.message for error in outcome.errors}
    assert str(os.getpid()) in pids  # this process took chunks from the end
    assert len(pids) == 2  # --jobs 2: one worker beside it


def test_workers_fork_warm_without_a_thread_starting_library_loaded() -> None:
    code = (
        "import sys; from gate import jobs; from gate.resident.preload import threads; "
        "jobs._warm(jobs._judge_dockerfile); "
        "print(threads(), 'gate.shell.walk' in sys.modules, "
        "'gate.sources.dockerfile' in sys.modules, type(sys.modules['dockerfile']).__name__)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["1", "True", "True", "DeferredModule"]
