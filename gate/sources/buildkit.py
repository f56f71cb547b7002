"""BuildKit's Dockerfile parser, a Go library, loaded so that its threads leave signals to Python.

The Go runtime starts threads when the library loads, and every thread it starts later copies
the signal mask of that moment. A SIGINT or SIGTERM sent to the process goes to any one thread
that does not block it: on a Go thread, Python's handler only notes it, and a main thread
blocked in read() (a Dockerfile on standard input) never wakes, so Ctrl-C did nothing until
the input ended. Loaded with the signals Python handles blocked, the Go threads never take them.
"""

from __future__ import annotations

import _signal  # type: ignore[import-not-found]  # no stub; `signal` wraps it and costs ~1 ms to import
import importlib
from types import ModuleType

# The asynchronous signals Python or gate handle: SIGINT, SIGTERM, SIGHUP, SIGQUIT.
_PYTHONS = (2, 15, 1, 3)


def load_quietly(name: str) -> ModuleType:
    """Import `name` (a library that starts threads) with Python's signals blocked meanwhile."""
    before = _signal.pthread_sigmask(_signal.SIG_BLOCK, _PYTHONS)
    try:
        return importlib.import_module(name)
    finally:
        _signal.pthread_sigmask(_signal.SIG_SETMASK, before)


load_quietly("dockerfile")

import dockerfile as dockerfile  # noqa: E402  (loaded above; re-exported typed)
