"""Peeling of programs that run another program: sudo, env, xargs, find -exec, sh -c, su -c, …

`peel` turns one argv into the command(s) it really runs, with the environment those see and the
wrappers that were taken off (outermost first). A shell invocation with a script (`bash -c '…'`,
`cmd /S /C …`, `powershell -Command …`) comes back as a `Peeled` with `script` set, for the walker
to recurse into.

Over 600 lines: one peeler per wrapper family with its own option syntax; each is short and they
share the peel loop. The getopt-style ones (sudo, env, xargs, su, flock, and the table of runners
in runners.py) read their options through gate.argscan; a shell's `-o NAME`/`+o`, cmd's `/C` and
PowerShell's `-Command` prefixes are other grammars, and find's `-exec … ;` is an expression.
"""

from __future__ import annotations

import binascii
import re
import shlex
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from gate.argscan import Table, Token, argument, tokens, value_of
from gate.fast_replace import replace
from gate.model import Homes
from gate.shell.expand import Field, from_text, to_text
from gate.shell.runners import Syntax, run_by, scan
from gate.shell.state import OPEN_MARK

Dialect = Literal["posix", "cmd", "powershell"]
Env = dict[str, str | None]

POSIX_SHELLS = frozenset(
    {"sh", "bash", "dash", "ash", "zsh", "ksh", "mksh", "pdksh", "yash", "rbash", "lksh"}
)
# NAME=value, also an exported bash function's `BASH_FUNC_f%%=() { … }` (env passes any name).
_ASSIGN = re.compile(r"(?:[A-Za-z_][A-Za-z0-9_]*|BASH_FUNC_[^=%\s]+%%)=")
_MAX_PEEL = 32
# The label of bash's `time` keyword taking the assignments after it as its command's prefix:
# the program then starts from bash, whose environment order pip's options follow (facts/pip.py).
BASH_TIME = "time (bash keyword)"


@dataclass(frozen=True)
class Peeled:
    """What one command runs once its wrappers are off."""

    argv: tuple[Field, ...]
    env: Env
    wrappers: tuple[str, ...] = ()
    stdin_args: bool = False
    # A script this command hands to a shell (`sh -c SCRIPT`); `dialect` says which grammar.
    script: Field | None = None
    dialect: Dialect = "posix"
    # A shell that reads its script from standard input (`bash`, `sh -s`, `bash -s -- args`).
    stdin_shell: bool = False
    # Folders the wrappers move into before running it (`env -C DIR`, `find -execdir`), in
    # order; an unknown one is a folder the gate cannot tell.
    chdir: tuple[Field, ...] = ()


def program_name(value: str) -> str:
    """`/usr/bin/sudo` → `sudo`; `C:\\Python\\python.exe` → `python.exe`."""
    if "/" not in value and "\\" not in value:
        return value  # most words: asked of every word of every command
    return value.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]


def invocation_options(argv: Sequence[Field]) -> frozenset[str]:
    """The options bash is started with that change how it reads a script, as they stand once
    its options are read (a later `+p` undoes `-p`): `posix` (`--posix`, `-o posix`: it expands
    aliases in scripts too), `allexport` (`-a`, `-o allexport`: it exports the functions it
    defines), `lastpipe` (`-O lastpipe`), `privileged` (`-p`, `-o privileged`) and
    `restricted` (`-r`, `--restricted`, run as rbash): either keeps bash from importing
    exported functions, SHELLOPTS and BASHOPTS, and a privileged bash reads no $BASH_ENV (bash
    5.2 measured). Options end at the first word that is none; `unread` says one the gate
    cannot read came first (`bash $OPTS -c …`)."""
    if not argv or not argv[0].known:
        return frozenset()
    return bash_options([a.value if a.known else None for a in argv])


# `set -o NAME` options bash's start reads here; the letters that stand for them.
_NAMED_OPTIONS = frozenset({"posix", "allexport", "privileged"})
_LETTERS = {"a": "allexport", "p": "privileged"}


def bash_options(words: Sequence[str | None]) -> frozenset[str]:
    """`invocation_options` of a command line's words (its program first; None: a word the
    gate cannot read)."""
    name = program_name(words[0]).lstrip("-") if words and words[0] is not None else ""
    if name not in ("bash", "rbash"):
        return frozenset()
    on: set[str] = {"restricted"} if name == "rbash" else set()
    k = 1
    while k < len(words):
        word = words[k]
        k += 1
        if word is None:
            on.add("unread")
            break
        if not word.startswith(("-", "+")) or len(word) < 2:
            break
        if word == "--":
            break
        if word.startswith("--"):
            if word == "--posix":
                on.add("posix")
            elif word == "--restricted":
                on.add("restricted")
            elif word in ("--rcfile", "--init-file"):
                k += 1  # its file
            continue
        turn = on.add if word[0] == "-" else on.discard
        for letter in word[1:]:
            if letter in _LETTERS:
                turn(_LETTERS[letter])
            elif letter == "r" and word[0] == "-":
                on.add("restricted")  # `+r` does not lift it
            elif letter in "oO":
                # Each `o`/`O` of a cluster takes the next word (`-po privileged`, `-op …`).
                value = words[k] if k < len(words) else ""
                if value is None:
                    on.add("unread")
                elif value in (_NAMED_OPTIONS if letter == "o" else ("lastpipe",)):
                    turn(value)
                k += 1
    return frozenset(on)


