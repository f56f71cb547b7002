"""Line filters of a requirements file: what G holds after `grep …/sed …/uniq … F > G`."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml

from gate.facts import filter_work, line_match
from gate.facts.line_filters import filtered, in_place
from gate.model import Word

DATA = Path(__file__).resolve().parents[1] / "data" / "facts" / "line_filters"
GNU: dict[str, Any] = yaml.safe_load((DATA / "gnu_outputs.yaml").read_text())
SUBSETS: dict[str, Any] = yaml.safe_load((DATA / "subsets.yaml").read_text())


def _run(command: str, text: str) -> str | None:
    program, *args = shlex.split(command)
    words = [Word(a) for a in args]
    if program != "tr":
        words.append(Word("F"))
    return filtered(program, words, lambda operand: text if operand in ("F", None) else None)


@pytest.mark.parametrize("case", GNU["cases"], ids=lambda c: f"{c['input']}: {c['command']}")
def test_a_modelled_filter_prints_what_gnu_tools_print(case: dict[str, str]) -> None:
    assert _run(case["command"], GNU["inputs"][case["input"]]) == case["output"]


@pytest.mark.parametrize("case", SUBSETS["cases"], ids=lambda c: f"{c['input']}: {c['command']}")
def test_a_filter_not_worked_out_is_f_only_where_every_subset_reads_alike(
    case: dict[str, str],
) -> None:
    text = SUBSETS["inputs"][case["input"]]
    assert _run(case["command"], text) == (text if case["expect"] == "same" else None)


BACKTRACKING: dict[str, Any] = yaml.safe_load((DATA / "backtracking.yaml").read_text())


@pytest.mark.parametrize("case", BACKTRACKING["cases"], ids=lambda c: str(c["command"]))
def test_patterns_re_backtracks_on_select_lines_in_linear_work(
    case: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # `(a|aa)*c` over 40 `a`s ran for minutes in Python's re (a 229-byte Dockerfile). The
    # automaton's steps are counted: a lazily built DFA makes at most a few per character.
    steps = 0
    moved = line_match.LineMatcher._moved

    def counted(self: line_match.LineMatcher, chars: tuple[int, ...], c: str) -> frozenset[int]:
        nonlocal steps
        steps += 1
        return moved(self, chars, c)

    monkeypatch.setattr(line_match.LineMatcher, "_moved", counted)
    text = BACKTRACKING["input"]
    assert _run(case["command"], text) == case["output"]
    assert steps <= 3 * len(text)


MANY: dict[str, Any] = yaml.safe_load((DATA / "many_lines.yaml").read_text())


def test_lines_after_the_first_cost_no_closure_of_the_automaton(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    closures = 0
    closure = line_match.LineMatcher._closure

    def counted(
        self: line_match.LineMatcher, raw: frozenset[int], bol: bool, eol: bool
    ) -> tuple[tuple[int, ...], bool]:
        nonlocal closures
        closures += 1
        return closure(self, raw, bol, eol)

    monkeypatch.setattr(line_match.LineMatcher, "_closure", counted)
    pattern = "|".join(["ab"] * MANY["alternatives"])
    text = "".join(f"pkg{i}\n" for i in range(MANY["lines"]))
    assert _run(f"grep -vE '{pattern}'", text) == text
    assert closures <= 10  # a few DFA states, each closed once


def test_an_automaton_past_its_work_bound_is_not_run() -> None:
    # Under the bound on states (2,048) each state still costs a closure over the pattern: a
    # pattern of 30,000 NFA states held minutes of work and gigabytes in 2,000 states.
    wide = MANY["wide"]
    n = wide["window"]
    filler = "|".join(f"x{k}y" for k in range(wide["filler"]))
    matcher = line_match.compile_lines("(?:a|b)*a" + "(?:a|b)" * n + "|" + filler)
    assert matcher is not None
    lines = [format(k, f"0{n}b").replace("0", "a").replace("1", "b") for k in range(1 << n)]
    with pytest.raises(line_match.Unmatchable):
        for line in lines:
            assert not matcher.search(line)
    assert matcher._work <= line_match.MAX_WORK + 10 * wide["filler"]


def _text_of(lines: int) -> str:
    return "".join(f"pkg{i}\n" for i in range(lines))


def test_filters_past_the_builds_budget_are_not_worked_out() -> None:
    # A grep over 16,384 lines in a function called 1,024 times (419 bytes) took 43 s.
    text = _text_of(MANY["budget"]["lines"])
    with filter_work.budgeted(3 * filter_work.text_cost(text)):
        printed = [_run(f"grep -v x{k}", text) for k in range(5)]
    assert printed == [text, text, None, None, None]


def test_a_filter_asked_again_in_a_build_gives_its_first_answer_at_no_cost(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = _text_of(MANY["budget"]["lines"])
    searches = 0
    search = line_match.LineMatcher.search

    def counted(self: line_match.LineMatcher, line: str) -> bool:
        nonlocal searches
        searches += 1
        return search(self, line)

    monkeypatch.setattr(line_match.LineMatcher, "search", counted)
    with filter_work.budgeted(2 * filter_work.text_cost(text) + 1000):
        first = _run("grep -v x", text)
        again = [_run("grep -v x", text) for _ in range(1000)]
        other = [_run("grep -v y", text), _run("grep -v z", text)]  # the second is refused
        last = _run("grep -v x", text)
    assert first == last == text and again == [text] * 1000
    assert other == [text, None]
    assert searches == 2 * MANY["budget"]["lines"]


def test_a_sed_in_place_gives_every_caller_the_same_answer_past_the_budget() -> None:
    # A `sed -i` is asked about by the step's writes and by its edits: one seeing the new text
    # and another none would leave the old text as the file's.
    text = _text_of(MANY["budget"]["lines"]) + "--no-binary=:all:\n"
    words = [Word(w) for w in ("-i", "/no-binary/d", "F")]
    with filter_work.budgeted(filter_work.text_cost(text) + 1000):
        first = in_place(words, lambda operand: text)
        assert _run("grep -v y", text) is None  # the budget is spent
        second = in_place(words, lambda operand: text)
    assert first == second == ({"F": _text_of(MANY["budget"]["lines"])}, "")
