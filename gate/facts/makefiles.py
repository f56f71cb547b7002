"""What `make` runs: the recipes of the goals it is asked for, from a Makefile the build knows.

`RUN printf 'all:\\n\\tpip install x\\n' > Makefile && make`, or a Makefile copied from the build
context, runs its recipes through /bin/sh. The gate reads the rules (GNU make's syntax, as far as
a Dockerfile needs it): the goals named on the command line, else the first target; each goal's
prerequisites first, each rule once; recipe lines with their `@`, `-`, `+` prefixes dropped, each
in its own shell (a subshell here), as make runs them. Variables: simple `NAME = value` (and
`:=`, `::=`, `?=`, `+=`) definitions of the file and `NAME=value` words of the command line are
expanded; any other `$(NAME)` becomes the shell's `${NAME}` (make imports the environment), and a
function call (`$(shell …)`, `$(wildcard …)`) stays a command substitution the walker cannot
resolve: an unknown word, never a silent one. Pattern rules, conditionals and includes are not
modelled: a goal without an explicit rule runs nothing the gate can see.
"""

from __future__ import annotations

import posixpath
import re

from gate.argscan import Table, tokens, value_of
from gate.build_files import Files
from gate.model import Word

MAKE_PROGRAMS = frozenset({"make", "gmake"})
_DEFAULT_NAMES = ("GNUmakefile", "makefile", "Makefile")
# Options whose value is the next word when not attached (`-f FILE`, `-C DIR`); -j and -l take
# an optional number, only ever attached. Other long options are read as flags.
_OPTIONS = Table(
    short_value="fCIoW",
    short_attached="jl",
    long_value=frozenset({"--file", "--makefile", "--directory"}),
)
_ASSIGNMENT = re.compile(r"([A-Za-z_][A-Za-z0-9_.-]*)\s*(::=|:=|\?=|\+=|!=|=)\s*(.*)", re.DOTALL)
_REFERENCE = re.compile(r"\$(?:\$|\(([^()]*)\)|\{([^{}]*)\}|([@<^*?%+|]))")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")
# Bounds: a hostile Makefile must stay cheap (expansion doubles as `A = $(A)$(A)` does).
MAX_EXPANSION = 64 * 1024
MAX_DEPTH = 16
MAX_RULES = 4096
MAX_REFERENCES = 100_000


class _Rule:
    __slots__ = ("prerequisites", "recipe")

    def __init__(self) -> None:
        self.prerequisites: list[str] = []
        self.recipe: list[str] = []


def makefile_script(
    args: tuple[Word, ...], cwd: str, files: Files
) -> tuple[str, str] | None:
    """(Makefile path, shell text of what `make ARGS` runs), or None when the gate does not know
    the Makefile's text (or an argument it cannot read changes which one is used)."""
    if not all(word.known for word in args):
        return None
    makefile: str | None = None
    goals: list[str] = []
    overrides: dict[str, str] = {}
    for token in tokens(args, 0, _OPTIONS):
        if token.kind == "unknown":
            return None
        if token.kind == "operand":
            value = args[token.index].value
            assigned = _ASSIGNMENT.fullmatch(value)
            if assigned is not None and "=" in assigned.group(2):
                overrides[assigned.group(1)] = assigned.group(3)
            else:
                goals.append(value)
            continue
        if token.spec is None or token.spec.arity != "value":
            continue  # a flag, `--`, or -j/-l with their optional number
        found = value_of(token, args, Word)
        if found is None:
            return None  # the option's value is missing: make would refuse the line
        if token.name in ("-f", "--file", "--makefile"):
            makefile = posixpath.join(cwd, found.value)
        elif token.name in ("-C", "--directory"):
            cwd = posixpath.normpath(posixpath.join(cwd, found.value))
    if makefile is None:
        makefile = next(
            (p for p in (posixpath.join(cwd, n) for n in _DEFAULT_NAMES) if files.get(p)), None
        )
    if makefile is None:
        return None
    text = files.get(posixpath.normpath(makefile))
    if text is None:
        return None
    return posixpath.normpath(makefile), _Makefile(text, overrides).script(goals)


