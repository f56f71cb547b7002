"""Image verdicts → the webhook's answer: allowed or not, the message, the warnings.

enforce: a deny finding denies; audit: it becomes a warning and the object is admitted.
An image the gate could not judge because of a failure that may pass (registry unreachable,
deadline passed) denies under fail-closed and warns under fail-open, with the reason either
way; a lasting failure (unknown manifest, refused credentials, not an image) always denies.
A registry host the SSRF guard refused always denies: admitting it would let anyone skip the
gate by naming such a host. So does a container whose image gate cannot read (`unjudged`), and a
request too large to read (`refusal`): a lasting answer, as an image that is not one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from gate.model import Finding
from gate.webhook.admission import ImageUse
from gate.webhook.verdicts import ImageVerdict, PlatformVerdict

Mode = Literal["enforce", "audit"]
FailureMode = Literal["closed", "open"]
_MAX_CREATED_BY = 160


@dataclass(frozen=True)
class Decision:
    allowed: bool
    message: str | None
    warnings: tuple[str, ...]
    outcome: str  # allowed, denied, warned: for metrics and logs


def _clip(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


def _short(digest: str | None) -> str:
    return digest[:19] if digest else "?"


def subject(use: ImageUse) -> str:
    """``container app: image x:1``, or ``image x:1`` when the image has no container name."""
    return f"{use.label}: image {use.image}" if use.name else f"image {use.image}"


def describe_finding(use: ImageUse, verdict: ImageVerdict, platform: PlatformVerdict,
                     finding: Finding) -> str:  # fmt: skip
    """``container app: image x:1 (sha256:…, linux/amd64) history[5] 'RUN …': msg; fix: …``"""
    where = f"{_short(verdict.digest)}"
    if platform.platform:
        where += f", {platform.platform}"
    loc = finding.location
    entry = ""
    if loc.history_index is not None:
        entry = f" history[{loc.history_index}]"
        if loc.created_by:
            entry += f" {_clip(loc.created_by, _MAX_CREATED_BY)!r}"
    text = f"{subject(use)} ({where}){entry}: {finding.message}"
    if finding.fix:
        text += f"; fix: {finding.fix}"
    return text


def decide(
    uses: Sequence[ImageUse],
    verdicts: Mapping[str, ImageVerdict],
    *,
    mode: Mode,
    failure: FailureMode,
    unjudged: Sequence[str] = (),
) -> Decision:
    """The answer for the images `uses` names, given each image's verdict, and for the
    containers `unjudged` names (``container app: image is empty``)."""
    denials = [f"{what}; gate cannot judge it" for what in unjudged]
    warnings: list[str] = []
    for use in uses:
        verdict = verdicts[use.image]
        if verdict.error is not None:
            reason = f"{subject(use)} could not be judged: {verdict.error}"
            # Fail-open is for failures a retry may clear (registry unreachable, deadline);
            # a lasting answer (unknown manifest, refused credentials) denies either way.
            if verdict.refused or failure == "closed" or not verdict.transient:
                denials.append(reason)
            else:
                warnings.append(f"admitted unjudged (registry failure: open): {reason}")
            continue
        for platform, finding in verdict.findings("deny"):
            denials.append(describe_finding(use, verdict, platform, finding))
        for platform, finding in verdict.findings("warn"):
            warnings.append(describe_finding(use, verdict, platform, finding))
    return _answer(denials, warnings, mode)


def refusal(reason: str, mode: Mode) -> Decision:
    """The answer for a request gate refuses to read (too large): denied, or in audit mode
    admitted with the reason as a warning."""
    return _answer([reason], [], mode)


def _answer(denials: list[str], warnings: list[str], mode: Mode) -> Decision:
    denials = list(dict.fromkeys(denials))
    if denials and mode == "enforce":
        count = f"{len(denials)} problem" + ("s" if len(denials) != 1 else "")
        message = f"gate: {count}: " + "; ".join(denials)
        return Decision(False, message, tuple(warnings), "denied")
    if denials:
        warnings = [f"audit: would be denied: {d}" for d in denials] + warnings
    return Decision(True, None, tuple(warnings), "warned" if warnings else "allowed")
