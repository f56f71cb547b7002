#!/usr/bin/env python3
"""Fuzz gate for a while and print its figures: inputs/s, crashes, slowest input, peak RSS.

    .venv/bin/python scripts/fuzz.py --seconds 300            # random inputs, hostile ones too
    .venv/bin/python scripts/fuzz.py --seconds 60 --no-hostile

The fuzzer (tests/fuzz/) mutates the shared real Dockerfiles and image configs, generates shell,
configs and archives, and judges each input through gate's CLI in a child process whose memory
(its size after a warm-up + 256 MiB) and CPU time per input (10 s) are capped by resource limits.
A child the kernel ends (an allocation past the cap aborts native code), or that this script kills
because one input ran past its CPU share inside native code (where the child's own SIGXCPU
handler cannot run), counts as one crash; the input it was judging is kept and a new child goes
on until the time is up. Failing inputs and the
slowest one are saved under --out with the command that reproduces them.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.fuzz.harness import CPU_SECONDS, MEMORY_MARGIN  # noqa: E402 - after the path

MiB = 1024 * 1024
_GRACE = 5  # CPU seconds past an input's share before the child is killed


def _child(
    seconds: float, out: Path, hostile: bool, first_seed: int
) -> tuple[dict[str, Any] | None, str]:
    """One fuzz child: its summary (what it got through when the kernel ended it), and how it
    ended when it did not end by itself."""
    workdir = Path(tempfile.mkdtemp(prefix="gate-fuzz-"))
    command = [
        sys.executable,
        "-m",
        "tests.fuzz.run",
        "--seconds",
        f"{seconds:.0f}",
        "--out",
        str(out),
        "--workdir",
        str(workdir),
        "--first-seed",
        str(first_seed),
    ]
    if hostile:
        command.append("--hostile")
    with (workdir / "stdout").open("w+") as out_file, (workdir / "stderr").open("w+") as err_file:
        child = subprocess.Popen(command, cwd=REPO, stdout=out_file, stderr=err_file)
        overran = _watch(child, workdir / "current.txt")
        out_file.seek(0)
        err_file.seek(0)
        stdout, stderr = out_file.read(), err_file.read()
    if "SUMMARY " in stdout:
        shutil.rmtree(workdir, ignore_errors=True)
        return json.loads(stdout.rsplit("SUMMARY ", 1)[1]), ""
    current, progress = workdir / "current.txt", workdir / "progress.json"
    origin = current.read_text().strip() if current.exists() else "unknown input"
    partial = json.loads(progress.read_text()) if progress.exists() else None
    kept = out / "killed" / workdir.name
    kept.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(workdir), kept)
    tail = (stderr.strip().splitlines() or ["no output"])[0][:200]
    if overran:
        tail = f"killed: one input used more than {CPU_SECONDS + _GRACE} s of CPU"
    return partial, f"child ended (exit {child.returncode}: {tail}) judging {origin} -> {kept}"


def _cpu_of(pid: int) -> float:
    """CPU seconds (user + system) process `pid` has used, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _watch(child: subprocess.Popen[bytes], current: Path) -> bool:
    """Wait for `child`; kill it when one input (one write of `current`) takes more than its
    CPU share. True when it was killed."""
    mark, since = 0, 0.0
    while child.poll() is None:
        time.sleep(0.5)
        try:
            stamp, used = current.stat().st_mtime_ns if current.exists() else 0, _cpu_of(child.pid)
        except (OSError, IndexError, ValueError):
            continue  # the child is just ending
        if stamp != mark:
            mark, since = stamp, used
        elif used - since > CPU_SECONDS + _GRACE:
            child.kill()
            child.wait()
            return True
    return False


def _merge(total: dict[str, Any], part: dict[str, Any]) -> None:
    total["inputs"] += part["inputs"]
    total["failures"] += part["failures"]
    for kind, statuses in part["statuses"].items():
        mine = total["statuses"].setdefault(kind, {})
        for status, count in statuses.items():
            mine[status] = mine.get(status, 0) + count
    slowest = part.get("slowest")
    if slowest and (
        total["slowest"] is None or slowest["cpu_seconds"] > total["slowest"]["cpu_seconds"]
    ):
        total["slowest"] = slowest
    total["max_wall_seconds"] = max(total["max_wall_seconds"], part.get("max_wall_seconds", 0.0))
    total["peak_rss"] = max(total["peak_rss"], part["peak_rss"])
    total["baseline_rss"] = max(total["baseline_rss"], part["baseline_rss"])


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
    out = args.out.resolve()
    total: dict[str, Any] = {
        "inputs": 0,
        "failures": [],
        "statuses": {},
        "slowest": None,
        "max_wall_seconds": 0.0,
        "peak_rss": 0,
        "baseline_rss": 0,
    }
    killed: list[str] = []
    date = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    started = time.perf_counter()
    # Each child starts its hypothesis seeds far from the last one's, so a restart after a
    # crash goes on with new inputs instead of replaying the same ones.
    first_seed = random.randrange(1 << 30)
    while (left := args.seconds - (time.perf_counter() - started)) > 5:
        summary, ended = _child(left, out, not args.no_hostile, first_seed)
        first_seed += 10_000
        if ended:
            killed.append(ended)
        if summary is not None:
            _merge(total, summary)
    elapsed = time.perf_counter() - started
    print(
        f"date: {date}; machine: {platform.machine()}, {len(os.sched_getaffinity(0))} cores, "
        f"Python {platform.python_version()}; hostile inputs: {not args.no_hostile}"
    )
    rate = total["inputs"] / elapsed if elapsed else 0.0
    print(f"inputs: {total['inputs']} in {elapsed:.0f} s ({rate:.1f} inputs/s)")
    for kind, statuses in sorted(total["statuses"].items()):
        print(f"  {kind}: exit statuses {dict(sorted(statuses.items()))}")
    crashes = len(total["failures"]) + len(killed)
    print(f"crashes (traceback, internal error, bad exit status, over a bound): {crashes}")
    for failure in total["failures"][:20]:
        print(f"  {failure['failure']}: {failure['origin']} -> {failure['reproducer']}")
    for ended in killed[:20]:
        print(f"  {ended}")
    slowest = total["slowest"] or {}
    print(
        f"slowest input (CPU): {slowest.get('cpu_seconds')} s CPU, {slowest.get('seconds')} s "
        f"wall, {slowest.get('kind')} {slowest.get('origin')!r} ({slowest.get('bytes')} bytes) "
        f"-> {slowest.get('reproducer')}"
    )
    print(f"longest wall time of an input: {total['max_wall_seconds']} s (load included)")
    print(
        f"peak RSS: {total['peak_rss'] / MiB:.0f} MiB (after warm-up "
        f"{total['baseline_rss'] / MiB:.0f} MiB; the cap is that + {MEMORY_MARGIN // MiB} MiB)"
    )
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
