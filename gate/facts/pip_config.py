"""pip's configuration files and PIP_* variables, as pip loads them (_internal/configuration.py).

- Files, lowest priority first: global (`$XDG_CONFIG_DIRS/pip/pip.conf` for each dir, default
  `/etc/xdg`, then `/etc/pip.conf`), user (`~/.pip/pip.conf`, then `$XDG_CONFIG_HOME/pip/pip.conf`,
  default `~/.config/pip/pip.conf`), site (`sys.prefix/pip.conf`, the venv's), then the file named
  by PIP_CONFIG_FILE. `PIP_CONFIG_FILE=/dev/null` skips every file; when it names a file that
  exists, the user files are skipped; `--isolated` skips the user files and every PIP_* variable.
- A later file overrides an earlier file's value for the same `section.key`; keys are normalised
  (lower case, `_` → `-`, no leading `--`), section names are case-sensitive.
- The parser applies `[global]`, then `[<command>]`, then the PIP_* variables (`:env:`), each value
  handed to the option's callback once: `only-binary`/`no-binary` values are comma lists exactly as
  on the command line (a space does not separate, `1`/`true` are package names).
- `pip config set/unset` edits one file: `--user` the new user file, `--global` `/etc/pip.conf` (the
  last global file), `--site` `sys.prefix/pip.conf`; without a flag the site file when it exists,
  else the user file.
A file the gate cannot read, or that configparser rejects, contributes nothing (pip itself would
stop with an error on a broken file, which installs nothing either).
"""

from __future__ import annotations

import ntpath
import posixpath
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from gate.facts import config_branches, unreadable
from gate.facts.context import FactContext
from gate.model import Env, FilledText, OptionEvent, Unknown
from gate.sources import image_paths

if TYPE_CHECKING:
    import configparser

DEVNULL = "/dev/null"
BASENAME = "pip.conf"
# The options whose values decide whether sources may be built.
FORMAT_KEYS = ("only-binary", "no-binary")
# List options pip reads from its settings too (values split on whitespace): each adds what to
# install, or a file of options, that gate does not read from there.
LIST_KEYS = {
    "requirement": "requirements files",
    "editable": "editable projects (VCS or local, always built)",
    "constraint": "constraints files (which may turn sources back on)",
    "build-constraint": "build constraints files (which may turn sources back on)",
    "global-option": "setup.py options (which turn sources on for every package, pip < 26)",
    "build-option": "setup.py options (which turn sources on for every package, pip < 26)",
}
# `--no-deps` (dest ignore_dependencies, either spelling): a store_true option pip reads from
# settings through strtobool. Measured pip 23.2.1: PIP_NO_DEPS=1 and `[install] no-deps = yes`
# install a wheel without its dependencies; PIP_NO_DEPS=0/off leave them on.
FLAG_KEYS = frozenset({"no-deps", "no-dependencies"})
_TRUE = frozenset({"y", "yes", "t", "true", "on", "1"})
_MAX_BYTES = 1_000_000


def normalize_key(name: str) -> str:
    """pip's _normalize_name: `ONLY_BINARY`, `--only-binary` and `only-binary` are one key."""
    name = name.lower().replace("_", "-")
    return name.removeprefix("--")


@dataclass(frozen=True)
class Located:
    """Where pip looks for configuration for one command, as far as the gate can tell."""

    global_files: tuple[str, ...]
    user_files: tuple[str, ...]
    site_file: str
    env_file: str | None  # PIP_CONFIG_FILE, resolved


def _xdg_dirs(env: Env) -> list[str]:
    raw = env.get("XDG_CONFIG_DIRS") or ""
    if not raw.strip():
        raw = "/etc/xdg"
    return [d for d in raw.split(":")]


def user_config_file(ctx: FactContext, env: Env) -> str:
    """The user file `pip config set` writes: `$XDG_CONFIG_HOME/pip/pip.conf` or ~/.config/…."""
    home = ctx.home(env)
    xdg = (env.get("XDG_CONFIG_HOME") or "").strip()
    base = xdg if xdg else posixpath.join(home, ".config")
    return posixpath.normpath(posixpath.join(home, base, "pip", BASENAME))


