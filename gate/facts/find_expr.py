"""What `find` does to the files the build holds: which it deletes, hands to `-exec`, or prints.

GNU find (findutils 4.9, checked here) walks each starting point and evaluates its expression on
every file: tests joined by `-a` (or nothing), `-o`, `!`, `,` and parentheses, actions that are
also tests (`-exec … ;` is true when the command succeeds). The gate evaluates the expression on
each file it holds beneath a starting point, in three values: a test it cannot decide (`-mtime`,
`-size`, a pattern of unknown value) is "maybe", so an action after it may or may not run. Only
an action reached through tests that are all true is `sure`: `find /etc -name pip.conf -delete`
removes /etc/pip.conf, `find /etc -newer x -delete` may.
"""

from __future__ import annotations

import fnmatch
import posixpath
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace

from gate.model import Content, Link, Unread, Word

# Options before the starting points.
_LEADING = frozenset({"-H", "-L", "-P"})
# Primaries with their number of arguments (actions and tests alike; -exec reads to `;`/`+`).
_ARITY = {
    **dict.fromkeys(("-name", "-iname", "-path", "-ipath", "-wholename", "-iwholename",
                     "-regex", "-iregex", "-lname", "-ilname", "-type", "-xtype", "-user",
                     "-group", "-uid", "-gid", "-perm", "-size", "-links", "-inum", "-samefile",
                     "-newer", "-anewer", "-cnewer", "-mtime", "-atime", "-ctime", "-mmin",
                     "-amin", "-cmin", "-used", "-fstype", "-context", "-maxdepth", "-mindepth",
                     "-regextype", "-printf", "-fprint", "-fprint0", "-fls", "-files0-from"), 1),
    "-fprintf": 2,
}  # fmt: skip
_EXEC = frozenset({"-exec", "-execdir", "-ok", "-okdir"})
_PRINTS = frozenset({"-print", "-print0", "-printf", "-ls"})
_WRITES = frozenset({"-fprint", "-fprint0", "-fls", "-fprintf"})
_ACTIONS = frozenset({"-delete", "-prune", "-quit", *_EXEC, *_PRINTS, *_WRITES})
# Global options: always true where they stand.
_OPTIONS = frozenset({"-maxdepth", "-mindepth", "-depth", "-d", "-xdev", "-mount", "-noleaf",
                      "-follow", "-regextype", "-ignore_readdir_race", "-noignore_readdir_race",
                      "-daystart", "-warn", "-nowarn", "-files0-from"})  # fmt: skip


@dataclass(frozen=True)
class Reached:
    """A file an action reaches; `sure`: every test before the action is true for it."""

    path: str
    sure: bool
    folder: bool = False  # a folder find tests as it tests files (FindEffects.folders)


@dataclass
class FindEffects:
    deleted: list[Reached] = field(default_factory=list)
    passed: list[Reached] = field(default_factory=list)  # handed to an -exec/-ok body as `{}`
    printed: list[Reached] = field(default_factory=list)  # written on standard output
    written: list[str] = field(default_factory=list)  # -fprint FILE and the like
    cost: int = 0  # files tried against starting points, and tests evaluated
    over: bool = False  # stopped past its budget: what it does is not known
    # Files whose folder an `-execdir` body that does not name `{}` runs in.
    ran_in: list[Reached] = field(default_factory=list)
    # The one body find runs per file, when gate knows every file it runs for (`_whole`).
    body: FindBody | None = None
    # Whether each `-prune` evaluated was reached for sure (a folder's evaluation, `_pruned`).
    pruned: list[bool] = field(default_factory=list)
    # Every file the one -exec/-execdir body is handed is a regular file named *.whl
    # (`_hands_wheel_files`): judged on the expression as parsed here, whatever find reaches.
    wheels: bool = False
    # Folders above the held files an -exec/-execdir body is handed too (`find -name 'pkg*'`
    # matches the folder pkgdir as well as pkg1.whl): only for `body` (_folders).
    folders: list[Reached] = field(default_factory=list)


@dataclass(frozen=True)
class FindBody:
    """An `-exec`/`-execdir` body: its action, its end (`;` or `+`), the files it runs for."""

    action: str
    end: str
    files: tuple[Reached, ...]


