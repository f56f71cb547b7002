"""A local project's own manifests: their direct references are built whatever only-binary says.

Each case is a build context under tests/data/facts/manifest_refs/<case>: a Dockerfile that
copies the project and installs it binary-only, and the project's manifests.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from gate.cli import main
from gate.facts import manifest_refs

DATA = Path(__file__).resolve().parents[1] / "data" / "facts" / "manifest_refs"

BUILDS = ("deny", "builds")
UNKNOWN = ("warn", "unknown")


def _findings(case: str, capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    path = DATA / case / "Dockerfile"
    main(["dockerfile", str(path), "--format", "json", "--base-env", "none", "--no-config"])
    findings: list[dict[str, Any]] = json.loads(capsys.readouterr().out)["findings"]
    return findings


# The dependency as declared, then where: the manifest and the table it stands in.
_PYPROJECT = "/app/pyproject.toml [project].dependencies"
_EVIL_GIT = "evil @ git+https://github.com/attacker/evil.git"
_EVIL_SDIST = "evil @ https://example.com/evil-1.0.tar.gz"


@pytest.mark.parametrize(
    ("case", "line", "dependency", "where"),
    [
        ("pyproject_git", 4, _EVIL_GIT, _PYPROJECT),
        ("build_requires", 4, "evilhelper @ https://example.com/evilhelper-1.0.tar.gz",
         "/app/pyproject.toml [build-system].requires"),
        ("setup_py", 4, _EVIL_SDIST, "/app/setup.py install_requires"),
        ("poetry_lock_git", 6, _EVIL_GIT, "/app/poetry.lock [[package]]"),
        ("poetry_pyproject_url", 6, "vendored @ ./vendor/vendored-2.0.tar.gz",
         "/app/pyproject.toml [tool.poetry.dependencies].vendored"),
        ("pdm_git", 6, _EVIL_GIT, _PYPROJECT),
        ("pipenv_git", 6, _EVIL_GIT + " ", "/app/Pipfile [packages]"),
        ("uv_lock_git", 5, _EVIL_GIT + "#", "/app/uv.lock [[package]]"),
        ("pdm_lock_url", 6, _EVIL_SDIST, "/app/pdm.lock [[package]]"),
        ("pipenv_lock_file", 6, _EVIL_SDIST, '/app/Pipfile.lock "default"'),
    ],
)  # fmt: skip
def test_a_direct_reference_in_the_installed_projects_manifest_is_denied_naming_it(
    case: str, line: int, dependency: str, where: str, capsys: pytest.CaptureFixture[str]
) -> None:
    findings = _findings(case, capsys)
    assert [(f["location"]["line"], f["severity"], f["verdict"]) for f in findings] == [
        (line, *BUILDS)
    ]
    assert dependency in findings[0]["message"]
    assert f"(in {where})" in findings[0]["message"]
    assert "direct references" in findings[0]["message"]


def test_a_project_whose_dependencies_are_plain_names_stays_allowed_binary_only(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert _findings("plain_names", capsys) == []


def test_no_deps_installs_none_of_the_projects_dependencies(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert _findings("no_deps", capsys) == []


def test_poetry_only_root_installs_none_of_the_locked_dependencies(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert _findings("poetry_only_root", capsys) == []


def test_an_optional_dependency_counts_only_where_its_extra_is_installed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    findings = _findings("extras", capsys)
    assert [(f["location"]["line"], f["severity"], f["verdict"]) for f in findings] == [
        (5, *BUILDS)
    ]
    assert "[project].optional-dependencies.dev" in findings[0]["message"]


def test_an_unparseable_manifest_plainly_holding_a_reference_is_unknown(
    capsys: pytest.CaptureFixture[str],
) -> None:
    findings = _findings("broken_toml", capsys)
    assert [(f["location"]["line"], f["severity"], f["verdict"]) for f in findings] == [
        (4, *UNKNOWN)
    ]
    assert "/app/pyproject.toml cannot be parsed" in findings[0]["message"]


def test_a_lock_nested_past_the_recursion_limit_is_unreadable_not_an_internal_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Was `gate: internal error: RecursionError` (exit 2) for a Pipfile.lock in the context.
    findings = _findings("pipenv_lock_nested_deep", capsys)
    assert [(f["location"]["line"], f["severity"], f["verdict"]) for f in findings] == [
        (6, *UNKNOWN)
    ]
    assert "/app/Pipfile.lock cannot be parsed" in findings[0]["message"]


def test_a_setup_py_computing_its_dependencies_adds_nothing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert _findings("computed_setup_py", capsys) == []


def test_plain_references_are_found_as_re_finds_them_in_linear_work(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # re.finditer tried a reference at every letter of a long line and scanned the rest of it
    # each time (a setup.py of one 65,536-letter line: over a minute). A match is tried only
    # where a name's first letter has `@` after it (and `[…]`): once per reference here.
    texts = [
        "a" * 3_000 + '\nsetup(install_requires=["x @ git+https://e.com/x"])\n',
        "a[" * 3_000 + "]  @ https://e.com/y.zip",
        'x[a,b] @ git+https://e.com/x, y@hg+https://e.com/y; _z @https://e.com/z\n_.-@git+q',
    ]
    want = [[m.group(0) for m in manifest_refs._PLAIN_REF.finditer(t)] for t in texts]
    long = "a" * 65_536 + texts[0][3_000:]  # finditer itself would take minutes on this one
    tried = 0
    pattern = manifest_refs._PLAIN_REF

    class Counted:
        def match(self, text: str, pos: int) -> Any:
            nonlocal tried
            tried += 1
            return pattern.match(text, pos)

    monkeypatch.setattr(manifest_refs, "_PLAIN_REF", Counted())
    assert [manifest_refs.plain_refs(t) for t in texts] == want
    assert want[0] == ["x @ git+https://e.com/x"] and want[1] == [texts[1]]
    assert manifest_refs.plain_refs(long) == want[0]
    assert tried == 6  # one per reference found


def test_a_lock_of_many_direct_sources_read_by_many_installs_is_bounded_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Each reference was checked against every one found before it, and each install parsed
    # and walked the lock again: one `uv sync` over a 4 MB uv.lock of 27,000 git sources took
    # 16 s of CPU, these five 6 s. Made in the test: a lock this size is no file to keep.
    packages = "".join(
        f'[[package]]\nname = "p{i}"\nversion = "1.0"\n'
        f'source = {{ git = "https://e.com/p{i}.git?rev=main#{i:040x}" }}\n\n'
        for i in range(7_000)
    )
    (tmp_path / "uv.lock").write_text("version = 1\n\n" + packages)
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "app"\nversion = "1.0"\n')
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text("FROM python:3.12\nCOPY . /app\nWORKDIR /app\n" + "RUN uv sync\n" * 5)
    started = time.process_time()
    main(["dockerfile", str(dockerfile), "--format", "json", "--base-env", "none", "--no-config"])
    assert time.process_time() - started < 5.0  # bounded work, not a speed target
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert [f["location"]["line"] for f in findings] == [4, 5, 6, 7, 8]
    assert all("p6999 @ git+https://e.com/p6999.git" in f["message"] for f in findings)
