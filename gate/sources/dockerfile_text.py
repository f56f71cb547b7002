"""Dockerfile text → typed instructions: read within bounds, parsed by BuildKit's parser.

The ``dockerfile`` package (BuildKit's own parser, compiled in) splits the file into instructions,
joins continuation lines and drops comment lines inside them, and cuts heredocs out. This module
also holds the heredoc rules of BuildKit's dispatchRun, which turn a RUN's command line and
heredocs into the text its shell receives.
"""

from __future__ import annotations

import json
import os
import re
import stat
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from gate.model import InputError
from gate.sources.buildkit import dockerfile
from gate.sources.docker_words import LexOptions, split_words

# Bounds that keep hostile input cheap.
# The parser's time grows with lines times bytes (5,000 lines, 256 KiB of heredoc: about 1 s);
# real Dockerfiles stay far below these (the largest of 261 real ones: 405 lines, 20 KB).
MAX_DOCKERFILE_BYTES = 256 * 1024
MAX_DOCKERFILE_LINES = 5_000
# BuildKit's parser slows down steeply with nested ``${…${…}}`` (640 deep in one RUN: 2.4 s, 3,000
# deep: minutes); real Dockerfiles nest 2 deep at most (261 real files and the corpus).
MAX_EXPANSION_DEPTH = 32

# Go's unicode.IsSpace: BuildKit trims it before every line (processLine) and, since dockerfile
# 1.8, after a directive's `#` (DirectiveParser.ParseLine: CutPrefix, TrimLeftFunc); between a
# directive's name, `=` and value RE2's \s ([\t\n\f\r ]). The compiled parser (0.12) took only
# \s after the `#`: `#\vescape=`` was no directive to it.
GO_SPACE = "\t\n\v\f\r \x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + (
    "\u2028\u2029\u202f\u205f\u3000"
)
_DIRECTIVE_BODY = re.compile(r"([a-zA-Z][a-zA-Z0-9]*)[\t\n\f\r ]*=[\t\n\f\r ]*(.+?)[\t\n\f\r ]*")
_NESTING_TOKENS = re.compile(r"\$\{|\}|\n")
_HEREDOC_WORD = re.compile(r"^(\d*)<<(-?)([^<]*)$")
_CHOMP = re.compile(r"^\t+", re.MULTILINE)
_SAFE_DELIMITER = re.compile(r"^[A-Za-z0-9_.-]+$")


STDIN = "-"  # the path that means standard input, as for docker build -f -
_stdin_text: list[str] = []  # standard input can be read once


def _read_stdin(path: str) -> str:
    """`gate dockerfile -`: the Dockerfile on standard input, bounded like a file."""
    if not _stdin_text:
        try:
            data = sys.stdin.buffer.read(MAX_DOCKERFILE_BYTES + 1)
        except (OSError, ValueError, AttributeError) as err:
            raise InputError(f"cannot read standard input: {err}", path=path) from None
        _stdin_text.append(_decode(data, path))
    return _stdin_text[0]


def read_text(path: str) -> str:
    if path == STDIN:
        return _read_stdin(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise InputError("no such file", path=path) from None
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror or err}", path=path) from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError("is a directory, not a Dockerfile", path=path)
    if not stat.S_ISREG(info.st_mode):
        # A FIFO or a device would block or never end.
        raise InputError("not a regular file", path=path)
    if info.st_size > MAX_DOCKERFILE_BYTES:
        raise InputError(f"larger than {MAX_DOCKERFILE_BYTES // 1024} KiB", path=path)
    try:
        # O_NONBLOCK: the file may have been swapped for a FIFO since the stat.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise InputError("not a regular file", path=path)
            data = handle.read(MAX_DOCKERFILE_BYTES + 1)
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror or err}", path=path) from None
    return _decode(data, path)


def _decode(data: bytes, path: str) -> str:
    if len(data) > MAX_DOCKERFILE_BYTES:
        raise InputError(f"larger than {MAX_DOCKERFILE_BYTES // 1024} KiB", path=path)
    nul = data.find(b"\0")
    if nul >= 0 and _utf16(data):
        # What PowerShell's `>` writes. docker build reads bytes as UTF-8 and refuses it too.
        raise InputError("UTF-16 text: docker build reads a Dockerfile as UTF-8", path=path)
    if nul >= 0:
        # The parser would stop at the NUL and judge half a file.
        line = data.count(b"\n", 0, nul) + 1
        raise InputError("binary data (NUL byte): not a Dockerfile", path=path, line=line)
    lines = data.count(b"\n") + 1
    if lines > MAX_DOCKERFILE_LINES:
        raise InputError(f"more than {MAX_DOCKERFILE_LINES} lines", path=path)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    # A stray Latin-1 byte in a comment should not make the file unreadable.
    return data.decode("utf-8", errors="replace").replace("\r\n", "\n")


