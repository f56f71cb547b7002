"""The build's users and their homes, as the commands and files that make them leave them.

HOME after `USER NAME`, `su NAME`, `runuser -u NAME` or `sudo -u NAME` is the home of NAME's
passwd entry. The gate reads the entries a build makes: `useradd` (shadow-utils: `-d`/`--home-dir`,
`-b`/`--base-dir`, else /etc/default/useradd's HOME, /home, joined with the name; `-r` users get
one too), `adduser` (Debian's `--home DIR`, busybox's `-h DIR`, else /home/NAME; Debian's
`--system` gives /nonexistent since adduser 3.130, /home/NAME before, so that one is not placed),
`usermod -d`/`--home`/`-l`/`-u`, `userdel`, and lines a command or COPY writes to /etc/passwd.
What it cannot read (a home from a variable, /etc/passwd changed by a program it does not
follow) leaves the users it may concern unplaced: their HOME is unknown, never /home/NAME.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping, Sequence

from gate.argscan import Table, tokens, value_of
from gate.fast_replace import replace
from gate.model import Account, Command, Homes, Word

PASSWD = "/etc/passwd"
USERADD_DEFAULTS = "/etc/default/useradd"
_MAX_ACCOUNTS = 4096  # passwd entries held; a build making more is not a real one
_NONE = Homes(accounts=(), base=None)  # nothing known past root

# shadow-utils 4.13 useradd and usermod (getopt_long: permuted, unique prefixes of long names).
_USERADD = Table(
    short_value="bcdefgGkKpRPsuZ",
    long_value=frozenset(
        {"--base-dir", "--comment", "--home-dir", "--expiredate", "--inactive", "--gid"}
        | {"--groups", "--skel", "--key", "--password", "--root", "--prefix", "--shell"}
        | {"--uid", "--selinux-user"}
    ),
    long_flags=frozenset(
        {"--badname", "--btrfs-subvolume-home", "--defaults", "--add-subids-for-system"}
        | {"--help", "--no-log-init", "--create-home", "--no-create-home", "--no-user-group"}
        | {"--non-unique", "--system", "--user-group"}
    ),
    abbreviations=True,
)
_USERMOD = Table(
    short_value="cdefgGlpPRsuvVwWZ",
    long_value=frozenset(
        {"--comment", "--home", "--expiredate", "--inactive", "--gid", "--groups", "--login"}
        | {"--password", "--prefix", "--root", "--shell", "--uid", "--add-subuids"}
        | {"--del-subuids", "--add-subgids", "--del-subgids", "--selinux-user"}
    ),
    long_flags=frozenset(
        {"--append", "--badname", "--help", "--lock", "--move-home", "--non-unique"}
        | {"--remove", "--unlock"}
    ),
    abbreviations=True,
)
# Debian's adduser (Perl Getopt::Long: unique prefixes) and busybox's (getopt32: -h DIR, -S);
# both take `--home DIR`.
_ADDUSER = Table(
    short_value="hgsGuk",
    long_value=frozenset(
        {"--home", "--shell", "--gecos", "--comment", "--ingroup", "--gid", "--uid"}
        | {"--firstuid", "--lastuid", "--firstgid", "--lastgid", "--add-extra-groups"}
        | {"--conf", "--extrausers", "--skel", "--add_extra_groups"}
    ),
    long_flags=frozenset(
        {"--system", "--group", "--no-create-home", "--disabled-password", "--disabled-login"}
        | {"--empty-password", "--allow-all-names", "--allow-badname", "--force-badname"}
        | {"--quiet", "--debug", "--verbose", "--help", "--version", "--encrypt-home"}
    ),
    abbreviations=True,
)
_ADDUSER_SHORT = {"--home": "-h", "--uid": "-u"}
_DELETE = Table(short_value="R", long_value=frozenset({"--root", "--prefix"}))
# Programs that name /etc/passwd only to read it (or its mode).
_READERS = frozenset(
    {"cat", "grep", "egrep", "fgrep", "head", "tail", "cut", "sort", "wc", "ls", "stat", "test"}
    | {"[", "chmod", "chown", "chgrp", "getent", "diff", "cmp", "md5sum", "sha256sum", "file"}
    | {"awk", "gawk", "mawk", "less", "more", "echo", "printf", "id", "whoami"}
)
# Programs whose last operand is what they write.
_COPIERS = frozenset({"cp", "mv", "install", "ln", "rsync"})
_WRITES = frozenset({">", ">>", ">|", "&>", "&>>"})


def after(homes: Homes, command: Command) -> Homes:
    """The users after `command` ran."""
    # posixpath.basename, without two calls per command
    program = command.argv[0].value.rpartition("/")[2] if command.argv else ""
    if program == "useradd":
        homes = _useradd(homes, command.argv)
    elif program == "adduser":
        homes = _adduser(homes, command.argv)
    elif program == "usermod":
        homes = _usermod(homes, command.argv)
    elif program in ("userdel", "deluser"):
        homes = _userdel(homes, command.argv)
    elif _changes_passwd(program, command.argv):
        return replace(_NONE, base=homes.base)  # `sed -i … /etc/passwd`, `cp f /etc/passwd`
    for redirect in command.redirects:
        target = redirect.target
        if redirect.op in _WRITES and target is not None and target.value == PASSWD:
            homes = _written(homes, command, redirect.op)
    return homes


def _changes_passwd(program: str, argv: Sequence[Word]) -> bool:
    """A program the gate does not follow names /etc/passwd, not only to read it."""
    named = [k for k, w in enumerate(argv) if k and w.value == PASSWD]
    if not named or program in _READERS:
        return False
    if program in _COPIERS:
        return named[-1] == len(argv) - 1  # the destination, not a source
    return True


def after_file(homes: Homes, path: str, text: str | None) -> Homes:
    """The users after a COPY or heredoc wrote `path` (`text` None: bytes the gate lacks)."""
    if path == PASSWD:
        return _NONE if text is None else replace(homes, accounts=parse(text))
    if path == USERADD_DEFAULTS:
        return replace(homes, base=None if text is None else _default_base(text))
    return homes


def parse(text: str) -> tuple[Account, ...]:
    """The entries of a passwd file: `name:password:uid:gid:gecos:home:shell`."""
    found: list[Account] = []
    for line in text.splitlines():
        parts = line.split(":")
        if len(parts) < 7 or not parts[0] or parts[0].startswith(("+", "-", "#")):
            continue
        found.append(Account(parts[0], parts[2], parts[5] or "/"))
        if len(found) >= _MAX_ACCOUNTS:
            break
    return tuple(found)


def _default_base(text: str) -> str | None:
    """useradd's HOME default from /etc/default/useradd's text (the last HOME= line)."""
    base = "/home"
    for line in text.splitlines():
        key, eq, value = line.strip().partition("=")
        if eq and key == "HOME":
            base = value.strip()
    return base if base.startswith("/") else None


def _add(homes: Homes, account: Account) -> Homes:
    if any(a.name == account.name for a in homes.accounts):
        return homes  # "user already exists": the tool fails, the entry stays
    if len(homes.accounts) >= _MAX_ACCOUNTS:
        return homes
    return replace(homes, accounts=(*homes.accounts, account))


# Long options by the short name the code reads them under.
_SHORT = {
    "--base-dir": "-b",
    "--home-dir": "-d",
    "--home": "-d",
    "--uid": "-u",
    "--login": "-l",
    "--defaults": "-D",
    "--root": "-R",
    "--prefix": "-P",
    "--help": "-h",
}


def _operands(
    argv: Sequence[Word], table: Table, aliases: Mapping[str, str] = _SHORT
) -> tuple[dict[str, Word | None], list[Word]]:
    """Options by short name (last value wins; a flag maps to None) and operands of a
    permuting getopt tool."""
    options: dict[str, Word | None] = {}
    operands: list[Word] = []
    for token in tokens(argv, 1, table):
        if token.kind == "operand" or (token.kind == "unknown" and argv[token.index].whole):
            operands.append(argv[token.index])  # a quoted `"$U"` is taken as the user it names
        elif token.kind == "unknown":
            options["?"] = argv[token.index]  # `$FLAGS`: any option at all
        elif token.kind == "option":
            options[aliases.get(token.name, token.name)] = value_of(token, argv, _word)
    return options, operands


def _word(text: str, known: bool) -> Word:
    return Word(text, known)


def _path(word: Word | None) -> str | None:
    """A home given on the command line, None when the gate cannot read it."""
    if word is None or not word.known or not word.value.startswith("/"):
        return None
    return posixpath.normpath(word.value)


def _uid(options: dict[str, Word | None], name: str) -> str | None:
    word = options.get(name)
    return word.value if word is not None and word.known else None


def _useradd(homes: Homes, argv: Sequence[Word]) -> Homes:
    options, operands = _operands(argv, _USERADD)
    if "-R" in options or "-P" in options or "-h" in options:
        return homes  # another root's files, or no user at all
    if "-D" in options:
        if "-b" in options:
            return replace(homes, base=_path(options["-b"]))
        return homes
    if len(operands) != 1 or not operands[0].known or "?" in options:
        return _unplaced(homes, operands)
    name = operands[0].value
    if "-d" in options:
        home = _path(options["-d"])
    elif "-b" in options:
        base = _path(options["-b"])
        home = None if base is None else posixpath.join(base, name)
    else:
        home = None if homes.base is None else posixpath.join(homes.base, name)
    return _add(homes, Account(name, _uid(options, "-u"), home))


def _adduser(homes: Homes, argv: Sequence[Word]) -> Homes:
    options, operands = _operands(argv, _ADDUSER, _ADDUSER_SHORT)
    if any(o in options for o in ("--help", "--version", "--conf")):
        return homes
    if "?" in options or not operands or not all(w.known for w in operands):
        return _unplaced(homes, operands)
    if len(operands) == 2 and len(options) <= int("--quiet" in options):
        return homes  # `adduser USER GROUP`: an existing user joins a group
    if len(operands) != 1:
        return _unplaced(homes, operands)
    name = operands[0].value
    if "-h" in options:
        home = _path(options["-h"])
    elif "--system" in options:
        home = None  # /nonexistent from Debian's adduser 3.130 on, /home/NAME before and in busybox
    else:
        home = posixpath.join("/home", name)  # adduser.conf DHOME; busybox's fixed /home
    return _add(homes, Account(name, _uid(options, "-u"), home))


def _usermod(homes: Homes, argv: Sequence[Word]) -> Homes:
    options, operands = _operands(argv, _USERMOD)
    if "-R" in options or "-P" in options:
        return homes
    if len(operands) != 1 or not operands[0].known or "?" in options:
        if not ({"-d", "-l", "-u", "?"} & options.keys()):
            return homes  # `usermod -aG docker "$U"` changes no home or name
        return replace(_NONE, base=homes.base)
    name = operands[0].value
    accounts = list(homes.accounts)
    for k, account in enumerate(accounts):
        if account.name != name:
            continue
        if "-d" in options:
            account = replace(account, home=_path(options["-d"]))
        if "-u" in options:
            account = replace(account, uid=_uid(options, "-u"))
        if "-l" in options:
            login = options["-l"]
            if login is None or not login.known:
                return replace(homes, accounts=tuple(a for a in accounts if a.name != name))
            account = replace(account, name=login.value)
        accounts[k] = account
        break
    return replace(homes, accounts=tuple(accounts))


def _userdel(homes: Homes, argv: Sequence[Word]) -> Homes:
    options, operands = _operands(argv, _DELETE)
    if "-R" in options or "-P" in options:
        return homes
    gone = {w.value for w in operands} if all(w.known for w in operands) else None
    if gone is None:
        return replace(_NONE, base=homes.base)
    return replace(homes, accounts=tuple(a for a in homes.accounts if a.name not in gone))


def _unplaced(homes: Homes, operands: Sequence[Word]) -> Homes:
    """A user made in a way the gate cannot read: its name, when known, has no home it can
    place (a later `USER` of it is unknown); an unknown name may be any user not yet listed."""
    if len(operands) >= 1 and operands[0].known:
        return _add(homes, Account(operands[0].value, None, None))
    return homes


def _written(homes: Homes, command: Command, op: str) -> Homes:
    """`echo 'app:x:…:/app:/bin/sh' >> /etc/passwd` (or `cat >> /etc/passwd <<EOF`): the
    lines it adds are read; a write of anything else leaves every user unplaced."""
    text = _output(command)
    if text is None:
        return replace(_NONE, base=homes.base)
    accounts = parse(text)
    if op in (">>", "&>>"):
        kept = homes.accounts
        names = {a.name for a in kept}
        # An appended line for a name already there is not the one getpwnam finds.
        accounts = (*kept, *(a for a in accounts if a.name not in names))
    return replace(homes, accounts=accounts[:_MAX_ACCOUNTS])


def _output(command: Command) -> str | None:
    """What `echo`, `printf '%s\\n'` or `cat <<EOF` print, when the gate can tell."""
    argv = command.argv
    program = posixpath.basename(argv[0].value)
    if not all(w.known for w in argv):
        return None
    if program == "echo":
        words = [w.value for w in argv[1:]]
        while words and words[0] in ("-e", "-n", "-E"):
            words.pop(0)
        if any("\\" in w for w in words):
            return None  # escapes that dash's echo reads and bash's does not
        return " ".join(words) + "\n"
    if program == "printf" and len(argv) >= 2 and argv[1].value in ("%s\\n", "%s\n"):
        return "".join(w.value + "\n" for w in argv[2:])
    if program == "cat" and len(argv) == 1:
        bodies = [r.content for r in command.redirects if r.op in ("<<", "<<-", "<<<")]
        if len(bodies) == 1 and bodies[0] is not None:
            return bodies[0]
    return None
