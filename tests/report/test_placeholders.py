"""No internal marker reaches a report: a cut `docker history` row reads as a cut, any format."""

from __future__ import annotations

from pathlib import Path

import pytest

from gate.cli import main
from gate.report import FORMATS

TRUNCATED = Path(__file__).resolve().parents[1] / "data" / "images" / "tables" / "truncated.txt"


@pytest.mark.parametrize("fmt", FORMATS)
def test_truncated_history_marker_never_reaches_the_output(
    fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["image", "--no-config", "--format", fmt, "--config-file", str(TRUNCATED)])
    out = capsys.readouterr().out
    assert status == 1
    assert "GATE_TRUNCATED_HISTORY" not in out
    assert "${" not in out


def test_the_cut_is_said_in_the_message(capsys: pytest.CaptureFixture[str]) -> None:
    main(["image", "--no-config", "--config-file", str(TRUNCATED)])
    out = capsys.readouterr().out
    assert "the part `docker history` cut off (…; the image config has the whole command)" in out
    assert "created_by: RUN /bin/sh -c pip install -r /var/www/app/r…\n" in out