def _utf16(data: bytes) -> bool:
    """A UTF-16 byte-order mark, or ASCII text in UTF-16 (every other byte NUL)."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return True
    head = data[:64]
    return len(head) >= 4 and (set(head[1::2]) == {0} or set(head[0::2]) == {0})


# The parser directives Dockerfile 1.8+ knows. A line of another name, even shaped like one,
# ends the directives (BuildKit's DirectiveParser): `# foo=bar` then `# escape=`` keeps `\`.
KNOWN_DIRECTIVES = frozenset({"escape", "syntax", "check"})


def parse_directive(line: str) -> tuple[str, str] | None:
    """(name as written, value) of a line shaped as a parser directive, as Dockerfile 1.8+
    reads it (any name: the caller tells the known ones)."""
    line = line.rstrip("\r\n").lstrip(GO_SPACE)
    if not line.startswith("#"):
        return None
    match = _DIRECTIVE_BODY.fullmatch(line[1:].lstrip(GO_SPACE))
    return (match.group(1), match.group(2)) if match else None


def directive_lines(text: str, *, after_shebang: bool = False) -> list[tuple[int, str, str]]:
    """(0-based line, name in lower case, value) of each parser directive, as BuildKit reads
    them: leading whitespace stripped, up to the first line that is not a known directive
    (`after_shebang`: a first line starting `#!` is passed over, as DetectSyntax does)."""
    found: list[tuple[int, str, str]] = []
    for index, line in enumerate(_first_lines(text, 64)):
        if index == 0 and after_shebang and line.startswith("#!"):
            continue
        directive = parse_directive(line)
        if directive is None or directive[0].lower() not in KNOWN_DIRECTIVES:
            break
        found.append((index, directive[0].lower(), directive[1]))
    return found


def escape_directive(text: str) -> str:
    """The ``# escape=`` parser directive; directives end at the first line that is not one."""
    for _, name, value in directive_lines(text):
        if name == "escape" and value in ("`", "\\"):
            return value
    return "\\"


def parser_text(text: str) -> str:
    """The text handed to the compiled parser, whose BuildKit predates `# check=`: it ends the
    directives at a check line, so an escape directive after one would be lost (and the lines
    joined at `\\` where docker joins them at a backtick). The escape line moves to the top of
    the directives: comments all, so no instruction changes its line. Each directive line is
    written as `# name=value`, which the compiled parser reads as 1.8+ reads the line."""
    directives = directive_lines(text)
    if not directives:
        return text
    lines = text.split("\n")
    for index, name, value in directives:
        lines[index] = f"# {name}={value}" + ("\r" if lines[index].endswith("\r") else "")
    escape = next((i for i, name, _ in directives if name == "escape"), None)
    if escape:  # not absent, nor already first
        lines.insert(0, lines.pop(escape))
    return "\n".join(lines)


def _first_lines(text: str, limit: int) -> Iterator[str]:
    """The first `limit` lines of `text`, as `text.split("\\n", limit)[:limit]` lists them, one
    at a time: directives end at the first line that is not one (most files: the first), and
    the split made every line up to the limit each time."""
    start = 0
    for _ in range(limit):
        end = text.find("\n", start)
        if end < 0:
            yield text[start:]
            return
        yield text[start:end]
        start = end + 1


def syntax_directive(text: str) -> tuple[str, int] | None:
    """The ``# syntax=`` parser directive's image and its line, if any."""
    for index, name, value in directive_lines(text, after_shebang=True):
        if name == "syntax":
            return value, index + 1
    return None


# Docker's own Dockerfile frontends: they read the file as BuildKit's parser (and gate) does.
_DOCKERFILE_FRONTEND = re.compile(
    r"(?:(?:docker\.io|index\.docker\.io|registry-1\.docker\.io)/)?"
    r"docker/dockerfile(?:-upstream)?(?::[\w][\w.-]*)?(?:@sha256:[0-9a-f]{64})?"
)


def foreign_frontend(image: str) -> bool:
    """A `# syntax=` image other than Docker's Dockerfile frontends: it may build anything."""
    return _DOCKERFILE_FRONTEND.fullmatch(image.strip()) is None


@dataclass(frozen=True)
class Heredoc:
    name: str
    content: str


@dataclass(frozen=True)
class Instr:
    """One parsed instruction, typed (the parser's namedtuples hold Any)."""

    keyword: str  # upper case
    sub: str | None  # ONBUILD's instruction, upper case
    json: bool
    start: int
    end: int
    flags: tuple[str, ...]
    value: tuple[str, ...]
    heredocs: tuple[Heredoc, ...]
    original: str = ""  # the logical line, continuations joined (an ONBUILD's trigger text)


