"""The simple commands of a POSIX script as tree-sitter parsed them, for the bashlex oracle.

An adapter over the production walker: nothing is resolved (every variable is unknown), no wrapper
is peeled, no builtin applied and no nested script followed; `export`, `local` and `unset` are
listed as commands and a `for` body once; a conditional word (`${X:+W}`, `$(if …; fi)`) is
not taken once per way. What remains is the walker's own reading of the syntax:
its statements, its word boundaries and the heredocs it cuts out.
"""

from __future__ import annotations

from collections.abc import Callable

from tree_sitter import Node

from gate import model
from gate.shell import lex
from gate.shell.context import Ctx, Shell
from gate.shell.expand import Field, Flag, Value, Vars, expand_single, expand_word
from gate.shell.here_text import Printed
from gate.shell.posix import Posix
from gate.shell.walk import Walker, run_walker
from gate.shell.wrappers import Dialect


class _Absent:
    """Nothing is known and nothing is remembered."""

    def get(self, name: str) -> Value:
        return Flag.ABSENT

    def assign(self, name: str, value: str | None) -> None:
        pass


class _ListingPosix(Posix):
    def declaration(self, node: Node, ctx: Ctx, depth: int) -> None:
        keyword = node.children[0].type if node.child_count else ""
        fields = [Field(keyword)]
        for start, end, _ in self.spans(node.named_children, ctx, depth):
            fields.append(expand_single(self.text[start:end], _Absent()))
        self.w.emit(self.sh, ctx, fields, {}, (), self.original(node), node.start_point[0])

    def unset(self, node: Node, ctx: Ctx, depth: int) -> None:
        fields = [Field("unset")]
        for child in node.named_children:
            fields.extend(expand_word(self.src(child), _Absent()))
        self.w.emit(self.sh, ctx, fields, {}, (), self.original(node), node.start_point[0])

    def for_(self, node: Node, ctx: Ctx, depth: int) -> None:
        body = node.child_by_field_name("body")
        for child in node.named_children:
            if child != body and child.type != "variable_name":
                self.substitutions(child, ctx, depth)
        if body is not None:
            self.stmt(body, ctx, depth)

    def _tilde(self, text: str, ctx: Ctx) -> str:
        return text

    def choosing(self, node: Node, ctx: Ctx) -> None:
        pass  # `$(if …; then echo A; fi)` stays its source text

    def chosen_argvs(
        self, words: list[tuple[int, int, bool]], vctx: Ctx, choosing: bool, states: int = 1
    ) -> list[list[Field]] | None:
        return super().chosen_argvs(words, vctx, False, states)  # `${X:+W}` too

    def _heredoc_subst(
        self, node: Node, ctx: Ctx, ran: list[tuple[str, Printed | None]]
    ) -> Callable[[str, int], None]:
        return lambda inner, offset: None


class _ListingWalker(Walker):
    def vars(self, ctx: Ctx) -> Vars:
        return _Absent()

    def posix_walker(self, sh: Shell, text: str, heredocs: dict[int, lex.Heredoc]) -> Posix:
        return _ListingPosix(self, sh, text, heredocs)

    def builtin(self, *args: object) -> bool:
        return False

    def uncalled(self) -> None:
        # A listing of every command the text holds: function bodies too, called or not.
        for function in self.defined:
            function.exposed = True
        super().uncalled()

    def emit(
        self,
        sh: Shell,
        ctx: Ctx,
        argv: list[Field],
        env: dict[str, str | None],
        redirects: tuple[model.Redirect, ...],
        text: str,
        line: int,
        stdin_script: tuple[str, Dialect] | None = None,
        stdin_unknown: str = "",
        stdin_code_unknown: bool = False,
    ) -> None:
        self.tick(8)
        self.record(argv, {}, redirects, text, sh.at(line), sh.wrappers, False, ctx)


def parsed_commands(script: str) -> list[tuple[str, ...]]:
    """Each simple command of `script`: its words after quote removal only."""
    run = model.Run(model.Location("-"), ("/bin/sh", "-c"), False, (), script, {})
    walker = run_walker(run, _ListingWalker(run))
    return [tuple(w.value for w in c.argv) for c in walker.commands]
