"""The texts a command substitution may write when its commands only choose among known texts:
`$(if [ "$M" = p ]; then echo --only main; fi)`, `$([ -n "$X" ] && echo A || echo B)`,
`$(case $M in p) echo A;; *) echo B;; esac)`.

Each way through the conditions is taken as possible (a test's outcome is not worked out), and
each writes what its `echo`/`printf` commands write (pipes.output_of). Only these shapes, measured
in bash 5.2, dash 0.5.12 and busybox 1.35 sh with a pip that prints its argv:
- tests (`[ … ]`, `[[ … ]]`, `test …`) may pass or fail and write nothing on standard output;
  `true`, `:` pass and `false` fails;
- `echo` and `printf` of known words write their text and pass;
- `A && B`, `A || B`, `! A`, `A; B`, `if`/`elif`/`else`, `case` with `;;`, `{ …; }`, `( … )`;
- a command that may fail, followed by more, may end the substitution there: dash runs it under
  the outer `set -e` (bash only in POSIX mode or with inherit_errexit; busybox not), and any
  shell under a `set -e` inside it.
Anything else (another program, a redirection, a pipe, `&`, an assignment, a substitution or an
expansion that may assign inside the commands, a name the script made a function or alias):
None, and the substitution stays unknown.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from gate.shell.expand import Field
from gate.shell.pipes import output_of

if TYPE_CHECKING:
    from tree_sitter import Node

# At most this many ways through one substitution.
MAX_TEXTS = 8

# (text written so far, how the last command ended: True passed, False failed, None failed
# where `set -e` does not act: the left of `&&`/`||`, under `!`).
Way = tuple[str, bool | None]

_WRITERS = frozenset({"echo", "printf"})
_TESTS = frozenset({"[", "test"})
_FIXED = {"true": True, ":": True, "false": False}
# Text inside a condition or a word that may run something or assign: a substitution, arithmetic
# (`((X=1))`, `$((X=1))`), a `${…}` beyond a plain name (`${X:=v}`).
_PATTERN = re.compile(r"[*?\[]")
_SIDE_EFFECT = re.compile(r"\$\(|`|\(\(|\$\{(?![A-Za-z_][A-Za-z0-9_]*\})")


class _Unknown(Exception):
    pass


def texts(
    nodes: Sequence[Node],
    source: Callable[[Node], str],
    expand: Callable[[Node], list[Field]],
    shadows: Callable[[str], bool],
) -> tuple[str, ...] | None:
    """The texts (internal form, trailing newlines kept) the substitution whose statements are
    `nodes` may write, when at most MAX_TEXTS; else None."""
    reader = _Reader(source, expand, shadows)
    try:
        ways = reader.seq(list(nodes))
    except _Unknown:
        return None
    out = tuple(dict.fromkeys(text for text, _ in ways))
    return out if len(out) <= MAX_TEXTS else None


class _Reader:
    def __init__(
        self,
        source: Callable[[Node], str],
        expand: Callable[[Node], list[Field]],
        shadows: Callable[[str], bool],
    ) -> None:
        self.source = source
        self.expand = expand
        self.shadows = shadows

    def seq(self, nodes: list[Node], errexit: bool = True) -> list[Way]:
        """Statements one after another (`;`, newlines); `errexit`: `set -e` may act here."""
        statements = []
        for n in nodes:
            if not n.is_named:
                if n.type == "&":
                    raise _Unknown  # in the background: its text may come at any time
                continue
            if n.type != "comment":
                statements.append(n)
        ways: list[Way] = [("", True)]
        ended: list[Way] = []
        for k, stmt in enumerate(statements):
            if k and errexit:
                ended.extend(w for w in ways if w[1] is False)  # `set -e`: nothing after it runs
            ways = _capped([(text + t, p) for text, _ in ways for t, p in self.stmt(stmt)])
        return _capped(ended + ways)

    def stmt(self, node: Node) -> list[Way]:
        t = node.type
        if t == "command":
            return self.command(node)
        if t == "test_command":
            self.plain(node)
            if node.children and self.shadows(node.children[0].type):
                raise _Unknown  # `[` a function or alias (`[[` an alias, in dash)
            return [("", True), ("", False)]
        if t == "negated_command":
            inner = [c for c in node.named_children if c.type != "comment"]
            if len(inner) != 1:
                raise _Unknown
            return [(text, True if not passed else None) for text, passed in self.stmt(inner[0])]
        if t == "list":
            return self.and_or(node)
        if t in ("compound_statement", "subshell"):
            return self.seq(list(node.children))
        if t == "if_statement":
            return self.if_statement(node)
        if t == "case_statement":
            return self.case_statement(node)
        raise _Unknown

    def plain(self, node: Node) -> None:
        """A condition or word that runs nothing and assigns nothing."""
        if _SIDE_EFFECT.search(self.source(node)):
            raise _Unknown

    def command(self, node: Node) -> list[Way]:
        name = node.child_by_field_name("name")
        if name is None or any(
            c.type in ("variable_assignment", "file_redirect", "herestring_redirect")
            for c in node.named_children
        ):
            raise _Unknown
        program = self.source(name)
        if self.shadows(program):
            raise _Unknown
        args = [c for c in node.named_children if c != name and c.type != "comment"]
        for arg in args:
            self.plain(arg)
        if program in _FIXED and not args:
            return [("", _FIXED[program])]
        if program in _TESTS:
            return [("", True), ("", False)]
        if program not in _WRITERS:
            raise _Unknown
        argv = [Field(program)] + [f for arg in args for f in self.expand(arg)]
        if any(_PATTERN.search(f.value) for f in argv):
            raise _Unknown  # `echo *` writes the names it matches (`--no-binary=:all:` too)
        written = output_of(argv, None)
        if written is None:
            raise _Unknown
        return [(written, True)]

    def and_or(self, node: Node) -> list[Way]:
        """`A && B`, `A || B` (tree-sitter nests them to the left)."""
        parts = [c for c in node.children if c.type != "comment"]
        if len(parts) != 3 or parts[1].type not in ("&&", "||"):
            raise _Unknown
        on = parts[1].type == "&&"
        out: list[Way] = []
        for text, passed in self.stmt(parts[0]):
            if (passed is True) == on:
                out.extend((text + t, p) for t, p in self.stmt(parts[2]))
            else:
                out.append((text, True if passed else None))
        return _capped(out)

    def if_statement(self, node: Node) -> list[Way]:
        clauses: list[tuple[list[Node], list[Node]]] = []
        otherwise: list[Node] | None = None
        cond: list[Node] = []
        body: list[Node] = []
        in_body = False
        for child in node.children:
            if child.type in ("elif_clause", "else_clause"):
                if child.type == "else_clause":
                    otherwise = [c for c in child.children if c.type != "else"]
                else:
                    clauses.append(self.clause(child))
            elif child.type == "then":
                in_body = True
            elif child.type not in ("if", "fi"):
                (body if in_body else cond).append(child)
        clauses.insert(0, (cond, body))
        pending = [""]
        out: list[Way] = []
        for cond, body in clauses:
            failed: list[str] = []
            for before in pending:
                for text, passed in self.condition(cond):
                    if passed is True:
                        out.extend((before + text + t, p) for t, p in self.seq(body))
                    else:
                        failed.append(before + text)
            pending = list(dict.fromkeys(failed))
        for before in pending:
            if otherwise is None:
                out.append((before, True))  # no branch taken: `if` passes
            else:
                out.extend((before + t, p) for t, p in self.seq(otherwise))
        return _capped(out)

    def condition(self, nodes: list[Node]) -> list[Way]:
        return self.seq(nodes, errexit=False)  # `set -e` does not act inside a condition

    @staticmethod
    def clause(node: Node) -> tuple[list[Node], list[Node]]:
        cond: list[Node] = []
        body: list[Node] = []
        in_body = False
        for child in node.children:
            if child.type == "then":
                in_body = True
            elif child.type != "elif":
                (body if in_body else cond).append(child)
        return cond, body

    def case_statement(self, node: Node) -> list[Way]:
        value = node.child_by_field_name("value")
        if value is None:
            raise _Unknown
        self.plain(value)
        out: list[Way] = []
        catch_all = False
        for item in node.named_children:
            if item.type != "case_item":
                continue
            end = item.child_by_field_name("termination")
            if item.child_by_field_name("fallthrough") is not None or any(
                c.type in (";&", ";;&") for c in item.children
            ):
                raise _Unknown  # bash runs the next item's commands too
            patterns = [
                c for c in item.children if item.field_name_for_child(_index(item, c)) == "value"
            ]
            for pattern in patterns:
                self.plain(pattern)
            catch_all = catch_all or any(self.source(p) == "*" for p in patterns)
            closed = False
            body: list[Node] = []
            for child in item.children:
                if child.type == ")" and not closed:
                    closed = True
                elif closed and child != end:
                    body.append(child)
            out.extend(self.seq(body) if body else [("", True)])
        if not catch_all:
            out.append(("", True))  # no pattern matched
        return _capped(out)


def _index(parent: Node, child: Node) -> int:
    return next(k for k, c in enumerate(parent.children) if c == child)


def _capped(ways: list[Way]) -> list[Way]:
    ways = list(dict.fromkeys(ways))
    if len(ways) > 4 * MAX_TEXTS:
        raise _Unknown
    return ways
