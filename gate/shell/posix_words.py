"""The word-level half of the POSIX walk: expansion, assignments, declarations, redirections.

`PosixWords` holds one parsed script's text and what the walk of it has seen; `posix.Posix` adds
the statements and simple commands on top (substitutions and parse errors are statements: a word
hands them back through `substitutions` and `error`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from gate import model
from gate.shell import attributes, exported, folder_vars, here_text, lex, picks
from gate.shell.braces import (
    BRACE_SHELLS,
    SEQUENCE_SHELLS,
    Unresolved,
    expand_braces,
    has_brace,
)
from gate.shell.context import Ctx, Shell, folder
from gate.shell.expand import (
    OPEN,
    SPECIAL,
    Field,
    Flag,
    Outputs,
    expand_heredoc,
    expand_single,
    expand_word,
    expanded_assignment,
    to_text,
)
from gate.shell.here_output import heredoc_written
from gate.shell.here_text import Opened, Printed
from gate.shell.pipes import Written
from gate.shell.state import ACTIVATION_VARS, MAX_CHOICES, Activation, blended
from gate.shell.traps import run_exit_traps

if TYPE_CHECKING:
    from tree_sitter import Node

    from gate.shell.walk import Walker

# The input a compound command or function call hands the commands in it: whether they read
# one, its text when known, the files whose text it is when known.
GroupInput = tuple[bool, str | None, tuple[str, ...] | None]

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# `~` or `~NAME` before a `/` or the end of the word (not bash's `~+`, `~-`).
_TILDE = re.compile(r"~([A-Za-z_][A-Za-z0-9_.-]*)?(?=/|\Z)")
# bash's folder tildes: `~+` is $PWD, `~-` $OLDPWD, `~N`/`~+N`/`~-N` an entry of the directory
# stack. dash and busybox ash leave them as written (bash 5.2, dash 0.5.12, busybox 1.35).
_FOLDER_TILDE = re.compile(r"~([+-]?)([0-9]*)(?=/|\Z)")
_LITERAL_FOLDER_TILDE = frozenset({"dash", "ash", "busybox"})
# Shells whose `local NAME` keeps the value NAME had (bash starts it unset).
_LOCAL_INHERITS = frozenset({"dash", "ash", "busybox"})
_ASSIGNMENT = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)(\[[^\]]*\])?(\+?=)")


_EXPANDED_ASSIGNMENT = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)(\+?)=(.*)", re.S)


def read_write(op: Node) -> bool:
    """`N<> F` (open F for reading and writing), as tree-sitter-bash parses it."""
    after = op.next_sibling
    return (
        after is not None
        and after.type == "ERROR"
        and after.start_byte == op.end_byte
        and after.child_count > 0
        and after.children[0].type == ">"
    )


def _in_substitution(node: Node) -> bool:
    """The command runs inside a command substitution (`$(declare -f)`)."""
    parent = node.parent
    while parent is not None:
        if parent.type == "command_substitution":
            return True
        parent = parent.parent
    return False


class PosixWords:
    """Words, assignments and redirections of one parsed POSIX script."""

    def __init__(
        self, walker: Walker, sh: Shell, text: str, heredocs: dict[int, lex.Heredoc]
    ) -> None:
        self.w = walker
        self.sh = sh
        self.text = text
        self.heredocs = heredocs
        self.unreadable = False  # one parse-error item per script is enough
        # Pipes: what the next command reads (piped), whether it reads a pipe at all, and what
        # the last simple command wrote (output; None: not known).
        self.piped: str | None = None
        self.pipe_source = ""  # the text of the pipeline part before
        self.in_pipe = False
        self.output: str | None = None
        # `cat FILE`: the file whose text the last command wrote, and the one the next reads.
        self.output_file: tuple[str, ...] | None = None
        self.piped_file: tuple[str, ...] | None = None
        self.proc_output: dict[int, str | None] = {}
        # The input a compound command's redirection gives every command inside it (in_pipe,
        # piped text, piped files), while its body is walked.
        self.group_input: GroupInput | None = None
        # The group's input is a here-text whose data gate cannot read whole (its text is kept
        # as written for a shell that runs it): a `while read` loop over it is not unrolled.
        self.here_unsure = False
        # Whether more statements follow the one being walked in its sequence (posix.seq).
        self.more_after = False
        # `<(cat FILE)`: start byte → (end byte, FILE): the substitution reads as FILE does.
        self.proc_file: dict[int, tuple[int, str]] = {}
        # What each simple command walked wrote, in order (see pipes.joined): a pipeline part,
        # a substitution or a function call made of several is judged by all of them. A
        # command's own substitutions' entries are dropped once they are read.
        self.writes: list[Written] = []
        # `$( )` start byte → (end byte, what it writes), for a here-string of it alone.
        self.printed: dict[int, tuple[int, Printed]] = {}
        # `$( )` start byte → (end byte, the texts it writes one of) where its commands are a
        # condition choosing among known texts (subst_ways.py).
        self.subst_ways: dict[int, tuple[int, tuple[str, ...]]] = {}
        # The command Posix.variants expands met a choice point (picks.py).
        self.chose = False
        # The writer of the unknown text the last `redirects()` pipes in, else "" (see there).
        self.here_hidden = ""

    def take_group_input(self) -> None:
        """The next command reads the input of the compound command around it, if any."""
        self.in_pipe, self.piped, self.piped_file = self.group_input or (False, None, None)

    def src(self, node: Node) -> str:
        return self.text[node.start_byte : node.end_byte]

    def original(self, node: Node) -> str:
        return self.sh.text[node.start_byte : node.end_byte]

    # Statement-level parts a word reaches into, given by posix.Posix.

    def substitutions(self, node: Node, ctx: Ctx, depth: int) -> None:
        raise NotImplementedError

    def error(self, node: Node, ctx: Ctx, depth: int) -> None:
        raise NotImplementedError

    # -- words ---------------------------------------------------------------------------------

    def expand(self, node: Node, ctx: Ctx) -> list[Field]:
        return self.expand_span(node.start_byte, node.end_byte, ctx, has_proc=has_proc(node))

    def expand_span(self, start: int, end: int, ctx: Ctx, has_proc: bool = False) -> list[Field]:
        text = self.text[start:end]
        if has_proc:
            same = self.proc_file.get(start)
            if same is not None and same[0] == end:
                return [Field(same[1])]
            return [Field(text, known=False, may_be_option=False)]
        brace = has_brace(text)
        if brace and self.sh.program in BRACE_SHELLS:
            # Brace expansion comes first, on the word as written: each word it makes is then
            # expanded on its own (`{~,x}/a`, `{$A,b}`).
            try:
                words = expand_braces(text, sequences=self.sh.program in SEQUENCE_SHELLS)
            except Unresolved:  # past the cap, or a shape not worked out exactly
                return [Field(text, known=False, may_be_option=True)]
            return [f for word in words for f in self._expand_one(word, ctx)]
        if brace and _bash_would_expand(text):
            # dash and ash leave `{a,b}` as it is, but /bin/sh is bash on Fedora, RHEL and
            # Amazon Linux bases, which gate cannot tell apart: the word is one or the other.
            return [Field(text, known=False, may_be_option=True)]
        if not text.startswith("~"):
            if not SPECIAL.search(text):
                # expand_word's own answer for such a word, without the variables and outputs
                # it would not read (most words of a script: program names, plain arguments).
                return [Field(text)] if text else []
            # _expand_one's, without the call
            return expand_word(text, self.w.vars(ctx), outputs=self.outputs(start, ctx))
        return self._expand_one(text, ctx, start)

    def _expand_one(self, text: str, ctx: Ctx, start: int = -1) -> list[Field]:
        if text.startswith("~"):
            tilded = self._tilde(text, ctx)
            if tilded is None:
                return [Field(text, known=False, may_be_option=False)]
            text = tilded
        return expand_word(text, self.w.vars(ctx), outputs=self.outputs(start, ctx))

    def outputs(self, start: int, ctx: Ctx) -> Outputs | None:
        """What the substitutions of the word at `start` in the script's text write, where the
        gate knows it (`"$(cat <<EOF …)"`); None when there is no heredoc to look at."""
        if start < 0:
            return None
        heredocs = self.heredocs
        if heredocs and any(
            "cat" in names for names in (ctx.functions, ctx.aliases, ctx.hashed, ctx.unsure)
        ):
            heredocs = {}  # `cat` may not be the program that copies its input
        ways = self.subst_ways
        if not heredocs and not ways:
            return None

        def written(inner: str, offset: int) -> str | tuple[str, ...] | None:
            at = start + offset
            if self.text[at : at + len(inner)] != inner:
                return None  # a word read another way (`~` replaced, a backquoted body)
            got = ways.get(at - 2)
            if got is not None and got[0] == at + len(inner) + 1:
                return got[1]
            if not heredocs:
                return None
            return heredoc_written(inner, at, self.text, heredocs, self.w.vars(ctx))

        return written

    def _tilde(self, text: str, ctx: Ctx) -> str | None:
        """`~/x` with HOME, `~NAME/x` with NAME's home (bash and dash read its passwd entry):
        None when the gate cannot place that home (a user it does not follow)."""
        m = _TILDE.match(text)
        if not m:
            return self._folder_tilde(text, ctx)
        rest = text[m.end() :]
        name = m.group(1)
        home: str | Flag | None
        if name:
            homes = self.w.homes
            home = "/root" if name == "root" else homes.home(name) if homes is not None else None
            if home is None:
                return None
        else:
            home = ctx.state.get("HOME")
        if isinstance(home, str):
            return "'" + home.replace("'", "'\\''") + "'" + rest
        if isinstance(home, Flag):
            return self.w.home_default + rest
        return text

    def _folder_tilde(self, text: str, ctx: Ctx) -> str | None:
        """`~+`, `~-`, `~+N`, `~-N`, `~N` (bash): the folder it names where the gate knows it;
        None where not (the directory stack, OLDPWD lost, a shell that may be bash or not)."""
        m = _FOLDER_TILDE.match(text)
        if not m or not (m.group(1) or m.group(2)):
            return text
        if self.sh.program in _LITERAL_FOLDER_TILDE:
            return text
        if self.sh.program not in ("bash", "rbash") or m.group(2):
            return None
        assigned, value = folder_vars.given(ctx.state, "PWD" if m.group(1) == "+" else "OLDPWD")
        if assigned:
            # bash reads $PWD/$OLDPWD for these: a value the script gave them since its last move.
            where, known = (to_text(value), True) if value is not None else ("", False)
        elif m.group(1) == "+":
            where, known = folder(ctx.cwd, self.w.run.workdir), ctx.cwd_known
        else:
            where, known = ctx.oldpwd or "", ctx.oldpwd is not None
        if not known:
            return None
        return "'" + where.replace("'", "'\\''") + "'" + text[m.end() :]

    def _line(self, node: Node) -> int:
        return self.sh.at(node.start_point[0])

    # -- assignments and declarations ----------------------------------------------------------

    def spans(self, nodes: Iterable[Node], ctx: Ctx, depth: int) -> list[tuple[int, int, bool]]:
        """Shell words as byte spans: adjacent nodes are one word (tree-sitter-bash sometimes
        splits one, as in `A=$x:$B` or `$"x"`). Their substitutions are walked on the way."""
        out: list[tuple[int, int, bool]] = []
        tick = self.w.tick
        for child in nodes:
            # A leaf (most words) is a process substitution only by its type, and what
            # `substitutions` does with it is one tick, or walk it when it is a substitution.
            leaf = child.named_child_count == 0
            t = child.type if leaf else ""
            proc = t == "process_substitution" if leaf else has_proc(child)
            if out and out[-1][1] == child.start_byte:
                start, _, p = out[-1]
                out[-1] = (start, child.end_byte, p or proc)
            else:
                out.append((child.start_byte, child.end_byte, proc))
            if not leaf or t in SUBSTITUTIONS:
                self.substitutions(child, ctx, depth)
            else:
                tick()
        return out

    def assignment(self, start: int, end: int, ctx: Ctx) -> tuple[str, str | None] | None:
        """NAME and its new value (None: unknown) when the word at start:end is NAME=value."""
        text = self.text[start:end]
        m = _ASSIGNMENT.match(text)
        if m is None:
            return None
        name, subscript, op = m.group(1), m.group(2), m.group(3)
        rest = text[m.end() :]
        if subscript:
            # An array element: arrays are not tracked, but bash may still run its text
            # (`$((a[0]))`), and `BASH_ALIASES[p]=f` defines alias p.
            element = expand_single(rest, self.w.vars(ctx)) if rest else Field("")
            self.w.held(element.value if element.known else None)
            if name == "BASH_ALIASES":
                self.aliased(element, ctx)
            return "", None
        if rest.startswith("("):
            return name, None  # an array
        outputs = self.outputs(start + m.end(), ctx)
        f = expand_single(rest, self.w.vars(ctx), outputs=outputs) if rest else Field("")
        value: str | None = f.value if f.known else None
        if op == "+=":
            old = ctx.state.get(name)
            old = "" if old is Flag.UNSET else old
            value = old + value if isinstance(old, str) and value is not None else None
        self.w.held(value)
        return name, value

    def values_held(self, start: int, end: int, ctx: Ctx) -> tuple[str, ...] | None:
        """`O=${M:+--no-deps}`, `O=$(if …; then echo A; fi)`: the known values the plain
        assignment at start:end gives, one per way its choice points go (picks.py), where
        there are several and none is unknown; else None."""
        text = self.text[start:end]
        m = _ASSIGNMENT.match(text)
        rest = text[m.end() :] if m is not None else ""
        if (
            m is None
            or m.group(2)
            or m.group(3) != "="
            or ctx.state.attrs
            or not ((self.subst_ways and "$(" in rest) or ("${" in rest and "+" in rest))
        ):
            return None
        outputs = self.outputs(start + m.end(), ctx)
        fixed = ctx.copy()
        state = fixed.state

        def expanded() -> Field:
            fixed.state = state.copy()
            return expand_single(rest, self.w.vars(fixed), outputs=outputs)

        got = picks.ways(expanded, MAX_CHOICES)
        if got is None or not all(f.known for f in got[0]):
            return None
        values = tuple(dict.fromkeys(f.value for f in got[0]))
        return values if len(values) > 1 else None

    def aliased(self, value: Field, ctx: Ctx) -> None:
        """bash's `BASH_ALIASES[p]=VALUE` defines an alias the walker does not expand: the
        functions VALUE names (any, where it cannot be read) may run where p is a command."""
        named = set(re.findall(r"[^\s;&|(){}<>'\"`$\\]+", to_text(value.value)))
        for called, function in ctx.functions.items():
            if not value.known or called in named:
                function.exposed = True

    def per_way(
        self, start: int, end: int, ctx: Ctx, ways: Sequence[Activation], exporting: bool
    ) -> None:
        """After branches that may activate a venv (`ways`, State.venvs before it), the
        assignment at start:end to one of ACTIVATION_VARS, already made in `ctx` from the
        blended values (where the ways' $PATH is unknown), made again in each way from its own:
        `export PATH=/opt/tools/bin:$PATH` keeps the venv's bin first in the way that has it."""
        out = []
        for way in ways:
            one = ctx.copy()
            one.state.take(way)
            got = self.assignment(start, end, one)
            if got is None:
                return
            if exporting:
                one.state.export(*got)
            else:
                one.state.assign(*got)
            out.append(replace(one.state.activation(), others=way.others))
        ctx.state.take(blended(out))
        ctx.state.ways(out, paths_differ=True)

    def assign(self, node: Node, ctx: Ctx, depth: int) -> None:
        """A statement of assignments only (`A=1 B=$x`): they change this shell."""
        for start, end, _ in self.spans(
            node.named_children if node.type == "variable_assignments" else [node], ctx, depth
        ):
            ways = ctx.state.venvs
            got = self.assignment(start, end, ctx)
            if got is not None and got[0]:
                held = self.values_held(start, end, ctx) if got[1] is None else None
                ctx.state.assign(*got)
                if held is not None:
                    ctx.state.choices[got[0]] = held  # judged once per value (variants.py)
                if ways and got[0] in ACTIVATION_VARS:
                    self.per_way(start, end, ctx, ways, False)

    def declaration(self, node: Node, ctx: Ctx, depth: int) -> None:
        keyword = node.children[0].type if node.child_count else ""
        spans = self.spans(node.named_children, ctx, depth)
        exporting = keyword == "export"
        unexport = False
        # Attributes that change what a later `$name` gives: a nameref, an array or an integer
        # is a value the gate does not model (unknown); -l / -u fold the case of the value.
        opaque_value = False
        global_ = False  # bash's `declare -g`: not local to the function it runs in
        # bash's attributes that change later assignments (attributes.py): given, taken off.
        given, taken = "", ""
        fold: str | None = None
        functions: list[Field] | None = None  # `export -f NAMES`, `declare -fx NAMES`
        for start, end, _ in spans:
            got = self.assignment(start, end, ctx)
            f = None
            if got is None:
                f = expand_single(self.text[start:end], ctx.state)
                if functions is None:
                    got = self.expanded_assignment(f, ctx)
                if got is None and functions is None and not f.known:
                    # `declare -g ${v}="$(…)"`: a known name of a value gate cannot read, or
                    # unquoted parts that may split into more NAME=VALUE words (OPEN).
                    got = expanded_assignment(self.text[start:end], ctx.state)
                    if got == OPEN:
                        ctx.state.open_env()
                        continue
            if got is not None:
                name, value = got
                if not name:
                    continue
                target = value  # `declare -n R=O`: the name R refers to
                if opaque_value:
                    value = None
                elif fold is not None and isinstance(value, str):
                    value = value.lower() if fold == "l" else value.upper()
                self.made_local(keyword, name, ctx, global_)
                self.attributes(ctx, name, given, taken)
                ways = ctx.state.venvs
                values = None
                if f is None and value is None and not (opaque_value or fold or given):
                    values = self.values_held(start, end, ctx)  # `export O=${M:+…}`
                if exporting and not unexport:
                    ctx.state.export(name, value)
                else:
                    ctx.state.assign(name, value)
                    if unexport:
                        ctx.state.unexport(name)
                if values is not None and not ctx.state.attrs:
                    ctx.state.choices[name] = values
                if ways and name in ACTIVATION_VARS and not (opaque_value or fold or unexport):
                    self.per_way(start, end, ctx, ways, exporting)
                ref = attributes.nameref(name, target) if "n" in given else None
                if ref is not None:
                    ctx.state.attrs[name] = ref
                continue
            if f is None:
                continue
            v = f.value
            if functions is not None and not (f.known and v[:1] in ("-", "+") and len(v) > 1):
                functions.append(f)
                continue
            if f.known and v.startswith("+") and len(v) > 1 and keyword != "export":
                # `declare +x NAME`: no longer exported; `+l`, `+n` …: the attribute is gone
                unexport = unexport or "x" in v[1:]
                taken += v[1:]
                continue
            if f.known and v.startswith("-") and len(v) > 1:
                if "x" in v[1:] and keyword != "export":
                    exporting = True
                if "n" in v[1:] and keyword == "export":
                    unexport = True
                if set(v[1:]) & {"f", "F"}:
                    functions = []  # names of functions, not variables
                global_ = global_ or "g" in v[1:]
                given += "".join(c for c in v[1:] if c in "nilu")
                if set(v[1:]) & set("naAi"):
                    opaque_value = True
                for letter in v[1:]:
                    if letter in "lu":
                        fold = letter
                continue
            if not f.known:
                # `export $(cat .env)`: the words may be NAME=VALUE pairs, any name, any value.
                ctx.state.open_env()
                continue
            if not _NAME.fullmatch(v):
                continue
            made = self.made_local(keyword, v, ctx, global_)
            held = ctx.state.get(v)
            # `f(){ local O; pip install $O x; }`: bash's new local starts unset (empty; its
            # value again under `shopt -s localvar_inherit`, not followed), dash's and ash's
            # keeps the value it had (bash 5.2, dash 0.5.12 measured).
            fresh = made and "n" not in given and not isinstance(held, Flag)
            if fresh and self.sh.program not in _LOCAL_INHERITS:
                ctx.state.assign(v, None)
                held = ctx.state.get(v)
            self.attributes(ctx, v, given, taken)
            if opaque_value and held is not Flag.ABSENT:
                ctx.state.assign(v, None)  # `declare -n r` / `-a`: later values are not modelled
            if unexport:
                ctx.state.unexport(v)
            elif exporting and v == "BASHOPTS" and ctx.state.get(v) is Flag.ABSENT:
                # bash's own: the shopt options on when a program starts (`shopt -s lastpipe`
                # later still reaches a `bash -c` then; bash 5.2 measured), not followed here.
                ctx.state.export(v, None)
            elif exporting:
                ctx.state.export(v)
            elif keyword in ("local", "declare", "typeset") and "n" not in given and (
                ctx.state.get(v) is Flag.ABSENT
            ):
                ctx.state.assign(v, "")
            if "n" in given:
                # `R=O; declare -n R` refers to O; an unset R takes the name it is first given.
                ref = attributes.UNBOUND if isinstance(held, Flag) else attributes.nameref(v, held)
                if ref is not None:
                    ctx.state.attrs[v] = ref
        if functions and (exporting or unexport):
            exported.export_words(self.w, ctx, functions, unexport)
        elif functions is not None and not unexport:
            # `declare -f f`, `typeset -f`, `export -f`: bash prints the definitions, which a
            # shell they are piped or written to defines again (`{ declare -f f; echo f; } |
            # bash`).
            text = exported.printed(ctx, functions, keyword == "export")
            self.output, self.output_file = text, None
            self.writes.append((text, None))
            if _in_substitution(node):
                # `bash -c "$(declare -f); f"`: a word holding the definitions, which the gate
                # may read as its text as written: the functions printed may run where it goes.
                for name in [f.value for f in functions] or list(ctx.functions):
                    if name in ctx.functions:
                        ctx.functions[name].exposed = True
        elif not spans and keyword in ("declare", "typeset"):
            # Bare `declare` / `typeset` print every variable and function (bash): text of
            # unknown content (`{ declare; echo f; } | bash` defines and runs f).
            self.output, self.output_file = None, None
            self.writes.append((None, None))
            if _in_substitution(node):
                for function in ctx.functions.values():
                    function.exposed = True

    def expanded_assignment(self, word: Field, ctx: Ctx) -> tuple[str, str | None] | None:
        """A declaration's word that is NAME=VALUE once expanded (`export "$N=v"`, `declare
        "$1=v"`, `local "$1=v"`): an assignment in bash, dash and busybox ash alike (measured),
        though not written as one."""
        m = _EXPANDED_ASSIGNMENT.fullmatch(word.value) if word.known else None
        if m is None:
            return None
        name, value = m.group(1), m.group(3)
        if m.group(2):
            old = ctx.state.get(name)
            old = "" if old is Flag.UNSET else old
            held = old + value if isinstance(old, str) else None
            self.w.held(held)
            return name, held
        self.w.held(value)
        return name, value

    @staticmethod
    def attributes(ctx: Ctx, name: str, given: str, taken: str) -> None:
        """Record the case and arithmetic attributes a declaration gives `name`, before its
        value is assigned; a nameref's target is recorded after it (the declaration's own value
        names the target), here only the one it had is taken off."""
        attrs = ctx.state.attrs
        held = attrs.get(name, "")
        if held and (held[0] in taken or ("n" in given and held[0] == "n")):
            del attrs[name]  # `declare +l X`; `declare -n R=Y` again names another target
        if "n" in given:
            return
        letter = next((c for c in reversed(given) if c in "ilu"), "")
        if letter:
            # The last of -l/-u counts; -i makes the value unknown whatever the case.
            attrs[name] = "i" if "i" in given else letter

    def made_local(self, keyword: str, name: str, ctx: Ctx, global_: bool) -> bool:
        """`local NAME`, and bash's `declare`/`typeset NAME` without -g, in the body of the
        function being called: what NAME is now comes back when the call returns. True where
        NAME becomes local here (not already local to this call)."""
        if keyword not in ("local", "declare", "typeset") or global_ or not self.w.frames:
            return False
        sh, branch, made = self.w.frames[-1]
        if name not in made and self.w.same_shell(self.sh, sh):
            made[name] = (ctx.state.hold(name), ctx.branch != branch, ctx.state.attrs.get(name))
            return True
        return False

    def unset(self, node: Node, ctx: Ctx, depth: int) -> None:
        functions = False
        variables = False  # `unset -v NAME`: only a variable, never a function (every shell)
        fields: list[Field] = []
        for child in node.named_children:
            self.substitutions(child, ctx, depth)
            # `unset "$@"`, `unset $NAMES`: each word the expansion gives is a name.
            fields.extend(self.expand(child, ctx))
        itself = False  # bash's `unset -n R`: the nameref R, not the variable it names
        for f in fields:
            if f.known and f.value.startswith("-"):
                functions = "f" in f.value
                variables = "v" in f.value
                itself = "n" in f.value
                continue
            if not f.known:
                self.unset_unknown(ctx, functions, variables)
                continue
            held = ctx.state.get(f.value)
            if (
                f.value in ctx.functions
                and not variables
                and (functions or held in (Flag.ABSENT, Flag.UNSET))
            ):
                # `unset -f pip`, and bash's `unset pip` when no such variable is set: the name
                # runs the program again (the function runs no more). dash keeps the function
                # for a plain `unset`: the program is judged either way, the stricter reading.
                # `unset -v pip` keeps it (bash, dash, ash; `-f -v` is an error in bash and
                # `-v` in dash: kept as well).
                del ctx.functions[f.value]
                ctx.unsure -= {f.value}
                self.w.function_log.append(f.value)
                if exported.key(f.value) in ctx.state.exported:
                    ctx.state.unset(exported.key(f.value))  # no longer in the environment
            if not functions and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", f.value):
                if itself:
                    ctx.state.attrs.pop(f.value, None)
                    ctx.state.unset(f.value)
                else:
                    ctx.state.unset_through(f.value)

    def unset_unknown(self, ctx: Ctx, functions: bool, variables: bool) -> None:
        """`unset "$X"` of names gate cannot read: any function may be gone (`-f`, and bash's
        plain `unset` of a name no variable has), and any variable (not with `-f`): one the
        shell set holds a value gate no longer knows (it may be unset, or still set)."""
        if not variables:
            ctx.unsure |= set(ctx.functions)
        if not functions:
            ctx.state.maybe_unset_all()

    # -- redirections --------------------------------------------------------------------------

    def redirect(self, node: Node, ctx: Ctx) -> Opened | None:
        """A redirect node → what it gives the command (a heredoc's or here-string's body is
        the text a shell reading stdin runs)."""
        vars_ = self.w.vars(ctx)
        op_node = next((c for c in node.children if not c.is_named), None)
        fd_node = node.child_by_field_name("descriptor")
        fd = self.src(fd_node) if fd_node is not None else ""
        if op_node is not None:
            doc = self.heredocs.get(op_node.start_byte)
            if doc is not None:
                return self._heredoc(doc, fd, node, ctx)
        if node.type == "herestring_redirect":
            words = node.named_children
            if not words:
                return None
            return self._herestring(words, fd, node.end_byte, ctx)
        op = fd + (op_node.type if op_node is not None else "")
        if op_node is not None and op_node.type == "<" and read_write(op_node):
            op = fd + "<>"  # tree-sitter-bash reads `<>` as `<` and an error node holding `>`
        dest = node.child_by_field_name("destination")
        if dest is None:
            named = [c for c in node.named_children if c != fd_node]
            dest = named[-1] if named else None
        if dest is None:
            return Opened((model.Redirect(op, None),))
        self.substitutions(dest, ctx, 0)
        if has_proc(dest):
            f = self.expand_span(dest.start_byte, dest.end_byte, ctx, has_proc=True)[0]
        else:
            # Its word is tilde-expanded as a command's words are (`> ~/.pip/pip.conf`).
            source = self.src(dest)
            tilded = self._tilde(source, ctx) if source.startswith("~") else source
            f = Field(source, False, False) if tilded is None else expand_single(tilded, vars_)
        word = model.Word(to_text(f.value), f.known, f.may_be_option)
        if dest.type == "process_substitution" and op in ("<", "0<"):
            # `sh < <(echo …)`: what the substitution writes is the input, as a heredoc's body
            # is; when the gate cannot tell what it writes, the input is unseen (command()).
            written = self.proc_output.get(dest.start_byte)
            if written is not None:
                return Opened((model.Redirect(op, word, to_text(written)),), written)
        return Opened((model.Redirect(op, word),))

    def _heredoc(self, doc: lex.Heredoc, fd: str, node: Node, ctx: Ctx) -> Opened:
        op = fd + doc.op
        if doc.quoted:
            return Opened((model.Redirect(op, None, to_text(doc.body)),), doc.body)
        ran: list[tuple[str, Printed | None]] = []
        f = expand_heredoc(doc.body, self.w.vars(ctx), self._heredoc_subst(node, ctx, ran))
        if fd in ("", "0") and len(ran) == 1 and here_text.is_whole(doc.body, ran[0][0]):
            return here_text.as_input(ran[0][1], fd, doc.body)
        content = to_text(f.value) if f.known else None
        if not ran or fd not in ("", "0"):
            return Opened((model.Redirect(op, None, content),), f.value)
        body, hidden = here_text.splice(f.value, ran)
        return Opened((model.Redirect(op, None, content),), body, hidden)

    def _herestring(self, words: Sequence[Node], fd: str, end: int, ctx: Ctx) -> Opened:
        """`<<< WORD` (`words`: its nodes, up to `end`)."""
        for word in words:
            self.substitutions(word, ctx, 0)
        whole = here_text.whole_substitution(list(words))
        if whole is not None and fd in ("", "0"):
            got = self.printed.get(whole.start_byte)
            printed = got[1] if got is not None and got[0] == whole.end_byte else None
            return here_text.as_input(printed, fd, self.src(whole))
        f = expand_single(self.text[words[0].start_byte : end], self.w.vars(ctx))
        content = to_text(f.value) + "\n" if f.known else None
        return Opened((model.Redirect(fd + "<<<", None, content),), f.value + "\n")

    def _heredoc_subst(
        self, node: Node, ctx: Ctx, ran: list[tuple[str, Printed | None]]
    ) -> Callable[[str, int], None]:
        """Walks each substitution of a heredoc body; `ran` gets its text and what it writes."""

        def on_subst(inner: str, offset: int) -> None:
            at = self._line(node)
            sub = Shell(inner, self.sh.wrappers, at, True, self.sh.depth + 1, self.sh.program)
            shell = ctx.subshell()
            ran.append((inner, self.w.script(sub, shell, "posix")))
            run_exit_traps(self.w, shell)

        return on_subst

    def redirects(self, nodes: Sequence[Node], ctx: Ctx) -> tuple[list[model.Redirect], str | None]:
        """The command's redirections, and the text on its stdin when known. Sets `here_hidden`:
        the writer of the unknown text its last input redirection pipes in (`<<< "$(curl …)"`),
        else ""."""
        out: list[model.Redirect] = []
        stdin: str | None = None
        hidden = ""
        i = 0
        while i < len(nodes):
            n = nodes[i]
            nxt = nodes[i + 1] if i + 1 < len(nodes) else None
            opened: Opened | None
            if (
                n.type == "ERROR"
                and self.src(n) == "<<"
                and nxt is not None
                and nxt.type == "file_redirect"
                and nxt.start_byte == n.end_byte
            ):
                # tree-sitter-bash splits `<<<` after another redirect into `<<` and `<WORD`.
                dest = nxt.child_by_field_name("destination")
                opened = None if dest is None else self._herestring([dest], "", dest.end_byte, ctx)
                i += 2
            elif n.type == "ERROR":
                self.error(n, ctx, 0)
                i += 1
                continue
            else:
                opened = self.redirect(n, ctx)
                i += 1
            if opened is None:
                continue
            out.extend(opened.redirects)
            if any(reads_input(r) for r in opened.redirects):
                # The last input redirection is the one read (`sh <<< x < f`).
                stdin, hidden = opened.body, opened.hidden
        self.here_hidden = hidden
        return out, stdin


def reads_input(redirect: model.Redirect) -> bool:
    """The redirection gives the command's standard input (`< f`, `0<<<t`, `<<EOF`, `<&3`,
    a pipe of the text a here-text's substitution writes)."""
    return redirect.op.lstrip("0") in _INPUT_OPS


_INPUT_OPS = frozenset({"<", "<+", "<<", "<<-", "<<<", "<&", "|", model.PIPE_IN})


# The nodes whose commands run while a word is expanded.
SUBSTITUTIONS = frozenset({"command_substitution", "process_substitution"})


def has_proc(node: Node) -> bool:
    """The word is or holds a process substitution `<( )`."""
    if node.type == "process_substitution":
        return True
    # Most words have no parts: their children are not made to be looked at.
    return node.named_child_count > 0 and any(
        c.type == "process_substitution" for c in node.named_children
    )


def _bash_would_expand(text: str) -> bool:
    try:
        return expand_braces(text) != [text]
    except Unresolved:
        return True

