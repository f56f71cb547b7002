"""make runs the recipes of its goals: which lines, with make's variables expanded, and bounded."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from gate.cli import main
from gate.facts.makefiles import makefile_script
from gate.model import Word

DATA = Path(__file__).resolve().parents[1] / "data" / "facts" / "makefiles"
CASES = yaml.safe_load((DATA / "cases.yaml").read_text(encoding="utf-8"))


def _word(text: str) -> Word:
    return Word(text, known=not text.startswith("$"))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_make_runs_the_recipes_of_its_goals(case: dict[str, Any]) -> None:
    files = case.get("makefiles") or (
        {} if case["makefile"] is None else {"/src/Makefile": case["makefile"]}
    )
    started = time.process_time()
    args = tuple(_word(a) for a in case["args"])
    got = makefile_script(args, "/src", files, env=case.get("env"))
    assert time.process_time() - started < 2.0  # bounded work, not a speed target
    assert (None if got is None else got.text) == case["script"]
    assert (() if got is None else got.unknown) == tuple(case.get("unknown", ()))


def test_a_makefile_from_the_context_is_judged_for_the_goals_the_build_runs(
    capsys: pytest.CaptureFixture[str],
) -> None:
    dockerfile = DATA / "copied.Dockerfile"
    code = main(["dockerfile", str(dockerfile), "--context", str(DATA / "context"),
                 "--format", "json", "--base-env", "none", "--no-config"])  # fmt: skip
    findings = json.loads(capsys.readouterr().out)["findings"]
    denied = sorted({f["location"]["line"] for f in findings if f["severity"] == "deny"})
    # `make install` runs deps: its first pip is binary-only, `gunicorn` is not; `make dev`
    # installs the project's dev extras from source; line 6's deps with PIP=pip3 again.
    assert code == 1 and denied == [4, 5, 6]
    messages = [f["fix"] for f in findings if f["location"]["line"] == 4]
    assert messages == ["python3 -m pip install --only-binary :all: gunicorn"]


HOSTILE = yaml.safe_load((DATA / "hostile" / "cases.yaml").read_text(encoding="utf-8"))


def _hostile(shape: str, size: list[int]) -> str:
    if shape == "literal_fanout":
        width, lines = size
        return f"A = {'x' * width}\nall:\n" + "\t@$(A)\n" * lines
    if shape == "prerequisite_fanout":
        words, rules = size
        goals = " ".join(f"t{i}" for i in range(rules))
        head = f"P = {' a' * words}\nall: {goals}\na:\n\tpip install flask\n"
        return head + "".join(f"t{i}: $(P)\n" for i in range(rules))
    if shape == "appended":
        return "all:\n\t$(A)\n" + "A += xxxxxxxx\n" * size[0]
    depth = size[0]
    return "all: d0\n" + "".join(f"d{i}: d{i + 1}\n\techo {i}\n" for i in range(depth))


@pytest.mark.parametrize("case", HOSTILE, ids=[c["name"] for c in HOSTILE])
def test_a_hostile_makefile_is_read_in_bounded_time_and_memory(case: dict[str, Any]) -> None:
    import tracemalloc

    files = {"/src/Makefile": _hostile(case["shape"], case["size"])}
    tracemalloc.start()
    started = time.process_time()
    try:
        got = makefile_script((), "/src", files)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert time.process_time() - started < 5.0  # bounded work, not a speed target
    assert peak < 64 * 1024 * 1024
    assert got is not None and len(got.text) <= 300 * 1024
    assert got.unknown == ((case["unknown"],) if case["unknown"] else ())


def test_make_run_thousands_of_times_on_a_large_makefile_is_read_once_and_bounded(
    tmp_path: Path,
) -> None:
    from gate.runner import facts_of
    from gate.sources.dockerfile import read_dockerfile

    # ~290 KB of rules, then 100 RUNs each running make 40 times: the Makefile is read once per
    # build, and past the walk caps make is not read at all (said, not silent).
    rules = "".join(f"t{i}:\n\techo {'x' * 60} {i}\n" for i in range(4000))
    (tmp_path / "Makefile").write_text("all:\n\tpip install flask\n" + rules)
    run = " && ".join(["make -f /m/Makefile"] * 40)
    (tmp_path / "Dockerfile").write_text(
        "FROM python:3.12\nCOPY Makefile /m/Makefile\n" + f"RUN {run}\n" * 100
    )
    started = time.process_time()
    source = read_dockerfile(
        str(tmp_path / "Dockerfile"), build_args={}, target=None, context=str(tmp_path)
    )
    doc = facts_of(source)
    assert time.process_time() - started < 10.0  # bounded work, not a speed target
    assert doc.installs  # the first runs are walked: pip install flask
    assert any("more script files run than the gate walks" in o.reason for _, o in doc.opaque)


def test_a_makefile_make_reads_on_its_input_is_judged(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["dockerfile", str(DATA / "stdin.Dockerfile"), "--format", "json",
                 "--base-env", "none", "--no-config"])  # fmt: skip
    findings = json.loads(capsys.readouterr().out)["findings"]
    verdicts = sorted((f["location"]["line"], f["verdict"]) for f in findings)
    assert code == 1
    assert verdicts == [(3, "builds"), (12, "unknown"), (13, "builds")]
