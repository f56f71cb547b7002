"""The serving TLS context, reloaded when the certificate or key files change.

cert-manager and the kubelet rotate a mounted Secret by swapping files under the mount; the
webhook must pick the new certificate up without a restart (the API server would otherwise see
an expired one). The files are loaded into a new context, which replaces the served one only
once all loaded: a half-written or mismatched pair is refused and the old one kept, never
half-applied. The client CA (`--client-ca`, callers.py) follows its file the same way; a new
context, not the old one with more certificates in it, so a CA taken out is no longer trusted.
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
    client_ca: Path | None = None

    def __post_init__(self) -> None:
        self._stamps = self._read_stamps()
        self.context = self._loaded()
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
        files = (
            (self.cert, self.key)
            if self.client_ca is None
            else (self.cert, self.key, self.client_ca)
        )
        try:
            return tuple(_stamp(path) for path in files)
        except OSError as exc:
            raise TLSError(f"TLS files {', '.join(map(str, files))}: {exc.strerror}") from None

    def _loaded(self) -> ssl.SSLContext:
        context = self._new_context()
        try:
            context.load_cert_chain(self.cert, self.key)
        except (OSError, ssl.SSLError) as exc:
            raise TLSError(
                f"TLS certificate {self.cert} / key {self.key}: {_reason(exc)}"
            ) from None
        if self.client_ca is not None:
            # Asked, not required: the probes and scrapers carry none (callers.py).
            context.verify_mode = ssl.CERT_OPTIONAL
            try:
                context.load_verify_locations(cafile=self.client_ca)
            except (OSError, ssl.SSLError) as exc:
                raise TLSError(f"client CA {self.client_ca}: {_reason(exc)}") from None
            if not context.get_ca_certs():
                raise TLSError(f"client CA {self.client_ca}: no CA certificate in it")
        return context

    def maybe_reload(self) -> bool:
        """Load the files again when they changed; True when a new pair is now served."""
        try:
            stamps = self._read_stamps()
        except TLSError:
            return False
        if stamps == self._stamps:
            return False
        self.context = self._loaded()  # each handshake asks for the context anew
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


def _reason(exc: OSError | ssl.SSLError) -> object:
    return getattr(exc, "reason", None) or getattr(exc, "strerror", None) or exc


def tls_version(text: str) -> ssl.TLSVersion:
    """``1.2`` or ``1.3`` → the minimum TLS version to accept."""
    versions: Mapping[str, ssl.TLSVersion] = {
        "1.2": ssl.TLSVersion.TLSv1_2, "1.3": ssl.TLSVersion.TLSv1_3,
    }  # fmt: skip
    if text not in versions:
        raise TLSError(f"TLS minimum version {text!r}: want 1.2 or 1.3")
    return versions[text]