def starts_noclobber(argv: Sequence[Field]) -> bool:
    """Whether a shell (`sh -C -c …`, `bash -o noclobber …`, bash and dash alike) may start with
    noclobber on: a word among its options the gate cannot read may turn it on."""
    if not argv or not argv[0].known or program_name(argv[0].value) not in POSIX_SHELLS:
        return False
    on, k = False, 1
    while k < len(argv):
        word = argv[k]
        k += 1
        if not word.known:
            return True
        v = word.value
        if not v.startswith(("-", "+")) or len(v) < 2 or v == "--":
            break
        if v.startswith("--"):
            k += v in ("--rcfile", "--init-file")  # their file
            continue
        if "C" in v:
            on = v[0] == "-"
        for letter in v[1:]:
            if letter in "oO":
                # Each `o`/`O` of a cluster takes the next word (`-eo noclobber`).
                named = argv[k] if k < len(argv) else Field("")
                if not named.known or named.value == "noclobber":
                    on = v[0] == "-" or (on and not named.known)
                k += 1
    return on


def windows_name(value: str) -> str:
    """`C:\\Windows\\System32\\CMD.EXE` → `cmd` (case folded, `.exe` dropped)."""
    name = program_name(value).lower()
    return name[:-4] if name.endswith(".exe") else name


# The folder `find -execdir` runs its body in: the found file's, which the shell layer cannot tell.
FIND_FOLDER = Field("{}/..", known=False)


def _unknown_placeholder(w: Field) -> Field:
    return Field(w.value, known=False, may_be_option=False)


def _assignments(argv: Sequence[Field], i: int, env: Env) -> int:
    """Apply leading NAME=value words to `env`; index of the first word that is not one."""
    while i < len(argv) and _ASSIGN.match(argv[i].value) and not argv[i].may_be_option:
        name, _, value = argv[i].value.partition("=")
        env[to_text(name)] = to_text(value) if argv[i].known else None
        i += 1
    return i


@dataclass
class _Step:
    """One wrapper taken off: the label, where the inner command starts, its environment."""

    label: str
    start: int
    env: Env
    stdin_args: bool = False
    # xargs -I R: every word holding R gets an input line in its place, unknown here
    replace: str | None = None
    # `sudo -s`, `sudo -i`, `doas -s` with no command: a shell reading standard input.
    shell: bool = False
    chdir: Field | None = None  # `env -C DIR`, `sudo -D DIR`


_DOAS = Syntax(short_value="uC")
_DOAS_TABLE = Table(short_value="uC")
# sudo 1.9's getopt_long options (a unique prefix of a long name is that name).
_SUDO = Table(
    short_value="ugCDhprtTUcaR",
    long_value=frozenset(
        {"--user", "--group", "--close-from", "--chdir", "--host", "--prompt", "--role"}
        | {"--type", "--command-timeout", "--other-user", "--login-class", "--chroot"}
        | {"--auth-type"}
    ),
    long_attached=frozenset({"--preserve-env"}),
    long_flags=frozenset(
        {"--askpass", "--background", "--bell", "--edit", "--set-home", "--help", "--login"}
        | {"--remove-timestamp", "--reset-timestamp", "--list", "--non-interactive"}
        | {"--preserve-groups", "--stdin", "--shell", "--version", "--validate"}
    ),
    abbreviations=True,
)
# sudoedit, list, validate, version, help, -K: sudo runs no command.
_SUDO_NOTHING = frozenset(
    {"-e", "-l", "-V", "-v", "-K", "--edit", "--list", "--validate", "--version", "--help"}
    | {"--remove-timestamp"}
)


def _options_end(token: Token) -> int | None:
    """Where a getopt tool's command starts, if `token` ends its options (`--`, an operand, a
    word that may be options or the program)."""
    if token.kind == "end":
        return token.index + 1
    if token.kind != "option":
        return token.index
    return None


def _sudo(argv: Sequence[Field], env: Env, homes: Homes | None) -> _Step | None:
    """sudo under Debian's default sudoers (env_reset): the environment is cleared but for
    what -E/--preserve-env keeps, and HOME is the target user's unless kept (`-E` keeps it,
    `-H` then sets it after all; `--preserve-env=HOME` keeps it even with `-H`)."""
    keep: bool | set[str] = False
    start = len(argv)
    user: Field | None = None
    chdir: Field | None = None
    set_home = shell = False
    for token in tokens(argv, 1, _SUDO):
        end = _options_end(token)
        if end is not None:
            start = end
            break
        if token.name in _SUDO_NOTHING:
            return None
        if token.name == "-E" or (token.name == "--preserve-env" and token.attached is None):
            keep = True
        elif token.name == "--preserve-env" and token.attached is not None and keep is not True:
            keep = (keep if isinstance(keep, set) else set()) | set(token.attached.split(","))
        elif token.name in ("-u", "--user"):
            user = value_of(token, argv, _field)
        elif token.name in ("-H", "--set-home", "-i", "--login"):
            set_home = True
        elif token.name in ("-D", "--chdir"):
            # sudo >= 1.9.3; Debian's default sudoers refuses it (nothing runs), one that allows
            # it (`runcwd=*`) runs the command there: judged there.
            chdir = value_of(token, argv, _field)
        if token.name in ("-s", "--shell", "-i", "--login"):
            shell = True
    if keep is True:
        new = dict(env)
    elif isinstance(keep, set):
        # `--preserve-env=NAME` keeps NAME, which `export $(cat .env)` may have set.
        new = {k: v for k, v in env.items() if k in keep or k == OPEN_MARK}
    else:
        new = {}
    # Debian's sudoers sets secure_path, which replaces $PATH even where -E or --preserve-env
    # keeps it: the command is looked up on that (Docker's default folders), not a venv's bin.
    new.pop("PATH", None)
    # A HOME kept but never set is root's, as the gate reads an unset HOME.
    kept = "HOME" in keep if isinstance(keep, set) else keep and not set_home
    if not kept:
        new["HOME"] = _home_of(_sudo_user(user), homes)
    start = _assignments(argv, start, new)
    return _Step("sudo", start, new, shell=shell, chdir=chdir)


