"""Latency and throughput of `gate serve` over real HTTPS on loopback, against a local registry.

Starts Debian's docker-registry (tests/support/registry.py, TLS with a generated CA), pushes
distinct images (each its own config digest: a non-compliant history plus a label), starts
`gate serve` as its own process, then drives /validate with AdmissionReviews:

- closed loop (`--concurrency 1,50`): that many requests in flight, the next one sent when one
  is answered; uncached (every request names an image the webhook has not seen: HEAD, manifest,
  config fetch, history → facts → policy), then cached (the same requests again);
- open loop (`--rate R`): requests sent on a fixed schedule, R per second for `--duration`
  seconds, whether or not earlier ones were answered, as an API server sends them; cached
  (images already judged) and uncached (distinct images never seen).

Prints p50/p99 latency and requests/s for each run, and beside it the server's peak RSS (the
server process alone, and with its judge workers). Needs docker-registry, openssl and pytest
(the test support code is reused).

    python benchmarks/bench_webhook.py [--concurrency 1,50] [--images 100] [--cached-rounds 3]
    python benchmarks/bench_webhook.py --rate 300 --uncached-rate 20 --duration 15
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.support.registry import make_pki, start_registry  # noqa: E402

# GATE_BENCH_PROFILE=FILE: the server runs under cProfile (its event loop thread), stats to FILE.
PROFILE = os.environ.get("GATE_BENCH_PROFILE", "")
CONFIG = REPO / "tests" / "data" / "shared" / "corpus-images" / "c-buildkit.json"
REVIEW = REPO / "tests" / "data" / "webhook" / "deployment-create.json"


def _config(i: int) -> bytes:
    config = json.loads(CONFIG.read_bytes())
    config.setdefault("config", {})["Labels"] = {"bench.gate.dev/n": str(i)}
    return json.dumps(config).encode()


def _review(image: str, n: int) -> dict[str, Any]:
    body: dict[str, Any] = json.loads(REVIEW.read_text())
    body["request"]["uid"] = f"00000000-0000-4000-8000-{n:012d}"
    spec = body["request"]["object"]["spec"]["template"]["spec"]
    spec["containers"][0]["image"] = image
    return body


def _start_gate(
    pki: Any, ca: Path, workdir: Path, judge_workers: str
) -> tuple[subprocess.Popen[str], str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_PROXY": "*"}
    log = (workdir / "gate.log").open("w")
    process = subprocess.Popen(
        [sys.executable, *(["-m", "cProfile", "-o", PROFILE] if PROFILE else []),
         "-m", "gate.cli", "serve", "--listen", "127.0.0.1:0",
         "--tls-cert", str(pki.server_cert), "--tls-key", str(pki.server_key),
         "--kube-api", "none", "--allow-registry-host", "127.0.0.1", "--registry-ca", str(ca),
         "--cache-size", "100000", "--judge-workers", judge_workers],
        stderr=subprocess.PIPE, stdout=log, text=True, env=env, cwd=REPO,
    )  # fmt: skip
    assert process.stderr is not None
    for line in process.stderr:
        entry = json.loads(line)
        if entry["msg"] == "serving":
            # Keep draining the log so the server never blocks on a full pipe.
            drain = subprocess.Popen(["cat"], stdin=process.stderr, stdout=log)
            del drain
            return process, f"https://127.0.0.1:{entry['port']}"
    raise RuntimeError("gate serve did not start")


def _children(pid: int) -> list[int]:
    """The child processes of `pid` (started from any of its threads)."""
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return []
    children: list[int] = []
    for task in tasks:
        try:
            children += [int(p) for p in (task / "children").read_text().split()]
        except OSError:
            continue
    return children


def _registry_pid() -> int:
    """The docker-registry this process started (its only child serving config.yml)."""
    for child in _children(os.getpid()):
        try:
            argv = Path(f"/proc/{child}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if argv[-2:-1] and argv[-2].endswith(b"config.yml"):
            return child
    return 0


def _machine_busy_seconds() -> float:
    """CPU seconds every core spent busy since boot (/proc/stat: all but idle and iowait)."""
    fields = [int(f) for f in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:8]]
    user, nice, system, _idle, _iowait, irq, softirq = fields
    return (user + nice + system + irq + softirq) / os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of `pid` (all its threads), from /proc; 0 once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Cpu:
    """CPU seconds of each process on the machine's cores: where a run's time goes."""

    server: float
    judges: float
    registry: float
    client: float
    machine: float  # every process on the machine: what the others took is the rest

    @staticmethod
    def now(server: int, registry: int) -> Cpu:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        judges = sum(_cpu_seconds(c) for c in _children(server))
        return Cpu(
            _cpu_seconds(server), judges, _cpu_seconds(registry),
            usage.ru_utime + usage.ru_stime, _machine_busy_seconds(),
        )  # fmt: skip

    def __sub__(self, other: Cpu) -> Cpu:
        return Cpu(
            self.server - other.server,
            self.judges - other.judges,
            self.registry - other.registry,
            self.client - other.client,
            self.machine - other.machine,
        )

    @property
    def others(self) -> float:
        return max(0.0, self.machine - self.server - self.judges - self.registry - self.client)


class Memory:
    """Peak RSS of the server and of the server plus its judge workers, sampled every 20 ms;
    and the CPU time each process (server, judges, registry, this client) used meanwhile."""

    # The registry's pid, for its CPU time; set once it runs.
    registry_pid = 0

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.server = 0
        self.total = 0
        self._task: asyncio.Task[None] | None = None
        self._cpu = Cpu(0, 0, 0, 0, 0)
        self.cpu = Cpu(0, 0, 0, 0, 0)

    @staticmethod
    def _rss_kib(pid: int) -> int:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        except OSError:
            pass
        return 0

    def sample(self) -> None:
        server = self._rss_kib(self.pid)
        total = server + sum(self._rss_kib(c) for c in _children(self.pid))
        self.server = max(self.server, server)
        self.total = max(self.total, total)

    async def _run(self) -> None:
        while True:
            self.sample()
            await asyncio.sleep(0.02)

    def __enter__(self) -> Memory:
        self.server = self.total = 0
        self._cpu = Cpu.now(self.pid, self.registry_pid)
        self._task = asyncio.get_running_loop().create_task(self._run())
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._task is not None
        self._task.cancel()
        self.sample()
        self.cpu = Cpu.now(self.pid, self.registry_pid) - self._cpu


@dataclass
class Run:
    name: str
    latencies: list[float] = field(default_factory=list)
    elapsed: float = 0.0
    denied: int = 0
    errors: int = 0
    server_peak_mib: float = 0.0
    total_peak_mib: float = 0.0
    cpu: Cpu = Cpu(0, 0, 0, 0, 0)

    def report(self) -> str:
        ordered = sorted(self.latencies)
        if not ordered:
            return f"{self.name:24} no answers ({self.errors} errors)"
        p50 = statistics.median(ordered) * 1000
        p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000
        return (
            f"{self.name:24} {len(ordered):5d} req  p50 {p50:8.2f} ms  p99 {p99:8.2f} ms  "
            f"{len(ordered) / self.elapsed:7.1f} req/s  peak RSS server {self.server_peak_mib:4.0f}"
            f" MiB, with workers {self.total_peak_mib:4.0f} MiB  ({self.denied} denied, "
            f"{self.errors} errors)\n{'':24} CPU ms per request: server "
            f"{self._per(self.cpu.server)}, judges {self._per(self.cpu.judges)}, registry "
            f"{self._per(self.cpu.registry)}, client {self._per(self.cpu.client)}; cores busy "
            f"{self.cpu.machine / self.elapsed:.2f} of {os.cpu_count()}, other processes "
            f"{self.cpu.others / self.elapsed:.2f}"
        )

    def _per(self, seconds: float) -> str:
        return f"{seconds * 1000 / max(1, len(self.latencies)):.2f}"


def _session(url: str, ca: Path, limit: int) -> Any:
    # aiohttp's client: httpx's AsyncClient itself tops out near 40 requests/s at this
    # concurrency, which would measure the client instead of the webhook.
    import ssl

    import aiohttp

    context = ssl.create_default_context(cafile=str(ca))
    connector = aiohttp.TCPConnector(ssl=context, limit=limit)
    return aiohttp.ClientSession(base_url=url, connector=connector)


async def _post(client: Any, body: dict[str, Any], run: Run) -> None:
    started = time.perf_counter()
    try:
        async with client.post("/validate?timeout=10s", json=body) as answer:
            document = await answer.json()
    except Exception:  # a refused or broken connection counts, it does not stop the run
        run.errors += 1
        return
    run.latencies.append(time.perf_counter() - started)
    response = document["response"]
    if not response["allowed"]:
        if "history[5]" not in response["status"]["message"]:
            run.errors += 1
            print(f"unexpected answer: {response['status']['message'][:300]}", file=sys.stderr)
        else:
            run.denied += 1


async def _closed_loop(
    name: str, url: str, ca: Path, pid: int, bodies: list[dict[str, Any]], concurrency: int
) -> Run:
    run = Run(name)
    gate = asyncio.Semaphore(concurrency)
    async with _session(url, ca, concurrency) as client:

        async def one(body: dict[str, Any]) -> None:
            async with gate:
                await _post(client, body, run)

        with Memory(pid) as memory:
            started = time.perf_counter()
            await asyncio.gather(*(one(b) for b in bodies))
            run.elapsed = time.perf_counter() - started
    run.server_peak_mib, run.total_peak_mib = memory.server / 1024, memory.total / 1024
    run.cpu = memory.cpu
    return run


async def _open_loop(
    name: str, url: str, ca: Path, pid: int, bodies: list[dict[str, Any]], rate: float
) -> Run:
    """One request every 1/rate seconds on the clock, never waiting for answers."""
    run = Run(name)
    # At most 100 connections, as an API server's pool: a request waits in the client for one,
    # and that wait counts in its latency (measured from its scheduled send).
    async with _session(url, ca, 100) as client:
        loop = asyncio.get_running_loop()
        tasks = []
        with Memory(pid) as memory:
            started = loop.time()
            for n, body in enumerate(bodies):
                delay = started + n / rate - loop.time()
                if delay > 0:
                    await asyncio.sleep(delay)
                tasks.append(loop.create_task(_post(client, body, run)))
            await asyncio.gather(*tasks)
            # Requests per second offered; the answers' latencies say whether it kept up.
            run.elapsed = len(bodies) / rate
    run.server_peak_mib, run.total_peak_mib = memory.server / 1024, memory.total / 1024
    run.cpu = memory.cpu
    return run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=100, help="uncached images per closed run")
    parser.add_argument("--cached-rounds", type=int, default=3)
    parser.add_argument("--concurrency", default="1,50", help="closed-loop runs, comma-separated")
    parser.add_argument("--rate", type=float, default=0.0, help="open loop: cached req/s offered")
    parser.add_argument("--uncached-rate", type=float, default=0.0,
                        help="open loop: distinct uncached images per second offered")
    parser.add_argument("--duration", type=float, default=15.0, help="open loop: seconds")
    parser.add_argument("--judge-workers", default="0", help="gate serve --judge-workers")
    args = parser.parse_args()
    levels = [int(c) for c in args.concurrency.split(",") if c] if not args.rate else []
    uncached_open = int(args.uncached_rate * args.duration)
    wanted = args.images * len(levels) + uncached_open + (args.images if args.rate else 0)
    runs: list[Run] = []
    with tempfile.TemporaryDirectory(prefix="gate-bench-") as tmp:
        workdir = Path(tmp)
        pki = make_pki(workdir / "pki")
        with start_registry(workdir / "registry", pki) as registry:
            Memory.registry_pid = _registry_pid()
            started = time.perf_counter()
            images = []
            for i in range(wanted):
                registry.push_image("bench/app", f"v{i}", _config(i))
                images.append(f"{registry.host}/bench/app:v{i}")
            print(f"pushed {len(images)} images in {time.perf_counter() - started:.1f} s")
            process, url = _start_gate(pki, pki.ca_cert, workdir, args.judge_workers)
            bodies = [_review(image, n) for n, image in enumerate(images)]
            ca, pid = pki.ca_cert, process.pid
            try:
                for level in levels:
                    batch, bodies = bodies[: args.images], bodies[args.images :]
                    runs.append(asyncio.run(
                        _closed_loop(f"uncached c={level}", url, ca, pid, batch, level)
                    ))  # fmt: skip
                    print(runs[-1].report(), flush=True)
                    again = batch * args.cached_rounds
                    runs.append(asyncio.run(
                        _closed_loop(f"cached c={level}", url, ca, pid, again, level)
                    ))  # fmt: skip
                    print(runs[-1].report(), flush=True)
                if args.rate:
                    warm, bodies = bodies[: args.images], bodies[args.images :]
                    asyncio.run(_closed_loop("warm-up", url, ca, pid, warm, 8))
                    offered = [warm[n % len(warm)] for n in range(int(args.rate * args.duration))]
                    runs.append(asyncio.run(
                        _open_loop(f"cached {args.rate:g}/s open", url, ca, pid, offered, args.rate)
                    ))  # fmt: skip
                    print(runs[-1].report(), flush=True)
                if uncached_open:
                    fresh = bodies[:uncached_open]
                    rate = args.uncached_rate
                    runs.append(asyncio.run(
                        _open_loop(f"uncached {rate:g}/s open", url, ca, pid, fresh, rate)
                    ))  # fmt: skip
                    print(runs[-1].report(), flush=True)
            finally:
                process.send_signal(signal.SIGINT if PROFILE else signal.SIGTERM)
                process.wait(timeout=20)
    closed = {r.name: r for r in runs}
    one, many = closed.get("uncached c=1"), closed.get(f"uncached c={max(levels, default=1)}")
    if one and many and one is not many:
        ratio = (len(many.latencies) / many.elapsed) / (len(one.latencies) / one.elapsed)
        print(f"uncached throughput c={max(levels)} / c=1: {ratio:.2f}x")
    print(f"{os.cpu_count()} CPUs; client, registry and server on one machine (loopback, TLS)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
