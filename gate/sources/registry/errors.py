"""The one error type of the registry source."""

from __future__ import annotations

from gate.model import GateError


class RegistryError(GateError):
    """A registry could not give the gate an image's manifest or config (one line, no traceback).

    `transient`: the failure may go away on its own (the registry could not be reached, timed
    out, failed with 5xx or asked to slow down with 429); a retry soon may succeed. False for
    answers a retry would not change (401, 403, 404, invalid reference, size cap, digest
    mismatch, not an image). `access_denied`: the registry refused these credentials (or their
    absence) for the repository (401, 403, a refused token, or 404 "repository unknown", which
    registries answer for private repositories): other credentials may open it. `unreachable`:
    no answer came (cannot connect, TLS failed, timed out, connection broke); the message's
    detail tells which, and a caller answering strangers may keep that to its log.
    """

    def __init__(
        self,
        message: str,
        path: str | None = None,
        line: int | None = None,
        *,
        transient: bool = False,
        access_denied: bool = False,
        unreachable: bool = False,
    ) -> None:
        super().__init__(message, path, line)
        self.transient = transient
        self.access_denied = access_denied
        self.unreachable = unreachable
