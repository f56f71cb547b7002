"""gate fix on the 261 real-world Dockerfiles: fixable denials go, nothing else changes, and a
second run is a no-op. BuildKit's own parser (the `dockerfile` package) checks the instructions."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import dockerfile
import pytest

from gate.fix import FixPlan, apply_fixes, plan_fixes
from gate.model import GateError
from gate.runner import DockerfileOptions, PolicyOptions, dockerfile_source, judge, load_policy
from tests.support.paths import shared

INSERTED = ("--only-binary", ":all:", "--no-build", "POETRY_INSTALLER_ONLY_BINARY=:all:")


def _denied(path: Path) -> Counter[tuple[int, str, str]]:
    policy = PolicyOptions()
    report = judge(dockerfile_source(str(path), DockerfileOptions(base_env="none")),
                   load_policy(policy), policy)  # fmt: skip
    return Counter(
        (f.location.line or 0, f.install.tool, f.install.command)
        for f in report.findings
        if f.severity == "deny" and not f.suppressed and f.install is not None
    )


def _only_insertions(before: tuple[str, ...], after: tuple[str, ...]) -> bool:
    """`after`'s words are `before`'s with only the inserted flags added."""
    old = " ".join(before).split()
    new = " ".join(after).split()
    i = 0
    for word in new:
        if i < len(old) and word == old[i]:
            i += 1
        elif word not in INSERTED:
            return False
    return i == len(old)


@pytest.fixture(scope="module")
def fixed(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Path, Path, FixPlan]]:
    folder = tmp_path_factory.mktemp("realworld-fix")
    results = []
    for original in sorted(shared("realworld", "files").iterdir()):
        copy = Path(shutil.copy(original, folder / original.name))
        try:
            plan = plan_fixes(str(copy), DockerfileOptions(base_env="none"))
        except GateError:  # a file gate dockerfile also rejects (exit 2): nothing to fix
            continue
        copy.write_bytes(apply_fixes(plan).encode("utf-8", "surrogateescape"))
        results.append((original, copy, plan))
    return results


def test_fix_rewrites_hundreds_of_real_installs(fixed: list[tuple[Path, Path, FixPlan]]) -> None:
    assert len(fixed) >= 250
    assert sum(len(plan.applicable) for _, _, plan in fixed) >= 400


def test_after_fix_only_the_refused_denials_are_left(
    fixed: list[tuple[Path, Path, FixPlan]],
) -> None:
    for _, copy, plan in fixed:
        refused = Counter(
            (r.line, r.finding.install.tool, r.finding.install.command)
            for r in plan.refused
            if r.finding.severity == "deny" and r.finding.install is not None
        )
        assert _denied(copy) == refused, copy.name


def test_buildkit_parses_the_same_instructions_apart_from_the_flags(
    fixed: list[tuple[Path, Path, FixPlan]],
) -> None:
    for original, copy, plan in fixed:
        if not plan.applicable:
            assert copy.read_bytes() == original.read_bytes()
            continue
        before = dockerfile.parse_file(str(original))
        after = dockerfile.parse_file(str(copy))
        assert len(before) == len(after), copy.name
        for old, new in zip(before, after, strict=True):
            assert (old.cmd, old.start_line, old.end_line, old.flags, old.json) == (
                new.cmd, new.start_line, new.end_line, new.flags, new.json,
            ), copy.name  # fmt: skip
            assert _only_insertions(old.value, new.value), (copy.name, old.start_line)


def test_a_second_fix_changes_nothing(fixed: list[tuple[Path, Path, FixPlan]]) -> None:
    for _, copy, _ in fixed:
        again = plan_fixes(str(copy), DockerfileOptions(base_env="none"))
        assert again.applicable == (), copy.name
