"""The walker's program-name dispatch (walker._names): an extractor of one kind of program is
asked only when the command's program is in its set. Skipping it is sound only if it finds
nothing for every other program; these tests pin that over the commands in
tests/data/facts/dispatch (each program such an extractor reads, names that look alike, and
hostile spellings the shell layer resolves to the same name)."""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from pathlib import Path

import pytest

from gate import model
from gate.build_files import Files
from gate.facts import (
    archives,
    conda,
    file_edits,
    file_writes,
    frontends,
    link_copies,
    lock_export,
    mentions,
    renamed,
)
from gate.facts.code_files import Scanner, runs_written_installer
from gate.facts.programs import code_runner, is_interpreter
from gate.facts.walker import _names
from gate.model import Command
from gate.shell.walk import analyse

DATA = Path(__file__).resolve().parents[1] / "data" / "facts" / "dispatch"
CWD = "/w"


def _files() -> Files:
    files = Files(
        {
            "/w/a": "a\n",
            "/w/t.tpl": "only-binary = ${ONLY}\n",
            "/w/p.yml": "- hosts: all\n  tasks:\n    - pip:\n        name: x\n",
            "/w/n.ipynb": '{"cells": [{"source": ["!pip install x"]}]}\n',
            "/w/package.json": '{"scripts": {"build": "pip install x", "install": "pip i y"}}',
            "/w/d/f": "f\n",
            "/w/i.py": "import subprocess\nsubprocess.run(['pip', 'install', 'x'])\n",
            "/w/env.yml": "dependencies:\n  - pip:\n    - x\n",
            "/w/justfile": "build:\n\tpip install x\n",
            "/w/cmds": "pip install x\n",
        }
    )
    files.link("/w/l", "/w/a", False, ())
    return files


def _commands() -> list[Command]:
    text = (DATA / "commands.sh").read_text("utf-8")
    run = model.Run(model.Location("D", 1), ("/bin/bash", "-c"), False, (), text, {}, CWD)
    return list(analyse(run).commands)


COMMANDS = _commands()


def _recorded(command: Command) -> dict[str, str]:
    table: dict[str, str] = {}
    renamed.record(command, CWD, table)
    return table


def _base_copies(command: Command) -> bool:
    # base_copies.record does nothing unless recursive_copy holds for its program's basename.
    return file_edits.recursive_copy(
        posixpath.basename(command.argv[0].value) if command.argv else "", command.argv[1:]
    )


def _code(command: Command) -> bool:
    name = _names(command)[1]
    return is_interpreter(name) or (bool(name) and code_runner(name) is not None)


def _inside(by: int, programs: frozenset[str]) -> Callable[[Command], bool]:
    return lambda c: _names(c)[by] in programs


