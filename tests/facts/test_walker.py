"""The walker: Dockerfile steps → install facts, with the build's files tracked per stage."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from gate import build_files
from gate.facts import pip_requirements, requirements_work, template_work, unplaced_home, walker
from gate.model import FactsDocument, Install
from gate.runner import facts_of
from gate.shell import meter, walk
from gate.sources.dockerfile import read_dockerfile

DATA = Path(__file__).resolve().parent.parent / "data" / "facts" / "walker"


def _facts(name: str) -> FactsDocument:
    return facts_of(read_dockerfile(str(DATA / name), build_args={}, target=None, context=None))


def _counted(
    monkeypatch: pytest.MonkeyPatch,
    owner: Any,
    name: str,
    measure: Callable[[tuple[Any, ...], Any], int] = lambda args, out: 1,
) -> list[int]:
    """Wrap `owner.name` so each call adds `measure(args, result)` to the one-item total returned
    (a list, so the test reads and resets it after the calls)."""
    total = [0]
    original = getattr(owner, name)

    def counting(*args: Any) -> Any:
        out = original(*args)
        total[0] += measure(args, out)
        return out

    monkeypatch.setattr(owner, name, counting)
    return total


def _binary_only(install: Install) -> bool:
    return ":all:" in install.binary.only_binary and not install.binary.no_binary


def test_config_written_earlier_in_the_same_run_applies() -> None:
    (install,) = _facts("config-same-run.Dockerfile").installs
    assert install.tool == "pip"
    assert _binary_only(install)
    assert any(e.source == "config:/etc/pip.conf" for e in install.binary.events)


def test_files_are_inherited_from_the_parent_stage_only() -> None:
    child, other = _facts("stage-inheritance.Dockerfile").installs
    assert child.location.stage == "child" and _binary_only(child)
    assert other.location.stage == "other" and not _binary_only(other)


def test_onbuild_trigger_writes_nothing_into_this_build() -> None:
    (install,) = _facts("onbuild-writes.Dockerfile").installs
    assert not _binary_only(install)


def test_commands_run_by_a_tool_are_walked_too() -> None:
    installs = _facts("inner-commands.Dockerfile").installs
    by_tool = [(i.tool, i.command, i.location.line) for i in installs]
    assert ("pip", "install", 2) in by_tool
    assert ("pip", "install", 3) in by_tool
    inner_pip = next(i for i in installs if i.tool == "pip" and i.location.line == 2)
    assert not _binary_only(inner_pip)
    inner_rich = next(i for i in installs if i.tool == "pip" and i.location.line == 3)
    assert _binary_only(inner_rich)


def test_program_under_an_unknown_directory_is_still_recognised() -> None:
    (install,) = _facts("unknown-venv-path.Dockerfile").installs
    assert install.tool == "pip"
    assert install.argv[0] == "$VENV/bin/pip"


def test_requirements_file_is_read_relative_to_the_cd_directory() -> None:
    (install,) = _facts("cd-requirements.Dockerfile").installs
    (req_file,) = install.requirement_files
    assert req_file.resolved == "/src/requirements.txt" and req_file.read
    assert install.binary.no_binary == ("flask",)


def test_install_ids_follow_build_order_across_stages() -> None:
    installs = _facts("ids-in-build-order.Dockerfile").installs
    assert [(i.id, i.tool) for i in installs] == [(0, "pip"), (1, "uv"), (2, "pipx")]


def test_poetry_config_set_in_an_earlier_run_applies() -> None:
    (install,) = _facts("poetry-config.Dockerfile").installs
    assert install.tool == "poetry" and _binary_only(install)


def test_every_tool_an_extractor_names_is_found_by_the_lazy_table() -> None:
    """The walker imports extractors on first use: its table must name each module's TOOLS."""
    import importlib

    from gate.facts.walker import EXTRACTOR_MODULES, extractor_of

    by_module: dict[str, set[str]] = {}
    for tool, module in EXTRACTOR_MODULES.items():
        by_module.setdefault(module, set()).add(tool)
    for module, tools in by_module.items():
        assert set(importlib.import_module(module).TOOLS) == tools
    assert extractor_of("not-a-tool") is None


