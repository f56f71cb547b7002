"""The one error type of the registry source."""

from __future__ import annotations

from gate.model import GateError


class RegistryError(GateError):
    """A registry could not give the gate an image's manifest or config (one line, no traceback)."""
