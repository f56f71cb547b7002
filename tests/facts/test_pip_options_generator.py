"""scripts/gen_pip_options.py regenerates pip_options' tables from pip's own parsers."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pip

from gate.facts import pip_options
from tests.support.paths import REPO


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen", REPO / "scripts" / "gen_pip_options.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_installed_pips_parsers_are_within_its_eras_tables() -> None:
    gen = _generator()
    dumped = gen.dump(str(Path(pip.__file__).resolve().parent.parent))
    era = gen.era(dumped["version"])
    for kind in gen.KINDS:
        if kind not in dumped:
            continue
        values, flags = dumped[kind]
        table = pip_options._BUILT[(era, kind)]
        assert set(values) <= table.values, (kind, set(values) - table.values)
        assert set(flags) <= table.flags, (kind, set(flags) - table.flags)


def test_rendering_the_loaded_tables_gives_the_committed_file_back() -> None:
    gen = _generator()
    tables = {
        key: (set(table.values), set(table.flags))
        for key, table in pip_options._BUILT.items()
        if key[1] != "config"  # derived from "general" at load, not dumped
    }
    assert gen.render(tables) == pip_options.TABLES_FILE.read_text(encoding="utf-8")
