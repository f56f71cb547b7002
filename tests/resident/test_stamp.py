"""The installation stamp changes with any of gate's files (not their byte-code caches) and with
the module path's directories; a resident process whose stamp is stale is not used, and exits."""

from __future__ import annotations

import os
import time
from pathlib import Path

from gate.resident.stamp import installation_stamp
from tests.resident.conftest import DATA, Resident


def _package(root: Path) -> Path:
    package = root / "pkg"
    (package / "policies" / "__pycache__").mkdir(parents=True)
    (package / "mod.py").write_text("x = 1\n")
    (package / "policies" / "rule.rego").write_text("package x\n")
    return package


def test_editing_a_module_or_a_policy_changes_the_stamp(tmp_path: Path) -> None:
    package = _package(tmp_path)
    before = installation_stamp(str(package))
    (package / "policies" / "rule.rego").write_text("package xy\n")
    assert installation_stamp(str(package)) != before
    middle = installation_stamp(str(package))
    os.utime(package / "mod.py", ns=(0, 10**18))
    assert installation_stamp(str(package)) != middle


def test_byte_code_caches_do_not_change_the_stamp(tmp_path: Path) -> None:
    package = _package(tmp_path)
    before = installation_stamp(str(package))
    (package / "policies" / "__pycache__" / "mod.cpython-311.pyc").write_bytes(b"\0")
    assert installation_stamp(str(package)) == before


def test_a_stale_resident_process_is_not_used_and_exits(tmp_path: Path) -> None:
    runtime = tmp_path / "xdg"
    runtime.mkdir(mode=0o700)
    site = tmp_path / "site"  # on the module path: installing anything there touches it
    site.mkdir()
    stale = Resident(runtime)
    env = {"PYTHONPATH": f"{stale.env()['PYTHONPATH']}{os.pathsep}{site}"}
    assert stale.manage("start", **env).returncode == 0
    path = str(DATA / "denied.Dockerfile")
    assert stale.gate("dockerfile", "--no-config", path, **env).returncode == 1
    assert stale.status().get("served") == "1"
    time.sleep(0.01)
    (site / "upgraded.py").write_text("")
    done = stale.gate("dockerfile", "--no-config", path, **env)
    assert done.returncode == 1 and b"1 denied" in done.stdout  # judged, in its own process
    deadline = time.monotonic() + 10
    while stale.status() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not stale.status(), "the stale resident process is still up"


def test_start_replaces_a_stale_resident_process(tmp_path: Path) -> None:
    runtime = tmp_path / "xdg"
    runtime.mkdir(mode=0o700)
    site = tmp_path / "site"
    site.mkdir()
    stale = Resident(runtime)
    env = {"PYTHONPATH": f"{stale.env()['PYTHONPATH']}{os.pathsep}{site}"}
    try:
        assert stale.manage("start", **env).returncode == 0
        old = stale.status().get("pid")
        time.sleep(0.01)
        (site / "upgraded.py").write_text("")
        assert stale.manage("start", **env).returncode == 0
        new = stale.status().get("pid")
        assert new and new != old
        done = stale.gate("dockerfile", "--no-config", str(DATA / "denied.Dockerfile"), **env)
        assert done.returncode == 1 and stale.status().get("served") == "1"
    finally:
        stale.manage("stop", **env)