def parse_commands(text: str) -> list[Instr]:
    """Raises dockerfile.GoParseError."""
    out: list[Instr] = []
    for cmd in dockerfile.parse_string(text):
        out.append(_typed(cmd))
    return out


def _typed(cmd: Any) -> Instr:
    sub = cmd.sub_cmd
    return Instr(
        keyword=str(cmd.cmd).upper(),
        sub=str(sub).upper() if sub else None,
        json=bool(cmd.json),
        start=int(cmd.start_line),
        end=int(cmd.end_line),
        flags=tuple(map(str, cmd.flags)),  # map: no generator frame per instruction
        value=tuple(map(str, cmd.value)),
        heredocs=tuple(Heredoc(str(h.name), str(h.content)) for h in cmd.heredocs),
        original=str(cmd.original),
    )


def json_tail_text(instr: Instr) -> str | None:
    """The shell-form text Dockerfile 1.9+ runs for an exec-form line with more after its array.

    The compiled parser (BuildKit 0.12) decodes the first JSON value and drops what follows it
    (`RUN ["true"] || pip install x` is exec form `true`); since dockerfile 1.9 (moby/buildkit
    80518e257, json.Unmarshal in parseJSON) such a line is no JSON array, so parseMaybeJSON keeps
    it whole as shell form: `/bin/sh -c '["true"] || pip install x'` runs pip. None where the
    array ends the line (both parsers agree)."""
    if not instr.json:
        return None
    text = instr.original
    decoder = json.JSONDecoder()
    for found in _ARRAY_START.finditer(text):
        start = found.end() - 1
        try:
            value, end = decoder.raw_decode(text, start)
        except ValueError:
            continue
        if value == list(instr.value):
            rest = text[end:].strip()
            return text[start:].strip() if rest else None
    return None


_ARRAY_START = re.compile(r"(?:^|\s)\[")


def parse(text: str, path: str, escape: str) -> list[Instr]:
    """The instructions of ``text``, parsed once; InputError (with its line) when BuildKit can't."""
    check_nesting(text, path, escape)
    try:
        return parse_commands(parser_text(text))
    except (dockerfile.GoParseError, dockerfile.GoIOError) as err:
        message = one_line(str(err))
        # Only a file that does not parse needs its error placed: not on every call's import path.
        from gate.sources.dockerfile_errors import MAX_LINE_BYTES, error_line, overlong_line

        long_line = overlong_line(text, message)
        if long_line is not None:
            raise InputError(
                f"cannot parse: line longer than {MAX_LINE_BYTES:,} bytes, which BuildKit "
                "cannot read",
                path=path,
                line=long_line,
            ) from None
        if message == "file with no instructions":
            raise InputError(
                "no instructions: the file is empty or only comments", path=path
            ) from None
        line = error_line(text, message, escape, _error_alone)
        raise InputError(f"cannot parse: {message}", path=path, line=line) from None


def one_line(message: str) -> str:
    return " ".join(message.split()) or "syntax error"


def _error_alone(instruction: str) -> str | None:
    """The parser's message for one instruction on its own (None: it parses)."""
    try:
        parse_commands(instruction + "\n")
    except (dockerfile.GoParseError, dockerfile.GoIOError) as err:
        return one_line(str(err))
    return None


def check_nesting(text: str, path: str, escape: str) -> None:
    """Refuse ``${`` nested deeper than MAX_EXPANSION_DEPTH before any parser sees the text.

    Counted over each logical line (a line ending in the escape character continues), quotes
    ignored: an over-count only refuses what no real file does.
    """
    if text.count("${") <= MAX_EXPANSION_DEPTH:
        return  # depth counts `${` openings: fewer in all cannot nest too deep (most files)
    depth = 0
    line = 1
    line_start = 0
    for token in _NESTING_TOKENS.finditer(text):
        kind = token.group()
        if kind == "${":
            depth += 1
            if depth > MAX_EXPANSION_DEPTH:
                raise InputError(
                    f"parameter expansions nested more than {MAX_EXPANSION_DEPTH} deep",
                    path=path,
                    line=line,
                )
        elif kind == "}":
            depth = max(0, depth - 1)
        else:
            if not text[line_start : token.start()].rstrip().endswith(escape):
                depth = 0
            line += 1
            line_start = token.end()


# ---------------------------------------------------------------------------------------------
# Heredocs.


@dataclass(frozen=True)
class HeredocWord:
    chomp: bool  # <<- : leading tabs are stripped from the body
    expand: bool  # the delimiter is unquoted: COPY bodies get $VAR expansion


