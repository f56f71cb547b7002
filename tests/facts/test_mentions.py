"""Every step that names an installer is accounted for: an install, an unknown, or not an install.

Issue 9: wrappers that run their arguments are peeled, pip's other spellings are recognised, and
what stays opaque is reported as unknown, never nothing. Cases live in tests/data/facts/mentions.
"""

from __future__ import annotations

import shlex
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from gate.facts.context import FactContext
from gate.facts.mentions import NAME, name_search
from gate.facts.pip import extract
from gate.model import FactsDocument
from gate.runner import facts_of
from gate.sources.dockerfile import read_dockerfile
from tests.facts.casefile import call_of, context

DATA = Path(__file__).resolve().parent.parent / "data" / "facts" / "mentions"


def _cases(name: str) -> list[Any]:
    cases: list[dict[str, Any]] = yaml.safe_load((DATA / name).read_text())
    return [pytest.param(case, id=case["name"]) for case in cases]


def _facts(body: str, tmp_path: Path) -> FactsDocument:
    path = tmp_path / "Dockerfile"
    path.write_text(f"FROM python:3.12\nRUN {body}\n")
    return facts_of(read_dockerfile(str(path), build_args={}, target=None, context=None))


def _compliant(doc: FactsDocument) -> bool:
    return all(":all:" in i.binary.only_binary and not i.binary.no_binary for i in doc.installs)


@pytest.mark.parametrize("case", [*_cases("runners.yaml"), *_cases("spellings.yaml")])
def test_an_install_behind_a_runner_or_another_spelling_is_judged(
    case: dict[str, Any], tmp_path: Path
) -> None:
    doc = _facts(case["run"], tmp_path)
    assert [[i.tool, i.command] for i in doc.installs] == [case["install"]]
    assert _compliant(doc) is case.get("compliant", False)
    assert [m.outcome for m in doc.mentions] == ["install"]
    assert doc.mentions[0].installs == (doc.installs[0].id,)


def test_a_trap_body_is_walked_and_its_install_judged(tmp_path: Path) -> None:
    doc = _facts('trap "pip install flask" EXIT', tmp_path)
    assert [[i.tool, i.command] for i in doc.installs] == [["pip", "install"]]
    assert "install" in {m.outcome for m in doc.mentions}


@pytest.mark.parametrize("case", _cases("opaque.yaml"))
def test_what_the_gate_cannot_read_is_unknown(case: dict[str, Any], tmp_path: Path) -> None:
    doc = _facts(case["run"], tmp_path)
    assert not doc.installs
    reasons = [item.reason for _, item in doc.opaque]
    assert any(case["unknown"] in r for r in reasons), reasons
    outcomes = {m.outcome for m in doc.mentions}
    assert "unknown" in outcomes and "install" not in outcomes


@pytest.mark.parametrize("case", _cases("nested.yaml"))
def test_what_a_followed_script_cannot_read_is_unknown_at_the_step_that_runs_it(
    case: dict[str, Any], tmp_path: Path
) -> None:
    path = tmp_path / "Dockerfile"
    path.write_text(case["dockerfile"])
    doc = facts_of(read_dockerfile(str(path), build_args={}, target=None, context=None))
    assert bool(doc.installs) is case.get("installs", False)
    reasons = [item.reason for _, item in doc.opaque]
    assert any(case["unknown"] in r for r in reasons), reasons
    # Said at the RUN that runs it, the file's last line.
    assert {loc.line for loc, _ in doc.opaque} == {case["dockerfile"].count("\n")}


@pytest.mark.parametrize("case", _cases("not-installs.yaml"))
def test_a_name_that_installs_nothing_is_not_an_install_with_a_reason(
    case: dict[str, Any], tmp_path: Path
) -> None:
    doc = _facts(case["run"], tmp_path)
    assert not doc.installs and not doc.opaque
    assert doc.mentions
    assert all(m.outcome == "not-install" for m in doc.mentions)
    assert any(case["reason"] in m.reason for m in doc.mentions), doc.mentions


