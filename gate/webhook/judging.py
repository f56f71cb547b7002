"""Image configs → findings in worker processes with memory and CPU-time limits.

Judging runs the shell layer and the policy engine over text that whoever may create a Pod
chose: a few hundred bytes of history can ask for gigabytes or minutes. So it runs in worker
processes (spawned, so nothing of the server's threads or sockets is inherited), each with an
address-space limit (RLIMIT_AS) and, per job, a CPU-time limit (RLIMIT_CPU), and killed when the
job's deadline passes. The event loop only waits: health checks and other reviews stay
responsive, and a worker that dies is replaced in the background.

What the Pod author is told names no internals (no limit, signal or exit status); the log has
them.
"""

from __future__ import annotations

import asyncio
import logging
import math
import multiprocessing
import os
import pickle
import resource
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from gate.model import Finding, GateError
from gate.sources.image_config import ImageConfig

if TYPE_CHECKING:
    from multiprocessing.process import BaseProcess

    from gate.policy.bundle import Bundle
    from gate.policy.engine import PolicyEngine
    from gate.runner import PolicyOptions

# Memory unpickled findings hold per byte they were sent in, at most (see Judge.judged).
_UNPICKLED = 4
log = logging.getLogger("gate.webhook")
MiB = 1024 * 1024
# What the Pod author reads when judging an image failed for a reason of the gate's own.
TOO_COSTLY = "judging its history took more time or memory than the gate allows"
NO_JUDGE = "no judge was free before the deadline"
_START_TIMEOUT = 60.0  # spawning a worker and compiling the policy
# A worker that died is replaced at once; when workers keep dying (a policy that crashes
# regorus on some images, a flood of such images) each replacement waits twice as long as the
# last, up to _BACKOFF_MAX: starting one costs about a second of CPU, which the reviews need.
_BACKOFF_FIRST = 0.25
_BACKOFF_MAX = 8.0
_BACKOFF_WINDOW = 60.0  # deaths further back than this do not count


def _default_workers() -> int:
    # At most 4: a container sees the host's CPUs, and each worker may take its memory limit.
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    return max(1, min(cpus, 4))


@dataclass(frozen=True)
class JudgeLimits:
    """How many worker processes judge at once, and what each may use."""

    workers: int = 0  # 0: one per CPU this process may run on, at most 4
    # Address space a worker may map beyond the libraries it loaded before the limit was set.
    memory_bytes: int = 256 * MiB
    # CPU time of one job; the wall-clock deadline of the request bounds it too.
    cpu_seconds: float = 10.0
    # A job never runs longer than this, whatever the request's deadline.
    max_seconds: float = 30.0

    @property
    def worker_count(self) -> int:
        return self.workers if self.workers > 0 else _default_workers()


class JudgeFailed(GateError):
    """The gate could not judge a config; `message` is for the Pod author, `detail` for the log.

    Never transient: a history that costs too much costs as much on a retry, and admitting it
    under --registry-failure open would let anyone skip the gate with such a history.
    """

    def __init__(self, message: str, detail: str) -> None:
        super().__init__(message)
        self.detail = detail


@dataclass(frozen=True)
class _EngineSpec:
    """What a worker needs to build the same engine: the bundle, and OPA's URL when remote."""

    bundle: Bundle
    opa_url: str | None
    policy: PolicyOptions
    limits: JudgeLimits


def _spec(engine: PolicyEngine, policy: PolicyOptions, limits: JudgeLimits) -> _EngineSpec:
    from gate.policy.engine import EmbeddedEngine

    url = None if isinstance(engine, EmbeddedEngine) else policy.opa_url
    return _EngineSpec(engine.bundle, url, policy, limits)


# ---------------------------------------------------------------------------------------------
# The worker process.


def _address_space() -> int:
    """This process's mapped address space in bytes (what RLIMIT_AS counts)."""
    with open("/proc/self/statm", encoding="ascii") as statm:
        pages = int(statm.read().split()[0])
    return pages * resource.getpagesize()


def _load_go() -> None:
    """Load BuildKit's parser (Go) with its runtime up: ready for a limit on address space.

    A Go library starts its runtime on a thread of its own when it loads, and the runtime
    reserves its address space there. A limit set right after the import could come first: the
    worker then died ("failed to reserve page summary memory": 12 of 20 tries of import, limit,
    parse in a fresh process), taking a benign image with it. A call into Go returns only once
    the runtime is up.
    """
    from gate.sources.buildkit import dockerfile

    dockerfile.parse_string("FROM scratch\n")


