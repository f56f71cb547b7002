"""Inline suppressions in Dockerfiles: `# gate: ignore=RULE[,RULE] reason="…"` above an instruction.

A suppression never hides a finding: the finding stays in every report, marked suppressed with its
reason, and no longer counts toward the exit status. A suppression without a reason is not honoured,
so nobody can silence the gate without saying why. A comment naming a rule no loaded policy has
is an input error (a typo would otherwise suppress nothing, silently), and the operator can turn
every comment off (`--no-inline-ignores`): then the runner does not call this module at all.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace

from gate.model import Finding, InputError
from gate.policy.metadata import INTERNAL_RULE_ID

_COMMENT = re.compile(
    r"#\s*gate:\s*ignore=(?P<rules>[\w.,-]+)"
    r"(?:\s+reason=(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)'|(?P<bare>\S+)))?"
)


@dataclass(frozen=True)
class Suppression:
    line: int  # 1-based line of the comment
    rules: frozenset[str]
    reason: str | None


def parse_suppressions(text: str) -> dict[int, Suppression]:
    """Every `# gate: ignore=` comment of a Dockerfile, by 1-based line number."""
    found: dict[int, Suppression] = {}
    if "gate:" not in text:
        return found  # no comment can match (most files): not a pass over every line
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped.startswith("#"):
            continue
        match = _COMMENT.match(stripped)
        if match is None:
            continue
        reason = match.group("dq") or match.group("sq") or match.group("bare")
        rules = frozenset(r for r in match.group("rules").split(",") if r)
        found[number] = Suppression(number, rules, reason.strip() if reason else None)
    return found


def _comments_above(lines: Sequence[str], line: int) -> range:
    """1-based numbers of the comment block directly above `line` (no blank line between)."""
    if not 1 <= line <= len(lines):
        # A policy's own location past the file (or before it): nothing is above it.
        return range(0)
    first = line
    while first > 1 and lines[first - 2].strip().startswith("#"):
        first -= 1
    return range(first, line)


def check_rules(text: str, path: str, known: Collection[str]) -> None:
    """InputError at the first `# gate: ignore=` naming a rule that is not in `known`."""
    for number, suppression in parse_suppressions(text).items():
        unknown = sorted(suppression.rules - set(known))
        if unknown:
            raise InputError(
                f"# gate: ignore names unknown rule {unknown[0]!r} "
                f"(rules: {', '.join(sorted(known))})",
                path,
                number,
            )


def apply_suppressions(
    findings: Sequence[Finding],
    sources: Mapping[str, str],
    known_rules: Collection[str] | None = None,
) -> tuple[Finding, ...]:
    """Mark findings that a reasoned `# gate: ignore=` comment above their instruction covers.

    With `known_rules`, every comment of every source is checked against them first.
    """
    if known_rules is not None:
        for path, source in sources.items():
            check_rules(source, path, known_rules)
    parsed: dict[str, tuple[list[str], dict[int, Suppression]]] = {}
    result: list[Finding] = []
    for finding in findings:
        loc = finding.location
        text = sources.get(loc.path)
        # gate's denial of what it failed on is never the Dockerfile's to waive.
        if text is None or loc.line is None or finding.rule == INTERNAL_RULE_ID:
            result.append(finding)
            continue
        if loc.path not in parsed:
            parsed[loc.path] = (text.splitlines(), parse_suppressions(text))
        lines, suppressions = parsed[loc.path]
        applied = finding
        for number in _comments_above(lines, loc.line):
            suppression = suppressions.get(number)
            if suppression is None or finding.rule not in suppression.rules:
                continue
            if suppression.reason:
                applied = replace(finding, suppressed=suppression.reason)
            else:
                applied = replace(
                    finding,
                    message=f"{finding.message} (the gate: ignore comment on line {number} "
                    'has no reason="…" and is not honoured)',
                )
        result.append(applied)
    return tuple(result)