class _Makefile:
    def __init__(self, text: str, overrides: dict[str, str]) -> None:
        self.variables: dict[str, str] = {"MAKE": "make", "SHELL": "/bin/sh"}
        self.budget = MAX_REFERENCES
        self.rules: dict[str, _Rule] = {}
        self.first: str | None = None
        current: list[_Rule] = []
        for line in _logical_lines(text):
            if line.startswith("\t"):
                for rule in current:
                    rule.recipe.append(line[1:])
                continue
            stripped = line.split("#", 1)[0].strip()
            if not stripped:
                continue
            assigned = _ASSIGNMENT.fullmatch(stripped)
            if assigned is not None and ":" not in stripped[: assigned.start(2)]:
                name, op, value = assigned.groups()
                if op == "+=" and name in self.variables:
                    value = f"{self.variables[name]} {value}"
                if op != "?=" or name not in self.variables:
                    self.variables[name] = value
                current = []
                continue
            targets, colon, rest = stripped.partition(":")
            if not colon:
                current = []
                continue
            rest = rest.lstrip(":")  # `::` rules
            prerequisites, semi, inline = rest.partition(";")
            current = []
            for target in self._expand(targets, "", ()).split():
                if "%" in target or len(self.rules) >= MAX_RULES:
                    continue
                rule = self.rules.setdefault(target, _Rule())
                rule.prerequisites.extend(self._expand(prerequisites, "", ()).split())
                if semi and inline.strip():
                    rule.recipe.append(inline.strip())
                current.append(rule)
                if self.first is None and not target.startswith("."):
                    self.first = target
        self.variables.update(overrides)

    def script(self, goals: list[str]) -> str:
        wanted = goals or ([self.first] if self.first else [])
        done: set[str] = set()
        lines: list[str] = []
        for goal in wanted:
            self._run(goal, done, lines, 0)
        return "".join(f"(\n{line}\n)\n" for line in lines)

    def _run(self, target: str, done: set[str], lines: list[str], depth: int) -> None:
        if target in done or depth > MAX_DEPTH:
            return
        done.add(target)
        rule = self.rules.get(target)
        if rule is None:
            return
        for prerequisite in rule.prerequisites:
            self._run(prerequisite, done, lines, depth + 1)
        for line in rule.recipe:
            command = line.lstrip("@-+ \t")
            if command:
                lines.append(self._expand(command, target, rule.prerequisites))

    def _expand(
        self, text: str, target: str, prerequisites: list[str] | tuple[()], depth: int = 0
    ) -> str:
        """make's references in `text`, as the shell will see the recipe line. A reference whose
        expansion passes the bounds is left as written: the walker reads `$(NAME)` as a command
        substitution it cannot resolve, an unknown word."""
        size = len(text)

        def one(m: re.Match[str]) -> str:
            nonlocal size
            whole = m.group(0)
            self.budget -= 1
            if self.budget < 0:
                raise _TooMuch
            got = self._reference(m, target, prerequisites, depth)
            size += len(got) - len(whole)
            if size > MAX_EXPANSION:
                raise _TooMuch
            return got

        if depth > 0:
            return _REFERENCE.sub(one, text)

        def top(m: re.Match[str]) -> str:
            try:
                return one(m)
            except _TooMuch:
                return m.group(0)

        return _REFERENCE.sub(top, text)

    def _reference(
        self, m: re.Match[str], target: str, prerequisites: list[str] | tuple[()], depth: int
    ) -> str:
        whole = m.group(0)
        if whole == "$$":
            return "$"
        auto = m.group(3)
        if auto is not None:
            if auto in "@*%":
                return target
            if auto == "<":
                return prerequisites[0] if prerequisites else ""
            return " ".join(prerequisites)
        inner = m.group(1) if m.group(1) is not None else m.group(2)
        if not _NAME.fullmatch(inner):
            return whole  # a function call: a command substitution the walker cannot read
        value = self.variables.get(inner)
        if value is None:
            return "${" + inner + "}"  # make imports the environment: the shell's variable
        if depth >= MAX_DEPTH:
            raise _TooMuch
        return self._expand(value, target, prerequisites, depth + 1)


class _TooMuch(Exception):
    """An expansion passed MAX_EXPANSION, MAX_DEPTH or the file's MAX_REFERENCES."""


def _logical_lines(text: str) -> list[str]:
    """Physical lines with backslash-newline joined (a recipe keeps it, as make passes it on)."""
    out: list[str] = []
    pending = ""
    for line in text.split("\n"):
        if line.endswith("\\"):
            recipe = line.startswith("\t") or pending.startswith("\t")
            pending += line + "\n" if recipe else line[:-1] + " "
            continue
        out.append(pending + line)
        pending = ""
    if pending:
        out.append(pending)
    return out
