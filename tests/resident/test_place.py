"""The socket's directory must be the user's alone; anywhere else the resident process is
neither started nor used, and calls run in their own process."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gate.resident import place
from tests.resident.conftest import DATA, Resident


def test_a_private_directory_is_safe(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir(mode=0o700)
    assert place.safe_dir(str(tmp_path / "d"))


@pytest.mark.parametrize("mode", [0o755, 0o770, 0o701])
def test_a_directory_open_to_others_is_not_safe(tmp_path: Path, mode: int) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "d").chmod(mode)
    assert not place.safe_dir(str(tmp_path / "d"))


def test_a_link_to_a_private_directory_is_not_safe(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir(mode=0o700)
    (tmp_path / "link").symlink_to(tmp_path / "d")
    assert not place.safe_dir(str(tmp_path / "link"))


@pytest.mark.skipif(os.getuid() != 0, reason="only root can give a directory to another user")
def test_a_directory_of_another_user_is_not_safe(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir(mode=0o700)
    os.chown(tmp_path / "d", 65534, 65534)
    assert not place.safe_dir(str(tmp_path / "d"))


def test_start_refuses_a_directory_open_to_others(tmp_path: Path) -> None:
    runtime = tmp_path / "xdg"
    (runtime / "gate").mkdir(parents=True)
    (runtime / "gate").chmod(0o755)
    done = Resident(runtime).manage("start")
    assert done.returncode == 2 and "closed to others" in done.stderr
    assert not list((runtime / "gate").iterdir())


def test_a_call_does_not_use_a_resident_process_whose_directory_was_opened(
    tmp_path: Path,
) -> None:
    runtime = tmp_path / "xdg"
    runtime.mkdir(mode=0o700)
    own = Resident(runtime)
    assert own.manage("start").returncode == 0
    try:
        (runtime / "gate").chmod(0o755)
        done = own.gate("dockerfile", "--no-config", str(DATA / "denied.Dockerfile"))
        assert done.returncode == 1 and b"1 denied" in done.stdout
        (runtime / "gate").chmod(0o700)
        assert own.status().get("served") == "0"
    finally:
        (runtime / "gate").chmod(0o700)
        own.manage("stop")


def test_gate_resident_1_starts_it_for_the_next_calls(tmp_path: Path) -> None:
    runtime = tmp_path / "xdg"
    runtime.mkdir(mode=0o700)
    auto = Resident(runtime)
    path = str(DATA / "denied.Dockerfile")
    try:
        first = auto.gate("dockerfile", "--no-config", path, GATE_RESIDENT="1")
        assert first.returncode == 1
        deadline = time.monotonic() + 20
        while not auto.status() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert auto.gate("dockerfile", "--no-config", path, GATE_RESIDENT="1").stdout == (
            first.stdout
        )
        assert auto.status().get("served") == "1"
    finally:
        auto.manage("stop")


def _starting(env: dict[str, str]) -> str:
    code = "from gate.resident.client import starting; print(starting())"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                          timeout=60, check=False)  # fmt: skip
    return done.stdout.strip()


def test_gate_resident_1_starts_none_while_one_holds_the_lock_or_the_dir_is_unsafe(
    resident: Resident, tmp_path: Path
) -> None:
    assert _starting(resident.env()) == "True"  # the module's resident process holds it
    runtime = tmp_path / "xdg"
    runtime.mkdir(mode=0o700)
    assert _starting(Resident(runtime).env()) == "False"
    (runtime / "gate").chmod(0o755)
    assert _starting(Resident(runtime).env()) == "True"
