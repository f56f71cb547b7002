"""uv's configuration files as a command sees them: discovery, precedence and the build keys.

Measured and read from uv (docs/concepts/configuration-files.md, crates/uv-settings, crates/uv
lib.rs): the nearest `uv.toml`, or `pyproject.toml` with a `[tool.uv]` table, in the project
directory or a parent (uv.toml wins in one directory); then the user file
(`$XDG_CONFIG_HOME/uv/uv.toml`, default `~/.config/uv/uv.toml`); then the system file (the first
`uv/uv.toml` under `$XDG_CONFIG_DIRS`, default `/etc/xdg`, else `/etc/uv/uv.toml`). Scalars come
from the first file that sets them (project > user > system); arrays are concatenated.
`--config-file` / `UV_CONFIG_FILE` replaces every discovered file; `--no-config` / `UV_NO_CONFIG`
turns discovery off (an explicit file is still read); `UV_NO_SYSTEM_CONFIG` drops the system file.
`uv tool …` and `uvx` skip the project-level file.

Only files the gate can read count: an unreadable file contributes nothing (the SPEC says "a
uv.toml / pyproject `no-build = true` the gate can read"). One written in `if`/`case` branches, or
changed in place, is weighed as pip's are (gate/facts/config_branches.py).
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from gate.facts import config_branches, filled_toml, unreadable
from gate.facts.context import FactContext
from gate.facts.toml_text import parse_toml
from gate.model import Env, OptionEvent, Unknown

# Bounds on what a Dockerfile can make us parse.
_MAX_DEPTH = 64

_TRUE = frozenset({"y", "yes", "t", "true", "on", "1"})
_FALSE = frozenset({"n", "no", "f", "false", "off", "0"})


def boolish(value: str) -> bool | None:
    """clap's BoolishValueParser (what uv uses for UV_* flags): True, False, or None if invalid."""
    lowered = value.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    return None


@dataclass(frozen=True)
class UvFileSettings:
    """The build-related keys of one uv configuration file (None / () = not set)."""

    path: str
    # Top level (uv.toml) or [tool.uv] (pyproject.toml): project and tool commands, and uv pip.
    no_build: bool | None = None
    no_build_package: tuple[str, ...] = ()
    no_binary: bool | None = None
    no_binary_package: tuple[str, ...] = ()
    # [pip] / [tool.uv.pip]: uv pip only.
    pip_no_build: bool | None = None
    pip_only_binary: tuple[str, ...] = ()
    pip_no_binary: tuple[str, ...] = ()

    def build_events(self, source: str) -> list[OptionEvent]:
        """The build settings (not the `pip` table's) as OptionEvents from `source`."""
        out: list[OptionEvent] = []
        if self.no_build is not None:
            out.append(OptionEvent(source, "no-build", str(self.no_build).lower()))
        out.extend(OptionEvent(source, "no-build-package", p) for p in self.no_build_package)
        if self.no_binary is not None:
            out.append(OptionEvent(source, "no-binary", str(self.no_binary).lower()))
        out.extend(OptionEvent(source, "no-binary-package", p) for p in self.no_binary_package)
        return out

    def events(self) -> tuple[OptionEvent, ...]:
        """The settings as OptionEvents, in file order of significance."""
        source = f"config:{self.path}"
        out = self.build_events(source)
        if self.pip_no_build is not None:
            out.append(OptionEvent(source, "pip.no-build", str(self.pip_no_build).lower()))
        out.extend(OptionEvent(source, "pip.only-binary", v) for v in self.pip_only_binary)
        out.extend(OptionEvent(source, "pip.no-binary", v) for v in self.pip_no_binary)
        return tuple(out)


@dataclass(frozen=True)
class UvConfig:
    """The configuration files in effect for one uv command, highest precedence first."""

    files: tuple[UvFileSettings, ...] = ()
    unknowns: tuple[Unknown, ...] = ()
    # Files that may hold other settings than the gate read (written in branches that
    # disagree, changed in place): they matter to an install the rest makes binary-only.
    weighed: tuple[Unknown, ...] = ()

    def _first(self, attr: str) -> bool | None:
        for f in self.files:
            value = getattr(f, attr)
            if value is not None:
                return bool(value)
        return None

    def _all(self, attr: str) -> tuple[str, ...]:
        return tuple(v for f in self.files for v in getattr(f, attr))

    @property
    def no_build(self) -> bool | None:
        return self._first("no_build")

    @property
    def no_binary(self) -> bool | None:
        return self._first("no_binary")

    @property
    def pip_no_build(self) -> bool | None:
        return self._first("pip_no_build")

    @property
    def no_build_package(self) -> tuple[str, ...]:
        return self._all("no_build_package")

    @property
    def no_binary_package(self) -> tuple[str, ...]:
        return self._all("no_binary_package")

    @property
    def pip_only_binary(self) -> tuple[str, ...]:
        return self._all("pip_only_binary")

    @property
    def pip_no_binary(self) -> tuple[str, ...]:
        return self._all("pip_no_binary")

    def events(self) -> tuple[OptionEvent, ...]:
        """Events from the lowest-precedence file to the highest (the order uv layers them)."""
        return tuple(e for f in reversed(self.files) for e in f.events())


