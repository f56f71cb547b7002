"""Image configs → findings, off the event loop.

Judging runs on one worker thread so that it does not stall the event loop (health checks, other
requests' fetches). regorus engines are bound to the thread that made them: the worker compiles
its own from the same bundle (same policy hash).
"""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from gate.model import Finding
from gate.sources.image_config import ImageConfig

if TYPE_CHECKING:
    from gate.policy.engine import PolicyEngine
    from gate.runner import PolicyOptions


class Judge:
    """Judges one image config at a time through the gate pipeline (history → facts → policy)."""

    def __init__(self, engine: PolicyEngine, policy: PolicyOptions) -> None:
        self.engine = engine
        self.policy = policy
        self._local = threading.local()
        self._executor = ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="gate-judge", initializer=self._init_worker
        )

    async def findings(self, config: ImageConfig) -> tuple[Finding, ...]:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, self._judge_sync, config)

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)

    def _init_worker(self) -> None:
        from gate.policy.engine import EmbeddedEngine

        engine = self.engine
        if isinstance(engine, EmbeddedEngine):
            engine = EmbeddedEngine(engine.bundle)
        self._local.engine = engine

    def _judge_sync(self, config: ImageConfig) -> tuple[Finding, ...]:
        from gate.runner import judge
        from gate.sources.images import build_sources

        engine: PolicyEngine = self._local.engine
        findings: list[Finding] = []
        for source in build_sources([config], "image"):
            findings.extend(judge(source, engine, self.policy).findings)
        return tuple(findings)