# Folders of every base image: find started there walks files the build never wrote.
_SYSTEM = frozenset({"/", "/usr", "/usr/local", "/usr/lib", "/usr/local/lib", "/usr/share",
                     "/lib", "/etc", "/var", "/opt", "/home", "/root", "/tmp", "/srv"})  # fmt: skip
# Trees the base image fills all through (/usr/local/lib/python3.12, /usr/share/doc, /etc/ssl):
# find started anywhere in them walks the image's own files too. Below /usr/src a project the
# build copies in is the convention (`WORKDIR /usr/src/app`).
_BASE_TREES = ("/usr/", "/etc/", "/var/", "/lib/", "/lib32/", "/lib64/", "/libx32/", "/bin/",
               "/sbin/", "/boot/", "/run/", "/proc/", "/sys/", "/dev/")  # fmt: skip
_OWN_BELOW = "/usr/src/"


def _base_folder(root: str) -> bool:
    """Whether find started at `root` walks files of the base image gate does not hold."""
    if root in _SYSTEM:
        return True
    below = root.rstrip("/") + "/"
    return below.startswith(_BASE_TREES) and not (
        below.startswith(_OWN_BELOW) and below != _OWN_BELOW
    )


# An expression node: ("and"|"or"|",", (children…)); ("not", node); (primary, args…). And, or
# and comma chains are one node each, so that a long chain is no deep tree.
Node = tuple[object, ...]

# Hostile expressions (10,000 `(` or `!`, thousands of `-o`) must not recurse without end: an
# expression longer or deeper than this is one gate cannot read (what it names may happen to
# every file it reaches), as GNU find's own parser has no such bound.
MAX_WORDS = 1024
MAX_NESTING = 32


class _Parse:
    def __init__(self, words: Sequence[Word]) -> None:
        if len(words) > MAX_WORDS:
            raise ValueError("an expression longer than the gate reads")
        self.words = words
        self.k = 0
        self.depth = 0

    def peek(self) -> Word | None:
        return self.words[self.k] if self.k < len(self.words) else None

    def _is(self, *values: str) -> bool:
        w = self.peek()
        return w is not None and w.known and w.value in values

    def comma(self) -> Node:
        parts = [self.or_()]
        while self._is(","):
            self.k += 1
            parts.append(self.or_())
        return parts[0] if len(parts) == 1 else (",", tuple(parts))

    def or_(self) -> Node:
        parts = [self.and_()]
        while self._is("-o", "-or"):
            self.k += 1
            parts.append(self.and_())
        return parts[0] if len(parts) == 1 else ("or", tuple(parts))

    def and_(self) -> Node:
        parts = [self.not_()]
        while self.peek() is not None and not self._is("-o", "-or", ",", ")"):
            if self._is("-a", "-and"):
                self.k += 1
            parts.append(self.not_())
        return parts[0] if len(parts) == 1 else ("and", tuple(parts))

    def not_(self) -> Node:
        negations = 0
        while self._is("!", "-not"):
            self.k += 1
            negations += 1
        node = self.primary()
        return ("not", node) if negations % 2 else node

    def primary(self) -> Node:
        w = self.peek()
        if w is None:
            raise ValueError("an operator without an operand")
        self.k += 1
        if w.known and w.value == "(":
            self.depth += 1
            if self.depth > MAX_NESTING:
                raise ValueError("parentheses deeper than the gate reads")
            inner = self.comma()
            if not self._is(")"):
                raise ValueError("unbalanced parentheses")
            self.k += 1
            self.depth -= 1
            return inner
        if not w.known:
            return ("?",)  # a word of unknown value: a test that may be anything
        if w.value in _EXEC:
            body: list[Word] = []
            while (b := self.peek()) is not None and not (b.known and b.value in (";", "+")):
                body.append(b)
                self.k += 1
            if self.peek() is None:
                raise ValueError("-exec without its end")
            end_word = self.words[self.k]
            self.k += 1
            return (w.value, tuple(body), end_word.value)
        count = _ARITY.get(w.value, 0)
        args = tuple(self.words[self.k : self.k + count])
        if len(args) < count:
            raise ValueError(f"{w.value} without its argument")
        self.k += count
        return (w.value, *args)


