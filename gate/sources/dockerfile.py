"""Dockerfile → BuildSource: each stage's RUN steps and file writes, ARG/ENV scope as in BuildKit.

The ``dockerfile`` package (BuildKit's own parser, compiled in) splits the file into instructions,
joins continuation lines and drops comment lines inside them, and cuts heredocs out. What BuildKit
does after parsing (dockerfile2llb) is redone here, as far as the gate needs it:

- Global ``ARG``s (before the first FROM) expand FROM lines; inside a stage only a bare ``ARG NAME``
  brings one in. ``--build-arg`` overrides a declared ARG's default. An ARG with no default and no
  build arg is *set to an unknown value* (``None``): the builder may pass anything, so the gate must
  not assume it is empty.
- RUN sees ARGs and ENVs of its stage as environment; ENV wins over an ARG of the same name.
- ``FROM <stage>`` inherits that stage's ENV, ARGs (BuildKit carries them into child stages),
  WORKDIR, SHELL and the files this module knows it wrote; ``FROM <image>`` starts afresh, from
  the image's config Env when the caller's ``base_env`` lookup knows it (below the stage's ARGs
  and ENVs). The lookup is only asked for a FROM whose reference is fully known (not ``scratch``,
  not a template, no ARG of unknown value); ``None`` from it means nothing known: an empty
  environment. This module does no I/O of its own beyond the Dockerfile and the context.
- RUN heredocs follow BuildKit's dispatchRun: a command line that is only ``<<EOF`` runs the body
  with the shell (a body starting with ``#!`` is run by its interpreter, given here as the body on
  that interpreter's stdin); any other command line gets its heredocs back as shell heredocs, so
  ``RUN python3 <<EOF`` and ``RUN <<EOF bash`` reach the shell layer as redirections.
- ``ONBUILD RUN`` is judged where it is written, but runs in a child build: it sees the stage's
  final ENV, WORKDIR and SHELL and none of its ARGs. Other ONBUILD instructions change nothing here.
- COPY/ADD, and the files a ``RUN --mount=type=bind|secret`` shows, become FileWrites: heredoc
  bodies (expanded unless the delimiter is quoted), files of interest from ``--context`` (see
  ``INTERESTING_*``), files this module knows in a ``--from`` stage; otherwise a file of unknown
  content when the destination file name is known.

Lines of unknown instructions (templates: ``{{ … }}``, ``{% … %}``) are skipped rather than refused,
so a template's RUN lines are still judged.
"""

from __future__ import annotations

import fnmatch
import ntpath
import os
import posixpath
import re
import stat
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import dockerfile

from gate.model import (
    BuildSource,
    Env,
    FileWrite,
    InputError,
    Location,
    Run,
    Stage,
    Step,
    Target,
)
from gate.sources.created_by import KEYWORDS
from gate.sources.docker_words import LexOptions, expand, split_words

POSIX_SHELL = ("/bin/sh", "-c")

# Bounds that keep hostile input cheap.
# The parser's time grows with lines times bytes (5,000 lines, 256 KiB of heredoc: about 1 s);
# real Dockerfiles stay far below these (the largest of 261 real ones: 405 lines, 20 KB).
MAX_DOCKERFILE_BYTES = 256 * 1024
STDIN = "-"  # the path that means standard input, as for docker build -f -
MAX_DOCKERFILE_LINES = 5_000
MAX_ERROR_SEARCH_LINES = 2_000  # bigger files get their parse errors without a line number
MAX_CONTEXT_FILE_BYTES = 1024 * 1024
MAX_CONTEXT_TOTAL_BYTES = 16 * 1024 * 1024
MAX_CONTEXT_ENTRIES = 5_000  # directory entries looked at while copying from the context
MAX_ENV_ENTRIES = 500_000  # variables over all distinct step environments
MAX_VALUE_CHARS = 32 * 1024 * 1024  # characters of all expanded values and heredoc bodies

# Context files the fact layer reads: requirements, constraints, tool configs, lock files and the
# scripts a RUN may call. Anything else copied from the context is not recorded.
INTERESTING_NAMES = frozenset(
    {
        "pip.conf",
        "pip.ini",
        "uv.toml",
        "pyproject.toml",
        "poetry.toml",
        "poetry.lock",
        "uv.lock",
        "pdm.toml",
        "pdm.lock",
        ".pdm.toml",
        "pipfile",
        "pipfile.lock",
        "setup.cfg",
    }
)
INTERESTING_PATTERNS = ("*.txt", "*.in", "pylock*.toml", "*.sh")

# Instructions BuildKit knows (created_by.KEYWORDS). Anything else is a template line or a typo;
# BuildKit would refuse the file, the gate skips the line and judges the rest.
# BuildKit defines these in the global scope from the platform; their values are the builder's.
_PLATFORM_ARGS = (
    "TARGETPLATFORM",
    "TARGETOS",
    "TARGETARCH",
    "TARGETVARIANT",
    "BUILDPLATFORM",
    "BUILDOS",
    "BUILDARCH",
    "BUILDVARIANT",
)

