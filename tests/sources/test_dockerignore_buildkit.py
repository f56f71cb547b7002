"""gate's .dockerignore rules keep exactly the files `docker build` (BuildKit) copies.

The oracle is a real BuildKit build (Debian's docker client against the suite's dockerd):
`COPY . /ctx/` of a context holding every file, exported with `--output type=local`.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from gate.sources.dockerignore import read_ignore_rules
from tests.support.dockerd import DOCKER_CLI, DockerEngine

CASES: dict[str, Any] = yaml.safe_load(
    (Path(__file__).resolve().parents[1] / "data" / "dockerignore" / "buildkit-cases.yaml")
    .read_text(encoding="utf-8")
)


def _copied_by_buildkit(engine: DockerEngine, root: Path, rules: list[str]) -> set[str]:
    context = root / "context"
    for name in CASES["files"]:
        (context / name).parent.mkdir(parents=True, exist_ok=True)
        (context / name).write_text(name)
    (context / "Dockerfile").write_text("FROM scratch\nCOPY . /ctx/\n")
    (context / ".dockerignore").write_text("".join(f"{r}\n" for r in rules))
    out = root / "out"
    done = subprocess.run(
        [DOCKER_CLI, "build", "--progress", "plain", "--output", f"type=local,dest={out}",
         str(context)],
        env=engine.cli_env(buildkit=True), capture_output=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, (done.stdout + done.stderr).decode(errors="replace")[-3000:]
    copied = out / "ctx"
    return {p.relative_to(copied).as_posix() for p in copied.rglob("*") if p.is_file()}


@pytest.mark.docker
@pytest.mark.parametrize("rules", CASES["rules"], ids=["|".join(r) for r in CASES["rules"]])
def test_the_files_gate_keeps_are_the_files_buildkit_copies(
    rules: list[str], docker_engine: DockerEngine, tmp_path: Path
) -> None:
    copied = _copied_by_buildkit(docker_engine, tmp_path, rules) - {"Dockerfile", ".dockerignore"}
    # gate reads the same .dockerignore file the build did.
    context = tmp_path / "context"
    ignore = read_ignore_rules(str(context), str(context / "Dockerfile"))
    kept = {name for name in CASES["files"] if not ignore.ignored(name)}
    assert kept == copied