@dataclass
class _Scope:
    """What the whole expression says, whatever file it is evaluated on."""

    maxdepth: int | None = None
    mindepth: int = 0
    depth_known: bool = True
    follow: bool = False
    settled: bool = True  # no -quit that may stop the walk before a file
    # A -prune that may keep find out of a folder: evaluated on the folders above each file
    # (`_pruned`). Not under -depth, where -prune does nothing; -delete implies -depth, and GNU
    # find refuses -prune with it unless -depth is given (busybox runs it): not settled there.
    prunes: bool = False
    depth_first: bool = False
    deletes: bool = False


def _walk_nodes(node: Node) -> Iterable[Node]:
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        for part in current[1:]:
            if _is_node(part):
                stack.append(part)  # type: ignore[arg-type]
            elif isinstance(part, tuple) and current[0] in ("and", "or", ","):
                stack.extend(reversed(part))


def _is_node(part: object) -> bool:
    return isinstance(part, tuple) and bool(part) and isinstance(part[0], str)


def effects(
    argv: Sequence[Word],
    cwd: str,
    files: Iterable[tuple[str, Content]],
    budget: int | None = None,
) -> FindEffects:
    """What `find ARGV` does to the files (path, content) the build holds. Past `budget` (files
    tried against each starting point, plus tests evaluated on each) it stops, `over`."""
    words = list(argv[1:])
    k = 0
    follow = False
    while (
        k < len(words)
        and words[k].known
        and (words[k].value in _LEADING or words[k].value.startswith(("-D", "-O")))
    ):
        follow = follow or words[k].value == "-L"
        k += 2 if words[k].value == "-D" else 1
    roots: list[Word] = []
    while k < len(words) and not _starts_expression(words[k]):
        roots.append(words[k])
        k += 1
    expression = words[k:]
    out = FindEffects()
    tree: Node | None = None
    broken = False
    try:
        parser = _Parse(expression)
        tree = parser.comma() if expression else None
        if parser.k != len(expression):
            raise ValueError("words after the expression")
    except ValueError:
        broken, tree = True, None
    out.wheels = tree is not None and _hands_wheel_files(tree)
    named = {w.value for w in expression if w.known}
    scope = _scope(tree, follow)
    implicit = tree is None or not any(
        n[0] in _ACTIONS - {"-prune", "-quit"} for n in _walk_nodes(tree)
    )
    starts = [_start(r.value if r.known else None, cwd) for r in roots] or [_start(".", cwd)]
    size = 1 + (sum(1 for _ in _walk_nodes(tree)) if tree is not None else 0)
    hidden = False  # a folder beneath a starting point holds files gate does not
    placed: list[tuple[_Start, str]] = []  # the held files each starting point reaches
    for path, content in files:
        if isinstance(content, Unread) and (content.tree or content.base):
            # A folder fetched whole or copied from the base image's, not a file find could
            # name; what is in it is not known.
            hidden = hidden or any(_place(start, path) is not None for start in starts)
            continue
        out.cost += len(starts)
        if budget is not None and out.cost > budget:
            out.over = True
            return out
        for start in starts:
            place = _place(start, path)
            if place is None:
                continue
            shown, depth = place
            placed.append((start, path))
            if depth is not None and (
                (scope.maxdepth is not None and depth > scope.maxdepth) or depth < scope.mindepth
            ):
                continue
            if broken:
                # An expression gate cannot read: what it names may happen to every file.
                if "-delete" in named:
                    out.deleted.append(Reached(path, False))
                if named & _EXEC:
                    out.passed.append(Reached(path, False))
                out.printed.append(Reached(path, False))
                break
            sure = scope.settled and depth is not None and scope.depth_known
            if scope.prunes and scope.deletes and not scope.depth_first:
                sure = False
            elif scope.prunes and not scope.depth_first:
                cut = _pruned(tree, start, path, scope, out)
                if cut is True:
                    continue  # find does not descend into a folder above it
                sure = sure and cut is False
            out.cost += size
            value = (
                True
                if tree is None
                else _evaluate(tree, _File(path, shown, content, scope.follow), sure, out)
            )
            if implicit and value is not False:
                out.printed.append(Reached(path, sure and value is True))
            break
    if not broken and not hidden:
        out.body = _whole(tree, starts, out, lambda: _folders(tree, scope, placed, out, budget))
    for node in _walk_nodes(tree) if tree is not None else ():
        word = node[1] if node[0] in _WRITES else None
        if isinstance(word, Word) and word.known:
            out.written.append(posixpath.normpath(posixpath.join(cwd, word.value)))
    if broken:
        out.written.extend(
            posixpath.normpath(posixpath.join(cwd, expression[i + 1].value))
            for i, w in enumerate(expression[:-1])
            if w.known and w.value in _WRITES and expression[i + 1].known
        )
    return out