def _doas(argv: Sequence[Field], homes: Homes | None) -> _Step:
    """OpenDoas clears the environment (keepenv aside) and always sets HOME to the target
    user's."""
    user: Field | None = None
    shell = False
    for token in tokens(argv, 1, _DOAS_TABLE):
        if token.kind == "option" and token.name == "-u":
            user = value_of(token, argv, _field)
        elif token.kind == "option" and token.name == "-s":
            shell = True
        elif token.kind != "option":
            break
    home = {"HOME": _home_of(user, homes)}
    return _Step("doas", scan(argv, 1, _DOAS).index, home, shell=shell)


def _sudo_user(user: Field | None) -> Field | None:
    """`sudo -u '#1000'` names a uid."""
    if user is not None and user.known and user.value.startswith("#"):
        return Field(user.value[1:])
    return user


# GNU env's getopt_long options.
_ENV = Table(
    short_value="uCPS",
    long_value=frozenset({"--unset", "--split-string", "--chdir"}),
    long_attached=frozenset({"--block-signal", "--default-signal", "--ignore-signal"}),
    long_flags=frozenset(
        {"--ignore-environment", "--null", "--list-signal-handling", "--debug", "--help"}
        | {"--version"}
    ),
    abbreviations=True,
)


def _env(argv: Sequence[Field], env: Env, depth: int = 0) -> tuple[_Step, list[Field]] | None:
    """env's options and assignments; `-S TEXT` splits TEXT into words that env reads as its
    own arguments again (`-S '-u NAME sh -c …'`, as a `#!/usr/bin/env -S` line gives them)."""
    new = dict(env)
    start = len(argv)
    split: list[Field] = []
    chdir: Field | None = None
    for token in tokens(argv, 1, _ENV):
        if token.kind == "operand" and argv[token.index].value == "-":
            new.clear()  # `env -`: as -i
            continue
        end = _options_end(token)
        if end is not None:
            start = end
            break
        value = value_of(token, argv, _field)
        text = "" if value is None else value.value
        if token.name in ("-i", "--ignore-environment"):
            new.clear()
        elif token.name in ("-u", "--unset"):
            new.pop(to_text(text), None)
        elif token.name in ("-C", "--chdir"):
            chdir = value or Field("", known=False)  # coreutils >= 8.28
        elif token.name in ("-S", "--split-string"):
            split = _split_string(text, new)
            words = [argv[0], *split, *argv[token.end :]]
            if depth >= _MAX_PEEL or not all(w.known for w in split):
                return _Step("env", token.end, new, chdir=chdir), split
            again = _env(words, new, depth + 1)
            if again is None:
                return None
            step, more = again
            # Everything env runs is in the words of the second reading.
            moved = step.chdir if step.chdir is not None else chdir
            return _Step("env", len(argv), step.env, chdir=moved), more + words[step.start :]
    start = _assignments(argv, start, new)
    return _Step("env", start, new, chdir=chdir), split


def _field(text: str, known: bool) -> Field:
    return Field(text, known, False)


_ENV_S_REFERENCE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


def _split_string(s: str, env: Env) -> list[Field]:
    """`env -S TEXT`: env's own splitting, with its `${NAME}` references and `\\_` (a space);
    a reference to a variable of unknown value leaves the whole line unknown."""
    text = to_text(s)
    unknown = False

    def reference(m: re.Match[str]) -> str:
        nonlocal unknown
        value = env.get(m.group(1))
        unknown = unknown or value is None
        return value or ""

    text = _ENV_S_REFERENCE.sub(reference, _env_s_spaces(text))
    if unknown:
        return [Field(s, known=False, may_be_option=True)]
    try:
        return [Field(from_text(p)) for p in shlex.split(text)]
    except ValueError:
        return [Field(s, known=False, may_be_option=True)]


def _env_s_spaces(text: str) -> str:
    """`\\_` outside single quotes is a space in env -S (it separates words when unquoted)."""
    out: list[str] = []
    quoted = False
    i = 0
    while i < len(text):
        c = text[i]
        if c == "'":
            quoted = not quoted
        elif c == "\\" and not quoted and text[i + 1 : i + 2] == "_":
            out.append(" ")
            i += 2
            continue
        out.append(c)
        i += 1
    return "".join(out)


