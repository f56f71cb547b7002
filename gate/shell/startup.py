"""The start-up files a shell reads before its script, for a RUN's own shell (`SHELL ["/bin/bash",
"-l", "-c"]`) and for one started inside a RUN (`bash -lc '…'`, `BASH_ENV=f bash -c '…'`).

Measured with bash 5.2 and dash 0.5.12 (HOME, BASH_ENV and ENV each naming a file that says it
was read):

- bash, login (`-l`, `--login`): /etc/profile, then the first of ~/.bash_profile, ~/.bash_login,
  ~/.profile; `--noprofile` reads none. Debian's and Alpine's /etc/profile sources
  /etc/profile.d/*.sh, and the ~/.profile Debian gives root sources ~/.bashrc under bash.
- bash, interactive (`-i`) and not login: /etc/bash.bashrc (Debian builds it in), ~/.bashrc, or
  the `--rcfile` file instead; `--norc` reads none.
- bash, not interactive (`bash -c`, `bash -lc`, `bash script`): $BASH_ENV, after the login files.
  `--posix` (and bash run as `sh`) reads as sh does.
- sh (dash, ash, bash as sh): login: /etc/profile, ~/.profile; interactive: $ENV (`sh -c`
  reads nothing).

Each file is walked as `. FILE` in the shell that reads it (gate/shell/walk.py), so an
activate script or an installer setting in it reaches the script's commands, as for a file the
script sources itself. `held`: the start-up files the build holds when the step begins (None
before the facts layer has told): it picks the one login profile bash reads and the
/etc/profile.d files.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from gate.shell.wrappers import bash_options, program_name

# bash options that take the next word as their value.
_VALUED_LONG = frozenset({"--rcfile", "--init-file"})
_VALUED_SHORT = frozenset("oO")
_PROFILE_D = re.compile(r"/etc/profile\.d/[^/]+\.sh")
# The label a start-up file's `. FILE` is walked under (Command.wrappers ends with it).
LABEL = "start-up"
LABEL_MAYBE = "start-up, if the base image's ~/.profile reads it"
# Names of the files any shell may read at start-up, wherever HOME is: the facts layer hands
# the shell layer those the build holds (Run.startup).
_NAMES = frozenset({".bash_profile", ".bash_login", ".profile", ".bashrc"})


def is_startup_path(path: str) -> bool:
    """Whether `path` may be a start-up file of some shell (for Run.startup)."""
    return (
        path in ("/etc/profile", "/etc/bash.bashrc")
        or _PROFILE_D.fullmatch(path) is not None
        or posixpath.basename(path) in _NAMES
    )


@dataclass(frozen=True)
class Startup:
    """The files one shell start reads, in order, and the variable naming one gate cannot
    place (`$BASH_ENV` set to a value it does not know), or "". A home gate does not know
    reads nothing (the base image's files there are not known either)."""

    files: tuple[str, ...]
    unplaced: str = ""
    # Files among `files` read only if a base image's file gate does not hold says so (the
    # ~/.bashrc Debian's ~/.profile sources; Ubuntu's root ~/.bashrc returns at once when not
    # interactive): walked, never carried, so what they set is `unknown` (LABEL_MAYBE).
    maybe: tuple[str, ...] = ()


def startup_files(
    argv: Sequence[str], env: Mapping[str, str | None], held: Collection[str] | None
) -> Startup:
    """What the shell `argv` (its program and options; the script or `-c` text may follow)
    reads before its script, with the environment `env`."""
    if not argv:
        return Startup(())
    name = program_name(argv[0])
    login, interactive, posix, noprofile, norc = name.startswith("-"), False, False, False, False
    rcfile: str | None = None
    i = 1
    while i < len(argv):
        word = argv[i]
        if word in ("-", "--") or word[:1] not in ("-", "+") or len(word) < 2:
            break
        if word.startswith("--"):
            login |= word == "--login"
            posix |= word == "--posix"
            noprofile |= word == "--noprofile"
            norc |= word == "--norc"
            if word in _VALUED_LONG:
                rcfile = argv[i + 1] if i + 1 < len(argv) else None
                i += 1
            i += 1
            continue
        letters = word[1:]
        values = argv[i + 1 : i + 1 + sum(1 for c in letters if c in _VALUED_SHORT)]
        if word[0] == "-":
            login |= "l" in letters
            interactive |= "i" in letters
            posix |= "o" in letters and "posix" in values  # `-o posix`, as `--posix`
        i += 1 + len(values)
    bash = name.lstrip("-") in ("bash", "rbash") and not posix
    home_value = env.get("HOME", "/root")
    home = None if home_value is None else home_value or "/root"
    files: list[str] = []
    if login and not (bash and noprofile):
        files.append("/etc/profile")
        if bash and interactive:
            files.append("/etc/bash.bashrc")  # Debian's /etc/profile sources it when PS1 is set
        if held is not None:
            files += sorted(p for p in held if _PROFILE_D.fullmatch(p))
        if home is not None:
            files += _profile(home, bash, held)
    if bash and interactive and not login and not norc:
        if rcfile is not None:
            files.append(rcfile)
        else:
            files.append("/etc/bash.bashrc")
            if home is not None:
                files.append(f"{home}/.bashrc")
    variable = ("" if interactive else "BASH_ENV") if bash else ("ENV" if interactive else "")
    if "privileged" in bash_options(argv):
        variable = ""  # a privileged bash reads neither $BASH_ENV nor $ENV
    unplaced = ""
    if variable and variable in env:
        value = env[variable]
        if value is None:
            unplaced = f"${variable}"
        elif value:
            files.append(value)
    maybe: tuple[str, ...] = ()
    if (
        bash
        and login
        and not noprofile
        and home is not None
        and (held is None or not any(p in held for p in _profiles(home, bash)))
    ):
        maybe = (f"{home}/.bashrc",)
    return Startup(tuple(dict.fromkeys(files)), unplaced, maybe)


def _profile(home: str, bash: bool, held: Collection[str] | None) -> list[str]:
    """The login profile read from `home`: bash's first of ~/.bash_profile, ~/.bash_login,
    ~/.profile, sh's ~/.profile. None of them held: the base image's ~/.profile, which Debian
    gives root sourcing ~/.bashrc under bash. Not told (None): every one of them."""
    profiles = _profiles(home, bash)
    fallback = [f"{home}/.profile", *([f"{home}/.bashrc"] if bash else [])]
    if held is None:
        return list(dict.fromkeys([*profiles, *fallback]))
    first = next((p for p in profiles if p in held), None)
    return [first] if first is not None else fallback


def _profiles(home: str, bash: bool) -> list[str]:
    names = (".bash_profile", ".bash_login", ".profile") if bash else (".profile",)
    return [f"{home}/{n}" for n in names]
