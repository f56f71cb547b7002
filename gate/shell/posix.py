"""POSIX shell scripts: parsed with tree-sitter-bash and walked statement by statement.

Heredocs are cut out first (see lex.py). The walk tracks the shell's variables, exports and
working directory as far as they are known; branches and loops merge what is certain after them.

Over 600 lines: one visitor per tree-sitter-bash node kind, which share the walk's state; split
further they would pass that state back and forth.
"""

from __future__ import annotations

import itertools
import posixpath
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from gate import model
from gate.shell import exported, here_text, lex, picks, piped_filters, read_loop, subst_ways
from gate.shell.builtins import ARITHMETIC_ASSIGNMENT
from gate.shell.context import Ctx, Function, Shell, choice, loop_choice, variant_group
from gate.shell.expand import Field, expand_single, from_text, to_text
from gate.shell.exported import import_into, passed_env
from gate.shell.folder_vars import FolderVars
from gate.shell.globs import may_name, may_name_installer
from gate.shell.here_text import Opened, Printed
from gate.shell.loop_exits import LoopExits
from gate.shell.meter import Exhausted, charge
from gate.shell.pipes import Written, file_output_of, joined, output_of, writes_nothing
from gate.shell.posix_words import SUBSTITUTIONS, GroupInput, PosixWords, read_write, reads_input
from gate.shell.state import Activation, Folder, Local, State, blended
from gate.shell.time_keyword import (
    TIME_KEYWORD_SHELLS,
    TIME_PROGRAM_SHELLS,
    blanked,
    keyword_spans,
)
from gate.shell.traps import run_exit_traps
from gate.shell.variants import command_states
from gate.shell.wrappers import POSIX_SHELLS, Dialect, program_name

# Redirections that open their file for writing (`>|` and `>` truncate, `>>` creates).
_WRITES = frozenset({">", ">|", ">>", "&>", "&>>", "1>", "1>>"})
# A write to a file from a descriptor other than stdout (`2> F`, `3>> F`; not `2>&1`).
_OTHER_FD_WRITE = re.compile(r"(?:0|[2-9]|[1-9][0-9]+)>[>|]?")
# `{ …; } 1<> F`: F opened for reading and writing, not emptied; what goes through it (any
# descriptor) overwrites its text from the start (bash 5.2, dash measured).
_READ_WRITE = re.compile(r"[0-9]*<>")


def _as_stdout(redirect: model.Redirect) -> model.Redirect:
    """`2> F` as `> F` (`2>> F` as `>> F`), for what a call writes there to be recorded."""
    op = redirect.op.lstrip("0123456789")
    return model.Redirect(">" if op == ">|" else op, redirect.target, redirect.content)

if TYPE_CHECKING:
    from tree_sitter import Node, Parser

    from gate.shell.walk import Walker

_MAX_NODE_DEPTH = 120  # syntax nesting; keeps Python recursion far from its limit
# Parts of one pipeline walked (BuildKit's longest RUN line holds ~7,000 `|a`).
_MAX_PIPE_PARTS = 256
_MAX_LOOP_VALUES = 16  # a `for` over more known words gets an unknown loop variable
_MAX_UNROLLED = 64  # loop bodies walked per known value in one step, nested loops included
_MAX_CALLS = 8  # function calls nested deeper (recursion) are not followed
# Walks of one background list between the statements after it (then only at `wait`/the end).
_MAX_RACE_WALKS = 8
_MAX_RACE_TOTAL = 256  # such walks in one step (a step of thousands of `cmd &` stays cheap)
# Shells that expand aliases in scripts (measured: dash, busybox ash, bash --posix; bash -c not).
_ALIAS_SHELLS = frozenset({"sh", "dash", "ash", "busybox", "ksh", "mksh", "zsh"})

_KEYWORDS = frozenset(
    {"if", "then", "elif", "else", "fi", "for", "select", "while", "until", "do", "done", "case",
     "esac", "in", "function", "time", "coproc"}
)  # fmt: skip
_STATEMENTS = frozenset(
    {"list", "pipeline", "subshell", "compound_statement", "redirected_statement", "if_statement",
     "for_statement", "c_style_for_statement", "while_statement", "case_statement",
     "function_definition", "negated_command", "test_command", "declaration_command",
     "unset_command", "variable_assignment", "variable_assignments", "command", "program"}
)  # fmt: skip
# What ends a word after `{` (then it is the group keyword); `b""`: the end of the text.
_WORD_END = frozenset([b"", *(bytes([c]) for c in b" \t\r\n;&|()<>")])
_MAX_REPARSE = 4  # rounds of `{word` fixes (each may uncover more in recovered text)
# tree-sitter-bash's memory grows with the square of a pipeline's length where a quoted word
# comes first (`cat "$X" | cat | …`: 4,000 parts 225 MB, 10,000 parts 935 MB, in the parse
# itself). The real Dockerfiles hold at most 81 `|` in a whole file: a text with more than
# this is not parsed, and its step is unknown ("too complex", as past the meter).
_MAX_PIPES = 1024
_FOUR_BYTE = re.compile(rb"[\xf0-\xff][\x80-\xbf]{0,3}")
_SUBST = SUBSTITUTIONS
# A backslash a backquoted body loses before it is parsed (and the character it keeps).
_BACKQUOTE_ESCAPE = re.compile(r"\\([\\`$])")
# Within double quotes `\"` loses its backslash too (POSIX 2.6.3; bash and dash measured:
# "`eval \"pip install x\"`" runs pip).
_DQ_BACKQUOTE_ESCAPE = re.compile(r'\\([\\`$"])')
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_ASSIGNMENT = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)(\[[^\]]*\])?(\+?=)")
_WORDISH = re.compile(r"[A-Za-z0-9_$`]")
# A pipe into a shell whose writer's text names pip: the unseen script is reported. (Any unseen
# piped script would flag `curl … | sh` in 30 of the 261 shared real-world files, and naming every
# installer 17, nearly all `curl …/uv/install.sh | sh`, which installs uv itself.)
_INSTALLER_MENTION = re.compile(
    r"(?i)(?<![a-z])(?:pip[0-9.]*|get-pip|easy_install|setup\.py)(?![a-z])"
)
# Writers of text that comes from outside the Dockerfile: a download, a file read. The text of
# any other writer (`base64 -d`, `tr`, `rev`, `xxd -r`, `gunzip`, `echo "$X"`) is computed from
# the step's own words: a shell running it runs code the Dockerfile hides, and is reported.
_OUTSIDE_TEXT = re.compile(
    r"(?i)(?<![\w.-])(?:curl|wget|fetch|aria2c|https?|iwr|invoke-webrequest|cat\s+[^-|\s])"
)


_CAT_FILE = re.compile(r"(?<![\w.-])cat\s+[^-|\s]")
# Pipe stages that hand on their input as it is (`cat`, `cat -`, `tee F`): the facts layer
# follows a file or download through them.
_PASSES_ON = re.compile(r"cat(?:\s+-)?|tee(?:\s+-[aip]+)*(?:\s+[^-\s|;&<>][^|;&<>]*)?")


# Commands gate takes to succeed in a chain (Posix.sure): `true`, `:`, and the venv makers
# (`python3 -m venv v`, `virtualenv v`, `uv venv v`), named by a literal word.
_SURE = re.compile(
    r"(?:true|:|(?:[\w./-]*/)?(?:python[0-9.]*\s+(?:-[A-Za-z]+\s+)*-m\s*venv|virtualenv"
    r"|uv\s+venv)(?:\s[^;&|`()<>]*)?)",
)
# A venv maker is taken to succeed only as to activating its venv after `&&` (the case the rule
# is for: `[ -d v ] || python -m venv v && . v/bin/activate; pip …`). It does fail (Debian's
# python3 without python3-venv), and then the `&&` skips the rest: variables, exports and files
# after it are as after any command that may fail (`python3 -m venv v && export
# PIP_ONLY_BINARY=:all:; pip install x` builds where the maker fails).
_TRUE = re.compile(r"true|:")


def _opens(redirect: Node, text: str) -> bool:
    """Whether a redirection of a command taken to succeed surely opens: `>/dev/null`,
    `2>&1`, `<&-` (a file elsewhere may be missing or unwritable)."""
    if redirect.type != "file_redirect":
        return False
    ops = {c.type for c in redirect.children}
    if ops & {">&", "<&", ">&-", "<&-"}:
        return True
    return text.rstrip().endswith("/dev/null") and bool(ops & {">", ">>", "&>", "&>>", "<"})


def _steps(node: Node) -> list[tuple[str, Node]]:
    """`a && b || c` as its operands, each after the operator that joins it to what came
    before. tree-sitter nests the left side (`(a && b) || c`); it is taken apart, so that the
    chain is one (an `&&` ends the whole chain, not the part it closes)."""
    op = ""
    steps: list[tuple[str, Node]] = []
    for child in node.children:
        if not child.is_named:
            op = child.type
        elif child.type == "list" and not steps:
            steps.extend(_steps(child))
        elif child.type != "comment":
            steps.append((op, child))
    return steps


def _unhung(
    steps: Sequence[tuple[str, Node]],
) -> tuple[list[tuple[str, Node]], dict[int, list[Node]]]:
    """`a && b > f && c`: tree-sitter-bash hangs the redirection on `a && b` as a whole, so the
    chain would be two; bash runs one chain whose `b` has the redirection. The steps as bash
    runs them, and the redirections each step takes (by its index)."""
    out = list(steps)
    tails: dict[int, list[Node]] = {}
    while len(out) > 1 and out[0][1].type == "redirected_statement":
        node = out[0][1]
        body = node.child_by_field_name("body")
        if body is None or body.type != "list":
            break
        inner = _steps(body)
        rest = [c for c in node.named_children if c != body]
        out = [(out[0][0], inner[0][1]), *inner[1:], *out[1:]]
        tails = {k + len(inner) - 1: v for k, v in tails.items()}
        tails[len(inner) - 1] = [*rest, *tails.get(len(inner) - 1, [])]
    return out, tails


def _activated_as(state: State, now: State) -> State:
    """`state` (where an `&&` after a venv maker skipped the rest) standing as to activation as
    `now`, the chain having gone on: the maker is taken to succeed for its activation only
    (a `cd` after it may not have run)."""
    folder = state.cwd, state.cwd_known
    state.take(now.activation())
    ways = tuple(dict.fromkeys(replace(w, cwd=folder) for w in now.venvs))
    state.venvs = ways if len(ways) > 1 else ()
    state.cwd, state.cwd_known = folder
    return state


def _hides_script(source: str) -> bool:
    """A pipe the gate cannot read, into a shell: report it unless it is a download (judged by
    its address, README "Known gaps") or a file that reaches the shell whole. A file changed on
    the way (`cat s.sh | sed … | sh`, `cat s.sh | envsubst | bash`) is not the text the facts
    layer walks: silent before."""
    return bool(_INSTALLER_MENTION.search(source)) or _hides_code(source)


def _hides_code(source: str) -> bool:
    """A pipe the gate cannot read, into a program that runs it: neither a download (judged by
    its address) nor a file that reaches the program whole."""
    stages = source.split(" | ")  # Posix.pipeline joins a pipe's parts so
    at = next((i for i, stage in enumerate(stages) if _OUTSIDE_TEXT.search(stage)), None)
    if at is None:
        return True
    if _CAT_FILE.search(stages[at]) is None:
        return False  # a download
    if any(c in stages[at] for c in ("$", "`", "{}")):
        # `cat "$X" | sh`, `find … -exec cat {} ; | sh`: files gate cannot name (silent before)
        return True
    return not all(_PASSES_ON.fullmatch(stage.strip()) for stage in stages[at + 1 :])


def _cats_a_file(source: str) -> bool:
    """The pipe's text is files `cat` reads, passed on whole (`cat F | sh`), one named with an
    expansion (`cat "$X"`). A plain name in a folder gate cannot tell (`cd "$D" && cat s.sh |
    sh`) is left as `sh < s.sh` there is."""
    stages = source.split(" | ")
    at = next((i for i, stage in enumerate(stages) if _OUTSIDE_TEXT.search(stage)), None)
    if at is None or _CAT_FILE.search(stages[at]) is None:
        return False
    return ("$" in stages[at] or "`" in stages[at]) and not _hides_code(source)


_PARSER: Parser | None = None


def _parser() -> Parser:
    """The tree-sitter-bash parser, made on first use so that `gate --help` stays fast."""
    global _PARSER
    if _PARSER is None:
        from tree_sitter import Language, Parser

        from gate.shell.bash_grammar import language

        _PARSER = Parser(Language(language()))
    return _PARSER


