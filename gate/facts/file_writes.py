"""Files a shell command writes, as far as the gate can read them.

Config that switches builds off is often written in the same RUN that installs
(`printf '[global]\\nonly-binary = :all:\\n' > /etc/pip.conf && pip install …`), so the walker
records what `echo`, `printf`, `cat`, `tee` and `cp` leave in the image. A file whose bytes cannot
be told (any other program's output, an unknown word) is recorded with content None: the gate then
knows it exists but cannot read it.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Container, Mapping, Sequence

from gate import crlf_text
from gate.build_files import Files
from gate.facts import envsubst, line_filters, sed_template, unreadable, windows_writes
from gate.facts.envsubst import Filled
from gate.facts.filled_reads import NotingReads, marked
from gate.facts.link_over import LN_OPTIONS, long_option
from gate.facts.programs import is_interpreter, program_name
from gate.model import PIPE_IN, STDIN_PATHS, Command, Redirect, Unread, Word, filled_like
from gate.shell.expand import from_text, to_text
from gate.sources.image_paths import MAX_CACHED_PATH, resolved

# Each extractor below that looks at one kind of program returns nothing for a command whose
# program word (known, its last `/` part) is none of its set: the walker asks only those whose set
# holds the name (program-name dispatch), so each set is the one the extractor itself tests.
COPIERS = frozenset({"cp", "mv", "install", "ln", "rsync"})  # copies
LINKERS = frozenset({"ln", "cp"})  # links, unknown_links
REMOVERS = frozenset({"rm", "unlink", "mv"})  # removals
BYTE_COPIERS = frozenset({"cat", "dd"})  # byte_copies
# wget2 takes wget's options (Fedora 40 on installs it as `wget`); aria2c saves into files only.
DOWNLOADERS = frozenset({"curl", "wget", "wget2", "aria2c"})  # downloads, stdout_download
TEMPLATE_FILLERS = frozenset({"envsubst", "sed"})  # piped_fill, uncertain_writes
CLONERS = frozenset({"git"})  # clones
_OUT = frozenset({">", ">|", "&>", "1>", ">>", "&>>", "1>>"})
# Where a command's standard input text is recorded: heredocs, here-strings, and ("|") the text a
# pipe carries when the gate knows what the command before it writes.
STDIN_OPS = frozenset({"<<", "<<-", "<<<", "|"})
# Input from a file; it holds text only when a process substitution wrote it (`< <(echo …)`).
FILE_IN = frozenset({"<", "0<"})
_APPEND = frozenset({">>", "&>>", "1>>"})
# Output redirections of a descriptor other than standard output, and read-write opens.
_OTHER_OUT = re.compile(r"(?:[02-9]|\d\d+)(?:>|>>|>\|)|\d*<>")
_ESCAPES = {"n": "\n", "t": "\t", "\\": "\\", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
# echo's escapes (dash's always, bash's and busybox's with -e) and printf's %b (checked with all
# three): \0NNN (a 0 and up to three octal digits) and \a \b \f \n \r \t \v \\ everywhere, and
# \c ends all output; \NNN without the 0 everywhere but bash's echo; \xHH and \e under bash and
# busybox; \uHHHH and \UHHHHHHHH under bash alone.
_ESCAPE = re.compile(
    r"\\(0[0-7]{0,3}|[1-7][0-7]{0,2}|x[0-9A-Fa-f]{1,2}|u[0-9A-Fa-f]{1,4}|U[0-9A-Fa-f]{1,8}|.)",
    re.DOTALL,
)
_PRINTF = re.compile(r"%(%|[-+ #0]*\d*(?:\.\d+)?[sdbqiuxXc])")
# Bound on what is kept per file: config files are small, and a hostile script must stay cheap.
MAX_FILE = 256 * 1024
# printf's format (POSIX: dash and bash alike) reads `\NNN`, one to three octal digits with no
# leading 0, as a byte; bash also reads `\xHH`, `\uHHHH`, `\UHHHHHHHH` and `\e`, which dash prints
# as written.
_FORMAT_ESCAPE = re.compile(
    r"\\([0-7]{1,3}|x[0-9A-Fa-f]{1,2}|u[0-9A-Fa-f]{1,4}|U[0-9A-Fa-f]{1,8}|.)", re.DOTALL
)
_BASH_ONLY_ESCAPE = re.compile(r"\\(?:[xuU][0-9A-Fa-f]|[eE])")


def _escapes(text: str, *, octal: bool, bash: bool) -> tuple[str, bool]:
    r"""echo's or %b's escapes applied to bytes, and whether `\c` ended the output there. octal:
    `\NNN` without a leading 0 is a byte (dash's echo, every %b); bash: bash's and busybox's
    `\xHH`, `\e`, and bash's `\uHHHH` are read (the caller knows they are meant)."""
    raw = from_text(text)
    out: list[str] = []
    pos = 0
    for m in _ESCAPE.finditer(raw):
        out.append(raw[pos : m.start()])
        pos = m.end()
        s = m.group(1)
        if s[0] == "0" or (octal and s[0] in "1234567"):
            out.append(chr(int(s, 8) & 0xFF))
        elif bash and s[0] == "x" and len(s) > 1:
            out.append(chr(int(s[1:], 16)))
        elif bash and s[0] in "uU" and len(s) > 1 and int(s[1:], 16) <= 0x10FFFF:
            out.append(from_text(chr(int(s[1:], 16))))
        elif bash and s in ("e", "E"):
            out.append("\x1b")
        elif s == "c":
            return to_text("".join(out)), True
        elif s[0] in "1234567xuU":
            out.append("\\" + s[0])
            pos = m.start() + 2  # the digits after it are text
        else:
            out.append(_ESCAPES.get(s, "\\" + s))
    out.append(raw[pos:])
    return to_text("".join(out)), False


def _echo(args: tuple[Word, ...], posix_sh: bool) -> str | None:
    newline, escapes, e_flag = True, posix_sh, False
    i = 0
    while i < len(args) and re.fullmatch(r"-[neE]+", args[i].value):
        flags = args[i].value[1:]
        newline = newline and "n" not in flags
        escapes = ("e" in flags) or (escapes and "E" not in flags)
        e_flag = e_flag or "e" in flags
        i += 1
    if any(not w.known for w in args[i:]):
        return None
    text = " ".join(w.value for w in args[i:])
    # dash's echo reads escapes always; bash's only with -e. Which /bin/sh runs is not known, so
    # `\n` in plain `echo` under sh is read as dash does (Debian-based python images), `\55` too.
    if not escapes:
        return text + ("\n" if newline else "")
    if posix_sh and e_flag and _BASH_ONLY_ESCAPE.search(text.replace("\\\\", "")):
        return None  # `echo -e '\x2d'`: `-` under bash or busybox as sh, `\x2d` under dash
    text, stopped = _escapes(text, octal=posix_sh, bash=not posix_sh)
    return text + ("\n" if newline and not stopped else "")


def _format_escapes(text: str) -> str:
    """printf's format escapes, as bash reads them, applied to bytes: `\357\273\277` is a
    UTF-8 byte order mark (one character), not three."""

    def one(m: re.Match[str]) -> str:
        s = m.group(1)
        if s[0] in "01234567":
            return chr(int(s, 8) & 0xFF)
        if s[0] == "x" and len(s) > 1:
            return chr(int(s[1:], 16))
        if s[0] in "uU" and len(s) > 1:
            code = int(s[1:], 16)
            return from_text(chr(code)) if code <= 0x10FFFF else "\\" + s
        if s in ("e", "E"):
            return "\x1b"
        return _ESCAPES.get(s, "\\" + s)

    return to_text(_FORMAT_ESCAPE.sub(one, from_text(text)))


def _printf(args: tuple[Word, ...], posix_sh: bool) -> str | None:
    if args and args[0].value == "--":
        args = args[1:]  # the end of printf's options: the format follows
    if not args or any(not w.known for w in args):
        return None
    fmt, values = args[0].value, [w.value for w in args[1:]]
    if posix_sh and _BASH_ONLY_ESCAPE.search(fmt.replace("\\\\", "")):
        # `\x2d` is `-` under bash and `\x2d` under dash, and /bin/sh may be either.
        return None
    # The format read once: each conversion with the text before it, escapes applied (read
    # again at every reuse, `printf '%s\n' $L` of 16,384 words took 0.5 s, and the values left
    # were copied at each: quadratic).
    parts: list[tuple[str, str]] = []
    pos = 0
    for m in _PRINTF.finditer(fmt):
        parts.append((_format_escapes(fmt[pos : m.start()]), m.group(1)))
        pos = m.end()
    tail = _format_escapes(fmt[pos:])
    out: list[str] = []
    first = 0  # the first value this round of the format reads
    # printf reuses its format until every argument is consumed (at least once).
    while True:
        pieces: list[str] = []
        used = 0
        for literal, conversion in parts:
            pieces.append(literal)
            if conversion == "%":
                pieces.append("%")
                continue
            at = first + used
            value = values[at] if at < len(values) else ""
            used += 1
            if not conversion.endswith("b"):
                pieces.append(value)
                continue
            if posix_sh and _BASH_ONLY_ESCAPE.search(value.replace("\\\\", "")):
                return None  # `printf %b '\x2d'`: `-` under bash or busybox, `\x2d` under dash
            text, stopped = _escapes(value, octal=True, bash=not posix_sh)
            pieces.append(text)
            if stopped:  # `\c` in a %b argument ends all of printf's output
                return "".join(out) + "".join(pieces)
        pieces.append(tail)
        out.append("".join(pieces))
        first += used
        if first >= len(values) or used == 0:
            break
    return "".join(out)


def _stdin(command: Command) -> str | None:
    """What the command reads on standard input: a heredoc, a here-string or a known pipe."""
    for redirect in command.redirects:
        if redirect.op in STDIN_OPS or (redirect.op in FILE_IN and redirect.content is not None):
            return redirect.content
    return None


def _read_input(command: Command, files: Mapping[str, str | None], cwd: str) -> str | None:
    """The text of the files on the command's standard input (`cat < F`; `cat F | cat`, "<+"
    for several in order), when the build has them all."""
    joined = [r.target for r in command.redirects if r.op == "<+"]
    named = joined or [r.target for r in command.redirects if r.op in FILE_IN][-1:]
    if not named or not all(t is not None and t.known for t in named):
        return None
    texts = [files.get(_resolve(cwd, t.value)) for t in named if t is not None]
    return None if any(t is None for t in texts) else crlf_text.joined(t or "" for t in texts)


def stdin_text(command: Command, files: Mapping[str, str | None], cwd: str) -> str | None:
    """The text on the command's standard input: a heredoc, here-string or known pipe, else the
    files redirected to it, when gate knows it."""
    return _stdin(command) or _read_input(command, files, cwd)


def _resolve(cwd: str, path: str) -> str:
    if len(cwd) + len(path) > MAX_CACHED_PATH:
        return posixpath.normpath(posixpath.join(cwd, path))
    return resolved(cwd, path)


def _output(
    command: Command, program: str, posix_sh: bool, files: Mapping[str, str | None], cwd: str
) -> str | None:
    """What the command prints on stdout, when the gate can tell."""
    args = command.argv[1:]
    if program == "echo":
        return _echo(args, posix_sh)
    if program == "printf":
        return _printf(args, posix_sh)
    if program in (":", "true", "false"):
        return ""  # `: > f` empties f
    if program in ("envsubst", "sed"):
        filled = _filled(command, program, cwd, files)
        if filled is not None:
            return filled.text
    if program == "cat":
        if not args:
            return stdin_text(command, files, cwd)
        if all(w.known for w in args):
            parts = [files.get(_resolve(cwd, w.value)) for w in args if w.value != "-"]
            if all(p is not None for p in parts):
                return crlf_text.joined(p for p in parts if p is not None)

    def read(operand: str | None) -> str | None:
        if operand is None:
            return stdin_text(command, files, cwd)
        return files.get(_resolve(cwd, operand))

    # `grep -v '^#' F`, `sed '/^$/d' F`, `sort -u F` … (gate/facts/line_filters.py)
    return line_filters.filtered(program, args, read)


def appended(command: Command, cwd: str) -> set[str]:
    """The paths `command` adds to rather than replaces: `>> F`, `tee -a F`. What it adds does
    not make unknown code there known: a file the build wrote with a value gate cannot know
    (prints_unknown_values) stays such a file (`echo "$M" > s.sh; echo true >> s.sh`)."""
    argv = command.argv
    out = {
        _resolve(cwd, target.value)
        for r, target in _targets(command.redirects)
        if r.op in _APPEND and target.known
    }
    tee = bool(argv) and argv[0].known and argv[0].value.rpartition("/")[2] == "tee"
    if tee and any(w.value in ("-a", "--append") for w in argv[1:]):
        out.update(
            _resolve(cwd, w.value) for w in argv[1:] if w.known and not w.value.startswith("-")
        )
    return out


def _filled(
    command: Command, program: str, cwd: str, files: Mapping[str, str | None]
) -> Filled | None:
    """What `envsubst` or `sed` (not in place) prints of a template, when gate can tell."""
    if program == "envsubst":
        return envsubst.fill(command, stdin_text(command, files, cwd))
    sed = sed_template.read(command.argv[1:])
    if sed is None or sed.in_place:
        return None
    if not sed.files:
        return sed_template.fill(sed, stdin_text(command, files, cwd))
    if not all(w.known for w in sed.files):
        return None
    texts = [files.get(_resolve(cwd, w.value)) for w in sed.files]
    joined = None if any(t is None for t in texts) else "".join(t or "" for t in texts)
    return sed_template.fill(sed, joined)


def piped_fill(command: Command, cwd: str, files: Mapping[str, str | None]) -> Filled | None:
    """What an `envsubst` or `sed` template fill sends down a pipe (`envsubst < T | tee F`),
    when gate can tell: its standard output goes to no file."""
    argv = command.argv
    if not argv or not argv[0].known:
        return None
    program = argv[0].value.rsplit("/", 1)[-1]
    if program not in TEMPLATE_FILLERS or _targets(command.redirects):
        return None
    return _filled(command, program, cwd, files)


def sed_in_place(command: Command, cwd: str, files: Mapping[str, str | None]) -> dict[str, Filled]:
    """The files `sed -i` rewrites as sed_template (placeholders filled) or line_filters (`/RE/d`
    lines deleted, a backup `-i.bak` kept) work them out, each with its new text; empty unless
    it works out every one of them."""
    argv = command.argv
    if not argv or not argv[0].known or argv[0].value.rsplit("/", 1)[-1] != "sed":
        return {}
    deleted = line_filters.in_place(argv[1:], lambda f: files.get(_resolve(cwd, f)))
    if deleted is not None:
        kept, suffix = deleted
        rewritten = {_resolve(cwd, f): Filled(text, False) for f, text in kept.items()}
        if suffix:
            for f in kept:
                old = files.get(_resolve(cwd, f))
                if old is not None:
                    rewritten[_resolve(cwd, f + suffix)] = Filled(old, False)
        return rewritten
    sed = sed_template.read(argv[1:])
    if sed is None or not sed.in_place or not sed.files or not all(w.known for w in sed.files):
        return {}
    out: dict[str, Filled] = {}
    for word in sed.files:
        path = _resolve(cwd, word.value)
        filled = sed_template.fill(sed, files.get(path))
        if filled is None:
            return {}
        out[path] = filled
    return out


def uncertain_writes(command: Command, cwd: str, files: Mapping[str, str | None]) -> list[str]:
    """The files an `envsubst` or `sed` template fill writes where a value gate does not know
    may change a setting (gate/facts/envsubst.py): their text is kept, marked as possibly
    holding other settings."""
    argv = command.argv
    if not argv or not argv[0].known:
        return []
    program = argv[0].value.rsplit("/", 1)[-1]
    if program not in TEMPLATE_FILLERS:
        return []
    edited = [path for path, f in sed_in_place(command, cwd, files).items() if f.uncertain]
    filled = _filled(command, program, cwd, files)
    if filled is None or not filled.uncertain:
        return edited
    return edited + [_resolve(cwd, t.value) for _, t in _targets(command.redirects) if t.known]


def _written_at(cwd: str, path: str, windows: bool) -> str:
    return windows_writes.at(cwd, path) if windows else _resolve(cwd, path)


def _targets(redirects: tuple[Redirect, ...]) -> list[tuple[Redirect, Word]]:
    return [(r, r.target) for r in redirects if r.op in _OUT and r.target is not None]


# Options of `python -m venv`, virtualenv and `uv venv` that take a value (the rest are flags).
_VENV_VALUES = frozenset(
    {"--prompt", "-p", "--python", "--seeder", "--creator", "--activators", "--app-data",
     "--extra-search-dir", "--pip", "--setuptools", "--wheel", "--index-url", "-i",
     "--extra-index-url", "--cache-dir", "--link-mode", "--index", "--default-index",
     "--index-strategy", "--python-preference", "--keyring-provider", "--exclude-newer",
     "--find-links", "-f", "--directory", "--project", "--config-file", "--color"}
)  # fmt: skip


def venvs_made(command: Command) -> list[tuple[str, bool]]:
    """The folders `python -m venv DIR…`, `virtualenv DIR` and `uv venv [DIR]` make venvs in,
    each with whether it gets a pip (not with --without-pip / --no-pip; uv's only with --seed)."""
    argv = command.argv
    if not argv or not all(w.known for w in argv[:3]):
        return []
    name = program_name(argv[0].value)
    if name == "virtualenv":
        rest = argv[1:]
    elif name == "uv" and len(argv) > 1 and argv[1].value == "venv":
        rest = argv[2:]
    elif len(argv) > 2 and argv[1].value == "-m" and argv[2].value in (
        "venv", "virtualenv"
    ) and is_interpreter(name):  # the interpreter's pattern last: asked of every command
        rest = argv[3:]
    else:
        return []
    operands: list[str] = []
    skip = False
    for word in rest:
        if skip:
            skip = False
        elif word.value.startswith("-"):
            skip = word.value in _VENV_VALUES
        elif word.known:
            operands.append(word.value)
    words = {w.value for w in rest}
    if name == "uv":
        return [(operands[0] if operands else ".venv", "--seed" in words)]
    with_pip = not words & {"--without-pip", "--no-pip", "--no-seed"}
    return [(folder, with_pip) for folder in operands]


def written_files(
    command: Command,
    cwd: str,
    files: Mapping[str, str | None],
    *,
    posix_sh: bool = True,
    windows: bool = False,
) -> dict[str, str | None]:
    """Image path → new content (None: unreadable) of every file `command` writes. A text it
    prints from a heredoc's text with a variable of unknown value is marked so (filled_reads).
    `windows`: it runs under cmd or PowerShell, whose printing gate does not model."""
    reads = NotingReads(files)
    return marked(_written(command, cwd, reads, posix_sh, windows), reads.why)


def _written(
    command: Command, cwd: str, files: Mapping[str, str | None], posix_sh: bool, windows: bool
) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    if not command.argv:
        return out
    program = command.argv[0].value.rsplit("/", 1)[-1] if command.argv[0].known else ""
    # cmd's echo keeps quotes and trailing blanks, PowerShell's writes one argument per line (in
    # UTF-16 under Windows PowerShell): a file they print into is of unknown text.
    printed = None if windows else _output(command, program, posix_sh, files, cwd)
    if windows:
        out.update(windows_writes.written(command, cwd, files))
    for redirect, target in _targets(command.redirects):
        if not target.known:
            continue  # a file the gate cannot name: nothing it could look up later
        path = _written_at(cwd, target.value, windows)
        content = printed
        if content is not None and redirect.op in _APPEND:
            old = files.get(path, "")
            content = None if old is None else filled_like(old, old + content)
        out[path] = filled_like(content, content[:MAX_FILE]) if content is not None else None
    for redirect in command.redirects:
        # `2> F`, `3> F`, `exec 3> F`, `1<> F`: another descriptor opens F for writing (emptied
        # unless `<>`) and gate does not follow what goes through it (`{ echo … >&2; } 2> F`,
        # `echo … 3> F >&3`): F is of unknown text, also where the step creates it (a file gate
        # does not hold is read as holding no options: those passed silently). Devices
        # (`2>/dev/null`) hold no file.
        other = redirect.target
        if _OTHER_OUT.fullmatch(redirect.op) and other is not None and other.known:
            path = _written_at(cwd, other.value, windows)
            if path not in out and (path in files or not path.startswith(("/dev/", "/proc/"))):
                out[path] = None
    # sed_in_place, copies and truncations find nothing for a program outside their sets (each
    # tests the same last `/` part first): asked only where it is in them.
    for path, filled in sed_in_place(command, cwd, files).items() if program == "sed" else ():
        out[path] = filled.text
    for folder, with_pip in venvs_made(command):
        # Their text does not matter; that they are there says DIR is a venv (pip's site
        # prefix) and whether `pip` on a $PATH through DIR/bin is its own.
        out.setdefault(_resolve(cwd, posixpath.join(folder, "pyvenv.cfg")), None)
        if with_pip:
            out.setdefault(_resolve(cwd, posixpath.join(folder, "bin", "pip")), None)
    if program == "tee":
        text = stdin_text(command, files, cwd)
        append = any(w.value in ("-a", "--append") for w in command.argv[1:])
        for word in command.argv[1:]:
            if word.value.startswith("-") or not word.known:
                continue
            path = _resolve(cwd, word.value)
            content = text
            if content is not None and append:
                old = files.get(path, "")
                content = None if old is None else filled_like(old, old + content)
            out[path] = content
    # A script moved before it runs keeps its text under the new name (the old name is left in
    # the map: nothing runs a file by a name it no longer has).
    for src, dest in globbed_copies(copies(command, cwd), files) if program in COPIERS else ():
        if _a_tree(files, src) or _a_tree(files, dest):
            continue  # a folder fetched or unpacked whole: Files.carry moves its mark
        if src in files:
            out[dest] = files[src]
        elif src in STDIN_PATHS:
            # `cp /dev/stdin G < F`: G holds what the command reads.
            out[dest] = stdin_text(command, files, cwd)
        elif src == "/dev/null":
            out[dest] = ""  # `cp /dev/null F`, `ln -sf /dev/null F`: F reads as empty
        elif dest in files:
            out[dest] = None  # a file gate does not know replaces one it knew
    if program == "truncate":
        out.update(truncations(command, cwd))
    if program == "dd":
        values = _dd_operands(command.argv)
        if values.get("of"):
            # `dd if=F of=G`, `dd of=G < F`: G holds F's bytes.
            text = (
                files.get(_resolve(cwd, values["if"]))
                if values.get("if")
                else stdin_text(command, files, cwd)
            )
            out[_resolve(cwd, values["of"])] = text
    return out


# Options of cp, mv, install and ln whose value is the next word.
_COPY_VALUES = frozenset({"-m", "--mode", "-o", "--owner", "-g", "--group", "-S", "--suffix",
                          "-t", "--target-directory"})  # fmt: skip


# Long options of theirs gate tells apart, each taken by a prefix of at least this length
# (coreutils 9.1: none of the four has another long option that shares it).
_LONG_PREFIXES = {"--target-directory": 3, "--suffix": 4, "--mode": 3, "--owner": 3,
                  "--group": 3, "--symbolic": 4}  # fmt: skip


def _long_name(long: str) -> str:
    """The long option `long` (no `=VALUE`) stands for, as getopt_long takes a prefix."""
    for name, least in _LONG_PREFIXES.items():
        if len(long) >= least and name.startswith(long):
            return name
    return long


def _valued(program: str) -> str:
    """Short options whose value is the rest of the word or the next one."""
    return "mogSt" if program == "install" else "St"


def _cluster(word: str, program: str) -> tuple[str, str | None]:
    """The letters of a cluster of short options up to one that takes a value, and that
    value where the word holds it (None: it is the next word, or no letter takes one)."""
    valued = _valued(program)
    for at, letter in enumerate(word[1:], 1):
        if letter in valued:
            rest = word[at + 1 :]
            return word[1 : at + 1], rest or None
    return word[1:], None


# rsync's options whose value is the next word (it has no -t DIR: `-t` keeps times).
_RSYNC_VALUES = frozenset({"-e", "--rsh", "-f", "--filter", "--exclude", "--include", "-T",
                           "--temp-dir", "-B", "--block-size", "-M", "--remote-option",
                           "--chmod", "--chown", "--log-file", "--partial-dir"})  # fmt: skip


# Folders every Linux base image has: `mv F /usr/local/bin` puts F inside.
_FOLDERS = frozenset({
    "/", "/bin", "/sbin", "/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin", "/tmp",
    "/opt", "/root", "/usr/local", "/usr/src", "/srv", "/home", "/var/tmp", "/etc",
})  # fmt: skip


def copies(command: Command, cwd: str, *, written: bool = False) -> list[tuple[str, str]]:
    """(source, new path) of `cp`, `mv`, `install` and `ln [-s]`, with a folder as destination
    (`mv F DIR/`, `cp A B DIR`, `-t DIR`) too: the new path reads as the source does (a relative
    symbolic target is relative to the link's folder)."""
    argv = command.argv
    if not argv or not argv[0].known:
        return []
    # The program first: every command is asked, few copy, and their words are looked at once.
    program = argv[0].value.rsplit("/", 1)[-1]
    if program not in COPIERS or not all(w.known for w in argv[1:]):
        return []
    takes_value = _RSYNC_VALUES if program == "rsync" else _COPY_VALUES
    operands: list[str] = []
    folder: str | None = None
    flags = ""
    words = [w.value for w in argv[1:]]
    k = 0
    while k < len(words):
        word = words[k]
        if word == "--":
            operands.extend(words[k + 1 :])
            break
        long, eq, attached = word.partition("=")
        if program != "rsync" and word.startswith("--"):
            # Long options by any prefix getopt_long takes as theirs (`--target=DIR`).
            name = _long_name(long)
            if name == "--target-directory":
                folder = attached if eq else (words[k + 1] if k + 1 < len(words) else "")
                k += 1 if eq else 2
                continue
            flags += "s" if name == "--symbolic" and program == "ln" else ""
            if program == "ln" and long_option(long, LN_OPTIONS) == "relative":  # `--rel`
                flags += "r"
            k += 2 if name in takes_value and not eq else 1
            continue
        if program != "rsync" and word.startswith("-") and len(word) > 1:
            # A cluster: `-sft/d`, `-t/d` (the rest of the word, else the next one, is -t's
            # folder), `-S.bak`, `-m755` (a value, no letters).
            letters, value = _cluster(word, program)
            flags += letters
            if value is not None and letters.endswith("t"):
                folder = value
            elif value is None and letters.endswith("t"):
                folder = words[k + 1] if k + 1 < len(words) else ""
            k += 2 if value is None and letters[-1:] in _valued(program) else 1
            continue
        if word.startswith("-") and len(word) > 1:
            flags += word[1:] if not word.startswith("--") else ""
            k += 2 if word in takes_value else 1
            continue
        operands.append(word)
        k += 1
    if program == "ln" and folder is None and len(operands) == 1 and "T" not in flags:
        folder = "."  # `ln -s T`: the link is made in the current folder, under T's name
    into = len(operands) > 2 or (
        len(operands) == 2
        and (operands[-1].endswith("/") or _resolve(cwd, operands[-1]) in _FOLDERS)
    )
    # `cp -r D/* X`, `mv D/* X/`, `rsync -a D/ X/`: D's entries land in X itself, as D's
    # copy `cp -a D/. X` does (checked with GNU cp and rsync 3.2).
    whole = ("*", ".") if program != "rsync" else ("*", ".", "")
    if folder is None and (into or any(_entries_of(o, whole) for o in operands[:-1])):
        *operands, folder = operands
    if folder is not None:
        pairs = [
            (o.rstrip("/").removesuffix("/*") or "/", folder)
            if _entries_of(o, whole)
            else (o, posixpath.join(folder, posixpath.basename(o.rstrip("/"))))
            for o in operands
        ]
    elif len(operands) == 2:
        pairs = [(operands[0], operands[1])]
    else:
        return []
    # A symbolic link's target is read from the link's folder, but `ln -sr` takes it from the
    # current folder and writes the way there (GNU ln 9.1: `cd /tmp; ln -sr r.txt /app/l` is
    # ../tmp/r.txt).
    symbolic = program == "ln" and "s" in flags and "r" not in flags
    out: list[tuple[str, str]] = []
    for source, new in pairs:
        dest = _resolve(cwd, new)
        if written:
            out.append((source, dest))  # the source as written (a link's text)
            continue
        out.append((_resolve(posixpath.dirname(dest) if symbolic else cwd, source), dest))
    return out


def globbed_copies(
    pairs: list[tuple[str, str]], files: Mapping[str, str | None]
) -> list[tuple[str, str]]:
    """`pairs` with a source glob the shell expands (`cp /d/*.sh /x/`, `install -m755 /d/*.sh
    /usr/local/bin/`, `mv`, `ln -s`) replaced by the held files it names, each landing in the
    destination folder under its own name (several files: the destination is a folder). The
    glob was taken for a file of that name, held by none: the copies held nothing, and a
    script run from there that installs passed silently."""
    from gate.facts import filter_work, word_glob

    out: list[tuple[str, str]] = []
    for src, dest in pairs:
        # (A name holding `*` may be held too: a copy of such a glob written as a name.)
        if not word_glob.is_glob(src) or not filter_work.afford(len(files)):
            out.append((src, dest))
            continue
        found = word_glob.matches(src, files, len(files))
        if not found:
            out.append((src, dest))
            continue
        name = posixpath.basename(src)
        into = posixpath.basename(dest) == name or len(found) > 1
        folder = posixpath.dirname(dest) if posixpath.basename(dest) == name else dest
        out.extend(
            (path, posixpath.join(folder, posixpath.basename(path)) if into else dest)
            for path in found
        )
    return out


def links(command: Command, cwd: str) -> list[tuple[str, str, bool]]:
    """(target, link, hard) of each link `ln [-s]`, `cp -s` or `cp -l` makes: reading the link
    reads the target as it is then, writing into it writes the target (GNU coreutils 9.1)."""
    argv = command.argv
    if not argv or not argv[0].known:
        return []
    program = argv[0].value.rsplit("/", 1)[-1]
    if program not in LINKERS or not all(w.known for w in argv[1:]):
        return []
    symbolic = hard = False
    for word in (w.value for w in argv[1:]):
        if word == "--":
            break
        if word.startswith("--"):
            symbolic |= _long_name(word) in ("--symbolic", "--symbolic-link")  # `--sym`
            hard |= program == "cp" and word == "--link"
        elif word.startswith("-") and len(word) > 1:
            symbolic |= "s" in word[1:]
            hard |= program == "cp" and "l" in word[1:]
    if program == "cp" and not (symbolic or hard):
        return []
    return [(target, new, not symbolic) for target, new in copies(command, cwd) if target != new]


def unknown_links(command: Command, cwd: str) -> list[str]:
    """The new name of `ln [-s] "$X" NAME` (also `cp -s`/`cp -l`) whose target gate cannot
    tell: NAME reads as a file of unknown content from then on."""
    argv = command.argv
    if not argv or not argv[0].known or all(w.known for w in argv[1:]):
        return []
    program = argv[0].value.rsplit("/", 1)[-1]
    if program not in LINKERS:
        return []
    flags = "".join(w.value[1:] for w in argv[1:] if w.known and w.value[:1] == "-")
    if program != "ln" and not (program == "cp" and ("s" in flags or "l" in flags)):
        return []
    if "t" in flags or "target-directory" in flags:
        return []  # the names land in a folder: `ln -s "$X" -t DIR` names none gate can tell
    named = operands(argv[1:], _COPY_VALUES)
    if len(named) < 2 or not named[-1].known or named[-1].value.endswith("/"):
        return []
    dest = _resolve(cwd, named[-1].value)
    return [] if dest in _FOLDERS else [dest]


def replaced(command: Command, cwd: str) -> set[str]:
    """The paths a command puts a new file at rather than writing into the one there: a link
    at such a path is replaced, not written through (`mv`, `install`, `rsync`, `ln`, `sed -i`,
    `perl -i`; `cp`, a redirection and `tee` write into the target of a link)."""
    argv = command.argv
    if not argv or not argv[0].known:
        return set()
    program = argv[0].value.rsplit("/", 1)[-1]
    if program in ("mv", "install", "rsync", "ln"):
        return {new for _, new in copies(command, cwd)}
    if program == "cp" and (made := links(command, cwd)):
        return {new for _, new, _ in made}
    if program == "sed" and any(w.value == "--follow-symlinks" for w in argv[1:]):
        return set()  # GNU sed edits the link's target in place (sed 4.9, checked)
    return set(in_place_edits(command, cwd))


def _a_tree(files: Mapping[str, str | None], path: str) -> bool:
    """A folder marked whole (a git checkout, an unpacked archive), not a file."""
    if isinstance(files, NotingReads):
        files = files.files
    content = files.content(path) if isinstance(files, Files) else None
    return isinstance(content, Unread) and content.tree


def _entries_of(operand: str, whole: tuple[str, ...]) -> bool:
    """The operand names a folder's entries (`D/*`, `D/.`, rsync's `D/`), not the folder."""
    if len(operand) < 2 or "/" not in operand:
        return False
    return operand.rsplit("/", 1)[1] in whole


def operands(words: Sequence[Word], takes_value: Container[str] = ()) -> list[Word]:
    """The words that are not options (`takes_value`: options whose value is the next word);
    all words after `--`."""
    out: list[Word] = []
    k = 0
    while k < len(words):
        word = words[k]
        if word.known and word.value == "--":
            out.extend(words[k + 1 :])
            break
        if word.known and word.value.startswith("-") and len(word.value) > 1:
            k += 2 if word.value in takes_value else 1
            continue
        out.append(word)
        k += 1
    return out


def removals(command: Command, cwd: str) -> list[str]:
    """The paths `command` removes: `rm`/`unlink` operands (a folder with all beneath it, a
    glob with what it matches) and the sources `mv` takes away. A config file removed is no
    longer read."""
    argv = command.argv
    if not argv or not argv[0].known:
        return []
    program = argv[0].value.rsplit("/", 1)[-1]
    if program not in REMOVERS:
        return []
    if program == "mv":
        return [src for src, _ in copies(command, cwd)]
    out: list[str] = []
    options = True
    for word in argv[1:]:
        if options and word.known and word.value == "--":
            options = False
        elif options and word.known and word.value.startswith("-") and len(word.value) > 1:
            continue
        elif word.known and word.value:
            out.append(_resolve(cwd, word.value))
    return out


def edits_in_place(command: Command) -> bool:
    """`sed -i …`, `perl -pi …`: the program rewrites the files it is named."""
    argv = command.argv
    if not argv or not argv[0].known:
        return False
    program = argv[0].value.rsplit("/", 1)[-1]
    words = [w.value if w.known else "" for w in argv[1:]]
    if program == "sed":
        return any(map(_sed_in_place, words))
    if program == "perl":
        return any(w.startswith("-") and not w.startswith("--") and "i" in w for w in words)
    return False


def in_place_edits(command: Command, cwd: str) -> list[str]:
    """The files `sed -i` or `perl -i` edits in place (how, gate does not work out)."""
    if not edits_in_place(command):
        return []
    words = [w.value if w.known else "" for w in command.argv[1:]]
    # perl's code is its -e value; sed's is its first operand unless -e or -f gives it.
    scripted = command.argv[0].value.rsplit("/", 1)[-1] == "perl" or any(
        w in ("-e", "-f", "--expression", "--file") or w.startswith(("--expression=", "--file="))
        for w in words
    )
    operands: list[str] = []
    k = 0
    while k < len(words):
        word = words[k]
        if word in ("-e", "-f", "--expression", "--file", "-l", "-s", "--line-length"):
            k += 2
            continue
        if word.startswith("-") and word != "-":
            k += 1
            continue
        operands.append(word)
        k += 1
    if not scripted and operands:
        operands = operands[1:]  # sed's first operand is its script
    return [_resolve(cwd, o) for o in operands if o]


def _sed_in_place(word: str) -> bool:
    """`-i`, `-i.bak`, `-Ei`, `--in-place[=SUFFIX]`: sed edits its files in place."""
    if word.startswith("--"):
        return word.startswith("--in-place")
    flags = word[1:] if word.startswith("-") else ""
    return "i" in flags and all(c in "nrEsuz" for c in flags[: flags.index("i")])


def truncations(command: Command, cwd: str) -> dict[str, str | None]:
    """`truncate -s 0 F`: F is empty afterwards; another size leaves bytes gate does not know."""
    argv = command.argv
    if not argv or not argv[0].known or argv[0].value.rsplit("/", 1)[-1] != "truncate":
        return {}
    words = [w.value if w.known else "?" for w in argv[1:]]
    size: str | None = None
    paths: list[str] = []
    k = 0
    while k < len(words):
        word = words[k]
        if word in ("-s", "--size", "-r", "--reference"):
            size = words[k + 1] if k + 1 < len(words) and word in ("-s", "--size") else "?"
            k += 2
            continue
        if word.startswith("--size="):
            size = word[len("--size=") :]
        elif word.startswith("-s") and len(word) > 2:
            size = word[2:]
        elif not word.startswith("-") and word != "?":
            paths.append(_resolve(cwd, word))
        k += 1
    empty = size is not None and size.lstrip("=") in ("0", "0K", "0M")
    return {path: "" if empty else None for path in paths}


def _dd_operands(argv: tuple[Word, ...]) -> dict[str, str]:
    """dd's `NAME=VALUE` operands (`if=F`, `of=G`)."""
    return dict(w.value.partition("=")[::2] for w in argv[1:] if w.known and "=" in w.value)


def byte_copies(command: Command, cwd: str) -> list[tuple[str, str]]:
    """(source, new path) of `cat F > G`, `cat F >> G`, `cat < F > G`, `dd if=F of=G`: G holds
    F's bytes, whatever they are."""
    argv = command.argv
    if not argv or not argv[0].known:
        return []
    program = argv[0].value.rsplit("/", 1)[-1]
    if program not in BYTE_COPIERS:
        return []
    if program == "dd":
        values = _dd_operands(argv)
        if values.get("if") and values.get("of"):
            return [(_resolve(cwd, values["if"]), _resolve(cwd, values["of"]))]
        return []
    if program != "cat":
        return []
    files = [w for w in argv[1:] if not (w.known and w.value.startswith("-"))]
    if not files:
        inputs = [r.target for r in command.redirects if r.op in FILE_IN]
        files = [inputs[-1]] if inputs and inputs[-1] is not None else []
    if len(files) != 1 or not files[0].known:
        return []
    source = _resolve(cwd, files[0].value)
    return [(source, _resolve(cwd, t.value)) for _, t in _targets(command.redirects) if t.known]


def downloads(command: Command, cwd: str) -> list[tuple[str, str]]:
    """(image path, URL) of each file `curl` or `wget` saves (`curl -o F`, `curl -O`, `wget
    -O F`, `wget URL`); "" for a URL it does not show. Their content is not known."""
    argv = command.argv
    if not argv or not argv[0].known:
        return []
    program = argv[0].value.rsplit("/", 1)[-1]
    if program not in DOWNLOADERS:
        return []
    if program == "curl":
        saved = _curl_saves([w.value if w.known else "" for w in argv[1:]])
    elif program in ("wget", "wget2"):
        saved = _wget_saves([w.value if w.known else "" for w in argv[1:]])
    elif program == "aria2c":
        # It never writes a download to standard output: no redirection holds one.
        saved = _aria2c_saves([w.value if w.known else "" for w in argv[1:]])
        return [(_resolve(cwd, n), url) for n, url in saved if n]
    else:
        return []
    to_stdout = [url for name, url in saved if name == "-"]
    if to_stdout or not saved:
        # The download goes to standard output: what the command's redirections write holds it.
        url = to_stdout[0] if to_stdout else ""
        saved += [(t.value, url) for _, t in _targets(command.redirects) if t.known]
    return [(_resolve(cwd, n), url) for n, url in saved if n and n != "-"]


def stdout_download(command: Command) -> str:
    """The address whose bytes `command` (curl or wget) writes on standard output when that
    is not sent to a file (it goes down a pipe), else ""."""
    argv = command.argv
    if not argv or not argv[0].known:
        return ""
    program = argv[0].value.rsplit("/", 1)[-1]
    # The program first: every command is asked, and few are curl or wget.
    if program not in DOWNLOADERS or _targets(command.redirects):
        return ""
    words = [w.value if w.known else "" for w in argv[1:]]
    if program == "curl":
        saved = _curl_saves(words)
    elif program in ("wget", "wget2"):
        saved = _wget_saves(words)
    else:
        return ""
    return next((url for name, url in saved if name == "-" and url), "")


def piped_copies(command: Command, cwd: str) -> tuple[list[str], bool]:
    """The files `command` writes whole from a pipe of unknown text (`tee F…`, `cat > F`,
    `dd of=F`), and whether it passes that text on down the next pipe (tee, cat)."""
    argv = command.argv
    if not argv or not argv[0].known or not any(r.op == PIPE_IN for r in command.redirects):
        return [], False
    program = argv[0].value.rsplit("/", 1)[-1]
    args = [w for w in argv[1:] if not (w.known and w.value.startswith("-") and w.value != "-")]
    if program == "tee":
        named = [_resolve(cwd, w.value) for w in args if w.known and w.value != "-"]
        return named, True
    if program == "sponge":
        return [_resolve(cwd, w.value) for w in args if w.known][:1], False
    if program in ("cp", "install"):
        return [dest for src, dest in copies(command, cwd) if src in STDIN_PATHS], False
    outputs = [_resolve(cwd, t.value) for _, t in _targets(command.redirects) if t.known]
    if program == "cat" and all(w.known and w.value == "-" for w in args):
        return outputs, not outputs
    if program == "dd":
        values = _dd_operands(argv)
        if "if" not in values:
            return ([_resolve(cwd, values["of"])] if values.get("of") else outputs), False
    return [], False


def url_name(url: str) -> str:
    """The last name of an address's path (what `curl -O` saves it as)."""
    return url.split("?", 1)[0].split("#", 1)[0].rstrip("/").rsplit("/", 1)[-1]


# curl options whose value is the next word (a referer or a proxy is an address, not a download;
# `-o` names the file).
_CURL_SHORT_VALUES = frozenset("AbcCdDeEFHKmoPQrtTuUwxXyYz")
_CURL_LONG_VALUES = frozenset({
    "--header", "--data", "--data-binary", "--data-raw", "--data-urlencode", "--json", "--form",
    "--referer", "--proxy", "--preproxy", "--user", "--user-agent", "--cookie", "--cookie-jar",
    "--request", "--max-time", "--connect-timeout", "--retry", "--retry-delay", "--write-out",
    "--cacert", "--capath", "--cert", "--key", "--config", "--upload-file", "--range",
    "--limit-rate", "--resolve", "--connect-to", "--proto", "--proto-redir", "--dump-header",
    "--time-cond", "--interface", "--proxy-user", "--netrc-file", "--trace", "--trace-ascii",
    "--retry-max-time", "--continue-at", "--max-filesize", "--stderr", "--oauth2-bearer",
})  # fmt: skip


def _curl_saves(words: list[str]) -> list[tuple[str, str]]:
    """curl pairs its URLs, in order, with its `-o FILE` / `-O` options, in order, wherever they
    stand; a URL without one goes to stdout ("-"), unless `--remote-name-all`."""
    urls: list[str] = []
    outputs: list[str | None] = []  # a file name, or None for -O (the URL's own name)
    folder, remote_all = "", False
    i = 0
    while i < len(words):
        word = words[i]
        following = words[i + 1] if i + 1 < len(words) else ""
        long, eq, attached = word.partition("=")
        value = attached if eq else following
        step = 1 if eq else 2
        if word.startswith("--"):
            if long == "--output":
                outputs.append(value)
                i += step
                continue
            if long == "--url":
                urls.append(value)
                i += step
                continue
            if long == "--output-dir":
                folder = value
                i += step
                continue
            if long == "--remote-name":
                outputs.append(None)
            elif long == "--remote-name-all":
                remote_all = True
            elif long in _CURL_LONG_VALUES and not eq:
                i += 1
        elif word.startswith("-") and len(word) > 1:
            # A cluster of flags ends at the first letter that takes a value (`-fsSLo F`).
            at = next((k for k, c in enumerate(word[1:], 1) if c in _CURL_SHORT_VALUES), 0)
            letters = word[1 : at if at > 0 else None]
            outputs.extend(None for letter in letters if letter == "O")
            if at > 0:
                if word[at] == "o":
                    outputs.append(word[at + 1 :] or following)
                i += 1 if word[at + 1 :] else 2
                continue
        elif unreadable.is_url(word):
            urls.append(word)
        i += 1
    saved: list[tuple[str, str]] = []
    for k, url in enumerate(urls or [""]):
        name: str | None
        if k < len(outputs):
            name = outputs[k]
        elif remote_all:
            name = None
        else:
            saved.append(("-", url))
            continue
        if name is None:
            name = url_name(url)
        if name and name != "-" and folder and not name.startswith("/"):
            name = posixpath.join(folder, name)
        saved.append((name, url))
    return saved


def _wget_saves(words: list[str]) -> list[tuple[str, str]]:
    """wget saves each URL under its own name (in `-P DIR`), or all of them into `-O FILE`."""
    urls = [w for w in words if unreadable.is_url(w)]
    document: str | None = None
    prefix = ""
    for i, word in enumerate(words):
        following = words[i + 1] if i + 1 < len(words) else ""
        long, eq, attached = word.partition("=")
        if word.startswith("--"):
            if long == "--output-document":
                document = attached if eq else following
            elif long == "--directory-prefix":
                prefix = attached if eq else following
        elif word.startswith("-") and len(word) > 1:
            at = word.find("O", 1)
            if at > 0:
                document = word[at + 1 :] or following
            elif word.startswith("-P"):
                prefix = word[2:] or following
    if document is not None:
        return [(document, urls[0] if urls else "")]
    return [
        (posixpath.join(prefix, name) if prefix else name, url)
        for url in urls
        if (name := url_name(url))
    ]


def _aria2c_saves(words: list[str]) -> list[tuple[str, str]]:
    """aria2c (1.37's manual) saves into `-d DIR` (else the working folder) as `-o NAME`, else
    under each address's own name; the addresses of one command are mirrors of one file unless
    `-Z`. A word of unknown value is taken as an address gate cannot read ("")."""
    urls: list[str] = []
    out: str | None = None
    folder = ""
    each = False
    i = 0
    while i < len(words):
        word = words[i]
        following = words[i + 1] if i + 1 < len(words) else ""
        long, eq, attached = word.partition("=")
        if word.startswith("--"):
            if long in ("--out", "--dir"):
                value = attached if eq else following
                out, folder = (value, folder) if long == "--out" else (out, value)
                i += 1 if eq else 2
                continue
            each = each or long == "--force-sequential"
        elif word.startswith("-") and len(word) > 1:
            if word[1] in "od":
                value = word[2:] or following
                out, folder = (value, folder) if word[1] == "o" else (out, value)
                i += 1 if word[2:] else 2
                continue
            each = each or "Z" in word
        elif unreadable.is_url(word) or not word:
            urls.append(word)
        i += 1
    if out is not None and not each:
        return [(posixpath.join(folder, out) if folder else out, urls[0] if urls else "")]
    named = [(url_name(url), url) for url in urls]
    return [(posixpath.join(folder, n) if folder else n, url) for n, url in named if n]


# `git clone` options whose value is the next word (long ones may also take `=VALUE`).
_CLONE_LONG_VALUES = frozenset({
    "--branch", "--origin", "--upload-pack", "--config", "--depth", "--reference",
    "--reference-if-able", "--separate-git-dir", "--jobs", "--filter", "--template",
    "--shallow-since", "--shallow-exclude", "--server-option", "--bundle-uri", "--ref-format",
})  # fmt: skip
_CLONE_SHORT_VALUES = "boucj"
# git's own options before the subcommand that take the next word.
_GIT_VALUES = frozenset({"-C", "-c", "--git-dir", "--work-tree", "--namespace", "--config-env"})


def clones(command: Command, cwd: str) -> list[tuple[str, str]]:
    """(image folder, repository) of `git [-C DIR] clone [options] REPO [DIR]`: the folder
    holds the repository's files, whose content no build state has."""
    argv = command.argv
    if not argv or not argv[0].known or argv[0].value.rsplit("/", 1)[-1] not in CLONERS:
        return []
    words = [w.value if w.known else None for w in argv[1:]]
    k, where = 0, cwd
    while k < len(words) and (words[k] or "").startswith("-"):
        if words[k] in _GIT_VALUES:
            if words[k] == "-C":
                if k + 1 >= len(words) or words[k + 1] is None:
                    return []
                where = _resolve(where, words[k + 1] or "")
            k += 1
        k += 1
    if k >= len(words) or words[k] != "clone":
        return []
    operands: list[str | None] = []
    i = k + 1
    while i < len(words):
        word = words[i]
        if word == "--":
            operands.extend(words[i + 1 :])
            break
        if word is not None and word.startswith("--"):
            i += 2 if "=" not in word and word in _CLONE_LONG_VALUES else 1
            continue
        if word is not None and word.startswith("-") and len(word) > 1:
            for at, letter in enumerate(word[1:], 1):
                if letter in _CLONE_SHORT_VALUES:
                    i += 1 if at < len(word) - 1 else 2  # `-bmain` or `-b main`
                    break
            else:
                i += 1
            continue
        operands.append(word)
        i += 1
    if not operands or len(operands) > 2:
        return []
    repository = operands[0]
    folder = operands[1] if len(operands) == 2 else _humanish(repository)
    if folder is None or not folder:
        return []
    return [(_resolve(where, folder), repository or "")]


def _humanish(repository: str | None) -> str | None:
    """The folder `git clone REPO` makes: the repository's last part, without `.git`."""
    if repository is None:
        return None
    name = repository.rstrip("/")
    name = name.removesuffix("/.git").rstrip("/")
    name = re.split(r"[/:]", name)[-1]
    name = name.removesuffix(".git").removesuffix(".bundle")
    return name or None