# GNU xargs' getopt_long options; e, i, l and --replace, --eof, --max-lines take optional
# values, attached only.
_XARGS = Table(
    short_value="adEILnPs",
    short_attached="eil",
    long_value=frozenset(
        {"--arg-file", "--delimiter", "--max-args", "--max-procs", "--max-chars"}
        | {"--process-slot-var"}
    ),
    long_attached=frozenset({"--replace", "--eof", "--max-lines"}),
    long_flags=frozenset(
        {"--null", "--interactive", "--no-run-if-empty", "--show-limits", "--exit"}
        | {"--open-tty", "--verbose", "--help", "--version"}
    ),
    abbreviations=True,
)


# xargs options that change how it cuts its input into words, or where it reads it: the facts
# layer hands a plain `xargs` (label "xargs") the words of a known input; these keep the first
# such option in the label, and their words stay unknown.
_XARGS_OWN_SPLIT = frozenset(
    {"-0", "--null", "-d", "--delimiter", "-a", "--arg-file", "-E", "-e", "--eof", "-L", "-l",
     "--max-lines", "-I", "-i", "--replace", "-p", "--interactive"}
)  # fmt: skip
PLAIN_XARGS = "xargs"
# Options that cut the words into several runs of the command (`-n1` runs it once per word): the
# words still reach it in order, so the facts layer takes them when none of them is an option.
_XARGS_BATCHES = frozenset({"-n", "--max-args", "-s", "--max-chars", "-x", "--exit"})
BATCHING_XARGS = "xargs -n"
# `xargs -n1` (only that batching option): one run of the command per word, so the facts layer
# judges the command once per word, options among them too (gate/facts/fed_words.py).
ONE_WORD_XARGS = "xargs -n1"
# `xargs -L1` (`-L 1`, `-l`, `--max-lines[=1]`): one run of the command per input line (GNU
# findutils 4.9 measured), so the facts layer judges it once per line (fed_words.fed_lines).
ONE_LINE_XARGS = "xargs -L1"
_XARGS_LABELS = (PLAIN_XARGS, BATCHING_XARGS, ONE_WORD_XARGS, ONE_LINE_XARGS)
_MAX_LINES = frozenset({"-L", "-l", "--max-lines"})
# `xargs -a F` / `--arg-file=F` of a known F reads F instead of standard input, cut as a plain
# xargs cuts it (GNU xargs 4.9 measured): the label is one of the above with this and F after
# it, and the facts layer reads F's words (gate/facts/fed_words.py).
ARG_FILE = " --arg-file="


def _one(token: Token, argv: Sequence[Field]) -> bool:
    """`-n1`, `-n 1`, `--max-args=1`: one word per run."""
    value = token.attached
    if value is None:
        got = value_of(token, argv, _field)
        value = got.value if got is not None and got.known else None
    return value is not None and value.isdigit() and int(value) == 1


def _one_line(token: Token, argv: Sequence[Field]) -> bool:
    """`-L1`, `-L 1`, `--max-lines=1`; `-l` and `--max-lines` alone mean 1."""
    if token.name == "-L":
        return _one(token, argv)
    value = token.attached
    return value is None or (value.isdigit() and int(value) == 1)


def _xargs(argv: Sequence[Field], env: Env) -> _Step | None:
    replace: str | None = None
    start = len(argv)
    label = PLAIN_XARGS
    arg_file: str | None = None
    for token in tokens(argv, 1, _XARGS):
        end = _options_end(token)
        if end is not None:
            start = end
            break
        if token.name in ("-a", "--arg-file") and arg_file is None and label in _XARGS_LABELS:
            named = value_of(token, argv, _field)
            if named is not None and named.known and named.value:
                arg_file = named.value
                continue
        if token.name in _MAX_LINES and label == PLAIN_XARGS and _one_line(token, argv):
            label = ONE_LINE_XARGS
        elif token.name in _XARGS_OWN_SPLIT and label in _XARGS_LABELS:
            label = f"xargs {token.name}"
        elif token.name in ("-n", "--max-args") and label == PLAIN_XARGS and _one(token, argv):
            label = ONE_WORD_XARGS
        elif token.name in _XARGS_BATCHES and label in (PLAIN_XARGS, ONE_WORD_XARGS):
            label = BATCHING_XARGS
        elif token.name in _XARGS_BATCHES and label == ONE_LINE_XARGS:
            label = f"xargs {token.name}"  # -n after -L: the last one counts (not followed)
        if token.name == "-I" and token.attached is None:
            value = value_of(token, argv, _field)
            replace = None if value is None else value.value if value.known else ""
        elif token.name == "-I" or token.name == "--replace":
            replace = token.attached if token.attached is not None else "{}"
        elif token.name == "-i":
            replace = token.attached or "{}"
    if start >= len(argv):
        return None
    if arg_file is not None:
        # A second -a, or another option cutting the input otherwise, leaves its words unknown.
        label = f"{label}{ARG_FILE}{arg_file}" if label in _XARGS_LABELS else label
    return _Step(label, start, dict(env), stdin_args=True, replace=replace)


def _replaced(fields: list[Field], replace: str) -> list[Field]:
    """The words xargs -I fills with an input line: unknown, and they may be anything (a
    script for ``sh -c``, an option for pip). An unknown replace string may be in any word."""
    out: list[Field] = []
    for f in fields:
        if f.value == replace:
            out.append(Field(f.value, known=False, may_be_option=True, single=True, whole=True))
        elif not replace or replace in f.value:
            out.append(Field(f.value, known=False, may_be_option=True))
        else:
            out.append(f)
    return out


