#!/usr/bin/env python3
"""Fuzz gate for a while and print its figures: inputs/s, crashes, slowest input, peak RSS.

    .venv/bin/python scripts/fuzz.py --seconds 300            # random inputs, hostile ones too
    .venv/bin/python scripts/fuzz.py --seconds 60 --no-hostile

The fuzzer (tests/fuzz/) mutates the shared real Dockerfiles and image configs, generates shell,
configs and archives, and judges each input through gate's CLI in one child process whose memory
(its size after a warm-up + 256 MiB) and CPU time per input (10 s) are capped by resource limits.
Failing inputs and the slowest one are saved under --out with the command that reproduces them.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MiB = 1024 * 1024


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=300.0)
    parser.add_argument("--out", type=Path, default=Path("fuzz-findings"))
    parser.add_argument(
        "--no-hostile",
        action="store_true",
        help="leave out the inputs issue 10 found unbounded in the shell layer",
    )
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="gate-fuzz-"))
    command = [
        sys.executable,
        "-m",
        "tests.fuzz.run",
        "--seconds",
        str(args.seconds),
        "--out",
        str(args.out.resolve()),
        "--workdir",
        str(workdir),
    ]
    if not args.no_hostile:
        command.append("--hostile")
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    print(
        f"date: {started}; machine: {platform.machine()}, {_cores()} cores, Python "
        f"{platform.python_version()}"
    )
    if "SUMMARY " not in done.stdout:
        current = workdir / "current.txt"
        last = current.read_text().strip() if current.exists() else "unknown"
        print(
            f"the fuzz run ended abnormally (exit {done.returncode}); the input being judged: "
            f"{last} (its bytes: {workdir}/input.*)"
        )
        print(done.stdout[-2000:] + done.stderr[-2000:])
        return 1
    summary = json.loads(done.stdout.rsplit("SUMMARY ", 1)[1])
    slowest = summary["slowest"] or {}
    print(
        f"inputs: {summary['inputs']} in {summary['seconds']} s "
        f"({summary['inputs_per_second']} inputs/s)"
    )
    for kind, statuses in summary["statuses"].items():
        print(f"  {kind}: exit statuses {dict(sorted(statuses.items()))}")
    print(
        f"crashes (traceback, internal error, bad exit status, over a bound): "
        f"{len(summary['failures'])}"
    )
    for failure in summary["failures"][:20]:
        print(f"  {failure['failure']}: {failure['origin']} -> {failure['reproducer']}")
    print(
        f"slowest input: {slowest.get('seconds')} s wall, {slowest.get('cpu_seconds')} s CPU, "
        f"{slowest.get('kind')} {slowest.get('origin')!r} ({slowest.get('bytes')} bytes) -> "
        f"{slowest.get('reproducer')}"
    )
    print(
        f"peak RSS: {summary['peak_rss'] / MiB:.0f} MiB "
        f"(after warm-up {summary['baseline_rss'] / MiB:.0f} MiB; "
        f"cap +{summary['memory_margin'] // MiB} MiB)"
    )
    return 1 if summary["failures"] else 0


def _cores() -> int:
    import os

    return len(os.sched_getaffinity(0))


if __name__ == "__main__":
    sys.exit(main())
