"""Table-driven fact tests: a YAML case is a command line, its env and files, and what to expect.

Private helper of the uv/Poetry/PDM/setuptools fact tests (the pip helper's tests/facts/support.py
builds Commands the same way; this module only adds the case-file format).
"""

from __future__ import annotations

import shlex
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from gate.facts.context import FactContext, ToolCall
from gate.facts.programs import identify
from gate.model import Command, Install, Location, Run, Word

DATA = Path(__file__).resolve().parent.parent / "data" / "facts"


def words(text: str) -> tuple[Word, ...]:
    """shlex words; one that contains `$` is unresolved, and may be options if it starts with it."""
    return tuple(
        Word(w, known="$" not in w, may_be_option=w.startswith("$")) for w in shlex.split(text)
    )


def command(text: str, env: Mapping[str, str | None] | None = None) -> Command:
    return Command(words(text), dict(env or {}), text=text)


def context(
    text: str,
    env: Mapping[str, str | None] | None = None,
    files: Mapping[str, str | None] | None = None,
    workdir: str = "/app",
) -> FactContext:
    run = Run(
        location=Location("Dockerfile", 3),
        shell=("/bin/sh", "-c"),
        exec_form=False,
        argv=(),
        script=text,
        env=dict(env or {}),
        workdir=workdir,
    )
    return FactContext(run, dict(files or {}))


def call_of(text: str, env: Mapping[str, str | None] | None = None) -> ToolCall:
    call = identify(command(text, env))
    assert call is not None, f"not a packaging tool: {text}"
    return call


@dataclass(frozen=True)
class Case:
    name: str
    command: str
    env: dict[str, str | None]
    files: dict[str, str | None]
    workdir: str
    expected: dict[str, Any]


def load_cases(*parts: str) -> list[Case]:
    """Cases from tests/data/facts/<parts>; each file is a YAML list of case mappings."""
    raw = yaml.safe_load((DATA.joinpath(*parts)).read_text())
    cases = [
        Case(
            name=item["name"],
            command=item["command"],
            env=item.get("env") or {},
            files=item.get("files") or {},
            workdir=item.get("workdir", "/app"),
            expected=item["expected"],
        )
        for item in raw
    ]
    names = [c.name for c in cases]
    assert len(names) == len(set(names)), "case names must be unique"
    return cases


def compliant(install: Install) -> bool:
    """The binary-only verdict the facts support: `:all:` in effect, nothing re-enabled."""
    return ":all:" in install.binary.only_binary and not install.binary.no_binary


def check(install: Install | None, expected: Mapping[str, Any]) -> None:
    """Assert the keys a case lists; keys it leaves out are not checked."""
    if expected.get("install") is False:
        assert install is None, f"expected no install fact, got {install}"
        return
    assert install is not None, "expected an install fact"
    if "tool" in expected:
        assert install.tool == expected["tool"]
    if "command" in expected:
        assert install.command == expected["command"]
    if "compliant" in expected:
        assert compliant(install) is expected["compliant"], install.binary
    if "only_binary" in expected:
        assert list(install.binary.only_binary) == expected["only_binary"]
    if "no_binary" in expected:
        assert list(install.binary.no_binary) == expected["no_binary"]
    if "backend" in expected:
        assert install.backend == expected["backend"]
    if "resolves" in expected:
        assert install.resolves is expected["resolves"]
    if "no_deps" in expected:
        assert install.no_deps is expected["no_deps"]
    if "requirements" in expected:
        got = [[r.kind, r.text, r.editable] for r in install.requirements]
        want = [list(r) + [False] * (3 - len(r)) for r in expected["requirements"]]
        assert got == want
    if "unknowns" in expected:
        reasons = [u.reason for u in install.unknowns]
        want_unknowns = expected["unknowns"]
        if isinstance(want_unknowns, int):
            assert len(reasons) == want_unknowns, reasons
        else:
            for fragment in want_unknowns:
                assert any(fragment in r for r in reasons), (fragment, reasons)
    if "events" in expected:
        got_events = [[e.source, e.option, e.value] for e in install.binary.events]
        assert got_events == expected["events"]
    if "fix" in expected:
        assert install.fix == expected["fix"]
    if "files" in expected:
        got_files = [[f.path, f.resolved, f.read, f.constraint] for f in install.requirement_files]
        assert got_files == expected["files"]


def stage(
    extractor: Any,
    *commands: str,
    files: Mapping[str, str | None] | None = None,
    env: Mapping[str, str | None] | None = None,
) -> tuple[dict[str, str | None], list[Install | None]]:
    """Run commands in order the way the walker does: effects first feed later commands.

    `extractor` is a fact module with `extract` and `file_effects` (pip, poetry).
    """
    state: dict[str, str | None] = dict(files or {})
    installs: list[Install | None] = []
    for text in commands:
        call = call_of(text, env)
        ctx = context(text, env, state)
        installs.append(extractor.extract(call, ctx))
        state.update(extractor.file_effects(call, ctx))
    return state, installs
