"""`gate serve` settles the cyclic collector once serving (gate/webhook/collector.py): what it
loaded is frozen, and young objects are collected every 10,000 containers, not 700 (the
collector took ~4% of the server's CPU under a burst of uncached reviews)."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest

from gate.webhook import logs, service
from gate.webhook.collector import GC_THRESHOLD


def test_gate_serve_freezes_what_it_loaded_and_collects_young_objects_less_often(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    seen: list[tuple[int, int]] = []

    async def serve(webhook: Any, tls: Any, *, stop: Any, started: Any) -> None:
        started(8443)
        seen.append((gc.get_threshold()[0], gc.get_freeze_count()))

    monkeypatch.setattr(service, "serve", serve)
    monkeypatch.setattr(service, "build", lambda config: (None, None))
    monkeypatch.setattr(logs, "configure", lambda level: None)
    config = service.WebhookConfig(tls_cert=tmp_path / "c.pem", tls_key=tmp_path / "k.pem")
    ports: list[int] = []
    before = gc.get_threshold()
    try:
        assert service.run(config, started=ports.append) == 0
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()
    assert ports == [8443]
    threshold, frozen = seen[0]
    assert threshold == GC_THRESHOLD
    assert frozen > 0
