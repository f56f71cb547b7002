"""Judge one fuzz input through the whole pipeline (gate's CLI entry point, in-process), bounded.

The bounds are resource limits on the process, not timers: ``limit_memory`` caps the address
space at what the process uses after a warm-up plus ``MEMORY_MARGIN``, and each input gets
``CPU_SECONDS`` of CPU time through the soft ``RLIMIT_CPU`` (SIGXCPU, turned into an exception).
The hard limit, set once for the whole run (a process may lower it, never raise it again), is the
kernel's kill for a run stuck in native code. A breach is a failure of that input: gate must
refuse or judge within its bounds.
"""

from __future__ import annotations

import contextlib
import io
import os
import resource
import signal
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from tests.fuzz.strategies import FuzzInput

MiB = 1024 * 1024
MEMORY_MARGIN = 256 * MiB
CPU_SECONDS = 10
_EXIT_CODES = frozenset({0, 1, 2})


class CpuExceeded(Exception):
    """An input used more than its CPU seconds (raised from the SIGXCPU handler)."""


@dataclass(frozen=True)
class Outcome:
    """What judging one input did: its exit status, stderr, the failure if any, the cost."""

    status: int | None
    stderr: str
    failure: str | None
    seconds: float
    cpu_seconds: float


def _on_xcpu(signum: int, frame: FrameType | None) -> None:
    raise CpuExceeded


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _virtual_size() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError("no VmSize in /proc/self/status")


def peak_rss() -> int:
    """The process's peak resident set size in bytes (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def set_limits(total_cpu_seconds: int) -> int:
    """Cap the address space at the current size plus MEMORY_MARGIN (returned) and the CPU
    time of the whole run; from here on a breach of an input's share raises CpuExceeded."""
    cap = _virtual_size() + MEMORY_MARGIN
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    hard = int(_cpu()) + total_cpu_seconds
    resource.setrlimit(resource.RLIMIT_CPU, (hard, hard))
    signal.signal(signal.SIGXCPU, _on_xcpu)
    return cap


def _failure(
    status: int | None, stderr: str, error: BaseException | None, cpu: float
) -> str | None:
    # Past its CPU share, whatever surfaced (CpuExceeded raised inside native code may come
    # out as a SystemError) is the CPU bound's breach.
    if isinstance(error, CpuExceeded) or "CpuExceeded" in stderr or cpu > CPU_SECONDS:
        return f"more than {CPU_SECONDS} s of CPU ({cpu:.0f} s)"
    if isinstance(error, MemoryError) or "MemoryError" in stderr:
        return f"more than {MEMORY_MARGIN // MiB} MiB of memory"
    if error is not None:
        return f"{type(error).__name__} escaped: {error}"
    if status not in _EXIT_CODES:
        return f"exit status {status}"
    if "Traceback" in stderr or "internal error" in stderr:
        return "internal error: " + stderr.strip().splitlines()[-1][:300]
    if status == 2 and len(stderr.strip().splitlines()) != 1:
        return "an input error that is not one line: " + stderr.strip()[:300]
    return None


def judge(item: FuzzInput, workdir: Path) -> Outcome:
    """Write `item` into `workdir` and run gate on it in this process, within the bounds."""
    from gate.cli import main

    path = workdir / f"input{item.suffix}"
    path.write_bytes(item.data)
    out, err = io.StringIO(), io.StringIO()
    status: int | None = None
    error: BaseException | None = None
    started, cpu_before = time.perf_counter(), _cpu()
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    soft = int(cpu_before) + CPU_SECONDS + 1
    resource.setrlimit(resource.RLIMIT_CPU, (soft if hard < 0 else min(soft, hard), hard))
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = main(item.argv(str(path)))
    except SystemExit as exit_:  # argparse refusing the command line
        status = exit_.code if isinstance(exit_.code, int) else 2
    except BaseException as caught:  # every escape is the finding
        error = caught
    finally:
        resource.setrlimit(resource.RLIMIT_CPU, (hard, hard))
    seconds, cpu = time.perf_counter() - started, _cpu() - cpu_before
    stderr = err.getvalue()
    return Outcome(status, stderr, _failure(status, stderr, error, cpu), seconds, cpu)


def save_reproducer(item: FuzzInput, directory: Path, why: str) -> Path:
    """Keep a failing or slow input as a file, with its command line and origin beside it."""
    directory.mkdir(parents=True, exist_ok=True)
    stem = f"{item.kind}-{abs(hash(item.data)) % 10**8:08d}"
    path = directory / f"{stem}{item.suffix}"
    path.write_bytes(item.data)
    note = f"origin: {item.origin}\nwhy: {why}\nrun: gate {' '.join(item.argv(path.name))}\n"
    (directory / f"{stem}.txt").write_text(note)
    return path


def in_private_directory(workdir: Path) -> None:
    """Run from `workdir`, so no project config (.gate.yaml) of the caller's cwd applies."""
    os.chdir(workdir)
    sys.dont_write_bytecode = True
