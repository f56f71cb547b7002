"""A judge request as the resident process receives it: parsed and checked, or Malformed."""

from __future__ import annotations

from dataclasses import dataclass

from gate.resident import wire


@dataclass(frozen=True)
class StreamSpec:
    """How the client's Python set up one standard stream."""

    encoding: str
    errors: str
    line_buffering: bool
    write_through: bool


@dataclass(frozen=True)
class Job:
    compat: bytes
    umask: int
    streams: tuple[StreamSpec, StreamSpec, StreamSpec]  # stdin, stdout, stderr
    argv: tuple[bytes, ...]  # argv[0] included
    env: tuple[tuple[bytes, bytes], ...]


def _number(item: bytes, low: int, high: int) -> int:
    if not item.isdigit() or len(item) > 10 or not low <= int(item) <= high:
        raise wire.Malformed(f"not a number in {low}..{high}: {item[:20]!r}")
    return int(item)


def _stream(item: bytes) -> StreamSpec:
    fields = item.decode("utf-8", "surrogateescape").split("\0")
    if len(fields) != 4 or fields[2] not in ("0", "1") or fields[3] not in ("0", "1"):
        raise wire.Malformed("a stream spec is not encoding, errors, two flags")
    import codecs

    try:
        codecs.lookup(fields[0])
        codecs.lookup_error(fields[1])
    except LookupError as error:
        raise wire.Malformed(str(error)) from None
    return StreamSpec(fields[0], fields[1], fields[2] == "1", fields[3] == "1")


def parse_job(payload: bytes) -> Job:
    items = wire.unpack(payload)
    if len(items) < 6:
        raise wire.Malformed("a judge request has at least 6 items")
    argc = _number(items[5], 1, len(items) - 6)
    env: list[tuple[bytes, bytes]] = []
    for item in items[6 + argc :]:
        key, sep, value = item.partition(b"=")
        if not sep or not key or b"\0" in item:
            raise wire.Malformed("an environment entry is not KEY=VALUE")
        env.append((key, value))
    argv = tuple(items[6 : 6 + argc])
    if any(b"\0" in a for a in argv):
        raise wire.Malformed("an argument holds a NUL byte")
    streams = (_stream(items[2]), _stream(items[3]), _stream(items[4]))
    return Job(items[0], _number(items[1], 0, 0o777), streams, argv, tuple(env))
