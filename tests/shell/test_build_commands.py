"""The shell stage: each Run read under the shell in effect, and under any it may run under."""

from __future__ import annotations

from pathlib import Path

from gate.model import ShellRun
from gate.runner import commands_of, facts_of
from gate.sources.dockerfile import read_dockerfile

DATA = Path(__file__).resolve().parents[1] / "data" / "dockerfile"


def _windows() -> list[ShellRun]:
    source = read_dockerfile(
        str(DATA / "windows-base.Dockerfile"), build_args={}, target=None, context=None
    )
    return [s for s in commands_of(source).stages[0].steps if isinstance(s, ShellRun)]


def test_body_that_reads_the_same_under_cmd_and_powershell_is_judged_as_is() -> None:
    plain = _windows()[0]
    assert [w.value for w in plain.script.commands[0].argv] == ["pip", "install", "flask"]
    assert not plain.script.opaque


def test_body_that_reads_differently_under_the_shells_it_may_run_under_is_unknown() -> None:
    powershell_only = _windows()[1]
    (opaque,) = powershell_only.script.opaque
    assert "shell in effect is not known" in opaque.reason


def test_powershell_body_on_a_windows_base_of_unread_config_is_not_silent() -> None:
    source = read_dockerfile(
        str(DATA / "windows-base.Dockerfile"), build_args={}, target=None, context=None
    )
    doc = facts_of(source)
    assert [i.location.line for i in doc.installs] == [2]
    assert [location.line for location, _ in doc.opaque] == [3]
