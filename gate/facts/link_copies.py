"""What `cp`, `mv` and `rsync` do with a symbolic link, and where `ln` puts a new one.

GNU coreutils 9.1, checked: `cp -a|-d|-P|-r|-R LINK NEW` and `mv LINK NEW` make NEW a link to
the same target (plain `cp`, `cp -L`, `cp -H` copy the target's bytes); rsync keeps links with
`-l`/`-a`. Reading NEW later reads the target as it is then, so a write into the target after
the copy is what NEW holds (gate took the target's text at the copy: a later `echo
--no-binary :all: >> TARGET` was not seen). `ln -s[f] T L`, where L is a link to a folder and
neither -n nor -T is given, makes L/NAME inside that folder (it does not replace L).
"""

from __future__ import annotations

from gate.build_files import Files
from gate.facts.file_writes import copies
from gate.facts.link_over import CP_OPTIONS, LN_OPTIONS, long_option
from gate.model import Command, Link

# cp's options that keep a link as a link, and those that follow it (the last one given wins;
# -L and -H follow, as does a plain cp).
_KEEP_LONG = frozenset({"--no-dereference", "--archive", "--recursive"})
_FOLLOW_LONG = frozenset({"--dereference"})
# kept_links's programs (the last `/` part: the walker asks it only of them).
LINK_KEEPERS = frozenset({"cp", "mv", "rsync"})


def kept_links(command: Command, cwd: str, files: Files) -> list[tuple[str, Link]]:
    """(new path, link) of each link the command copies or moves as a link."""
    argv = command.argv
    if not argv or not argv[0].known:
        return []
    program = argv[0].value.rsplit("/", 1)[-1]
    if program not in LINK_KEEPERS or not all(w.known for w in argv[1:]):
        return []
    if program != "mv" and not _keeps(program, [w.value for w in argv[1:]]):
        return []
    out: list[tuple[str, Link]] = []
    for source, new in copies(command, cwd):
        at = files.through(source, last=False)
        raw = files.content(at)
        if isinstance(raw, Link) and (program == "mv" or not raw.hard):
            # A hard link moved keeps its bytes' name; copied, it is a file of its bytes.
            out.append((new, raw.moved(at, new)))
    return out


def relative_links(command: Command, cwd: str) -> set[str]:
    """The new names of `ln -s` links whose target is written relative to their folder."""
    argv = command.argv
    if not argv or not argv[0].known or argv[0].value.rsplit("/", 1)[-1] != "ln":
        return set()
    return {new for text, new in copies(command, cwd, written=True) if not text.startswith("/")}


def _keeps(program: str, words: list[str]) -> bool:
    keep = False
    for word in words:
        if word == "--":
            break
        if word.startswith("--"):
            if program == "cp":
                keep = True if word in _KEEP_LONG else False if word in _FOLLOW_LONG else keep
            else:
                keep |= word in ("--links", "--archive")
        elif word.startswith("-") and len(word) > 1:
            for letter in word[1:]:
                if program == "rsync":
                    keep |= letter in "la"
                elif letter in "adPrR":
                    keep = True
                elif letter in "LH":
                    keep = False
    return keep


_LN_STOPS = ("no-target-directory", "no-dereference")
_CP_STOPS = ("no-target-directory",)


def dereferences_dest(command: Command) -> bool:
    """`ln`/`cp -s` take a destination that is a link to a folder as that folder: not with
    ln's -n/--no-dereference, nor -T/--no-target-directory (cp's -n is --no-clobber)."""
    argv = command.argv
    program = argv[0].value.rsplit("/", 1)[-1] if argv and argv[0].known else ""
    stops = {"T", "n"} if program == "ln" else {"T"}
    known, names = (LN_OPTIONS, _LN_STOPS) if program == "ln" else (CP_OPTIONS, _CP_STOPS)
    for word in argv[1:]:
        value = word.value
        if value == "--":
            break
        if value.startswith("--") and long_option(value, known) in names:
            return False  # also a unique prefix: `--no-t`, `--no-d`
        if value.startswith("-") and not value.startswith("--") and set(value[1:]) & stops:
            return False
    return True


def edited_name(command: Command, path: str, files: Files) -> str:
    """The file an in-place edit of `path` changes: the link's target under `sed -i
    --follow-symlinks` (GNU sed 4.9, checked; a plain `sed -i` puts a new file at `path`)."""
    argv = command.argv
    sed = bool(argv) and argv[0].known and argv[0].value.rsplit("/", 1)[-1] == "sed"
    if sed and any(w.value == "--follow-symlinks" for w in argv[1:]):
        return files.through(path)
    return path