def _worker_main(conn: Connection, spec: _EngineSpec) -> None:
    """Build the engine, then judge configs under the memory limit until the pipe closes."""
    # The native libraries reserve address space when they load (the Go runtime of BuildKit's
    # parser about 800 MiB, regorus about 1 GiB, mostly never touched): load them, and what
    # judging imports, first; the limit then bounds what judging one image may add.
    _load_go()

    import gate.runner
    import gate.sources.images  # noqa: F401
    from gate.policy.engine import EmbeddedEngine
    from gate.policy.opa import OpaEngine

    engine: PolicyEngine
    if spec.opa_url is not None:
        engine = OpaEngine(spec.bundle, spec.opa_url, upload=False)
    else:
        engine = EmbeddedEngine(spec.bundle)
    # The warm-up is the operator's policies deciding once: bounded as every job is (a rule
    # that ignores its input and spins or asks for gigabytes would otherwise hold the server's
    # start for _START_TIMEOUT, or grow until the container is killed without a word). Soft
    # limit only, so that what the warm-up used is not taken from the jobs' budget.
    resource.setrlimit(
        resource.RLIMIT_AS, (_address_space() + spec.limits.memory_bytes, resource.RLIM_INFINITY)
    )
    _limit_cpu(spec.limits.cpu_seconds)
    _warm_up(engine, spec.policy)
    limit = _address_space() + spec.limits.memory_bytes
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    conn.send(("ready", os.getpid()))
    while True:
        try:
            config = conn.recv()
        except (EOFError, OSError):
            return
        _limit_cpu(spec.limits.cpu_seconds)
        try:
            conn.send(("ok", _judge(_frozen(config), engine, spec.policy)))
        except MemoryError:
            # The heap may be left in pieces: report and let the parent start a fresh worker.
            conn.send(("dead", "out of memory"))
            return
        except GateError as exc:
            conn.send(("error", exc.message))
        except Exception as exc:  # an internal error: reported, never a lower verdict
            conn.send(("dead", f"{type(exc).__name__}: {exc}"))
            return


# A history like the ones admissions bring. The first image a worker judges pays for what the
# shell layer, the fact extractors and the policy engine import, compile and cache on first use
# (~140 ms of CPU against ~4 ms for each later one): paid here, before the worker is ready, not
# by the first admissions after a start or a replacement.
_WARM_UP_HISTORY = (
    "/bin/sh -c #(nop) COPY file:0 in /usr/local/bin/pip ",
    "/bin/sh -c #(nop)  ENV PATH=/usr/local/bin:/usr/bin:/bin",
    "RUN /bin/sh -c pip install --no-cache-dir -r requirements.txt # buildkit",
    'RUN /bin/sh -c for p in a b; do python -m pip install "$p"; done # buildkit',
    "RUN /bin/sh -c uv pip install --system httpx && uv sync --frozen # buildkit",
    "RUN /bin/sh -c poetry install --no-root || pipx install rich # buildkit",
)


def warm_up_config() -> ImageConfig:
    """The image a worker judges before it is ready (and the server's start, once, with the
    operator's policies in a bounded child: see probe)."""
    config = {
        "architecture": "amd64",
        "os": "linux",
        "config": {"Env": ["PATH=/usr/local/bin:/usr/bin:/bin"]},
        "history": [{"created_by": line} for line in _WARM_UP_HISTORY],
    }
    digest = "sha256:" + "0" * 64
    return ImageConfig(
        reference="gate.invalid/warm-up:1",
        digest=digest,
        config_digest=digest,
        platform=None,
        config=MappingProxyType(config),
        annotations=MappingProxyType({}),
    )


def prepare_probe() -> None:
    """What a probe child loads before its address-space limit, as a worker does."""
    _load_go()
    import gate.runner
    import gate.sources.images  # noqa: F401


def probe(engine: PolicyEngine, policy: PolicyOptions) -> None:
    """Judge the warm-up image with `engine`: the operator's policies must decide on a history
    with installs, or the server does not start."""
    _judge(warm_up_config(), engine, policy)


def _warm_up(engine: PolicyEngine, policy: PolicyOptions) -> None:
    sample = warm_up_config()
    try:
        _judge(sample, engine, policy)
    except MemoryError:
        # The policies cannot decide once within the worker's memory: it never becomes ready
        # (its parent reports the start as failed), rather than serve with its heap in pieces.
        os._exit(3)
    except Exception:  # best effort: a real job reports its own failure
        pass


def _plain(config: ImageConfig) -> ImageConfig:
    # mappingproxy does not pickle; the worker wraps the dicts again (_frozen).
    return replace(config, config=dict(config.config), annotations=dict(config.annotations))


