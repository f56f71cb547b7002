"""`gate wheels PATH…`: one answer per install, text or JSON; exit 0 only when every one is safe."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gate.cli import main
from tests.support.package_index import PackageIndex

DATA = Path(__file__).resolve().parent.parent / "data" / "wheels" / "cli"


def _gate(index: PackageIndex, tmp_path: Path, *argv: str) -> int:
    return main(
        ["wheels", *argv, "--base-env", "none", "--index-url", index.url,
         "--cache-dir", str(tmp_path / "cache")]
    )  # fmt: skip


def test_safe_install_exits_zero(
    tmp_path: Path, package_index: PackageIndex, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _gate(package_index, tmp_path, str(DATA / "safe.Dockerfile")) == 0
    out = capsys.readouterr().out
    assert "safe.Dockerfile:3: pip install --no-cache-dir -r requirements.txt" in out
    assert "safe: safe to fix" in out
    assert "linux/x86_64 glibc 2.36, Python 3.12" in out
    assert "answered from the resolver" in out
    assert _gate(package_index, tmp_path, str(DATA / "safe.Dockerfile")) == 0
    assert "answered from the cache" in capsys.readouterr().out


def test_unsafe_install_names_projects_and_exits_one(
    tmp_path: Path, package_index: PackageIndex, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = (str(DATA / "unsafe.Dockerfile"), "--platform", "linux/amd64", "--format", "json")
    assert _gate(package_index, tmp_path, *argv) == 1
    doc = json.loads(capsys.readouterr().out)
    first, second = doc["installs"]
    assert first["status"] == "safe"
    assert second["status"] == "unsafe"
    assert second["target"]["uv_platform"] == "x86_64-manylinux_2_36"
    assert "platform linux/amd64 from --platform" in second["target"]["evidence"]
    assert sorted((m["project"], m["nearest_older"]) for m in second["missing"]) == [
        ("oldwheels", "1.4"),
        ("winonly", None),
    ]
    assert all(m["message"] for m in second["missing"])


def test_unknown_platform_is_said(
    tmp_path: Path, package_index: PackageIndex, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _gate(package_index, tmp_path, str(DATA / "unsafe.Dockerfile")) == 1
    out = capsys.readouterr().out
    assert out.count("unknown: cannot check: the image's platform is not known") == 2


def test_offline_says_it_cannot_check(
    tmp_path: Path, package_index: PackageIndex, capsys: pytest.CaptureFixture[str]
) -> None:
    asked = len(package_index.requests)
    assert _gate(package_index, tmp_path, str(DATA / "safe.Dockerfile"), "--offline") == 1
    assert "unknown: cannot check offline" in capsys.readouterr().out
    assert len(package_index.requests) == asked


def test_missing_dockerfile_is_one_line_error(
    tmp_path: Path, package_index: PackageIndex, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _gate(package_index, tmp_path, str(tmp_path / "nope.Dockerfile")) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "nope.Dockerfile" in err


@pytest.mark.parametrize(
    "flag", [("--platform", "amd64"), ("--python-version", "three")], ids=lambda f: f[0]
)
def test_malformed_target_option_is_a_usage_error(
    tmp_path: Path, package_index: PackageIndex, flag: tuple[str, str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        _gate(package_index, tmp_path, str(DATA / "safe.Dockerfile"), *flag)
    assert exit_info.value.code == 2


def test_facts_with_wheels_carry_each_installs_check_keyed_by_its_id(
    tmp_path: Path, package_index: PackageIndex, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["facts", "dockerfile", str(DATA / "unsafe.Dockerfile"), "--base-env", "none",
            "--platform", "linux/amd64", "--wheels", "--index-url", package_index.url,
            "--cache-dir", str(tmp_path / "cache")]  # fmt: skip
    assert main(argv) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [w["id"] for w in doc["wheels"]] == [i["id"] for i in doc["installs"]]
    assert [w["status"] for w in doc["wheels"]] == ["safe", "unsafe"]


def test_facts_without_wheels_asks_no_index(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["facts", "dockerfile", str(DATA / "unsafe.Dockerfile"), "--base-env", "none"]) == 0
    assert "wheels" not in json.loads(capsys.readouterr().out)
