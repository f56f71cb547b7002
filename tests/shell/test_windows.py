"""cmd and PowerShell splitting, below the walker (whose cases cover them end to end)."""

from __future__ import annotations

from gate.shell.state import State
from gate.shell.windows import cmd_split, cmd_word, cmd_words, ps_split, ps_words


def _pieces(split: list[tuple[int, str]]) -> list[str]:
    return [piece.strip() for _, piece in split if piece.strip()]


def test_cmd_splits_on_operators_outside_double_quotes() -> None:
    text = 'pip install a && echo "x && y" & pip install b | more'
    assert _pieces(cmd_split(text)) == ["pip install a", 'echo "x && y"', "pip install b", "more"]


def test_cmd_caret_escapes_an_operator() -> None:
    assert _pieces(cmd_split("echo a ^& b")) == ["echo a ^& b"]


def test_cmd_words_keep_quoted_spaces() -> None:
    assert cmd_words('pip install "--only-binary=:all:" flask') == [
        "pip",
        "install",
        '"--only-binary=:all:"',
        "flask",
    ]


def test_cmd_percent_variables_expand_from_the_state() -> None:
    state = State.from_env({"FLAGS": "--only-binary=:all:"})
    assert cmd_word("%FLAGS%", state).value == "--only-binary=:all:"
    unknown = cmd_word("%OTHER%", State.from_env({}))
    assert not unknown.known


def test_powershell_splits_on_semicolons_and_pipelines_outside_quotes() -> None:
    text = "pip install a; Write-Host 'a; b' | Out-Null\npip install b"
    assert _pieces(ps_split(text)) == [
        "pip install a",
        "Write-Host 'a; b'",
        "Out-Null",
        "pip install b",
    ]


def test_powershell_env_reference_is_unknown_unless_set() -> None:
    words = ps_words("pip install $env:PIP_FLAGS flask", State.from_env({}))
    assert [w.known for w in words] == [True, True, False, True]
    known = ps_words("pip install $env:PIP_FLAGS", State.from_env({"PIP_FLAGS": "--no-deps"}))
    assert known[-1].value == "--no-deps" and known[-1].known
