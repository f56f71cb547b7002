"""An install whose HOME the gate cannot place, weighed against the user configs the build wrote.

After `USER NAME` for a user the build did not make as the gate reads it (a base image's user,
`adduser --system`, a uid, a home from a variable), HOME is unknown (UNKNOWN_HOME): the installers'
user-level configs (~/.pip/pip.conf, ~/.config/pip/pip.conf, ~/.config/uv/uv.toml,
~/.config/pypoetry/config.toml) are read from nowhere. Guessing /home/NAME could read a config
that is not the user's, or miss the one that is. So where the build wrote such a config under some
folder, the install is judged again as if that folder were HOME: when the answer differs (the
config switches sources on or off, or adds what to install), the install is unknown. A build that
wrote no user config, or only ones that change nothing, stays as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace

from gate.build_files import Files
from gate.facts.context import UNKNOWN_HOME, FactContext, ToolCall
from gate.model import Install, Unknown

# The user-level config files the extractors read below HOME.
USER_CONFIGS = (
    "/.pip/pip.conf",
    "/.config/pip/pip.conf",
    "/.config/uv/uv.toml",
    "/.config/pypoetry/config.toml",
)
_CONFIG_FOLDERS = tuple({c.rsplit("/", 1)[0] for c in USER_CONFIGS})
# Homes weighed per install; past this many the install is unknown without weighing the rest.
MAX_HOMES = 4
# Installs weighed per build (each weighing judges the install again per home); past this many an
# install whose HOME is unknown, in a build that wrote user configs, is unknown unweighed.
MAX_WEIGHED = 256

# Root's home is root's (builds write root's configs there all the time): a user the gate
# cannot place is taken not to share it.
_NOT_CANDIDATES = ("/root/",)
# Under UNKNOWN_HOME are the configs written while HOME was unknown (`pip config set --user`
# after `USER nobody`), read as this install's. Every user the gate cannot place shares that one
# name, so such a config may be another user's (`USER nobody`, then `USER 4242`): the install is
# also judged with a home that holds no user config.
NO_CONFIG_HOME = "/<a home without user configs>"

Extract = Callable[[ToolCall, FactContext], Install | None]


def candidates(files: Mapping[str, str | None]) -> dict[str, str]:
    """Each folder the build wrote a user config under → that config's path (the first one)."""
    if isinstance(files, Files):
        # The folders are far fewer than the files (`COPY . .`), and kept as files are added.
        folders = [f for f in files.folders() if f.endswith(_CONFIG_FOLDERS)]
        paths = [p for f in folders for t in USER_CONFIGS if (p := f + t[t.rindex("/") :]) in files]
    else:
        paths = list(files)
    found: dict[str, str] = {}
    for path in sorted(paths):
        if not path.endswith(USER_CONFIGS) or path.startswith(_NOT_CANDIDATES):
            continue
        for tail in USER_CONFIGS:
            if path.endswith(tail):
                home = path[: -len(tail)] or "/"
                found.setdefault(NO_CONFIG_HOME if home == UNKNOWN_HOME else home, path)
    return found


class Weigher:
    """Weighs the installs of one build: the folders holding user configs are found once per
    change of the files held (a scan of every folder per install took 26 s for 2,048 installs
    over 2,000 configs), and at most MAX_WEIGHED installs are judged again."""

    def __init__(self) -> None:
        self.weighed = 0
        self._seen: tuple[Files, int, dict[str, str]] | None = None

    def homes(self, files: Mapping[str, str | None]) -> dict[str, str]:
        if not isinstance(files, Files):
            return candidates(files)
        seen = self._seen
        if seen is None or seen[0] is not files or seen[1] != files.version:
            seen = self._seen = (files, files.version, candidates(files))
        return seen[2]

    def weigh(
        self, install: Install, call: ToolCall, ctx: FactContext, extract: Extract
    ) -> Install:
        homes = self.homes(ctx.files)
        if not homes:
            return install
        self.weighed += 1
        return weighed(install, call, ctx, extract, homes, self.weighed > MAX_WEIGHED)


def weighed(
    install: Install,
    call: ToolCall,
    ctx: FactContext,
    extract: Extract,
    homes: Mapping[str, str] | None = None,
    unweighed: bool = False,
) -> Install:
    """`install` (made with HOME unknown), unknown where a user config the build wrote would
    change it if its folder were HOME (`homes`: those folders, found in ctx.files when None).
    `unweighed`: past the build's bound, unknown without judging it again."""
    if homes is None:
        homes = candidates(ctx.files)
    if not homes:
        return install
    env = call.command.env
    mattering: list[str] = []
    for k, (home, path) in enumerate(sorted(homes.items())):
        if k >= MAX_HOMES or unweighed:
            mattering.append(path)  # past the bound: unknown, not weighed
            break
        moved = replace(call, command=replace(call.command, env={**env, "HOME": home}))
        other = extract(moved, ctx)
        if other is None or _verdict_inputs(other) != _verdict_inputs(install):
            mattering.append(path)
            break
    if not mattering:
        return install
    if mattering[0].startswith(UNKNOWN_HOME + "/"):
        reason = (
            "the user's HOME is not known (the gate does not read its passwd entry): the config "
            "written while HOME was unknown may be another user's, and without it this install "
            "would differ"
        )
    else:
        reason = (
            "the user's HOME is not known (the gate does not read its passwd entry): "
            f"{mattering[0]} may be its config, which would change this install"
        )
    return replace(install, unknowns=(*install.unknowns, Unknown(reason[:400], mattering[0])))


def _verdict_inputs(install: Install) -> tuple[object, ...]:
    """What of an install the policy weighs (not where each setting came from)."""
    binary = install.binary
    return (
        frozenset(binary.only_binary),
        frozenset(binary.no_binary),
        install.requirements,
        install.requirement_files,
        install.resolves,
        install.no_deps,
        frozenset(u.reason for u in install.unknowns),
    )
