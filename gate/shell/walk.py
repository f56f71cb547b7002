"""RUN steps → every simple command they would execute, whatever shell structure wraps them.

POSIX scripts are parsed with tree-sitter-bash (heredocs cut out first, see lex.py) and walked with
the shell's variables, exports and working directory tracked as far as they are known. Windows
`cmd /S /C` and PowerShell bodies are split by their own quoting rules. Wrappers (sudo, env, xargs,
`sh -c` …) are peeled off every command and nested scripts are walked in turn. Code the gate cannot
see into becomes an `Opaque` item, so that it is judged `unknown` rather than silently passed.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from gate import model
from gate.shell import lex
from gate.shell.expand import (
    Field,
    Flag,
    Value,
    expand_heredoc,
    expand_single,
    expand_word,
    from_text,
    to_text,
)
from gate.shell.state import State
from gate.shell.windows import (
    cmd_set_value,
    cmd_split,
    cmd_strip_control,
    cmd_word,
    cmd_words,
    ps_split,
    ps_words,
)
from gate.shell.wrappers import POSIX_SHELLS, Dialect, Peeled, peel, program_name

if TYPE_CHECKING:
    from tree_sitter import Node, Parser

MAX_SCRIPT = 1 << 20  # bytes; larger scripts are not parsed at all
_MAX_SHELL_DEPTH = 8  # nested `sh -c` / eval / `bash <<EOF` levels
_MAX_NODE_DEPTH = 120  # syntax nesting; keeps Python recursion far from its limit
_MAX_WORK = 50_000  # syntax nodes visited plus 8 per command emitted, per RUN step
_MAX_LOOP_VALUES = 16  # a `for` over more known words gets an unknown loop variable

# Reason of the Opaque item for a failure inside the walker itself (a bug, never expected).
INTERNAL_ERROR = "the shell layer failed on this text"

_PARSER: Parser | None = None


def _parser() -> Parser:
    """The tree-sitter-bash parser, made on first use so that `gate --help` stays fast."""
    global _PARSER
    if _PARSER is None:
        import tree_sitter_bash
        from tree_sitter import Language, Parser

        _PARSER = Parser(Language(tree_sitter_bash.language()))
    return _PARSER


class _Budget(Exception):
    """The step needs more work than the gate spends on one RUN."""


class _Absent:
    """Vars for the raw listing: nothing is known and nothing is remembered."""

    def get(self, name: str) -> Value:
        return Flag.ABSENT

    def assign(self, name: str, value: str | None) -> None:
        pass


@dataclass
class _Ctx:
    """One shell's mutable situation: variables, working directory, the directory stack."""

    state: State
    cwd: str | None = None
    cwd_known: bool = True
    oldpwd: str | None = None
    dirs: list[tuple[str | None, bool]] = field(default_factory=list)

    def copy(self) -> _Ctx:
        return _Ctx(self.state.copy(), self.cwd, self.cwd_known, self.oldpwd, list(self.dirs))

    def merge(self, others: Sequence[_Ctx]) -> None:
        """What is certain after one of `self` and `others` ran (branches, loops)."""
        self.state.merge([o.state for o in others])
        for o in others:
            if (o.cwd, o.cwd_known) != (self.cwd, self.cwd_known):
                # Different directories in different branches: no longer known.
                self.cwd_known = False
                if self.cwd is None:
                    self.cwd = o.cwd
        if any(o.oldpwd != self.oldpwd for o in others):
            self.oldpwd = None


@dataclass(frozen=True)
class _Shell:
    """Where a (nested) script runs: its text, wrappers around it, its place in the RUN."""

    text: str  # internal latin-1 form
    wrappers: tuple[str, ...]
    line: int  # line of the RUN script this script starts on (or the command that runs it)
    nested: bool  # commands keep the outer command's line instead of their own
    depth: int


# Arguments that make an unresolved program look like a package manager at work.
_INSTALL_WORDS = frozenset(
    {"install", "download", "wheel", "lock", "sync", "add", "update", "upgrade", "inject",
     "reinstall", "remove", "develop", "bdist_wheel", "sdist", "compile"}
)  # fmt: skip
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
_FOUR_BYTE = re.compile(rb"[\xf0-\xff][\x80-\xbf]{0,3}")
_SUBST = frozenset({"command_substitution", "process_substitution"})
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_ASSIGNMENT = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)(\[[^\]]*\])?(\+?=)")
_NAMED_EXPANSION = re.compile(r"\$(?:[A-Za-z_][A-Za-z0-9_]*|\{[A-Za-z_][A-Za-z0-9_]*\})")
_WORDISH = re.compile(r"[A-Za-z0-9_$`]")


