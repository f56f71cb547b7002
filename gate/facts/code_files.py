"""Files the build wrote that Python code it runs reads and runs.

`python3 -c "exec(open('/tmp/x.py').read())"`, `python3 -c "subprocess.run(['sh', '/tmp/i.sh'])"`,
`runpy.run_path(sys.argv[1])` given the path, `import m` of a module the build wrote: the code
names a file the build wrote and runs what it reads. The gate does not run Python, so when such
a file's text runs an installer (or names another file that does, a few files on) the command
is unknown, and the reason names the file. Code that only reads files as data (no exec, no
subprocess, no runpy) is not counted: a JSON file that mentions pip runs nothing.

Every search is bounded: names tried and files followed per command, bytes of distinct texts
searched per build (each text is searched once, its path-like words kept). Past a bound the
command is unknown, never silent.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from itertools import chain

from gate.build_files import Files
from gate.facts.file_writes import url_name
from gate.facts.mentions import (
    DATA_PROGRAMS,
    RUNS_COMMAND,
    TOKEN,
    inline_code,
    names_installer,
    runs_installer,
)
from gate.facts.programs import code_runner, is_interpreter, program_name, runner_args
from gate.model import Command

# Python that runs code or a command line it was given.
_RUNS = re.compile(
    r"\bexec(?:file)?\s*\(|\bcompile\s*\(|subprocess|\bsystem\s*\(|\bpopen\s*\(|\bPopen\b|"
    r"\bos\s*\.\s*(?:exec\w*|spawn\w*|posix_spawn\w*)\b|\brunpy\b|\bpty\s*\.\s*spawn\b|"
    r"\bcommands\s*\.|\bload_module\b|\bexec_module\b|\bimport_module\b|__import__|"
    # pip's own API: `pip.main([...])`, `from pip._internal.cli.main import main`
    r"\bpip\s*\.\s*(?:main|_internal)\b|\bfrom\s+pip\b"
)
_LITERAL = re.compile(r"""(?:'([^'\n]{1,4096})'|"([^"\n]{1,4096})")""")
# `"/tmp/" + "x.py"`, `'/tmp/' 'x.py'`: literals joined by `+` or side by side are one string.
_JOINED = re.compile(r"""(['"])[ \t]*\+?[ \t]*(['"])""")
# `import a.b, c` / `from a.b import c, d`: modules, found beside the code (`python3 -c` and stdin
# code have the working directory first on sys.path), a script's folder, or $PYTHONPATH.
_IMPORT = re.compile(
    r"(?:^|;)[ \t]*(?:from[ \t]+([\w.]+)[ \t]+import[ \t]+\(?([\w., \t]+)"
    r"|import[ \t]+([\w., \t]+))",
    re.M,
)
_MODULE = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")
# Files read as data whatever code opens them.
_DATA_SUFFIXES = (".json", ".yaml", ".yml", ".toml", ".csv", ".md", ".ini", ".cfg", ".lock")
MAX_NAMES = 4096  # names tried as paths per command
MAX_FILES = 32  # files the build wrote followed per command
MAX_SCANNED = 8 << 20  # bytes of distinct file texts searched, per build
MAX_DEPTH = 3  # files that name files, followed
MAX_PATHS = 256  # distinct path-like words of one file followed
MAX_JOINED = 16 << 20  # characters of paths resolved, per build
_SCRIPT_SUFFIXES = (".py", ".pyw", ".sh", ".bash")
_PYTHON_SUFFIXES = (".py", ".pyw")
_PAST = "python code runs files the build wrote, more of them than the gate searches"


def _modules(code: str) -> Iterator[str]:
    for m in _IMPORT.finditer(code):
        if m.group(1):
            package = m.group(1)
            if package.startswith("."):
                continue
            yield package
            # `from pkg import mod`: mod may be a module of the package.
            for name in m.group(2).split(","):
                parts = name.split()
                if parts and _MODULE.fullmatch(parts[0]):
                    yield f"{package}.{parts[0]}"
        else:
            for name in m.group(3).split(","):
                parts = name.split()
                if parts and _MODULE.fullmatch(parts[0]):
                    yield parts[0]


def _module_files(module: str, folders: Iterator[str] | list[str]) -> Iterator[str]:
    for folder in folders:
        base = posixpath.join(folder, module.replace(".", "/"))
        yield f"{base}.py"
        yield f"{base}/__init__.py"