def _hands_wheel_files(tree: Node) -> bool:
    """Whether every file find, whose expression is `tree`, hands its one `-exec`/`-execdir`
    body is a regular file whose name ends in `.whl`: the body stands in a chain of tests joined
    by and whose earlier tests include `-type f` and `-name PATTERN.whl` (a pattern ending in
    those literal characters matches no other name). pip and uv install a file so named as a
    wheel (or fail on it): none is built, whichever files find meets, also in a base image's
    folders or in folders gate does not hold (`find /wheels -type f -name '*.whl' -exec pip
    install {} +` after `COPY --from=build /wheels /wheels`)."""
    bodies = [n for n in _walk_nodes(tree) if n[0] in _EXEC]
    if len(bodies) != 1 or bodies[0][0] not in ("-exec", "-execdir"):
        return False
    body = bodies[0]
    for node in _walk_nodes(tree):
        parts = node[1] if node[0] == "and" else None
        if not isinstance(parts, tuple) or not any(part is body for part in parts):
            continue
        before = _required(parts[: next(i for i, part in enumerate(parts) if part is body)])
        return _tests(before, "-type", lambda v: v == "f") and _tests(
            before, "-name", lambda v: v.endswith(".whl") and "\\" not in v
        )
    return False


def _required(parts: Sequence[object]) -> list[object]:
    """The tests that must all be true for a chain joined by and to go past `parts`: each part,
    and the parts of one that is itself such a chain (`\\( -type f -name '*.whl' \\)`)."""
    out: list[object] = []
    stack = list(reversed(parts))
    while stack:
        part = stack.pop()
        inner = part[1] if isinstance(part, tuple) and part[:1] == ("and",) else None
        if isinstance(inner, tuple):
            stack.extend(reversed(inner))
        else:
            out.append(part)
    return out


def _tests(parts: Iterable[object], primary: str, holds: Callable[[str], bool]) -> bool:
    """Whether one of `parts` is the test `primary` with a known argument that `holds`."""
    return any(
        isinstance(part, tuple)
        and len(part) == 2
        and part[0] == primary
        and isinstance(part[1], Word)
        and part[1].known
        and holds(part[1].value)
        for part in parts
    )


def _whole(
    tree: Node | None,
    starts: Sequence[_Start],
    out: FindEffects,
    folders: Callable[[], None],
) -> FindBody | None:
    """The one body that runs per file (names `{}`, or runs in its folder), when the files the
    evaluation reached are every file it runs for: the starting points are known folders the
    build fills (not a base image's own, whose other files gate does not hold), and one body
    runs (several: gate does not tell which file went to which). `folders` adds the folders
    find hands it (`_folders`)."""
    if tree is None or any(s.written is None or _base_folder(s.root) for s in starts):
        return None
    bodies = [
        (str(n[0]), str(n[2]))
        for n in _walk_nodes(tree)
        if n[0] in _EXEC
        and isinstance(n[1], tuple)
        and (
            n[0] in ("-execdir", "-okdir")
            or any(isinstance(w, Word) and "{}" in w.value for w in n[1])
        )
    ]
    if len(bodies) != 1 or bodies[0][0] not in ("-exec", "-execdir"):
        return None
    action, end = bodies[0]
    folders()
    if out.over:
        return None
    files = (out.passed or out.ran_in) + out.folders
    return FindBody(action, end, tuple(files)) if files else None