class _Walker:
    def __init__(self, run: model.Run, raw: bool = False) -> None:
        self.run = run
        self.raw = raw
        self.commands: list[model.Command] = []
        self.opaque: list[model.Opaque] = []
        self.work = 0
        self.home_default = "/root"

    # -- bookkeeping ------------------------------------------------------------------------

    def _tick(self, n: int = 1) -> None:
        self.work += n
        if self.work > _MAX_WORK:
            raise _Budget

    def _opaque(self, reason: str, text: str, line: int) -> None:
        item = model.Opaque(reason, _one_line(to_text(text)), line)
        if item not in self.opaque:
            self.opaque.append(item)

    def _vars(self, ctx: _Ctx) -> State | _Absent:
        return _Absent() if self.raw else ctx.state

    # -- entry points -----------------------------------------------------------------------

    def script(self, sh: _Shell, ctx: _Ctx, dialect: Dialect) -> None:
        """Walk a script of any dialect in `ctx`."""
        if sh.depth > _MAX_SHELL_DEPTH:
            self._opaque("shell scripts nested too deeply to follow", sh.text[:200], sh.line)
            return
        if len(sh.text) > MAX_SCRIPT:
            self._opaque("shell script too large to read", sh.text[:200], sh.line)
            return
        if dialect == "cmd":
            self._cmd_script(sh, ctx)
        elif dialect == "powershell":
            self._ps_script(sh, ctx)
        else:
            self._posix_script(sh, ctx)

    def _posix_script(self, sh: _Shell, ctx: _Ctx) -> None:
        cut, heredocs = lex.cut_heredocs(sh.text)
        data = cut.encode("latin-1")
        if _FOUR_BYTE.search(data):
            # tree-sitter-bash 0.25.1 can crash the process on a 4-byte UTF-8 character after
            # `{` (tree-sitter/tree-sitter-bash#337). The parser sees same-length letters
            # instead; words are still sliced from the real text.
            data = _FOUR_BYTE.sub(lambda m: b"x" * len(m.group()), data)
        tree = _parser().parse(data)
        _Posix(self, sh, cut, heredocs).stmt(tree.root_node, ctx, 0)

    # -- emitting commands --------------------------------------------------------------------

    def emit(
        self,
        sh: _Shell,
        ctx: _Ctx,
        argv: list[Field],
        env: dict[str, str | None],
        redirects: tuple[model.Redirect, ...],
        text: str,
        line: int,
        stdin_script: tuple[str, Dialect] | None = None,
    ) -> None:
        """One simple command after expansion: peel it, follow nested scripts, record it."""
        self._tick(8)
        at = sh.line if sh.nested else sh.line + line
        if self.raw:
            self._record(argv, env, redirects, text, at, sh.wrappers, False, ctx)
            return
        for p in peel(argv, env, sh.wrappers):
            self._peeled(p, sh, ctx, redirects, text, at, stdin_script)

    def _peeled(
        self,
        p: Peeled,
        sh: _Shell,
        ctx: _Ctx,
        redirects: tuple[model.Redirect, ...],
        text: str,
        at: int,
        stdin_script: tuple[str, Dialect] | None,
    ) -> None:
        if p.script is not None:
            if not p.script.known and (p.script.single or not p.script.value.strip()):
                self._opaque("a shell runs a script the gate cannot see", text, at)
                self._record(list(p.argv), p.env, redirects, text, at, p.wrappers, False, ctx)
                return
            inner = _Shell(p.script.value, p.wrappers, at, True, sh.depth + 1)
            self.script(inner, _Ctx(State.from_env(p.env), ctx.cwd, ctx.cwd_known), p.dialect)
            return
        self._record(list(p.argv), p.env, redirects, text, at, p.wrappers, p.stdin_args, ctx)
        if p.stdin_shell and stdin_script is not None:
            body, _ = stdin_script
            inner = _Shell(body, (*p.wrappers, f"{_label(p.argv)} <stdin"), at, True, sh.depth + 1)
            self.script(inner, _Ctx(State.from_env(p.env), ctx.cwd, ctx.cwd_known), p.dialect)
        if not p.argv or p.stdin_shell:
            return
        head = p.argv[0]
        if not head.known and _program_unresolved(head.value) and _looks_like_install(p.argv):
            self._opaque("a program the gate cannot resolve runs an install", text, at)
        elif len(p.argv) == 1 and head.single and _NAMED_EXPANSION.fullmatch(head.value):
            # `$INSTALL_CMD` alone: the whole command line comes from the variable. (`"$@"` in a
            # function body is left alone: the function's callers are seen as commands.)
            self._opaque("a command line the gate cannot see comes from a variable", text, at)

    def _record(
        self,
        argv: list[Field],
        env: dict[str, str | None],
        redirects: tuple[model.Redirect, ...],
        text: str,
        at: int,
        wrappers: tuple[str, ...],
        stdin_args: bool,
        ctx: _Ctx,
    ) -> None:
        if not argv:
            return
        words = tuple(model.Word(to_text(f.value), f.known, f.may_be_option) for f in argv)
        self.commands.append(
            model.Command(
                argv=words,
                env=env,
                redirects=redirects,
                text=_one_line(to_text(text)),
                line=at,
                wrappers=wrappers,
                stdin_args=stdin_args,
                cwd=None if ctx.cwd is None else to_text(ctx.cwd),
                cwd_known=ctx.cwd_known,
            )
        )

    # -- builtins that change the shell ---------------------------------------------------------

    def builtin(
        self,
        argv: list[Field],
        ctx: _Ctx,
        sh: _Shell,
        text: str,
        line: int,
        env: dict[str, str | None],
        redirects: tuple[model.Redirect, ...],
    ) -> bool:
        """Apply `cd`, `set -a`, `eval` … to the shell; True when the command is fully handled."""
        if self.raw or not argv or not argv[0].known:
            return False
        name = argv[0].value
        args = argv[1:]
        if name in ("cd", "pushd", "popd"):
            # The cd command itself still runs in the old directory.
            self.emit(sh, ctx, argv, env, redirects, text, line)
            self._cd(name, args, ctx)
            return True
        if name == "set":
            values = [a.value if a.known else "" for a in args]
            for k, v in enumerate(values):
                if v == "--" or not re.fullmatch(r"[-+][A-Za-z]+", v):
                    break  # the positional parameters start here
                if v in ("-o", "+o") and values[k + 1 : k + 2] == ["allexport"]:
                    ctx.state.allexport = v == "-o"
                elif "a" in v:
                    ctx.state.allexport = v.startswith("-")
        elif name == "read":
            for a in args:
                if a.known and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", a.value):
                    ctx.state.assign(a.value, None)
        elif name == "eval":
            body = " ".join(a.value for a in args)
            at = sh.line if sh.nested else sh.line + line
            if not all(a.known for a in args):
                self._opaque("eval of text the gate cannot see", text, at)
                return False
            inner = _Shell(body, (*sh.wrappers, "eval"), at, True, sh.depth + 1)
            self.script(inner, ctx, "posix")  # eval runs in this very shell
            return True
        return False

    def _cd(self, name: str, args: list[Field], ctx: _Ctx) -> None:
        operands = [a for a in args if not (a.known and a.value.startswith("-") and a.value != "-")]
        if name == "popd":
            if ctx.dirs:
                ctx.cwd, ctx.cwd_known = ctx.dirs.pop()
            else:
                ctx.cwd_known = False
            return
        before = (ctx.cwd, ctx.cwd_known)
        if not operands:
            home = ctx.state.get("HOME")
            if isinstance(home, str) and home:
                target: Field = Field(home)
            elif isinstance(home, Flag):
                target = Field(self.home_default)
            else:
                target = Field("$HOME", known=False)
        else:
            target = operands[0]
        if target.known and target.value == "-" and name == "cd":
            if ctx.oldpwd is not None:
                ctx.cwd, ctx.cwd_known = ctx.oldpwd, True
            else:
                ctx.cwd, ctx.cwd_known = self.run.workdir or "/", True
            ctx.oldpwd = before[0] if before[1] else None
            return
        value = target.value
        if target.known and (value == "~" or value.startswith("~/")):
            home = ctx.state.get("HOME")
            base = home if isinstance(home, str) else self.home_default
            value = base + value[1:]
        base_dir = ctx.cwd if ctx.cwd is not None else (self.run.workdir or "/")
        path = posixpath.normpath(posixpath.join(base_dir, value))
        if path.startswith("//"):
            path = "/" + path.lstrip("/")
        if name == "pushd":
            ctx.dirs.append(before)
        ctx.oldpwd = before[0] if before[1] else None
        ctx.cwd = path
        # An absolute known target is known whatever came before; a relative one only when the
        # directory it is relative to is known.
        ctx.cwd_known = target.known and (value.startswith("/") or before[1])

    # -- Windows cmd ---------------------------------------------------------------------------

    def _cmd_script(self, sh: _Shell, ctx: _Ctx) -> None:
        for offset, piece in cmd_split(sh.text):
            self._tick()
            piece = piece.strip().lstrip("@").strip()
            while piece.startswith("(") and piece.endswith(")"):
                piece = piece[1:-1].strip()
            piece = piece.strip("()").strip()
            if not piece:
                continue
            line = sh.text.count("\n", 0, offset)
            words = [cmd_word(w, ctx.state) for w in cmd_words(piece)]
            if not words:
                continue
            words = cmd_strip_control(words)
            if not words:
                continue
            head = words[0].value.lower()
            if head == "set" and len(words) > 1 and not self.raw:
                assignment = piece[piece.lower().index("set") + 3 :].strip().strip('"')
                name, eq, value = assignment.partition("=")
                if eq and name and not name.startswith("/"):
                    known = all(w.known for w in words[1:])
                    ctx.state.assign(name.strip(), cmd_set_value(value, ctx.state, known))
                    ctx.state.export(name.strip())
                    continue
            if head in ("call", "start") and len(words) > 1:
                words = words[1:]
                while words and head == "start" and words[0].value.startswith("/"):
                    words = words[1:]
            self.emit(sh, ctx, words, dict(ctx.state.env()), (), piece, line)

    # -- PowerShell --------------------------------------------------------------------------------

    def _ps_script(self, sh: _Shell, ctx: _Ctx) -> None:
        for offset, piece in ps_split(sh.text):
            self._tick()
            piece = piece.strip()
            called = piece[:1] in ("&", ".") and piece[1:2] in (" ", "\t", "'", '"', "$")
            if called:
                piece = piece[1:].strip()
            if not piece:
                continue
            line = sh.text.count("\n", 0, offset)
            m = re.match(r"(?i)\$env:([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)\Z", piece, re.DOTALL)
            if m:
                if not self.raw:
                    words = ps_words(m.group(2), ctx.state)
                    value = " ".join(w.value for w in words)
                    known = all(w.known for w in words) and len(words) <= 1
                    ctx.state.export(m.group(1), value if known else None)
                continue
            if not called and piece[:1] in ("$", "#", "["):
                continue  # variables, comments and .NET expressions, not program calls
            words = ps_words(piece, ctx.state)
            if not words:
                continue
            head = words[0].value.lower()
            if head in ("invoke-expression", "iex") and not self.raw:
                rest = words[1:]
                if rest and rest[0].value.lower() in ("-command", "-c"):
                    rest = rest[1:]
                at = sh.line if sh.nested else sh.line + line
                if not rest or not all(w.known for w in rest):
                    self._opaque("Invoke-Expression of text the gate cannot see", piece, at)
                    continue
                inner = _Shell(" ".join(w.value for w in rest), sh.wrappers, at, True, sh.depth + 1)
                self.script(inner, ctx, "powershell")
                continue
            if head in ("if", "elseif", "else", "foreach", "for", "while", "try", "catch",
                        "finally", "switch", "do", "function", "param", "}"):  # fmt: skip
                continue
            self.emit(sh, ctx, words, dict(ctx.state.env()), (), piece, line)


