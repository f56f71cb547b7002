"""Ecosystem hooks: the pre-commit hook really run by pre-commit, the CI examples' commands run."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from tests.support.paths import REPO

DATA = Path(__file__).parent / "data" / "hooks"
BIN = Path(sys.executable).parent


def _git_repo(path: Path, dockerfile: str) -> None:
    subprocess.run(["git", "init", "-q", str(path)], check=True)
    shutil.copy(DATA / dockerfile, path / "Dockerfile")
    subprocess.run(["git", "-C", str(path), "add", "Dockerfile"], check=True)


def _env(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@t.invalid",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@t.invalid",
    }


def test_pre_commit_hook_blocks_noncompliant_and_passes_compliant(tmp_path: Path) -> None:
    env = _env(tmp_path)
    results = {}
    for name in ("Dockerfile.noncompliant", "Dockerfile.compliant"):
        repo = tmp_path / name
        _git_repo(repo, name)
        # try-repo installs the hook from this repository (uncommitted changes included) exactly
        # as a user's .pre-commit-config.yaml would, then runs it on the staged Dockerfile.
        run = subprocess.run(
            [str(BIN / "pre-commit"), "try-repo", str(REPO), "gate-dockerfile", "--all-files"],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )
        results[name] = run
    bad, good = results["Dockerfile.noncompliant"], results["Dockerfile.compliant"]
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "pip install flask" in bad.stdout
    assert good.returncode == 0, good.stdout + good.stderr


def _gate_commands(workflow: dict[str, object]) -> list[str]:
    text = yaml.safe_dump(workflow)
    assert "gate dockerfile" in text
    commands: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("run", "script") and "gate dockerfile" in str(value):
                    commands.extend(value if isinstance(value, list) else [value])
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(workflow)
    return [c for c in commands if "gate dockerfile" in c]


def test_ci_examples_commands_produce_their_reports(tmp_path: Path) -> None:
    repo = tmp_path / "app"
    _git_repo(repo, "Dockerfile.noncompliant")
    env = _env(tmp_path)
    produced = {}
    for example in ("github-actions.yml", "gitlab-ci.yml"):
        workflow = yaml.safe_load((REPO / "examples" / "ci" / example).read_text())
        for command in _gate_commands(workflow):
            run = subprocess.run(
                ["bash", "-c", command], cwd=repo, env=env, capture_output=True, text=True
            )
            produced[(example, command)] = run
    outputs = {p.name: p.read_text() for p in repo.iterdir() if p.suffix in (".sarif", ".xml")}
    assert '"version": "2.1.0"' in outputs["gate.sarif"]
    assert "<testsuite" in outputs["gate-junit.xml"] and "<failure" in outputs["gate-junit.xml"]
    annotate = [r for (ex, c), r in produced.items() if "--format github" in c]
    # gate runs once on every file (no xargs, which would turn any failure into 123): a denial is
    # gate's own 1, and the step fails as a denial must fail the job.
    assert annotate and annotate[0].returncode == 1
    assert annotate[0].stdout.startswith("::error ")
