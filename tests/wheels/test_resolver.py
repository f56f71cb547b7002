"""uv's answers as gate reads them: which project has no wheel, or why uv failed otherwise."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from gate.wheels.resolver import (
    NoWheel,
    Resolved,
    ResolverUnavailable,
    Unresolvable,
    compile_binary_only,
    parse_failure,
)
from gate.wheels.target import WheelTarget
from tests.support.package_index import PackageIndex

DATA = Path(__file__).resolve().parent.parent / "data" / "wheels" / "uv"
EXPECTED: dict[str, dict[str, Any]] = yaml.safe_load((DATA / "expected.yaml").read_text())
LINUX = WheelTarget("linux", "x86_64", "glibc", 36, "3.12")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_uv_error_text_is_read(name: str) -> None:
    stderr = (DATA / f"{name}.txt").read_text()
    expected = EXPECTED[name]
    if expected.get("unavailable"):
        with pytest.raises(ResolverUnavailable):
            parse_failure(stderr)
        return
    answer = parse_failure(stderr)
    if "no_wheel" in expected:
        assert answer == NoWheel(*expected["no_wheel"])
    else:
        assert isinstance(answer, Unresolvable)
        assert expected["unresolvable"] in answer.message


def test_resolution_lists_every_pin(tmp_path: Path, package_index: PackageIndex) -> None:
    answer = compile_binary_only(("pureapp",), (), (), LINUX, package_index.url, tmp_path, 60)
    assert answer == Resolved((("fastlib", "1.0"), ("pureapp", "1.0")))


def test_override_pins_a_project_to_a_version_with_wheels(
    tmp_path: Path, package_index: PackageIndex
) -> None:
    url = package_index.url
    assert compile_binary_only(("oldwheels==2.1",), (), (), LINUX, url, tmp_path, 60) == NoWheel(
        "oldwheels", "2.1"
    )
    over = compile_binary_only(
        ("oldwheels==2.1",), (), ("oldwheels==1.4",), LINUX, url, tmp_path, 60
    )
    assert over == Resolved((("oldwheels", "1.4"),))


def test_a_target_that_cannot_be_checked_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        compile_binary_only(("x",), (), (), WheelTarget(), "http://127.0.0.1:9/simple", tmp_path, 1)