@dataclass(frozen=True)
class ConfigRequest:
    """What a uv command line and environment say about configuration."""

    cwd: str  # absolute working directory (after --directory)
    project_dir: str  # where project discovery starts (after --project)
    config_file: str | None = None  # --config-file / UV_CONFIG_FILE, as written
    config_file_unknown: bool = False  # the path has no known value
    no_config: bool = False  # --no-config, or the deprecated --isolated of `uv pip`
    user_level_only: bool = False  # uv tool / uvx


def _bool(value: object) -> bool | None:
    return value if isinstance(value, bool) else None


def _strings(value: object) -> tuple[str, ...]:
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    return ()


def settings_from_table(path: str, table: Mapping[str, Any]) -> UvFileSettings:
    """UvFileSettings from a uv.toml document or a pyproject `[tool.uv]` table.

    A value of the wrong type makes uv refuse the file, so it contributes nothing here.
    """
    pip = table.get("pip")
    pip = pip if isinstance(pip, dict) else {}
    return UvFileSettings(
        path=path,
        no_build=_bool(table.get("no-build")),
        no_build_package=_strings(table.get("no-build-package")),
        no_binary=_bool(table.get("no-binary")),
        no_binary_package=_strings(table.get("no-binary-package")),
        pip_no_build=_bool(pip.get("no-build")),
        # uv requires a list here; a string is a parse error.
        pip_only_binary=_strings(pip.get("only-binary")),
        pip_no_binary=_strings(pip.get("no-binary")),
    )


def pyproject_uv_table(text: str | None) -> dict[str, Any] | None:
    """The `[tool.uv]` table of a pyproject.toml text, or None."""
    doc = parse_toml(text)
    if doc is None:
        return None
    tool = doc.get("tool")
    if not isinstance(tool, dict):
        return None
    uv = tool.get("uv")
    return uv if isinstance(uv, dict) else None


_NOTHING = UvFileSettings(path="")
# The keys whose values decide what uv builds (settings_from_table reads these).
_BUILD_KEYS = frozenset({"no-build", "no-build-package", "no-binary", "no-binary-package",
                         "only-binary"})  # fmt: skip


def _uv_toml_settings(text: str | None) -> UvFileSettings:
    """What matters in a uv.toml text (for weighing its alternatives)."""
    doc = parse_toml(text)
    return settings_from_table("", doc) if doc is not None else _NOTHING


def _pyproject_settings(text: str | None) -> UvFileSettings:
    table = pyproject_uv_table(text)
    return settings_from_table("", table) if table is not None else _NOTHING


def _weighed(
    ctx: FactContext,
    path: str,
    read: Callable[[str | None], UvFileSettings],
    weighed: list[Unknown],
) -> bool:
    """Whether the settings of the file at `path` are read: not when it may hold others, or
    none (config_branches); said in `weighed` when it may."""
    why, keep = config_branches.weigh(ctx.files, path, ctx.branch, read, _NOTHING)
    if why is not None:
        weighed.append(unreadable.unknown(f"the uv config file {path}", why, path))
    return keep


def _filled(path: str, text: str | None, weighed: list[Unknown]) -> bool:
    """Whether a heredoc's variable of unknown value may set a build setting in the file at
    `path` (filled_toml): then said in `weighed`, and the file is not read."""
    filled = filled_toml.unknown_setting(text, _BUILD_KEYS)
    if filled is not None:
        weighed.append(unreadable.unknown(f"the uv config file {path}", filled, path))
    return filled is not None


def _read_uv_toml(
    ctx: FactContext, path: str, weighed: list[Unknown], *, named: bool = False
) -> UvFileSettings | None:
    """`named`: `--config-file`/`UV_CONFIG_FILE` names the file, read wherever it lies."""
    hidden = unreadable.hidden_config(ctx.files, "the uv config file", path)
    if hidden is not None:
        weighed.append(hidden)  # beneath a cache mount or a checkout: it may be there
    text = ctx.files.get(path)
    if text is None and hidden is None and (named or path in ctx.files):
        # A file of bytes no build state holds (copied from an image, in a bind mount of a
        # context gate was not given), or one beneath such a folder that the command names.
        unread = unreadable.of_file(ctx.files, path)
        if unread is not None:
            weighed.append(unreadable.unknown(f"the uv config file {path}", f"is {unread}", path))
            return None
    if _filled(path, text, weighed):
        return None
    doc = parse_toml(text)
    if doc is None or not _weighed(ctx, path, _uv_toml_settings, weighed):
        return None
    return settings_from_table(path, doc)


