"""check_install against a real package index on loopback: safe, unsafe with the nearest
versions that have wheels, or unknown with the reason; cached; offline says it cannot check."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from gate.model import BuildSource, Install
from gate.runner import facts_of
from gate.sources.dockerfile import read_dockerfile
from gate.wheels import IndexOptions, WheelCheck, check_install, derive_target, lock_files
from tests.support.package_index import PackageIndex, sha256

DATA = Path(__file__).resolve().parent.parent / "data" / "wheels"
CASES: list[dict[str, Any]] = yaml.safe_load((DATA / "checks.yaml").read_text())


def build(tmp_path: Path, dockerfile: str, files: dict[str, str] | None = None) -> BuildSource:
    for name, text in (files or {}).items():
        (tmp_path / name).write_text(text)
    path = tmp_path / "Dockerfile"
    path.write_text(dockerfile)
    return read_dockerfile(str(path), build_args={}, target=None, context=str(tmp_path))


def check_all(source: BuildSource, index: IndexOptions) -> list[WheelCheck]:
    installs: tuple[Install, ...] = facts_of(source).installs
    return [
        check_install(i, derive_target(source, i), index, lock_files(source, i)) for i in installs
    ]


def options(index: PackageIndex, tmp_path: Path, **kw: Any) -> IndexOptions:
    return IndexOptions(url=index.url, cache_dir=tmp_path / "cache", timeout=60, **kw)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_binary_only_check(
    tmp_path: Path, package_index: PackageIndex, case: dict[str, Any]
) -> None:
    source = build(tmp_path, case["dockerfile"], case.get("files"))
    check = check_all(source, options(package_index, tmp_path))[-1]
    assert check.status == case["status"], check.reason
    if check.status == "safe":
        assert check.reason.startswith("safe to fix")
        assert sorted(check.pins) == [tuple(p) for p in case["pins"]]
    if check.status == "unsafe":
        found = [[m.project, m.version, m.nearest_older, m.nearest_newer] for m in check.missing]
        assert sorted(found, key=str) == case["missing"]
        for missing in check.missing:
            assert missing.project in check.reason
    if check.status == "unknown":
        assert check.reason.startswith("cannot check") and case["reason"] in check.reason
    if "note" in case:
        assert any(case["note"] in note for note in check.notes)


def _hashed_lock(index: PackageIndex, pins: dict[str, tuple[str, ...]]) -> str:
    """A pip lock pinning each project at 1.0 (oldwheels at 2.1) with the named files' hashes."""
    lines = []
    for project, suffixes in pins.items():
        version = "2.1" if project == "oldwheels" else "1.0"
        hashes = " ".join(f"--hash=sha256:{sha256(index.file(project, s))}" for s in suffixes)
        lines.append(f"{project}=={version} \\\n    {hashes}")
    return "\n".join(lines) + "\n"


LOCKED = (
    "FROM --platform=linux/amd64 python:3.12-slim\nCOPY requirements.lock .\n"
    "RUN pip install --require-hashes -r requirements.lock\n"
)
EVERY_FILE = {
    "pureapp": ("-any.whl", ".tar.gz"),
    "fastlib": ("x86_64.whl", "win_amd64.whl", ".tar.gz"),
}


def _check_lock(
    tmp_path: Path, index: PackageIndex, pins: dict[str, tuple[str, ...]]
) -> WheelCheck:
    source = build(tmp_path, LOCKED, {"requirements.lock": _hashed_lock(index, pins)})
    return check_all(source, options(index, tmp_path))[0]


def test_hashed_lock_with_every_file_hashed_is_safe(
    tmp_path: Path, package_index: PackageIndex
) -> None:
    check = _check_lock(tmp_path, package_index, EVERY_FILE)
    assert check.requirements == ("pureapp==1.0", "fastlib==1.0")
    assert check.status == "safe", check.reason


