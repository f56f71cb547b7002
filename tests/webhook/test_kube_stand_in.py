"""The Kubernetes API stand-in the webhook tests use closes even when a client connected and
never finished its TLS handshake (the webhook killed mid-connection): a CI run once hung for
good in that teardown."""

from __future__ import annotations

import socket
import threading

from tests.support.registry import Pki
from tests.webhook.support import KubeStandIn


def test_the_stand_in_closes_with_a_client_that_never_finished_its_handshake(
    registry_pki: Pki,
) -> None:
    stand_in = KubeStandIn(registry_pki, "token")
    port = int(stand_in.url.rsplit(":", 1)[1])
    silent = socket.create_connection(("127.0.0.1", port))
    try:
        closed = threading.Event()
        closer = threading.Thread(target=lambda: (stand_in.close(), closed.set()), daemon=True)
        closer.start()
        assert closed.wait(20), "close() waited on the client's handshake"
    finally:
        silent.close()