def _frozen(config: ImageConfig) -> ImageConfig:
    return replace(
        config,
        config=MappingProxyType(dict(config.config)),
        annotations=MappingProxyType(dict(config.annotations)),
    )


def _limit_cpu(seconds: float) -> None:
    # RLIMIT_CPU counts the process's whole life: allow `seconds` more from now. Past the soft
    # limit the kernel sends SIGXCPU, which ends the process.
    usage = resource.getrusage(resource.RUSAGE_SELF)
    used = usage.ru_utime + usage.ru_stime
    # No more than setrlimit takes (a C long): `--judge-cpu-seconds 1e20` crashed every worker.
    soft = min(math.ceil(used + seconds), sys.maxsize)
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def _judge(config: ImageConfig, engine: PolicyEngine, policy: PolicyOptions) -> tuple[Finding, ...]:
    from gate.runner import judge
    from gate.sources.images import build_sources

    findings: list[Finding] = []
    for source in build_sources([config], "image"):
        findings.extend(judge(source, engine, policy).findings)
    return tuple(findings)


# ---------------------------------------------------------------------------------------------
# The parent's side.


class _Worker:
    """One worker process and the parent's end of its pipe; used by one thread at a time."""

    def __init__(self, process: BaseProcess, conn: Connection) -> None:
        self.process = process
        self.conn = conn
        self.alive = True

    @property
    def pid(self) -> int | None:
        return self.process.pid

    def run(self, config: ImageConfig, timeout: float) -> tuple[str, Any, int]:
        """(kind, value, bytes of the answer): ok + findings, error + message, or dead + why
        the worker is gone."""
        try:
            self.conn.send(_plain(config))
            if not self.conn.poll(max(0.0, timeout)):
                self.stop()
                return "dead", f"deadline passed after {timeout:.2f} s", 0
            answer = self.conn.recv_bytes()
            kind, value = pickle.loads(answer)
        except (EOFError, OSError) as exc:
            why = self._why(exc)
            self.stop()
            return "dead", why, 0
        if kind == "dead":
            self.stop()
        return kind, value, len(answer)

    def _why(self, exc: BaseException) -> str:
        self.process.join(1.0)
        code = self.process.exitcode
        if code is not None and code < 0:
            return f"killed by signal {-code}"
        return f"exited ({code}): {type(exc).__name__}"

    def stop(self) -> None:
        """Kill the process without waiting for it: the answer does not wait while the kernel
        frees a large address space (under load that outlasted the deadline's grace)."""
        self.alive = False
        self.process.kill()

    def reap(self) -> None:
        self.process.join(5.0)
        self.conn.close()

    def kill(self) -> None:
        self.stop()
        self.reap()


