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

_BATCH = 50  # a time-bound run looks at the clock between batches
_WARM_UP = (
    FuzzInput(
        "dockerfile", "warm-up", b"FROM python:3.12\nRUN pip install x\n", ("--format", "json")
    ),
    FuzzInput("config", "warm-up", b'{"history": [{"created_by": "/bin/sh -c pip install x"}]}'),
)


@dataclass
class Stats:
    """What the run saw (mutable, private to the run); ``progress.json`` in `workdir` keeps the
    summary so far, for when the kernel ends the run before it can print one."""

    out: Path
    workdir: Path
    stop_on_failure: bool
    baseline: int
    started: float = field(default_factory=time.perf_counter)
    inputs: int = 0
    statuses: dict[str, collections.Counter[str]] = field(default_factory=dict)
    failures: list[dict[str, str]] = field(default_factory=list)
    slowest: dict[str, Any] | None = None
    max_wall: float = 0.0

    def add(self, item: FuzzInput, outcome: Outcome) -> None:
        self.inputs += 1
        counter = self.statuses.setdefault(item.kind, collections.Counter())
        counter[str(outcome.status)] += 1
        self.max_wall = max(self.max_wall, outcome.seconds)
        # By CPU time: on a shared machine the wall clock measures the neighbours as well.
        if self.slowest is None or outcome.cpu_seconds > self.slowest["cpu_seconds"]:
            why = f"slowest: {outcome.cpu_seconds:.3f} s CPU"
            path = save_reproducer(item, self.out / "slowest", why)
            self.slowest = {
                "seconds": round(outcome.seconds, 3),
                "cpu_seconds": round(outcome.cpu_seconds, 3),
                "kind": item.kind,
                "origin": item.origin,
                "bytes": len(item.data),
                "reproducer": str(path),
            }
        if outcome.failure is not None:
            path = save_reproducer(item, self.out, outcome.failure)
            self.failures.append(
                {"failure": outcome.failure, "origin": item.origin, "reproducer": str(path)}
            )
            if self.stop_on_failure:
                raise AssertionError(f"{outcome.failure} ({item.origin}), saved as {path}")
        if self.inputs % 10 == 0:
            (self.workdir / "progress.json").write_text(json.dumps(self.summary()))

    def summary(self) -> dict[str, Any]:
        elapsed = time.perf_counter() - self.started
        return {
            "inputs": self.inputs,
            "seconds": round(elapsed, 1),
            "inputs_per_second": round(self.inputs / elapsed, 1) if elapsed else None,
            "statuses": {kind: dict(counter) for kind, counter in sorted(self.statuses.items())},
            "failures": self.failures,
            "slowest": self.slowest,
            "max_wall_seconds": round(self.max_wall, 3),
            "baseline_rss": self.baseline,
            "peak_rss": peak_rss(),
            "memory_margin": MEMORY_MARGIN,
            "cpu_seconds_per_input": CPU_SECONDS,
        }


def _batch(stats: Stats, examples: int, derandomize: bool, number: int, hostile: bool) -> None:
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
        (stats.workdir / "current.txt").write_text(f"{item.kind}: {item.origin}\n")
        stats.add(item, judge(item, stats.workdir))

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
    first_seed: int = 0,
) -> dict[str, Any]:
    """Fuzz until `examples` inputs or `seconds` have gone by; the summary.

    Inputs are written into `workdir` (a new temporary directory by default); ``current.txt``
    there names the input being judged, for when the kernel ends the run. Without
    `derandomize`, batch n draws from hypothesis seed `first_seed` + n.
    """
    out = out.resolve()
    workdir = (workdir or Path(tempfile.mkdtemp(prefix="gate-fuzz-"))).resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    in_private_directory(workdir)
    for item in _WARM_UP:
        judge(item, workdir)
    stats = Stats(out, workdir, stop, peak_rss())
    set_limits(int(seconds or 0) * 4 + (examples or 0) * CPU_SECONDS + 60)
    number = first_seed
    while True:
        left = None if examples is None else examples - stats.inputs
        if left is not None and left <= 0:
            break
        if seconds is not None and time.perf_counter() - stats.started >= seconds:
            break
        _batch(stats, min(_BATCH, left or _BATCH), derandomize, number, hostile)
        number += 1
        if derandomize and examples is None:
            break  # the same inputs again would add nothing
    return stats.summary()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz.run", description=__doc__)
    parser.add_argument("--examples", type=int, help="stop after this many inputs")
    parser.add_argument("--seconds", type=float, help="stop after about this long")
    parser.add_argument("--derandomize", action="store_true", help="the same inputs every run")
    parser.add_argument("--stop-on-failure", action="store_true", help="shrink and stop at one")
    parser.add_argument("--out", type=Path, default=Path("fuzz-findings"))
    parser.add_argument("--workdir", type=Path, help="where inputs are written (a temp dir)")
    parser.add_argument("--first-seed", type=int, default=0, help="hypothesis seed of batch 0")
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
            first_seed=args.first_seed,
        )
    except AssertionError as failure:
        print(f"FAILED {failure}")
        return 1
    print("SUMMARY " + json.dumps(summary, sort_keys=True))
    return 1 if summary["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