def _names(
    command: Command, code: str, folders: list[str], arguments: bool = True
) -> Iterator[str]:
    """Paths the code may name: its string literals (a dotted name also as a module:
    `importlib.import_module('m')`), a literal joined to the folder before it
    (`os.path.join('/tmp', 'x.py')`), the words of a command line it holds
    (`os.system("sh /tmp/i.sh")`), and the arguments it is given."""
    previous = ""
    for m in _LITERAL.finditer(_JOINED.sub("", code)):
        literal = m.group(1) or m.group(2)
        # `['cat', F]`, `"cat F"`: a program that reads F as data does not run it.
        if program_name(previous) not in DATA_PROGRAMS:
            yield literal
            if previous.startswith("/"):
                yield posixpath.join(previous, literal)
            if _MODULE.fullmatch(literal):
                yield from _module_files(literal, folders)
        words = literal.split()
        if len(words) > 1 and program_name(words[0]) not in DATA_PROGRAMS:
            yield from words
        previous = literal
    for word in command.argv[1:] if arguments else ():
        if word.known and word.value != code and not word.value.startswith("-"):
            yield word.value


def _path_like(token: str) -> bool:
    """A word that may name a file a script runs (`/tmp/i.sh`, `./run`, `x.py`), not an address
    or a division (`a/b`)."""
    return token.startswith(("/", "./", "../")) or token.endswith(_SCRIPT_SUFFIXES)


def python_runs_installer(text: str) -> bool:
    """Python code that runs an installer: it names one with a verb, and something that runs
    commands or code (a message that says `pip install x` runs nothing)."""
    return _RUNS.search(text) is not None and runs_installer(TOKEN.findall(text))


@dataclass
class Scanner:
    """What the files Python code names hold, each text searched once per build: a build that
    runs `exec(open(BIG).read())` on every line pays for BIG once. Past its budgets (bytes of
    distinct texts searched, characters of paths resolved) a file's text is unknown."""

    budget: int = MAX_SCANNED
    joins: int = MAX_JOINED
    # text → (it names an installer and a verb, it has a runner, its path-like words or None)
    _texts: dict[str, tuple[bool, bool, tuple[str, ...] | None]] = field(default_factory=dict)
    _patterns: dict[tuple[str, str], bool] = field(default_factory=dict)
    _resolved: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)

    def _scan(self, text: str, python: bool) -> tuple[bool, tuple[str, ...] | None] | None:
        """Whether the text runs an installer (Python code only through a runner: a message
        that says `pip install x` runs nothing), and the path-like words it names (None: more
        than the gate follows). Each text is read once, whichever way it is asked about."""
        read = self._texts.get(text)
        if read is None:
            self.budget -= len(text)
            if self.budget < 0:
                return None
            tokens = TOKEN.findall(text)
            words = tuple(dict.fromkeys(t for t in tokens if _path_like(t)))
            # `tools/install`: a relative path, or a division (`a/b`); the first ones are
            # followed too, past MAX_PATHS of them not (they are mostly arithmetic).
            relative = dict.fromkeys(t for t in tokens if "/" in t and "://" not in t)
            extra = tuple(t for t in relative if t not in words)[:MAX_PATHS]
            read = self._texts[text] = (
                runs_installer(tokens),
                _RUNS.search(text) is not None,
                (*words, *extra) if len(words) <= MAX_PATHS else None,
            )
        installs, runner, paths = read
        return installs and (runner or not python), paths

    def installs(self, text: str) -> bool | None:
        """The text (any language, or commands) runs an installer; None past the budget."""
        got = self._scan(text, python=False)
        return None if got is None else got[0]

    def found(self, text: str, pattern: re.Pattern[str]) -> bool | None:
        """The pattern is in the text (searched once per text); None past the budget."""
        key = (text, pattern.pattern)
        got = self._patterns.get(key)
        if got is None:
            self.budget -= len(text)
            if self.budget < 0:
                return None
            got = self._patterns[key] = pattern.search(text) is not None
        return got

    def resolved(self, text: str, cwd: str, words: tuple[str, ...]) -> tuple[str, ...] | None:
        """The text's path-like words from `cwd`, resolved once per (text, cwd); None past the
        build's budget."""
        key = (text, cwd)
        got = self._resolved.get(key)
        if got is None:
            self.joins -= sum(len(cwd) + len(w) for w in words)
            if self.joins < 0:
                return None
            got = self._resolved[key] = tuple(
                posixpath.normpath(posixpath.join(cwd, w)) for w in words
            )
        return got

    def resolve(self, cwd: str, name: str) -> str | None:
        """`name` from `cwd`, charged to the build's budget; None past it."""
        self.joins -= len(cwd) + len(name)
        if self.joins < 0:
            return None
        return posixpath.normpath(posixpath.join(cwd, name))

    def runs_installer(
        self, text: str, python: bool, cwd: str, files: Mapping[str, str | None], seen: set[str]
    ) -> bool | None:
        """The text runs an installer, or a file the build wrote that it names does (a script
        that runs another), MAX_DEPTH files on; None when the search passes a bound. `seen`:
        the files this command has followed (MAX_FILES at most)."""
        todo = [(text, python, MAX_DEPTH)]
        while todo:
            current, is_python, depth = todo.pop()
            scanned = self._scan(current, is_python)
            if scanned is None:
                return None
            runs, words = scanned
            if runs:
                return True
            if words is None:
                return None  # names more files than the gate follows
            paths = self.resolved(current, cwd, words)
            if paths is None:
                return None
            for path in paths:
                if path in seen or path not in files:
                    continue
                inner = files.get(path)
                if inner is None and isinstance(files, Files) and files.capped(path):
                    return None  # a file gate's caps kept it from reading: unknown
                if not inner:
                    continue
                if depth <= 0 or len(seen) >= MAX_FILES:
                    return None  # a file further on than the gate follows
                seen.add(path)
                todo.append((inner, path.endswith(_PYTHON_SUFFIXES), depth - 1))
        return False