# ---------------------------------------------------------------------------------------------
# POSIX: the tree-sitter walk.


class _Posix:
    """Walks one parsed POSIX script; `text` is the heredoc-cut script in internal form."""

    def __init__(
        self, walker: _Walker, sh: _Shell, text: str, heredocs: dict[int, lex.Heredoc]
    ) -> None:
        self.w = walker
        self.sh = sh
        self.text = text
        self.heredocs = heredocs
        self.unreadable = False  # one parse-error item per script is enough

    def src(self, node: Node) -> str:
        return self.text[node.start_byte : node.end_byte]

    def original(self, node: Node) -> str:
        return self.sh.text[node.start_byte : node.end_byte]

    # -- statements ---------------------------------------------------------------------------

    def stmt(self, node: Node, ctx: _Ctx, depth: int, tail: Sequence[Node] = ()) -> None:
        """Walk one statement; `tail`: redirections written after it that belong to its last
        simple command (tree-sitter-bash hangs `a && b > f` as a whole on the redirect)."""
        self.w._tick()
        if depth > _MAX_NODE_DEPTH:
            self.w._opaque(
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
            parts = [c for c in node.named_children if c.type != "comment"]
            for i, child in enumerate(parts):
                # Each part of a pipeline runs in a subshell: nothing it sets survives.
                self.stmt(child, ctx.copy(), d, tail if i == len(parts) - 1 else ())
        elif kind == "subshell":
            self.seq(node.named_children, ctx.copy(), d)
        elif kind == "compound_statement":
            if node.child_count and node.children[0].type == "((":
                self.substitutions(node, ctx, d)
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
            body = node.child_by_field_name("body")
            if body is not None:
                # A function's commands are counted where it is defined, in the state there.
                self.stmt(body, ctx.copy(), d)
        elif kind == "negated_command":
            for child in node.named_children:
                self.stmt(child, ctx, d, tail)
        elif kind == "test_command":
            self.substitutions(node, ctx, d)
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

    def seq(self, nodes: Iterable[Node], ctx: _Ctx, depth: int) -> None:
        for child in nodes:
            if (
                child.type in _STATEMENTS
                or child.type in ("ERROR", "elif_clause")
                or child.type in _SUBST
            ):
                self.stmt(child, ctx, depth)
            elif child.is_named and child.type not in ("comment",):
                self.substitutions(child, ctx, depth)

    def list_(self, node: Node, ctx: _Ctx, depth: int, tail: Sequence[Node] = ()) -> None:
        op = ""
        last = max((i for i, c in enumerate(node.children) if c.is_named), default=-1)
        for i, child in enumerate(node.children):
            if not child.is_named:
                op = child.type
                continue
            if child.type == "comment":
                continue
            mine = tail if i == last else ()
            if op == "||":
                # Runs only when the left side failed: what it changes is not certain afterwards.
                branch = ctx.copy()
                self.stmt(child, branch, depth, mine)
                ctx.merge([branch])
            else:
                # `a && b`: the build succeeded, so the chain ran through.
                self.stmt(child, ctx, depth, mine)

    def if_(self, node: Node, ctx: _Ctx, depth: int) -> None:
        branches: list[_Ctx] = []
        has_else = False
        cond: list[Node] = []
        body: list[Node] = []
        in_body = False
        base = ctx
        for child in node.children:
            t = child.type
            if t == "then":
                self.seq(cond, base, depth)
                cond = []
                in_body = True
            elif t in ("elif_clause", "else_clause", "fi"):
                if in_body:
                    branch = base.copy()
                    self.seq(body, branch, depth)
                    branches.append(branch)
                    body, in_body = [], False
                if t == "elif_clause":
                    self.elif_(child, base, branches, depth)
                elif t == "else_clause":
                    branch = base.copy()
                    self.seq(child.named_children, branch, depth)
                    branches.append(branch)
                    has_else = True
            elif child.is_named:
                (body if in_body else cond).append(child)
        if in_body:
            branch = base.copy()
            self.seq(body, branch, depth)
            branches.append(branch)
        elif cond:
            self.seq(cond, base, depth)
        if not branches:
            return
        if has_else:
            first, rest = branches[0], branches[1:]
            first.merge(rest)
            ctx.state, ctx.cwd, ctx.cwd_known = first.state, first.cwd, first.cwd_known
            ctx.oldpwd, ctx.dirs = first.oldpwd, first.dirs
        else:
            ctx.merge(branches)

    def elif_(self, node: Node, base: _Ctx, branches: list[_Ctx], depth: int) -> None:
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
        branch = base.copy()
        self.seq(body, branch, depth)
        branches.append(branch)

    def for_(self, node: Node, ctx: _Ctx, depth: int) -> None:
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
        known = var is not None and bool(values) and not self.w.raw
        for v in values:
            fields.extend(self.expand(v, ctx))
        known = known and all(f.known for f in fields) and len(fields) <= _MAX_LOOP_VALUES
        if known and name is not None:
            for f in fields:
                ctx.state.assign(name, f.value)
                self.stmt(body, ctx, depth)
            return
        branch = ctx.copy()
        if name is not None and not self.w.raw:
            branch.state.assign(name, None)
        self.stmt(body, branch, depth)
        ctx.merge([branch])

    def while_(self, node: Node, ctx: _Ctx, depth: int) -> None:
        body = node.child_by_field_name("body")
        for child in node.named_children:
            if child != body:
                self.seq([child], ctx, depth)
        if body is not None:
            branch = ctx.copy()
            self.stmt(body, branch, depth)
            ctx.merge([branch])

    def case(self, node: Node, ctx: _Ctx, depth: int) -> None:
        value = node.child_by_field_name("value")
        if value is not None:
            self.substitutions(value, ctx, depth)
        branches: list[_Ctx] = []
        catch_all = False
        for item in node.named_children:
            if item.type != "case_item":
                continue
            patterns = item.children_by_field_name("value")
            if any(self.src(p) == "*" for p in patterns):
                catch_all = True
            branch = ctx.copy()
            self.seq([c for c in item.named_children if c not in patterns], branch, depth)
            branches.append(branch)
        if not branches:
            return
        if catch_all:
            first = branches[0]
            first.merge(branches[1:])
            ctx.state, ctx.cwd, ctx.cwd_known = first.state, first.cwd, first.cwd_known
            ctx.oldpwd, ctx.dirs = first.oldpwd, first.dirs
        else:
            ctx.merge(branches)

    def error(self, node: Node, ctx: _Ctx, depth: int) -> None:
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
            self.w._opaque(
                "shell text the parser could not read", self.original(node)[:300], self._line(node)
            )
        for child in loose:
            if child.is_named:
                self.substitutions(child, ctx, depth)

    # -- substitutions -------------------------------------------------------------------------

    def substitutions(self, node: Node, ctx: _Ctx, depth: int) -> None:
        """Walk the `$( )`, backticks and `<( )` anywhere under `node` (they run commands)."""
        stack = [node]
        while stack:
            n = stack.pop()
            self.w._tick()
            if n.type in _SUBST:
                self.substitution(n, ctx, depth)
            elif n.type == "ERROR" and n != node:
                self.error(n, ctx, depth)
            else:
                stack.extend(reversed(n.named_children))

    def substitution(self, node: Node, ctx: _Ctx, depth: int) -> None:
        self.seq(node.named_children, ctx.copy(), depth + 1)

    # -- words ---------------------------------------------------------------------------------

    def expand(self, node: Node, ctx: _Ctx) -> list[Field]:
        return self.expand_span(node.start_byte, node.end_byte, ctx, has_proc=_has_proc(node))

    def expand_span(self, start: int, end: int, ctx: _Ctx, has_proc: bool = False) -> list[Field]:
        text = self.text[start:end]
        if has_proc:
            return [Field(text, known=False, may_be_option=False)]
        if text.startswith("~") and not self.w.raw:
            text = self._tilde(text, ctx)
        return expand_word(text, self.w._vars(ctx))

    def _tilde(self, text: str, ctx: _Ctx) -> str:
        m = re.match(r"~(?=/|\Z)", text)
        if not m:
            return text
        home = ctx.state.get("HOME")
        if isinstance(home, str):
            return "'" + home.replace("'", "'\\''") + "'" + text[1:]
        if isinstance(home, Flag):
            return self.w.home_default + text[1:]
        return text

    def _line(self, node: Node) -> int:
        return self.sh.line if self.sh.nested else self.sh.line + node.start_point[0]

    # -- assignments and declarations ----------------------------------------------------------

    def spans(self, nodes: Iterable[Node], ctx: _Ctx, depth: int) -> list[tuple[int, int, bool]]:
        """Shell words as byte spans: adjacent nodes are one word (tree-sitter-bash sometimes
        splits one, as in `A=$x:$B` or `$"x"`). Their substitutions are walked on the way."""
        out: list[tuple[int, int, bool]] = []
        for child in nodes:
            proc = _has_proc(child)
            if out and out[-1][1] == child.start_byte:
                start, _, p = out[-1]
                out[-1] = (start, child.end_byte, p or proc)
            else:
                out.append((child.start_byte, child.end_byte, proc))
            self.substitutions(child, ctx, depth)
        return out

    def assignment(self, start: int, end: int, ctx: _Ctx) -> tuple[str, str | None] | None:
        """NAME and its new value (None: unknown) when the word at start:end is NAME=value."""
        text = self.text[start:end]
        m = _ASSIGNMENT.match(text)
        if m is None:
            return None
        name, subscript, op = m.group(1), m.group(2), m.group(3)
        if subscript:
            return "", None  # an array element: arrays are not tracked
        rest = text[m.end() :]
        if rest.startswith("("):
            return name, None  # an array
        f = expand_single(rest, self.w._vars(ctx)) if rest else Field("")
        value: str | None = f.value if f.known else None
        if op == "+=":
            old = ctx.state.get(name)
            old = "" if old is Flag.UNSET else old
            value = old + value if isinstance(old, str) and value is not None else None
        return name, value

    def assign(self, node: Node, ctx: _Ctx, depth: int) -> None:
        """A statement of assignments only (`A=1 B=$x`): they change this shell."""
        for start, end, _ in self.spans(
            node.named_children if node.type == "variable_assignments" else [node], ctx, depth
        ):
            got = self.assignment(start, end, ctx)
            if got is not None and got[0] and not self.w.raw:
                ctx.state.assign(*got)

    def declaration(self, node: Node, ctx: _Ctx, depth: int) -> None:
        keyword = node.children[0].type if node.child_count else ""
        spans = self.spans(node.named_children, ctx, depth)
        if self.w.raw:
            fields: list[Field] = [Field(keyword)]
            for start, end, _ in spans:
                fields.append(expand_single(self.text[start:end], _Absent()))
            self.w.emit(self.sh, ctx, fields, {}, (), self.original(node), node.start_point[0])
            return
        exporting = keyword == "export"
        unexport = False
        for start, end, _ in spans:
            got = self.assignment(start, end, ctx)
            if got is not None:
                name, value = got
                if not name:
                    continue
                if exporting and not unexport:
                    ctx.state.export(name, value)
                else:
                    ctx.state.assign(name, value)
                    if unexport:
                        ctx.state.unexport(name)
                continue
            f = expand_single(self.text[start:end], ctx.state)
            v = f.value
            if f.known and v.startswith("-") and len(v) > 1:
                if "x" in v[1:] and keyword != "export":
                    exporting = True
                if "n" in v[1:] and keyword == "export":
                    unexport = True
                if "f" in v[1:]:
                    return  # functions, not variables
                continue
            if not f.known or not _NAME.fullmatch(v):
                continue
            if unexport:
                ctx.state.unexport(v)
            elif exporting:
                ctx.state.export(v)
            elif keyword in ("local", "declare", "typeset") and ctx.state.get(v) is Flag.ABSENT:
                ctx.state.assign(v, "")

    def unset(self, node: Node, ctx: _Ctx, depth: int) -> None:
        if self.w.raw:
            fields = [Field("unset")]
            for child in node.named_children:
                fields.extend(expand_word(self.src(child), _Absent()))
            self.w.emit(self.sh, ctx, fields, {}, (), self.original(node), node.start_point[0])
            return
        functions = False
        for child in node.named_children:
            self.substitutions(child, ctx, depth)
            f = expand_single(self.src(child), ctx.state)
            if f.known and f.value.startswith("-"):
                functions = "f" in f.value
                continue
            if f.known and not functions and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", f.value):
                ctx.state.unset(f.value)

    # -- redirections --------------------------------------------------------------------------

    def redirect(self, node: Node, ctx: _Ctx) -> tuple[model.Redirect | None, str | None]:
        """A redirect node → (Redirect, heredoc/here-string body for a shell reading stdin)."""
        vars_ = self.w._vars(ctx)
        op_node = next((c for c in node.children if not c.is_named), None)
        fd_node = node.child_by_field_name("descriptor")
        fd = self.src(fd_node) if fd_node is not None else ""
        if op_node is not None:
            doc = self.heredocs.get(op_node.start_byte)
            if doc is not None:
                if doc.quoted:
                    content: str | None = doc.body
                    body: str | None = doc.body
                else:
                    f = expand_heredoc(doc.body, vars_, self._heredoc_subst(node, ctx))
                    content = f.value if f.known else None
                    body = f.value
                op = fd + doc.op
                return model.Redirect(op, None, None if content is None else to_text(content)), body
        if node.type == "herestring_redirect":
            target = next((c for c in node.named_children), None)
            if target is None:
                return None, None
            self.substitutions(target, ctx, 0)
            f = expand_single(self.text[target.start_byte : node.end_byte], vars_)
            content = to_text(f.value) + "\n" if f.known else None
            return model.Redirect(fd + "<<<", None, content), f.value + "\n"
        op = fd + (op_node.type if op_node is not None else "")
        dest = node.child_by_field_name("destination")
        if dest is None:
            named = [c for c in node.named_children if c != fd_node]
            dest = named[-1] if named else None
        if dest is None:
            return model.Redirect(op, None), None
        self.substitutions(dest, ctx, 0)
        if _has_proc(dest):
            f = Field(self.src(dest), known=False)
        else:
            f = expand_single(self.src(dest), vars_)
        word = model.Word(to_text(f.value), f.known, f.may_be_option)
        return model.Redirect(op, word), None

    def _heredoc_subst(self, node: Node, ctx: _Ctx) -> Callable[[str, int], None]:
        def on_subst(inner: str, offset: int) -> None:
            if self.w.raw:
                return
            at = self._line(node)
            sub = _Shell(inner, self.sh.wrappers, at, True, self.sh.depth + 1)
            self.w.script(sub, ctx.copy(), "posix")

        return on_subst

    def redirects(
        self, nodes: Sequence[Node], ctx: _Ctx
    ) -> tuple[list[model.Redirect], str | None]:
        out: list[model.Redirect] = []
        stdin: str | None = None
        i = 0
        while i < len(nodes):
            n = nodes[i]
            nxt = nodes[i + 1] if i + 1 < len(nodes) else None
            if (
                n.type == "ERROR"
                and self.src(n) == "<<"
                and nxt is not None
                and nxt.type == "file_redirect"
                and nxt.start_byte == n.end_byte
            ):
                # tree-sitter-bash splits `<<<` after another redirect into `<<` and `<WORD`.
                dest = nxt.child_by_field_name("destination")
                if dest is not None:
                    self.substitutions(dest, ctx, 0)
                    f = expand_single(self.src(dest), self.w._vars(ctx))
                    out.append(
                        model.Redirect("<<<", None, to_text(f.value) + "\n" if f.known else None)
                    )
                    stdin = f.value + "\n"
                i += 2
                continue
            if n.type == "ERROR":
                self.error(n, ctx, 0)
                i += 1
                continue
            r, body = self.redirect(n, ctx)
            if r is not None:
                out.append(r)
            if body is not None:
                stdin = body
            i += 1
        return out, stdin

    def redirected(self, node: Node, ctx: _Ctx, depth: int, tail: Sequence[Node] = ()) -> None:
        body = node.child_by_field_name("body")
        rest = [*(c for c in node.named_children if c != body), *tail]
        if body is not None and body.type == "command":
            self.command(body, ctx, depth, rest, outer=node)
            return
        if body is not None and body.type in ("list", "pipeline", "negated_command"):
            self.stmt(body, ctx, depth, rest)
            return
        redirects, _ = self.redirects(rest, ctx)
        if body is None:
            # Only redirections (`> file`): the shell opens the file, nothing runs.
            return
        first = len(self.w.commands)
        self.stmt(body, ctx, depth)
        if body.type in ("compound_statement", "subshell") and _plain_group(body):
            self._group_output(first, redirects)

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
        ctx: _Ctx,
        depth: int,
        extra_redirects: Sequence[Node],
        outer: Node | None = None,
    ) -> None:
        word_nodes: list[Node] = []
        redirect_nodes: list[Node] = []
        for child in [*node.children, *extra_redirects]:
            t = child.type
            if t.endswith("_redirect") or t == "ERROR":
                redirect_nodes.append(child)
                if t == "file_redirect":
                    # tree-sitter-bash gives a redirection every word after it as a
                    # destination (`pip install a>=1 b`); the shell takes one, the rest are
                    # arguments.
                    word_nodes.extend(child.children_by_field_name("destination")[1:])
            elif child.is_named and t != "comment":
                word_nodes.append(child)
        word_nodes.sort(key=lambda n: n.start_byte)
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
                    if not self.w.raw:
                        prefix_ctx = ctx.copy() if prefix_ctx is ctx else prefix_ctx
                        prefix_ctx.state.assign(*got)
            else:
                words.append((start, end, proc))
        env_prefix: dict[str, str | None] = {}
        argv: list[Field] = []
        for start, end, proc in words:
            argv.extend(self.expand_span(start, end, ctx, proc))
        redirects, stdin = self.redirects(redirect_nodes, ctx)
        src_node = outer if outer is not None else node
        text = self.original(src_node)
        line = src_node.start_point[0]
        if self.w.raw:
            self.w.emit(self.sh, ctx, argv, {}, tuple(redirects), text, line)
            return
        if not argv:
            # Assignments alone (after expansion left no words) change the shell itself.
            for name, value in assigned:
                ctx.state.assign(name, value)
            return
        for name, value in assigned:
            env_prefix[name] = None if value is None else to_text(value)
        env = dict(ctx.state.env())
        env.update(env_prefix)
        if self.w.builtin(argv, ctx, self.sh, text, line, env, tuple(redirects)):
            return
        stdin_script: tuple[str, Dialect] | None = None if stdin is None else (stdin, "posix")
        self.w.emit(self.sh, ctx, argv, env, tuple(redirects), text, line, stdin_script)


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


