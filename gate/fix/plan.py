"""Sort a Dockerfile's findings into fixes (with their edits) and refusals (with their reasons)."""

from __future__ import annotations

import json
import os
import stat
import tempfile
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from gate.facts.remedy import DIRECT_KINDS
from gate.fix.apply import apply_fixes
from gate.fix.locate import Logical, after_phrase, escape_char, exec_elements, words
from gate.fix.model import Edit, Fix, FixPlan, Refusal
from gate.model import Finding, InputError, Install
from gate.runner import DockerfileOptions, PolicyOptions
from gate.source_words import flag_phrase
from gate.sources.file_name import file_name

PIP_FLAG = " --only-binary :all:"
UV_FLAG = " --no-build"
POETRY_ENV = "POETRY_INSTALLER_ONLY_BINARY=:all: "
MAX_BYTES = 1024 * 1024


@dataclass(frozen=True)
class _Located:
    """An install's command found in its RUN: the logical text and where the command starts."""

    logical: Logical
    start: int


def read_source(path: str) -> str:
    """The file's text, decoded so that encoding it again gives back the same bytes."""
    try:
        # O_NONBLOCK and a regular file only: opening a FIFO waited for a writer without end
        # (`gate fix` reads the file itself, before the Dockerfile reader's checks).
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            raise InputError("not a regular file", path=path)
        with os.fdopen(fd, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror or err}", path=path) from None
    if len(data) > MAX_BYTES:
        raise InputError(f"larger than {MAX_BYTES // 1024} KiB", path=path)
    return data.decode("utf-8", errors="surrogateescape")


def _judge(path: str, options: DockerfileOptions, policy: PolicyOptions) -> tuple[Finding, ...]:
    from gate import runner

    engine = runner.load_policy(policy)
    return runner.judge(runner.dockerfile_source(path, options), engine, policy).findings


def _refusal_reason(finding: Finding, install: Install | None, name: str) -> str | None:
    """Why no inserted flag can make this finding go away, or None when one can."""
    if finding.severity != "deny":
        # Without an install the message is already the refusal's text: say it once.
        return "undecided, not denied" + ("" if install is None else f": {finding.message}")
    if install is None:
        return finding.message
    if install.from_base or install.location.path != name:
        return "the install is in the base image, not in this file"
    if install.tool not in ("pip", "uv", "poetry"):
        return f"gate fix rewrites pip, uv and poetry installs, not {install.tool}"
    if install.resolves:
        return "a resolution command: no flag stops it running build backends; lock elsewhere"
    direct = [r.text for r in install.requirements if r.kind in DIRECT_KINDS]
    if direct:
        return f"direct reference {direct[0]}: --only-binary does not cover it; point at a wheel"
    if install.unknowns:
        return f"unknown: {install.unknowns[0].reason}: {install.unknowns[0].text}"
    unknown_targets = [r.text for r in install.requirements if r.kind == "unknown"]
    if unknown_targets:
        return f"unknown: a target of unknown kind: {unknown_targets[0]}"
    if install.binary.no_binary:
        return f"source builds re-enabled for {', '.join(install.binary.no_binary)}: remove that"
    if install.fix is None:
        return "gate has no compliant form for this command"
    return None


def _locate(source: str, install: Install, escape: str, cursors: dict[int, int]) -> _Located | None:
    loc = install.location
    if loc.line is None:
        return None
    logical = Logical.of(source, loc.line, loc.end_line or loc.line, escape)
    start = logical.text.find(install.text, cursors.get(loc.line, 0))
    if start < 0:
        start = logical.text.find(install.text)
    if start < 0:
        return None
    cursors[loc.line] = start + len(install.text)
    return _Located(logical, start)


def _edit(install: Install, found: _Located) -> tuple[Edit, str] | None:
    spans = words(install.text)
    if not spans:
        return None
    offsets = found.logical.offsets
    if install.tool == "poetry":
        program = next((s for s in spans if "=" not in s.value), None)
        if program is None or os.path.basename(program.value) != "poetry":
            return None
        return Edit(offsets[found.start + program.start], POETRY_ENV), POETRY_ENV.strip()
    flag = PIP_FLAG if install.tool == "pip" else UV_FLAG
    end = after_phrase(spans, *flag_phrase(install.tool, install.command, install.argv))
    if end is None:
        return None
    return Edit(offsets[found.start + end - 1] + 1, flag), flag.strip()


def _exec_edit(source: str, install: Install, escape: str) -> tuple[Edit, str] | None:
    """An exec-form RUN whose array is the install's argv: a new element after the subcommand."""
    loc = install.location
    if install.tool == "poetry" or loc.line is None:
        return None  # an exec-form RUN has no shell to set an environment variable in
    logical = Logical.of(source, loc.line, loc.end_line or loc.line, escape)
    elements = exec_elements(logical.text)
    if elements is None or tuple(e.value for e in elements) != install.argv:
        return None
    end = after_phrase(elements, *flag_phrase(install.tool, install.command, install.argv))
    if end is None:
        return None
    flag = PIP_FLAG if install.tool == "pip" else UV_FLAG
    added = ", ".join(json.dumps(word) for word in flag.split())
    return Edit(logical.offsets[end - 1] + 1, f", {added}"), flag.strip()


