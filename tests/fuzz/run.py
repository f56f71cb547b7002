"""A fuzz run in this process: hypothesis draws inputs, gate judges each one within its bounds.

    python -m tests.fuzz.run --examples 60 --derandomize --stop-on-failure   # the suite's run
    python -m tests.fuzz.run --seconds 300 --out fuzz-findings                 # scripts/fuzz.py

Run it in a process of its own: it lowers the process's memory and CPU limits for good. The
last line printed is ``SUMMARY <json>``: inputs, inputs per second, exit statuses per family,
failures (each saved as a reproducer in --out), the slowest input and the peak RSS.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, seed, settings

from tests.fuzz.harness import (
    CPU_SECONDS,
    MEMORY_MARGIN,
    Outcome,
    in_private_directory,
    judge,
    peak_rss,
    save_reproducer,
    set_limits,
)
from tests.fuzz.strategies import FuzzInput, fuzz_inputs

_BATCH = 200
_WARM_UP = (
    FuzzInput(
        "dockerfile", "warm-up", b"FROM python:3.12\nRUN pip install x\n", ("--format", "json")
    ),
    FuzzInput("config", "warm-up", b'{"history": [{"created_by": "/bin/sh -c pip install x"}]}'),
)


@dataclass
class Stats:
    """What the run saw (mutable, private to the run)."""

    out: Path
    stop_on_failure: bool
    inputs: int = 0
    statuses: dict[str, collections.Counter[str]] = field(default_factory=dict)
    failures: list[dict[str, str]] = field(default_factory=list)
    slowest: tuple[float, float, FuzzInput] | None = None

    def add(self, item: FuzzInput, outcome: Outcome) -> None:
        self.inputs += 1
        counter = self.statuses.setdefault(item.kind, collections.Counter())
        counter[str(outcome.status)] += 1
        if self.slowest is None or outcome.seconds > self.slowest[0]:
            self.slowest = (outcome.seconds, outcome.cpu_seconds, item)
        if outcome.failure is not None:
            path = save_reproducer(item, self.out, outcome.failure)
            self.failures.append(
                {"failure": outcome.failure, "origin": item.origin, "reproducer": str(path)}
            )
            if self.stop_on_failure:
                raise AssertionError(f"{outcome.failure} ({item.origin}), saved as {path}")


def _batch(
    stats: Stats, workdir: Path, examples: int, derandomize: bool, number: int, hostile: bool
) -> None:
    phases = [Phase.generate, Phase.shrink] if stats.stop_on_failure else [Phase.generate]

    @settings(
        max_examples=examples,
        derandomize=derandomize,
        database=None,
        deadline=None,
        phases=phases,
        suppress_health_check=list(HealthCheck),
    )
    @given(fuzz_inputs(hostile))
    def one(item: FuzzInput) -> None:
        (workdir / "current.txt").write_text(f"{item.kind}: {item.origin}\n")
        stats.add(item, judge(item, workdir))

    if not derandomize:
        one = seed(number)(one)
    one()


def run(
    *,
    examples: int | None,
    seconds: float | None,
    derandomize: bool,
    stop: bool,
    out: Path,
    hostile: bool = False,
    workdir: Path | None = None,
) -> dict[str, Any]:
    """Fuzz until `examples` inputs or `seconds` have gone by; the summary.

    Inputs are written into `workdir` (a new temporary directory by default); ``current.txt``
    there names the input being judged, for when the kernel ends the run.
    """
    out = out.resolve()
    workdir = (workdir or Path(tempfile.mkdtemp(prefix="gate-fuzz-"))).resolve()
    in_private_directory(workdir)
    for item in _WARM_UP:
        judge(item, workdir)
    baseline = peak_rss()
    budget = int(seconds or 0) * 4 + (examples or 0) * CPU_SECONDS + 60
    set_limits(budget)
    stats = Stats(out, stop)
    started = time.perf_counter()
    number = 0
    while True:
        left = None if examples is None else examples - stats.inputs
        if left is not None and left <= 0:
            break
        if seconds is not None and time.perf_counter() - started >= seconds:
            break
        _batch(stats, workdir, min(_BATCH, left or _BATCH), derandomize, number, hostile)
        number += 1
        if derandomize and examples is None:
            break  # the same inputs again would add nothing
    elapsed = time.perf_counter() - started
    slowest: dict[str, Any] | None = None
    if stats.slowest is not None:
        wall, cpu, item = stats.slowest
        path = save_reproducer(item, out / "slowest", f"slowest: {wall:.3f} s")
        slowest = {
            "seconds": round(wall, 3),
            "cpu_seconds": round(cpu, 3),
            "kind": item.kind,
            "origin": item.origin,
            "bytes": len(item.data),
            "reproducer": str(path),
        }
    return {
        "inputs": stats.inputs,
        "seconds": round(elapsed, 1),
        "inputs_per_second": round(stats.inputs / elapsed, 1) if elapsed else None,
        "statuses": {kind: dict(counter) for kind, counter in sorted(stats.statuses.items())},
        "failures": stats.failures,
        "slowest": slowest,
        "baseline_rss": baseline,
        "peak_rss": peak_rss(),
        "memory_margin": MEMORY_MARGIN,
        "cpu_seconds_per_input": CPU_SECONDS,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz.run", description=__doc__)
    parser.add_argument("--examples", type=int, help="stop after this many inputs")
    parser.add_argument("--seconds", type=float, help="stop after about this long")
    parser.add_argument("--derandomize", action="store_true", help="the same inputs every run")
    parser.add_argument("--stop-on-failure", action="store_true", help="shrink and stop at one")
    parser.add_argument("--out", type=Path, default=Path("fuzz-findings"))
    parser.add_argument("--workdir", type=Path, help="where inputs are written (a temp dir)")
    parser.add_argument(
        "--hostile",
        action="store_true",
        help="also draw the inputs issue 10 found unbounded in the shell layer",
    )
    args = parser.parse_args(argv)
    if args.examples is None and args.seconds is None:
        parser.error("give --examples or --seconds")
    try:
        summary = run(
            examples=args.examples,
            seconds=args.seconds,
            derandomize=args.derandomize,
            stop=args.stop_on_failure,
            out=args.out,
            hostile=args.hostile,
            workdir=args.workdir,
        )
    except AssertionError as failure:
        print(f"FAILED {failure}")
        return 1
    print("SUMMARY " + json.dumps(summary, sort_keys=True))
    return 1 if summary["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
