#!/usr/bin/env python3
"""Regenerate gate/facts/pip_options.json, pip's option tables, from pip's own parsers.

Each argument is a directory that holds an importable `pip` package: a site-packages directory, or
a pypa/pip checkout's `src/` (e.g. `git worktree add /tmp/pip-26.0 26.0`). For each one a fresh
interpreter imports that pip and dumps every option string of the main parser
(`create_main_parser`), of the commands that can build (`create_command(name).parser`: install,
download, wheel, lock) and of requirements-file lines (`req_file.build_parser`), split into the
options that take a value and flags. Releases are grouped into eras (the union of their tables):
26 for pip >= 26, 25 for pip 25.x, 23 for older pips.

    python scripts/gen_pip_options.py SRC... > /tmp/tables.json  # print the tables
    python scripts/gen_pip_options.py --write SRC...             # replace pip_options.json
    python scripts/gen_pip_options.py --json SRC                 # one release's raw dump
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

TABLES = Path(__file__).resolve().parent.parent / "gate" / "facts" / "pip_options.json"
KINDS = ("general", "install", "download", "wheel", "lock", "requirements")

# Runs inside the interpreter that imports the pip being dumped.
_DUMPER = """
import json, sys
sys.path.insert(0, sys.argv[1])
import pip
from pip._internal.cli.main_parser import create_main_parser
from pip._internal.commands import commands_dict, create_command
from pip._internal.req import req_file

def dump(parser):
    values, flags = set(), set()
    for option in parser._get_all_options():
        strings = option._short_opts + option._long_opts
        (values if option.takes_value() else flags).update(strings)
    return [sorted(values), sorted(flags)]

out = {"version": pip.__version__, "general": dump(create_main_parser())}
for name in ("install", "download", "wheel", "lock"):
    if name in commands_dict:
        out[name] = dump(create_command(name).parser)
out["requirements"] = dump(req_file.build_parser())
print(json.dumps(out))
"""


def dump(source: str) -> dict[str, object]:
    """The option tables of the pip importable from `source`."""
    done = subprocess.run(
        [sys.executable, "-I", "-c", _DUMPER, source],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    if done.returncode != 0:
        raise SystemExit(f"{source}: could not read pip's parsers: {done.stderr.strip()[-300:]}")
    result: dict[str, object] = json.loads(done.stdout)
    return result


def era(version: str) -> str:
    found = re.match(r"\d+", version)
    major = int(found.group(0)) if found else 0
    return "26" if major >= 26 else "25" if major == 25 else "23"


def merge(dumps: list[dict[str, object]]) -> dict[tuple[str, str], tuple[set[str], set[str]]]:
    """Era tables: per (era, kind), the union of its releases' values and flags."""
    tables: dict[tuple[str, str], tuple[set[str], set[str]]] = {}
    for item in dumps:
        key_era = era(str(item["version"]))
        for kind in KINDS:
            if kind not in item:
                continue
            pair = item[kind]
            assert isinstance(pair, list) and len(pair) == 2
            got = tables.setdefault((key_era, kind), (set(), set()))
            got[0].update(str(name) for name in pair[0])
            got[1].update(str(name) for name in pair[1])
    return tables


def render(tables: dict[tuple[str, str], tuple[set[str], set[str]]]) -> str:
    """pip_options.json's text: {era: {kind: {"values": [...], "flags": [...]}}}, sorted."""
    out: dict[str, dict[str, dict[str, list[str]]]] = {}
    for (key_era, kind), (values, flags) in tables.items():
        out.setdefault(key_era, {})[kind] = {"values": sorted(values), "flags": sorted(flags)}
    return json.dumps(out, indent=1, sort_keys=True) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sources", nargs="+", help="directories holding an importable pip")
    parser.add_argument("--write", action="store_true", help="replace gate/facts/pip_options.json")
    parser.add_argument("--json", action="store_true", help="print the raw dump of each source")
    args = parser.parse_args(argv)
    dumps = [dump(s) for s in args.sources]
    if args.json:
        for item in dumps:
            print(json.dumps(item, sort_keys=True))
        return 0
    text = render(merge(dumps))
    if args.write:
        TABLES.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
