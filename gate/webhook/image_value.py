"""One image's verdict as the Gatekeeper and Kyverno answers carry it."""

from __future__ import annotations

from typing import Any

from gate.webhook.admission import ImageUse
from gate.webhook.decision import describe_finding
from gate.webhook.verdicts import ImageVerdict


def image_value(verdict: ImageVerdict) -> dict[str, Any]:
    """allowed, digest, platforms, violations (deny findings) and warnings."""
    use = ImageUse("container", "", verdict.image)
    denials = [describe_finding(use, verdict, p, f) for p, f in verdict.findings("deny")]
    warnings = [describe_finding(use, verdict, p, f) for p, f in verdict.findings("warn")]
    return {
        "allowed": verdict.error is None and not denials,
        "digest": verdict.digest,
        "platforms": [p.platform for p in verdict.platforms],
        "violations": denials,
        "warnings": warnings,
    }
