"""A spare child's warm-up leaves none of the per-process state a call reads once (standard
input, the base-image cache, tempfile's directory), and its Dockerfile is not the call's."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.resident.conftest import DATA, Resident
from tests.support.paths import REPO

CHECK = """
import tempfile
from gate.resident.spare import warm_up
from gate.sources import base_env, dockerfile_text
warm_up()
print(tempfile.tempdir, dockerfile_text._stdin_text, base_env._cache, base_env._dead_engines)
"""


def test_the_warm_up_leaves_no_per_call_state() -> None:
    done = subprocess.run(
        [sys.executable, "-c", CHECK], capture_output=True, text=True, cwd=REPO, timeout=60,
        env={**os.environ, "PYTHONPATH": str(REPO)}, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout == "None [] {} set()\n"


def test_a_warm_child_reads_the_callers_standard_input(resident: Resident) -> None:
    for _ in range(2):  # the second call certainly finds a warm spare
        done = resident.gate("dockerfile", "--no-config", "-",
                             stdin=(DATA / "denied.Dockerfile").read_bytes())  # fmt: skip
        assert done.returncode == 1 and b"RUN pip install requests" in done.stdout
    assert int(resident.status()["warm"]) >= 1


def test_calls_with_jobs_run_in_their_own_process(resident: Resident) -> None:
    before = resident.served()
    for spelling in (["--jobs", "2"], ["-j2"], ["--jo=2"]):
        done = resident.gate("dockerfile", "--no-config", *spelling,
                             str(DATA / "denied.Dockerfile"), str(DATA / "compliant.Dockerfile"))
        assert done.returncode == 1
    assert resident.served() == before


def test_a_caller_with_another_hash_seed_runs_in_its_own_process(resident: Resident) -> None:
    before = resident.served()
    done = resident.gate("dockerfile", "--no-config", str(DATA / "denied.Dockerfile"),
                         PYTHONHASHSEED="0")  # fmt: skip
    assert done.returncode == 1
    assert resident.served() == before
