"""What a `uv` command asks to install: command-line targets and the files it reads them from.

`-r`/`-c`/`--override` files and `uv pip sync|compile` positionals in pip syntax go to the pip
helper's parse_requirements; uv's special inputs are read here: `pyproject.toml` (static
`[project] dependencies`, else the project is built for its metadata, plus its `[tool.uv]` build
settings), `setup.py`/`setup.cfg` (the project is run), and PEP 751 `pylock.toml` entries.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from gate.facts import unreadable
from gate.facts.context import FactContext
from gate.facts.target_kind import PROJECT_MANIFESTS, classify_target, requirement_of
from gate.facts.toml_text import parse_toml
from gate.facts.uv_config import pyproject_uv_table, settings_from_table
from gate.model import OptionEvent, Requirement, RequirementFile, TargetKind, Unknown, Word

_PYLOCK_KINDS: tuple[tuple[str, TargetKind], ...] = (
    ("vcs", "vcs"),
    ("directory", "local"),
    ("archive", "archive"),
)


@dataclass
class Collected:
    """Requirements, files and file-borne build settings gathered for one command."""

    requirements: list[Requirement] = field(default_factory=list)
    files: list[RequirementFile] = field(default_factory=list)
    events: list[OptionEvent] = field(default_factory=list)
    # Why a file read may hold more than the gate saw (downloaded, beyond a `cd` it could not
    # follow): a `--no-binary` line there turns building back on under `--no-build`.
    unknowns: list[Unknown] = field(default_factory=list)


def comma_requirements(text: str) -> list[str]:
    """uv's CommaSeparatedRequirements: split on commas outside brackets, not before `<=>!~`."""
    parts: list[str] = []
    depth = 0
    start = 0
    for i, ch in enumerate(text):
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth = max(0, depth - 1)
        elif ch == "," and depth == 0:
            following = text[i + 1 :].lstrip()
            if following[:1] in ("!", "=", "<", ">", "~"):
                continue
            if text[start:i].strip():
                parts.append(text[start:i].strip())
            start = i + 1
    if text[start:].strip():
        parts.append(text[start:].strip())
    return parts


def add_with(out: Collected, words: Iterable[Word], *, editable: bool = False) -> None:
    """`--with a,b` / `--with-editable ./x` values."""
    for word in words:
        if not word.known:
            out.requirements.append(requirement_of(word, editable=editable))
            continue
        for part in comma_requirements(word.value):
            out.requirements.append(requirement_of(Word(part), editable=editable))


def _pyproject_requirements(
    text: str, resolved: str, extras: set[str], all_extras: bool
) -> list[Requirement]:
    """What `-r pyproject.toml` asks for: static dependencies, else the project itself."""
    project_dir = posixpath.dirname(resolved) or "/"
    doc = parse_toml(text)
    project = doc.get("project") if doc else None
    if not isinstance(project, dict):
        return [Requirement("local", project_dir, source=resolved)]
    dynamic = project.get("dynamic")
    deps = project.get("dependencies", [])
    if (isinstance(dynamic, list) and "dependencies" in dynamic) or not isinstance(deps, list):
        # Metadata comes from the project's build backend.
        return [Requirement("local", project_dir, source=resolved)]
    entries = [d for d in deps if isinstance(d, str)]
    optional = project.get("optional-dependencies")
    if isinstance(optional, dict):
        for name, values in optional.items():
            if (all_extras or name in extras) and isinstance(values, list):
                entries.extend(v for v in values if isinstance(v, str))
    return [Requirement(classify_target(e), e, source=resolved) for e in entries]


def _pyproject_events(text: str, resolved: str) -> list[OptionEvent]:
    """`-r pyproject.toml` also applies that file's [tool.uv] build settings."""
    table = pyproject_uv_table(text)
    if table is None:
        return []
    return settings_from_table(resolved, table).build_events(f"requirements:{resolved}")


def _pylock_requirements(text: str, resolved: str) -> list[Requirement]:
    """Entries of a PEP 751 lock file: VCS, directory and archive entries are direct references."""
    doc = parse_toml(text)
    packages = doc.get("packages") if doc else None
    if not isinstance(packages, list):
        return [Requirement("unknown", resolved, source=resolved)]
    out: list[Requirement] = []
    for package in packages:
        if isinstance(package, dict):
            out.append(_pylock_entry(package, str(package.get("name", "?")), resolved))
    return out


def _pylock_entry(package: dict[str, Any], name: str, resolved: str) -> Requirement:
    for key, kind in _PYLOCK_KINDS:
        ref = package.get(key)
        if isinstance(ref, dict):
            text = str(ref.get("url") or ref.get("path") or name)
            return Requirement(kind, f"{name} @ {text}", source=resolved)
    return Requirement("name", name, source=resolved)


def add_file(
    out: Collected,
    word: Word,
    ctx: FactContext,
    *,
    constraint: bool = False,
    extras: set[str] | None = None,
    all_extras: bool = False,
) -> None:
    """Read one requirements-like file named on a uv command line into `out`.

    A constraints or overrides file contributes its build settings but no requirements.
    """
    path = word.value
    # uv unions a file's `--no-binary X` lines with the command line's `--no-build`.
    unnamed = unreadable.of_name(word, "constraints file" if constraint else "requirements file")
    if unnamed is not None:
        out.unknowns.append(unnamed)
    resolved = ctx.resolve(path)
    base = posixpath.basename(path)
    if word.known and base in PROJECT_MANIFESTS:
        text = ctx.read(path)
        out.files.append(RequirementFile(path, resolved, text is not None, constraint))
        if constraint:
            return
        if base != "pyproject.toml":
            # uv runs the project's setup.py to learn its dependencies.
            out.requirements.append(
                Requirement("local", posixpath.dirname(resolved) or "/", source=resolved)
            )
        elif text is None:
            out.requirements.append(Requirement("name", path, source=resolved))
        else:
            out.requirements.extend(
                _pyproject_requirements(text, resolved, extras or set(), all_extras)
            )
            out.events.extend(_pyproject_events(text, resolved))
        return
    if word.known and base.startswith("pylock.") and base.endswith(".toml"):
        text = ctx.read(path)
        out.files.append(RequirementFile(path, resolved, text is not None, constraint))
        if not constraint:
            out.requirements.extend(
                _pylock_requirements(text, resolved)
                if text is not None
                else [Requirement("unknown", path, source=resolved)]
            )
        return
    from gate.facts.pip_requirements import parse_requirements

    result = parse_requirements(path, ctx, constraint=constraint, uv=True)
    out.files.extend(result.files)
    out.events.extend(result.events)
    out.unknowns.extend(result.unknowns)
    if not constraint:
        out.requirements.extend(result.requirements)
