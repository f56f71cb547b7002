"""A spare child's warm-up leaves none of the per-process state a call reads once (standard
input, the base-image cache, tempfile's directory), and its Dockerfile is not the call's."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest

from tests.resident.conftest import DATA, Resident
from tests.support.paths import REPO

CHECK = """
import tempfile
from gate import cli
from gate.policy import judge
from gate.resident.spare import warm_up
from gate.sources import base_env, dockerfile_text
warm_up()
print(tempfile.tempdir, dockerfile_text._stdin_text, base_env._cache, base_env._dead_engines)
print(sorted(cli.AHEAD), len(judge.BUILT_IN_AHEAD))
"""


def _printed(code: str) -> str:
    """What `code` prints, run in a fresh interpreter (a warm-up changes its process)."""
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=60,
        env={**os.environ, "PYTHONPATH": str(REPO)}, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_warm_up_leaves_no_per_call_state_and_builds_parsers_and_engine_ahead() -> None:
    assert _printed(CHECK) == "None [] {} {}\n['dockerfile', 'facts', 'image'] 1\n"


REUSE = """
from gate import cli
from gate.policy import judge
from gate.resident.spare import build_ahead, warm_up
parsers, engine = build_ahead()
warm_up()
print(judge.BUILT_IN_AHEAD == [engine], all(cli.AHEAD[c] is p for c, p in parsers.items()))
"""


def test_the_warm_up_uses_the_parsers_and_engine_built_before_the_fork() -> None:
    assert _printed(REUSE) == "True True\n"


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


def test_a_warm_child_loads_the_policies_a_call_adds(resident: Resident) -> None:
    extra = str(REPO / "gate" / "policies" / "examples" / "require_hashes")
    path = str(DATA / "compliant.Dockerfile")
    for _ in range(2):  # the second call certainly finds a warm spare (built-in engine ahead)
        plain = resident.gate("dockerfile", "--no-config", path)
    before = int(resident.status()["warm"])
    added = resident.gate("dockerfile", "--no-config", "--policy", extra, path)
    alone = resident.gate("dockerfile", "--no-config", "--policy", extra, path, GATE_RESIDENT="0")
    assert int(resident.status()["warm"]) == before + 1
    assert (added.returncode, added.stdout, added.stderr) == (
        alone.returncode, alone.stdout, alone.stderr,
    )  # fmt: skip
    assert (plain.returncode, added.returncode) == (0, 1)


def test_status_says_whether_it_would_serve_this_caller(resident: Resident) -> None:
    assert resident.manage("status").stdout.endswith("this caller: served\n")
    other = resident.manage("status", PYTHONHASHSEED="0").stdout
    assert other.endswith("this caller: not served (interpreter differs)\n")


FAST_INIT = """
from gate import model
from gate.resident import place
from gate.resident.preload import preload
before = model.Word.__init__.__code__.co_filename.startswith('<fast_init')
preload(place.package_dir())
print(before, model.Word.__init__.__code__.co_filename.startswith('<fast_init'))
"""


def test_the_preload_gives_every_served_call_the_faster_frozen_init() -> None:
    assert _printed(FAST_INIT) == "False True\n"


PROJECT_CALL = """
import contextlib, io, os, sys
from gate.resident import place
from gate.resident.preload import preload
from gate.resident.spare import warm_up
preload(place.package_dir())
warm_up()
from gate.cli import main
before = set(sys.modules)
os.chdir(sys.argv[1])
with contextlib.redirect_stdout(io.StringIO()) as out:
    status = main(["dockerfile", "Dockerfile"])
print(status, out.getvalue().lstrip()[:1], sorted(set(sys.modules) - before))
"""


def test_a_call_in_a_project_with_a_pyproject_config_imports_nothing_the_preload_did_not() -> None:
    # Config discovery reads [tool.gate] with tomllib (its regular expressions compile at
    # import): imported by each served call before, now once by the resident process.
    project = DATA / "project"
    done = subprocess.run(
        [sys.executable, "-c", PROJECT_CALL, str(project)], capture_output=True, text=True,
        cwd=REPO, timeout=60, env={**os.environ, "PYTHONPATH": str(REPO)}, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout == "1 { []\n"  # denied, JSON as the project's config says, no import


TYPICAL = """
import sys
from re import _compiler
from gate.cli import main
from gate.resident.spare import WARM_UP_MORE, warm_up
warm_up()
warm_up(WARM_UP_MORE)
compiled = []
real = _compiler.compile
_compiler.compile = lambda pattern, flags=0: compiled.append(pattern) or real(pattern, flags)
status = main(["dockerfile", "--no-config", "--format", "json", sys.argv[1]])
print(status, compiled)
"""


def test_after_both_warm_up_stages_a_typical_dockerfile_compiles_no_pattern() -> None:
    """The second stage runs what most Dockerfiles need (here: apt-get, pip from a requirements
    file, COPY of the context, a user), so a call starts no first-use work the warm-up could have
    done: no regular expression is compiled while judging it."""
    done = subprocess.run(
        [sys.executable, "-c", TYPICAL, str(DATA / "typical" / "Dockerfile")],
        capture_output=True, text=True, cwd=REPO, timeout=60, check=False,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "0 []"


def test_the_second_warm_up_stage_runs_only_while_no_call_waits(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A call waiting when the spare became ready (calls one right after another) or come with
    the resident process's go-ahead is not kept waiting for the second stage; an idle spare runs
    it, then takes the call."""
    from gate.resident import spare

    ran: list[bytes] = []
    ours, theirs = socket.socketpair()
    fds = [os.open(os.devnull, os.O_RDONLY) for _ in range(spare.HANDED)]
    handed = fds[:]
    try:
        monkeypatch.setattr(spare, "warm_up", lambda text: ran.append(text)
                            or spare.hand_over(ours, b"idle", handed))  # fmt: skip
        ours.sendall(spare.MORE)  # nothing waits: the stage runs, then the call is read
        got = spare._job(theirs)
        assert ran == [spare.WARM_UP_MORE] and got is not None and got[0] == b"idle"
        fds += got[1]
        for pending in ([spare.MORE], []):  # the call came with the go-ahead, or instead of it
            if pending:
                ours.sendall(pending[0])
            spare.hand_over(ours, b"waiting", handed)
            got = spare._job(theirs)
            assert ran == [spare.WARM_UP_MORE] and got is not None and got[0] == b"waiting"
            fds += got[1]
    finally:
        ours.close()
        theirs.close()
        for fd in fds:
            os.close(fd)
