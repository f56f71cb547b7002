"""Through the resident process a call gives the same bytes on stdout and stderr and the same exit
status as in its own process: verdicts, formats, standard input, environment, working directory,
config found there."""

from __future__ import annotations

import json
import os
import select
import site
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from tests.resident.conftest import DATA, Resident
from tests.support.paths import REPO

Done = subprocess.CompletedProcess[bytes]

CASES = ["compliant", "denied", "unknown", "parse-error"]


def _both(
    resident: Resident, *args: str, cwd: Path = REPO, stdin: bytes | None = None, **env: str
) -> tuple[Done, Done]:
    """The call through the resident process (checked to have gone there), then alone."""
    before = resident.served()
    through = resident.gate(*args, cwd=cwd, stdin=stdin, **env)
    assert resident.served() == before + 1, "the call did not go through the resident process"
    alone = resident.gate(*args, cwd=cwd, stdin=stdin, GATE_RESIDENT="0", **env)
    return through, alone


def _same(through: Done, alone: Done) -> None:
    assert (through.returncode, through.stdout, through.stderr) == (
        alone.returncode, alone.stdout, alone.stderr,
    )  # fmt: skip


@pytest.mark.parametrize("fmt", ["text", "json"])
@pytest.mark.parametrize("case", CASES)
def test_a_dockerfile_gets_the_same_bytes_and_status_through_the_resident_process(
    resident: Resident, case: str, fmt: str
) -> None:
    path = str(DATA / f"{case}.Dockerfile")
    through, alone = _both(resident, "dockerfile", "--no-config", "--format", fmt, path)
    _same(through, alone)
    expected = {"compliant": 0, "denied": 1, "unknown": 0, "parse-error": 2}[case]
    assert alone.returncode == expected


def test_standard_input_reaches_the_child(resident: Resident) -> None:
    text = (DATA / "denied.Dockerfile").read_bytes()
    through, alone = _both(resident, "dockerfile", "--no-config", "--format", "json", "-",
                           stdin=text)  # fmt: skip
    _same(through, alone)
    assert through.returncode == 1
    assert json.loads(through.stdout)["target"]["path"] == "-"


def test_the_callers_environment_is_the_childs_at_each_call(resident: Resident) -> None:
    path = str(DATA / "build-arg.Dockerfile")
    args = ("dockerfile", "--no-config", "--build-arg", "PKGS", path)
    denied, _ = _both(resident, *args, PKGS="requests")
    passed, _ = _both(resident, *args, PKGS="--only-binary :all: requests")
    assert (denied.returncode, passed.returncode) == (1, 0)


def test_relative_paths_and_the_config_are_read_in_the_callers_directory(
    resident: Resident, tmp_path: Path
) -> None:
    (tmp_path / "Dockerfile").write_bytes((DATA / "denied.Dockerfile").read_bytes())
    (tmp_path / ".gate.yaml").write_bytes((DATA / "json.gate.yaml").read_bytes())
    through, alone = _both(resident, "dockerfile", "Dockerfile", cwd=tmp_path)
    _same(through, alone)
    assert json.loads(through.stdout)["target"]["path"] == "Dockerfile"


def test_help_is_laid_out_for_the_callers_terminal_width(resident: Resident) -> None:
    narrow, alone = _both(resident, "dockerfile", "--help", COLUMNS="40")
    _same(narrow, alone)
    wide, _ = _both(resident, "dockerfile", "--help", COLUMNS="120")
    assert narrow.returncode == 0 and narrow.stdout != wide.stdout


def test_a_usage_error_is_exit_2_on_stderr_as_alone(resident: Resident) -> None:
    through, alone = _both(resident, "dockerfile", "--no-such-option")
    _same(through, alone)
    assert through.returncode == 2 and b"error:" in through.stderr


def test_an_image_config_and_facts_get_the_same_bytes_through_the_resident_process(
    resident: Resident,
) -> None:
    config = REPO / "tests" / "data" / "shared" / "realworld-images" / "01-legacy-docker.json"
    through, alone = _both(resident, "image", "--config-file", str(config), "--format", "json")
    _same(through, alone)
    through, alone = _both(resident, "facts", "dockerfile", str(DATA / "denied.Dockerfile"))
    _same(through, alone)
    assert json.loads(through.stdout)