def heredoc_word(word: str) -> HeredocWord | None:
    """BuildKit's ParseHeredoc: ``<<EOF``, ``<<-EOF``, ``<<"EOF"`` … as one whole word."""
    match = _HEREDOC_WORD.match(word)
    if match is None or not match.group(3):
        return None
    rest = match.group(3)
    words = split_words(rest, {}, LexOptions(skip_unset=True))
    if words is None or len(words) != 1:
        return None
    raw = split_words(rest, {}, LexOptions(skip_unset=True, raw_quotes=True))
    if raw is None or len(raw) != 1:
        return None
    quotes = words[0].count("'") + words[0].count('"')
    raw_quotes = raw[0].count("'") + raw[0].count('"')
    return HeredocWord(chomp=match.group(2) == "-", expand=quotes == raw_quotes)


def chomp(content: str) -> str:
    return _CHOMP.sub("", content)


def run_script(command_line: str, heredocs: tuple[Heredoc, ...]) -> str:
    """The text the shell receives for a shell-form RUN, as BuildKit's dispatchRun builds it
    (a ``#!`` body, which no shell receives, is ``shebang_script``'s)."""
    if not heredocs:
        return command_line
    word = heredoc_word(command_line)
    if word is None:
        # BuildKit hands the heredocs back to the shell after the command line.
        return command_line + "".join("\n" + doc.content + doc.name for doc in heredocs)
    doc = heredocs[0]
    return chomp(doc.content) if word.chomp else doc.content


def shebang_script(command_line: str, heredocs: tuple[Heredoc, ...]) -> str | None:
    """A RUN that is one ``<<EOF`` whose body starts with ``#!``: BuildKit writes the body to
    /dev/pipes/NAME (mode 0755, mounted for this RUN) and executes that file itself, with no
    SHELL (dispatchRun; not on Windows). The kernel then runs the interpreter the first line
    names with at most one argument (the rest of the line, whole) and the file's path
    (binfmt_script). Said here as a POSIX script that writes the file and runs it so, to be
    run by `/bin/sh -c` whatever the stage's SHELL. None for any other RUN."""
    if not heredocs or (word := heredoc_word(command_line)) is None:
        return None
    doc = heredocs[0]
    body = chomp(doc.content) if word.chomp else doc.content
    if not body.startswith("#!"):
        return None
    first = _kernel_line(body)[2:].strip(" \t")
    interpreter, _, argument = first.replace("\t", " ").partition(" ")
    if not interpreter:
        return body  # the kernel refuses the file: nothing runs (left to the shell as before)
    # The interpreter and its argument as the kernel cut them (tabs inside the argument kept).
    argument = first[len(interpreter) :].strip(" \t")
    path = "/dev/pipes/" + (doc.name.strip("/") or "EOF")
    lines = set(body.split("\n"))
    delimiter = doc.name if _SAFE_DELIMITER.match(doc.name) else "EOF"
    while delimiter in lines:
        delimiter += "_"
    if not body.endswith("\n"):
        body += "\n"
    argv = [interpreter, argument, path] if argument else [interpreter, path]
    return f"cat > {_quoted(path)} <<'{delimiter}'\n{body}{delimiter}\n" + " ".join(
        map(_quoted, argv)
    )


# binfmt_script reads the first BINPRM_BUF_SIZE (256) bytes of the file: a `#!` line with no
# newline among them is cut after 255, and a NUL ends the interpreter or its argument.
_BINPRM_BUF = 256


def _kernel_line(body: str) -> str:
    """The `#!` line as Linux's load_script reads it: `#!/usr/bin/env -S pip install evil` then
    blanks past byte 255 and ` --only-binary=:all: -c` gives env only what fits (measured on
    6.18: the argument ended at byte 255; gate read the whole line, so an option that never
    reached pip made the install pass)."""
    raw = body.encode("utf-8", "surrogatepass")[:_BINPRM_BUF]
    end = raw.find(b"\n")
    if end == -1:
        raw = raw[: _BINPRM_BUF - 1]
        if not any(c in raw[2:].lstrip(b" \t") for c in b" \t\0"):
            return "#!"  # the interpreter's path does not end in the buffer: ENOEXEC
    else:
        raw = raw[:end]
    raw = raw.split(b"\0", 1)[0]
    return raw.decode("utf-8", "replace")


def shebang_only_once_chomped(command_line: str, heredocs: tuple[Heredoc, ...]) -> bool:
    """A `<<-EOF` body whose `#!` follows leading tabs: dockerfile 1.21+ strips them before it
    looks for the `#!` (moby/buildkit 2eadae25e) and executes the body; earlier frontends ran
    it with the SHELL, its `#!` line a comment."""
    word = heredoc_word(command_line) if heredocs else None
    content = heredocs[0].content if heredocs else ""
    return bool(word and word.chomp and not content.startswith("#!"))


def _quoted(word: str) -> str:
    return "'" + word.replace("'", "'\\''") + "'"
