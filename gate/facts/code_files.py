"""Files the build wrote that Python code it runs reads and runs.

`python3 -c "exec(open('/tmp/x.py').read())"`, `python3 -c "subprocess.run(['sh', '/tmp/i.sh'])"`,
`runpy.run_path(sys.argv[1])` given the path: the code names a file the build wrote and runs
what it reads. The gate does not run Python, so when such a file's text runs an installer the
command is unknown, and the reason names the file. Code that only reads files as data (no exec,
no subprocess, no runpy) is not counted: a JSON file that mentions pip runs nothing.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import chain, islice

from gate.build_files import Files
from gate.facts.mentions import (
    DATA_PROGRAMS,
    TOKEN,
    inline_code,
    names_installer,
    runs_installer,
    url_name,
)
from gate.facts.programs import is_interpreter, program_name
from gate.model import Command

# Python that runs code or a command line it was given.
_RUNS = re.compile(
    r"\bexec(?:file)?\s*\(|\bcompile\s*\(|\bsubprocess\b|\bos\s*\.\s*(?:system|popen|exec\w*|"
    r"spawn\w*|posix_spawn\w*)\b|\brunpy\b|\bpty\s*\.\s*spawn\b|\bcommands\s*\."
)
_LITERAL = re.compile(r"""(?:'([^'\n]{1,4096})'|"([^"\n]{1,4096})")""")
MAX_NAMES = 64  # string literals and arguments tried as paths, and files followed, per command
MAX_SCANNED = 8 << 20  # bytes of distinct file texts searched, per build
MAX_DEPTH = 3  # files that name files, followed


# `"/tmp/" + "x.py"`: literals joined by `+` are one path.
_JOINED = re.compile(r"""(['"])\s*\+\s*(['"])""")


# `import a.b, c` / `from a.b import c`: modules, found beside the code (`python3 -c` and stdin
# code have the working directory first on sys.path).
_IMPORT = re.compile(r"^[ \t]*(?:from[ \t]+([\w.]+)[ \t]+import\b|import[ \t]+([\w., \t]+))", re.M)


def _imported(code: str, where: str) -> Iterator[str]:
    for m in _IMPORT.finditer(code):
        for module in (m.group(1) or m.group(2)).split(","):
            parts = module.split()
            if parts and not parts[0].startswith("."):
                base = posixpath.join(where, parts[0].replace(".", "/"))
                yield f"{base}.py"
                yield f"{base}/__init__.py"


def _names(command: Command, code: str) -> Iterator[str]:
    """Paths the code may name: its string literals, the words of a command line it holds
    (`os.system("sh /tmp/i.sh")`), and the arguments it is given."""
    previous = ""
    for m in _LITERAL.finditer(_JOINED.sub("", code)):
        literal = m.group(1) or m.group(2)
        # `['cat', F]`, `"cat F"`: a program that reads F as data does not run it.
        if program_name(previous) not in DATA_PROGRAMS:
            yield literal
        words = literal.split()
        if len(words) > 1 and program_name(words[0]) not in DATA_PROGRAMS:
            yield from words
        previous = literal
    for word in command.argv[1:]:
        if word.known and word.value != code and not word.value.startswith("-"):
            yield word.value


@dataclass
class Scanner:
    """What the files Python code names hold, each text searched once per build: a build that
    runs `exec(open(BIG).read())` on every line pays for BIG once. Past its budget of bytes
    searched, a file's text is unknown."""

    budget: int = MAX_SCANNED
    _runs: dict[str, bool] = field(default_factory=dict)  # text → it runs an installer itself
    _paths: dict[str, tuple[str, ...]] = field(default_factory=dict)  # text → path-like words

    def _scan(self, text: str) -> bool | None:
        got = self._runs.get(text)
        if got is None:
            self.budget -= len(text)
            if self.budget < 0:
                return None
            tokens = TOKEN.findall(text)
            got = self._runs[text] = runs_installer(tokens)
            paths = (t for t in tokens if "/" in t or "." in t)
            self._paths[text] = tuple(dict.fromkeys(paths))[:MAX_NAMES]
        return got

    def runs_installer(self, text: str, cwd: str, files: Files) -> bool | None:
        """The text runs an installer, or a file the build wrote that it names does (a script
        that runs another), a bounded number of files deep; None past the budget."""
        seen: set[str] = set()
        todo = [(text, MAX_DEPTH)]
        while todo:
            current, depth = todo.pop()
            found = self._scan(current)
            if found is not False:
                return found
            if depth <= 0:
                continue
            for token in self._paths[current]:
                path = posixpath.normpath(posixpath.join(cwd or "/", token))
                if path in seen or path not in files or len(seen) >= MAX_NAMES:
                    continue
                seen.add(path)
                inner = files.get(path)
                if inner:
                    todo.append((inner, depth - 1))
        return False


def runs_written_installer(
    command: Command, cwd: str, files: Files, scanner: Scanner, modules: str | None = None
) -> str | None:
    """Why the Python code `command` runs may run an installer from a file the build wrote, or
    None: the file's path, or that the files it names were more than the gate searches.
    `modules`: where its imports are found first (a script's folder; else the working
    directory, as for `-c` code)."""
    argv = command.argv
    if not argv or not argv[0].known or not is_interpreter(program_name(argv[0].value)):
        return None
    code = inline_code(command)
    if code is None or runs_installer(TOKEN.findall(code)):
        return None  # the code's own text is judged where it is (mentions.py)
    # An import runs the module's code; other named files run only through exec, a subprocess…
    names = _imported(code, modules or cwd or "/")
    if _RUNS.search(code) is not None:
        names = chain(names, _names(command, code))
    for name in islice(names, MAX_NAMES):
        path = posixpath.normpath(posixpath.join(cwd or "/", name))
        if path not in files:
            continue
        url = files.origin(path)
        if url and names_installer(url_name(url)):
            return f"python code runs {path}, downloaded from {url[:200]}, an installer script"
        text = files.get(path)
        if not text:
            continue
        found = scanner.runs_installer(text, cwd, files)
        if found is None:
            return "python code runs files the build wrote, more of them than the gate searches"
        if found:
            return f"python code runs {path}, a file the build wrote that runs an installer"
    return None