# pip on Windows (utils/appdirs.py, configuration.py): the machine-wide file under ProgramData,
# the legacy `~\pip\pip.ini` and the roaming AppData one for the user, `sys.prefix\pip.ini`
# for the site (the official Windows python images install under C:\Python). A container runs
# as ContainerAdministrator unless USER names another user, whose profile is C:\Users\NAME.
_WINDOWS_PROGRAM_DATA = "C:\\ProgramData"
_WINDOWS_PROFILE = "C:\\Users\\ContainerAdministrator"
_WINDOWS_PREFIX = "C:\\Python"
_WINDOWS_BASENAME = "pip.ini"


def _locate_windows(ctx: FactContext, env: Env) -> Located:
    def under(base: str | None, *parts: str) -> str:
        return image_paths.join("C:\\", ntpath.join(base or "", *parts))

    # `USER ContainerUser`: that user's profile (Windows names it after the user).
    user = ctx.run.user if ctx.run.user.lower() not in ("", "root", "0") else ""
    profile = env.get("USERPROFILE") or (
        ntpath.join("C:\\Users", user) if user else _WINDOWS_PROFILE
    )
    appdata = env.get("APPDATA") or ntpath.join(profile, "AppData", "Roaming")
    program_data = env.get("ProgramData") or env.get("PROGRAMDATA") or _WINDOWS_PROGRAM_DATA
    env_file = env.get("PIP_CONFIG_FILE")
    return Located(
        global_files=(under(program_data, "pip", _WINDOWS_BASENAME),),
        user_files=(
            under(profile, "pip", _WINDOWS_BASENAME),
            under(appdata, "pip", _WINDOWS_BASENAME),
        ),
        site_file=under(_WINDOWS_PREFIX, _WINDOWS_BASENAME),
        env_file=ctx.resolve(env_file) if env_file else None,
    )


def locate(ctx: FactContext, env: Env, prefix: str) -> Located:
    if ctx.windows:
        return _locate_windows(ctx, env)
    home = ctx.home(env)
    xdg = [posixpath.normpath(posixpath.join("/", d, "pip", BASENAME)) for d in _xdg_dirs(env)]
    global_files = (*xdg, "/etc/" + BASENAME)
    user_files = (posixpath.join(home, ".pip", BASENAME), user_config_file(ctx, env))
    env_file = env.get("PIP_CONFIG_FILE")
    return Located(
        global_files=global_files,
        user_files=user_files,
        site_file=posixpath.join(prefix, BASENAME),
        env_file=ctx.resolve(env_file) if env_file else None,
    )


def parse(text: str | None) -> configparser.RawConfigParser | None:
    """A configparser over `text`, or None when it cannot be read as pip would."""
    if text is None or len(text) > _MAX_BYTES:
        return None
    import configparser  # only when a build has a pip.conf: most never do

    parser = configparser.RawConfigParser()
    try:
        parser.read_string(text)
    except (configparser.Error, ValueError, RecursionError):
        return None
    return parser


def _filled_unknown(text: str) -> tuple[str, str | None] | None:
    """Why a config a heredoc wrote with a variable of unknown value (FilledText, kept as
    written) may hold settings gate cannot read, and the format key when only such a key's
    value is unknown. BuildKit writes the value, so a line that is the variable alone
    (`$EXTRA`, unparsable here and so read as no setting at all), a section or key holding it,
    or the value of a list setting (`editable = $X`) may be any setting; the value of a format
    setting (`only-binary = $X`) may be any value of it. A value of another key (`index-url =
    $MIRROR`) stays within it."""
    if not isinstance(text, FilledText):
        return None
    parser = parse(text)
    if parser is None:
        return f"is {text.why}, which pip may read as any setting"[:400], None
    found: tuple[str, str | None] | None = None
    for section in parser.sections():
        for name, value in parser.items(section):
            key = normalize_key(name)
            if "$" in section or "$" in name or (key in LIST_KEYS and "$" in value):
                return f"is {text.why}, which may set any setting"[:400], None
            if key in FORMAT_KEYS and "$" in value and found is None:
                found = f"is {text.why}, in {section}.{key}"[:400], key
    return found


def _file_items(text: str | None) -> dict[str, str]:
    """`section.key` → value of one file, keys normalised as pip does."""
    parser = parse(text)
    if parser is None:
        return {}
    import configparser

    out: dict[str, str] = {}
    try:
        for section in parser.sections():
            for name, value in parser.items(section):
                out[f"{section}.{normalize_key(name)}"] = value
    except (configparser.Error, ValueError):
        return {}
    return out