def _brace_word_starts(root: Node, data: bytes) -> list[int]:
    """Offsets of the group-opening `{` tokens, in or next to a parse error, that the next
    character glues to a word (`{pip,install}`: a word, not `{` and `pip,install}`)."""
    found: list[int] = []
    stack = [root]
    while stack:
        node = stack.pop()
        for child in node.children:
            if child.has_error:
                stack.append(child)
            if node.type != "ERROR":
                continue
            opening = child
            if child.type == "compound_statement" and child.child_count:
                opening = child.children[0]  # `{ {pip,install} y; }` recovered as a group
            after = data[opening.end_byte : opening.end_byte + 1]
            if opening.type == "{" and after not in _WORD_END:
                found.append(opening.start_byte)
    return found


def _dollars_before_paren(root: Node, data: bytes) -> list[int]:
    """Offsets of a `$` that tree-sitter-bash left alone in an ERROR right before a `)`."""
    found: list[int] = []
    stack = [root]
    while stack:
        node = stack.pop()
        if node.type == "ERROR" and node.child_count == 1 and node.children[0].type == "$":
            if data[node.end_byte : node.end_byte + 1] == b")":
                found.append(node.start_byte)
            continue
        stack.extend(child for child in node.children if child.has_error)
    return found


_BLANKS_THEN_DO = re.compile(rb"[ \t]+do(?=[ \t\r\n;&|()<>]|\Z)")


def _for_without_in(root: Node, data: bytes) -> list[int]:
    """Offsets of the blank between a `for NAME` with no `in` and the `do` after it on its line,
    in an ERROR: tree-sitter-bash reads `for NAME; do` and `for NAME<newline>do` but not `for
    NAME do`, which POSIX allows (the Gradle wrapper's `for arg do`)."""
    found: list[int] = []
    stack = [root]
    while stack:
        node = stack.pop()
        kids = node.children
        if (
            node.type == "ERROR"
            and len(kids) >= 2
            and kids[0].type == "for"
            and kids[1].type == "variable_name"
        ):
            if _BLANKS_THEN_DO.match(data, kids[1].end_byte):
                found.append(kids[1].end_byte)
            continue
        stack.extend(child for child in kids if child.has_error)
    return found


def walk_posix(w: Walker, sh: Shell, ctx: Ctx, given: GroupInput | None = None) -> Printed:
    """Parse `sh.text` and walk it in `ctx`; `given`: the input the shell reads. Returns what
    the script writes, as far as the gate can tell (for a heredoc's `$(cat F)`)."""
    cut, heredocs = lex.cut_heredocs(sh.text)
    data = cut.encode("latin-1")
    if _FOUR_BYTE.search(data):
        # tree-sitter-bash 0.25.1 can crash the process on a 4-byte UTF-8 character after
        # `{` (tree-sitter/tree-sitter-bash#337). The parser sees same-length letters
        # instead; words are still sliced from the real text.
        data = _FOUR_BYTE.sub(lambda m: b"x" * len(m.group()), data)
    if data.count(b"|") > _MAX_PIPES:
        raise Exhausted
    tree = _parser().parse(data)
    # A keyword span's name is the bytes `time`: without them there is nothing to walk for.
    for _ in range(_MAX_REPARSE if sh.program in TIME_KEYWORD_SHELLS and b"time" in data else 0):
        spans = keyword_spans(tree.root_node, data)
        if not spans:
            break
        data = blanked(data, spans)  # bash's `time` keyword: the pipeline after it runs as is
        tree = _parser().parse(data)
    for _ in range(_MAX_REPARSE):
        if not tree.root_node.has_error:
            break
        starts = _brace_word_starts(tree.root_node, data)
        dollars = _dollars_before_paren(tree.root_node, data)
        loops = _for_without_in(tree.root_node, data)
        if not starts and not dollars and not loops:
            break
        # A word that starts with `{` (`{pip,install} flask`) is a word to the shell: `{`
        # opens a group only as a word of its own. tree-sitter-bash takes it for a group and
        # loses the command in an ERROR; the parser sees `%` there instead (same offsets, and
        # the word is still sliced, and brace-expanded, from the real text).
        buf = bytearray(data)
        for at in starts:
            buf[at] = ord("%")
        # `$(grep -c ^x$)`: a `$` before the `)` that ends a substitution begins no expansion,
        # it is the word's last character (bash 5.2, dash: `echo $(echo ^a$)` prints `^a$`).
        # tree-sitter-bash leaves it in an ERROR; the parser sees a letter there instead.
        for at in dollars:
            buf[at] = ord("_")
        # `for arg do` loops over "$@" as `for arg; do` (bash 5.2, dash, busybox sh: measured,
        # `set -- a b; for x do pip install "$x"; done` ran pip for a and b in each).
        for at in loops:
            buf[at] = ord(";")
        data = bytes(buf)
        tree = _parser().parse(data)
    posix = w.posix_walker(sh, cut, heredocs)
    if given is not None:
        posix.group_input = given
        posix.take_group_input()
        if given[2]:
            posix.pipe_source = f"cat {given[2][0]}"
    posix.stmt(tree.root_node, ctx, 0)
    return posix.printed_by(tree.root_node.named_children, ctx, sh.text)