_DIRECTIVE = re.compile(r"^#[ \t]*([a-zA-Z][a-zA-Z0-9]*)[ \t]*=[ \t]*(.+?)[ \t]*$")
_HEREDOC_WORD = re.compile(r"^(\d*)<<(-?)([^<]*)$")
_CHOMP = re.compile(r"^\t+", re.MULTILINE)
_WINDOWS_PATH = re.compile(r"^[A-Za-z]:[\\/]|^[A-Za-z]:$")
_GLOB_MAGIC = re.compile(r"[*?\[]")
_SAFE_DELIMITER = re.compile(r"^[A-Za-z0-9_.-]+$")
_HEREDOC_RAW = LexOptions(skip_quotes=True)
_TEMPLATE = re.compile(r"\{\{|\{%|@[A-Za-z_]+@")


def read_dockerfile(
    path: str,
    *,
    build_args: Mapping[str, str],
    target: str | None,
    context: str | None,
    base_env: Callable[[str], Env | None] | None = None,
) -> BuildSource:
    """Read a Dockerfile into the stages a build of ``target`` (default: every stage) would run.

    ``base_env`` gives the config Env of a base image by reference (None: not known).

    Raises InputError (one line, with the line number where known) for anything BuildKit could not
    build from: unreadable or binary files, parse errors, no FROM, an unknown target stage.
    """
    text = _read_text(path)
    escape = _escape_directive(text)
    instructions = _parse(text, path)
    builder = _Builder(path, text, escape, dict(build_args), _Context.open(context, path), base_env)
    for instr in instructions:
        builder.dispatch(instr)
    stages = builder.finish()
    if not stages:
        raise InputError("no FROM instruction: the Dockerfile has no build stage", path=path)
    if target is not None:
        stages = _needed_stages(stages, target, path)
    return BuildSource(
        target=Target("dockerfile", path),
        stages=tuple(s.stage for s in stages),
    )


# ---------------------------------------------------------------------------------------------
# Reading and parsing.


_stdin_text: list[str] = []  # standard input can be read once: kept for the report's source lines


def stdin_text() -> str | None:
    """The Dockerfile read from standard input (`gate dockerfile -`), once it has been read."""
    return _stdin_text[0] if _stdin_text else None


def _read_stdin(path: str) -> str:
    """`gate dockerfile -`: the Dockerfile on standard input, bounded like a file."""
    if not _stdin_text:
        try:
            data = sys.stdin.buffer.read(MAX_DOCKERFILE_BYTES + 1)
        except (OSError, ValueError, AttributeError) as err:
            raise InputError(f"cannot read standard input: {err}", path=path) from None
        _stdin_text.append(_decode(data, path))
    return _stdin_text[0]


def _read_text(path: str) -> str:
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


def _escape_directive(text: str) -> str:
    """The ``# escape=`` parser directive; directives end at the first line that is not one."""
    escape = "\\"
    for line in text.split("\n", 64)[:64]:
        match = _DIRECTIVE.match(line)
        if match is None:
            break
        if match.group(1).lower() == "escape" and match.group(2) in ("`", "\\"):
            escape = match.group(2)
    return escape


@dataclass(frozen=True)
class _Heredoc:
    name: str
    content: str


@dataclass(frozen=True)
class _Instr:
    """One parsed instruction, typed (the parser's namedtuples hold Any)."""

    keyword: str  # upper case
    sub: str | None  # ONBUILD's instruction, upper case
    json: bool
    start: int
    end: int
    flags: tuple[str, ...]
    value: tuple[str, ...]
    heredocs: tuple[_Heredoc, ...]


def _parse_commands(text: str) -> list[_Instr]:
    """Raises dockerfile.GoParseError."""
    out: list[_Instr] = []
    for cmd in dockerfile.parse_string(text):
        out.append(_typed(cmd))
    return out


def _typed(cmd: Any) -> _Instr:
    sub = cmd.sub_cmd
    return _Instr(
        keyword=str(cmd.cmd).upper(),
        sub=str(sub).upper() if sub else None,
        json=bool(cmd.json),
        start=int(cmd.start_line),
        end=int(cmd.end_line),
        flags=tuple(str(f) for f in cmd.flags),
        value=tuple(str(v) for v in cmd.value),
        heredocs=tuple(_Heredoc(str(h.name), str(h.content)) for h in cmd.heredocs),
    )


def _parse(text: str, path: str) -> list[_Instr]:
    try:
        return _parse_commands(text)
    except (dockerfile.GoParseError, dockerfile.GoIOError) as err:
        message = _one_line(str(err))
        if message == "file with no instructions":
            raise InputError(
                "no instructions: the file is empty or only comments", path=path
            ) from None
        line = _error_line(text, message)
        raise InputError(f"cannot parse: {message}", path=path, line=line) from None


def _one_line(message: str) -> str:
    return " ".join(message.split()) or "syntax error"