def _project_file(ctx: FactContext, start: str, weighed: list[Unknown]) -> UvFileSettings | None:
    """The nearest uv.toml or pyproject.toml with [tool.uv], from `start` up to `/`."""
    directory = posixpath.normpath(start)
    for _ in range(_MAX_DEPTH):
        uv_toml = posixpath.join(directory, "uv.toml")
        hidden = unreadable.hidden_config(ctx.files, "the uv config file", uv_toml)
        if hidden is not None:
            weighed.append(hidden)  # it would stop the search here, if it is there
        if uv_toml in ctx.files:
            # uv stops at the first uv.toml even when the gate cannot read it.
            return _read_uv_toml(ctx, uv_toml, weighed)
        pyproject = posixpath.join(directory, "pyproject.toml")
        if pyproject in ctx.files:
            text = ctx.files[pyproject]
            if _filled(pyproject, text, weighed):
                return None
            table = pyproject_uv_table(text)
            if table is not None:
                if not _weighed(ctx, pyproject, _pyproject_settings, weighed):
                    return None
                return settings_from_table(pyproject, table)
        parent = posixpath.dirname(directory)
        if parent == directory:
            return None
        directory = parent
    return None


def user_config_path(ctx: FactContext, env: Env) -> str:
    """Where uv looks for the user-level uv.toml."""
    xdg = env.get("XDG_CONFIG_HOME")
    base = xdg if xdg and xdg.startswith("/") else posixpath.join(ctx.home(env), ".config")
    return posixpath.join(base, "uv", "uv.toml")


def system_config_path(ctx: FactContext, env: Env) -> str | None:
    """The system-level uv.toml uv would read, or None when the gate sees none."""
    for candidate in _system_candidates(env):
        if candidate in ctx.files:
            return candidate
    return None


def _system_candidates(env: Env) -> list[str]:
    """Where uv looks for its system-level uv.toml, in order."""
    out: list[str] = []
    dirs = env.get("XDG_CONFIG_DIRS") or "/etc/xdg"
    for directory in dirs.split(":"):
        if not directory:
            break
        out.append(posixpath.join(directory, "uv", "uv.toml"))
    return [*out, "/etc/uv/uv.toml"]


def _env_flag(env: Env, name: str, unknowns: list[Unknown]) -> bool:
    if name not in env:
        return False
    value = env[name]
    if value is None:
        unknowns.append(Unknown(f"{name} has no known value", f"{name}=?"))
        return False
    return boolish(value) is True


def discover(ctx: FactContext, env: Env, request: ConfigRequest) -> UvConfig:
    """The uv configuration files in effect for a command, as far as the gate can see them."""
    unknowns: list[Unknown] = []
    weighed: list[Unknown] = []
    if request.config_file_unknown:
        unknowns.append(Unknown("uv config file path has no known value", "--config-file"))
        return UvConfig((), tuple(unknowns))
    if request.config_file is not None:
        path = posixpath.normpath(posixpath.join(request.cwd, request.config_file))
        settings = _read_uv_toml(ctx, path, weighed, named=True)
        return UvConfig((settings,) if settings else (), tuple(unknowns), tuple(weighed))
    no_config = request.no_config or _env_flag(env, "UV_NO_CONFIG", unknowns)
    if no_config:
        return UvConfig((), tuple(unknowns))
    files: list[UvFileSettings] = []
    if not request.user_level_only:
        project = _project_file(ctx, request.project_dir, weighed)
        if project is not None:
            files.append(project)
    user = _read_uv_toml(ctx, user_config_path(ctx, env), weighed)
    if user is not None:
        files.append(user)
    if not _env_flag(env, "UV_NO_SYSTEM_CONFIG", unknowns):
        system_path = system_config_path(ctx, env)
        for candidate in _system_candidates(env):
            if candidate == system_path:
                break
            hidden = unreadable.hidden_config(ctx.files, "the uv config file", candidate)
            if hidden is not None:
                weighed.append(hidden)  # beneath a cache mount: it may be the one uv reads
        system = _read_uv_toml(ctx, system_path, weighed) if system_path else None
        if system is not None:
            files.append(system)
    return UvConfig(tuple(files), tuple(unknowns), tuple(weighed))
