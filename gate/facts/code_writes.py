"""Files Python code, `ed` or `ex`/`vim` write: their text where gate can read it, else unknown.

`python3 -c "open('/s.sh', 'w').write('pip install …')"`, `with open('/s.sh', 'w') as f:
f.write('…')`, `pathlib.Path('/s.sh').write_text('…')`: a literal path opened for writing and
literal text written is that text. Any other write to a literal path (`os.environ['M']`, a
format, an append, a write gate cannot follow) leaves the file of unknown content: a script run
from it is `unknown` (it passed as a file gate did not know was written). `ed`'s `w FILE` and
`ex`/`vim`'s `:w FILE`, `:saveas FILE`, `:wq FILE`, `:x FILE` write their buffer, which gate does
not model: the file is of unknown content too. A path gate cannot read (a variable) is not
followed (README "Known gaps").

Measured (2026-12-08, Python 3.11, GNU ed 1.19, vim 9's ex): each wrote the file named, and
`sh FILE` ran what was written.
"""

from __future__ import annotations

import ast
import posixpath
import re
from collections.abc import Callable

from gate.facts.file_writes import FILE_IN, STDIN_OPS
from gate.facts.mentions import inline_code
from gate.facts.programs import is_interpreter, program_name
from gate.model import Command

MAX_CODE = 64 * 1024  # characters of Python code parsed; past it only the search below runs
MAX_NODES = 20_000  # syntax tree nodes looked at
MAX_WRITES = 64  # files marked per command
# `open('/s.sh', 'w')` (any quote, `mode=`): read where the code does not parse as Python.
_OPEN = re.compile(
    r"""\bopen\s*\(\s*(['"])([^'"\n]{1,1024})\1\s*,\s*(?:mode\s*=\s*)?(['"])([^'"\n]{0,8})\3"""
)
_WRITE_PATH = re.compile(
    r"""\bPath\s*\(\s*(['"])([^'"\n]{1,1024})\1\s*\)\s*\.\s*write_(?:text|bytes)\b"""
)
# ed's `w FILE` / `W FILE` / `wq FILE` (after an address), a line of its script.
_ED_WRITE = re.compile(r"^\s*(?:[0-9$.,;'a-z+-]*)\s*(?:w|W|wq)\s+(?!!)(\S.*?)\s*$", re.M)
# ex's `:w FILE`, `:write! FILE`, `:saveas FILE`, `:wq FILE`, `:x FILE` (commands split at `|`).
_EX_WRITE = re.compile(
    r"(?:^|\|)\s*:?\s*(?:[0-9$.,%]*)\s*(?:w|write|wq|x|xit|sav|saveas|up|update)!?\s+"
    r"(?!!)([^|\s]+)"
)
EDS = frozenset({"ed", "red"})
EXES = frozenset({"ex", "vim", "vi", "nvim", "view", "gvim", "vim.basic", "vim.tiny"})


def code_writes(command: Command, cwd: str) -> dict[str, str | None]:
    """Image path → the text the command's code writes there (None: unknown)."""
    argv = command.argv
    if not argv or not argv[0].known:
        return {}
    name = program_name(argv[0].value)
    if is_interpreter(name):
        code = inline_code(command)
        return _python(code, cwd) if code else {}
    if name in EDS:
        script = _stdin(command)
        found = _ED_WRITE.findall(script) if script else []
        return {_at(cwd, p): None for p in found[:MAX_WRITES]}
    if name in EXES:
        commands = [w.value for w in argv[1:] if w.known]
        texts = [c[1:] if c.startswith("+") else c for c in commands]
        found = [p for t in texts for p in _EX_WRITE.findall(t)]
        script = _stdin(command) if "-s" in commands or "-es" in commands else None
        if script:
            found.extend(_EX_WRITE.findall(script.replace("\n", "|")))
        return {_at(cwd, p): None for p in found[:MAX_WRITES]}
    return {}


def _stdin(command: Command) -> str | None:
    for redirect in command.redirects:
        if (redirect.op in STDIN_OPS or redirect.op in FILE_IN) and redirect.content:
            return redirect.content
    return None


def _at(cwd: str, name: str) -> str:
    return posixpath.normpath(posixpath.join(cwd or "/", name))


def _python(code: str, cwd: str) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    # Every literal path opened for writing, or written whole by pathlib: unknown unless the
    # syntax tree shows the literal text written.
    for m in _OPEN.finditer(code):
        if set(m.group(4)) & set("wax+"):
            out[_at(cwd, m.group(2))] = None
    for m in _WRITE_PATH.finditer(code):
        out[_at(cwd, m.group(2))] = None
    if out and len(code) <= MAX_CODE:
        for path, text in _literal_writes(code).items():
            whole = _at(cwd, path)
            if whole in out:
                out[whole] = text
    return dict(list(out.items())[:MAX_WRITES])