def _error_line(text: str, message: str) -> int | None:
    """The first line whose prefix of the file fails the same way (the parser gives no line)."""
    lines = text.split("\n")
    if len(lines) > MAX_ERROR_SEARCH_LINES:
        return None

    def fails(count: int) -> bool:
        try:
            _parse_commands("\n".join(lines[:count]) + "\n")
        except (dockerfile.GoParseError, dockerfile.GoIOError) as err:
            return _one_line(str(err)) == message
        return False

    low, high = 1, len(lines)
    if not fails(high):
        return None
    while low < high:
        middle = (low + high) // 2
        if fails(middle):
            high = middle
        else:
            low = middle + 1
    return low


# ---------------------------------------------------------------------------------------------
# Heredocs.


@dataclass(frozen=True)
class _HeredocWord:
    chomp: bool  # <<- : leading tabs are stripped from the body
    expand: bool  # the delimiter is unquoted: COPY bodies get $VAR expansion


def _heredoc_word(word: str) -> _HeredocWord | None:
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
    return _HeredocWord(chomp=match.group(2) == "-", expand=quotes == raw_quotes)


def _chomp(content: str) -> str:
    return _CHOMP.sub("", content)


def _run_script(command_line: str, heredocs: tuple[_Heredoc, ...]) -> str:
    """The text the shell receives for a shell-form RUN, as BuildKit's dispatchRun builds it."""
    if not heredocs:
        return command_line
    word = _heredoc_word(command_line)
    if word is None:
        # BuildKit hands the heredocs back to the shell after the command line.
        return command_line + "".join("\n" + doc.content + doc.name for doc in heredocs)
    doc = heredocs[0]
    body = _chomp(doc.content) if word.chomp else doc.content
    if body.startswith("#!"):
        return _shebang_script(body, doc.name)
    return body


def _shebang_script(body: str, name: str) -> str:
    """BuildKit runs a ``#!`` body as an executable file: say so as ``interpreter <<'EOF'``."""
    first, _, _ = body.partition("\n")
    interpreter = first[2:].strip()
    if not interpreter:
        return body
    lines = set(body.split("\n"))
    delimiter = name if _SAFE_DELIMITER.match(name) else "EOF"
    while delimiter in lines:
        delimiter += "_"
    if not body.endswith("\n"):
        body += "\n"
    return f"{interpreter} <<'{delimiter}'\n{body}{delimiter}"


# ---------------------------------------------------------------------------------------------
# The build context.