def test_installs_past_the_build_cap_are_one_unknown_per_step() -> None:
    # 40 steps of ~60 installs each: the report stops at 2,048, the last steps say so.
    doc = _facts("installs_past_the_cap.Dockerfile")
    assert len(doc.installs) == 2048
    over = {loc.line for loc, o in doc.opaque if "more than the 2048 installs" in o.reason}
    assert over and over == set(range(min(over), 42))


def test_installs_past_the_build_cap_are_not_extracted(monkeypatch: pytest.MonkeyPatch) -> None:
    # 2,400 installs: each was extracted (pip's options, configs, requirements) and then dropped;
    # 20 steps of 512 installs (2.4 KB) took 2.7 s. Past the cap none is worked out.
    from gate.facts import pip

    extracted = _counted(monkeypatch, pip, "extract")
    doc = _facts("installs_past_the_cap.Dockerfile")
    assert len(doc.installs) == 2048 and extracted == [2048]


def test_a_find_past_the_bound_of_nesting_or_length_is_read_as_unreadable() -> None:
    # 3,000 parentheses, 3,000 `!`, a 1,500-term `-o` chain (RecursionError, exit 2, before):
    # each is an expression gate cannot read, so /etc/pip.conf may have been deleted.
    doc = _facts("find_hostile_expressions.Dockerfile")
    (install,) = doc.installs
    assert any("/etc/pip.conf may have been changed" in u.reason for u in install.unknowns)


def test_scans_past_the_build_bound_are_unknown(monkeypatch: pytest.MonkeyPatch) -> None:
    # The find costs 24 of the 25 (4 held files, 2 starting points, 4 for its tests on each);
    # the glob's scan of the 4 files then goes past it: that step is unknown, the find's is not.
    monkeypatch.setattr(walker, "MAX_SCAN_WORK", 25)
    doc = _facts("scans_past_the_bound.Dockerfile")
    over = {loc.line for loc, o in doc.opaque if "by globs and `find`" in o.reason}
    assert over == {5}


def test_installs_past_the_weighing_bound_are_unknown_unweighed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A user config that changes nothing: the first install is weighed and stays as it was,
    # the second is past the bound and unknown without being weighed.
    monkeypatch.setattr(unplaced_home, "MAX_WEIGHED", 1)
    first, second = _facts("weighing_past_the_bound.Dockerfile").installs
    assert not first.unknowns
    assert any("HOME is not known" in u.reason for u in second.unknowns)


def test_template_fills_past_the_build_bound_are_not_worked_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The template is 58 characters: the first fill fits a budget of 100, the second does not,
    # and its config is of unknown text again (not taken to turn sources off).
    monkeypatch.setattr(template_work, "MAX_TEMPLATE_WORK", 100)
    first, second = _facts("templates_past_the_bound.Dockerfile").installs
    assert _binary_only(first)
    assert not _binary_only(second)


