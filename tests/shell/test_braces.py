"""gate.shell.braces: bash brace expansion, its bounds, and the shells that do it."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from gate import model
from gate.shell.braces import MAX_BRACE_WORDS, NoSequences, TooMany, Unresolved, expand_braces
from gate.shell.meter import Exhausted, metered
from gate.shell.walk import analyse

DATA = Path(__file__).resolve().parents[1] / "data" / "shell"
CASES: list[dict[str, Any]] = yaml.safe_load((DATA / "brace_cases.yaml").read_text("utf-8"))
_QUICK = 2.0  # seconds; a capped word is refused before it is built (takes milliseconds)


@pytest.mark.parametrize("case", CASES, ids=[c["word"] for c in CASES])
def test_brace_expansion_makes_the_words_bash_makes(case: dict[str, Any]) -> None:
    if case.get("unknown"):
        with pytest.raises(Unresolved):
            expand_braces(case["word"])
    else:
        assert expand_braces(case["word"]) == case["words"]


def _bash_5() -> bool:
    bash = shutil.which("bash")
    if bash is None:
        return False
    got = subprocess.run([bash, "-c", "echo ${BASH_VERSINFO[0]}"], capture_output=True, text=True)
    return got.stdout.strip().isdigit() and int(got.stdout) >= 5


def _bash_prints(words: list[str]) -> list[list[str]]:
    """What bash passes printf for each word (one line each; \\1 ends every argument)."""
    script = "A=val; HOME=/h\n" + "".join(
        f"echo; echo @@{k}; printf '%s\\001' S {w}\n" for k, w in enumerate(words)
    )
    out = subprocess.run(["bash", "-f", "-s"], input=script, capture_output=True, text=True)
    printed: dict[int, list[str]] = {}
    for chunk in out.stdout.split("\n@@")[1:]:
        k, _, rest = chunk.partition("\n")
        printed[int(k)] = rest.rstrip("\n").split("\x01")[1:-1]
    return [printed.get(k, []) for k in range(len(words))]


@pytest.mark.skipif(not _bash_5(), reason="needs bash 5 as the oracle")
def test_the_walk_expands_each_case_as_bash_does() -> None:
    words = [c["word"] for c in CASES]
    for word, want in zip(words, _bash_prints(words), strict=True):
        got = _printf_argv(f"A=val; HOME=/h; printf %s {word}")
        if all(f.known for f in got):  # an unknown word is allowed (`{Y..b}`)
            assert [f.value for f in got] == want, word


def _printf_argv(script: str, shell: tuple[str, ...] = ("/bin/bash", "-c")) -> list[model.Word]:
    result = analyse(model.Run(model.Location("D"), shell, False, (), script, {}))
    return list(next(c for c in result.commands if c.argv[0].value == "printf").argv[2:])


def test_a_word_past_the_cap_is_refused_before_it_is_built() -> None:
    for word in ("{1..100000000}", "{a,b}" * 40, "x{1..2000}y", "{a," * 100 + "b" + "}" * 100):
        # This process's CPU time, not wall time: a busy machine must not fail a bound on work.
        start = time.process_time()
        with pytest.raises(TooMany):
            expand_braces(word)
        assert time.process_time() - start < _QUICK, word
    assert len(expand_braces(f"{{1..{MAX_BRACE_WORDS}}}")) == MAX_BRACE_WORDS


def test_unmatched_braces_are_bounded() -> None:
    # Each unmatched `{` has its own scan to the end of the word: past the word's scanning
    # allowance the word is unknown; many such words in one step end at the step's meter.
    assert expand_braces("{" * 60 + "a,b}") == ["{" * 59 + "a", "{" * 59 + "b"]
    start = time.process_time()
    for word in ("{" * 100_000 + "}", "{a" * 50_000 + "}"):
        with pytest.raises(TooMany):
            expand_braces(word)
    with metered(100_000), pytest.raises(Exhausted):
        for _ in range(100):
            expand_braces("{" * 400 + "}")
    assert time.process_time() - start < _QUICK


def test_shells_without_bash_sequences_refuse_them_and_keep_comma_lists() -> None:
    assert expand_braces("x{a,b}", sequences=False) == ["xa", "xb"]
    with pytest.raises(NoSequences):
        expand_braces("{1..3}", sequences=False)
    assert expand_braces("{1..}", sequences=False) == ["{1..}"]  # no sequence: text anyway


def test_bash_expands_a_word_sh_keeps_it() -> None:
    bash = _printf_argv("printf %s pip{,3} {a..c}")
    assert [(f.value, f.known) for f in bash] == [
        ("pip", True), ("pip3", True), ("a", True), ("b", True), ("c", True),
    ]  # fmt: skip
    sh = _printf_argv("printf %s pip{,3} {a..c}", ("/bin/sh", "-c"))
    assert [f.value for f in sh] == ["pip{,3}", "{a..c}"]


def test_zsh_and_ksh_expand_comma_lists_and_leave_sequences_unknown() -> None:
    for shell in ("zsh", "ksh", "mksh"):
        got = _printf_argv("printf %s {a,b} {1..3}", (f"/bin/{shell}", "-c"))
        assert [(f.value, f.known) for f in got] == [
            ("a", True), ("b", True), ("{1..3}", False),
        ], shell  # fmt: skip


def test_words_made_by_braces_keep_their_own_known_and_unknown_parts() -> None:
    # `$U` has no known value: only the word it is in is unknown.
    got = _printf_argv('printf %s {"$U",flask}==1 x{a,$U}')
    assert [(f.value, f.known) for f in got] == [
        ("$U==1", False), ("flask==1", True), ("xa", True), ("x$U", False),
    ]  # fmt: skip


def test_a_capped_word_is_unknown_and_may_be_an_option() -> None:
    got = _printf_argv("printf %s " + "{a,b}" * 11 + " z")
    assert [(f.value, f.known, f.may_be_option) for f in got] == [
        ("{a,b}" * 11, False, True), ("z", True, False),
    ]  # fmt: skip
