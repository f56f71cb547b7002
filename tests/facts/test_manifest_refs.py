"""A local project's own manifests: their direct references are built whatever only-binary says.

Each case is a build context under tests/data/facts/manifest_refs/<case>: a Dockerfile that
copies the project and installs it binary-only, and the project's manifests.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from gate.cli import main

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
