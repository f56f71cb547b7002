"""gate's help formatter lays help out as argparse's own does, without importing shutil."""

from __future__ import annotations

import argparse
import subprocess
import sys

import pytest

from gate.cli import DefaultsInHelp, _parser


def _help_with(formatter: type[argparse.HelpFormatter], argv: list[str]) -> str:
    parser = _parser(argv)
    parsers = [parser]
    while parsers:
        one = parsers.pop()
        one.formatter_class = formatter
        for action in one._actions:
            if isinstance(action, argparse._SubParsersAction):
                parsers.extend(action.choices.values())
    command = next(
        a for a in parser._actions if isinstance(a, argparse._SubParsersAction)
    ).choices[argv[0]]
    return parser.format_help() + command.format_help()


@pytest.mark.parametrize("columns", ["40", "100", "0", "wide", None])
def test_help_is_laid_out_as_argparse_lays_it_out(
    monkeypatch: pytest.MonkeyPatch, columns: str | None
) -> None:
    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    ours = _help_with(_parser(["dockerfile"]).formatter_class, ["dockerfile"])
    # argparse's own layout, with the same defaults written into the help.
    reference = type("Reference", (DefaultsInHelp, argparse.HelpFormatter), {})
    theirs = _help_with(reference, ["dockerfile"])
    assert ours == theirs


def test_parsing_a_command_line_does_not_import_shutil() -> None:
    code = (
        "import sys\n"
        "from gate.cli import parse\n"
        "parse(['dockerfile', '--no-config', 'Dockerfile'])\n"
        "print('shutil' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
