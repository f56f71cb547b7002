"""End to end: a generated RUN that holds an install is never passed in silence.

Installs are spelled every way pip can be (issue 9 class 2) and wrapped in programs that run their
arguments, known and unknown (class 1), or hidden where the gate cannot read (class 5). Whatever
the shape, the gate reports the instruction: a deny, or a warn with verdict unknown.
"""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gate import runner

_INSTALLS = st.sampled_from(
    [
        "pip install flask",
        "pip3.12 install flask",
        "pip-3 install flask",
        "pip-3.12 install flask",
        "python3 -Im pip install flask",
        "python3 -Esm pip install flask",
        "python -W ignore -m pip install flask",
        "python -m pip.__main__ install flask",
        "python3 /usr/lib/python3/dist-packages/pip install flask",
        "python pip.pyz install flask",
        "python3-dbg -m pip install flask",
        "python3.12-dbg -m pip install flask",
        "python2.7-i686 -m pip install flask",
        "graalpy -m pip install flask",
        "pypy3 -m pip install flask",
        "python get-pip.py flask",
        "python3 get-pip.py",
        "uv pip install flask",
        "poetry install",
        "pipx install black",
        "easy_install flask",
        "python setup.py install",
        'python -c \'import subprocess; subprocess.run(["pip", "install", "flask"])\'',
        'python3 -c \'import pip; pip.main(["install", "flask"])\'',
        "./scripts/pip-install.sh flask",
        "python3 install-poetry.py",
        "make install-pip-deps",
    ]
)
# Programs that run the words after them (known syntax, or not known at all).
_PREFIXES = st.sampled_from(
    [
        "conda run -n base",
        "conda run --no-capture-output -p /opt/env",
        "mamba run -n env",
        "micromamba run -r /opt/mm -n base",
        "pixi run -e dev",
        "pixi exec --spec python",
        "hatch run",
        "hatch -e dev run",
        "tox exec -e py312 --",
        "rye run",
        "pyenv exec",
        "asdf exec",
        "mise exec python@3.12 --",
        "direnv exec /app",
        "setpriv --reuid 1000 --init-groups",
        "prlimit --nofile=1024",
        "chrt -f 10",
        "unshare -r",
        "nsenter -t 1 -m",
        "strace -f -o /tmp/trace",
        "ltrace -o /tmp/trace",
        "valgrind --tool=none",
        "watch -x",
        "systemd-run --uid 1000 --wait",
        "proot -r / -b /proc",
        "sudo -u app",
        "env A=1",
        "nice -n 5",
        "timeout 600",
        "my-sandbox --profile strict",
        "some-runner exec",
    ]
)
# Programs that run one command line handed to them as a single word.
_STRING_RUNNERS = st.sampled_from(
    [
        "sh -c {}",
        "bash -lc {}",
        "script -qc {} /dev/null",
        "sg users -c {}",
        "mise x -c {}",
        "nix-shell -p python3 --run {}",
        "su app -c {}",
    ]
)


@st.composite
def _bodies(draw: Any) -> str:
    body = draw(_INSTALLS)
    for _ in range(draw(st.integers(0, 3))):
        if draw(st.booleans()):
            body = f"{draw(_PREFIXES)} {body}"
        else:
            body = draw(_STRING_RUNNERS).format(shlex.quote(body))
    before = draw(st.sampled_from(["", "set -e; ", "apt-get update && ", "cd /app && "]))
    after = draw(st.sampled_from(["", " && rm -rf /root/.cache/pip", "; echo done"]))
    return before + body + after


@pytest.fixture(scope="module")
def engine() -> Any:
    return runner.load_policy(runner.PolicyOptions())


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(body=_bodies())
def test_a_run_holding_an_install_is_never_silent(body: str, engine: Any, tmp_path: Path) -> None:
    path = tmp_path / "Dockerfile"
    path.write_text(f"FROM python:3.12\nRUN {body}\n", encoding="utf-8")
    source = runner.dockerfile_source(str(path), runner.DockerfileOptions())
    report = runner.judge(source, engine, runner.PolicyOptions())
    on_run = [f for f in report.findings if f.location.line == 2]
    assert on_run, f"no finding for: RUN {body}"
    assert all(f.severity == "deny" or f.verdict == "unknown" for f in on_run)
