"""Differential test: tree-sitter (through the walker) and bashlex find the same simple commands.

For every shell-form RUN body of the shared corpora that bashlex can parse, both sides list each
simple command as its words after quote removal, expansions left as their source text
(`tests.shell.parse_listing`: no variable resolved, no wrapper peeled, no nested script followed;
bashlex `WordNode.word`). Prefix assignments and redirections are not words on either side.
Commands inside `$( )`, backticks and `<( )` count on both sides. The two lists are compared as
multisets: the walker lists a substitution's commands before the command that holds it, bashlex
after.

Bodies bashlex raises on are skipped (it has no `case`, `((`, `[[`, `$"…"`). Left out, each
because one side differs on purpose or is wrong:
- commands named `[` / `[[` (tree-sitter reads them as test expressions, which hold no command);
- backslashes, removed from both sides: bashlex drops the one in `"\\n"`, the shell keeps it;
- bodies with `$(which X)`, `$(command -v X)`, `$(type -P X)`: the walker resolves these to the
  program X on purpose (the expansion layer's `resolve_program`);
- template text (`{{ … }}`, `{% … %}`, Jinja left in a Dockerfile): tree-sitter-bash reads a `{`
  glued to the next character as a group, bash and bashlex read a word.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from tests.shell.parse_listing import parsed_commands
from tests.support.paths import shared

_SKIP = re.compile(r"""\$\((?:which|command|type)\s|\{\{|\{%""")


def _dockerfiles() -> list[Path]:
    roots = [shared("corpus"), shared("realworld", "files")]
    return sorted(p for root in roots for p in root.rglob("*") if "Dockerfile" in p.name)


def _body(cmd: Any) -> str:
    value = " ".join(cmd.value)
    if not cmd.heredocs:
        return value
    doc = cmd.heredocs[0]
    if re.fullmatch(r"<<-?['\"]?\w+['\"]?", value.strip()):
        return str(doc.content)  # `RUN <<EOF`: the heredoc is the script
    return f"{value}\n{doc.content}{doc.name}\n"


@cache
def _bodies() -> list[tuple[str, str]]:
    import dockerfile

    found: list[tuple[str, str]] = []
    for path in _dockerfiles():
        try:
            commands = dockerfile.parse_file(str(path))
        except dockerfile.GoParseError:
            continue
        for cmd in commands:
            if cmd.cmd.upper() == "RUN" and not cmd.json:
                found.append((f"{path.name}:{cmd.start_line}", _body(cmd)))
    return found


def _bashlex_commands(body: str) -> list[tuple[str, ...]] | None:
    import bashlex

    try:
        trees = bashlex.parse(body)
    except Exception:  # bashlex raises many types on what it cannot parse
        return None
    out: list[tuple[str, ...]] = []

    def visit(node: Any) -> Iterator[Any]:
        yield node
        for attr in ("parts", "list", "command", "output", "heredoc"):
            child = getattr(node, attr, None)
            if isinstance(child, list):
                for c in child:
                    yield from visit(c)
            elif child is not None and hasattr(child, "kind"):
                yield from visit(child)

    for tree in trees:
        for node in visit(tree):
            if node.kind == "command":
                words = tuple(p.word for p in node.parts if p.kind == "word")
                if words and words[0] not in ("[", "[["):
                    out.append(words)
    return out


def _normal(commands: list[tuple[str, ...]]) -> Counter[tuple[str, ...]]:
    # bashlex removes the backslash of `\n` inside double quotes, where the shell keeps it.
    return Counter(tuple(w.replace("\\", "") for w in c) for c in commands)


def test_corpus_has_bodies() -> None:
    assert len(_bodies()) > 1000


def test_tree_sitter_and_bashlex_find_the_same_commands() -> None:
    compared = 0
    mismatches: list[str] = []
    for where, body in _bodies():
        if _SKIP.search(body):
            continue
        expected = _bashlex_commands(body)
        if expected is None:
            continue
        compared += 1
        got = [c for c in parsed_commands(body) if c[0] not in ("[", "[[")]
        if _normal(got) != _normal(expected):
            mismatches.append(f"{where}: {body[:120]!r}\n  walker:  {got}\n  bashlex: {expected}")
    assert compared > 800
    assert not mismatches, f"{len(mismatches)} of {compared}:\n" + "\n".join(mismatches[:20])


@pytest.mark.parametrize(
    "body",
    [
        "a \"b c\" d\\ e 'f'g && x=$(h i) || { j; } | k `l`",
        "for x in a b; do pip install $x; done; f() { g; }",
        "if a; then b; elif c; then d; else e; fi; while f; do g; done; until h; do i; done",
        "cat <<EOF > f\nbody $X\nEOF\necho done",
        'export A="x y" B; unset C; local D=1',
    ],
)
def test_constructs_agree_with_bashlex(body: str) -> None:
    expected = _bashlex_commands(body)
    assert expected is not None
    assert _normal(parsed_commands(body)) == _normal(expected)