@dataclass
class _Context:
    """Files of the build context the fact layer may read, within size caps."""

    root: str
    ignore: tuple[tuple[re.Pattern[str], bool], ...]  # (pattern, is an exception "!…")
    budget: int = MAX_CONTEXT_TOTAL_BYTES
    entries: int = 0  # directory entries and files looked at, over the whole Dockerfile
    cache: dict[str, str | None] = field(default_factory=dict)
    inside_cache: dict[str, bool] = field(default_factory=dict)

    @property
    def exhausted(self) -> bool:
        return self.entries > MAX_CONTEXT_ENTRIES

    @classmethod
    def open(cls, context: str | None, dockerfile_path: str) -> _Context | None:
        if context is None:
            return None
        if not os.path.isdir(context):
            raise InputError("the build context is not a directory", path=context)
        root = os.path.realpath(context)
        return cls(root, _dockerignore(root, dockerfile_path))

    def ignored(self, rel: str) -> bool:
        """The path or a parent directory matches .dockerignore; the last matching pattern wins."""
        if not self.ignore:
            return False
        parts = rel.split("/")
        prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
        result = False
        for pattern, exception in self.ignore:
            if any(pattern.fullmatch(p) for p in prefixes):
                result = not exception
        return result

    def sources(self, source: str) -> Iterator[tuple[str, str, bool]]:
        """(context-relative path, real path, named directly) for the files one COPY source names.

        Directories are walked; ``named directly`` is False for files found inside one.
        """
        rel = posixpath.normpath("/" + source.replace("\\", "/")).lstrip("/")
        if self.exhausted:
            return
        if _GLOB_MAGIC.search(rel):
            matches = self._glob(rel)
        else:
            matches = [rel or "."]
        for match in matches:
            self.entries += 1
            if self.exhausted:
                return
            full = os.path.join(self.root, match) if match != "." else self.root
            if not self._inside(full):
                continue
            if os.path.isdir(full):
                yield from self._walk(full, match)
            elif match == "." or not self.ignored(match):
                yield match, full, True

    def _glob(self, rel: str) -> list[str]:
        directory, pattern = posixpath.split(rel)
        base = os.path.join(self.root, directory) if directory else self.root
        if not self._inside(base) or _GLOB_MAGIC.search(directory):
            return []
        try:
            names = sorted(os.listdir(base))[:MAX_CONTEXT_ENTRIES]
        except OSError:
            return []
        self.entries += len(names)
        return [posixpath.join(directory, n) for n in names if fnmatch.fnmatchcase(n, pattern)]

    def _walk(self, top: str, top_rel: str) -> Iterator[tuple[str, str, bool]]:
        for dirpath, dirnames, filenames in os.walk(top):
            dirnames.sort()
            self.entries += len(dirnames) + len(filenames)
            if self.exhausted:
                return
            rel_dir = os.path.relpath(dirpath, self.root).replace(os.sep, "/")
            for name in sorted(filenames):
                rel = name if rel_dir == "." else f"{rel_dir}/{name}"
                if not _interesting(name) or self.ignored(rel):
                    continue
                inner = posixpath.relpath(rel, top_rel) if top_rel != "." else rel
                yield inner, os.path.join(dirpath, name), False

    def _inside(self, full: str) -> bool:
        """The path resolves (symlinks followed) to a place inside the context."""
        known = self.inside_cache.get(full)
        if known is None:
            real = os.path.realpath(full)
            known = real == self.root or real.startswith(self.root + os.sep)
            self.inside_cache[full] = known
        return known

    def read(self, full: str) -> str | None:
        """A file's text, or None when it is not a readable regular text file within the caps."""
        if full not in self.cache:
            self.cache[full] = self._read(full)
        return self.cache[full]

    def _read(self, full: str) -> str | None:
        if not self._inside(full):
            return None
        try:
            info = os.stat(full)
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_CONTEXT_FILE_BYTES:
                return None
            if info.st_size > self.budget:
                return None
            fd = os.open(full, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
            with os.fdopen(fd, "rb") as handle:
                data = handle.read(MAX_CONTEXT_FILE_BYTES + 1)
        except OSError:
            return None
        if len(data) > MAX_CONTEXT_FILE_BYTES or b"\0" in data:
            return None
        self.budget -= len(data)
        return data.decode("utf-8", errors="replace").replace("\r\n", "\n")


def _dockerignore(root: str, dockerfile_path: str) -> tuple[tuple[re.Pattern[str], bool], ...]:
    """Patterns of ``<Dockerfile>.dockerignore`` (preferred, as BuildKit) or ``.dockerignore``."""
    for candidate in (dockerfile_path + ".dockerignore", os.path.join(root, ".dockerignore")):
        try:
            if os.path.getsize(candidate) > MAX_CONTEXT_FILE_BYTES:
                continue
            with open(candidate, encoding="utf-8", errors="replace") as handle:
                lines = handle.read().splitlines()
        except OSError:
            continue
        out: list[tuple[re.Pattern[str], bool]] = []
        for line in lines:
            pattern = line.strip()
            if not pattern or pattern.startswith("#"):
                continue
            exception = pattern.startswith("!")
            if exception:
                pattern = pattern[1:].strip()
            pattern = posixpath.normpath("/" + pattern.replace("\\", "/")).lstrip("/")
            if pattern:
                out.append((_ignore_regex(pattern), exception))
        return tuple(out)
    return ()


def _ignore_regex(pattern: str) -> re.Pattern[str]:
    """Go filepath.Match with ``**`` (moby/patternmatcher), as a regex over slash paths."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if pattern.startswith("**", i):
            i += 2
            if pattern.startswith("/", i):
                i += 1
                out.append("(?:.*/)?")
            else:
                out.append(".*")
            continue
        if ch == "*":
            out.append("[^/]*")
        elif ch == "?":
            out.append("[^/]")
        else:
            out.append(re.escape(ch))
        i += 1
    return re.compile("".join(out), re.DOTALL)


def _interesting(name: str) -> bool:
    lower = name.lower()
    return lower in INTERESTING_NAMES or any(
        fnmatch.fnmatchcase(lower, p) for p in INTERESTING_PATTERNS
    )


# ---------------------------------------------------------------------------------------------
# Paths.


def _is_windows_path(path: str) -> bool:
    return bool(_WINDOWS_PATH.match(path))


def _join(base: str, path: str) -> str:
    """``path`` relative to ``base`` (WORKDIR), normalised; Windows drive paths stay Windows."""
    if _is_windows_path(path):
        return ntpath.normpath(path)
    if _is_windows_path(base):
        return ntpath.normpath(ntpath.join(base, path))
    joined = posixpath.normpath(posixpath.join(base or "/", path))
    return joined if joined.startswith("/") else "/" + joined


# ---------------------------------------------------------------------------------------------
# Building the stages.


@dataclass
class _PendingOnbuild:
    """An ONBUILD RUN, completed at the end of its stage: a child build starts from that state."""

    location: Location
    exec_form: bool
    argv: tuple[str, ...]
    command_line: str
    heredocs: tuple[_Heredoc, ...]


@dataclass
class _StageState:
    index: int
    name: str | None
    base: str
    parent: int | None
    args: dict[str, str | None]
    env: dict[str, str | None]
    workdir: str
    shell: tuple[str, ...]
    files: dict[str, str | None]
    start_env: dict[str, str | None]
    # The base image's config Env (inherited by FROM <stage>), below ARG and ENV.
    base_env: dict[str, str | None] = field(default_factory=dict)
    steps: list[Step | _PendingOnbuild] = field(default_factory=list)
    deps: set[int] = field(default_factory=set)
    view_cache: dict[str, str | None] | None = None
    stage: Stage = field(init=False)

    @property
    def label(self) -> str:
        return self.name if self.name is not None else str(self.index)

    def view(self) -> dict[str, str | None]:
        """What RUN and expansion see: the base's Env, ARGs, ENV winning (shared until a change)."""
        if self.view_cache is None:
            self.view_cache = {**self.base_env, **self.args, **self.env}
        return self.view_cache

    def image_env(self) -> dict[str, str | None]:
        """The image config's Env at this point: the base's, then ENV (no ARGs)."""
        return {**self.base_env, **self.env}


class _Builder:
    """Replays the instructions (private, mutable)."""

    def __init__(
        self,
        path: str,
        text: str,
        escape: str,
        build_args: dict[str, str],
        context: _Context | None,
        base_env: Callable[[str], Env | None] | None = None,
    ) -> None:
        self.path = path
        self.base_env = base_env
        self.text = text
        self.escape = escape
        self.lex = LexOptions(escape=escape)
        self.build_args = build_args
        self.context = context
        self.meta: dict[str, str | None] = {name: build_args.get(name) for name in _PLATFORM_ARGS}
        self.stages: list[_StageState] = []
        self.by_name: dict[str, int] = {}
        self.env_entries = 0
        self.value_chars = 0
        self.instr: _Instr | None = None

    # -- errors and budgets ------------------------------------------------------------------
    def error(self, message: str) -> InputError:
        line = self.instr.start if self.instr is not None else None
        return InputError(_one_line(message), path=self.path, line=line)

    def spend(self, text: str | None) -> None:
        if text is not None:
            self.value_chars += len(text)
            if self.value_chars > MAX_VALUE_CHARS:
                raise self.error("variables and heredocs expand to more than 32 MiB in all")

    def plain(self, word: str) -> bool:
        """Nothing to expand or unquote: most words, and expand() costs far more than this."""
        return not any(ch in word for ch in ("$", "'", '"', self.escape))

    def word(self, word: str, env: Mapping[str, str | None]) -> str | None:
        """A word after quote removal and expansion; None when its value is not known."""
        if self.plain(word):
            return word
        result = expand(word, env, self.lex)
        if result.error is not None:
            raise self.error(f"{result.error} (in {_short(word)})")
        if not result.known:
            return None
        self.spend(result.value)
        return result.value

    def text_word(self, word: str, env: Mapping[str, str | None]) -> str:
        """Like word(), but an unknown value keeps its text (``/app/$DIR``) for paths and names."""
        if self.plain(word):
            return word
        result = expand(word, env, self.lex)
        if result.error is not None:
            raise self.error(f"{result.error} (in {_short(word)})")
        self.spend(result.value)
        return result.value

    # -- dispatch ----------------------------------------------------------------------------
    def dispatch(self, instr: _Instr) -> None:
        self.instr = instr
        keyword = instr.keyword
        if keyword not in KEYWORDS:
            return
        if keyword == "FROM":
            self.from_(instr)
            return
        if not self.stages:
            if keyword == "ARG":
                self.global_arg(instr)
                return
            raise self.error(f"{keyword} before the first FROM: there is no build stage yet")
        stage = self.stages[-1]
        if keyword == "ARG":
            self.arg(stage, instr)
        elif keyword == "ENV":
            self.env(stage, instr)
        elif keyword == "WORKDIR":
            self.workdir(stage, instr)
        elif keyword == "SHELL":
            self.shell(stage, instr)
        elif keyword == "RUN":
            self.run(stage, instr)
        elif keyword == "ONBUILD":
            self.onbuild(stage, instr)
        elif keyword in ("COPY", "ADD"):
            self.copy(stage, instr)

    def location(self, stage: _StageState, instr: _Instr) -> Location:
        return Location(path=self.path, line=instr.start, end_line=instr.end, stage=stage.label)

    # -- FROM and ARG ------------------------------------------------------------------------
    def from_(self, instr: _Instr) -> None:
        value = instr.value
        named = len(value) >= 3 and value[-2].upper() == "AS"
        image = value[:-2] if named else value
        if len(image) != 1:
            if not image or not _TEMPLATE.search(" ".join(image)):
                raise self.error(
                    "FROM requires either one or three arguments (FROM image [AS name])"
                )
            # A template's FROM ({{ base_image }}): its steps are still worth judging.
            image = (" ".join(image),)
        base = self.text_word(image[0], self.meta)
        if not base:
            raise self.error(f"base name ({image[0]}) should not be blank")
        name = value[-1].lower() if named else None
        index = len(self.stages)
        parent_index = self.by_name.get(base.lower())
        if parent_index is not None:
            parent = self.stages[parent_index]
            self.count_entries(
                len(parent.args)
                + len(parent.env)
                + len(parent.base_env)
                + len(parent.files)
                + len(parent.view())
            )
            stage = _StageState(
                index=index,
                name=name,
                base=base,
                parent=parent_index,
                args=dict(parent.args),
                env=dict(parent.env),
                workdir=parent.workdir,
                shell=parent.shell,
                files=dict(parent.files),
                start_env=dict(parent.view()),
                base_env=dict(parent.base_env),
                deps={parent_index},
            )
        else:
            inherited = self.image_env(image[0])
            self.count_entries(2 * len(inherited))
            stage = _StageState(
                index=index,
                name=name,
                base=base,
                parent=None,
                args={},
                env={},
                workdir="/",
                shell=POSIX_SHELL,
                files={},
                start_env=dict(inherited),
                base_env=inherited,
            )
        self.stages.append(stage)
        if name is not None:
            # A later stage of the same name shadows the earlier one for later references.
            self.by_name[name] = index

    def image_env(self, word: str) -> dict[str, str | None]:
        """The config Env of the image a FROM word names, when the lookup knows it; else empty."""
        if self.base_env is None or _TEMPLATE.search(word):
            return {}
        ref = self.word(word, self.meta)
        if not ref or ref.lower() == "scratch" or any(ch.isspace() for ch in ref):
            return {}  # an ARG of unknown value, or no image at all
        found = self.base_env(ref)
        if not found:
            return {}
        env = dict(found)
        for value in env.values():
            self.spend(value)
        return env

    def arg_pairs(self, instr: _Instr) -> Iterator[tuple[str, str | None]]:
        """(name, default as written or None) for each ``NAME[=default]``."""
        if not instr.value:
            raise self.error("ARG requires at least one argument")
        for item in instr.value:
            name, eq, default = item.partition("=")
            if not name:
                raise self.error(f"ARG names can not be blank ({_short(item)})")
            yield name, default if eq else None

    def global_arg(self, instr: _Instr) -> None:
        for name, default in self.arg_pairs(instr):
            if name in self.build_args:
                value: str | None = self.build_args[name]
            elif default is not None:
                value = self.word(default, self.meta)
            else:
                value = None
            self.meta[name] = value

    def arg(self, stage: _StageState, instr: _Instr) -> None:
        for name, default in self.arg_pairs(instr):
            if name in self.build_args:
                value: str | None = self.build_args[name]
            elif default is not None:
                value = self.word(default, stage.view())
            elif name in self.meta:
                value = self.meta[name]
            else:
                value = None
            stage.args[name] = value
            stage.view_cache = None

    # -- ENV, WORKDIR, SHELL -----------------------------------------------------------------
    def env(self, stage: _StageState, instr: _Instr) -> None:
        value = instr.value
        if not value or len(value) % 2:
            raise self.error("ENV requires name=value pairs")
        # Every pair of one ENV expands with the environment from before the instruction.
        before = stage.view()
        updates: list[tuple[str, str | None]] = []
        for i in range(0, len(value), 2):
            name = self.word(value[i], before)
            if not name:
                continue
            updates.append((name, self.word(value[i + 1], before)))
        for name, new in updates:
            stage.env[name] = new
        stage.view_cache = None

    def workdir(self, stage: _StageState, instr: _Instr) -> None:
        if not instr.value:
            raise self.error("WORKDIR requires exactly one argument")
        new = self.text_word(" ".join(instr.value), stage.view())
        if new:
            stage.workdir = _join(stage.workdir, new)

    def shell(self, stage: _StageState, instr: _Instr) -> None:
        if not instr.json:
            raise self.error(
                'SHELL requires the arguments in JSON form: SHELL ["executable", "parameters"]'
            )
        if not instr.value:
            raise self.error("SHELL requires at least one argument")
        stage.shell = instr.value

    # -- RUN and ONBUILD RUN -----------------------------------------------------------------
    def run(self, stage: _StageState, instr: _Instr) -> None:
        location = self.location(stage, instr)
        for flag in instr.flags:
            self.mount(stage, flag, location)
        env = self.step_env(stage.view())
        if instr.json:
            stage.steps.append(
                Run(
                    location=location,
                    shell=stage.shell,
                    exec_form=True,
                    argv=instr.value,
                    script="",
                    env=env,
                    workdir=stage.workdir,
                )
            )
            return
        command_line = " ".join(instr.value)
        if not command_line.strip():
            raise self.error("RUN requires at least one argument")
        script = _run_script(command_line, instr.heredocs)
        self.spend(script)
        stage.steps.append(
            Run(
                location=location,
                shell=stage.shell,
                exec_form=False,
                argv=(),
                script=script,
                env=env,
                workdir=stage.workdir,
            )
        )

    def step_env(self, view: dict[str, str | None]) -> Env:
        self.count_entries(len(view))
        return view

    def count_entries(self, count: int) -> None:
        """Each step and stage holds its own environment: bound their sum, not just the file."""
        self.env_entries += count
        if self.env_entries > MAX_ENV_ENTRIES:
            raise self.error(
                f"the steps' environments hold more than {MAX_ENV_ENTRIES} variables in all"
            )

    def mount(self, stage: _StageState, flag: str, location: Location) -> None:
        """``RUN --mount=…``: a ``from=`` stage is needed first; bind and secret mounts show files.

        The files are recorded as written before the RUN (the real build removes them after it;
        keeping them only matters to a later RUN that reads a file the real build would lack).
        """
        if not flag.startswith("--mount="):
            return
        options: dict[str, str] = {}
        for part in flag[len("--mount=") :].split(","):
            key, eq, value = part.partition("=")
            options[key.strip().lower()] = self.text_word(value.strip(), stage.view()) if eq else ""
        source_stage = self.stage_ref(options["from"]) if options.get("from") else None
        if source_stage is not None:
            stage.deps.add(source_stage)
        kind = options.get("type", "bind")
        target = options.get("target") or options.get("dst") or options.get("destination")
        writes: list[tuple[str, str | None]] = []
        if kind == "secret":
            secret = options.get("id") or posixpath.basename(target or "")
            path = _join(stage.workdir, target or f"/run/secrets/{secret}")
            if _interesting(posixpath.basename(path)):
                writes.append((path, None))
        elif kind == "bind" and target:
            source = options.get("source") or options.get("src") or "."
            target_abs = _join(stage.workdir, target)
            if source_stage is not None:
                writes = self.from_stage(source_stage, source, target_abs, False)
            elif options.get("from") or self.context is None:
                if _interesting(posixpath.basename(target_abs)):
                    writes = [(target_abs, None)]
            else:
                writes = self.from_context("RUN", source, target_abs, False)
        for path, content in writes:
            if content is None and not _interesting(posixpath.basename(path)):
                continue  # a directory mount of unknown content names no file worth recording
            stage.files[path] = content
            stage.steps.append(FileWrite(location=location, path=path, content=content))

    def onbuild(self, stage: _StageState, instr: _Instr) -> None:
        if instr.sub != "RUN":
            # ONBUILD ENV/ARG/COPY/WORKDIR… act only in a child build, on nothing this build runs.
            return
        heredocs = instr.heredocs
        command_line = " ".join(instr.value)
        if not instr.json and not heredocs and "<<" in command_line:
            heredocs = self.onbuild_heredocs(instr)
        if not instr.json and not command_line.strip():
            raise self.error("ONBUILD RUN requires at least one argument")
        stage.steps.append(
            _PendingOnbuild(
                location=self.location(stage, instr),
                exec_form=instr.json,
                argv=instr.value if instr.json else (),
                command_line=command_line,
                heredocs=heredocs,
            )
        )

    def onbuild_heredocs(self, instr: _Instr) -> tuple[_Heredoc, ...]:
        """The parser drops ONBUILD RUN heredoc bodies: parse the trigger again on its own."""
        lines = self.text.split("\n")[instr.start - 1 : instr.end]
        if not lines:
            return ()
        lines[0] = re.sub(r"^\s*onbuild\s+", "", lines[0], count=1, flags=re.IGNORECASE)
        prefix = f"# escape={self.escape}\n" if self.escape != "\\" else ""
        try:
            parsed = _parse_commands(prefix + "\n".join(lines) + "\n")
        except (dockerfile.GoParseError, dockerfile.GoIOError):
            return ()
        return parsed[0].heredocs if parsed and parsed[0].keyword == "RUN" else ()

    # -- COPY and ADD ------------------------------------------------------------------------
    def copy(self, stage: _StageState, instr: _Instr) -> None:
        keyword = instr.keyword
        if len(instr.value) < 2:
            raise self.error(f"{keyword} requires at least two arguments")
        view = stage.view()
        source_stage: int | None = None
        from_image = False
        for flag in instr.flags:
            if flag.startswith("--from="):
                ref = self.text_word(flag[len("--from=") :], view)
                source_stage = self.stage_ref(ref)
                from_image = source_stage is None
                if source_stage is not None:
                    stage.deps.add(source_stage)
        *sources, dest_word = instr.value
        dest = self.text_word(dest_word, view)
        location = self.location(stage, instr)
        heredocs = list(instr.heredocs) if not instr.json else []
        paths: list[str] = []
        docs: list[tuple[_Heredoc, _HeredocWord]] = []
        for source in sources:
            word = _heredoc_word(source) if heredocs and not instr.json else None
            if word is not None and len(docs) < len(heredocs):
                docs.append((heredocs[len(docs)], word))
            else:
                paths.append(self.text_word(source, view))
        into_dir = (
            dest.endswith(("/", "\\"))
            or dest in (".", "")
            or len(sources) > 1
            or any(_GLOB_MAGIC.search(p) for p in paths)
        )
        dest_abs = _join(stage.workdir, dest or ".")

        def target(name: str) -> str:
            return _join(dest_abs, name) if into_dir else dest_abs

        writes: list[tuple[str, str | None]] = []
        for doc, word in docs:
            content = _chomp(doc.content) if word.chomp else doc.content
            if word.expand:
                # An unknown ARG stays as written (``$INDEX``): the rest of the file is still read.
                result = expand(content, view, _HEREDOC_RAW)
                if result.error is not None:
                    raise self.error(f"{result.error} (in the heredoc {doc.name})")
                content = result.value
            self.spend(content)
            writes.append((target(doc.name), content))
        for source in paths:
            if source_stage is not None:
                writes.extend(self.from_stage(source_stage, source, dest_abs, into_dir))
            elif from_image or _is_remote(source) or self.context is None:
                writes.extend(_unknown_copy(source, dest_abs, into_dir))
            else:
                writes.extend(self.from_context(keyword, source, dest_abs, into_dir))
        for path, written in writes:
            stage.files[path] = written
            stage.steps.append(FileWrite(location=location, path=path, content=written))

    def stage_ref(self, ref: str) -> int | None:
        """The earlier stage a ``--from`` names (by name or index), None for an image."""
        if ref.isdigit():
            index = int(ref)
            return index if index < len(self.stages) - 1 else None
        found = self.by_name.get(ref.lower())
        return found if found is not None and found < len(self.stages) - 1 else None

    def from_stage(
        self, index: int, source: str, dest_abs: str, into_dir: bool
    ) -> list[tuple[str, str | None]]:
        """Files this module knows the source stage wrote, under the path COPY --from names."""
        files = self.stages[index].files
        path = _join("/", source)
        if path in files:
            return [
                (_join(dest_abs, posixpath.basename(path)) if into_dir else dest_abs, files[path])
            ]
        out: list[tuple[str, str | None]] = []
        if _GLOB_MAGIC.search(path):
            for known, content in files.items():
                if fnmatch.fnmatchcase(known, path):
                    out.append((_join(dest_abs, posixpath.basename(known)), content))
            return out
        prefix = path.rstrip("/") + "/"
        for known, content in files.items():
            if known.startswith(prefix):
                out.append((_join(dest_abs, known[len(prefix) :]), content))
        if not out and not into_dir:
            out.append((dest_abs, None))
        return out

    def from_context(
        self, keyword: str, source: str, dest_abs: str, into_dir: bool
    ) -> list[tuple[str, str | None]]:
        assert self.context is not None
        if keyword == "ADD" and _is_archive(source):
            # ADD unpacks local archives: their members are not known.
            return []
        out: list[tuple[str, str | None]] = []
        for rel, full, direct in self.context.sources(source):
            if direct:
                # A file the COPY names is read whatever its name: the destination may rename it.
                path = _join(dest_abs, posixpath.basename(rel)) if into_dir else dest_abs
            else:
                path = _join(dest_abs, rel)
            out.append((path, self.context.read(full)))
        if not out:
            out.extend(_unknown_copy(source, dest_abs, into_dir))
        return out

    # -- the end -----------------------------------------------------------------------------
    def finish(self) -> list[_StageState]:
        self.instr = None
        for stage in self.stages:
            steps: list[Step] = []
            for step in stage.steps:
                steps.append(
                    self.complete(stage, step) if isinstance(step, _PendingOnbuild) else step
                )
            stage.stage = Stage(
                index=stage.index,
                name=stage.name,
                base=stage.base,
                parent=stage.parent,
                steps=tuple(steps),
                start_env=stage.start_env,
            )
        return self.stages

    def complete(self, stage: _StageState, pending: _PendingOnbuild) -> Run:
        # A child build sees the image's config: the stage's final ENV, WORKDIR and SHELL, no ARGs.
        env = self.step_env(stage.image_env())
        if pending.exec_form:
            return Run(
                location=pending.location,
                shell=stage.shell,
                exec_form=True,
                argv=pending.argv,
                script="",
                env=env,
                workdir=stage.workdir,
                onbuild=True,
            )
        return Run(
            location=pending.location,
            shell=stage.shell,
            exec_form=False,
            argv=(),
            script=_run_script(pending.command_line, pending.heredocs),
            env=env,
            workdir=stage.workdir,
            onbuild=True,
        )


def _is_remote(source: str) -> bool:
    lower = source.lower()
    return lower.startswith(("http://", "https://", "git@", "git://", "ssh://")) or lower.endswith(
        ".git"
    )


def _is_archive(source: str) -> bool:
    return source.lower().endswith(
        (".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz", ".tar.zst")
    )


def _unknown_copy(source: str, dest_abs: str, into_dir: bool) -> list[tuple[str, str | None]]:
    """Without the sources: the destination file, when its name is known, of unknown content."""
    if not into_dir:
        return [(dest_abs, None)]
    name = posixpath.basename(source.replace("\\", "/").rstrip("/"))
    if name and not _GLOB_MAGIC.search(name) and not _is_remote(source) and _interesting(name):
        return [(_join(dest_abs, name), None)]
    return []


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _needed_stages(stages: Sequence[_StageState], target: str, path: str) -> list[_StageState]:
    """The target stage and every stage it needs (FROM, COPY --from, RUN --mount from), in order."""
    wanted = target.lower()
    index = next((s.index for s in reversed(stages) if s.name == wanted), None)
    if index is None:
        names = ", ".join(s.name for s in stages if s.name) or "none"
        raise InputError(f"target stage {target!r} not found (named stages: {names})", path=path)
    needed: set[int] = set()
    todo = [index]
    while todo:
        current = todo.pop()
        if current in needed:
            continue
        needed.add(current)
        todo.extend(stages[current].deps)
    return [s for s in stages if s.index in needed]
