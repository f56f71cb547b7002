"""A real resident process per test module, in its own runtime directory (no mocks)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.paths import REPO

DATA = REPO / "tests" / "data" / "resident"


@dataclass(frozen=True)
class Resident:
    """Runs `gate` through the console-script client with this runtime directory."""

    runtime: Path

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("GATE_")}
        env.update(XDG_RUNTIME_DIR=str(self.runtime), PYTHONPATH=str(REPO))
        env.update(extra)
        return env

    def gate(
        self, *args: str, cwd: Path = REPO, stdin: bytes | None = None, **env: str
    ) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            [sys.executable, "-m", "gate.resident.client", *args], input=stdin,
            capture_output=True, cwd=cwd, env=self.env(**env), timeout=60, check=False,
        )  # fmt: skip

    def manage(self, action: str, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "gate.cli", "resident", action, *args], capture_output=True,
            text=True, env=self.env(**env), timeout=60, check=False,
        )  # fmt: skip

    def status(self) -> dict[str, str]:
        """The resident process's status lines as a mapping; empty when none runs."""
        done = self.manage("status")
        if done.returncode != 0:
            return {}
        return dict(line.rsplit(" ", 1) for line in done.stdout.splitlines())

    def served(self) -> int:
        return int(self.status().get("served", "-1"))


@pytest.fixture(scope="module")
def resident(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Resident]:
    runtime = tmp_path_factory.mktemp("xdg")
    runtime.chmod(0o700)
    started = Resident(runtime)
    done = started.manage("start", "--idle-timeout", "120")
    assert done.returncode == 0, done.stderr
    yield started
    started.manage("stop")
