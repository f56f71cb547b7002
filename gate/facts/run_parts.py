"""`run-parts DIR`: the files of a folder run one by one, each by its path.

Measured in a throwaway folder (Debian's run-parts 5.7, BusyBox 1.35's applet): each runs the
executable files directly in DIR (not beneath it) in name order, with the `--arg`/`-a` words
after each; `--test`/`--list` only print the names. Debian's takes a name only if it is made
of `[A-Za-z0-9_-]` (`--regex RE`: any name RE finds; `--lsbsysinit`: the LSB names), and execs
it directly, so a file without a `#!` line fails (Exec format error) and runs nothing; BusyBox's
also takes a dot after the first letter (`40.sh`) and runs a file without `#!` under sh. gate
does not know which run-parts a base image has: a file both run is walked as `DIR/NAME ARGS`
is; one only one of them runs is unknown where it says it installs. gate keeps no mode bits:
a file that is not executable (skipped by both) is taken as run, as `./f` is.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Sequence
from dataclasses import dataclass

from gate.build_files import Files
from gate.facts.programs import WHOLE_EXPANSION
from gate.model import Word

PROGRAM = "run-parts"
MAX_PARTS = 256  # files in one folder read and walked; more is unknown
LINE = 64  # the filter work of reading one file and adding its run to the walk
_DEBIAN_NAME = re.compile(r"[A-Za-z0-9_-]+")
_BUSYBOX_NAME = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9_.-]*")
# Debian's --lsbsysinit (run-parts.c): an LSB hierarchical name, or a Debian cron-script name
# that is no dpkg leftover.
_LSB_HIERARCHICAL = re.compile(r"_?([a-z0-9_.]+-)+[a-z0-9]+")
_LSB_TRADITIONAL = re.compile(r"[a-z0-9][a-z0-9-]*")
_DPKG_LEFTOVER = re.compile(r"[a-z0-9-].*dpkg-(old|dist|new|tmp)")
# Options that print the names instead of running them, or run nothing at all.
_RUNS_NOTHING = frozenset({"--test", "--list", "-h", "--help", "-V", "--version"})
_VALUED = frozenset({"-a", "--arg", "-u", "--umask", "--regex"})
_FLAGS = frozenset(
    {"--report", "--reverse", "--verbose", "-v", "--debug", "-d", "--exit-on-error"}
    | {"--new-session", "--lsbsysinit", "--stdin"}
)


@dataclass(frozen=True)
class Parts:
    """What `run-parts` runs: a shell text running each file sure to run by its path, and why
    what else it may run is unknown."""

    folder: str
    text: str
    unknown: tuple[str, ...]


@dataclass
class _Options:
    args: list[Word]
    regex: str | None = None
    lsb: bool = False
    folder: Word | None = None
    unread: Word | None = None  # a word gate cannot read where an option or the folder stands


def parts(argv: Sequence[Word], cwd: str, files: Files, busybox: bool) -> Parts | None:
    """What `argv` (a run-parts command line) runs from the files the build holds, or None: it
    runs nothing, or only files gate does not hold (a base image's /etc/cron.daily)."""
    got = _read_options(argv)
    if got is None:
        return None
    if got.unread is not None:
        why = f"run-parts runs the files of {got.unread.value[:200]}, of a value gate cannot know"
        return Parts(got.unread.value, "", (why,))
    if got.folder is None:
        return None
    folder = _absolute(got.folder.value, cwd)
    from gate.facts import filter_work
    from gate.facts.mentions import name_search  # mentions reads the scripts module

    tree = files.tree_above(folder)
    if tree is not None:
        # A folder fetched or unpacked whole: its files are not listed, any may run.
        why = f"run-parts runs the files of {folder}, {tree[1].why}: what they run is unknown"
        return Parts(folder, "", (why,))
    # A look at every held path, then a read of each file in the folder: charged to the
    # build's filter work, and the files read are capped (each becomes a script to walk).
    prefix = folder.rstrip("/") + "/"
    held = (
        sorted(p for p in files if p.startswith(prefix) and "/" not in p[len(prefix) :])
        if filter_work.afford(len(files))
        else None
    )
    if held is None or len(held) > MAX_PARTS or not filter_work.afford(LINE * len(held)):
        return Parts(folder, "", (f"run-parts runs the files of {folder}: too many to follow",))
    words = (
        " ".join(shlex.quote(w.value) for w in got.args) if all(w.known for w in got.args) else ""
    )
    lines: list[str] = []
    unknown: list[str] = []
    for path in held:
        sure, maybe = _taken(path[len(prefix) :], got, busybox)
        if not maybe:
            continue
        text = files.get(path)
        if text is None and files.unread(path) is None:
            continue  # not there now (removed)
        if text is None:
            unknown.append(f"run-parts runs {path}, {files.unread(path)}: what it runs is unknown")
            continue
        if sure and (busybox or text.startswith("#!")):
            lines.append(f"{shlex.quote(path)} {words}".rstrip())
        elif name_search(text) is not None:
            unknown.append(
                f"run-parts may run {path}, which names an installer (Debian's and BusyBox's "
                "run-parts differ on which files they run)"
            )
    if not lines and not unknown:
        return None
    return Parts(folder, "\n".join(lines) + "\n" if lines else "", tuple(unknown))


def _read_options(argv: Sequence[Word]) -> _Options | None:
    got = _Options(args=[])
    i, n = 1, len(argv)
    while i < n:
        word = argv[i]
        value = word.value
        if not word.known and not value.startswith("-"):
            if WHOLE_EXPANSION.fullmatch(value) is not None:
                got.unread = word  # an option or the folder: either way, unknown
            return got  # else a folder beneath one of unknown value: not one gate holds
        if value == "--":
            i += 1
            break
        if not value.startswith("-") or value == "-":
            break
        option, eq, attached = value.partition("=")
        if option in _RUNS_NOTHING:
            return None
        if option in _VALUED:
            given = Word(attached, word.known) if eq else argv[i + 1] if i + 1 < n else None
            i += 1 if eq else 2
            _take(got, option, given)
            continue
        if option[:2] in ("-a", "-u") and not option.startswith("--"):
            _take(got, option[:2], Word(value[2:], word.known))  # `-aX`: the value attached
            i += 1
            continue
        if not word.known:
            # `--reg"$X"`, `-"$V"`: an option gate cannot read may be one that picks the names.
            got.regex = "" if option.startswith("--r") or len(option) < 3 else got.regex
            i += 1
            continue
        if option == "--lsbsysinit":
            got.lsb = True
        # Any other option (`--report`, `-v`, one gate does not know) changes nothing it runs.
        i += 1
    if i < n:
        if argv[i].known:
            got.folder = argv[i]
        elif WHOLE_EXPANSION.fullmatch(argv[i].value) is not None:
            got.unread = argv[i]
    return got


def _take(got: _Options, option: str, given: Word | None) -> None:
    if option in ("-a", "--arg") and given is not None:
        got.args.append(given)
    elif option == "--regex" and given is not None:
        got.regex = given.value if given.known else ""


def _taken(name: str, got: _Options, busybox: bool) -> tuple[bool, bool]:
    """Whether a file of this name runs under every run-parts (sure), and under some (maybe)."""
    if got.regex is not None:
        # Debian's only (BusyBox's has no --regex: it refuses the command). A pattern Python
        # reads otherwise than POSIX's regcomp, an unknown one, or one whose backtracking could
        # run long on a hostile name (`(a+)+$`) may take any name.
        if not _plain_pattern(got.regex):
            return False, True
        try:
            found = re.search(got.regex, name) is not None
        except re.error:
            return False, True
        return found, found
    if got.lsb:  # Debian's only, as --regex
        sure = _LSB_HIERARCHICAL.fullmatch(name) is not None or (
            _LSB_TRADITIONAL.fullmatch(name) is not None and not _DPKG_LEFTOVER.fullmatch(name)
        )
        return sure, sure
    debian = _DEBIAN_NAME.fullmatch(name) is not None
    other = _BUSYBOX_NAME.fullmatch(name) is not None
    if busybox:
        return other, other
    return debian, debian or other


# At most one repeat, none of a group, no back-reference: a search is at worst quadratic in
# the name (at most 255 bytes).
_REPEATS = re.compile(r"[*+?]|\{\d")
_GROUP_REPEATED = re.compile(r"\)\s*(?:[*+?]|\{\d)|\\[1-9]")


def _plain_pattern(pattern: str) -> bool:
    return (
        0 < len(pattern) <= 256
        and len(_REPEATS.findall(pattern)) <= 1
        and _GROUP_REPEATED.search(pattern) is None
    )


def _absolute(path: str, cwd: str) -> str:
    from gate.facts.scripts import file_path  # scripts reads this module

    return file_path(cwd, path)
