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
from gate.webhook.admission import MAX_MESSAGE_CHARS, MAX_WARNINGS, ImageUse
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


def _tail(verdict: ImageVerdict, platform: PlatformVerdict, finding: Finding) -> str:
    """What describe_finding says after the subject: the same for every use of the image."""
    where = f"{_short(verdict.digest)}"
    if platform.platform:
        where += f", {platform.platform}"
    loc = finding.location
    entry = ""
    if loc.history_index is not None:
        entry = f" history[{loc.history_index}]"
        if loc.created_by:
            entry += f" {_clip(loc.created_by, _MAX_CREATED_BY)!r}"
    text = f" ({where}){entry}: {finding.message}"
    if finding.fix:
        text += f"; fix: {finding.fix}"
    return text


def describe_finding(use: ImageUse, verdict: ImageVerdict, platform: PlatformVerdict,
                     finding: Finding) -> str:  # fmt: skip
    """``container app: image x:1 (sha256:…, linux/amd64) history[5] 'RUN …': msg; fix: …``"""
    return subject(use) + _tail(verdict, platform, finding)


class _Lines:
    """An answer's lines in order, without repeats: the text of the first ones (up to
    MAX_MESSAGE_CHARS and at least MAX_WARNINGS lines, all the answer shows) and the count of
    all. A pod of 60,000 containers naming one image of two findings made 120,000 lines (35 MB,
    0.9 s on the event loop, and a 33 MB log line) for an answer clipped to 8 KiB."""

    def __init__(self) -> None:
        self.shown: dict[str, None] = {}
        self.chars = 0
        self.total = 0

    @property
    def full(self) -> bool:
        return self.chars > MAX_MESSAGE_CHARS and len(self.shown) >= MAX_WARNINGS

    def add(self, text: str) -> None:
        if text in self.shown:
            return
        self.total += 1
        if not self.full:
            self.shown[text] = None
            self.chars += len(text) + 2

    def add_tails(self, head: str, tails: Sequence[str]) -> None:
        """Lines `head` + each of `tails`: distinct from every other head's, as a head names
        its container and image, so past what is shown they are counted, not made."""
        if self.full:
            self.total += len(tails)
            return
        for tail in tails:
            self.add(head + tail)


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
    denials, warnings = _Lines(), _Lines()
    for what in dict.fromkeys(unjudged):
        denials.add(f"{what}; gate cannot judge it")
    # Each image's findings are described once, whatever the number of containers naming it.
    tails: dict[str, tuple[list[str], list[str]]] = {}
    heads: set[str] = set()
    for use in uses:
        head = subject(use)
        if head in heads:  # the same container and image again: the same lines
            continue
        heads.add(head)
        verdict = verdicts[use.image]
        if verdict.error is not None:
            reason = f"{head} could not be judged: {verdict.error}"
            # Fail-open is for failures a retry may clear (registry unreachable, deadline);
            # a lasting answer (unknown manifest, refused credentials) denies either way.
            if verdict.refused or failure == "closed" or not verdict.transient:
                denials.add(reason)
            else:
                warnings.add(f"admitted unjudged (registry failure: open): {reason}")
            continue
        described = tails.get(use.image)
        if described is None:
            described = tails[use.image] = (
                list(dict.fromkeys(_tail(verdict, p, f) for p, f in verdict.findings("deny"))),
                list(dict.fromkeys(_tail(verdict, p, f) for p, f in verdict.findings("warn"))),
            )
        denials.add_tails(head, described[0])
        warnings.add_tails(head, described[1])
    return _answer(denials, warnings, mode)


def refusal(reason: str, mode: Mode) -> Decision:
    """The answer for a request gate refuses to read (too large): denied, or in audit mode
    admitted with the reason as a warning."""
    denials = _Lines()
    denials.add(reason)
    return _answer(denials, _Lines(), mode)


def _warnings(first: list[str], total: int) -> tuple[str, ...]:
    """At most MAX_WARNINGS, the last saying how many more there are, as review_response
    writes them."""
    if total <= MAX_WARNINGS:
        return tuple(first)
    return (*first[: MAX_WARNINGS - 1], f"... and {total - MAX_WARNINGS + 1} more")


def _answer(denials: _Lines, warnings: _Lines, mode: Mode) -> Decision:
    if denials.total and mode == "enforce":
        count = f"{denials.total} problem" + ("s" if denials.total != 1 else "")
        message = f"gate: {count}: " + "; ".join(denials.shown)
        return Decision(False, message, _warnings(list(warnings.shown), warnings.total), "denied")
    first = [f"audit: would be denied: {d}" for d in denials.shown]
    if len(first) < MAX_WARNINGS:
        first += list(warnings.shown)
    shown = _warnings(first, denials.total + warnings.total)
    return Decision(True, None, shown, "warned" if shown else "allowed")
