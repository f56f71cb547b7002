"""A bounded, derandomized fuzz run over the whole pipeline: no crash, every input bounded.

The run happens in a subprocess (tests/fuzz/run.py) whose memory and per-input CPU time are capped
by resource limits, so an input that escapes its bounds fails the run instead of stalling the
suite. scripts/fuzz.py runs the same fuzzer for longer and prints its figures.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.fuzz.harness import MEMORY_MARGIN
from tests.support.paths import REPO

EXAMPLES = 60


def test_a_derandomized_fuzz_run_has_no_crash_and_stays_in_bounds(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.fuzz.run",
            "--examples",
            str(EXAMPLES),
            "--derandomize",
            "--hostile",
            "--stop-on-failure",
            "--out",
            str(tmp_path / "findings"),
            "--workdir",
            str(tmp_path / "work"),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=900,  # a backstop for a wedged child; the run's own bounds are rlimits
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    summary = json.loads(done.stdout.rsplit("SUMMARY ", 1)[1])
    assert summary["inputs"] == EXAMPLES
    assert summary["failures"] == []
    # Every family was judged, and every input ended in a verdict or a one-line refusal.
    assert sorted(summary["statuses"]) == ["archive", "config", "dockerfile"]
    for statuses in summary["statuses"].values():
        assert set(statuses) <= {"0", "1", "2"}
    assert summary["peak_rss"] - summary["baseline_rss"] <= MEMORY_MARGIN
