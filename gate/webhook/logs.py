"""Structured logs: one JSON object per line on stderr, for the cluster's log pipeline.

Callers add fields with ``log.info("message", extra={"fields": {...}})``.

Lines are written by a thread of their own: a log pipe that is slow to drain must never block
the event loop (every admission logs a line). Past `_QUEUED` lines waiting, lines are dropped and
counted rather than held.
"""

from __future__ import annotations

import atexit
import json
import logging
import logging.handlers
import queue
import sys
import time
from typing import Any, TextIO

_QUEUED = 10_000
_listener: _Writer | None = None


class JsonFormatter(logging.Formatter):
    """``{"ts": ..., "level": ..., "logger": ..., "msg": ..., <fields>}``"""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            for key, value in fields.items():
                entry.setdefault(str(key), value)
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


class _Enqueue(logging.handlers.QueueHandler):
    """Formats on the caller's thread, queues without waiting; a full queue drops the line."""

    dropped = 0

    def enqueue(self, record: logging.LogRecord) -> None:
        try:
            self.queue.put_nowait(record)
        except queue.Full:
            _Enqueue.dropped += 1


class _Writer(logging.handlers.QueueListener):
    """Writes queued lines on its own thread; stopping waits for room for its stop mark."""

    def enqueue_sentinel(self) -> None:
        self.queue.put(self._sentinel)  # type: ignore[attr-defined]


def flush() -> None:
    """Write every queued line and stop the writer thread (at exit, or to reconfigure)."""
    global _listener
    if _listener is not None:
        _listener.stop()
        _listener = None


def configure(level: str = "info", stream: TextIO | None = None) -> None:
    """Send the gate and aiohttp loggers to `stream` as JSON lines."""
    global _listener
    flush()
    lines: queue.Queue[logging.LogRecord] = queue.Queue(_QUEUED)
    _listener = _Writer(lines, logging.StreamHandler(stream or sys.stderr))
    _listener.start()
    atexit.register(flush)
    handler = _Enqueue(lines)
    handler.setFormatter(JsonFormatter())
    for name in ("gate", "aiohttp"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.propagate = False
        logger.setLevel(level.upper() if level.upper() in logging._nameToLevel else "INFO")
