"""A Python tool whose command line is one argparse parser with subcommands (pipx, pipenv)."""

from __future__ import annotations

import shlex
from collections.abc import Iterable

from gate.facts.context import FactContext, ToolCall, install_fact
from gate.facts.optscan import SubcommandArgs, abbreviations
from gate.model import Install, Unknown, Word


class ArgparseCli:
    """The options a tool declares, read the way argparse reads them (unique prefixes too)."""

    def __init__(
        self,
        tool: str,
        value_options: frozenset[str],
        flags: Iterable[str],
        remainder: frozenset[str],
        installs: frozenset[str],
    ) -> None:
        self._tool = tool
        self._values = value_options
        self._resolve = abbreviations((*value_options, *flags))
        self._remainder = remainder  # subcommands whose operands are a program to run
        self._installs = installs  # subcommands that install or lock packages

    def takes_value(self, name: str) -> bool:
        return self._resolve(name) in self._values

    def parse(self, args: tuple[Word, ...]) -> SubcommandArgs:
        return SubcommandArgs(args, self.takes_value, self._resolve, self._remainder)

    def installing(self, call: ToolCall, ctx: FactContext) -> SubcommandArgs | Install | None:
        """The parsed call when its subcommand installs; else the extractor's answer at once:
        None for help, a version or another subcommand, and for a subcommand with no known
        value an Install the policy cannot clear (it may be any of them)."""
        parsed = self.parse(call.args)
        if parsed.has("-h", "--help", "--version") or not parsed.command:
            return None
        if not parsed.command_known:
            reason = f"{self._tool} subcommand has no known value"
            parsed.unknowns.append(Unknown(reason, parsed.command))
            return install_fact(call, ctx, self._tool, "<unknown>", unknowns=parsed.unknowns)
        return parsed if parsed.command in self._installs else None


def with_option(call: ToolCall, parsed: SubcommandArgs, option: str, replacement: str) -> str:
    """The call's text with every `option` (and its value) dropped and `replacement` right after
    the subcommand: how a fix hands the tool its own pass-through argument (`--pip-args=…`)."""
    dropped: set[int] = set()
    for opt in parsed.options:
        if opt.name == option:
            dropped.update(range(opt.start, opt.end))
    out = [call.spelling]
    for i, word in enumerate(call.args):
        if i in dropped:
            continue
        out.append(shlex.quote(word.value) if word.known else word.value)
        if i == parsed.command_index:
            out.append(replacement)
    return " ".join(out)