def _folders(
    tree: Node | None,
    scope: _Scope,
    placed: Sequence[tuple[_Start, str]],
    out: FindEffects,
    budget: int | None,
) -> None:
    """The folders above the held files (each starting point too) that find hands its body:
    it tests folders as it tests files, so `-name 'pkg*' -exec pip install {} ;` also installs
    the project folder pkgdir. A folder find may not reach (-maxdepth, -mindepth, a -prune above
    it) is not handed. Into `out.folders`, with `over` past the budget."""
    if tree is None:
        return
    seen: set[str] = set()
    for start, path in placed:
        if start.written is None or not path.startswith(start.below):
            continue
        rest = path[len(start.below) :].split("/")[:-1]
        chain = [start.root] + [start.below + "/".join(rest[: k + 1]) for k in range(len(rest))]
        for depth, folder in enumerate(chain):
            if folder in seen:
                continue
            seen.add(folder)
            if depth < scope.mindepth or (scope.maxdepth is not None and depth > scope.maxdepth):
                continue
            out.cost += 1
            if budget is not None and out.cost > budget:
                out.over = True
                return
            sure = scope.settled and scope.depth_known
            if scope.prunes and not scope.depth_first:
                cut = _pruned(tree, start, folder, scope, out)
                if cut is True:
                    continue
                sure = sure and cut is False
            place = _place(start, folder)
            shown = place[0] if place is not None else None
            tried = FindEffects()
            _evaluate(tree, _File(folder, shown, None, scope.follow, folder=True), sure, tried)
            out.folders.extend(replace(r, folder=True) for r in tried.passed or tried.ran_in)


def _starts_expression(word: Word) -> bool:
    """The first word after the starting points: an option, a test, `(` or `!`."""
    return word.known and (
        word.value in ("(", "!") or (word.value[:1] == "-" and word.value != "-")
    )


def _scope(tree: Node | None, follow: bool) -> _Scope:
    scope = _Scope(follow=follow)
    if tree is None:
        return scope
    for node in _walk_nodes(tree):
        name = node[0]
        if name in ("-maxdepth", "-mindepth"):
            arg = node[1]
            number = arg.value if isinstance(arg, Word) and arg.known else ""
            if not number.isdigit():
                scope.depth_known = False
            elif name == "-maxdepth":
                scope.maxdepth = int(number)
            else:
                scope.mindepth = int(number)
        elif name == "-follow":
            scope.follow = True
        elif name == "-quit":
            scope.settled = False
        elif name == "-prune":
            scope.prunes = True
        elif name in ("-depth", "-d"):
            scope.depth_first = True
        elif name == "-delete":
            scope.deletes = True
    return scope


@dataclass(frozen=True)
class _Start:
    """A starting point as written (None: unknown), and the folder it names."""

    written: str | None
    root: str
    below: str


def _start(written: str | None, cwd: str) -> _Start:
    root = posixpath.normpath(posixpath.join(cwd, written or "."))
    return _Start(written, root, root.rstrip("/") + "/")


def _place(start: _Start, path: str) -> tuple[str | None, int | None] | None:
    """How find shows `path` when it walks from `start` and how deep it is, or None when the
    walk does not reach it."""
    written = start.written
    if written is None:
        return None, None
    if path == start.root:
        return written, 0
    if not path.startswith(start.below):
        return None
    rest = path[len(start.below) :]
    shown = written.rstrip("/") + "/" + rest if written != "/" else "/" + rest
    return shown, rest.count("/") + 1


@dataclass(frozen=True)
class _File:
    path: str
    shown: str | None  # as find prints it; None when its starting point is unknown
    content: Content
    follow: bool
    folder: bool = False  # a folder above a held file (so not empty), for `-prune`


def _pruned(
    tree: Node | None, start: _Start, path: str, scope: _Scope, out: FindEffects
) -> bool | None:
    """Whether find, walking from `start`, prunes a folder above `path` before reaching it:
    True where the expression surely reaches `-prune` on one (`-path '*/b' -prune -o …`), None
    where it may, False where it reaches none. Folders shallower than -mindepth are not
    evaluated, as find does not."""
    if tree is None or start.written is None or not path.startswith(start.below):
        return False
    rest = path[len(start.below) :].split("/")[:-1]
    folders = [start.root] + [start.below + "/".join(rest[: k + 1]) for k in range(len(rest))]
    cut: bool | None = False
    for depth, folder in enumerate(folders):
        if depth < scope.mindepth:
            continue
        place = _place(start, folder)
        shown = place[0] if place is not None else None
        seen = FindEffects()
        out.cost += 1
        _evaluate(tree, _File(folder, shown, None, scope.follow, folder=True), True, seen)
        if any(seen.pruned):
            return True
        if seen.pruned:
            cut = None
    return cut


