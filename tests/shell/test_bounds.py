"""Hostile shell text is walked with bounded work (inputs in tests/data/shell/hostile).

Values past their cap and over-deep expansions become unknown; one RUN step's expansion output is
metered, and a step past its meter is opaque.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gate import model
from gate.shell.expand import MAX_VALUE, Field, Flag, expand_word
from gate.shell.meter import Exhausted, metered
from gate.shell.state import State
from gate.shell.walk import analyse

HOSTILE = Path(__file__).resolve().parents[1] / "data" / "shell" / "hostile"


def _analyse(name: str) -> model.Script:
    script = (HOSTILE / name).read_text("utf-8")
    return analyse(model.Run(model.Location("D"), ("/bin/sh", "-c"), False, (), script, {}))


def _install(script: model.Script) -> model.Command:
    return next(c for c in script.commands if c.argv[0].value == "pip")


def test_a_value_past_its_cap_is_unknown() -> None:
    state = State({}, set())
    state.assign("A", "x" * MAX_VALUE)
    assert state.get("A") == "x" * MAX_VALUE
    state.assign("A", "x" * (MAX_VALUE + 1))
    assert state.get("A") is None
    state.export("B", "y" * (MAX_VALUE + 1))
    assert state.get("B") is None


def test_doubling_assignments_stop_growing_and_the_install_word_is_unknown() -> None:
    word = _install(_analyse("doubling.sh")).argv[-1]
    assert not word.known
    assert len(word.value) <= MAX_VALUE


def test_a_word_copying_a_value_past_the_cap_is_unknown() -> None:
    state = State({"A": "a" * 40_000}, set())
    (field,) = expand_word('"$A$A"', state)
    assert not field.known and len(field.value) < 1000


def test_expansion_output_is_metered_per_run_step() -> None:
    state = State({"A": "a" * 1000}, set())
    with metered(limit=5000), pytest.raises(Exhausted):
        expand_word("$A$A$A$A$A$A", state)
    with metered(limit=5000):
        assert expand_word("$A$A$A$A", state) == [Field("a" * 4000)]


def test_a_word_split_into_many_fields_is_charged_per_field() -> None:
    # `printf '%s\n' $L` of 16,384 words (64 KB of expansion) cost every later layer per word:
    # three RUNs of such printfs took 5.2 s and 215 MB.
    state = State({"L": "p " * 8192}, set())
    with metered(limit=3 * len("p " * 8192)), pytest.raises(Exhausted):
        expand_word("$L", state)
    with metered(limit=3 * len("p " * 8192)):
        assert expand_word('"$L"', state) == [Field("p " * 8192)]


def test_a_step_over_its_expansion_budget_is_opaque_not_silent() -> None:
    script = _analyse("many_copies.sh")
    assert [o.reason for o in script.opaque] == ["shell script too complex to follow completely"]


def test_nested_defaults_past_the_depth_cap_are_unknown() -> None:
    script = _analyse("nested_defaults.sh")
    assert script.opaque == ()  # bounded inside the expander: no recursion error
    word = _install(script).argv[-1]
    assert not word.known


def test_nested_defaults_under_the_cap_are_expanded() -> None:
    state = State({"A": Flag.UNSET}, set())
    assert expand_word("${A:-" * 20 + "x" + "}" * 20, state) == [Field("x")]


def test_scanning_text_is_charged_to_the_meter() -> None:
    text = "$(" * 50 + "x" + ")" * 50
    with metered(limit=20), pytest.raises(Exhausted):
        expand_word(text, State({}, set()))


def test_text_nested_in_itself_is_bounded_by_the_meter() -> None:
    # Each of the walked levels rescans the text below it: 60 levels of 40 KB.
    reasons = [o.reason for o in _analyse("nested_substitutions.sh").opaque]
    assert "shell script too complex to follow completely" in reasons


def test_a_step_past_its_budget_with_non_latin_text_is_still_reported() -> None:
    # The opaque item quotes the step: text beyond latin-1 must not break the report itself.
    script = "# é … ✓\n" + "A=x\n" + "A=$A$A\n" * 15 + 'pip install "' + "$A" * 200 + '"\n'
    run = model.Run(model.Location("D"), ("/bin/sh", "-c"), False, (), script, {})
    (item,) = analyse(run).opaque
    assert item.reason == "shell script too complex to follow completely"
    assert item.text.startswith("# é … ✓")


def test_a_pipeline_of_more_parts_than_followed_is_opaque_in_bounded_time() -> None:
    started = time.process_time()
    script = _analyse("long_pipeline.sh")
    assert time.process_time() - started < 3.0  # bounded work, not a speed target
    assert [o.reason for o in script.opaque] == ["a pipeline of more parts than the gate follows"]


# Runs gate, then writes its own peak RSS (VmHWM, KiB) to stderr: the rusage of a child counts
# the pytest process it was forked from, before its exec.
_PEAK_PROBE = """
import atexit, sys
from gate.cli import main
def peak():
    with open("/proc/self/status") as status:
        line = next(l for l in status if l.startswith("VmHWM:"))
    sys.stderr.write(line.split()[1] + "\\n")
atexit.register(peak)
sys.exit(main(sys.argv[1:]))
"""


def test_a_long_pipeline_after_a_quoted_word_is_unknown_without_parsing_it() -> None:
    """tree-sitter-bash's memory grows with the square of such a pipeline (935 MB for 10,000
    parts, in the parse itself): a text with more `|` than any real one is not parsed."""
    dockerfile = Path(__file__).parents[1] / "data/shell/hostile/quoted_long_pipeline.Dockerfile"
    done = subprocess.run(
        [sys.executable, "-c", _PEAK_PROBE, "dockerfile", "--no-config", "--format", "json",
         str(dockerfile)],
        capture_output=True, text=True, timeout=120, check=False,
        env={**os.environ, "GATE_RESIDENT": "0"},
    )  # fmt: skip
    findings = json.loads(done.stdout)["findings"]
    assert [f["verdict"] for f in findings] == ["unknown"]
    assert "too complex" in findings[0]["message"]
    peak_kib = int(done.stderr.strip().splitlines()[-1])
    assert peak_kib < 300 * 1024  # bounded memory, not a speed target