@dataclass
class Loaded:
    """The configuration events for one command, in the order pip applies them."""

    events: list[OptionEvent] = field(default_factory=list)
    unknowns: list[Unknown] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # files the gate read
    # pip's list settings (requirement, constraint, editable) and their words, in order: the
    # install reads them as its -r, -c and -e (pip splits the value on whitespace).
    listed: list[tuple[str, str]] = field(default_factory=list)
    # A PIP_ONLY_BINARY/PIP_NO_BINARY of no known value: its option and its entry in `unknowns`
    # (which a later `--only-binary :all:` makes moot: pip.py weighs it against the rest).
    unknown_formats: list[tuple[str, Unknown]] = field(default_factory=list)
    # Whether the settings turn --no-deps on: pip's last value, False when any value is false,
    # unknown or not a truth value (pip then stops) rather than guess an order.
    no_deps: bool = False
    _flags: list[bool] = field(default_factory=list)

    def _flag(self, value: str | None) -> None:
        self._flags.append(value is not None and value.strip().lower() in _TRUE)
        self.no_deps = all(self._flags)


def _relevant(items: Mapping[str, str]) -> dict[str, str]:
    """The settings that can turn sources on or off, or add what to install."""
    keys = (*FORMAT_KEYS, *LIST_KEYS, *FLAG_KEYS)
    return {k: v for k, v in items.items() if k.partition(".")[2] in keys}


def _weighed(
    ctx: FactContext, path: str, items: dict[str, str]
) -> tuple[str | None, dict[str, str]]:
    """A config file written in a branch or changed in place, as the command reading it may
    find it: its settings, or why not (config_branches), and none of them when its texts
    disagree (the build may run without them)."""
    none: dict[str, str] = {}
    why, keep = config_branches.weigh(
        ctx.files, path, ctx.branch, lambda text: _relevant(_file_items(text)), none
    )
    return why, items if keep else {}


def _listed(key: str, shown: str) -> Unknown:
    return Unknown(f"a pip setting adds {LIST_KEYS[key]} of no known value", shown[:300])


def _env_items(env: Env, loaded: Loaded) -> list[tuple[str, str]]:
    """PIP_* variables for the format options, in the order the gate applies them.

    pip applies them in os.environ order, which a Dockerfile does not fix; only-binary goes first so
    that a no-binary variable, when both are set, re-enables sources as one of the real orders does.
    """
    found: dict[str, tuple[str, str]] = {}
    for name, value in env.items():
        if not name.startswith("PIP_"):
            continue
        key = normalize_key(name[4:])
        if key in FLAG_KEYS:
            if value != "":
                loaded._flag(value)  # pip skips an empty value
            continue
        if key in LIST_KEYS:
            if value is None:
                loaded.unknowns.append(_listed(key, f"{name}=?"))
            else:
                loaded.listed.extend((key, word) for word in value.split())
            continue
        if key not in FORMAT_KEYS:
            continue
        if value is None:
            unknown = Unknown(f"{name} has no known value", f"{name}=?")
            loaded.unknowns.append(unknown)
            loaded.unknown_formats.append((key, unknown))
            continue
        if value:
            found[key] = (name, value)
    return [found[k] for k in FORMAT_KEYS if k in found]


