"""Pinned connections are pooled and reused, and one the registry closed while idle is not."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from gate.sources.registry.client import RegistryClient
from gate.sources.registry.options import RegistryOptions
from gate.sources.registry.reference import parse_reference

DIGEST = "sha256:" + "ab" * 32


async def _registry(connections: list[int], close_idle: bool) -> asyncio.Server:
    """Answers every HEAD with a digest over HTTP/1.1 keep-alive; with `close_idle` it closes
    each connection right after its answer, as a registry's idle timeout does."""

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        connections.append(1)
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            if not head:
                break
            writer.write(
                b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n"
                b"Docker-Content-Digest: " + DIGEST.encode() + b"\r\n\r\n"
            )
            await writer.drain()
            if close_idle:
                await asyncio.sleep(0.05)
                break
        writer.close()

    return await asyncio.start_server(serve, "127.0.0.1", 0)


async def _two_lookups(close_idle: bool) -> tuple[list[str | None], int]:
    connections: list[int] = []
    server = await _registry(connections, close_idle)
    port = server.sockets[0].getsockname()[1]
    host = f"gate-registry.test:{port}"

    async def pinned(name: str, port: int) -> Sequence[str]:
        return ["127.0.0.1"]

    options = RegistryOptions(insecure=frozenset({host}), read_docker_config=False)
    ref = parse_reference(f"{host}/gate/app:v1")
    async with server, RegistryClient(options, connect=pinned) as client:
        first = await client.resolve(ref)
        await asyncio.sleep(0.2)  # the registry has closed the idle connection by now
        second = await client.resolve(ref)
    return [first, second], len(connections)


def test_a_pooled_connection_is_reused() -> None:
    assert asyncio.run(_two_lookups(close_idle=False)) == ([DIGEST, DIGEST], 1)


def test_a_connection_the_registry_closed_while_idle_is_not_reused() -> None:
    assert asyncio.run(_two_lookups(close_idle=True)) == ([DIGEST, DIGEST], 2)