def _find(argv: Sequence[Field], env: Env, wrappers: tuple[str, ...]) -> list[Peeled] | None:
    found: list[Peeled] = []
    i, n = 1, len(argv)
    while i < n:
        a = argv[i].value
        if a in ("-exec", "-execdir", "-ok", "-okdir") and argv[i].known:
            j = i + 1
            inner: list[Field] = []
            while j < n and argv[j].value not in (";", "+"):
                w = argv[j]
                inner.append(_unknown_placeholder(w) if "{}" in w.value and w.known else w)
                j += 1
            if inner:
                # -execdir runs in the found file's folder (`{}` is `./NAME`): gate cannot tell it.
                moved = (FIND_FOLDER,) if a in ("-execdir", "-okdir") else ()
                found.append(Peeled(tuple(inner), dict(env), (*wrappers, f"find {a}"), chdir=moved))
            i = j + 1
        else:
            i += 1
    return found or None


def _without_bodies(argv: Sequence[Field]) -> tuple[Field, ...]:
    """find's words with each `-exec BODY ;` as `-exec {} ;` (`-exec ;` when the body does not
    name the file found)."""
    out: list[Field] = []
    i, n = 0, len(argv)
    while i < n:
        out.append(argv[i])
        if argv[i].value in ("-exec", "-execdir", "-ok", "-okdir") and argv[i].known:
            j = i + 1
            while j < n and argv[j].value not in (";", "+"):
                j += 1
            if any("{}" in w.value for w in argv[i + 1 : j]):
                out.append(Field("{}"))
            i = j
            continue
        i += 1
    return tuple(out)


def _shell(argv: Sequence[Field], name: str, env: Env, wrappers: tuple[str, ...]) -> Peeled | None:
    """`bash [opts] -c SCRIPT`, or a shell reading stdin; None for `bash script.sh`."""
    i, n = 1, len(argv)
    has_c = has_s = runs_nothing = False
    while i < n:
        w = argv[i]
        a = w.value
        if not w.known:
            break
        if a in ("--", "-"):
            i += 1
            break
        if a[:1] not in ("-", "+") or len(a) == 1:
            break
        if a.startswith("--"):
            runs_nothing = runs_nothing or a in ("--version", "--help")
            i += 2 if a in ("--rcfile", "--init-file") else 1
            continue
        i += 1
        for ch in a[1:]:
            if ch == "c":
                has_c = True
            elif ch == "s":
                has_s = True
            elif ch == "n":
                runs_nothing = a[0] == "-"  # noexec (`-n`) reads, runs nothing; `+n` runs again
            elif ch in "oO" and i < n:
                i += 1
    if runs_nothing:
        return Peeled(tuple(argv), env, wrappers)  # `sh -n f`, `bash --version`: data
    if has_c:
        if i >= n:
            return None
        return Peeled(tuple(argv), env, (*wrappers, f"{name} -c"), script=argv[i])
    if has_s or i >= n:
        return Peeled(tuple(argv), env, wrappers, stdin_shell=True)
    return None


_SU_LONG = frozenset(
    {
        "--command",
        "--shell",
        "--group",
        "--supp-group",
        "--whitelist-environment",
        "--session-command",
        "--user",
    }
)
_SU_FLAGS = frozenset(
    {"--fast", "--login", "--preserve-environment", "--pty", "--help", "--version"}
)
# util-linux su and runuser (getopt_long); runuser -u USER COMMAND.
_SU = Table(short_value="csgGw", long_value=_SU_LONG, long_flags=_SU_FLAGS, abbreviations=True)
_RUNUSER = Table(
    short_value="csgGwu", long_value=_SU_LONG, long_flags=_SU_FLAGS, abbreviations=True
)


def _su(
    argv: Sequence[Field], name: str, env: Env, wrappers: tuple[str, ...], homes: Homes | None
) -> Peeled | None:
    """su and runuser permute (options may follow the user); `-c` may come anywhere. A login
    resets the environment but for `-w` names (util-linux ignores -m/-p with a login); `-s`
    picks the program that runs the `-c` text."""
    script: Field | None = None
    login = operand = False
    kept: set[str] = set()  # -w/--whitelist-environment names
    shell: Field | None = None
    user_cmd: int | None = None  # runuser -u USER [--] COMMAND
    user: Field | None = None
    args: list[Field] = []  # words after the user: the shell's own arguments
    preserve = False
    table = _RUNUSER if name == "runuser" else _SU
    i, n = 1, len(argv)
    while i < n:
        w = argv[i]
        a = w.value
        if a == "--" and w.known:
            if user_cmd is not None:
                user_cmd = i + 1
                break
            # The rest are operands: the user, if not yet given, then the shell's arguments.
            rest = list(argv[i + 1 :])
            if not operand and rest:
                user, operand = rest.pop(0), True
            args.extend(rest)
            break
        elif a == "-":
            login = login or not operand  # `-` means a login only before the user
        elif a.startswith("-") and w.known:
            for token in argument(argv, i, table):
                value = value_of(token, argv, _field)
                if token.name in ("-l", "--login"):
                    login = True
                elif token.name in ("-c", "--command", "--session-command"):
                    script = value or script
                elif token.name in ("-s", "--shell"):
                    shell = value or shell
                elif token.name in ("-w", "--whitelist-environment") and value is not None:
                    kept.update(to_text(value.value).split(","))
                elif token.name in ("-u", "--user") and name == "runuser":
                    user_cmd, user = token.end, value
                elif token.name in ("-m", "-p", "--preserve-environment"):
                    preserve = True
                i = token.end
            continue
        elif user_cmd is not None:
            user_cmd = i
            break
        elif operand:
            args.append(w)
        else:
            user, operand = w, True
        i += 1
    # `-w NAME` keeps NAME, which `export $(cat .env)` may have set (OPEN_MARK).
    kept_mark = kept | {OPEN_MARK} if kept else kept
    new = {k: v for k, v in env.items() if k in kept_mark} if login else dict(env)
    if login or not preserve:
        # su and runuser set HOME to the user's (util-linux: "set HOME and SHELL").
        new["HOME"] = _home_of(user, homes)
    if user_cmd is not None and name == "runuser":
        if user_cmd >= n:
            return None
        return Peeled(tuple(argv[user_cmd:]), new, (*wrappers, name))
    if script is None:
        # No -c: the user's shell runs its arguments (`su app -- f` runs `sh f`), or reads its
        # commands on standard input (`echo 'pip install x' | su app`). The login shell of the
        # passwd entry is not followed: it is read as sh (`-s` names it).
        if user_cmd is not None:
            return None
        return Peeled((shell or Field("sh"), *args), new, (*wrappers, name))
    if shell is not None and (not shell.known or program_name(shell.value) not in POSIX_SHELLS):
        # `su -s /usr/bin/python3 -c CODE`: the text is that program's (`python3 -c CODE`).
        return Peeled((shell, Field("-c"), script), new, (*wrappers, name))
    return Peeled(tuple(argv), new, (*wrappers, f"{name} -c"), script=script)


