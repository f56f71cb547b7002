"""Inline `# gate: ignore=` comments: visible, reasoned, never silent."""

from __future__ import annotations

from pathlib import Path

import pytest

from gate.model import Finding, InputError, Location
from gate.suppressions import apply_suppressions, parse_suppressions

DATA = Path(__file__).parent / "data" / "suppressions"
PATH = "Dockerfile"


def _finding(line: int, rule: str = "python-build-scripts") -> Finding:
    return Finding(rule, "deny", "builds", "m", None, Location(PATH, line, line))


def _apply(*lines: int) -> dict[int, Finding]:
    text = (DATA / "suppressed.Dockerfile").read_text()
    findings = apply_suppressions([_finding(n) for n in lines], {PATH: text})
    return {f.location.line or 0: f for f in findings}


def test_reasoned_comment_above_instruction_suppresses_with_its_reason() -> None:
    assert _apply(4)[4].suppressed == "SEC-123 reviewed sdist build"


def test_comment_without_reason_is_not_honoured_and_says_so() -> None:
    finding = _apply(7)[7]
    assert finding.suppressed is None
    assert "no reason" in finding.message


def test_comment_for_another_rule_does_not_suppress() -> None:
    assert _apply(10)[10].suppressed is None


def test_comment_separated_by_blank_line_does_not_suppress() -> None:
    assert _apply(13)[13].suppressed is None


def test_suppressed_findings_are_kept_not_dropped() -> None:
    assert sorted(_apply(4, 7, 10, 13)) == [4, 7, 10, 13]


def test_parse_reads_rules_lists_and_quote_styles() -> None:
    parsed = parse_suppressions("# gate: ignore=a,b reason='x y'\n#gate:ignore=c reason=z\n")
    assert parsed[1].rules == frozenset({"a", "b"}) and parsed[1].reason == "x y"
    assert parsed[2].rules == frozenset({"c"}) and parsed[2].reason == "z"


def test_comment_naming_an_unknown_rule_is_an_input_error_with_its_line() -> None:
    text = (DATA / "suppressed.Dockerfile").read_text()
    with pytest.raises(InputError) as caught:
        apply_suppressions([], {PATH: text}, {"python-build-scripts"})
    assert (caught.value.path, caught.value.line) == (PATH, 9)
    assert "'some-other-rule'" in caught.value.message


@pytest.mark.parametrize("line", [-4, 0, 40, 10**23])
def test_policy_location_outside_the_file_is_left_unsuppressed(line: int) -> None:
    # A team rule's own location (`{"path": "Dockerfile", "line": 100}`) was an internal error.
    assert _apply(line)[line].suppressed is None


def test_internal_error_is_not_suppressed_even_when_its_id_is_known() -> None:
    text = (DATA / "internal_error.Dockerfile").read_text()
    finding = Finding("gate-internal-error", "deny", "unknown", "m", None, Location(PATH, 3, 3))
    known = {"python-build-scripts", "gate-internal-error"}
    (applied,) = apply_suppressions([finding], {PATH: text}, known)
    assert applied.suppressed is None