def runs_written_installer(
    command: Command, cwd: str, files: Files, scanner: Scanner, modules: str | None = None
) -> str | None:
    """Why the Python code `command` runs may run an installer from a file the build wrote, or
    None: the file's path, or that the files it names were more than the gate searches.
    `modules`: where its imports are found first (a script's folder; else the working
    directory, as for `-c` code)."""
    argv = command.argv
    if not argv or not argv[0].known:
        return None
    name = program_name(argv[0].value)
    runner = None if is_interpreter(name) else code_runner(name)
    if runner is not None:
        # `node -e 'execSync(readFileSync("/c"))'`, `php -r 'passthru(file_get_contents("/c"))'`:
        # other languages' inline code that runs commands and names a file the build wrote.
        return _runner_runs_written(runner, command, cwd, files, scanner)
    if not is_interpreter(name):
        return None
    code = inline_code(command)
    if code is None or runs_installer(TOKEN.findall(code)):
        return None  # the code's own text is judged where it is (mentions.py)
    extra = command.env.get("PYTHONPATH") or ""
    folders = [
        modules or cwd or "/",
        *(p for p in extra.split(":")[:16] if p.startswith("/") and len(p) <= 1024),
    ]
    # An import runs the module's code; other named files run only through exec, a subprocess…
    names: Iterator[str] = (f for m in _modules(code) for f in _module_files(m, folders))
    if _RUNS.search(code) is not None:
        names = chain(names, _names(command, code, folders))
    seen: set[str] = set()
    for k, name in enumerate(names):
        path = scanner.resolve(cwd or "/", name) if k < MAX_NAMES else None
        if path is None:
            return _PAST
        if path in seen or path not in files or path.endswith(_DATA_SUFFIXES):
            continue
        url = files.origin(path)
        if url and names_installer(url_name(url)):
            return f"python code runs {path}, downloaded from {url[:200]}, an installer script"
        text = files.get(path)
        capped = files.capped(path) if text is None else None
        if capped is not None:
            # A context file over gate's caps: what it runs is not known to be nothing.
            return f"python code runs {path}, {capped}"
        if not text:
            continue
        if len(seen) >= MAX_FILES:
            return _PAST
        seen.add(path)
        found = scanner.runs_installer(
            text, path.endswith(_PYTHON_SUFFIXES), cwd or "/", files, seen
        )
        if found is None:
            return _PAST
        if found:
            return f"python code runs {path}, a file the build wrote that runs an installer"
    return None


def _runner_runs_written(
    runner: str, command: Command, cwd: str, files: Files, scanner: Scanner
) -> str | None:
    """Why a Perl, Ruby, Node, PHP, Lua or Tcl runner's inline code (`-e`, `-r`, a heredoc) may
    run an installer from a file the build wrote that it names: it runs commands (RUNS_COMMAND)
    and one of its string literals is such a file. None otherwise."""
    got = runner_args(runner, command.argv)
    code = got.code.value if got.code is not None and got.code.known else inline_code(command)
    if code is None or not RUNS_COMMAND.search(code) or runs_installer(TOKEN.findall(code)):
        return None  # no command run, or the code's own text is judged (mentions.py)
    name = program_name(command.argv[0].value)
    seen: set[str] = set()
    # Its operands are read only by code that reads its input (frontends.runs_input_installer).
    for k, word in enumerate(_names(command, code, [cwd or "/"], arguments=False)):
        path = scanner.resolve(cwd or "/", word) if k < MAX_NAMES else None
        if path is None:
            return f"`{name}` code runs files the build wrote, more of them than the gate searches"
        if path in seen or path not in files or path.endswith(_DATA_SUFFIXES):
            continue
        text = files.get(path)
        capped = files.capped(path) if text is None else None
        if capped is not None:
            return f"`{name}` code runs {path}, {capped}"
        if not text:
            continue
        if len(seen) >= MAX_FILES:
            return f"`{name}` code runs files the build wrote, more of them than the gate searches"
        seen.add(path)
        found = scanner.runs_installer(text, False, cwd or "/", files, seen)
        if found is None:
            return f"`{name}` code runs files the build wrote, more of them than the gate searches"
        if found:
            return f"`{name}` code runs {path}, a file the build wrote that runs an installer"
    return None
