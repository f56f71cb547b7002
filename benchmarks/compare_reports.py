"""Two `gate dockerfile --format json` runs over the same files: do they judge alike?

A speed change must change no verdict. This compares, per file, the set of (line, severity,
verdict) of the findings, and then the whole reports byte for byte (a changed message or fact
shows there first).

    gate dockerfile --no-config --format json FILES... > before.json   # on the old commit
    gate dockerfile --no-config --format json FILES... > after.json    # on the new one
    python benchmarks/compare_reports.py before.json after.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

Key = tuple[Any, str, str]


def _by_file(path: str) -> dict[str, list[dict[str, Any]]]:
    reports = json.loads(Path(path).read_text(encoding="utf-8"))
    if isinstance(reports, dict):
        reports = [reports]
    return {r["target"]["path"]: r["findings"] for r in reports}


def _keys(findings: list[dict[str, Any]]) -> set[Key]:
    return {(f["location"]["line"], f["severity"], f["verdict"]) for f in findings}


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    before, after = _by_file(argv[0]), _by_file(argv[1])
    differ = 0
    if before.keys() != after.keys():
        print(f"different files: {sorted(before.keys() ^ after.keys())}")
        differ += 1
    for name in sorted(before.keys() & after.keys()):
        old, new = _keys(before[name]), _keys(after[name])
        if old != new:
            differ += 1
            print(f"{name}: only before {sorted(old - new, key=str)}, "
                  f"only after {sorted(new - old, key=str)}")
    same_bytes = Path(argv[0]).read_bytes() == Path(argv[1]).read_bytes()
    print(f"{len(before)} files, {differ} with different (line, severity, verdict) sets; "
          f"reports byte-identical: {same_bytes}")
    return 0 if differ == 0 and same_bytes else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