def test_mounts_past_the_cover_budget_leave_their_run_unknown_not_silent(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Each RUN mount looks through every file the stage holds (a tmpfs at `/` over a large
    # context on every RUN took 35 s); past the budget a mount's RUN is unknown.
    unbounded = _facts("mounts-over-many-files.Dockerfile")
    assert [_binary_only(i) for i in unbounded.installs] == [False, False, True]
    assert not unbounded.opaque
    # The first mount's two passes over the two files fit; the second's do not.
    monkeypatch.setattr(walker, "MAX_COVER_WORK", 4)
    bounded = _facts("mounts-over-many-files.Dockerfile")
    assert [(where.line, "past" in why.reason) for where, why in bounded.opaque] == [(10, True)]


def test_words_read_from_held_files_past_the_budget_stay_unknown(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # `pip install $(cat F)` of a long F on many lines would judge every word every time; past
    # the per-build budget the words stay unknown, as before they were read.
    def unknown_lines() -> list[int]:
        facts = _facts("words-from-a-held-file.Dockerfile")
        return [i.location.line for i in facts.installs if i.unknowns]

    assert unknown_lines() == []
    monkeypatch.setattr(walker, "MAX_HANDED_WORDS", 1)  # what each line adds: 2 words for 1
    assert unknown_lines() == [7]


def test_requirements_read_over_and_over_stay_within_the_build_budget(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Two files naming each other 150 times: every install read 151 files of 150 lines each
    # (22,650 lines split by shlex), eight installs 181,200 (2.5 s from 3 KB). Now a line's
    # words are split once per build and the lines read are charged to the build's budget.
    lines = _counted(monkeypatch, pip_requirements, "_expand")
    # Only the reader's splits count (other modules split commands with shlex too).
    own = SimpleNamespace(split=pip_requirements.shlex.split)
    monkeypatch.setattr(pip_requirements, "shlex", own)
    splits = _counted(monkeypatch, own, "split")
    installs = _facts("requirements-read-over-and-over.Dockerfile").installs
    # The first installs fit (pip refuses nothing here: `-r a.txt` inside b.txt is a cycle it
    # skips); once the budget is spent the rest are unknown, not read as holding no options.
    assert len(installs) == 8 and not installs[0].unknowns and installs[-1].unknowns
    assert lines[0] <= requirements_work.MAX_REQUIREMENTS_WORK // requirements_work.LINE + 8
    assert splits[0] <= 2  # `-r b.txt` and `-r a.txt`, once each


def test_requirements_past_the_build_budget_are_unknown_not_read_as_empty(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The first install's file fits a budget of 80, the second's does not: it is unknown (its
    # lines may hold options), never taken to hold none.
    monkeypatch.setattr(requirements_work, "MAX_REQUIREMENTS_WORK", 80)
    first, second = _facts("requirements-past-the-budget.Dockerfile").installs
    assert not first.unknowns and _binary_only(first)
    assert [u.reason for u in second.unknowns] == [
        "requirements files take more reading than the gate spends on one build"
    ]


def test_copies_between_stages_stop_at_the_build_bound_and_leave_reads_unknown(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Each stage copies the one before twice (2^20 files in the last): the entries copied stay
    # within the bound, and the install reading a file past it is unknown, not compliant.
    landed = _counted(monkeypatch, build_files, "_copy", lambda args, out: len(out))
    first, last = _facts("stage-copies-doubling.Dockerfile").installs
    assert not first.unknowns and _binary_only(first)
    assert any("past the" in u.reason for u in last.unknowns)
    assert landed[0] <= build_files.MAX_STAGE_COPIES


def test_stage_ends_past_the_build_bound_leave_later_stages_unknown(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 80 stages built on one that made 40,000 files held 370 MB: the ends kept are bounded.
    def verdicts() -> list[bool]:
        return [bool(i.unknowns) for i in _facts("stage-ends-past-the-bound.Dockerfile").installs]

    assert verdicts() == [False, False]
    monkeypatch.setattr(build_files, "MAX_STAGE_ENDS", 1)  # a's end fits (one file), b's not
    assert verdicts() == [False, True]


def test_shell_steps_past_the_build_pool_are_unknown_and_stop_early(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Six steps of 1,024 commands each (13,460 units of work each) fit the build's pool; with a
    # pool of 40,000 the walk stops in the third and the steps after it are unknown.
    worked = _counted(monkeypatch, walk, "run_walker", lambda args, out: args[1].work)
    doc = _facts("shell-steps-past-the-build-pool.Dockerfile")
    (install,) = doc.installs
    assert _binary_only(install)
    assert [where.line for where, _ in doc.opaque] == []  # the pool holds them all
    monkeypatch.setattr(meter, "MAX_BUILD_WORK", 40_000)
    worked[0] = 0
    doc = _facts("shell-steps-past-the-build-pool.Dockerfile")
    assert worked[0] <= 40_000 + 7 * 8  # each step stops at most one command past what is left
    reason = "the build's shell steps take more work than the gate spends on one build"
    assert {why.reason for _, why in doc.opaque} == {reason}
    assert [where.line for where, _ in doc.opaque] == [6, 7, 8, 9, 10]  # 10: the install


def test_the_requirements_a_build_keeps_for_the_policy_are_bounded() -> None:
    # Each requirement kept goes into the document the policy decides on (~20 us and ~2 KB
    # there): 124,000 of them took 4.4 s and 310 MB from 1.2 KB.
    installs = _facts("many-requirements-kept.Dockerfile").installs
    kept = sum(len(i.requirements) for i in installs)
    per_line = requirements_work.LINE + requirements_work.REQUIREMENT
    assert kept <= requirements_work.MAX_REQUIREMENTS_WORK // per_line
    assert len(installs) == 40 and not installs[0].unknowns and installs[-1].unknowns
