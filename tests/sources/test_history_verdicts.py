"""Image history entries in raw spellings, judged end to end through `gate image --config-file`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from gate.cli import main

DATA = Path(__file__).resolve().parents[1] / "data" / "images"


def _judge(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> tuple[int, set[tuple[int, str, str]]]:
    """The exit status, and (history index, severity, verdict) of each finding."""
    status = main(["image", "--config-file", str(path), "--format", "json"])
    out = capsys.readouterr()
    assert status in (0, 1), out.err
    findings: list[dict[str, Any]] = json.loads(out.out)["findings"]
    return status, {(f["location"]["history_index"], f["severity"], f["verdict"]) for f in findings}


def test_raw_runs_in_any_spelling_are_judged_and_unreadable_ones_are_unknown(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, by_index = _judge(DATA / "raw-spellings.json", capsys)
    assert status == 1
    # Lower-case run, RUN flags and RUN<TAB> each install without --only-binary: denied.
    assert {(2, "deny", "builds"), (3, "deny", "builds"), (4, "deny", "builds")} <= by_index
    # The compliant one is not, and the heredoc whose body kaniko did not record is unknown.
    assert not any(index == 5 for index, _, _ in by_index)
    assert (6, "warn", "unknown") in by_index
    assert not any(index in (0, 1, 7) for index, _, _ in by_index)


def test_records_whose_wording_hides_an_install_are_denied_or_unknown(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, by_index = _judge(DATA / "ambiguous-records.json", capsys)
    assert status == 1
    # A `#!` heredoc BuildKit ran from /dev/pipes/EOF: its body is not recorded.
    assert (1, "warn", "unknown") in by_index
    # Exec form behind a wrapper: the words after `-c` are the shell's one command string.
    assert {(2, "deny", "builds"), (3, "deny", "builds")} <= by_index
    # The build-arg value may hold `/bin/sh -c echo hi`, leaving `pip install flask` to run.
    assert (4, "warn", "unknown") in by_index
    # Only the first line of a `#(nop)` command is a comment.
    assert (5, "deny", "builds") in by_index
    # PIP_ONLY_BINARY is not in the final config.Env: neither record set it.
    assert (8, "deny", "builds") in by_index
    # The SHELL's argv holds a script naming pip, run on every RUN under it.
    assert (11, "warn", "unknown") in by_index


def test_mounts_in_raw_records_and_triggers_hide_and_show_as_in_a_dockerfile(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, by_index = _judge(DATA / "raw-mounts.json", capsys)
    # A cache mount at the user's pip config folder, and a mount at a path of no known value,
    # may bring any pip config: unknown (both passed silently, their flags were dropped). So
    # does the config's ONBUILD trigger (no history index). A pip cache or a tmpfs at /tmp
    # hides no config: silent.
    assert by_index == {(1, "warn", "unknown"), (2, "warn", "unknown"), (None, "warn", "unknown")}
    assert status == 0


def test_a_workdir_of_no_known_value_and_secret_env_mounts_in_records_and_triggers(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, by_index = _judge(DATA / "raw-workdir-secrets.json", capsys)
    # `WORKDIR $W` (ARG W without a value: a kaniko record, a config.OnBuild trigger) leaves the
    # folder unknown, so a cache at the relative `.config/pip` may hide the user's pip config
    # (3 and the trigger passed silently: the text `$W` was taken for a folder's name). A
    # secret's `env=PIP_CONFIG_FILE` names a config gate cannot read (4, 5 passed silently).
    assert by_index == {(3, "warn", "unknown"), (4, "warn", "unknown"), (5, "warn", "unknown"),
                        (None, "warn", "unknown")}  # fmt: skip
    # After an absolute WORKDIR the folder is known again (7), a secret in another name (8).
    assert status == 0