def _home_of(user: Field | None, homes: Homes | None) -> str | None:
    """The home of the user's passwd entry (no user: root's): as the build made it, when the
    gate follows its users (`homes`), else the one `useradd -m` gives (/home/NAME); None for a
    name or uid the gate cannot place."""
    if user is None or (user.known and user.value in ("root", "0")):
        return "/root"
    if not user.known:
        return None
    if homes is not None:
        return homes.home(user.value)
    if user.value.isdigit() or not _USER_NAME.fullmatch(user.value):
        return None
    return f"/home/{user.value}"


_USER_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")
# Runners that change user and, as checked here, HOME with it: gosu 1.14 and su-exec set HOME
# to the user-spec's passwd home (root's for an empty user; the rest of the environment stays);
# util-linux setpriv does only with --reset-env, which also clears the environment but TERM.
# coreutils chroot --userspec keeps HOME (checked here too).
_SWITCHERS = frozenset({"gosu", "su-exec", "setpriv"})


def _switched(
    options: Sequence[Field], name: str, env: Env, homes: Homes | None
) -> Env:
    """The environment a user-switching runner gives the command it runs (`options`: its
    words before that command)."""
    if name == "setpriv":
        user: Field | None = None
        reset = False
        for k, w in enumerate(options):
            value = w.value if w.known else ""
            if value == "--reset-env":
                reset = True
            elif value in ("--reuid", "--ruid") and k + 1 < len(options):
                user = options[k + 1]
            elif value.startswith(("--reuid=", "--ruid=")):
                user = Field(value.partition("=")[2])
            elif not w.known:
                reset = True  # `$OPTS` may hold --reset-env: HOME and the rest unknown
                user = w
        if not reset:
            return env
        return {**{k: v for k, v in env.items() if k == "TERM"}, "HOME": _home_of(user, homes)}
    if len(options) < 2:
        return env
    spec = options[1]
    if not spec.known:
        return {**env, "HOME": None}
    name_part = spec.value.split(":", 1)[0]
    return {**env, "HOME": _home_of(Field(name_part) if name_part else None, homes)}


def _exec_clears(options: Sequence[Field]) -> bool:
    """`exec -c` (bash, zsh, ksh93; also bash run as /bin/sh on Fedora-like images) runs the
    command with an empty environment, prefix assignments included. dash and busybox ash refuse
    the option and run nothing, so the empty environment is the only case that installs."""
    for w in options:
        if not w.known or w.value == "--":
            break
        letters = w.value[1:]
        if "c" in letters.split("a", 1)[0]:  # `-ca NAME`: what follows `a` is its value
            return True
    return False


def _exec_login(options: Sequence[Field]) -> bool:
    """`exec -l` (bash) or `exec -a -NAME`: the program's argv[0] starts with `-`."""
    k = 0
    while k < len(options):
        w = options[k]
        if not w.known or w.value == "--":
            break
        letters = w.value[1:]
        before, a, after = letters.partition("a")
        if "l" in before:
            return True
        if a:
            name = after if after else (options[k + 1] if k + 1 < len(options) else None)
            if isinstance(name, Field):
                name = name.value if name.known else ""
            if name is not None and name.startswith("-"):
                return True
            k += 0 if after else 1
        k += 1
    return False


def _nsenter_wd(options: Sequence[Field]) -> list[Field]:
    """util-linux nsenter `-wDIR`/`--wd=DIR` (value attached only): the command runs in DIR;
    bare `-w`/`--wd` takes the target process's folder, which gate cannot tell."""
    moves: list[Field] = []
    for w in options:
        value = w.value
        if not w.known or value == "--":
            break
        if value.startswith("--wd=") or value == "--wd":
            moves.append(Field(value[5:]) if "=" in value else Field("", known=False))
        elif value.startswith("-") and not value.startswith("--") and "w" in value:
            rest = value[value.index("w") + 1 :]
            moves.append(Field(rest) if rest else Field("", known=False))
    return moves


