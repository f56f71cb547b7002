"""Poetry's installer.only-binary / installer.no-binary settings: where they live, what they say.

Read from Poetry 2.x (src/poetry/config/config.py, console/commands/config.py, locations.py):

- The environment wins: `POETRY_INSTALLER_ONLY_BINARY` set to anything, even empty, replaces the
  files; its value goes through `PackageFilterPolicy.normalize`: exactly `true`/`1` → `[":all:"]`,
  `false`/`0` → `[":none:"]`, otherwise a comma list, stripped, `:all:`/`:none:` kept and other
  names canonicalised (so `True` names a package "true", and `:ALL:` canonicalises to `:all:`).
- Then the project's `poetry.toml` (beside the pyproject.toml Poetry finds from the working
  directory upwards), then the global `config.toml` in `$POETRY_CONFIG_DIR`, default
  `$XDG_CONFIG_HOME/pypoetry`, default `~/.config/pypoetry`. A list in a file is used as written;
  a string is normalised like the environment value; other types make Poetry fail. A file
  written in `if`/`case` branches, or changed in place, is weighed as pip's are
  (gate/facts/config_branches.py).
- `poetry config [--local] installer.only-binary VALUE` stores the normalised list (after a
  validator that rejects e.g. `:ALL:`), `--unset` removes it.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from gate.facts import config_branches, unreadable
from gate.facts.context import FactContext
from gate.facts.toml_text import parse_toml
from gate.model import Env, OptionEvent, Unknown

ONLY_BINARY = "installer.only-binary"
NO_BINARY = "installer.no-binary"
_KEYS = {ONLY_BINARY: "only-binary", NO_BINARY: "no-binary"}
_ENV = {ONLY_BINARY: "POETRY_INSTALLER_ONLY_BINARY", NO_BINARY: "POETRY_INSTALLER_NO_BINARY"}

_RESERVED = re.compile(r":(all|none):")
_NAME = re.compile(r"[a-zA-Z\d_-]+")
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def is_reserved(name: str) -> bool:
    """PackageFilterPolicy.is_reserved: `:all:` / `:none:` (a prefix match, as Poetry does it)."""
    return bool(_RESERVED.match(name))


def canonicalize_name(name: str) -> str:
    """packaging.utils.canonicalize_name."""
    return re.sub(r"[-_.]+", "-", name).lower()


def normalize(value: str) -> tuple[str, ...]:
    """PackageFilterPolicy.normalize: what Poetry makes of a string setting."""
    if value in ("true", "1"):
        return (":all:",)
    if value in ("false", "0"):
        return (":none:",)
    out: list[str] = []
    for part in value.split(","):
        name = part.strip()
        if not name:
            continue
        normal = name if _RESERVED.match(name) else canonicalize_name(name)
        if normal not in out:
            out.append(normal)
    return tuple(out)


def valid(value: str) -> bool:
    """PackageFilterPolicy.validator: `poetry config` refuses values this rejects."""
    if value in ("true", "false", "1", "0"):
        return True
    names = value.strip().split(",")
    return all(
        (not name)
        or (bool(_RESERVED.match(name)) and len(names) == 1)
        or bool(_NAME.fullmatch(name))
        for name in names
    )


def file_policy(value: object) -> tuple[str, ...] | None:
    """A setting as a config file holds it; None when Poetry would not read it as a policy."""
    if isinstance(value, str):
        return normalize(value)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    return None


def config_dir(ctx: FactContext, env: Env) -> str:
    """Poetry's CONFIG_DIR (platformdirs user_config_path("pypoetry") on Linux)."""
    explicit = env.get("POETRY_CONFIG_DIR")
    if explicit:
        return ctx.resolve(explicit)
    xdg = env.get("XDG_CONFIG_HOME")
    base = xdg.strip() if xdg and xdg.strip() else posixpath.join(ctx.home(env), ".config")
    return posixpath.join(ctx.resolve(base), "pypoetry")


def global_config_path(ctx: FactContext, env: Env) -> str:
    return posixpath.join(config_dir(ctx, env), "config.toml")