def _has_proc(node: Node) -> bool:
    if node.type == "process_substitution":
        return True
    return any(c.type == "process_substitution" for c in node.named_children)


def _label(argv: Sequence[Field]) -> str:
    return program_name(argv[0].value) if argv else "sh"


def _one_line(text: str) -> str:
    text = text.replace("\\\r\n", " ").replace("\\\n", " ")
    return " ".join(text.split()) if "\n" in text else text.strip()


def _program_unresolved(value: str) -> bool:
    """The program word's last path part is not literal text (`$PIP`, `${X}`, `$(cmd)`)."""
    last = value.rsplit("/", 1)[-1]
    return not last or "$" in last or "`" in last or ")" in last


def _looks_like_install(argv: Sequence[Field]) -> bool:
    args = [a.value for a in argv[1:] if a.known]
    if "-m" in args or any(a.startswith("-m") and len(a) > 2 for a in args):
        return False  # `"$PYTHON" -m pip install`: the fact layer reads the module
    return any(a in _INSTALL_WORDS for a in args)


# ---------------------------------------------------------------------------------------------
# Public API.


def _shell_dialect(run: model.Run) -> tuple[list[Peeled], Dialect]:
    shell = list(run.shell) or ["/bin/sh", "-c"]
    argv = [Field(from_text(a)) for a in shell] + [Field(from_text(run.script))]
    return peel(argv, dict(run.env)), "posix"


