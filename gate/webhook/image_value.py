"""One image's verdict as the Gatekeeper and Kyverno answers carry it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from gate.model import Finding
from gate.webhook.admission import MAX_WARNINGS, ImageUse
from gate.webhook.decision import describe_finding
from gate.webhook.verdicts import ImageVerdict, PlatformVerdict


def _lines(
    use: ImageUse, verdict: ImageVerdict, found: Sequence[tuple[PlatformVerdict, Finding]]
) -> list[str]:
    """At most MAX_WARNINGS lines, the last saying how many more there are, as the review's
    warnings: an image of 1,990 pip RUNs named by 64 tags made a 30 MB Gatekeeper answer
    (server 64 -> 242 MB), 256 tags four times that, for a template that joins them into one
    message."""
    if len(found) <= MAX_WARNINGS:
        return [describe_finding(use, verdict, p, f) for p, f in found]
    shown = [describe_finding(use, verdict, p, f) for p, f in found[: MAX_WARNINGS - 1]]
    return [*shown, f"... and {len(found) - MAX_WARNINGS + 1} more"]


def image_value(verdict: ImageVerdict) -> dict[str, Any]:
    """allowed, digest, platforms, violations (deny findings) and warnings."""
    use = ImageUse("container", "", verdict.image)
    denials = verdict.findings("deny")
    return {
        "allowed": verdict.error is None and not denials,
        "digest": verdict.digest,
        "platforms": [p.platform for p in verdict.platforms],
        "violations": _lines(use, verdict, denials),
        "warnings": _lines(use, verdict, verdict.findings("warn")),
    }