def load(ctx: FactContext, env: Env, command: str, *, isolated: bool, prefix: str) -> Loaded:
    """Config-file and environment events for `pip <command>` (before the command line)."""
    loaded = Loaded()
    if "PIP_CONFIG_FILE" in env and env["PIP_CONFIG_FILE"] is None:
        loaded.unknowns.append(Unknown("PIP_CONFIG_FILE has no known value", "PIP_CONFIG_FILE=?"))
    why = unreadable.reason(env.get("PIP_CONFIG_FILE") or "")
    if why is not None:  # pip reads PIP_CONFIG_FILE even with --isolated
        shown = f"PIP_CONFIG_FILE={env.get('PIP_CONFIG_FILE')}"
        loaded.unknowns.append(unreadable.unknown("the pip config file is", why, shown))
    where = locate(ctx, env, prefix)
    files: list[str] = []
    if where.env_file != DEVNULL:
        files.extend(where.global_files)
        env_file_exists = where.env_file is not None and where.env_file in ctx.files
        if not isolated and not env_file_exists:
            files.extend(where.user_files)
        files.append(where.site_file)
        if where.env_file is not None:
            files.append(where.env_file)
    merged: dict[str, tuple[str, str]] = {}
    for path in files:
        if path not in ctx.files:
            # The file PIP_CONFIG_FILE names is read wherever it lies: beneath a folder of
            # unknown content (an image's, a context gate was not given) it is that content.
            named = unreadable.of_file(ctx.files, path) if path == where.env_file else None
            if named is not None:
                why = f"is {named}"
                loaded.unknowns.append(unreadable.unknown(f"the pip config file {path}", why, path))
            elif (hidden := unreadable.beneath_unread(ctx.files, path)) is not None:
                why = f"may be there, {hidden}"
                loaded.unknowns.append(unreadable.unknown(f"the pip config file {path}", why, path))
            continue
        text = ctx.files[path]
        items = _file_items(text)
        why = None
        if text is not None:
            loaded.files.append(path)
            why, items = _weighed(ctx, path, items)
            filled = _filled_unknown(text) if why is None else None
            if filled is not None:
                reason, key = filled
                unknown = unreadable.unknown(f"the pip config file {path}", reason, path)
                loaded.unknowns.append(unknown)
                if key is not None:
                    # Only a format value unknown: a later `--only-binary :all:` makes it moot.
                    loaded.unknown_formats.append((key, unknown))
                items = {k: v for k, v in items.items() if "$" not in v}
        elif (unread := unreadable.of_file(ctx.files, path)) is not None:
            why = f"is {unread}"
        if why is not None:
            loaded.unknowns.append(unreadable.unknown(f"the pip config file {path}", why, path))
        for key, value in items.items():
            # Later files override the value; the key keeps its first position (a dict update).
            merged[key] = (path, value)
    for section in ("global", command):
        for key, (path, value) in merged.items():
            sect, _, name = key.partition(".")
            if sect == section and name in FORMAT_KEYS and value:
                loaded.events.append(OptionEvent(f"config:{path}", name, value))
            elif sect == section and name in LIST_KEYS and value:
                loaded.listed.extend((name, word) for word in value.split())
            elif sect == section and name in FLAG_KEYS and value:
                loaded._flag(value)
    if not isolated:
        for name, value in _env_items(env, loaded):
            loaded.events.append(OptionEvent(f"env:{name}", normalize_key(name[4:]), value))
    return loaded


# ---------------------------------------------------------------------------------------------
# `pip config set/unset`.


def edit_target(
    ctx: FactContext, env: Env, prefix: str, flags: Iterable[str], *, isolated: bool
) -> str | None:
    """The file `pip config [--user|--global|--site] set|unset` edits, or None (pip errors)."""
    chosen = set(flags) & {"--user", "--global", "--site"}
    if len(chosen) > 1:
        return None  # "Need exactly one file to operate upon"
    where = locate(ctx, env, prefix)
    if not chosen:
        chosen = {"--site"} if where.site_file in ctx.files else {"--user"}
    flag = chosen.pop()
    if flag == "--global":
        return where.global_files[-1]
    if flag == "--site":
        return where.site_file
    env_file_exists = where.env_file is not None and where.env_file in ctx.files
    if isolated or env_file_exists or where.env_file == DEVNULL:
        return None  # the user files are not loaded, so pip has no parser to modify
    return where.user_files[-1]


def _split_key(key: str) -> tuple[str, str] | None:
    key = normalize_key(key)
    if "." not in key:
        return None
    section, name = key.split(".", 1)
    return section, name


def write(current: str | None, exists: bool, key: str, value: str | None) -> str | bool | None:
    """The file after `set key value` (value) or `unset key` (None).

    Returns the new text, None when the result cannot be known (the file exists but the gate
    cannot read it), or False when pip would refuse the edit and leave the file alone.
    """
    parts = _split_key(key)
    if parts is None:
        return False
    section, name = parts
    if exists and current is None:
        return None
    parser = parse(current or "")
    if parser is None:
        return False
    import configparser

    try:
        if value is None:
            if not (parser.has_section(section) and parser.remove_option(section, name)):
                return False  # "No such key"
            if not parser.items(section):
                parser.remove_section(section)
        else:
            if not parser.has_section(section):
                parser.add_section(section)
            parser.set(section, name, value)
    except (configparser.Error, ValueError):
        return False
    return _dump(parser)


def _dump(parser: configparser.RawConfigParser) -> str:
    import io

    out = io.StringIO()
    parser.write(out)
    return out.getvalue()


def read_only(files: Mapping[str, str | None], path: str) -> dict[str, str]:
    """`section.key` → value of one file (for tests and callers that inspect a written file)."""
    return _file_items(files.get(path))
