"""gate's own supply chain: declared imports, hashed locks, pinned actions, and gate's own rule
applied to gate's Dockerfile, install and test scripts and CI examples."""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest
import yaml

from gate.cli import main
from tests.support.paths import REPO

EXAMPLES = REPO / "examples" / "ci"
_PIN = re.compile(r"^([A-Za-z0-9_.-]+)==(\S+)")


def _name(dist: str) -> str:
    return re.sub(r"[-_.]+", "-", dist).lower()


def _declared() -> dict[str, str]:
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    pins = (_PIN.match(d) for d in project["dependencies"])
    return {_name(m.group(1)): m.group(2) for m in pins if m}


def _locked(lock: str) -> dict[str, str]:
    text = (REPO / "requirements" / lock).read_text()
    return {_name(m.group(1)): m.group(2) for m in map(_PIN.match, text.splitlines()) if m}


def _third_party_imports() -> set[str]:
    found: set[str] = set()
    for path in (REPO / "gate").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return {m for m in found if m not in sys.stdlib_module_names and m != "gate"}


def test_every_third_party_import_of_gate_is_a_declared_dependency() -> None:
    providers = packages_distributions()
    declared = _declared()
    imports = _third_party_imports()
    assert {"aiohttp", "anyio", "requests"} <= imports
    for module in sorted(imports):
        dists = {_name(d) for d in providers.get(module, [])}
        assert dists & declared.keys(), f"gate imports {module} (from {dists}), not declared"


def test_every_declared_dependency_is_pinned_and_hashed_in_the_locks() -> None:
    runtime, test = _locked("runtime.txt"), _locked("test.txt")
    for name, version in _declared().items():
        assert runtime.get(name) == version, name
        assert test.get(name) == version, name
    for lock in ("runtime.txt", "test.txt", "build.txt", "helm.txt"):
        text = (REPO / "requirements" / lock).read_text()
        blocks = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 1)[1] if text[0] == "#" else text)
        for block in blocks:
            if _PIN.match(block):
                assert "--hash=sha256:" in block, f"{lock}: {block.splitlines()[0]}"


def test_ci_examples_pin_every_action_by_commit_sha() -> None:
    workflow = yaml.safe_load((EXAMPLES / "github-actions.yml").read_text())
    uses = [s["uses"] for s in workflow["jobs"]["gate"]["steps"] if "uses" in s]
    assert uses
    for action in uses:
        assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", action), action


def _run_blocks() -> list[str]:
    workflow = yaml.safe_load((EXAMPLES / "github-actions.yml").read_text())
    gitlab = yaml.safe_load((EXAMPLES / "gitlab-ci.yml").read_text())
    steps = workflow["jobs"]["gate"]["steps"]
    return [s["run"] for s in steps if "run" in s] + ["\n".join(gitlab["gate"]["script"])]


def _as_dockerfile(scripts: list[str], dest: Path) -> Path:
    """Shell scripts as RUN heredocs, so gate judges every install command in them."""
    body = "".join(f"RUN <<'EOS'\n{s.rstrip()}\nEOS\n" for s in scripts)
    dest.write_text("FROM scratch\n" + body)
    return dest


def test_gate_passes_its_own_dockerfile() -> None:
    assert main(["dockerfile", "--base-env", "none", str(REPO / "Dockerfile")]) == 0


def test_gate_passes_its_own_install_and_test_scripts(tmp_path: Path) -> None:
    scripts = [(REPO / "scripts" / n).read_text() for n in ("install.sh", "test.sh")]
    assert all("pip install" in s for s in scripts)
    path = _as_dockerfile(scripts, tmp_path / "scripts.Dockerfile")
    assert main(["dockerfile", "--format", "json", str(path)]) == 0


def test_gate_passes_the_ci_examples_where_they_install_packages(tmp_path: Path) -> None:
    path = _as_dockerfile(_run_blocks(), tmp_path / "ci.Dockerfile")
    assert main(["dockerfile", str(path)]) == 0


def test_gate_denies_the_old_ci_install_from_a_git_url(tmp_path: Path) -> None:
    """The check above is not vacuous: the example's former install line is denied."""
    old = 'pip install "gate @ git+https://github.com/OWNER/gate@v0.1.0"'
    assert main(["dockerfile", str(_as_dockerfile([old], tmp_path / "old.Dockerfile"))]) == 1


def _judge_step(repo: Path, tools: Path) -> subprocess.CompletedProcess[str]:
    workflow = yaml.safe_load((EXAMPLES / "github-actions.yml").read_text())
    steps = workflow["jobs"]["gate"]["steps"]
    step = next(s for s in steps if s.get("name") == "Judge Dockerfiles")
    env = {**os.environ, "PATH": f"{tools}:{os.environ['PATH']}"}
    return subprocess.run(["bash", "-e", "-c", step["run"]], cwd=repo, env=env, text=True,
                          capture_output=True, timeout=120, check=False)  # fmt: skip


@pytest.fixture
def ci_repo(tmp_path: Path) -> tuple[Path, Path]:
    """A git repository with a denied Dockerfile, and a folder with `gate` on it."""
    repo = tmp_path / "repo"
    (repo / "app").mkdir(parents=True)
    shutil.copy(REPO / "examples" / "Dockerfile", repo / "app" / "Dockerfile")
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    tools = tmp_path / "bin"
    tools.mkdir()
    (tools / "gate").write_text(f'#!/bin/sh\nPYTHONPATH="{REPO}" exec "{sys.executable}" '
                                '-m gate.cli "$@"\n')  # fmt: skip
    (tools / "gate").chmod(0o755)
    return repo, tools


def _add(repo: Path) -> None:
    subprocess.run(["git", "-C", str(repo), "add", "-A"], check=True)


def test_github_example_passes_denials_on_to_code_scanning(ci_repo: tuple[Path, Path]) -> None:
    repo, tools = ci_repo
    _add(repo)
    done = _judge_step(repo, tools)
    assert done.returncode == 0, done.stderr
    results = json.loads((repo / "gate.sarif").read_text())["runs"][0]["results"]
    assert len(results) == 2


def test_github_example_fails_the_step_on_an_input_error(ci_repo: tuple[Path, Path]) -> None:
    repo, tools = ci_repo
    (repo / "broken.Dockerfile").write_bytes(b"FROM x\nRUN \0\n")
    _add(repo)
    done = _judge_step(repo, tools)
    assert done.returncode != 0
    assert "broken.Dockerfile" in done.stderr
