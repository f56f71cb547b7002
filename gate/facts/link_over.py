"""What `ln`, `cp -s` and `cp -l` do where the new name is already there (a file, a link).

GNU coreutils 9.1, measured: without a replacing option the command fails ("File exists") and
leaves the name as it was. Long options are taken by any unique prefix (`--fo` is --force,
`--ba` --backup); `-S SUFFIX`/`--suffix` alone makes a backup and so replaces, as -b does,
unless `--backup=none|off` (whose word is also taken by a unique prefix) turns backups off.
ln's -f and -i undo each other (the last wins); `-i` asks on stdin, so whether the name is
replaced depends on an answer gate cannot know. cp's -n keeps the name (it and -i: the last
wins), -u compares times gate does not have. busybox ln (Alpine's ln) takes -f and -b only:
its -S alone keeps the name, so does every long option (it refuses them) — where GNU and
busybox differ the outcome is not known either.
"""

from __future__ import annotations

from enum import Enum

from gate.argscan import Table
from gate.model import Command


class Over(Enum):
    """What the command leaves at a name that is already there."""

    REPLACES = "replaces"
    KEEPS = "keeps"
    MAY = "may"  # either: an answer on stdin, file times, or which ln the image has decides


LN_LONG = (
    "backup", "directory", "force", "help", "interactive", "logical", "no-dereference",
    "no-target-directory", "physical", "relative", "suffix", "symbolic", "target-directory",
    "verbose", "version",
)  # fmt: skip
CP_LONG = (
    "archive", "attributes-only", "backup", "context", "copy-contents", "debug", "dereference",
    "force", "help", "interactive", "link", "no-clobber", "no-dereference", "no-preserve",
    "no-target-directory", "one-file-system", "parents", "preserve", "recursive", "reflink",
    "remove-destination", "sparse", "strip-trailing-slashes", "suffix", "symbolic-link",
    "target-directory", "update", "verbose", "version",
)  # fmt: skip
# Short options whose value is the rest of the word or the next word.
_WITH_VALUE = {"ln": "St", "cp": "St"}
_BACKUP_WORDS = {
    "none": False, "off": False, "simple": True, "never": True, "existing": True, "nil": True,
    "numbered": True, "t": True,
}  # fmt: skip


def _getopt_long(names: tuple[str, ...]) -> Table:
    return Table(long_flags=frozenset(f"--{n}" for n in names), abbreviations=True)


# The long options as getopt_long resolves them (gate.argscan: exact, else a unique prefix).
LN_OPTIONS = _getopt_long(LN_LONG)
CP_OPTIONS = _getopt_long(CP_LONG)


def long_option(word: str, options: Table) -> str | None:
    """The option `--word` (`--word=value`) names, without its dashes, or None where it names
    none or several."""
    spec = options.spec(word.partition("=")[0])
    return None if spec is None else spec.name[2:]


def _backups(value: str) -> bool | None:
    """`--backup=VALUE` makes backups (True), turns them off (False) or fails (None): the
    word is taken by a unique prefix, an empty one is the default (measured)."""
    if not value:
        return True
    if value in _BACKUP_WORDS:
        return _BACKUP_WORDS[value]
    meant = {v for k, v in _BACKUP_WORDS.items() if k.startswith(value)}
    return meant.pop() if len(meant) == 1 else None


def over_existing(command: Command) -> Over:
    """What `ln`/`cp -s`/`cp -l` leave at a destination that is already there."""
    argv = command.argv
    program = argv[0].value.rsplit("/", 1)[-1] if argv and argv[0].known else ""
    if program not in ("ln", "cp"):
        return Over.REPLACES
    options = LN_OPTIONS if program == "ln" else CP_OPTIONS
    force = asks = backup = suffix = update = clobber_not = False
    backup_off = False
    words = [w.value for w in argv[1:]]
    k = 0
    while k < len(words):
        word = words[k]
        k += 1
        if word == "--":
            break
        if word.startswith("--"):
            name = long_option(word, options)
            if name is None:
                return Over.MAY  # refused here, maybe a newer coreutils' option: either
            value = word.partition("=")[2]
            if name in ("suffix", "target-directory") and "=" not in word:
                k += 1
            if name == "force":
                force, asks = True, asks and program == "cp"
            elif name == "remove-destination":
                force = True
            elif name == "interactive":
                asks, force = True, force and program == "cp"
                clobber_not = False
            elif name == "no-clobber":
                clobber_not, asks = True, False
            elif name == "backup":
                backup = True
                if "=" in word:  # the word chooses; `--backup` alone keeps the one chosen
                    made = _backups(value)
                    if made is None:
                        return Over.KEEPS  # an invalid backup word: the command does nothing
                    backup_off = not made
            elif name == "suffix":
                suffix = True
            elif name == "update":
                update = True
            continue
        if not word.startswith("-") or len(word) < 2:
            continue
        for at, letter in enumerate(word[1:], 1):
            if letter in _WITH_VALUE[program]:
                if at == len(word) - 1:
                    k += 1
                suffix |= letter == "S"
                break
            if letter == "f":
                force, asks = True, asks and program == "cp"
            elif letter == "i":
                asks, force = True, force and program == "cp"
                clobber_not = False
            elif letter == "n" and program == "cp":
                clobber_not, asks = True, False
            elif letter == "b":
                backup = True
            elif letter == "u" and program == "cp":
                update = True
    if backup_off:
        backup = suffix = False  # `--backup=none` wins over -b and -S in either order
    if program == "cp" and clobber_not:
        return Over.KEEPS  # also with -b, which cp then refuses altogether
    replaces = force or backup or suffix
    if program == "ln" and asks:
        return Over.MAY
    if not replaces:
        return Over.KEEPS
    if (program == "cp" and (asks or update)) or not (force or backup):
        return Over.MAY  # asked, by times, or -S alone (busybox: no backup, or no option)
    return Over.REPLACES
