"""No generated Dockerfile makes the whole gate crash: source → shell → facts → policy → report.

Each layer has its own property tests; this one drives generated text through all of them at once,
as `gate dockerfile` does, so an interaction between layers cannot slip through.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gate import runner
from gate.model import InputError
from gate.report import render

_SHELL = st.sampled_from(
    [
        "pip install flask",
        "pip3 install --only-binary :all: -r r.txt",
        "uv pip install x",
        "uv sync --no-build",
        "poetry install",
        "poetry lock",
        "pipx install black",
        "pipenv install",
        "pdm install",
        "python setup.py install",
        "easy_install x",
        "python -m pip install git+https://example.invalid/x.git",
        "$PIP install x",
        "pip install $FLAGS x",
        'eval "$X"',
        "sh -c 'pip install y'",
        "cd /src",
        "cd $D",
        "export PIP_ONLY_BINARY=:all:",
        "A=1",
        "&&",
        "||",
        ";",
        "|",
        "(",
        ")",
        "{",
        "}",
        "if true; then",
        "fi",
        "for a in b c; do",
        "done",
        "case $x in a)",
        ";;",
        "esac",
        "echo '[global]' > /etc/pip.conf",
        "cat <<EOF",
        "EOF",
        "xargs pip install",
        "\\\n",
        "'",
        '"',
        "`",
        "$(",
        "${",
        "#",
        "\t",
        "é",
        "\U0001f600",
    ]
)
_LINE = st.one_of(
    st.lists(_SHELL, min_size=1, max_size=8).map(lambda ws: "RUN " + " ".join(ws)),
    st.sampled_from(
        [
            "ARG PIP_FLAGS",
            "ARG FLAGS=--only-binary=:all:",
            "ENV PIP_ONLY_BINARY=:all:",
            "ENV UV_NO_BUILD 1",
            "WORKDIR /app",
            "FROM python:3.12 AS b",
            "FROM b",
            'SHELL ["powershell", "-Command"]',
            'SHELL ["cmd", "/S", "/C"]',
            'RUN ["pip", "install", "x"]',
            "COPY <<EOF /etc/pip.conf",
            "[global]",
            "only-binary = :all:",
            "EOF",
            "ONBUILD RUN pip install x",
            "RUN <<EOF",
            '# gate: ignore=python-build-scripts reason="ok"',
            "# escape=`",
        ]
    ),
    st.text(max_size=40).map(lambda t: "RUN " + t),
)
DOCKERFILES = st.lists(_LINE, max_size=12).map(
    lambda lines: "\n".join(["FROM python:3.12", *lines]) + "\n"
)


@pytest.fixture(scope="module")
def engine() -> Any:
    return runner.load_policy(runner.PolicyOptions())


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=DOCKERFILES, fmt=st.sampled_from(["text", "json", "sarif", "junit", "github"]))
def test_generated_dockerfile_is_judged_or_refused_in_one_line(
    text: str, fmt: str, engine: Any, tmp_path: Path
) -> None:
    path = tmp_path / "Dockerfile"
    path.write_text(text, encoding="utf-8")
    try:
        source = runner.dockerfile_source(str(path), runner.DockerfileOptions())
    except InputError as error:
        assert "\n" not in str(error)
        return
    report = runner.judge(source, engine, runner.PolicyOptions())
    assert render([report], fmt)
    for finding in report.findings:
        assert finding.severity in ("deny", "warn")
        assert finding.location.line is not None