def _literal_writes(code: str) -> dict[str, str]:
    """Paths the code writes whole with literal text: `open(P, 'w').write(T)`, `with open(P,
    'w') as f:` whose body only writes literals to f, `Path(P).write_text(T)`. A path written
    any other way as well is left out (unknown)."""
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return {}
    texts: dict[str, list[str]] = {}
    spoiled: set[str] = set()
    nodes = 0
    for node in ast.walk(tree):
        nodes += 1
        if nodes > MAX_NODES:
            return {}
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            target = node.func.value
            opened = _opened(target)
            if opened is not None:
                path, mode = opened
                if node.func.attr == "write" and mode in ("w", "wt", "x") and _one_literal(node):
                    texts.setdefault(path, []).append(_literal(node))
                else:
                    spoiled.add(path)
            written = _pathlib(target)
            if written is not None and node.func.attr == "write_text":
                if _one_literal(node):
                    texts.setdefault(written, []).append(_literal(node))
                else:
                    spoiled.add(written)
        if isinstance(node, ast.With):
            for item in node.items:
                opened = _opened(item.context_expr)
                if opened is None:
                    continue
                path, mode = opened
                alias = item.optional_vars
                got = _with_writes(node.body, alias) if isinstance(alias, ast.Name) else None
                if got is None or mode not in ("w", "wt", "x"):
                    spoiled.add(path)
                else:
                    texts.setdefault(path, []).append(got)
    return {p: "".join(t) for p, t in texts.items() if p not in spoiled and len(t) == 1}


def _opened(node: ast.expr) -> tuple[str, str] | None:
    """(path, mode) of `open('P', 'M')` with literal words."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
        return None
    if node.func.id != "open" or not node.args:
        return None
    path = node.args[0]
    mode: ast.expr | None = node.args[1] if len(node.args) > 1 else None
    for keyword in node.keywords:
        if keyword.arg == "mode":
            mode = keyword.value
    if not (isinstance(path, ast.Constant) and isinstance(path.value, str)):
        return None
    if not (isinstance(mode, ast.Constant) and isinstance(mode.value, str)):
        return (path.value, "r") if mode is None else (path.value, "?")
    return path.value, mode.value


def _pathlib(node: ast.expr) -> str | None:
    """P of `Path('P')` / `pathlib.Path('P')`."""
    if not isinstance(node, ast.Call) or len(node.args) != 1:
        return None
    func = node.func
    named = (isinstance(func, ast.Name) and func.id == "Path") or (
        isinstance(func, ast.Attribute) and func.attr == "Path"
    )
    arg = node.args[0]
    if named and isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        return arg.value
    return None


def _one_literal(call: ast.Call) -> bool:
    return (
        len(call.args) == 1
        and not call.keywords
        and isinstance(call.args[0], ast.Constant)
        and isinstance(call.args[0].value, str)
    )


def _literal(call: ast.Call) -> str:
    value = call.args[0]
    assert isinstance(value, ast.Constant) and isinstance(value.value, str)
    return value.value


def _with_writes(body: list[ast.stmt], alias: ast.Name) -> str | None:
    """The text a `with open(…) as f:` body writes: each statement `f.write('…')`; None when it
    does anything else with f, or anything else at all."""
    out: list[str] = []
    for statement in body:
        if not isinstance(statement, ast.Expr) or not isinstance(statement.value, ast.Call):
            return None
        call = statement.value
        func = call.func
        if not (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and func.value.id == alias.id
            and func.attr == "write"
            and _one_literal(call)
        ):
            return None
        out.append(_literal(call))
    return "".join(out)


# Calls through which code may replace a file's bytes other than the literal writes above, in any
# of the languages gate reads inline (Python's os.open/os.write, shutil, os.replace, io/codecs
# opens and print(file=); Perl's open(F, ">", P) and syswrite; Node's fs.writeFileSync,
# copyFileSync, renameSync, createWriteStream; Ruby's File.write/FileUtils; PHP's
# file_put_contents; Lua's io.open(P, "w")).
_MAY_WRITE = re.compile(
    r"\bos\s*\.\s*(?:open|write|pwrite|writev|replace|renames?|link|symlink|truncate|sendfile)\b"
    r"|\bshutil\b|\bwrite(?:_text|_bytes|lines|FileSync|File|v|Sync)?\s*\(|\bcopy(?:file|FileSync"
    r"|File|2|tree|Sync)?\s*\(|\brename(?:Sync)?\s*\(|\bmove\s*\(|\bfile_put_contents\b"
    r"|\bFile(?:Utils)?\s*\.|\bio\s*\.\s*open\b|\bcodecs\b|\bsyswrite\b|\bcreateWriteStream\b"
    r"|\bappendFile|\bfile\s*=|\bsys\s*\.\s*stdout\s*=|['\"]\s*\+?>|\bopen\s*\(\s*\w+\s*,"
)
# A literal that may name a file (no blank in it).
_LITERAL = re.compile(r"""(['"`])([^'"`\s]{1,1024})\1""")
# Files whose changes other rules read (pip's, uv's and setuptools' configurations are
# `may have been changed` there, not unknown code).
_CONFIG_ENDINGS = (".conf", ".ini", ".toml", ".cfg", ".netrc", "pip.conf")
MAX_CODE_SEARCHED = 256 * 1024


def touched(code: str, cwd: str, held: Callable[[str], bool]) -> list[str]:
    """Held files code may replace by a call code_writes does not read (`os.write` to an
    `os.open('/s.sh', …)`, `shutil.copy(src, '/s.sh')`, Perl's `open(F, ">", "/s.sh")`, Node's
    `fs.writeFileSync("/s.sh", …)`): each literal naming a held file, where the code has any
    such call. They are of unknown content after it (a script run from them is unknown; they
    passed silently as the text gate held before)."""
    code = code[:MAX_CODE_SEARCHED]
    if _MAY_WRITE.search(code) is None:
        return []
    out: list[str] = []
    for m in _LITERAL.finditer(code):
        path = _at(cwd, m.group(2))
        if path not in out and not path.endswith(_CONFIG_ENDINGS) and held(path):
            out.append(path)
            if len(out) >= MAX_WRITES:
                break
    return out
