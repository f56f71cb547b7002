"""A module's package is read as regorus reads it, so an untrusted one cannot join gate's."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from gate.policy.bundle import PolicySource, builtin_dir, load_bundle
from gate.policy.errors import PolicyError
from gate.policy.metadata import package_of
from tests.policy.conftest import DATA

SPELLINGS = DATA / "package_spellings"
EXPECTED: dict[str, str] = yaml.safe_load((SPELLINGS / "packages.yaml").read_text())
MARKER = "marker_of_the_test"


def _paths_to(value: Any, key: str, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    if isinstance(value, dict):
        for name, child in value.items():
            if name == key:
                yield path
            yield from _paths_to(child, key, (*path, name))


def _where_regorus_puts(text: str) -> list[tuple[str, ...]]:
    """The packages holding the module's rules when loaded beside the built-in rule."""
    import regorus

    engine = regorus.Engine()
    for built_in in ("python/build_scripts/build_scripts.rego", "lib/exceptions/exceptions.rego"):
        engine.add_policy(built_in, (builtin_dir() / built_in).read_text())
    engine.add_policy("spelling.rego", f"{text}\n{MARKER} := true\n")
    engine.set_input_json(json.dumps({"installs": []}))
    result = json.loads(engine.eval_query_as_json("data"))
    return list(_paths_to(result["result"][0]["expressions"][0]["value"], MARKER))


@pytest.mark.parametrize("name", sorted(k for k, v in EXPECTED.items() if v != "refused"))
def test_package_is_the_one_regorus_puts_the_rules_in(name: str) -> None:
    text = (SPELLINGS / f"{name}.rego").read_text()
    declared = package_of(text, f"{name}.rego")
    assert declared is not None and declared[0] == EXPECTED[name]
    assert _where_regorus_puts(text) == [tuple(EXPECTED[name].split("."))]


@pytest.mark.parametrize("name", sorted(k for k, v in EXPECTED.items() if v == "refused"))
def test_package_segment_holding_a_dot_is_refused(name: str) -> None:
    with pytest.raises(PolicyError, match="holds a dot") as caught:
        package_of((SPELLINGS / f"{name}.rego").read_text(), f"{name}.rego")
    assert (caught.value.path, caught.value.line) == (f"{name}.rego", 1)


@pytest.mark.parametrize(
    "name", sorted(k for k, v in EXPECTED.items() if v == "gate.rules.python_build_scripts")
)
def test_untrusted_module_joining_a_builtin_package_in_any_spelling_is_refused(
    name: str, tmp_path: Path
) -> None:
    shutil.copy(SPELLINGS / f"{name}.rego", tmp_path / "team.rego")
    source = PolicySource(str(tmp_path), "config .gate.yaml", trusted=False)
    with pytest.raises(PolicyError, match="would replace the built-in rules") as caught:
        load_bundle((source,), ())
    assert caught.value.path is not None and caught.value.path.endswith("team.rego")


def test_module_regorus_reads_in_another_package_is_refused_at_compile(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from gate.policy import engine
    from gate.policy.bundle import PolicyModule
    from gate.policy.package import Declaration

    def elsewhere(text: str, where: str) -> Declaration:
        return Declaration(("team", "other"), 1, "data.team.other")

    monkeypatch.setattr(engine, "declaration", elsewhere)
    module = PolicyModule("team.rego", "team.other", "package team.plain\n\nx := 1\n")
    with pytest.raises(PolicyError, match=r"regorus reads the package as data\.team\.plain"):
        engine.compile_modules((module,))
