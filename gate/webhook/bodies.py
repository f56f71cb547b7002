"""Request bodies: how many bytes of them the server holds at once, and where they are parsed.

The byte cap (`--max-body`) bounds one body, not all of them: 64 connections sending 4 MiB at
once held 417 MB, and 16 bodies of 4 MiB of `[]` took the server to 1.7 GB once parsed (each
parse took 0.35 s of the event loop, /healthz waited 5.5 s). So:

- a body larger than `SMALL` waits for room in a shared pool of `pool` bytes before it is
  read (an unread body stays in the socket: aiohttp stops reading a connection whose buffer is
  full). Bodies of `SMALL` or less never wait, so clients that trickle large bodies delay
  other large bodies only; the API server's own reviews are a few KiB to a few hundred;
- one body is parsed at a time, in a thread: the event loop waits at most one parse, which the
  value cap (json_object.load_json) keeps short, not every parse that is ready;
- the endpoint turns the parsed document into the little it needs inside that same job, so the
  document is freed before the request waits for registries.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TypeVar

from aiohttp import web

T = TypeVar("T")
KiB = 1024
SMALL = 128 * KiB  # 256 connections of such bodies: 32 MiB


class BodyTooLarge(Exception):
    """The body is larger than the byte cap."""


@dataclass(eq=False)
class BodyPool:
    """Bytes of large request bodies held at once."""

    size: int
    used: int = 0
    _freed: asyncio.Event = field(default_factory=asyncio.Event, init=False)

    async def acquire(self, length: int) -> int:
        """Waits for room for a body of `length` bytes (the caller bounds the wait); the bytes
        taken, for release(). One body larger than the pool still goes when the pool is empty."""
        if length <= SMALL:
            return 0
        while self.used and self.used + length > self.size:
            self._freed.clear()
            await self._freed.wait()
        self.used += length
        return length

    def release(self, taken: int) -> None:
        # Not a coroutine: it runs in `finally` blocks of cancelled requests too.
        if taken:
            self.used -= taken
            self._freed.set()


async def read_body(
    request: web.Request, limit: int, deadline: Callable[[float, int], float]
) -> bytearray:
    """The request's body, at most `limit` bytes (BodyTooLarge past it); TimeoutError past
    `deadline(started, bytes received)` (ConnectionLimits.body_deadline), renewed as bytes come
    in. Not request.read(): that keeps a copy on the request until the answer is sent."""
    started = asyncio.get_running_loop().time()
    body = bytearray()
    async with asyncio.timeout_at(deadline(started, 0)) as timer:
        while chunk := await request.content.readany():
            body += chunk
            if len(body) > limit:
                raise BodyTooLarge
            timer.reschedule(deadline(started, len(body)))
    return body


@dataclass(eq=False)
class Parser:
    """One thread that parses bodies, one at a time."""

    _pool: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(1, thread_name_prefix="gate-parse"),
        init=False,
    )

    async def run(self, parse: Callable[[bytes | bytearray], T], body: bytes | bytearray) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._pool, parse, body)

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
