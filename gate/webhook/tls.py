"""The serving TLS context, reloaded when the certificate or key files change.

cert-manager and the kubelet rotate a mounted Secret by swapping files under the mount; the
webhook must pick the new certificate up without a restart (the API server would otherwise see
an expired one). A new pair is loaded into a scratch context first: a half-written or
mismatched pair is refused and the old one kept, never half-applied.
"""

from __future__ import annotations

import asyncio
import logging
import os
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from gate.model import GateError

if TYPE_CHECKING:
    from gate.webhook.metrics import Metrics

log = logging.getLogger("gate.webhook")


class TLSError(GateError):
    """The serving certificate or key cannot be loaded."""


def _stamp(path: Path) -> tuple[int, int, int]:
    stat = os.stat(path)  # follows the ..data symlink of a Secret volume
    return stat.st_mtime_ns, stat.st_size, stat.st_ino


@dataclass
class ReloadingContext:
    """An SSLContext whose certificate chain follows the files."""

    cert: Path
    key: Path
    min_version: ssl.TLSVersion = ssl.TLSVersion.TLSv1_2

    def __post_init__(self) -> None:
        self.context = self._new_context()
        self._stamps = self._read_stamps()
        self._load(self.context)
        self.reloads = 0

    def _new_context(self) -> ssl.SSLContext:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.minimum_version = self.min_version
        # A TLS 1.2 client may ask for a new handshake on a connection it holds, each one the
        # server's full handshake on the event loop, no new connection and so no cap; OpenSSL
        # 3 refuses these unless told otherwise, 1.1.1 (which Python still links) performs
        # them. Go's TLS (the API server's) never renegotiates as a client.
        context.options |= ssl.OP_NO_RENEGOTIATION
        context.set_alpn_protocols(["http/1.1"])
        return context

    def _read_stamps(self) -> tuple[tuple[int, int, int], ...]:
        try:
            return (_stamp(self.cert), _stamp(self.key))
        except OSError as exc:
            raise TLSError(f"TLS files {self.cert}, {self.key}: {exc.strerror}") from None

    def _load(self, context: ssl.SSLContext) -> None:
        try:
            context.load_cert_chain(self.cert, self.key)
        except (OSError, ssl.SSLError) as exc:
            reason = getattr(exc, "reason", None) or getattr(exc, "strerror", None) or exc
            raise TLSError(f"TLS certificate {self.cert} / key {self.key}: {reason}") from None

    def maybe_reload(self) -> bool:
        """Load the files again when they changed; True when a new pair is now served."""
        try:
            stamps = self._read_stamps()
        except TLSError:
            return False
        if stamps == self._stamps:
            return False
        self._load(self._new_context())  # raises before the live context is touched
        self._load(self.context)
        self._stamps = stamps
        self.reloads += 1
        return True


async def keep_reloading(tls: ReloadingContext, interval: float, metrics: Metrics) -> None:
    while True:
        await asyncio.sleep(interval)
        try:
            if tls.maybe_reload():
                metrics.tls_reloads.labels("ok").inc()
                log.info("serving certificate reloaded", extra={"fields": {"cert": str(tls.cert)}})
        except TLSError as exc:
            metrics.tls_reloads.labels("error").inc()
            log.error("serving certificate not reloaded", extra={"fields": {"reason": str(exc)}})


def tls_version(text: str) -> ssl.TLSVersion:
    """``1.2`` or ``1.3`` → the minimum TLS version to accept."""
    versions: Mapping[str, ssl.TLSVersion] = {
        "1.2": ssl.TLSVersion.TLSv1_2, "1.3": ssl.TLSVersion.TLSv1_3,
    }  # fmt: skip
    if text not in versions:
        raise TLSError(f"TLS minimum version {text!r}: want 1.2 or 1.3")
    return versions[text]