def _placement_refusal(source: str, install: Install, escape: str) -> str:
    loc = install.location
    logical = Logical.of(source, loc.line or 1, loc.end_line or loc.line or 1, escape)
    if install.tool == "poetry" and exec_elements(logical.text) is not None:
        return "exec form: no shell to set POETRY_INSTALLER_ONLY_BINARY in; use the shell form"
    spans = words(install.text) if install.tool == "poetry" else None
    program = next((s.value for s in spans or () if "=" not in s.value), None)
    if program is not None and os.path.basename(program) != "poetry":
        # `micromamba run -n env poetry install`: a prefix there would be the wrapper's argument,
        # and one before the wrapper is not handed on by every wrapper (sudo drops it).
        wrapper = os.path.basename(program)
        return (f"poetry runs behind {wrapper}: set POETRY_INSTALLER_ONLY_BINARY=:all: where "
                f"{wrapper} hands it to poetry (ENV, sudo -E, ...)")  # fmt: skip
    return "cannot place the flag in the source (heredoc, quoting or expansion)"


def _sort(
    path: str, source: str, findings: tuple[Finding, ...]
) -> tuple[list[Fix], list[Refusal]]:
    escape = escape_char(source)
    cursors: dict[int, int] = {}
    fixes: list[Fix] = []
    refused: list[Refusal] = []
    seen: set[int] = set()
    # Findings name the file by its one name (`./Dockerfile` is `Dockerfile`), not as given.
    name = file_name(path)
    ordered = sorted(
        (f for f in findings if not f.suppressed),
        key=lambda f: (f.location.line or 0, f.install.id if f.install else -1),
    )
    for finding in ordered:
        install = finding.install
        line = finding.location.line or 0
        if install is not None and install.id in seen:
            continue
        if install is not None:
            seen.add(install.id)
        text = install.text if install else finding.message
        reason = _refusal_reason(finding, install, name)
        if reason is not None or install is None:
            refused.append(Refusal(line, text, reason or finding.message, finding))
            continue
        found = _locate(source, install, escape, cursors)
        edit = _edit(install, found) if found else _exec_edit(source, install, escape)
        if edit is None:
            reason = _placement_refusal(source, install, escape)
            refused.append(Refusal(line, text, reason, finding))
            continue
        fixes.append(Fix(line, install, finding, edit[0], edit[1]))
    return fixes, refused


def _denied(
    findings: tuple[Finding, ...], *, suppressed: bool = False
) -> Counter[tuple[int, str, str]]:
    return Counter(
        (f.location.line or 0, f.install.tool, f.install.command)
        for f in findings
        if f.severity == "deny" and bool(f.suppressed) == suppressed and f.install is not None
    )


def _still_denied(
    path: str,
    plan: FixPlan,
    options: DockerfileOptions,
    policy: PolicyOptions,
    suppressed: Counter[tuple[int, str, str]],
) -> set[int]:
    """Lines where the fixed text is still denied more often than the refusals there explain,
    or than the findings an exception suppressed in the file itself: the copy is judged under
    another name (in a scratch folder), which an exception's path glob does not cover."""
    fixed = apply_fixes(plan)
    with tempfile.TemporaryDirectory(prefix="gate-fix-") as scratch:
        copy = os.path.join(scratch, Path(path).name)
        with open(copy, "w", encoding="utf-8", errors="surrogateescape", newline="") as out:
            out.write(fixed)
        after = _judge(copy, options, policy)
    left = _denied(after)
    expected = suppressed + Counter(
        (r.line, r.finding.install.tool, r.finding.install.command)
        for r in plan.refused
        if r.finding.severity == "deny" and r.finding.install is not None
    )
    return {key[0] for key, count in left.items() if count > expected.get(key, 0)}


def plan_fixes(
    path: str,
    options: DockerfileOptions | None = None,
    policy: PolicyOptions | None = None,
) -> FixPlan:
    """Judge `path` and plan the edits that make its denied installs compliant.

    Every planned edit is checked by judging the edited text: a fix whose finding survives (some
    other setting re-enables source builds) is moved to the refusals instead.
    """
    options = options or DockerfileOptions()
    policy = policy or PolicyOptions()
    if options.context is None and not options.no_context:
        # The edited copy is judged from a scratch folder: keep reading this file's context.
        options = replace(options, context=str(Path(path).parent))
    source = read_source(path)
    findings = _judge(path, options, policy)
    fixes, refused = _sort(path, source, findings)
    plan = FixPlan(path, source, tuple(fixes), tuple(refused))
    if not fixes:
        return plan
    failed = _still_denied(path, plan, options, policy, _denied(findings, suppressed=True))
    if not failed:
        return plan
    reason = "the inserted flag did not clear the finding (another setting re-enables builds)"
    kept = [f for f in fixes if f.line not in failed]
    moved = [Refusal(f.line, f.install.text, reason, f.finding) for f in fixes if f.line in failed]
    return FixPlan(path, source, tuple(kept), tuple(sorted([*refused, *moved], key=_order)))


def _order(refusal: Refusal) -> int:
    return refusal.line
