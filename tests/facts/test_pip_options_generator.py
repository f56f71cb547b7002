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


def test_rendered_tables_read_back_as_the_same_options() -> None:
    gen = _generator()
    tables = {
        key: (set(values.split()), set(flags.split()))
        for key, (values, flags) in pip_options._TABLES.items()
    }
    namespace: dict[str, object] = {}
    exec(gen.render(tables), namespace)
    again = namespace["_TABLES"]
    assert isinstance(again, dict)
    assert {k: (set(v.split()), set(f.split())) for k, (v, f) in again.items()} == tables