# flock's getopt options; `-c CMD` belongs after the lock file, but is read anywhere.
_FLOCK = Table(
    short_value="wEc",
    long_value=frozenset({"--wait", "--timeout", "--conflict-exit-code", "--command"}),
    long_flags=frozenset(
        {"--shared", "--exclusive", "--unlock", "--nonblock", "--nb", "--close", "--no-fork"}
        | {"--verbose", "--help", "--version"}
    ),
    abbreviations=True,
)


def _flock(argv: Sequence[Field], env: Env, wrappers: tuple[str, ...]) -> Peeled | _Step | None:
    n = len(argv)
    script: Field | None = None
    for token in tokens(argv, 1, _FLOCK):
        if token.kind == "end":
            break
        if token.kind == "option" and argv[token.index].known:
            if token.name in ("-c", "--command"):
                script = value_of(token, argv, _field) or script
            continue
        if script is not None or token.index + 1 >= n:
            break
        # the lock file; the command follows (or -c after it)
        j = token.index + 1
        if j < n and argv[j].value in ("-c", "--command") and j + 1 < n:
            script = argv[j + 1]
            break
        return _Step("flock", j, dict(env))
    if script is not None:
        return Peeled(tuple(argv), dict(env), (*wrappers, "flock -c"), script=script)
    return None


def _cmd(argv: Sequence[Field], env: Env, wrappers: tuple[str, ...]) -> Peeled | None:
    """`cmd [/S] [/Q] … /C command line` (all remaining words are the command line)."""
    i, n = 1, len(argv)
    strip_s = False
    while i < n:
        a = argv[i].value
        if not a.startswith("/"):
            return None
        tokens = a.split("/")[1:]
        for k, tok in enumerate(tokens):
            t = tok.lower()
            if t[:1] in ("c", "k"):
                rest = "/".join(tokens[k + 1 :])
                first = tok[1:] + ("/" + rest if rest else "")
                words = ([Field(first)] if first else []) + list(argv[i + 1 :])
                text = " ".join(w.value for w in words)
                text = _cmd_unquote(text, strip_s)
                known = all(w.known for w in words)
                script = Field(text, known=known, may_be_option=False)
                return Peeled(tuple(argv), env, (*wrappers, "cmd /c"), script=script, dialect="cmd")
            if t == "s":
                strip_s = True
        i += 1
    return None


def _cmd_unquote(text: str, strip_s: bool) -> str:
    """cmd's rule for a command line that starts with a quote."""
    stripped = text.lstrip(" ")
    if not stripped.startswith('"'):
        return text
    if (
        not strip_s
        and stripped.count('"') == 2
        and not re.search(r"[&<>()@^|]", stripped)
        and " " in stripped
    ):
        return stripped
    last = stripped.rfind('"')
    if last <= 0:
        return stripped[1:]
    return stripped[1:last] + stripped[last + 1 :]


_PS_WITH_VALUE = (
    "executionpolicy",
    "inputformat",
    "outputformat",
    "windowstyle",
    "version",
    "configurationname",
    "workingdirectory",
    "settingsfile",
    "custompipename",
)
_PS_SHORT_WITH_VALUE = frozenset({"ep", "ex", "if", "of", "w", "v", "wd"})


def _powershell(
    argv: Sequence[Field], name: str, env: Env, wrappers: tuple[str, ...]
) -> Peeled | None:
    i, n = 1, len(argv)
    label = (*wrappers, f"{name} -Command")
    while i < n:
        w = argv[i]
        a = w.value
        if not a.startswith("-") or a == "-" or not w.known:
            if name == "pwsh" and w.known and a != "-":
                return None  # pwsh's first operand is a script file
            break
        opt = a.lstrip("-").lower()
        if opt in _PS_SHORT_WITH_VALUE or (
            len(opt) >= 3 and any(v.startswith(opt) for v in _PS_WITH_VALUE)
        ):
            i += 2
            continue
        if opt == "c" or (len(opt) >= 3 and "command".startswith(opt)):
            i += 1
            break
        if (opt and "encodedcommand".startswith(opt)) or opt == "ec":
            if i + 1 >= n or not argv[i + 1].known:
                unknown = Field("$ENCODED", known=False, may_be_option=True, single=True)
                return Peeled(tuple(argv), env, label, script=unknown, dialect="powershell")
            text = _decode_ps(argv[i + 1].value)
            if text is None:
                return None
            return Peeled(tuple(argv), env, label, script=Field(text), dialect="powershell")
        if opt and "file".startswith(opt):
            return None
        i += 1
    words = list(argv[i:])
    if not words:
        return None
    if len(words) == 1 and words[0].value == "-":
        return Peeled(tuple(argv), env, wrappers, stdin_shell=True, dialect="powershell")
    text = " ".join(w.value for w in words)
    single = len(words) == 1 and words[0].single
    script = Field(text, known=all(w.known for w in words), may_be_option=False, single=single)
    return Peeled(tuple(argv), env, label, script=script, dialect="powershell")


def _decode_ps(b64: str) -> str | None:
    import base64  # only for `powershell -EncodedCommand`: not on every call's import path

    try:
        raw = base64.b64decode(b64, validate=False)
        return from_text(raw.decode("utf-16-le", "replace"))
    except (binascii.Error, ValueError):
        return None