class _Quit(Exception):
    """`-quit` reached for sure: find exits there, and runs nothing after it."""


def _evaluate(tree: Node, file: _File, sure: bool, out: FindEffects) -> bool | None:
    """The expression's value on one file; find may meet the files in any order, so every
    file may be the one a `-quit` stops at (the walk is not `settled`), but what comes after
    the `-quit` never runs for the file that reaches it."""
    try:
        return _eval(tree, file, sure, out)
    except _Quit:
        return False  # nothing after it ran (no implicit -print either)


def _eval(node: Node, file: _File, sure: bool, out: FindEffects) -> bool | None:
    name = node[0]
    if name in ("and", "or", ","):
        parts = node[1]
        assert isinstance(parts, tuple)
        return _chain(name, parts, file, sure, out)
    if name == "not":
        part = node[1]
        assert isinstance(part, tuple)
        value = _eval(part, file, sure, out)
        return None if value is None else not value
    return _primary(node, file, sure, out)


def _chain(
    name: object, parts: tuple[Node, ...], file: _File, sure: bool, out: FindEffects
) -> bool | None:
    """`a -a b -a …` stops at the first false, `a -o b -o …` at the first true; a part is
    reached for sure only when every part before it surely let it run. `a , b` runs both."""
    value: bool | None = name == "and"
    for part in parts:
        if part[:1] == ("-quit",):
            # find exits here: the parts after it never run. Reached for sure (every part
            # before let it run): nothing after it anywhere does; else only where it is not
            # reached, where an and chain is false and an or chain true.
            if name == "," or value is (name == "and"):
                raise _Quit
            return name == "or"
        if name == ",":
            value = _eval(part, file, sure, out)
            continue
        got = _eval(part, file, sure and value is (name == "and"), out)
        if got is (name == "or"):
            return got
        if got is None:
            value = None
    return value


def _primary(node: Node, file: _File, sure: bool, out: FindEffects) -> bool | None:
    name = node[0]
    args = [a for a in node[1:] if isinstance(a, Word)]
    if name == "-delete":
        out.deleted.append(Reached(file.path, sure))
        return True
    if name in _EXEC:
        body = node[1]
        assert isinstance(body, tuple)
        if any("{}" in w.value for w in body if isinstance(w, Word)):
            # -ok asks on standard input, which a build does not answer: it may not run.
            out.passed.append(Reached(file.path, sure and name in ("-exec", "-execdir")))
        elif name in ("-execdir", "-okdir"):
            out.ran_in.append(Reached(file.path, sure and name == "-execdir"))
        return True if node[2] == "+" else None
    if name in _PRINTS:
        out.printed.append(Reached(file.path, sure))
        return True
    if name == "-prune":
        out.pruned.append(sure)
        return True
    if name in _WRITES or name in _OPTIONS or name in ("-quit", "-true"):
        return True
    if name == "-false":
        return False
    if args and not args[0].known:
        return None
    if name in ("-name", "-iname"):
        return _match(posixpath.basename(file.path), args[0].value, name == "-iname")
    if name in ("-path", "-wholename", "-ipath", "-iwholename"):
        if file.shown is None:
            return None
        return _match(file.shown, args[0].value, name.startswith("-i"))
    if name == "-type":
        return _type(file, args[0].value)
    if name == "-empty" and file.folder:
        return False
    if name == "-empty":
        return len(file.content) == 0 if isinstance(file.content, str) else None
    return None  # times, sizes, owners, regular expressions: not known here


def _match(text: str, pattern: str, fold: bool) -> bool | None:
    if "\\" in pattern:
        return None  # find's escapes are not fnmatch's
    if fold:
        text, pattern = text.lower(), pattern.lower()
    return fnmatch.fnmatchcase(text, pattern)


def _type(file: _File, letters: str) -> bool | None:
    if file.folder:
        kind = "d"
    elif isinstance(file.content, Link):
        if file.follow:
            return None  # the type of what it points to
        kind = "l"
    else:
        kind = "f"
    wanted = letters.split(",")
    return kind in wanted