class Posix(PosixWords):
    """Walks one parsed POSIX script; `text` is the heredoc-cut script in internal form."""

    # -- statements ---------------------------------------------------------------------------

    def stmt(self, node: Node, ctx: Ctx, depth: int, tail: Sequence[Node] = ()) -> None:
        """Walk one statement; `tail`: redirections written after it that belong to its last
        simple command (tree-sitter-bash hangs `a && b > f` as a whole on the redirect)."""
        after = node.next_sibling
        if after is not None and after.type == "&":
            self.background(node, ctx, depth, tail)
        else:
            self.statement(node, ctx, depth, tail)

    def background(self, node: Node, ctx: Ctx, depth: int, tail: Sequence[Node]) -> None:
        """`LIST &`: a subshell that runs alongside what follows. Nothing it sets reaches this
        shell, and its files race with the commands after it: it is walked where it starts,
        again after each later statement of the same list (`seq`), at `wait` and where this
        shell ends (it may run any time in between), each time as a branch that may not have
        run, with the shell as it was at the `&`."""
        start = ctx.subshell()
        walks = 0

        def walk(final: bool, done: bool = False) -> None:
            # `done`: walked for a `wait` with no operands, after which it has surely run.
            nonlocal walks
            walks += 1
            if not final and (walks > _MAX_RACE_WALKS or self.w.race_walks >= _MAX_RACE_TOTAL):
                return
            self.w.race_walks += 0 if final else 1
            sub = start.copy() if done else start.alternative(choice(), 0)
            self.statement(node, sub, depth, tail)
            run_exit_traps(self.w, sub)

        walk(True)
        ctx.pending = (*ctx.pending, walk)

    def statement(self, node: Node, ctx: Ctx, depth: int, tail: Sequence[Node] = ()) -> None:
        """Walk one statement in this very shell (see `stmt`)."""
        self.w.tick()
        if depth > _MAX_NODE_DEPTH:
            self.w.add_opaque(
                "shell text nested too deeply to read", self.src(node)[:200], self._line(node)
            )
            return
        kind = node.type
        d = depth + 1
        if kind in ("program", "do_group", "else_clause"):
            self.seq(node.named_children, ctx, d)
        elif kind == "list":
            self.list_(node, ctx, d, tail)
        elif kind == "pipeline":
            parts, after = _pipeline_parts(node)
            if len(parts) > _MAX_PIPE_PARTS:
                # Each part reads the text of the parts before it (pipe_source): quadratic, so a
                # 6,000-part pipeline took 13 s and 10,000 1.3 GB. None so long is walked.
                why = "a pipeline of more parts than the gate follows"
                self.w.add_opaque(why, self.src(node)[:200], self._line(node))
                return
            start = len(self.writes)
            for i, child in enumerate(parts):
                # Each part of a pipeline runs in a subshell: nothing it sets survives. What the
                # part before wrote is what this one reads.
                if i > 0:
                    self.in_pipe, self.piped, self.piped_file = True, self.output, self.output_file
                else:  # the first part reads what a compound command around it is given
                    self.take_group_input()
                self.pipe_source = " | ".join(self.src(p) for p in parts[:i])
                self.output = self.output_file = None
                last = i == len(parts) - 1 and not after
                outer = self.group_input
                if i > 0:
                    # A later part reads the pipe, not the input around the pipeline; a compound
                    # part (`… | { true; sh; }`) offers the pipe to each command in it.
                    compound = child.type in _COMPOUND
                    self.group_input = (True, self.piped, self.piped_file) if compound else None
                since = len(self.writes)
                # bash's `shopt -s lastpipe` runs the last part in this shell (where it may be
                # on: as a branch that may have run here).
                here = i > 0 and i == len(parts) - 1 and ctx.lastpipe is not False
                part = ctx.subshell() if not here else (
                    ctx if ctx.lastpipe else ctx.alternative(choice(), 0)
                )
                try:
                    self.stmt(child, part, d, tail if last else ())
                    if not here:
                        run_exit_traps(self.w, part)
                    elif part is not ctx:
                        ctx.merge([part])
                finally:
                    if i > 0:
                        self.group_input = outer
                if len(self.writes) - since > 1:
                    # A part of several commands (`{ cat F; echo; } | sh`) writes what they
                    # all write, not what its last one does.
                    self.output, self.output_file = joined(self.writes[since:])
            # Only the last part writes on past the pipeline.
            del self.writes[start:]
            self.writes.append((self.output, self.output_file))
            self.take_group_input()
            self.chain(after, ctx, d, tail)
        elif kind in _COMPOUND and tail:
            # `a && { sh; } < f`: the list's redirections
            self.opening(tail, ctx, lambda c: self.grouped(node, c, d, tail))
        elif kind == "subshell":
            sub = ctx.subshell()
            self.seq(node.named_children, sub, d)
            run_exit_traps(self.w, sub)
        elif kind == "compound_statement":
            if node.child_count and node.children[0].type == "((":
                self.substitutions(node, ctx, d)
                # `(( A = 1 ))`, `((A++))`: what it assigns has a value the gate does not work out.
                for m in ARITHMETIC_ASSIGNMENT.finditer(self.src(node)):
                    ctx.state.assign(m.group(1) or m.group(2), None)
            else:
                self.seq(node.named_children, ctx, d)
        elif kind == "redirected_statement":
            self.redirected(node, ctx, d, tail)
        elif kind == "command":
            self.command(node, ctx, d, tail)
        elif kind == "if_statement":
            self.if_(node, ctx, d)
        elif kind in ("for_statement", "c_style_for_statement"):
            self.for_(node, ctx, d)
        elif kind == "while_statement":
            self.while_(node, ctx, d)
        elif kind == "case_statement":
            self.case(node, ctx, d)
        elif kind == "function_definition":
            self.define(node, ctx, d, tail)
        elif kind == "negated_command":
            for child in node.named_children:
                self.stmt(child, ctx, d, tail)
        elif kind == "test_command":
            self.substitutions(node, ctx, d)
            if _GLOB_WORD.match(self.src(node)):
                # `[p]ip install x`, `[f]`: tree-sitter-bash reads a glob word as a test; the
                # shell runs the files it matches (an installer, a function).
                self.w.add_opaque("a glob the gate cannot read names the program",
                                  self.original(node)[:300], self._line(node))  # fmt: skip
        elif kind == "declaration_command":
            self.declaration(node, ctx, d)
        elif kind == "unset_command":
            self.unset(node, ctx, d)
        elif kind in ("variable_assignment", "variable_assignments"):
            self.assign(node, ctx, d)
        elif kind == "ERROR":
            self.error(node, ctx, d)
        elif kind in ("comment", "heredoc_body", "heredoc_redirect"):
            pass
        elif kind in _SUBST:
            self.substitution(node, ctx, d)
        else:
            # Anything else that holds statements (grammar additions): walk what it holds.
            self.seq(node.named_children, ctx, d)

    # -- functions -----------------------------------------------------------------------------

    def define(self, node: Node, ctx: Ctx, depth: int, tail: Sequence[Node] = ()) -> None:
        """`f() { …; }`: the body runs where the function is called, with the call's words.
        `tail`: redirections written after the definition that tree-sitter-bash hangs on a
        statement around it (`f() { sh; } 2>/dev/null < F`); they belong to the definition."""
        name = node.child_by_field_name("name")
        body = node.child_by_field_name("body")
        if body is None or name is None:
            return
        own = [c for i, c in enumerate(node.children) if node.field_name_for_child(i) == "redirect"]
        called = self.src(name)
        function = Function(self, body, ctx.copy(), depth, redirects=(*own, *tail), name=called)
        ctx.functions[called] = function
        ctx.unsure -= {called}
        self.w.defined.append(function)
        self.w.function_log.append(called)
        exported.defined(self.w, ctx, called, function)

    def run_body(self, function: Function, ctx: Ctx) -> None:
        """Walk a function's body as it runs: inside the redirections of its definition,
        opened anew at each run (`f() { sh; } < F; f < G`: sh reads F, in bash and dash), so
        noclobber on at the call refuses a `>` of them (`f() { …; } > F; set -C; f`: F keeps
        its text, bash 5.2 and dash measured)."""
        if function.redirects:
            body, depth, redirects = function.body, function.depth, function.redirects
            self.opening(redirects, ctx, lambda c: self.grouped(body, c, depth, redirects))
        else:
            self.stmt(function.body, ctx, function.depth)

    def call(
        self,
        function: Function,
        args: list[Field],
        ctx: Ctx,
        text: str,
        line: int,
        given: GroupInput | None = None,
    ) -> None:
        """Walk a function's body in the calling shell, $1 … bound to the call's words.
        `given`: the call's input (`f < FILE`, `… | f`), which the body reads as a compound
        command's."""
        function.called = True
        if self.w.calls >= _MAX_CALLS:
            self.w.add_opaque("function calls nested too deeply to follow", text, self.sh.at(line))
            return
        saved = ctx.state.positional
        ctx.state.positional = tuple(a.value for a in args) if all(a.known for a in args) else None
        body = function.posix
        outer = body.group_input, body.pipe_source
        if given is not None:
            body.group_input, body.pipe_source = given, self.pipe_source
            body.take_group_input()
        self.w.calls += 1
        self.w.returns.append((body.sh, [], []))
        self.w.frames.append((body.sh, ctx.branch, {}))
        try:
            body.run_body(function, ctx)
            # The call ended at a `return` or at the body's end: the shell stands as at any.
            ctx.returned = False
            ctx.state.merge(self.w.returns[-1][1], exclusive=True)
            ctx.may_stand_as(self.w.returns[-1][2])
        finally:
            self.w.returns.pop()
            _unlocal(ctx, self.w.frames.pop()[2])
            self.w.calls -= 1
            ctx.state.positional = saved
            if given is not None:
                body.group_input, body.pipe_source = outer
                body.take_group_input()

    def call_output(
        self,
        written: Written,
        to_files: list[model.Redirect],
        ctx: Ctx,
        env: dict[str, str | None],
        text: str,
        line: int,
    ) -> None:
        """`f > F`: F gets what the call writes, as `cat > F` fed that text would (its known
        text, the files it prints in turn, or text of unknown content): the call itself is no
        command, and the file went unrecorded (`f() { echo --no-binary :all:; }; f > r.txt`
        passed silently)."""
        out_text, files = written
        argv = [Field("cat"), *(Field(f) for f in files or ())]
        if files is not None:
            source: list[model.Redirect] = []
        elif out_text is not None:
            source = [model.Redirect("|", None, out_text)]
        else:
            source = [model.Redirect(model.PIPE_IN, None)]
        self.w.emit(self.sh, ctx, argv, env, (*source, *to_files), text, line)

    def call_input(
        self, redirects: Sequence[model.Redirect], stdin: str | None, hidden: str
    ) -> GroupInput | None:
        """The input a function call is given: its last input redirection's text or files,
        else the pipe into it, else None. `hidden`: see `redirects()`."""
        got = _redirected_input(redirects, stdin, hidden)
        if got is not None:
            given, writer = got
            if writer:
                self.pipe_source = writer
            return given
        if self.in_pipe:
            return (True, self.piped, self.piped_file)
        return None

    def seq(self, nodes: Iterable[Node], ctx: Ctx, depth: int) -> None:
        nodes = list(nodes)
        last = max((k for k, c in enumerate(nodes) if c.type in _STATEMENTS), default=-1)
        for k, child in enumerate(nodes):
            if (
                child.type in _STATEMENTS
                or child.type in ("ERROR", "elif_clause")
                or child.type in _SUBST
            ):
                self.more_after = k < last
                started = ctx.pending
                self.stmt(child, ctx, depth)
                if ctx.returned or ctx.leaving:
                    break  # `return`, `break`, `continue`: the rest of the body does not run
                if started and self.w.race_walks < _MAX_RACE_TOTAL:
                    live = set(ctx.pending)  # (not after a `wait` they have ended by)
                    for walk in started:
                        if walk in live:
                            walk(False)  # a background list may run after this statement
            elif child.is_named and child.type not in ("comment",):
                self.substitutions(child, ctx, depth)

    def list_(self, node: Node, ctx: Ctx, depth: int, tail: Sequence[Node] = ()) -> None:
        self.chain(_steps(node), ctx, depth, tail)

    def chain(
        self, steps: Sequence[tuple[str, Node]], ctx: Ctx, depth: int, tail: Sequence[Node] = ()
    ) -> None:
        """`a && b || c`: each operand after the operator that joins it to what came before."""
        steps, tails = _unhung(steps)
        # `a && b` as the step's last command: the build succeeded, so the chain ran through.
        # Followed by more (`[ -n "$X" ] && cp … f; sh f`), b may not have run: the files it
        # writes are certain only to the rest of the chain.
        conditional, outer = self.more_after, ctx.branch
        # How the shell stands where an `&&` may end the chain: a venv activated after one
        # (`[ -d v ] && . v/bin/activate; pip …`) may not be (State.venvs).
        stops: list[Activation] = []
        # The shell's variables there, where more commands follow the chain: what the rest of
        # the chain sets may not be set for them (`[ -n "$X" ] && export PIP_ONLY_BINARY=:all:;
        # pip …`).
        stopped: list[State] = []
        # Whether the status the next operator reads may be a failure. gate takes the build's
        # commands to succeed (`python -m venv v; . v/bin/activate` activates), so only what
        # may fail as an ordinary outcome (a test, any command not in _SURE) can end the chain:
        # in `[ -d v ] || python -m venv v && . v/bin/activate` the `&&` sees success.
        failing = False
        # Whether it may fail though gate takes it to succeed as to activation (a venv maker):
        # what an `&&` there skips is uncertain, but the activation after it is not.
        made = False
        # States where such an `&&` skipped the rest: they stand activated as the chain goes on.
        assumed: list[State] = []
        # The directory stack and OLDPWD wherever the chain may have stopped (Ctx.join_folders).
        folders: list[tuple[list[Folder], str | None]] = []
        # Whether the status the next operator reads is surely a failure (`false && cd /app`:
        # bash and dash never run what an `&&` joins to it; a `||` after it surely runs).
        never = False
        # Whether it is surely a success (`true || cd /`: the `||` never runs its operand).
        always = False
        try:
            for i, (op, child) in enumerate(steps):
                mine = tail if i == len(steps) - 1 else tails.get(i, ())
                sure = self.sure(child, ctx) and all(_opens(r, self.src(r)) for r in mine)
                if (op == "&&" and never) or (op == "||" and always):
                    # Never runs: walked for what it holds (as code after `exit` is), in a copy
                    # whose folder and variables are dropped; the files it writes stay a branch's.
                    self.stmt(child, ctx.alternative(choice(), 0), depth, mine)
                    continue
                if op == "||" and never:
                    if stopped:
                        ctx.state.merge(stopped, exclusive=True)
                        stopped = []
                    self.stmt(child, ctx, depth, mine)
                    never = self.false(child, ctx)
                    always = sure and self.true(child)
                    made = sure and not self.true(child)
                    failing = not sure
                    continue
                if op == "&&" and (failing or made):
                    folders.append((list(ctx.dirs), ctx.oldpwd))
                if op == "&&" and failing:
                    stops.extend(ctx.state.venvs or (ctx.state.activation(),))
                    if conditional:
                        stopped.append(ctx.state.copy())
                elif op == "&&" and made and conditional:
                    assumed.append(ctx.state.copy())
                if op == "||" and assumed:
                    stopped.extend(_activated_as(s, ctx.state) for s in assumed)
                    assumed = []
                if op == "||":
                    # Runs only when the left side failed: what it changes is not certain.
                    branch = ctx.alternative(choice(), 0)
                    if stopped:
                        # It runs where an `&&` skipped what followed it, too: the chain goes on
                        # from there (`[ -n "$X" ] && M=a || M=b; …` sets M either way).
                        branch.state.merge(stopped, exclusive=True)
                        stopped = []
                    self.stmt(child, branch, depth, mine)
                    ctx.merge([branch], exclusive=True)
                    maker = sure and not self.true(child)
                    made = (failing and maker) or (made and (maker or not sure))
                    failing = failing and not sure
                    continue
                skips = failing or made
                if op == "&&" and conditional and ctx.branch is outer and skips:
                    ctx.branch = (*outer, (choice(), 0))
                returned, leaving = ctx.returned, ctx.leaving
                functions = dict(ctx.functions) if op == "&&" and skips else None
                logged = len(self.w.function_log)
                self.stmt(child, ctx, depth, mine)
                if functions is not None and len(self.w.function_log) != logged:
                    # An `&&` operand that may not have run defined or removed these
                    # (`[ -n "$X" ] && f() { :; }`, `… && unset -f f`).
                    ctx.may_keep(functions, set(self.w.function_log[logged:]))
                if op == "&&" and skips:
                    # A `return` there may not run (`[ -n "$X" ] && return; …`): the body goes
                    # on, and the call ends as either (posix.Posix.call). So for `break`.
                    ctx.returned, ctx.leaving = returned, leaving
                made = (made and op == "&&") or (sure and not self.true(child))
                failing = (failing and op == "&&") or not sure
                never = op != "||" and self.false(child, ctx)
                always = op != "&&" and sure and self.true(child)
        finally:
            ctx.branch = outer
        ctx.join_folders(folders)
        stopped.extend(_activated_as(s, ctx.state) for s in assumed)
        if stopped:
            # One of them is how the shell stands after the chain (activation ways included).
            ctx.state.merge(stopped, exclusive=True)
            return
        ways = [*stops, *(ctx.state.venvs or (ctx.state.activation(),))]
        if len({w.venv for w in ways}) > 1 or len({w.cwd for w in ways}) > 1:
            ctx.state.take(blended(ways))
            ctx.state.ways(ways)

    def true(self, node: Node) -> bool:
        """Whether a sure operand (Posix.sure) is `true` or `:`, not a venv maker."""
        if node.type == "redirected_statement":
            node = node.child_by_field_name("body") or node
        return bool(_TRUE.fullmatch(self.src(node)))

    def false(self, node: Node, ctx: Ctx) -> bool:
        """Whether the operand is the builtin `false` (bash, dash and busybox ash build it in,
        so $PATH cannot change it; a function or alias of that name can)."""
        if node.type != "command" or self.src(node).strip() != "false":
            return False
        return not ("false" in ctx.functions or "false" in ctx.unsure or "false" in ctx.aliases)

    def sure(self, node: Node, ctx: Ctx) -> bool:
        """Whether gate takes the operand to succeed, as it does under `;`: a command that
        makes a venv, `true` or `:` (a failure is the build's failure, not a branch taken).
        Not where its name may run a function or alias of this shell (`true() { return 1; }`:
        bash and dash run the function, and its status is any), nor where a redirection may
        fail (`true > /missing/f` fails, and the `&&` skips what follows): only /dev/null and
        descriptor copies are taken to open."""
        if node.type == "redirected_statement":
            body = node.child_by_field_name("body")
            if body is None or not all(_opens(c, self.src(c)) for c in node.children[1:]):
                return False
            node = body
        if node.type != "command" or not _SURE.fullmatch(self.src(node)):
            return False
        name = node.child_by_field_name("name")
        word = self.src(name) if name is not None else ""
        return not (word in ctx.functions or word in ctx.unsure or word in ctx.aliases)

    def if_(self, node: Node, ctx: Ctx, depth: int) -> None:
        branches: list[Ctx] = []
        has_else = False
        cond: list[Node] = []
        body: list[Node] = []
        in_body = False
        base = ctx
        kinds = [c.type for c in node.children]
        # An `if … else` always runs one branch: count them (then, each elif, else).
        exhaustive = 1 + kinds.count("elif_clause") + 1 if "else_clause" in kinds else 0
        point = choice(exhaustive)
        for child in node.children:
            t = child.type
            if t == "then":
                self.seq(cond, base, depth)
                cond = []
                in_body = True
            elif t in ("elif_clause", "else_clause", "fi"):
                if in_body:
                    branch = base.alternative(point, len(branches))
                    self.seq(body, branch, depth)
                    branches.append(branch)
                    body, in_body = [], False
                if t == "elif_clause":
                    self.elif_(child, base, branches, depth, point)
                elif t == "else_clause":
                    branch = base.alternative(point, len(branches))
                    self.seq(child.named_children, branch, depth)
                    branches.append(branch)
                    has_else = True
            elif child.is_named:
                (body if in_body else cond).append(child)
        if in_body:
            branch = base.alternative(point, len(branches))
            self.seq(body, branch, depth)
            branches.append(branch)
        elif cond:
            self.seq(cond, base, depth)
        if not branches:
            return
        if has_else:
            first, rest = branches[0], branches[1:]
            first.merge(rest, exclusive=True)
            ctx.become(first)
        else:
            ctx.merge(branches, exclusive=True)

    def elif_(
        self, node: Node, base: Ctx, branches: list[Ctx], depth: int, point: int
    ) -> None:
        cond: list[Node] = []
        body: list[Node] = []
        in_body = False
        for child in node.children:
            if child.type == "then":
                self.seq(cond, base, depth)
                in_body = True
            elif child.is_named:
                (body if in_body else cond).append(child)
        if not in_body:
            self.seq(cond, base, depth)
            return
        branch = base.alternative(point, len(branches))
        self.seq(body, branch, depth)
        branches.append(branch)

    def for_(self, node: Node, ctx: Ctx, depth: int) -> None:
        var = node.child_by_field_name("variable")
        values = node.children_by_field_name("value")
        body = node.child_by_field_name("body")
        for child in node.named_children:
            if child != body and child.type != "variable_name":
                self.substitutions(child, ctx, depth)
        if body is None:
            return
        name = self.src(var) if var is not None else None
        fields: list[Field] = []
        known = var is not None and bool(values)
        for v in values:
            fields.extend(self.expand(v, ctx))
        known = known and all(f.known for f in fields) and len(fields) <= _MAX_LOOP_VALUES
        # Nested loops multiply: past a step-wide number of bodies, one walk with the variable
        # unknown stands for them all.
        known = known and self.w.unrolled + len(fields) <= _MAX_UNROLLED
        exits = self.enter_loop(ctx)
        try:
            if known and name is not None:
                self.w.unrolled += len(fields)
                for f in fields:
                    ctx.state.assign(name, f.value)
                    self.w.held(f.value)
                    self.stmt(body, ctx, depth)
                    if ctx.returned or exits.end_pass(ctx):
                        break
                exits.end_loop(ctx)
                return
            # A loop body may not run at all, or run many times (its choices' branches may
            # each run, one pass after another).
            branch = ctx.alternative(loop_choice(), 0)
            if name is not None:
                branch.state.assign(name, None)
            self.stmt(body, branch, depth)
            exits.end_pass(branch)
            exits.end_loop(branch)
            ctx.merge([branch])
        finally:
            self.w.loops.pop()

    def enter_loop(self, ctx: Ctx) -> LoopExits:
        """Where a `break`/`continue` in the loop about to be walked leaves it (loop_exits)."""
        exits = LoopExits(self.sh, self.w.calls, ctx.subshells)
        self.w.loops.append(exits)
        return exits

    def while_(self, node: Node, ctx: Ctx, depth: int) -> None:
        body = node.child_by_field_name("body")
        # Taken before the condition's `read` reads it (the input of `done < F`, `cat F |`).
        given = self.group_input
        for child in node.named_children:
            if child != body:
                self.seq([child], ctx, depth)
        if body is None:
            return
        exits = self.enter_loop(ctx)
        try:
            self.loop_body(node, body, ctx, depth, given, exits)
        finally:
            self.w.loops.pop()

    def loop_body(
        self,
        node: Node,
        body: Node,
        ctx: Ctx,
        depth: int,
        given: GroupInput | None,
        exits: LoopExits,
    ) -> None:
        """A `while`/`until` loop's body: once per line where `read` reads a known text, else
        once as a branch that may not run."""
        read = self.read_passes(node, body, ctx, given)
        if read is not None:
            # `while read p; do …; done < F` over a text gate holds: the body once per line,
            # with the values `read` gives (gate/shell/read_loop.py).
            names, passes = read
            self.w.unrolled += len(passes.each)
            try:
                for values, rest in zip(passes.each, passes.rest, strict=True):
                    for name, value in zip(names, values, strict=True):
                        ctx.state.assign(name, from_text(value))
                        self.w.held(from_text(value))
                    # A command in the body that reads its input reads the lines after this one
                    # (`while read p; do sh; done < F` runs the rest of F).
                    self.group_input = (True, from_text(rest), None)
                    self.stmt(body, ctx, depth)
                    if ctx.returned:
                        return
                    if exits.end_pass(ctx):
                        break  # the names keep what this pass's line gave them
                else:
                    for name, value in zip(names, passes.final, strict=True):
                        ctx.state.assign(name, from_text(value))
            finally:
                self.group_input = None
                self.take_group_input()
            exits.end_loop(ctx)
            return
        branch = ctx.alternative(loop_choice(), 0)  # may not run, or run many times
        # The body's commands read the loop's input too (what `read` left of it): where gate
        # cannot split it, any of it (a shell there runs what it holds).
        self.group_input = given
        try:
            self.stmt(body, branch, depth)
        finally:
            self.group_input = None
            self.take_group_input()
        exits.end_pass(branch)
        exits.end_loop(branch)
        ctx.merge([branch])

    def read_passes(
        self, node: Node, body: Node, ctx: Ctx, given: GroupInput | None
    ) -> tuple[tuple[str, ...], read_loop.Passes] | None:
        """The names and values of a `while read NAME…` loop over an input gate holds: a
        heredoc or known pipe, or files the step was handed (Run.loop_inputs); else None."""
        if given is None or node.child_count == 0 or node.children[0].type != "while":
            return None
        if self.here_unsure:
            # A here-text holding what gate cannot read (`$X` of an ARG without a value): its
            # text as written is not the data, which may hold any lines and blanks.
            return None
        conds = [c for c in node.named_children if c != body]
        if len(conds) != 1 or conds[0].type != "command":
            return None
        words: list[Field] = []
        ifs = ctx.state.get("IFS")
        for child in conds[0].named_children:
            if child.type == "variable_assignment":
                got = self.assignment(child.start_byte, child.end_byte, ctx)
                if got is None or got[0] != "IFS":
                    return None
                ifs = got[1]
            else:
                words.extend(self.expand(child, ctx))
        if not isinstance(ifs, str) or not all(f.known for f in words):
            return None
        if not words or words[0].value != "read":
            return None
        spec = read_loop.read_spec([to_text(f.value) for f in words[1:]])
        text = self.loop_text(given, ctx)
        if spec is None or text is None:
            return None
        passes = read_loop.passes(text, spec, to_text(ifs))
        if passes is None or self.w.unrolled + len(passes.each) > read_loop.MAX_RECORDS:
            return None
        return spec.names, passes

    def loop_text(self, given: GroupInput, ctx: Ctx) -> str | None:
        """The text a loop's input holds: known text, or the files' texts as the step was
        handed them (absolute paths, as the facts layer resolves them)."""
        if given[1] is not None:
            return to_text(given[1])
        if not given[2] or not self.w.run.loop_inputs:
            return None
        held = dict(self.w.run.loop_inputs)
        texts: list[str] = []
        for name in given[2]:
            path = to_text(name)
            if not path.startswith("/"):
                if not ctx.cwd_known:
                    return None
                folder = to_text(ctx.cwd) if ctx.cwd is not None else self.w.run.workdir
                path = posixpath.join(folder, path)
            text = held.get(posixpath.normpath(path))
            if text is None:
                return None
            texts.append(text)
        return "".join(texts)

    def case(self, node: Node, ctx: Ctx, depth: int) -> None:
        value = node.child_by_field_name("value")
        if value is not None:
            self.substitutions(value, ctx, depth)
        branches: list[Ctx] = []
        catch_all = False
        items = [i for i in node.named_children if i.type == "case_item"]
        if any(c.type in (";&", ";;&") for i in items for c in i.children):
            self.falling_case(items, ctx, depth)
            return
        total = any(self.src(p) == "*" for i in items for p in i.children_by_field_name("value"))
        point = choice(len(items) if total else 0)
        for item in node.named_children:
            if item.type != "case_item":
                continue
            patterns = item.children_by_field_name("value")
            if any(self.src(p) == "*" for p in patterns):
                catch_all = True
            branch = ctx.alternative(point, len(branches))
            self.seq([c for c in item.named_children if c not in patterns], branch, depth)
            branches.append(branch)
        if not branches:
            return
        if catch_all:
            first = branches[0]
            first.merge(branches[1:], exclusive=True)
            ctx.become(first)
        else:
            ctx.merge(branches, exclusive=True)

    def falling_case(self, items: list[Node], ctx: Ctx, depth: int) -> None:
        """A `case` an item of which ends in bash's `;&` (run the next item's body too) or
        `;;&` (test the next patterns too): its bodies are not alternatives of which one runs,
        as a later one may run after an earlier one and read what it wrote. Each is walked in
        turn as a branch that may run (as `if p1; then …; fi; if p2; then …; fi`)."""
        for item in items:
            patterns = item.children_by_field_name("value")
            branch = ctx.alternative(choice(), 0)
            self.seq([c for c in item.named_children if c not in patterns], branch, depth)
            ctx.merge([branch], exclusive=True)

    def error(self, node: Node, ctx: Ctx, depth: int) -> None:
        """Walk what the parser recovered; report text it could not place that may be a command."""
        leftover: list[str] = []
        loose: list[Node] = []
        for child in node.children:
            if child.type in _STATEMENTS or child.type in _SUBST or child.type == "ERROR":
                self.stmt(child, ctx, depth)
            elif child.type in ("comment",):
                continue
            else:
                loose.append(child)
                leftover.append(self.src(child))
        words = [w for w in " ".join(leftover).split() if w not in _KEYWORDS]
        if not self.unreadable and any(_WORDISH.search(w) for w in words):
            self.unreadable = True
            self.w.add_opaque(
                "shell text the parser could not read", self.original(node)[:300], self._line(node)
            )
        for child in loose:
            if child.is_named:
                self.substitutions(child, ctx, depth)

    # -- substitutions -------------------------------------------------------------------------

    def substitutions(self, node: Node, ctx: Ctx, depth: int) -> None:
        """Walk the `$( )`, backticks and `<( )` anywhere under `node` (they run commands)."""
        stack = [node]
        tick = self.w.tick  # every word of every command comes here: most are leaves
        while stack:
            n = stack.pop()
            tick()
            t = n.type
            if t in _SUBST:
                self.substitution(n, ctx, depth)
            elif t in _EXPANSION_TEXT and "`" in (word := self.text[n.start_byte : n.end_byte]):
                if _in_expansion(n):
                    self.expansion_backquotes(n, word, ctx, depth)
            elif t == "ERROR" and n != node:
                self.error(n, ctx, depth)
            elif n.named_child_count:
                stack.extend(reversed(n.named_children))

    def substitution(self, node: Node, ctx: Ctx, depth: int) -> None:
        self.output = self.output_file = None
        in_pipe, piped, piped_file = self.in_pipe, self.piped, self.piped_file
        self.in_pipe, self.piped, self.piped_file = False, None, None
        since = len(self.writes)
        sub = ctx.subshell()
        unescaped = self.backquoted(node)
        got: Printed | None = None
        if unescaped is None:
            self.seq(node.named_children, sub, depth + 1)
        else:
            sh = self.sh
            body = Shell(unescaped, sh.wrappers, self._line(node), True, sh.depth + 1, sh.program)
            got = self.w.script(body, sub, "posix") or Printed(None, None, unescaped)
        run_exit_traps(self.w, sub)
        self.in_pipe, self.piped, self.piped_file = in_pipe, piped, piped_file
        if node.type == "command_substitution":
            inner = self.text[node.start_byte + 2 : node.end_byte - 1].strip("`")
            self.printed[node.start_byte] = (
                node.end_byte,
                got or self.printed_by(node.named_children, ctx, inner, since),
            )
            if unescaped is None and self.text.startswith("$(", node.start_byte):
                self.choosing(node, ctx)
        del self.writes[since:]  # captured: none of it reaches the command's own output
        if node.type == "process_substitution":
            # `bash <(echo …)`: what a single command inside writes is the file the shell reads.
            single = [c for c in node.named_children if c.type != "comment"]
            alone = len(single) == 1 and single[0].type == "command"
            self.proc_output[node.start_byte] = self.output if alone else None
            if alone and self.output_file is not None and len(self.output_file) == 1:
                # `<(cat FILE)` is FILE's text: a program given it reads FILE.
                self.proc_file[node.start_byte] = (node.end_byte, self.output_file[0])

    def choosing(self, node: Node, ctx: Ctx) -> None:
        """`$(if …; then echo A; else echo B; fi)`: the texts it may write (subst_ways.py),
        each taken as one way where a command's word holds it (Posix.variants)."""
        fixed = ctx.copy()  # an expansion that assigns (`${X:=v}`) changes nothing here
        shadows = FolderVars(fixed, self.w.run.workdir, self.w.run.programs).shadows
        found = picks.unpicked(
            lambda: subst_ways.texts(
                [c for c in node.children if c.type not in ("$(", ")")],
                self.src,
                lambda n: self.expand(n, fixed),
                shadows,
            )
        )
        if found is not None:
            self.subst_ways[node.start_byte] = (node.end_byte, found)

    def expansion_backquotes(self, node: Node, word: str, ctx: Ctx, depth: int) -> None:
        """Backquotes in a parameter expansion's word (`${X:-`pip install x`}`, `${X#`…`}`),
        which tree-sitter-bash reads as a plain word: bash and dash run each body where the
        word is expanded (bash 5.2, dash 0.5.12 measured). Each is walked as a substitution's
        unescaped body is; quotes inside the word are not read (a single-quoted backquote
        runs nothing, but is walked too); an unclosed one is text the gate cannot see into."""
        bodies = _backquote_bodies(word)
        sh = self.sh
        if bodies is None:
            self.w.add_opaque("a backquote the gate cannot close", word[:200], self._line(node))
            return
        for body in bodies:
            text = _unescaped(body, _in_double_quotes(node))
            sub = ctx.subshell()
            inner = Shell(text, sh.wrappers, self._line(node), True, sh.depth + 1, sh.program)
            self.w.script(inner, sub, "posix")
            run_exit_traps(self.w, sub)

    def backquoted(self, node: Node) -> str | None:
        """The body of a backquoted substitution as its shell parses it, where that differs
        from the text tree-sitter parsed: bash and dash first take the backslash off `\\`,
        `\\`` and `\\$` there (POSIX 2.6.3), so `` `echo \\`pip install x\\`` `` runs pip
        (tree-sitter read `\\`pip` as a word and the install passed silently). None: not
        backquoted, or nothing escaped."""
        if node.type != "command_substitution" or self.text[node.start_byte] != "`":
            return None
        body = self.text[node.start_byte + 1 : node.end_byte - 1]
        quoted = _in_double_quotes(node)
        if "\\" not in body or not (_DQ_BACKQUOTE_ESCAPE if quoted else _BACKQUOTE_ESCAPE).search(
            body
        ):
            return None
        return _unescaped(body, quoted)

    def printed_by(
        self, nodes: Sequence[Node], ctx: Ctx, source: str, since: int = 0
    ) -> Printed:
        """What the commands just walked (a substitution's, a script's) wrote: one command's
        output as `output_of` and `file_output_of` know it, bash's `< FILE` alone (the file's
        text: `$(< F)`), or what several write in turn (`writes` from `since`, see
        pipes.joined); `source`: their text."""
        single = [c for c in nodes if c.type != "comment"]
        only = single[0] if len(single) == 1 else None
        if only is not None and only.type == "redirected_statement":
            body = only.child_by_field_name("body")
            rest = [c for c in only.named_children if c != body]
            if any(">" in self.src(r) for r in rest):
                return Printed(None, None, source)  # `cat F > /dev/null` writes nothing here
            only = body if body is not None else (rest[0] if len(rest) == 1 else None)
        if only is not None and only.type == "command":
            return Printed(self.output, self.output_file, source)
        op = "" if only is None else next((c.type for c in only.children if not c.is_named), "")
        dest = None if only is None else only.child_by_field_name("destination")
        if only is not None and only.type == "file_redirect" and op == "<" and dest is not None:
            f = expand_single(self.src(dest), self.w.vars(ctx))
            return Printed(None, (f.value,) if f.known else None, source)
        entries = self.writes[since:]
        if not entries:
            return Printed(None, None, source)
        text, files = joined(entries)
        return Printed(text, files, source)

    def redirected(self, node: Node, ctx: Ctx, depth: int, tail: Sequence[Node] = ()) -> None:
        body = node.child_by_field_name("body")
        rest = [*(c for c in node.named_children if c != body), *tail]
        if body is not None and body.type == "command":
            self.command(body, ctx, depth, rest, outer=node)
            return
        if body is not None and body.type in ("list", "pipeline", "negated_command"):
            self.stmt(body, ctx, depth, rest)
            return
        if body is not None and body.type == "function_definition":
            self.define(body, ctx, depth, rest)  # applied where the function runs, not here
            return
        self.opening(rest, ctx, lambda c: self.redirected_other(node, body, rest, c, depth))

    def redirected_other(
        self, node: Node, body: Node | None, rest: list[Node], ctx: Ctx, depth: int
    ) -> None:
        """`> f` alone, `{ …; } > f`, `declare -f > f` (see `redirected`)."""
        if body is not None and body.type in _COMPOUND:
            self.grouped(body, ctx, depth, rest)
            return
        redirects, _ = self.redirects(rest, ctx)
        if body is None:
            # Only redirections (`> file`): the shell opens the file, nothing runs.
            self.opened(redirects, ctx, self.original(node), node.start_point[0])
            return
        since = len(self.writes)
        self.stmt(body, ctx, depth)
        to_files = [r for r in redirects if r.op in _WRITES]
        if body.type == "declaration_command" and to_files and len(self.writes) > since:
            # `declare -f f > F`: F gets the definitions, as `cat > F` fed that text would.
            written = joined(self.writes[since:])
            del self.writes[since:]
            env = dict(ctx.state.env())
            self.call_output(written, to_files, ctx, env, self.original(node),
                             node.start_point[0])  # fmt: skip
            self.writes.append(("", None))

    def opened(self, redirects: list[model.Redirect], ctx: Ctx, text: str, line: int) -> None:
        """Redirections with no command (`> f`, `X=1 > f`): the shell opens each file as
        `: > f` would, so one opened for writing is emptied (`>>` leaves it as it was)."""
        if any(r.op in _WRITES for r in redirects):
            env = dict(ctx.state.env())
            self.w.emit(self.sh, ctx, [Field(":")], env, tuple(redirects), text, line)

    def grouped(self, body: Node, ctx: Ctx, depth: int, rest: Sequence[Node]) -> None:
        """`{ …; } REDIRECTS`, `( … ) REDIRECTS`, also as the last part of a list (`a && { sh;
        } < f`)."""
        redirects, stdin = self.redirects(rest, ctx)
        got = _redirected_input(redirects, stdin, self.here_hidden)
        first = len(self.w.commands)
        outer, outer_unsure = self.group_input, self.here_unsure
        if got is not None:
            # `{ sh; } <<< TEXT`, `(sh) < FILE`: the group's input is what its first reader
            # reads, as a pipe into the group is.
            self.group_input, writer = got
            self.take_group_input()
            self.pipe_source = writer or (self.src(rest[0]) if rest else "")
            inputs = [r for r in redirects if r.op.lstrip("0").startswith("<")]
            self.here_unsure = bool(inputs) and "<<" in inputs[-1].op and (
                inputs[-1].content is None
            )
        try:
            self.stmt(body, ctx, depth)
        finally:
            if got is not None:
                self.group_input, self.here_unsure = outer, outer_unsure
                self.take_group_input()
        plain = body.type in ("compound_statement", "subshell") and _plain_group(body)
        if plain:
            self._group_output(first, redirects)
        # What another kind of compound (`if …; fi > F`, `for …; done > F`, a group holding a
        # call or a branch) writes to stdout, and what any writes to another descriptor (`{ …
        # >&2; } 2> F`), gate does not follow: F is of unknown content (it went unrecorded, so
        # read as holding no options, and `if true; then echo --no-binary :all:; fi > r.txt`
        # passed silently).
        unseen = [
            _as_stdout(r) for r in redirects
            if (not plain and r.op in _WRITES) or _OTHER_FD_WRITE.fullmatch(r.op)
            or _READ_WRITE.fullmatch(r.op)
        ]  # fmt: skip
        if unseen:
            env = dict(ctx.state.env())
            self.call_output((None, None), unseen, ctx, env, self.src(body), body.start_point[0])

    def _group_output(self, first: int, redirects: list[model.Redirect]) -> None:
        """`{ echo a; echo b; } > f`: the file is opened once and every command writes on.

        Given only for groups of plain commands, where the output of each goes to the file:
        the first command gets the group's `>`, the others `>>`, so the fact layer sees what
        the file ends up holding."""
        out = [r for r in redirects if r.op in (">", ">|", "1>", ">>", "1>>", "&>", "&>>")]
        if not out:
            return
        target = out[-1]
        for i in range(first, len(self.w.commands)):
            command = self.w.commands[i]
            op = target.op if i == first or ">>" in target.op else target.op.replace(">", ">>")
            own = (*command.redirects, model.Redirect(op, target.target, target.content))
            self.w.commands[i] = replace(command, redirects=own)

    # -- simple commands -----------------------------------------------------------------------

    def command(
        self,
        node: Node,
        ctx: Ctx,
        depth: int,
        extra_redirects: Sequence[Node],
        outer: Node | None = None,
    ) -> None:
        """One simple command; under noclobber one that `>` a file may not run at all."""
        self.opening([*node.children, *extra_redirects], ctx,
                     lambda c: self.simple(node, c, depth, extra_redirects, outer))  # fmt: skip

    def opening(self, redirects: Sequence[Node], ctx: Ctx, run: Callable[[Ctx], None]) -> None:
        """Run what `redirects` are for. Where `set -C` may be on and one `>` a file, bash and
        dash refuse to open a file that exists, and what they are for does not run (the file
        keeps its text): walked as a branch that may not run, so either text is judged. Where
        one always fails (`> r.txt/`), nothing runs and only those before it are opened."""
        # Only a file redirection can fail so (_always_fails' own first test, made here: the
        # words of every command pass through this list).
        failing = next(
            (
                i
                for i, r in enumerate(redirects)
                if r.type == "file_redirect" and _always_fails(r, self.src)
            ),
            None,
        )
        if failing is not None:
            before = [r for r in redirects[:failing] if r.type.endswith("_redirect")]
            done, _ = self.redirects(before, ctx)
            at = redirects[failing]
            self.opened(done, ctx, self.original(at.parent or at), at.start_point[0])
            return
        if ctx.state.noclobber and any(_clobbers(r, self.src) for r in redirects):
            branch = ctx.alternative(choice(), 0)
            run(branch)
            ctx.merge([branch], exclusive=True)
        else:
            run(ctx)

    def simple(
        self,
        node: Node,
        ctx: Ctx,
        depth: int,
        extra_redirects: Sequence[Node],
        outer: Node | None = None,
    ) -> None:
        word_nodes: list[Node] = []
        redirect_nodes: list[Node] = []
        # The node's own children come in source order; words taken from a redirection or
        # from the statement around it (`extra_redirects`) may not, and are sorted in.
        moved = bool(extra_redirects)
        for child in [*node.children, *extra_redirects] if moved else node.children:
            t = child.type
            if t.endswith("_redirect") or t == "ERROR":
                redirect_nodes.append(child)
                if t == "file_redirect":
                    # tree-sitter-bash gives a redirection every word after it as a
                    # destination (`pip install a>=1 b`); the shell takes one, the rest are
                    # arguments.
                    extra = child.children_by_field_name("destination")[1:]
                    if extra:
                        word_nodes.extend(extra)
                        moved = True
            elif child.is_named and t != "comment":
                word_nodes.append(child)
        if moved:
            word_nodes.sort(key=lambda n: n.start_byte)
        # tree-sitter-bash reads `0<` (only fd 0) as a word `0` and a `<` redirection: the
        # word is the descriptor, which `<` means anyway.
        inputs = (
            {r.start_byte for r in redirect_nodes if self.src(r).startswith("<")}
            if redirect_nodes
            else None
        )
        if inputs:
            word_nodes = [
                w
                for w in word_nodes
                if not (w.type == "number" and w.end_byte in inputs and self.src(w) == "0")
            ]
        # Command substitutions in the prefix values and words ran before the command.
        spans = self.spans(word_nodes, ctx, depth)
        assigned: list[tuple[str, str | None]] = []
        words: list[tuple[int, int, bool]] = []
        # `A=1 B=$A cmd`: a prefix value sees the prefixes before it, the words do not.
        prefix_ctx = ctx
        for start, end, proc in spans:
            got = None if words else self.assignment(start, end, prefix_ctx)
            if got is not None:
                if got[0]:
                    assigned.append(got)
                    prefix_ctx = ctx.copy() if prefix_ctx is ctx else prefix_ctx
                    prefix_ctx.state.assign(*got)
            else:
                words.append((start, end, proc))
        env_prefix: dict[str, str | None] = {}
        argv: list[Field] = []
        for start, end, proc in words:
            argv.extend(self.expand_span(start, end, ctx, proc))
        redirects, stdin = self.redirects(redirect_nodes, ctx)
        hidden = self.here_hidden
        src_node = outer if outer is not None else node
        text = self.original(src_node)
        line = src_node.start_point[0]
        ran_output = False
        if argv and ctx.functions and not argv[0].known:
            # `"$cmd"`, `"$(cat F)"`, `$(…) ARGS`: the word may name any function of this shell.
            for maybe in ctx.functions.values():
                maybe.exposed = True
        if len(word_nodes) == 1 and len(argv) == 1 and not argv[0].known and not assigned:
            as_sh = self.output_as_command(word_nodes[0], redirects, text, line)
            if as_sh is not None:
                argv, stdin, hidden = [Field("sh")], as_sh.body, as_sh.hidden
                redirects.extend(as_sh.redirects)
                ran_output = True
        if not argv:
            # Assignments alone (after expansion left no words) change the shell itself.
            for name, value in assigned:
                ctx.state.assign(name, value)
            self.opened(redirects, ctx, text, line)
            return
        for name, value in assigned:
            env_prefix[name] = None if value is None else to_text(value)
        env = dict(ctx.state.env())
        env.update(env_prefix)
        head = self.text[words[0][0] : words[0][1]] if words else ""
        if argv[0].known and may_name_installer(head, argv[0].value):
            self.w.add_opaque(
                "a glob names the program: it may match an installer", text, self.sh.at(line)
            )
        if argv[0].known and ctx.functions:
            # `[f]`, `?`: a file of that name in the folder makes it a call of function f.
            for called in may_name(head, argv[0].value, ctx.functions):
                ctx.functions[called].exposed = True
        if argv[0].known and argv[0].value in ctx.hashed:
            path = ctx.hashed[argv[0].value]
            if path is None:
                self.w.add_opaque("`hash -p` made this name run a program the gate cannot see",
                                  text, self.sh.at(line))  # fmt: skip
                return
            argv[0] = Field(path)
        if self.alias(argv, words, ctx, src_node, text, line):
            return
        function = ctx.functions.get(argv[0].value) if argv[0].known else None
        # An unknown first word exposed every function above (`argv[0]` is still that word).
        runs_words = argv[0].known and argv[0].value in _RUNS_ITS_WORDS
        if runs_words and self.sh.program not in TIME_PROGRAM_SHELLS:
            # bash's `coproc f`, `coproc NAME { f; }` and (where sh is bash) `time f` run a
            # function the words name; gate reads them as programs.
            named = set(_WORD.findall(text))
            for called, maybe in ctx.functions.items():
                if called in named or not all(a.known for a in argv):
                    maybe.exposed = True
        if function is not None:
            given = self.call_input(redirects, stdin, hidden)
            body = function.posix
            since = len(body.writes)
            held = ctx.state.cover(assigned)
            try:
                self.call(function, argv[1:], ctx, text, line, given)
            finally:
                ctx.state.uncover(held)  # a function call's prefixes end with it in every shell
            # What the call writes is what its commands write in turn (`f() { cat F; echo hi;
            # }; f | sh` runs F and `hi`), unknown when the definition sends it elsewhere.
            entries = body.writes[since:]
            del body.writes[since:]
            elsewhere = any(">" in body.src(r) for r in function.redirects)
            written = joined(entries) if entries and not elsewhere else (None, None)
            to_files = [r for r in redirects if r.op in _WRITES]
            if to_files:
                # `f &> F` also gets what the call writes to stderr, which gate does not follow.
                both = any(r.op.startswith("&") for r in to_files)
                self.call_output((None, None) if both else written, to_files, ctx, env, text,
                                 line)  # fmt: skip
                written = ("", None)  # nothing of it reaches a pipe
            if other := [_as_stdout(r) for r in redirects if _OTHER_FD_WRITE.fullmatch(r.op)]:
                # `f 2> F`: F gets what the call writes to that descriptor (`echo … >&2`), which
                # gate does not follow: text of unknown content (it went unrecorded).
                self.call_output((None, None), other, ctx, env, text, line)
            self.output, self.output_file = written
            self.writes.append(written)
            if given is not None and self.in_pipe and self.group_input is not None:
                self.group_input = None  # the call read its group's input: none is left
            self.take_group_input()
            if argv[0].value not in ctx.unsure:
                return
            # The function may not be there (defined in a branch, `unset -f "$X"`): the
            # program of that name may run instead.
        piped = self.in_pipe and not any(
            r.op.endswith("<") or "<<" in r.op or r.op in ("<+", model.PIPE_IN) for r in redirects
        )
        if piped and stdin is None:
            stdin = self.piped
            if stdin is not None:
                # What the pipe carries travels with the command, as a heredoc's body does:
                # `… | tee f` writes it, `… | python3` runs it as code.
                redirects.append(model.Redirect("|", None, to_text(stdin)))
            elif self.piped_file is not None:
                # `cat FILE | sh`: it reads FILE, as `sh < FILE` does (the facts layer has the
                # build's files); `cat A B | sh` reads A's text, then B's ("<+", in order).
                op = "<" if len(self.piped_file) == 1 else "<+"
                redirects.extend(
                    model.Redirect(op, model.Word(to_text(f))) for f in self.piped_file
                )
            else:
                # A pipe of unknown text (`curl URL | tee f`): the facts layer knows what the
                # command before it downloads.
                redirects.append(model.Redirect(model.PIPE_IN, None))
        unseen = ""  # why the text on its stdin cannot be seen, when it cannot
        # `sed … s.py | python3`: code an interpreter reads from a pipe gate cannot read.
        code_unseen = stdin is None and piped and _hides_code(self.pipe_source)
        if stdin is None and piped and (
            _hides_script(self.pipe_source)
            or (self.piped_file is None and _cats_a_file(self.pipe_source))
        ):
            # The second: `cat "$X" | sh`, `cat /d/*.sh "$X" | sh`: a file gate cannot name, so
            # no file reaches the facts layer (silent before, though `sh < "$X"` is unknown).
            unseen = "a shell runs a script from a pipe the gate cannot see"
        elif hidden and _hides_script(hidden):
            # `sh <<< "$(base64 -d …)"` is `base64 -d … | sh`; so is a heredoc's line of it
            # (the rest of the heredoc is walked as well).
            unseen = "a shell runs what a command substitution writes, which the gate cannot see"
        elif stdin is None and redirects and any(
            r.op in ("<&", "0<&") and (r.target is None or r.target.value not in ("0", "-"))
            for r in redirects
        ):
            # `bash <&3`: input from another descriptor (`exec 3<<<…`), which is not followed.
            unseen = "a shell runs a script from a descriptor the gate does not follow"
        elif stdin is None and redirects and any(
            r.target is not None and r.target.value.startswith("<(")
            for r in [r for r in redirects if r.op in ("<", "0<")][-1:]
        ):
            # `sh < <(curl …)`: input from a process substitution whose output is not known.
            unseen = "a shell runs a script from a process substitution the gate cannot see"
        elif stdin is None and not piped and ctx.stdin_moved and not _reads_input(redirects):
            unseen = "a shell runs a script from the input `exec` redirected, not followed"
        if argv[0].known and argv[0].value == "exec" and len(argv) == 1 and _reads_input(redirects):
            ctx.stdin_moved = True
            self.group_input = None  # `{ exec < f; sh; } < g`: sh reads f
        piped_file = self.piped_file if piped else None
        # Only the first command of a part reads the pipe. A compound command's input (`{ a;
        # sh; } < f`) passes commands that never read input on to the next one.
        if self.group_input is not None and piped and not _leaves_input(argv):
            self.group_input = None  # this command reads the input: the ones after get none
        self.take_group_input()
        if self.piped is not None:
            charge(len(self.piped))  # offered again, and judged again by the next command
        self.output = output_of(argv, stdin)
        if self.output is None and self.w.run.loop_inputs:
            # `grep -v '^#' F | while read p; …`: what a line filter of a handed file writes.
            folder = None
            if ctx.cwd_known:
                folder = to_text(ctx.cwd) if ctx.cwd is not None else self.w.run.workdir
            kept = piped_filters.output(argv, redirects, stdin, self.w.run.loop_inputs, folder)
            self.output = None if kept is None else from_text(kept)
        self.output_file = _resolved(file_output_of(argv, redirects, piped_file), ctx)
        if (redirects and any(_to_stdout_elsewhere(r) for r in redirects)) or (
            self.output is None and self.output_file is None and writes_nothing(argv)
        ):
            self.writes.append(("", None))
        else:
            self.writes.append((self.output, self.output_file))
        if assigned and argv[0].known and argv[0].value in ("eval", ".", "source"):
            self.eval_covered(assigned, argv, ctx, text, line, env, tuple(redirects), stdin, unseen)
            return
        handled = self.w.builtin(argv, ctx, self.sh, text, line, env, tuple(redirects))
        if assigned and argv[0].known and argv[0].value in _SPECIAL_BUILTINS and (
            argv[0].value != "exec" or len(argv) == 1
        ):
            self.special_kept(assigned, argv, ctx)
        if handled:
            return
        stdin_script: tuple[str, Dialect] | None = None if stdin is None else (stdin, "posix")
        variants = None if ran_output else self.variants(words, ctx, env_prefix, text, line)
        if variants is None:
            variants = [(ctx, argv, env)]
        for vctx, vargv, venv in variants:
            self.w.emit(
                self.sh, vctx, vargv, venv, tuple(redirects), text, line, stdin_script, unseen,
                code_unseen,
            )  # fmt: skip
        self.shell_reads_file(argv, words, env, ctx, text, line)
        self.shell_reads_stdin_file(argv, env, ctx, text, line, stdin, unseen)

    def eval_covered(
        self,
        assigned: list[tuple[str, str | None]],
        argv: list[Field],
        ctx: Ctx,
        text: str,
        line: int,
        env: dict[str, str | None],
        redirects: tuple[model.Redirect, ...],
        stdin: str | None,
        unseen: str,
    ) -> None:
        """`A=1 eval TEXT`, `A=1 . FILE`: TEXT (FILE's commands) runs with A exported
        (State.cover). Afterwards bash puts A back; dash and busybox ash keep `A=1` (eval and `.`
        are special builtins), exported only if A was. Under any shell but bash both are possible
        (/bin/sh is bash on some bases), so what follows sees one of the two."""
        held = ctx.state.cover(assigned)
        try:
            if argv[0].value != "eval":
                # `A= . FILE`: the facts layer walks a FILE the build holds with `env`; `A= .
                # /dev/stdin <<EOF` is walked here, in this shell (covered).
                self.w.builtin(argv, ctx, self.sh, text, line, env, redirects)
                script: tuple[str, Dialect] | None = None if stdin is None else (stdin, "posix")
                self.w.emit(self.sh, ctx, argv, env, redirects, text, line, script, unseen)
                self.shell_reads_stdin_file(argv, env, ctx, text, line, stdin, unseen)
            elif not self.w.builtin(argv, ctx, self.sh, text, line, env, redirects):
                self.w.emit(self.sh, ctx, argv, env, redirects, text, line)
        finally:
            kept = None
            if self.keeps_special_assignments(ctx):
                kept = ctx.state.copy()
                for h in held:
                    if not h.exported:
                        kept.unexport(h.name)
            ctx.state.uncover(held)
            if kept is not None:
                ctx.state.merge([kept], exclusive=True)

    def keeps_special_assignments(self, ctx: Ctx) -> bool:
        """Whether a special builtin's prefix assignments may stay in this shell: any shell but
        bash, and bash in POSIX mode (`set -o posix`, `--posix`, POSIXLY_CORRECT, SHELLOPTS
        naming posix; bash 5.2 measured: `set -o posix; O=a; O=b :` leaves b). gate keeps
        `set -o posix` as it keeps `shopt -s expand_aliases` (Ctx.expand_aliases): either
        may be on."""
        return self.sh.program != "bash" or ctx.expand_aliases or _posix_mode(ctx.state)

    def special_kept(
        self, assigned: list[tuple[str, str | None]], argv: list[Field], ctx: Ctx
    ) -> None:
        """`A=1 :`, `A=1 export B`, `A=1 set --`, … before a special builtin: dash and busybox
        ash keep `A=1` in the shell afterwards, bash in POSIX mode (bash as sh) keeps and
        exports it, bash does neither (dash 0.5.12, busybox 1.35, bash 5.2 measured). Under any
        shell but bash, what follows sees one of the two (exported: the wider reading)."""
        if not self.keeps_special_assignments(ctx):
            return
        kept = ctx.state.copy()
        named = {a.value for a in argv[1:]} if argv[0].value == "unset" else set()
        for name, value in assigned:
            if name in named or (argv[0].value == "unset" and not all(a.known for a in argv[1:])):
                continue  # `A=1 unset A`: gone
            kept.export(name, value)
        ctx.state.merge([kept], exclusive=True)

    def output_as_command(
        self, word: Node, redirects: Sequence[model.Redirect], text: str, line: int
    ) -> Opened | None:
        """`$(cat F)` (or `` `cat F` ``, `"$(< F)"`) alone as a command whose output the gate
        cannot expand: its words are the command line. It is judged as a shell reading that
        output, as `sh <<< "$(cat F)"` is (F's text run as a script; the shell only splits it
        into words, so this reads more commands into it than run, never fewer), its known
        text, or a pipe from the command. None when the word is not one substitution."""
        if word.type == "command_name":
            word = word.named_children[0] if word.named_child_count == 1 else word
        sub = here_text.whole_substitution([word])
        if sub is None:
            return None
        if _reads_input(redirects):
            # `$(cat F) < G`: G is the program's data, and the program is not known.
            self.w.add_opaque(
                "a command line the gate cannot see comes from a command substitution",
                text,
                self.sh.at(line),
            )
            return None
        got = self.printed.get(sub.start_byte)
        printed = got[1] if got is not None and got[0] == sub.end_byte else None
        return here_text.as_input(printed, "", self.src(sub))

    def alias(
        self,
        argv: list[Field],
        words: list[tuple[int, int, bool]],
        ctx: Ctx,
        src_node: Node,
        text: str,
        line: int,
    ) -> bool:
        """`alias p=pip` on an earlier line, then `p install x`: the alias text replaces the
        word and the line is read again. dash, ash and bash as `sh` expand aliases in scripts;
        bash only after `shopt -s expand_aliases`."""
        if not ctx.aliases or not words or not argv[0].known:
            return False
        head = self.text[words[0][0] : words[0][1]]
        got = ctx.aliases.get(head)
        if got is None or not (
            self.sh.program in _ALIAS_SHELLS or ctx.expand_aliases or _posix_mode(ctx.state)
        ):
            return False
        value, where, defined = got
        if where is self.sh.text and line <= defined:
            return False  # defined on this line: the shell had read it before the alias ran
        at = self.sh.at(line)
        if value is None:
            self.w.add_opaque("an alias the gate cannot see runs here", text, at)
            return True
        # A value ending in a blank has the next word expanded too, if an alias (dash 0.5.12,
        # bash 5.2: `alias pi='pip install ' nb='--no-binary'; pi nb :all: x`), and so on.
        parts, pos, names, k = [value], words[0][1], [head], 1
        while parts[-1][-1:] in (" ", "\t") and k < len(words):
            start, end, _ = words[k]
            name = self.text[start:end]
            nxt = ctx.aliases.get(name)
            if nxt is None or name in names or (nxt[1] is self.sh.text and line <= nxt[2]):
                break
            if nxt[0] is None:
                self.w.add_opaque("an alias the gate cannot see runs here", text, at)
                return True
            parts += [self.sh.text[pos:start], nxt[0]]
            pos, k = end, k + 1
            names.append(name)
        body = "".join(parts) + self.sh.text[pos : src_node.end_byte]
        held = {name: ctx.aliases.pop(name) for name in names}  # not expanded in their text
        try:
            inner = Shell(body, (*self.sh.wrappers, f"alias {head}"), at, True,
                          self.sh.depth + 1, self.sh.program)  # fmt: skip
            self.w.script(inner, ctx, "posix")
        finally:
            for name, kept in held.items():
                ctx.aliases.setdefault(name, kept)
        return True

    def variants(
        self,
        words: list[tuple[int, int, bool]],
        ctx: Ctx,
        prefix: dict[str, str | None],
        text: str,
        line: int,
    ) -> list[tuple[Ctx, list[Field], dict[str, str | None]]] | None:
        """The command once per combination of values its variables may hold (variants.py),
        duplicates dropped; None when it is expanded once, in `ctx`."""
        got = command_states(ctx.state, [self.text[s:e] for s, e, _ in words])
        choosing = any(
            _may_choose(self.text[s:e], bool(self.subst_ways)) for s, e, _ in words
        )
        if got is None and not choosing:
            return None
        states, defaulted = got if got is not None else ([ctx.state], False)
        # Ways standing in other folders are alternatives of one choice point (State.folder_point).
        folders: list[Folder] = []
        if len({(s.cwd, s.cwd_known) for s in states}) > 1:
            point, folders = ctx.state.folder_point(choice)
        if defaulted and len(words) == 1:
            # `${INSTALL:-pip install x}` alone: the base image may set INSTALL to anything.
            self.w.add_opaque(
                "a command line the gate cannot see comes from a variable", text, self.sh.at(line)
            )
        out: list[tuple[Ctx, list[Field], dict[str, str | None]]] = []
        seen: set[
            tuple[tuple[Field, ...], tuple[tuple[str, str | None], ...], str | None, object]
        ] = set()
        unfollowed = False
        self.chose = False
        for fixed in states:
            vctx = ctx.copy()
            vctx.state = fixed
            if (fixed.cwd, fixed.cwd_known) in folders:
                vctx.branch = (*ctx.branch, (point, folders.index((fixed.cwd, fixed.cwd_known))))
            argvs = self.chosen_argvs(words, vctx, choosing, len(states))
            if argvs is None:
                argvs = [[f for s, e, p in words for f in self.expand_span(s, e, vctx, p)]]
                unfollowed = unfollowed or self.ways_unfollowed(argvs[0], text, line)
            for argv in argvs:
                env = {**fixed.env(), **prefix}
                key = (
                    tuple(argv),
                    tuple(sorted(env.items())),
                    fixed.venv,
                    (fixed.cwd, fixed.cwd_known),
                )
                if argv and key not in seen:
                    seen.add(key)
                    # Each way its own Ctx: its variant number (below) is its own.
                    shared = any(c is vctx for c, _, _ in out)
                    out.append((vctx.copy() if shared else vctx, argv, env))
        if got is None and not self.chose:
            return None  # no choice point met: the command as expanded, in its own Ctx
        if len(out) > 1:
            group = variant_group()
            for index, (vctx, _, _) in enumerate(out):
                vctx.variant = (group, index)
        return out or None

    def ways_unfollowed(self, argv: list[Field], text: str, line: int) -> bool:
        """Past picks.MAX_WAYS, a conditional word left unknown that names an installer
        (`${M:+pip install} flask` among many others) is said: as one unknown word it would
        not read as an installer and its verb."""
        named = any(
            not f.known and "${" in f.value and _NAMES_INSTALLER.search(f.value) for f in argv
        )
        if named:
            self.w.add_opaque(
                "a conditional word naming an installer takes more ways than the gate follows",
                text,
                self.sh.at(line),
            )
        return named

    def chosen_argvs(
        self, words: list[tuple[int, int, bool]], vctx: Ctx, choosing: bool, states: int = 1
    ) -> list[list[Field]] | None:
        """The command's words once per way its choice points may go (picks.py); None past
        picks.MAX_WAYS ways for all `states` together. Each way expands in its own copy of the
        state: an assignment in one (`${A:+${B:=x}}`) is not another's."""
        if choosing and states > picks.MAX_WAYS // 2:
            return None
        if choosing:
            state = vctx.state

            def expanded() -> list[Field]:
                vctx.state = state.copy()
                return [f for s, e, proc in words for f in self.expand_span(s, e, vctx, proc)]

            ways = picks.ways(expanded, picks.MAX_WAYS // states)
            vctx.state = state
            if ways is None:
                return None
            self.chose = self.chose or ways[1]
            return ways[0]
        return [[f for s, e, proc in words for f in self.expand_span(s, e, vctx, proc)]]

    def shell_reads_file(
        self,
        argv: list[Field],
        words: list[tuple[int, int, bool]],
        env: dict[str, str | None],
        ctx: Ctx,
        text: str,
        line: int,
    ) -> None:
        """`bash <(echo …)`: the shell runs what the process substitution writes."""
        if not argv[0].known or program_name(argv[0].value) not in POSIX_SHELLS:
            return
        k = _first_operand(argv)
        if k is None or k >= len(argv) or argv[k].known or not argv[k].value.startswith("<("):
            return
        start = next((s for s, e, proc in words if proc and self.text[s:e] == argv[k].value), None)
        if start is None:
            return
        body, at, name = self.proc_output.get(start), self.sh.at(line), program_name(argv[0].value)
        if body is None:
            self.w.add_opaque("a shell runs a script the gate cannot see", text, at)
            return
        env = passed_env(argv, env)
        state = State.from_env(env)
        rest = argv[k + 1 :]
        state.positional = tuple(a.value for a in rest) if all(a.known for a in rest) else None
        wrappers = (*self.sh.wrappers, f"{name} <(...)")
        inner = Shell(body, wrappers, at, True, self.sh.depth + 1, name)
        shell = ctx.nested(state)
        import_into(self.w, shell, argv, env, inner)
        self.w.script(inner, shell, "posix")
        run_exit_traps(self.w, shell)

    def shell_reads_stdin_file(
        self,
        argv: list[Field],
        env: dict[str, str | None],
        ctx: Ctx,
        text: str,
        line: int,
        stdin: str | None,
        unseen: str,
    ) -> None:
        """`sh /dev/stdin <<< …`, `echo … | source /dev/stdin`: the script file is the input."""
        if not argv[0].known:
            return
        name = program_name(argv[0].value)
        k = 1 if name in (".", "source") else _first_operand(argv)
        if name not in POSIX_SHELLS and name not in (".", "source"):
            return
        if k is not None and k < len(argv) and argv[k].known and _OTHER_FD_FILE.fullmatch(
            argv[k].value
        ):
            unseen = "a shell runs a script from a descriptor the gate does not follow"
            self.w.add_opaque(unseen, text, self.sh.at(line))
            return
        if k is None or k >= len(argv) or not argv[k].known:
            return
        if argv[k].value not in model.STDIN_PATHS:
            return
        at = self.sh.at(line)
        if stdin is None:
            # A pipe from a download or a file is judged there, like `curl … | sh`; RUN's own
            # stdin is empty.
            if unseen:
                self.w.add_opaque(unseen, text, at)
            return
        sourced = name in (".", "source")
        if not sourced:
            env = passed_env(argv, env)
        state = State.from_env(env) if not sourced else ctx.state
        rest = argv[k + 1 :]
        if not sourced or rest:
            state.positional = tuple(a.value for a in rest) if all(a.known for a in rest) else None
        inner = Shell(stdin, (*self.sh.wrappers, f"{name} {argv[k].value}"), at, True,
                      self.sh.depth + 1, name)  # fmt: skip
        shell = ctx.nested(state)
        if sourced:
            # This very shell reads it: its functions are there (`echo f | . /dev/stdin`).
            shell.functions, shell.unsure = ctx.functions, ctx.unsure
        else:
            import_into(self.w, shell, argv, env, inner)
        self.w.script(inner, shell, "posix")
        run_exit_traps(self.w, shell)


# `[` with no blank after it opens a glob word (`[p]ip`), not the test command `[ … ]`.
_GLOB_WORD = re.compile(r"\[(?![\s\[])")
# Words that run the command after them in this shell (bash), which gate reads as programs.
_RUNS_ITS_WORDS = frozenset({"coproc", "time"})
_WORD = re.compile(r"[^\s;&|(){}<>'\"`$\\]+")


def _posix_mode(state: State) -> bool:
    """bash may be in POSIX mode, or expand aliases, by its variables: POSIXLY_CORRECT set
    (`declare POSIXLY_CORRECT=`, in the environment it started with), or started with
    BASHOPTS naming expand_aliases or SHELLOPTS naming posix (values gate cannot read may)."""
    correct = state.get("POSIXLY_CORRECT")
    if correct is None or isinstance(correct, str):
        return True
    for name, option in (("BASHOPTS", "expand_aliases"), ("SHELLOPTS", "posix")):
        value = state.get(name)
        if value is None or (isinstance(value, str) and option in to_text(value).split(":")):
            return True
    return False


# POSIX special builtins whose prefix assignments the shell keeps (eval and `.` are walked
# with theirs in eval_covered; exec with a program ends the shell; exit ends it).
_SPECIAL_BUILTINS = frozenset(
    {":", "export", "readonly", "set", "shift", "trap", "times", "unset", "return", "break",
     "continue", "exec"}
)  # fmt: skip

# Redirections `>` opens without truncating a regular file, which noclobber lets through.
_NOT_FILES = frozenset({"/dev/null", "/dev/stdout", "/dev/stderr", "/dev/tty"})


def _always_fails(redirect: Node, src: Callable[[Node], str]) -> bool:
    """A redirection that opens for writing a path ending in `/`, `/.` or `/..` (`> r.txt/`):
    the open fails whatever is there (EISDIR or ENOTDIR; bash 5.2, dash 0.5.12, busybox 1.35
    measured with `>`, `>>`, `>|`, `<>`, `&>` onto a file, a folder and a missing name), so
    the command does not run and the redirections after it are not opened."""
    if redirect.type != "file_redirect":
        return False
    op_node = next((c for c in redirect.children if not c.is_named), None)
    op = op_node.type if op_node is not None else ""
    dest = redirect.child_by_field_name("destination")
    if op not in (">", ">>", ">|", "&>", "&>>", ">&", "<") or dest is None:
        return False
    if op == "<" and not (op_node is not None and read_write(op_node)):
        return False
    target = src(dest).replace('"', "").replace("'", "")
    if op == ">&" and re.fullmatch(r"[0-9]*-?", target) is not None:
        return False
    last = target.rsplit("/", 1)[-1]
    return last in ("", ".", "..") and target not in ("", "-")


def _clobbers(redirect: Node, src: Callable[[Node], str]) -> bool:
    """A redirection noclobber refuses onto an existing file: `>`, `N>`, `&>`, `>& FILE` (not
    `>|`, `>>`, a descriptor or a device)."""
    if redirect.type != "file_redirect":
        return False
    op = next((c.type for c in redirect.children if not c.is_named), "")
    dest = redirect.child_by_field_name("destination")
    target = src(dest) if dest is not None else ""
    if op not in (">", "&>", ">&") or target in _NOT_FILES or target.startswith("/dev/fd/"):
        return False
    return not (op == ">&" and re.fullmatch(r"[0-9]*-?", target) is not None)


def _unlocal(ctx: Ctx, made: dict[str, Local]) -> None:
    """A function has returned: its locals are what they were before it (bash, dash, busybox
    ash measured: `X=g; f() { local X=l; }; f` leaves g, also where the body exported or unset
    X). One made local in a branch of the body may instead be what the body set it to."""
    if not made:
        return
    partly = ctx.state.copy() if any(p for _, p, _ in made.values()) else None
    ctx.state.uncover([h for h, _, _ in made.values()])
    for name, (_, _, attr) in made.items():
        ctx.state.attrs.pop(name, None)
        if attr is not None:
            ctx.state.attrs[name] = attr
    if partly is not None:
        for h, p, _ in made.values():
            if not p:
                partly.uncover([h])
        ctx.state.merge([partly], exclusive=True)


def _to_stdout_elsewhere(redirect: model.Redirect) -> bool:
    """The redirection sends the command's standard output to a file or descriptor."""
    if redirect.op in _WRITES:
        return True
    return redirect.op in (">&", "1>&") and redirect.target is not None and (
        redirect.target.value not in ("1", "-")
    )


def _resolved(files: tuple[str, ...] | None, ctx: Ctx) -> tuple[str, ...] | None:
    """Files a command wrote, named from where it ran (`cd d && cat F`: d/F), relative to the
    step's folder when the walk did not change it; unknown when it went somewhere unknown."""
    if files is None or ctx.cwd is None:
        return files
    if not ctx.cwd_known:
        return files if all(f.startswith("/") for f in files) else None
    return tuple(posixpath.normpath(posixpath.join(ctx.cwd, f)) for f in files)


def _redirected_input(
    redirects: Sequence[model.Redirect], stdin: str | None, hidden: str
) -> tuple[GroupInput, str] | None:
    """The input redirections give a compound command or a function call, and the text of what
    writes it when that is not known (`cat F`: judged where F is run, as `cat F | sh` is;
    `hidden`: the writer of a here-text's substitution); None without an input redirection."""
    inputs = [r for r in redirects if r.op in ("<", "0<", "<+", model.PIPE_IN) or "<<" in r.op]
    if not inputs:
        return None
    last = inputs[-1]
    named: list[model.Redirect] = [last]
    if last.op == "<+":  # `<<< "$(cat A B)"`: A's text, then B's
        named = list(itertools.takewhile(lambda r: r.op == "<+", reversed(inputs)))[::-1]
    known = stdin is None and last.op != model.PIPE_IN
    targets = [r.target for r in named]
    files = (
        tuple(from_text(t.value) for t in targets if t is not None)
        if known and all(t is not None and t.known for t in targets)
        else None
    )
    if files:
        return (True, stdin, files), f"cat {' '.join(files)}"
    return (True, stdin, None), hidden if last.op == model.PIPE_IN else ""


# An installer's name inside a word (`${M:+pip install}`), for ways_unfollowed.
_NAMES_INSTALLER = re.compile(
    r"(?<![\w.-])(?:pip[\d.]*|python[\d.]*|pypy3|uvx?|pipx|poetry|pipenv|pdm|easy_install)"
    r"(?![\w-])"
)


def _may_choose(word: str, substitutions: bool) -> bool:
    """The word may hold a choice point picks.py takes each way: `${X:+…}`, `${X+…}`, or a
    `$(…)` when the script has one that chooses among texts (`substitutions`)."""
    return (substitutions and "$(" in word) or ("${" in word and "+" in word)


def _reads_input(redirects: Sequence[model.Redirect]) -> bool:
    """Some redirection gives the command's standard input (`< f`, `0<<<t`, `<<EOF`, `<&3`)."""
    return any(reads_input(r) for r in redirects)
# A script read from a descriptor other than stdin (`bash /dev/fd/3 3<<<…`).
_OTHER_FD_FILE = re.compile(r"/(?:dev|proc/self)/fd/(?:[1-9][0-9]*)")
# Paths through which a program reads its standard input as a file.


def _first_operand(argv: Sequence[Field]) -> int | None:
    """Index of a shell's script-file operand (`bash -e FILE`), None when it reads -c or stdin."""
    for i, f in enumerate(argv[1:], 1):
        if not f.known or not f.value.startswith(("-", "+")) or f.value in ("-", "--"):
            return i + 1 if f.known and f.value == "--" else i
        if "c" in f.value[1:] and not f.value.startswith("--"):
            return None
    return None


# Programs that never read their standard input: a compound command's input passes them by
# (`{ echo start; sh; } < f`: sh reads f). Any other program may read it all.
_NO_STDIN = frozenset({
    "echo", "printf", "true", "false", ":", "cd", "export", "set", "unset", "mkdir", "rm", "ln",
    "cp", "mv", "chmod", "chown", "touch", "test", "[", "[[", "sleep", "shift", "local",
    "declare", "readonly", "umask", "hash", "type", "command", "which", "pwd", "ls", "exit",
    "return", "break", "continue", "wait", "trap", "alias", "apt-get", "apk", "dnf", "yum",
})  # fmt: skip


def _leaves_input(argv: Sequence[Field]) -> bool:
    return bool(argv) and argv[0].known and program_name(argv[0].value) in _NO_STDIN


# Commands made of commands, whose redirections every command inside shares.
_COMPOUND = frozenset({
    "compound_statement", "subshell", "if_statement", "for_statement", "c_style_for_statement",
    "while_statement", "case_statement",
})  # fmt: skip


def _plain_group(body: Node) -> bool:
    """A `{ }` or `( )` group of simple commands only, none redirected or substituting."""
    stack = list(body.named_children)
    count = 0
    while stack:
        n = stack.pop()
        count += 1
        if count > 200 or n.type in _SUBST or n.type.endswith("redirect") or n.type in (
            "pipeline", "list", "redirected_statement", "subshell", "compound_statement",
            "if_statement", "for_statement", "while_statement", "case_statement", "ERROR",
            "function_definition", "c_style_for_statement",
        ):  # fmt: skip
            return False
        stack.extend(n.named_children)
    return True


def _pipeline_parts(node: Node) -> tuple[list[Node], list[tuple[str, Node]]]:
    """A pipeline's parts, and the `&&`/`||` operands that follow the whole pipeline.

    tree-sitter-bash reads `a | b | c && d` as `a | (b | c && d)`; bash runs `(a | b | c) && d`,
    so `d` (an `export`, a `cd`) runs in the shell itself, not in a pipeline's subshell. The
    last part's leading list is taken apart: its first operand joins the pipeline, the rest
    follow it.
    """
    parts = [c for c in node.named_children if c.type != "comment"]
    after: list[tuple[str, Node]] = []
    while parts and parts[-1].type == "list":
        first, rest = _list_head(parts.pop())
        after = [*rest, *after]
        if first.type == "pipeline":
            more, tail = _pipeline_parts(first)
            parts.extend(more)
            after = [*tail, *after]
        else:
            parts.append(first)
    return parts, after


def _list_head(node: Node) -> tuple[Node, list[tuple[str, Node]]]:
    """A list's leftmost operand, and each later operand with the operator before it."""
    children = [c for c in node.children if c.type != "comment"]
    named = [c for c in children if c.is_named]
    if not named:
        return node, []
    first = named[0]
    rest: list[tuple[str, Node]] = []
    op = ""
    for child in children[children.index(first) + 1 :]:
        if not child.is_named:
            op = child.type
        else:
            rest.append((op, child))
    if first.type == "list":
        head, inner = _list_head(first)
        return head, [*inner, *rest]
    return first, rest


def _unescaped(body: str, quoted: bool) -> str:
    """A backquoted body as its shell parses it (`quoted`: the backquotes are in double quotes)."""
    return (_DQ_BACKQUOTE_ESCAPE if quoted else _BACKQUOTE_ESCAPE).sub(r"\1", body)


# What tree-sitter-bash makes of a parameter expansion's word (`${X:-w}`, `${X#re}`, `${X/re/w}`)
# holding backquotes: plain text, not a substitution.
_EXPANSION_TEXT = frozenset({"word", "regex"})


def _in_expansion(node: Node) -> bool:
    """Whether `node` is (part of) the word of a parameter expansion of its own command."""
    return _within_own(node, "expansion")


def _in_double_quotes(node: Node) -> bool:
    """Whether `node` stands in double quotes of its own command (not those of a `$( … )` or
    backquoted command it is nested in)."""
    return _within_own(node, "string")


def _within_own(node: Node, kind: str) -> bool:
    """Whether a node of type `kind` encloses `node` within its own command (below the nearest
    command, program or substitution around it)."""
    up = node.parent
    while up is not None:
        if up.type == kind:
            return True
        if up.type in _SUBST or up.type in ("command", "program"):
            return False
        up = up.parent
    return False


def _backquote_bodies(word: str) -> list[str] | None:
    """The bodies of the backquotes in `word` as written (a backslash keeps the next character
    in its body); None where one is not closed."""
    out: list[str] = []
    k = 0
    while k < len(word):
        c = word[k]
        if c == "\\":
            k += 2
            continue
        if c != "`":
            k += 1
            continue
        j = k + 1
        while j < len(word) and word[j] != "`":
            j += 2 if word[j] == "\\" else 1
        if j >= len(word):
            return None
        out.append(word[k + 1 : j])
        k = j + 1
    return out
