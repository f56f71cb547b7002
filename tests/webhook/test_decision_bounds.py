"""Answers bounded by what they show: a pod naming one image from many containers gets the same
answer, made without describing every container's findings (the answer shows 8 KiB and 20
warnings of them); a Gatekeeper or Kyverno value lists at most 20 findings per list."""

from __future__ import annotations

import pytest

from gate.model import Finding, Location
from gate.webhook.admission import (
    MAX_MESSAGE_CHARS,
    MAX_WARNINGS,
    ImageUse,
    review_response,
)
from gate.webhook.decision import Mode, decide, describe_finding
from gate.webhook.image_value import image_value
from gate.webhook.verdicts import ImageVerdict, PlatformVerdict

IMAGE = "r.example/gate/webhook:noncompliant"


def _finding(severity: str, index: int) -> Finding:
    where = Location("image", history_index=index, created_by="RUN pip install -r r.txt")
    return Finding(f"rule-{severity}", severity, "builds", "pip install can run build scripts",  # type: ignore[arg-type]
                   "add --only-binary :all:", where)  # fmt: skip


VERDICT = ImageVerdict(
    IMAGE,
    IMAGE,
    "sha256:" + "a" * 64,
    (PlatformVerdict("linux/amd64", "sha256:" + "b" * 64,
                     (_finding("deny", 3), _finding("deny", 5), _finding("warn", 7))),),
)  # fmt: skip


def _uses(count: int) -> tuple[ImageUse, ...]:
    return tuple(ImageUse("container", f"c{i}", IMAGE) for i in range(count))


def _every_line(uses: tuple[ImageUse, ...], mode: Mode) -> dict[str, object]:
    """The answer as gate made it before: every container's every finding, then clipped."""
    platform = VERDICT.platforms[0]
    denials = [describe_finding(u, VERDICT, platform, f) for u in uses
               for f in platform.findings if f.severity == "deny"]  # fmt: skip
    warnings = [describe_finding(u, VERDICT, platform, f) for u in uses
                for f in platform.findings if f.severity == "warn"]  # fmt: skip
    if mode == "enforce":
        message = f"gate: {len(denials)} problems: " + "; ".join(denials)
        return review_response("u", False, message=message, warnings=warnings)
    audit = [f"audit: would be denied: {d}" for d in denials]
    return review_response("u", True, warnings=audit + warnings)


@pytest.mark.parametrize("mode", ["enforce", "audit"])
@pytest.mark.parametrize("count", [1, 5, 3_000])
def test_the_answer_is_the_one_every_line_would_give(mode: Mode, count: int) -> None:
    uses = _uses(count) + _uses(count)  # a container named twice gives its lines once
    decision = decide(uses, {IMAGE: VERDICT}, mode=mode, failure="closed")
    answer = review_response("u", decision.allowed, message=decision.message,
                             warnings=decision.warnings)  # fmt: skip
    assert answer == _every_line(_uses(count), mode)


def test_sixty_thousand_containers_of_one_image_make_a_bounded_decision() -> None:
    """Before, 120,000 lines (35 MB, 0.9 s on the event loop, and logged whole) for an answer
    clipped to 8 KiB; the Kyverno answer carried them all."""
    uses = _uses(60_000)
    enforce = decide(uses, {IMAGE: VERDICT}, mode="enforce", failure="closed")
    assert enforce.message is not None
    assert enforce.message.startswith("gate: 120000 problems: container c0: image ")
    assert len(enforce.message) < 2 * MAX_MESSAGE_CHARS
    assert len(enforce.warnings) == MAX_WARNINGS
    assert enforce.warnings[-1] == f"... and {60_000 - MAX_WARNINGS + 1} more"
    audit = decide(uses, {IMAGE: VERDICT}, mode="audit", failure="closed")
    assert audit.allowed and len(audit.warnings) == MAX_WARNINGS
    assert audit.warnings[-1] == f"... and {180_000 - MAX_WARNINGS + 1} more"


def test_a_gatekeeper_or_kyverno_value_carries_at_most_twenty_lines_per_list() -> None:
    """Before, every finding: 64 tags of an image of 1,990 pip RUNs made a 30 MB answer."""
    findings = tuple(_finding("deny", i) for i in range(1_990))
    platform = PlatformVerdict("linux/amd64", "sha256:" + "b" * 64, findings)
    many = ImageVerdict(IMAGE, IMAGE, "sha256:" + "a" * 64, (platform,))
    value = image_value(many)
    assert value["allowed"] is False and value["warnings"] == []
    assert len(value["violations"]) == MAX_WARNINGS
    first = f"image {IMAGE} (sha256:aaaaaaaaaaaa, linux/amd64) history[0]"
    assert value["violations"][0].startswith(first)
    assert value["violations"][-1] == f"... and {1_990 - MAX_WARNINGS + 1} more"
    few = image_value(VERDICT)
    assert len(few["violations"]) == 2 and len(few["warnings"]) == 1
