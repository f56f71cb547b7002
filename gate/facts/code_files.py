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
from itertools import chain

from gate.build_files import Files
from gate.facts.mentions import TOKEN, inline_code, runs_installer, says_installs
from gate.facts.programs import is_interpreter, program_name
from gate.model import Command

# Python that runs code or a command line it was given.
_RUNS = re.compile(
    r"\bexec(?:file)?\s*\(|\bcompile\s*\(|\bsubprocess\b|\bos\s*\.\s*(?:system|popen|exec\w*|"
    r"spawn\w*|posix_spawn\w*)\b|\brunpy\b|\bpty\s*\.\s*spawn\b|\bcommands\s*\."
)
_LITERAL = re.compile(r"""(?:'([^'\n]{1,4096})'|"([^"\n]{1,4096})")""")
MAX_NAMES = 64  # string literals and arguments tried as paths
MAX_READ = 1 << 20  # bytes of named files searched, in all
MAX_DEPTH = 3  # files that name files, followed


# `"/tmp/" + "x.py"`: literals joined by `+` are one path.
_JOINED = re.compile(r"""(['"])\s*\+\s*(['"])""")


# `import a.b, c` / `from a.b import c`: modules, found beside the code (`python3 -c` and stdin
# code have the working directory first on sys.path).
_IMPORT = re.compile(r"^[ \t]*(?:from[ \t]+([\w.]+)[ \t]+import\b|import[ \t]+([\w., \t]+))", re.M)


def _imported(code: str) -> Iterator[str]:
    for m in _IMPORT.finditer(code):
        for module in (m.group(1) or m.group(2)).split(","):
            parts = module.split()
            if parts and not parts[0].startswith("."):
                base = parts[0].replace(".", "/")
                yield f"{base}.py"
                yield f"{base}/__init__.py"


def _names(command: Command, code: str) -> Iterator[str]:
    """Paths the code may name: its string literals, the words of a command line it holds
    (`os.system("sh /tmp/i.sh")`), and the arguments it is given."""
    for m in _LITERAL.finditer(_JOINED.sub("", code)):
        literal = m.group(1) or m.group(2)
        yield literal
        words = literal.split()
        if len(words) > 1:
            yield from words
    for word in command.argv[1:]:
        if word.known and word.value != code and not word.value.startswith("-"):
            yield word.value


def runs_written_installer(
    command: Command, cwd: str, files: Files
) -> str | None:
    """Why the Python code `command` runs may run an installer from a file the build wrote, or
    None: the file's path, or that the files it names were too large to search."""
    argv = command.argv
    if not argv or not argv[0].known or not is_interpreter(program_name(argv[0].value)):
        return None
    code = inline_code(command)
    if code is None or runs_installer(TOKEN.findall(code)):
        return None  # the code's own text is judged where it is (mentions.py)
    # An import runs the module's code; other named files run only through exec, a subprocess…
    names = _imported(code)
    if _RUNS.search(code) is not None:
        names = chain(names, _names(command, code))
    read = 0
    for k, name in enumerate(names):
        if k >= MAX_NAMES:
            break
        path = posixpath.normpath(posixpath.join(cwd or "/", name))
        if path not in files:
            continue
        url = files.origin(path)
        if url and says_installs(url.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]):
            return f"python code runs {path}, downloaded from {url[:200]}, an installer script"
        text = files.get(path)
        if not text:
            continue
        read += len(text)
        if read > MAX_READ:
            return "python code runs files the build wrote, more of them than the gate searches"
        found = _runs_installer(text, cwd, files, MAX_DEPTH, [MAX_READ - read])
        if found is None:
            return "python code runs files the build wrote, more of them than the gate searches"
        if found:
            return f"python code runs {path}, a file the build wrote that runs an installer"
    return None


def _runs_installer(
    text: str, cwd: str, files: Files, depth: int, budget: list[int]
) -> bool | None:
    """The text runs an installer, or a file the build wrote that it names does (a script that
    runs another), a bounded number of files deep; None past the budget of bytes read."""
    tokens = TOKEN.findall(text)
    if runs_installer(tokens):
        return True
    if depth <= 0:
        return False
    for token in tokens[:MAX_NAMES * 4]:
        if "/" not in token and "." not in token:
            continue
        path = posixpath.normpath(posixpath.join(cwd or "/", token))
        inner = files.get(path) if path in files else None
        if not inner:
            continue
        budget[0] -= len(inner)
        if budget[0] < 0:
            return None
        found = _runs_installer(inner, cwd, files, depth - 1, budget)
        if found is not False:
            return found
    return False