def _on_terminal(resident: Resident, *args: str, **env: str) -> tuple[int, bytes]:
    """Run with standard output on a pseudo-terminal; the exit status and what it showed."""
    main, terminal = os.openpty()
    call = subprocess.Popen(
        [sys.executable, "-m", "gate.resident.client", *args], stdout=terminal,
        stderr=subprocess.PIPE, cwd=REPO, env=resident.env(**env),
    )  # fmt: skip
    os.close(terminal)
    shown = b""
    while True:
        ready, _, _ = select.select([main], [], [], 30)
        if not ready:
            break
        try:
            chunk = os.read(main, 65536)
        except OSError:  # EIO: every writer closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    os.close(main)
    return call.wait(timeout=30), shown


def test_a_terminal_shows_the_same_through_the_resident_process(resident: Resident) -> None:
    # (gate writes no colours today: report.text.want_color has no caller; a terminal is still
    # where line buffering and isatty differ from a pipe.)
    args = ("dockerfile", "--no-config", str(DATA / "denied.Dockerfile"))
    before = resident.served()
    through = _on_terminal(resident, *args)
    assert resident.served() == before + 1
    alone = _on_terminal(resident, *args, GATE_RESIDENT="0")
    assert through == alone
    assert through[0] == 1 and b"1 denied" in through[1]


@pytest.mark.parametrize("warnings", ["error", "default", "always::ResourceWarning"])
def test_a_call_the_resident_process_turns_away_leaves_no_trace_on_stderr(
    resident: Resident, warnings: str
) -> None:
    # Python's warning settings are part of what must match: these calls run in their own
    # process after asking, and must print exactly what a call that never asked prints.
    path = str(DATA / "denied.Dockerfile")
    args = ("dockerfile", "--no-config", path)
    asked = resident.gate(*args, PYTHONWARNINGS=warnings)
    alone = resident.gate(*args, PYTHONWARNINGS=warnings, GATE_RESIDENT="0")
    _same(asked, alone)
    assert alone.returncode == 1



def test_the_gate_command_imports_no_regular_expressions_or_enums_when_the_call_is_served(
    tmp_path: Path,
) -> None:
    """The installed `gate` command (bin/gate) costs a served call only the client's imports: no
    `re` (an entry-point wrapper's first import, ~7 ms) before the resident process answers, and
    no `signal` module (its enums: ~20 M instructions) to pass signals on while the call runs.
    Run from a fresh environment whose start imports no `re` (this one's editable install
    finder does): its path ends with this checkout and this environment's site-packages."""
    venv.create(tmp_path / "env", with_pip=False)
    python = str(tmp_path / "env" / "bin" / "python")
    purelib = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    Path(purelib, "deps.pth").write_text("\n".join([str(REPO), *site.getsitepackages()]) + "\n")
    runtime = tmp_path / "xdg"
    runtime.mkdir(mode=0o700)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GATE_", "PYTHON"))}
    env["XDG_RUNTIME_DIR"] = str(runtime)
    started = subprocess.run([python, "-m", "gate.cli", "resident", "start"], env=env,
                             capture_output=True, text=True, timeout=60, check=False)  # fmt: skip
    assert started.returncode == 0, started.stderr
    try:
        done = subprocess.run(
            [python, str(REPO / "bin" / "gate"), "dockerfile", "--no-config",
             str(DATA / "denied.Dockerfile")],
            capture_output=True, env={**env, "PYTHONPROFILEIMPORTTIME": "1"}, timeout=60,
            check=False,
        )  # fmt: skip
    finally:
        subprocess.run([python, "-m", "gate.cli", "resident", "stop"], env=env,
                       capture_output=True, timeout=60, check=False)  # fmt: skip
    assert done.returncode == 1, done.stderr
    lines = [line.rsplit("|", 1)[-1] for line in done.stderr.decode().splitlines()
             if line.startswith("import time:")]  # fmt: skip
    # Modules print as they finish importing; what follows the `site` line is the command's.
    ours = {name.strip() for name in lines[[n.strip() for n in lines].index("site") + 1 :]}
    assert "gate.resident.client" in ours
    assert not ours & {"re", "gate.cli", "argparse", "signal", "enum"}
