"""The start-up cache (gate/startup_cache.py) gives a process the same dataclass methods and the
same compiled patterns as compiling them, keeps only what modules compile at import, ignores a
file it cannot trust the shape of, and is off with GATE_NO_CACHE."""

from __future__ import annotations

import json
import marshal
import os
import subprocess
import sys
from pathlib import Path

from tests.support.paths import REPO

DATA = REPO / "tests" / "data" / "startup_cache"

# Prints, for the sample module's classes and patterns, what a compile decides: each generated
# method's code and annotations, and whether each pattern equals the one re's own compiler
# gives; then what the cache held and added.
PROBE = """
import json, re, sys
from re import _compiler
real = _compiler.compile
from gate import startup_cache
cache = startup_cache.install(sys.argv[1]) if sys.argv[1] else None
sys.path.insert(0, sys.argv[2])
import sample
methods = {}
for cls in sample.CLASSES:
    for name, value in sorted(vars(cls).items()):
        code = getattr(value, "__code__", None)
        if code is not None:
            methods[f"{cls.__name__}.{name}"] = [
                code.co_code.hex(), repr(code.co_consts), code.co_names, code.co_varnames,
                code.co_flags, code.co_filename, code.co_qualname, code.co_linetable.hex(),
                repr(value.__annotations__), repr(value.__defaults__), repr(value.__kwdefaults__),
            ]
def alike(fresh, kept):
    return fresh == kept and (fresh.groups, fresh.groupindex) == (kept.groups, kept.groupindex)
same = [alike(real(text, flags), compiled) for (text, flags), compiled in
        zip(sample.PATTERNS, sample.COMPILED)]
held = None if cache is None else [len(cache.codes), len(cache.patterns)]
new = None if cache is None else [len(cache.new_codes), len(cache.new_patterns)]
print(json.dumps({"methods": methods, "same": same, "held": held, "new": new}))
"""


def _probe(cache: Path | None, *extra: str, **env: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE + "".join(extra), str(cache or ""), str(DATA)],
        capture_output=True, text=True, cwd=REPO, timeout=60, check=False,
        env={**os.environ, "PYTHONPATH": str(REPO), **env},
    )  # fmt: skip
    assert done.returncode == 0 and done.stderr == "", done.stderr
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_cached_dataclass_methods_and_patterns_are_the_ones_compiling_gives(
    tmp_path: Path,
) -> None:
    cache = tmp_path / "startup.bin"
    plain = _probe(None)
    first = _probe(cache)  # compiles, and keeps what it compiled at import
    second = _probe(cache)  # takes it all from the file
    assert plain["same"] == first["same"] == second["same"] == [True] * 5
    assert plain["methods"] == first["methods"] == second["methods"]
    assert first["held"] == [0, 0] and first["new"] != [0, 0]
    assert second["new"] == [0, 0] and second["held"] == first["new"]


def test_only_what_modules_compile_at_import_is_kept(tmp_path: Path) -> None:
    cache = tmp_path / "startup.bin"
    # The script's own body is not an import: what it compiles may come from its input.
    at_run_time = (
        "\nimport dataclasses\nre.compile(r'read (from)? input')\n"
        "dataclasses.make_dataclass('Made', [('field_made_at_run_time', int)])\n"
    )
    _probe(cache, at_run_time)
    _, codes, patterns = marshal.loads(cache.read_bytes())
    assert not any("field_made_at_run_time" in text for text in codes)
    assert ("read (from)? input", 0) not in patterns
    assert (r"^\s*#\s*syntax\s*=", 10) in patterns


def test_a_malformed_or_foreign_cache_file_is_ignored_and_replaced(tmp_path: Path) -> None:
    cache = tmp_path / "startup.bin"
    plain = _probe(None)
    for content in (
        b"\x00garbage",
        marshal.dumps(("gate-startup 1\0another interpreter", {}, {})),
        marshal.dumps(("gate-startup 1", [], None, 3)),
    ):
        cache.write_bytes(content)
        assert _probe(cache)["methods"] == plain["methods"]
        assert _probe(cache)["new"] == [0, 0]  # rewritten by the first run with what it found


def test_no_cache_is_read_or_written_with_gate_no_cache(tmp_path: Path) -> None:
    cache = tmp_path / "startup.bin"
    assert _probe(cache, GATE_NO_CACHE="1")["held"] is None
    assert not cache.exists()
