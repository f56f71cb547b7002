"""uv's build options as values: which packages may be built from source after every setting.

A line-by-line model of uv-configuration's BuildOptions / NoBuild / NoBinary and
PackageNameSpecifiers (crates/uv-configuration/src/build_options.rs, name_specifiers.rs): a
setting is "all", "none" or a tuple of package names; lists combine by union with "all" sticky;
`:none:` clears what came before it in one list; under NoBuild::All only a *named* no-binary
package is built again (NoBinary::All does not lift it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from gate.model import BinaryPolicy, OptionEvent

ALL = ":all:"
NONE = ":none:"

Spec = str | tuple[str, ...]  # "all" | "none" | package names

_VALID_NAME = re.compile(r"[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?")


def canonical(name: str) -> str:
    """PEP 503 normalisation, as uv's PackageName does; an invalid name (`:ALL:`) stays as is."""
    name = name.strip()
    if not _VALID_NAME.fullmatch(name):
        return name
    return re.sub(r"[-_.]+", "-", name).lower()


def from_specifiers(values: Iterable[str]) -> Spec:
    """PackageNameSpecifiers::from_iter: `:none:` clears what came before, `:all:` is sticky."""
    names: list[str] = []
    all_ = False
    for value in values:
        if value == NONE:
            names.clear()
            all_ = False
        elif value == ALL:
            all_ = True
        elif value:
            names.append(canonical(value))
    if all_:
        return "all"
    return tuple(names) if names else "none"


def from_args(flag: bool | None, packages: Sequence[str]) -> Spec:
    """NoBuild/NoBinary::from_args: an explicit flag decides, else the package list."""
    if flag is True:
        return "all"
    if flag is False or not packages:
        return "none"
    return tuple(canonical(p) for p in packages)


def combine(a: Spec, b: Spec) -> Spec:
    """NoBuild/NoBinary::combine (and extend): all wins, names are unioned."""
    if a == "all" or b == "all":
        return "all"
    if isinstance(a, tuple) and isinstance(b, tuple):
        return a + tuple(n for n in b if n not in a)
    return b if a == "none" else a


def split(value: str) -> list[str]:
    """A comma-delimited option value (`--only-binary a,b`)."""
    return [v.strip() for v in value.split(",") if v.strip()]


def policy(no_build: Spec, no_binary: Spec, events: Sequence[OptionEvent]) -> BinaryPolicy:
    """BinaryPolicy from uv's BuildOptions: with no-build all, only named no-binary re-enables."""
    names: tuple[str, ...] = no_binary if isinstance(no_binary, tuple) else ()
    if no_build == "all":
        return BinaryPolicy(only_binary=(ALL,), no_binary=names, events=tuple(events))
    only = no_build if isinstance(no_build, tuple) else ()
    reenabled = (ALL,) if no_binary == "all" else names
    return BinaryPolicy(only_binary=only, no_binary=reenabled, events=tuple(events))


def from_requirement_events(events: Sequence[OptionEvent]) -> tuple[Spec, Spec]:
    """(NoBuild, NoBinary) contributed by requirements files, unioned as uv does.

    Each `--only-binary`/`--no-binary` line is one specifier list of its own, so a `:none:` line
    clears nothing that an earlier line set.
    """
    no_build: Spec = "none"
    no_binary: Spec = "none"
    for event in events:
        if event.option == "only-binary":
            no_build = combine(no_build, from_specifiers(split(event.value)))
        elif event.option == "no-binary":
            if event.value in ("true", "false"):  # a pyproject [tool.uv] no-binary flag
                no_binary = combine(no_binary, from_args(event.value == "true", ()))
            else:
                no_binary = combine(no_binary, from_specifiers(split(event.value)))
        elif event.option == "no-build":
            no_build = combine(no_build, from_args(event.value == "true", ()))
        elif event.option == "no-build-package":
            no_build = combine(no_build, (canonical(event.value),))
        elif event.option == "no-binary-package":
            no_binary = combine(no_binary, (canonical(event.value),))
    return no_build, no_binary