def test_hashed_lock_is_checked_by_its_pins(tmp_path: Path, package_index: PackageIndex) -> None:
    check = _check_lock(tmp_path, package_index, {**EVERY_FILE, "oldwheels": ("2.1.tar.gz",)})
    assert check.status == "unsafe"
    assert [(m.project, m.version, m.nearest_older) for m in check.missing] == [
        ("oldwheels", "2.1", "1.4")
    ]


def test_hashed_lock_without_the_platform_wheel_hash_is_not_safe(
    tmp_path: Path, package_index: PackageIndex
) -> None:
    # Locked on Windows: fastlib's Linux wheel exists, but pip would refuse it (hash mismatch).
    pins = {**EVERY_FILE, "fastlib": ("win_amd64.whl", ".tar.gz")}
    check = _check_lock(tmp_path, package_index, pins)
    assert check.status == "unsafe"
    assert [(m.project, m.version, m.unhashed) for m in check.missing] == [("fastlib", "1.0", True)]
    assert "lists no hash" in check.reason


def test_hashed_lock_of_sdists_only_is_not_safe(
    tmp_path: Path, package_index: PackageIndex
) -> None:
    pins = {"pureapp": (".tar.gz",), "fastlib": (".tar.gz",)}
    check = _check_lock(tmp_path, package_index, pins)
    assert sorted((m.project, m.unhashed) for m in check.missing) == [
        ("fastlib", True),
        ("pureapp", True),
    ]


SAFE = "FROM --platform=linux/amd64 python:3.12-slim\nRUN pip install pureapp\n"


def test_second_check_is_answered_from_the_cache(
    tmp_path: Path, package_index: PackageIndex
) -> None:
    source = build(tmp_path, SAFE)
    first = check_all(source, options(package_index, tmp_path))[0]
    asked = len(package_index.requests)
    started = time.monotonic()
    second = check_all(source, options(package_index, tmp_path))[0]
    elapsed = time.monotonic() - started
    assert (first.cached, second.cached) == (False, True)
    assert second.status == first.status == "safe" and second.pins == first.pins
    assert len(package_index.requests) == asked  # no request reached the index
    assert elapsed < 1.0


def test_offline_without_a_cached_answer_says_it_cannot_check(
    tmp_path: Path, package_index: PackageIndex
) -> None:
    source = build(tmp_path, SAFE)
    asked = len(package_index.requests)
    check = check_all(source, options(package_index, tmp_path, offline=True))[0]
    assert check.status == "unknown" and "cannot check offline" in check.reason
    assert len(package_index.requests) == asked
    # Once checked with the network, offline answers from the cache.
    check_all(source, options(package_index, tmp_path))
    again = check_all(source, options(package_index, tmp_path, offline=True))[0]
    assert again.status == "safe" and again.cached


def test_cache_is_per_platform_and_python(tmp_path: Path, package_index: PackageIndex) -> None:
    linux = check_all(build(tmp_path, SAFE), options(package_index, tmp_path))[0]
    older = check_all(
        build(tmp_path, SAFE.replace("3.12", "3.11")), options(package_index, tmp_path)
    )[0]
    assert (linux.status, older.status) == ("safe", "unsafe")
    assert not older.cached


def test_unreachable_index_cannot_check_and_is_not_cached(
    tmp_path: Path, package_index: PackageIndex
) -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    dead = IndexOptions(
        url=f"http://127.0.0.1:{port}/simple", cache_dir=tmp_path / "c", timeout=60, retries=0
    )
    check = check_all(build(tmp_path, SAFE), dead)[0]
    assert check.status == "unknown" and check.reason.startswith("cannot check")
    assert not list((tmp_path / "c").glob("*.json"))


def test_unreadable_cache_entry_is_a_miss(tmp_path: Path, package_index: PackageIndex) -> None:
    source = build(tmp_path, SAFE)
    check_all(source, options(package_index, tmp_path))
    for entry in (tmp_path / "cache").glob("*.json"):
        entry.write_text('{"status": "safe"')
    again = check_all(source, options(package_index, tmp_path))[0]
    assert again.status == "safe" and not again.cached
