"""Index pages (PEP 503 HTML, PEP 691 JSON) and which wheels a target accepts."""

from __future__ import annotations

from pathlib import Path

import pytest

from gate.wheels.index import nearest, parse_page, project_files, wheel_versions
from gate.wheels.target import WheelTarget
from tests.support.package_index import PackageIndex, sha256

PAGES = Path(__file__).resolve().parent.parent / "data" / "wheels" / "pages"
GLIBC_236 = WheelTarget("linux", "x86_64", "glibc", 36, "3.12")
GLIBC_UNKNOWN = WheelTarget("linux", "x86_64", "glibc", None, "3.12")
MUSL = WheelTarget("linux", "x86_64", "musl", None, "3.12")


def _page(kind: str) -> bytes:
    return (PAGES / f"demo.{kind}").read_bytes()


@pytest.mark.parametrize("kind", ["json", "html"])
def test_both_page_formats_list_the_same_files(kind: str) -> None:
    content_type = "application/vnd.pypi.simple.v1+json" if kind == "json" else "text/html"
    files = parse_page(_page(kind), content_type, "https://index.example/simple/demo/")
    assert [(str(f.version), f.is_wheel, f.sha256) for f in files] == [
        ("1.0", False, "aa"),
        ("1.1", True, "bb"),
        ("1.2", True, "cc"),
        ("1.3", True, None),
        ("1.4", True, "dd"),
        ("2.0rc1", True, "ee"),
    ]


@pytest.mark.parametrize(
    ("target", "versions"),
    [
        # abi3 from cp38 and manylinux_2_28 fit glibc 2.36; cp311 does not fit CPython 3.12.
        (GLIBC_236, ["1.1", "1.4", "2.0rc1"]),
        # glibc of unknown version is checked at manylinux_2_17: the 2_28 wheel does not count.
        (GLIBC_UNKNOWN, ["1.4", "2.0rc1"]),
        (MUSL, ["1.2", "2.0rc1"]),
    ],
    ids=["glibc-2.36", "glibc-unknown", "musl"],
)
def test_wheels_that_fit_the_target(target: WheelTarget, versions: list[str]) -> None:
    files = parse_page(_page("json"), "application/json", "https://index.example/simple/demo/")
    assert [str(v) for v in wheel_versions(files, target)] == versions


def test_nearest_skips_prereleases_and_looks_both_ways() -> None:
    files = parse_page(_page("json"), "application/json", "https://index.example/simple/demo/")
    near = nearest(files, GLIBC_236, "1.3")
    assert (near.older, near.newer) == ("1.1", "1.4")
    assert nearest(files, GLIBC_236, None).older == "1.4"


def test_project_page_from_a_served_index(package_index: PackageIndex) -> None:
    files = project_files(package_index.url, "FastLib", 30)
    assert {f.sha256 for f in files} == {sha256(p) for p in package_index.files["fastlib"]}
    assert project_files(package_index.url, "no-such-project", 30) == ()