class Judge:
    """Judges image configs in worker processes (see the module's text)."""

    def __init__(
        self, engine: PolicyEngine, policy: PolicyOptions, limits: JudgeLimits | None = None
    ) -> None:
        self.limits = limits or JudgeLimits()
        self._spec = _spec(engine, policy, self.limits)
        self._context = multiprocessing.get_context("spawn")
        count = self.limits.worker_count
        # One thread per busy worker waits on its pipe; two more start replacements.
        self._threads = ThreadPoolExecutor(max_workers=count + 2, thread_name_prefix="gate-judge")
        self._idle: asyncio.Queue[_Worker] | None = None
        self._workers: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self._closing = threading.Event()
        self._deaths: list[float] = []  # when workers died, within _BACKOFF_WINDOW
        self.replaced = 0  # workers started to replace one that died or was killed
        self.backoff = 0.0  # seconds the latest replacement waited before it started

    async def start(self) -> None:
        """Start every worker; returns once they are ready (or raises GateError)."""
        if self._idle is not None:
            return
        self._idle = asyncio.Queue()
        loop = asyncio.get_running_loop()
        count = self.limits.worker_count
        started = await asyncio.gather(
            *(loop.run_in_executor(self._threads, self._spawn) for _ in range(count))
        )
        for worker in started:
            self._idle.put_nowait(worker)

    def _spawn(self) -> _Worker:
        parent, child = self._context.Pipe(duplex=True)
        process = self._context.Process(
            target=_worker_main, args=(child, self._spec), name="gate-judge", daemon=True
        )
        process.start()
        child.close()
        worker = _Worker(process, parent)
        if not parent.poll(_START_TIMEOUT):
            worker.kill()
            raise GateError("a judge worker did not start")
        try:
            parent.recv()
        except (EOFError, OSError):
            worker.kill()
            raise GateError(
                "a judge worker could not load the policies and decide once within its limits "
                f"(--judge-memory, --judge-cpu-seconds {self.limits.cpu_seconds:g})"
            ) from None
        with self._lock:
            if self._closed:
                worker.kill()
            self._workers.add(worker)
        return worker

    async def findings(self, config: ImageConfig, deadline: float) -> tuple[Finding, ...]:
        """The findings of `config`; JudgeFailed when not judged before `deadline` (loop time)."""
        findings, _ = await self.judged(config, deadline)
        return findings

    async def judged(self, config: ImageConfig, deadline: float) -> tuple[tuple[Finding, ...], int]:
        """As `findings`, with about the memory they hold (a cache's weight): 4 times the bytes
        the worker sent them in, the most measured (1.1-4.2 times for 3 to 1,990 findings)."""
        await self.start()
        assert self._idle is not None
        loop = asyncio.get_running_loop()
        deadline = min(deadline, loop.time() + self.limits.max_seconds)
        try:
            async with asyncio.timeout_at(deadline):
                worker = await self._idle.get()
                while not worker.process.is_alive():
                    # It died while idle (the OOM killer, a kill -9): judging on it would fail
                    # the image for a reason of the gate's own. Replace it and take the next.
                    log.warning("judge worker found dead", extra={"fields": {"pid": worker.pid}})
                    worker.stop()  # reaped off the event loop, with its replacement
                    self._release(worker, loop)
                    worker = await self._idle.get()
        except TimeoutError:
            raise JudgeFailed(NO_JUDGE, "every worker busy until the deadline") from None
        timeout = deadline - loop.time()
        started = time.perf_counter()
        job = loop.run_in_executor(self._threads, worker.run, config, timeout)
        job.add_done_callback(lambda _: self._release(worker, loop))
        kind, value, size = await asyncio.shield(job)
        if kind == "ok":
            findings: tuple[Finding, ...] = value
            return findings, _UNPICKLED * size
        if kind == "error":
            raise GateError(str(value))
        log.warning(
            "judge worker stopped",
            extra={"fields": {"config": config.config_digest, "pid": worker.pid,
                              "reason": str(value),
                              "seconds": round(time.perf_counter() - started, 3)}},
        )  # fmt: skip
        raise JudgeFailed(TOO_COSTLY, str(value))

    def _release(self, worker: _Worker, loop: asyncio.AbstractEventLoop) -> None:
        if self._closed:
            return
        if worker.alive:
            assert self._idle is not None
            self._idle.put_nowait(worker)
            return
        with self._lock:
            self._workers.discard(worker)
        self.replaced += 1
        self.backoff = self._next_backoff()
        replacement = loop.run_in_executor(self._threads, self._replace, worker, self.backoff)
        replacement.add_done_callback(self._replaced)

    def _next_backoff(self) -> float:
        """How long the replacement of a worker that died now waits: nothing for the first
        death in _BACKOFF_WINDOW, then twice as long for each further one."""
        now = time.monotonic()
        with self._lock:
            self._deaths = [t for t in self._deaths if now - t < _BACKOFF_WINDOW]
            earlier = len(self._deaths)
            self._deaths.append(now)
        if earlier == 0:
            return 0.0
        return min(_BACKOFF_FIRST * float(2 ** min(earlier - 1, 16)), _BACKOFF_MAX)

    def _replace(self, worker: _Worker, backoff: float) -> _Worker:
        """A new worker, after `backoff` seconds; one that fails to start is tried again, each
        time later, until the judge closes: a pool that only shrank would deny every image
        at its deadline until the server restarted."""
        worker.reap()
        while True:
            if self._closing.wait(backoff):
                raise GateError("the judge closed")
            try:
                return self._spawn()
            except GateError as error:
                backoff = min(max(backoff * 2, _BACKOFF_FIRST), _BACKOFF_MAX)
                log.error(
                    "judge worker not started",
                    extra={"fields": {"reason": error.message, "retry_seconds": backoff}},
                )

    def _replaced(self, future: asyncio.Future[_Worker]) -> None:
        if future.cancelled() or self._closed:
            return
        error = future.exception()
        if error is not None:
            log.error("judge worker not replaced", extra={"fields": {"reason": str(error)}})
            return
        assert self._idle is not None
        self._idle.put_nowait(future.result())

    @property
    def pids(self) -> list[int]:
        """The worker processes alive now."""
        with self._lock:
            return [w.pid for w in self._workers if w.alive and w.pid is not None]

    def close(self) -> None:
        self._closed = True
        self._closing.set()
        with self._lock:
            workers = list(self._workers)
            self._workers.clear()
        for worker in workers:
            if worker.alive:
                worker.kill()
        self._threads.shutdown(wait=False, cancel_futures=True)