def _run_walker(run: model.Run, raw: bool) -> _Walker:
    walker = _Walker(run, raw)
    state = State.from_env(run.env)
    ctx = _Ctx(state)
    try:
        if run.exec_form:
            if len(run.argv) > 4096 or sum(len(a) for a in run.argv) > MAX_SCRIPT:
                walker._opaque("exec-form command too large to read", " ".join(run.argv)[:200], 0)
                return walker
            argv = [Field(from_text(a)) for a in run.argv]
            text = " ".join(from_text(a) for a in run.argv)
            walker.emit(_Shell(text, (), 0, False, 0), ctx, argv, dict(run.env), (), text, 0)
            return walker
        if len(run.script) > MAX_SCRIPT:
            walker._opaque("shell script too large to read", run.script[:200], 0)
            return walker
        peeled, _ = _shell_dialect(run)
        root = next((p for p in peeled if p.script is not None), None)
        script = from_text(run.script)
        if root is not None and root.script is not None and root.dialect != "posix":
            body = root.script.value
            walker.script(_Shell(body, (), 0, False, 0), ctx, root.dialect)
        elif root is not None or not run.shell or program_name(run.shell[0]) in POSIX_SHELLS:
            walker.script(_Shell(script, (), 0, False, 0), ctx, "posix")
        else:
            # A SHELL that is not a shell (`["python3", "-c"]`): it runs the text as one argument.
            argv = [Field(from_text(a)) for a in run.shell] + [Field(script)]
            walker.emit(_Shell(script, (), 0, False, 0), ctx, argv, dict(run.env), (), script, 0)
    except _Budget:
        walker._opaque("shell script too complex to follow completely", run.script[:200], 0)
    except RecursionError:
        walker._opaque("shell text nested too deeply to read", run.script[:200], 0)
    except Exception as error:  # a bug here: marked internal, so the policy layer denies it
        reason = f"{INTERNAL_ERROR}: {type(error).__name__}"
        text = _one_line(to_text(run.script[:200]))
        walker.opaque.append(model.Opaque(reason, text, 0, internal=True))
    return walker


def analyse(run: model.Run) -> model.Script:
    """Every simple command `run` would execute, plus what the gate cannot see into."""
    walker = _run_walker(run, raw=False)
    return model.Script(tuple(walker.commands), tuple(walker.opaque))


def parsed_commands(script: str) -> list[tuple[str, ...]]:
    """The simple commands of a POSIX script as parsed: words after quote removal only.

    No variable is resolved, no wrapper peeled and no nested script followed; `export`, `local`
    and `unset` are listed as commands. For comparing the parse with other shell parsers.
    """
    run = model.Run(model.Location("-"), ("/bin/sh", "-c"), False, (), script, {})
    walker = _run_walker(run, raw=True)
    return [tuple(w.value for w in c.argv) for c in walker.commands]