@pytest.mark.parametrize("case", _cases("unreadable.yaml"))
def test_a_file_the_gate_cannot_read_leaves_the_install_unknown(case: dict[str, Any]) -> None:
    files = {
        path: "x" * size if isinstance(size, int) else size
        for path, size in (case.get("files") or {}).items()
    }
    env = {"PIP_CONFIG_FILE": "/dev/stdin"} if "PIP_CONFIG_FILE=" in case["run"] else {}
    text = case["run"].removeprefix("PIP_CONFIG_FILE=/dev/stdin ").split(" < ")[0]
    ctx: FactContext = context(text, env, files)
    install = extract(call_of(text, env), ctx)
    assert install is not None
    assert ":all:" in install.binary.only_binary
    reasons = [u.reason for u in install.unknowns]
    assert any(case["unknown"] in r for r in reasons), reasons


def test_a_long_argv_naming_pip_is_accounted_in_bounded_time(tmp_path: Path) -> None:
    lines = " \\\n".join(" ".join(["pip"] * 25) for _ in range(2_000))
    body = f"some-runner {lines} install flask"  # 50,000 words, under the 256 KiB file cap
    # This process's CPU time, not wall time: a busy machine must not fail a bound on work.
    started = time.process_time()
    doc = _facts(body, tmp_path)
    assert time.process_time() - started < 30
    assert [m.outcome for m in doc.mentions] == ["unknown"]


@pytest.mark.parametrize(
    "text",
    [
        "pip install -r https://example.invalid/requirements.txt",
        "pip install -r /dev/stdin",
        "pip install --no-binary :all: -c https://example.invalid/c.txt flask",
    ],
)
def test_an_unreadable_file_does_not_soften_an_install_that_builds_anyway(text: str) -> None:
    install = extract(call_of(text), context(text))
    assert install is not None
    assert not install.unknowns


def test_nested_command_lines_in_an_unknown_runner_are_searched_in_bounded_time(
    tmp_path: Path,
) -> None:
    word = "pip-install"
    for _ in range(3):
        word = " ".join([shlex.quote(word)] * 6)
    started = time.process_time()
    doc = _facts("some-runner " + " ".join([shlex.quote(word)] * 4), tmp_path)
    assert time.process_time() - started < 30
    assert "unknown" in {m.outcome for m in doc.mentions}


def test_sed_e_command_matches_as_before_and_a_long_blank_run_is_linear() -> None:
    import re

    from gate.facts.mentions import _SED_E_COMMAND

    old = re.compile(
        r"(?:^|[;{}\n])[ \t]*(?:(?:\d+|\$|/[^/\n]*/)(?:[ \t]*,[ \t]*(?:\d+|\$|/[^/\n]*/))?)?"
        r"[ \t]*!?[ \t]*e(?=[ \t;}\n]|$)"
    )
    for script in ["e", "1e", "1 ! e", "$e ls", "/a/,/b/ !e", "1,2e;", " s/x/y/", "; \t!\te",
                   "p;e", "2 , 3 ! ex", "{ e }", "/a/ e", "1,e", "\te"]:
        ours, oracle = _SED_E_COMMAND.search(script), old.search(script)
        assert (ours and ours.span()) == (oracle and oracle.span()), script
    # three adjacent blank runs backtracked cubically: 50 KB of blanks took hours
    assert _SED_E_COMMAND.search(";" + " " * 50_000 + "x") is None
    assert _SED_E_COMMAND.search("1" + " " * 50_000 + "!" + "\t" * 50_000 + "x") is None


@pytest.mark.parametrize("case", _cases("name_search.yaml"))
def test_the_cheap_test_before_the_installer_name_search_finds_what_the_search_finds(
    case: dict[str, Any], tmp_path: Path
) -> None:
    found, searched = name_search(case["text"]), NAME.search(case["text"])
    assert (None if found is None else found.span()) == (
        None if searched is None else searched.span()
    )
    assert (None if found is None else found.group(0)) == case["found"]
    if case.get("step"):
        doc = _facts(case["text"], tmp_path)
        assert [m.installer for m in doc.mentions] == [case["found"]]


def test_mentions_reads_every_program_whose_options_run_a_command() -> None:
    # mentions keeps its own copy of option_commands' programs (an import would be circular).
    from gate.facts import mentions, option_commands

    assert mentions._OPTION_COMMANDS == option_commands.PROGRAMS


def test_mentions_reads_every_program_that_runs_its_inputs_shell_escapes() -> None:
    from gate.facts import command_readers, mentions

    assert mentions._COMMAND_READERS == command_readers.PROGRAMS
