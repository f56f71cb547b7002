"""Project defaults from `.gate.yaml` or `[tool.gate]` in pyproject.toml; command-line flags win.

    # .gate.yaml
    policy: [policies/team]          # extra policy directories
    data: [gate-data.yaml]           # data files (exceptions, trusted bases, switches)
    strict: false
    format: text
    opa_url: null                    # evaluate on an OPA server instead of the embedded engine

Relative paths are taken from the directory holding the config file.

Who wrote the config matters: gate judges repositories, and a `.gate.yaml` found in the working
directory belongs to the repository being judged. Such a config may add rules, data (exceptions
are reported as suppressed, never hidden), `strict: true` and a format; it may not replace a
built-in rule package, set `strict: false` over the operator's choice or send the decision to an
OPA server of its choosing. A config the operator names (`--config FILE`), or one the operator
vouches for (`--trust-config`), may do all of that.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gate import user_files
from gate.model import InputError

CONFIG_NAMES = (".gate.yaml", ".gate.yml")
SCHEMA = Path(__file__).with_name("config.schema.json")


@dataclass(frozen=True)
class ProjectConfig:
    path: str | None = None  # where the settings came from; None when there is no config
    trusted: bool = False  # named or vouched for by the operator, not found in the judged repo
    policy: tuple[str, ...] = ()
    data: tuple[str, ...] = ()
    strict: bool | None = None
    format: str | None = None
    opa_url: str | None = None


def find_config(start: Path) -> Path | None:
    """The nearest .gate.yaml, or pyproject.toml with [tool.gate], from `start` upward."""
    for folder in (start, *start.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            # Not only a regular file: a folder, a device or a dangling link under the name is
            # the repository's config too, which gate cannot read (exit 2), not a config to
            # pass over for one further up.
            if candidate.is_file() or candidate.is_symlink() or candidate.exists():
                return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _pyproject_table(pyproject) is not None:
            return pyproject
        if (folder / ".git").exists():
            break
    return None


# A pyproject.toml on the config search path is parsed whole (its [tool.gate] may be anywhere):
# tomllib, pure Python, took 12 s of CPU and 438 MB for one of 8 MB (hostile round 18); about
# 1.2 s for 1 MiB. Projects' own are tens of KiB.
MAX_PYPROJECT_BYTES = 1024 * 1024

# tomllib ends its messages with where: "Expected '=' … (at line 3, column 7)".
_TOML_AT = re.compile(r" \(at line (\d+), column \d+\)$")


def _pyproject_table(path: Path) -> dict[str, Any] | None:
    import tomllib  # only when a pyproject.toml is there: most calls never read one

    try:
        text = user_files.read_text(path, limit=MAX_PYPROJECT_BYTES)
    except user_files.UnreadableFile as error:
        raise InputError(f"cannot read config: {error}", path=str(path)) from None
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        # Not passed over: its [tool.gate] may be what the repository meant to be in force (a
        # `strict = true`), and a search that went on would judge under other settings. Ruff
        # refuses an unparsable pyproject.toml on its search path the same way.
        at = _TOML_AT.search(str(error))
        why = _TOML_AT.sub("", str(error))
        raise InputError(f"invalid TOML: {why}", str(path), int(at[1]) if at else None) from None
    except RecursionError:  # tomllib nests by recursion
        raise InputError("invalid TOML: nested too deeply", path=str(path)) from None
    table = doc.get("tool", {}).get("gate")
    return table if isinstance(table, dict) else None


def load_config(
    start: Path | None = None,
    *,
    file: str | None = None,
    discover: bool = True,
    trust: bool = False,
) -> ProjectConfig:
    """The config in force: `file` when the operator names one (trusted), else the one found
    from `start` (default: the working directory) unless `discover` is off, else defaults.

    A found config is trusted only when `trust` says the operator vouches for it.
    """
    if file is not None:
        path = Path(file)
        if not path.is_file():
            raise InputError("config file not found", path=file)
        trusted = True
    elif not discover:
        return ProjectConfig()
    else:
        found = find_config(start or Path.cwd())
        if found is None:
            return ProjectConfig()
        path, trusted = found, trust
    if path.name == "pyproject.toml":
        table = _pyproject_table(path)
        if table is None:
            raise InputError("no [tool.gate] table", path=str(path))
    else:
        table = _read_yaml(path)
    return _from_table(table, path, trusted)


def _read_yaml(path: Path) -> dict[str, Any]:
    import yaml

    try:
        loaded = user_files.load_yaml(user_files.read_text(path))
    except user_files.UnreadableFile as error:
        raise InputError(f"cannot read config: {error}", path=str(path)) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        why = getattr(error, "problem", None) or error
        raise InputError(f"invalid YAML: {why}", str(path), line) from None
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        raise InputError("config must be a mapping of settings", path=str(path))
    return loaded


def _from_table(table: dict[str, Any], path: Path, trusted: bool) -> ProjectConfig:
    from gate.schema import SchemaProblem, check, load_schema

    try:
        check(table, load_schema(SCHEMA))
    except SchemaProblem as problem:
        raise InputError(f"invalid config: {problem}", path=str(path)) from None
    base = path.parent

    def paths(key: str) -> tuple[str, ...]:
        value = table.get(key, [])
        return tuple(str(base / i) for i in ([value] if isinstance(value, str) else value))

    return ProjectConfig(
        str(path),
        trusted,
        paths("policy"),
        paths("data"),
        table.get("strict"),
        table.get("format"),
        table.get("opa_url"),
    )
