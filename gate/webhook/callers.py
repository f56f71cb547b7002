"""Who may ask for a review: the client certificate the review endpoints require.

gate reads a review's namespace, pull secret names and service account as written, so whoever
reaches the port could have an image judged with another namespace's pull secrets. With
`--client-ca`, the TLS handshake asks every client for a certificate and refuses one the CA did
not sign; the review endpoints then answer only a caller that presented one, and, with
`--client-name`, only one whose subject CN or a DNS name in its subjectAltName is listed (a
cluster CA also signs every user's certificate). The handshake asks without insisting, so the
probes and a Prometheus scrape of /healthz, /readyz and /metrics, which carry no certificate,
still get in there.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any


def _names(peercert: Mapping[str, Any]) -> set[str]:
    found: set[str] = set()
    for rdn in peercert.get("subject", ()):
        for key, value in rdn:
            if key == "commonName":
                found.add(str(value).lower())
    for kind, value in peercert.get("subjectAltName", ()):
        if kind == "DNS":
            found.add(str(value).lower())
    return found


@dataclass(frozen=True)
class Callers:
    """The callers the review endpoints answer (the CA itself is checked in the handshake)."""

    names: frozenset[str] = frozenset()  # empty: any certificate the CA signed

    @classmethod
    def named(cls, names: Sequence[str]) -> Callers:
        return cls(frozenset(name.lower() for name in names))

    def refusal(self, peercert: Mapping[str, Any] | None) -> str | None:
        """Why this caller is not answered; None when it is."""
        if not peercert:
            return "no client certificate (--client-ca)"
        if self.names and not (_names(peercert) & self.names):
            return "client certificate not for a name --client-name allows"
        return None