def project_root(ctx: FactContext, start: str) -> str:
    """The directory of the pyproject.toml Poetry would find from `start`, else `start`."""
    return ctx.nearest_with(start, "pyproject.toml") or posixpath.normpath(start)


def local_config_path(ctx: FactContext, start: str) -> str:
    return posixpath.join(project_root(ctx, start), "poetry.toml")


@dataclass(frozen=True)
class PoetrySetting:
    """One of the two policies as Poetry resolves it, with the events that led there."""

    packages: tuple[str, ...]
    events: tuple[OptionEvent, ...]
    # Files that may hold other settings than the gate read (config_branches): they matter to
    # an install the rest makes binary-only.
    weighed: tuple[Unknown, ...] = ()


def _text_setting(text: str | None, key: str) -> tuple[str, ...] | None:
    doc = parse_toml(text)
    installer = doc.get("installer") if doc else None
    if not isinstance(installer, dict) or _KEYS[key] not in installer:
        return None
    return file_policy(installer[_KEYS[key]])


def _both(text: str | None) -> tuple[tuple[str, ...] | None, ...]:
    """What matters in a config text: both policies (for weighing its alternatives)."""
    return tuple(_text_setting(text, key) for key in _KEYS)


def _file_setting(
    ctx: FactContext, path: str, key: str, weighed: list[Unknown]
) -> tuple[str, ...] | None:
    why, keep = config_branches.weigh(ctx.files, path, ctx.branch, _both, _both(None))
    if why is not None:
        weighed.append(unreadable.unknown(f"the Poetry config file {path}", why, path))
    return _text_setting(ctx.files.get(path), key) if keep else None


def setting(ctx: FactContext, env: Env, project_start: str, key: str) -> PoetrySetting:
    """The effective value of `key` (installer.only-binary or installer.no-binary)."""
    option = _KEYS[key]
    env_name = _ENV[key]
    events: list[OptionEvent] = []
    weighed: list[Unknown] = []
    result: tuple[str, ...] = ()
    for path in (global_config_path(ctx, env), local_config_path(ctx, project_start)):
        if path not in ctx.files:
            hidden = unreadable.hidden_config(ctx.files, "the Poetry config file", path)
            if hidden is not None:
                weighed.append(hidden)  # beneath a cache mount or a checkout: it may be there
            continue
        value = _file_setting(ctx, path, key, weighed)
        if value is not None:
            events.append(OptionEvent(f"config:{path}", option, ",".join(value)))
            result = value
    raw = env.get(env_name)
    if env_name in env and raw is not None:
        events.append(OptionEvent(f"env:{env_name}", option, raw))
        result = normalize(raw)
    return PoetrySetting(result, tuple(events), tuple(weighed))


# ---------------------------------------------------------------------------------------------
# Writing: what `poetry config` leaves in the file.


def _toml_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    escaped = "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in escaped)
    return f'"{escaped}"'


def _toml_key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else _toml_string(key)


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        items = ", ".join(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in value.items())
        return "{" + items + "}"
    return _toml_string(str(value))


def dump_toml(doc: Mapping[str, Any]) -> str:
    """A TOML text for `doc`: top-level scalars, then one [table] per top-level dict."""
    lines = [
        f"{_toml_key(k)} = {_toml_value(v)}" for k, v in doc.items() if not isinstance(v, dict)
    ]
    for key, table in doc.items():
        if isinstance(table, dict):
            if lines:
                lines.append("")
            lines.append(f"[{_toml_key(key)}]")
            lines.extend(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in table.items())
    return "\n".join(lines) + "\n"


def write_setting(
    current: str | None, exists: bool, key: str, value: tuple[str, ...] | None
) -> str | None:
    """The file content after setting (value) or unsetting (None) `key`; None if not derivable."""
    if exists and current is None:
        return None
    doc = parse_toml(current) if current is not None else {}
    if doc is None:
        return None
    installer = doc.get("installer")
    installer = dict(installer) if isinstance(installer, dict) else {}
    if value is None:
        installer.pop(_KEYS[key], None)
    else:
        installer[_KEYS[key]] = list(value)
    doc = dict(doc)
    doc["installer"] = installer
    return dump_toml(doc)