def peel(
    argv: Sequence[Field], env: Env, wrappers: tuple[str, ...] = (), homes: Homes | None = None
) -> list[Peeled]:
    """The command(s) `argv` runs, wrappers taken off; `[Peeled(argv)]` when it wraps nothing.
    `homes`: the build's users, for the HOME a wrapper that changes user gives."""
    moves: list[Field] = []
    out = _peel(argv, env, wrappers, homes, moves)
    if not moves:
        return out
    return [replace(p, chdir=(*moves, *p.chdir)) for p in out]


def _peel(
    argv: Sequence[Field],
    env: Env,
    wrappers: tuple[str, ...],
    homes: Homes | None,
    moves: list[Field],
) -> list[Peeled]:
    """peel's loop; `moves` collects the folders the wrappers taken off move into."""
    current = list(argv)
    for _ in range(_MAX_PEEL):
        if not current or not current[0].known:
            break
        name = program_name(current[0].value)
        wname = windows_name(current[0].value)
        step: _Step | None = None
        split: list[Field] = []
        if wname == "cmd":
            got = _cmd(current, env, wrappers)
            return [got] if got else [Peeled(tuple(current), env, wrappers)]
        if wname in ("powershell", "pwsh"):
            got = _powershell(current, wname, env, wrappers)
            return [got] if got else [Peeled(tuple(current), env, wrappers)]
        if name in POSIX_SHELLS:
            got = _shell(current, name, env, wrappers)
            return [got] if got else [Peeled(tuple(current), env, wrappers)]
        if name in ("su", "runuser"):
            got = _su(current, name, env, wrappers, homes)
            if got is None:
                break
            if got.script is not None:
                return [got]
            current, env, wrappers = list(got.argv), got.env, got.wrappers
            continue
        if name == "find":
            found = _find(current, env, wrappers)
            if found is None:
                break
            # find itself first, its -exec bodies reduced to whether they name the file: the
            # facts layer works out which files it hands them (and deletes, with -delete).
            out: list[Peeled] = [Peeled(_without_bodies(current), env, wrappers)]
            for p in found:
                inner = peel(p.argv, p.env, p.wrappers, homes)
                out.extend(replace(q, chdir=(*p.chdir, *q.chdir)) for q in inner)
            return out
        ran = run_by(current, name)
        if ran is not None and name in _SWITCHERS:
            env = _switched(current[: len(current) - len(ran.argv)], name, env, homes)
        if ran is not None and name == "exec":
            env = {} if _exec_clears(current[1 : len(current) - len(ran.argv)]) else env
            if _exec_login(current[1 : len(current) - len(ran.argv)]) and ran.argv and (
                ran.argv[0].known and program_name(ran.argv[0].value) in POSIX_SHELLS
            ):
                # `exec -l bash -c …`, `exec -a -bash bash -c …`: a `-` before the shell's
                # name makes it a login shell, as `bash -l` (its start-up files are read).
                ran = replace(ran, argv=(ran.argv[0], Field("-l"), *ran.argv[1:]))
        if ran is not None and name == "nsenter":
            moves.extend(_nsenter_wd(current[1 : len(current) - len(ran.argv)]))
        if ran is not None and not wrappers and current[0].value == "time":
            # bash's `time` keyword times the pipeline after it, whose assignment words are
            # its command's prefix (`time PIP_ONLY_BINARY=:all: pip …`). Elsewhere `time` is
            # GNU time, which fails to run a program named `NAME=value`: nothing installs.
            env = dict(env)
            taken = _assignments(ran.argv, 0, env)
            if taken:
                ran = replace(ran, argv=ran.argv[taken:], label=BASH_TIME)
        if ran is not None:
            label = (*wrappers, ran.label)
            if ran.script is not None:
                return [Peeled(tuple(current), env, label, script=ran.script)]
            if ran.stdin_args:
                return [replace(p, stdin_args=True) for p in peel(ran.argv, env, label, homes)]
            current, wrappers = list(ran.argv), label
            continue
        if name == "flock":
            got2 = _flock(current, env, wrappers)
            if isinstance(got2, Peeled):
                return [got2]
            step = got2
        elif name == "sudo":
            step = _sudo(current, env, homes)
        elif name == "env":
            got3 = _env(current, env)
            if got3 is not None:
                step, split = got3
        elif name == "xargs":
            step = _xargs(current, env)
        elif name == "command":
            if any(
                w.value in ("-v", "-V")
                or (w.value.startswith("-") and set(w.value[1:]) & {"v", "V"})
                for w in current[1:2]
            ):
                break
            step = _Step("command", scan(current, 1, Syntax()).index, dict(env))
        elif name == "doas":
            step = _doas(current, homes)
        if step is None:
            break
        if step.chdir is not None:
            moves.append(step.chdir)
        rest = split + current[step.start :]
        if not rest and step.shell:
            rest = [Field("sh")]  # the target user's shell, read as sh
        if not rest:
            break
        if step.replace is not None:
            rest = _replaced(rest, step.replace)
        stdin_args = step.stdin_args
        current, env, wrappers = rest, step.env, (*wrappers, step.label)
        if stdin_args:
            inner = peel(current, env, wrappers, homes)
            return [replace(p, stdin_args=True) for p in inner]
    return [Peeled(tuple(current), env, wrappers)]
