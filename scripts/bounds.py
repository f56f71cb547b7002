#!/usr/bin/env python3
"""Time and memory gate needs per input, over the shared real files: the worst of each is printed.

    .venv/bin/python scripts/bounds.py                      # 261 Dockerfiles + 30 image dumps
    .venv/bin/python scripts/bounds.py --extra fuzz-findings/slowest --json bounds.json

Every input is judged through gate's CLI in a child forked from a warmed-up process (imports
done, policy compiled once), so a figure is what one more input costs a running gate: the wall
and CPU time of the child, and its peak RSS (which includes the ~60 MiB the process starts with).
The targets (issue 10): under 2 s and 256 MiB each on the reference machine (2 cores). A child
that runs past --kill-after seconds is killed and reported.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import platform
import resource
import select
import signal
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

MiB = 1024 * 1024
TARGET_SECONDS = 2.0
TARGET_BYTES = 256 * MiB


@dataclass(frozen=True)
class Measure:
    path: str
    status: int | None
    seconds: float
    cpu_seconds: float
    peak_rss: int


def _shared_dirs() -> tuple[Path, Path]:
    from tests.support.paths import SHARED

    for root in (REPO / "tests" / "data" / "shared", SHARED):
        if (root / "realworld" / "files").is_dir() and (root / "realworld-images").is_dir():
            return root / "realworld" / "files", root / "realworld-images"
    raise SystemExit("no shared corpus: tests/data/shared/ or ../shared (GATE_SHARED)")


def _argv(path: Path) -> list[str]:
    if path.suffix in (".json", ".txt"):
        return ["image", "--config-file", str(path), "--format", "json"]
    if path.suffix in (".tar", ".gz", ".bz2", ".xz"):
        return ["image", "--archive", str(path), "--format", "json"]
    return ["dockerfile", str(path), "--base-env", "none", "--format", "json"]


def _child(path: Path, write: int) -> None:
    from gate.cli import main

    started = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        try:
            status: int | None = main(_argv(path))
        except BaseException:  # what escapes is reported as no status
            status = None
    usage = resource.getrusage(resource.RUSAGE_SELF)
    measure = Measure(
        str(path),
        status,
        time.perf_counter() - started,
        usage.ru_utime + usage.ru_stime,
        usage.ru_maxrss * 1024,
    )
    os.write(write, json.dumps(asdict(measure)).encode())
    os._exit(0)


def measure(path: Path, kill_after: float) -> Measure:
    """Judge `path` in a forked child; its figures."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        _child(path, write)
    os.close(write)
    ready, _, _ = select.select([read], [], [], kill_after)
    if not ready:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(read)
        return Measure(str(path), None, kill_after, kill_after, 0)
    data = b""
    while chunk := os.read(read, 65536):
        data += chunk
    os.close(read)
    os.waitpid(pid, 0)
    if not data:
        return Measure(str(path), None, 0.0, 0.0, 0)
    return Measure(**json.loads(data))  # a forked child's CPU clock starts at zero


def _warm_up() -> None:
    from gate.cli import main

    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        main(["policy", "test"])


def _report(name: str, results: list[Measure]) -> None:
    if not results:
        return
    slowest = max(results, key=lambda m: m.seconds)
    busiest = max(results, key=lambda m: m.cpu_seconds)
    biggest = max(results, key=lambda m: m.peak_rss)
    over = [m for m in results if m.seconds >= TARGET_SECONDS or m.peak_rss >= TARGET_BYTES]
    statuses: dict[str, int] = {}
    for m in results:
        statuses[str(m.status)] = statuses.get(str(m.status), 0) + 1
    print(f"{name}: {len(results)} inputs, exit statuses {dict(sorted(statuses.items()))}")
    print(
        f"  max time: {slowest.seconds:.3f} s wall ({slowest.cpu_seconds:.3f} s CPU) "
        f"{Path(slowest.path).name}"
    )
    print(f"  max CPU time: {busiest.cpu_seconds:.3f} s {Path(busiest.path).name}")
    print(f"  max peak RSS: {biggest.peak_rss / MiB:.0f} MiB {Path(biggest.path).name}")
    print(
        f"  over {TARGET_SECONDS:.0f} s or {TARGET_BYTES // MiB} MiB: {len(over)}"
        + "".join(
            f"\n    {Path(m.path).name}: {m.seconds:.2f} s, {m.peak_rss / MiB:.0f} MiB"
            for m in over[:20]
        )
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument(
        "--extra",
        type=Path,
        action="append",
        default=[],
        help="also measure every file in this directory",
    )
    parser.add_argument("--kill-after", type=float, default=60.0, metavar="SECONDS")
    parser.add_argument("--json", type=Path, help="write every measure here")
    args = parser.parse_args()
    dockerfiles, images = _shared_dirs()
    groups = {
        "real Dockerfiles": sorted(dockerfiles.glob("*.Dockerfile")),
        "real image dumps": sorted(p for p in images.iterdir() if p.suffix in (".json", ".txt")),
    }
    for extra in args.extra:
        # Fuzz reproducers sit beside a .txt note of how they were made: skip the notes.
        groups[str(extra)] = sorted(p for p in extra.iterdir() if p.suffix != ".txt")
    os.chdir(REPO / "tests" / "data")  # no project .gate.yaml of the caller's cwd applies
    _warm_up()
    print(
        f"date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; machine: "
        f"{platform.machine()}, {len(os.sched_getaffinity(0))} cores, load "
        f"{os.getloadavg()[0]:.1f}; Python {platform.python_version()}"
    )
    everything: list[Measure] = []
    failed = False
    for name, paths in groups.items():
        results = [measure(p.resolve(), args.kill_after) for p in paths]
        everything += results
        _report(name, results)
        failed |= any(m.status not in (0, 1, 2) for m in results)
        failed |= any(m.seconds >= TARGET_SECONDS or m.peak_rss >= TARGET_BYTES for m in results)
    if args.json:
        args.json.write_text(json.dumps([asdict(m) for m in everything], indent=1))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
