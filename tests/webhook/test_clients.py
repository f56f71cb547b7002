"""Registry requests cost the event loop no import machinery: httpcore asks sniffio which event
loop runs on every request; without sniffio installed each ask was a failed import (a search of
sys.path), some 11% of the event loop in a burst of uncached admissions."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Sequence
from importlib.abc import MetaPathFinder
from importlib.machinery import ModuleSpec
from types import ModuleType

from httpcore._synchronization import current_async_library


class _Recorder(MetaPathFinder):
    def __init__(self) -> None:
        self.searched: list[str] = []

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        self.searched.append(fullname)
        return None


def test_asking_which_event_loop_runs_searches_for_no_module() -> None:
    recorder = _Recorder()
    sys.meta_path.insert(0, recorder)
    try:
        library = asyncio.run(_ask())
    finally:
        sys.meta_path.remove(recorder)
    assert library == "asyncio"
    assert recorder.searched == []


async def _ask() -> str:
    return current_async_library()
