"""gate fix --check applies only the fixes a binary-only resolution calls safe, and says why it
left the others."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gate.cli import main
from tests.support.package_index import PackageIndex

DATA = Path(__file__).resolve().parent.parent / "data" / "fix"


def _fix(tmp_path: Path, index: PackageIndex, *extra: str) -> tuple[int, str]:
    path = tmp_path / "Dockerfile"
    shutil.copy(DATA / "check.Dockerfile", path)
    cache = str(tmp_path / "cache")
    args = ["fix", str(path), "--no-context", "--check", "--index-url", index.url]
    status = main([*args, "--cache-dir", cache, *extra])
    return status, path.read_text()


def test_check_applies_the_safe_fix_and_leaves_the_one_without_wheels(
    tmp_path: Path, package_index: PackageIndex, capsys: pytest.CaptureFixture[str]
) -> None:
    status, text = _fix(tmp_path, package_index)
    out = capsys.readouterr().out
    assert "RUN pip install --only-binary :all: pureapp\n" in text
    assert "RUN pip install sdistonly==0.5\n" in text
    assert status == 1  # the unsafe install is still denied
    left = [line for line in out.splitlines() if ":5: left:" in line]
    assert len(left) == 1 and "unsafe" in left[0] and "sdistonly" in left[0]


def test_check_offline_with_nothing_cached_applies_nothing(
    tmp_path: Path, package_index: PackageIndex, capsys: pytest.CaptureFixture[str]
) -> None:
    status, text = _fix(tmp_path, package_index, "--offline")
    out = capsys.readouterr().out
    assert text == (DATA / "check.Dockerfile").read_text()
    assert status == 1
    assert out.count("wheel check says unknown") == 2


def test_check_refuses_a_malformed_python_version(
    tmp_path: Path, package_index: PackageIndex, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["fix", str(DATA / "check.Dockerfile"), "--check", "--python-version", "3"]) == 2
    assert "--python-version wants X.Y" in capsys.readouterr().err