# (extractor, when the walker asks it, what it finds); the walker's gates, as it writes them:
# by the last `/` part of the program word (0) or its program_name (1), an interpreter or code
# runner, and for some any command under a wrapper.
Asked = Callable[[Command], bool]
Found = Callable[[Command], object]
FOUND: list[tuple[str, int, frozenset[str], Found]] = [
    ("links", 0, file_writes.LINKERS, lambda c: file_writes.links(c, CWD)),
    ("unknown_links", 0, file_writes.LINKERS, lambda c: file_writes.unknown_links(c, CWD)),
    ("copies", 0, file_writes.COPIERS, lambda c: file_writes.copies(c, CWD)),
    ("removals", 0, file_writes.REMOVERS, lambda c: file_writes.removals(c, CWD)),
    ("byte_copies", 0, file_writes.BYTE_COPIERS, lambda c: file_writes.byte_copies(c, CWD)),
    ("downloads", 0, file_writes.DOWNLOADERS, lambda c: file_writes.downloads(c, CWD)),
    ("stdout_download", 0, file_writes.DOWNLOADERS, file_writes.stdout_download),
    ("uncertain_writes", 0, file_writes.TEMPLATE_FILLERS,
     lambda c: file_writes.uncertain_writes(c, CWD, _files())),
    ("piped_fill", 0, file_writes.TEMPLATE_FILLERS,
     lambda c: file_writes.piped_fill(c, CWD, _files())),
    ("clones", 0, file_writes.CLONERS, lambda c: file_writes.clones(c, CWD)),
    ("kept_links", 0, link_copies.LINK_KEEPERS,
     lambda c: link_copies.kept_links(c, CWD, _files())),
    ("base_copies.record", 0, file_edits.RECURSIVE_COPIERS, _base_copies),
    ("rewrites_locks", 1, lock_export.LOCK_REWRITERS, lock_export.rewrites_locks),
    ("renamed.record", 1, renamed.COPIERS, _recorded),
    ("runs_file_installer", 1, frontends.FILE_RUNNER_PROGRAMS,
     lambda c: frontends.runs_file_installer(c, CWD, _files())),
    ("package_scripts", 1, frontends.NODE_MANAGERS,
     lambda c: frontends.package_scripts(c, CWD, _files()) != frontends.PackageScripts([])),
]  # fmt: skip
GATES: list[tuple[str, Asked, Found]] = [(e, _inside(by, p), f) for e, by, p, f in FOUND] + [
    ("runs_written_installer", _code,
     lambda c: runs_written_installer(c, CWD, _files(), Scanner())),
    ("conda.installs_with_pip",
     lambda c: is_interpreter(_names(c)[1]) or _names(c)[1] in conda.CONDAS,
     lambda c: conda.installs_with_pip(c, CWD, _files(), Scanner())),
    ("frontends.installs",
     lambda c: bool(c.wrappers) or is_interpreter(_names(c)[1])
     or _names(c)[1] in frontends.INSTALL_PROGRAMS,
     frontends.installs),
    ("runs_recipe_installer",
     lambda c: bool(c.wrappers) or _names(c)[1] in frontends.RECIPE_RUNNERS,
     lambda c: frontends.runs_recipe_installer(c, CWD, _files())),
    ("runs_input_installer", lambda c: _code(c) or _names(c)[1] in frontends.AWKS,
     lambda c: frontends.runs_input_installer(c, CWD, _files(), Scanner().installs)),
    ("unknown_inline_code", _code, mentions.unknown_inline_code),
    ("unpacked.record (extraction)",
     lambda c: is_interpreter(_names(c)[1]) or _names(c)[1] in archives.UNPACKERS,
     lambda c: archives.extraction(c, CWD)),
]  # fmt: skip


@pytest.mark.parametrize(("extractor", "asked", "found"), GATES, ids=[g[0] for g in GATES])
def test_an_extractor_finds_nothing_for_a_command_its_dispatch_passes_over(
    extractor: str, asked: Asked, found: Found
) -> None:
    passed = [c for c in COMMANDS if not asked(c)]
    assert passed, "the data hold commands of other programs"
    assert [c.text for c in passed if found(c)] == []
    # The data reach the extractor too: a command it is asked of for which it finds something.
    assert any(found(c) for c in COMMANDS if asked(c)), extractor


def test_an_unknown_program_word_names_no_program() -> None:
    unknown = [c for c in COMMANDS if c.argv and not c.argv[0].known]
    assert unknown, "the data hold a program word of unknown value"
    assert {_names(c) for c in unknown} == {("", "")}


@pytest.mark.parametrize(
    "spelling",
    [
        "\\cp", '"c"p', "'cp'", "/usr/bin/cp", "/bin/../bin/cp", "env cp", "env -i PATH=/bin cp",
        "sudo cp", "sudo -E -u root cp", "command cp", "exec cp", "nice -n 5 cp", "nohup cp",
        "timeout 5 cp", "X=cp; $X", 'f() { cp "$@"; }; f', "sh -c 'cp", 'bash -c "cp',
    ],
)
def test_a_hostile_spelling_of_cp_still_reaches_the_copy_extractor(spelling: str) -> None:
    line = next(t for t in (DATA / "commands.sh").read_text("utf-8").splitlines()
                if t.startswith(f"{spelling} /w/a /w/b"))  # fmt: skip
    run = model.Run(model.Location("D", 1), ("/bin/bash", "-c"), False, (), line, {}, CWD)
    copying = [c for c in analyse(run).commands if c.argv and c.argv[-1].value == "/w/b"]
    assert copying, line
    for command in copying:
        assert _names(command)[0] in file_writes.COPIERS, line
        assert file_writes.copies(command, CWD) == [("/w/a", "/w/b")], line
