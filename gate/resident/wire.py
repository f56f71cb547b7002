"""The resident protocol's frames: a fixed header, then length-prefixed items. Bounded.

Request:  b"GATE1" + kind (1 byte) + payload length (4 bytes, big-endian) + payload.
          kind J (judge: the 4 descriptors stdin, stdout, stderr, cwd ride on the header),
          P (ping: status), Q (quit). A payload is items, each 4-byte length + bytes.
Replies:  kind (1 byte) + signed 4-byte value. R refused (the client runs in-process; value says
          why), S started (value: the child's pid), X exit (value: exit status, or -N when the
          child died of signal N), I info (value: length of the text that follows).
Client, after S: K + signal number (forward the signal to the child).

Imported by the console-script client: no imports.
"""

from __future__ import annotations

MAGIC = b"GATE1"
HEADER = len(MAGIC) + 1 + 4
REPLY = 5
JUDGE, PING, QUIT = b"J", b"P", b"Q"
REFUSED, STARTED, EXITED, INFO, KILL = b"R", b"S", b"X", b"I", b"K"
FDS = 4  # stdin, stdout, stderr, working directory
MAX_PAYLOAD = 4 * 1024 * 1024  # argv + environment; execve itself stops at ~2 MiB
MAX_ITEMS = 100_000

# Why a request was refused (the client then runs in-process, so none of these changes output).
STALE, MISMATCH, BUSY, UNSAFE, STOPPING = 1, 2, 3, 4, 5


class Malformed(ValueError):
    """A request that does not follow this protocol."""


def header(kind: bytes, length: int) -> bytes:
    return MAGIC + kind + length.to_bytes(4, "big")


def read_header(data: bytes) -> tuple[bytes, int]:
    if len(data) != HEADER or not data.startswith(MAGIC):
        raise Malformed("not a gate request")
    kind = data[len(MAGIC) : len(MAGIC) + 1]
    if kind not in (JUDGE, PING, QUIT):
        raise Malformed(f"unknown request kind {kind!r}")
    length = int.from_bytes(data[len(MAGIC) + 1 :], "big")
    if length > MAX_PAYLOAD:
        raise Malformed(f"request of {length} bytes (at most {MAX_PAYLOAD})")
    return kind, length


def pack(items: list[bytes]) -> bytes:
    return b"".join(len(item).to_bytes(4, "big") + item for item in items)


def unpack(payload: bytes) -> list[bytes]:
    items: list[bytes] = []
    at = 0
    while at < len(payload):
        if len(items) >= MAX_ITEMS or at + 4 > len(payload):
            raise Malformed("too many items, or a truncated item")
        size = int.from_bytes(payload[at : at + 4], "big")
        at += 4
        if at + size > len(payload):
            raise Malformed("an item runs past the payload")
        items.append(payload[at : at + size])
        at += size
    return items


def reply(kind: bytes, value: int) -> bytes:
    return kind + value.to_bytes(4, "big", signed=True)


def read_reply(data: bytes) -> tuple[bytes, int]:
    return data[:1], int.from_bytes(data[1:REPLY], "big", signed=True)
