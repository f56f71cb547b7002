"""``.dockerignore`` patterns matched as BuildKit matches them, in linear time.

BuildKit (moby/patternmatcher) turns each cleaned pattern into a Go regular expression: ``*`` is
``[^/]*``, ``**`` is ``(.*/)?`` (``.*`` at the end), ``?`` is ``[^/]``, ``[…]`` is passed through
as a Go class (``[^a]`` negates, ``!`` is a member like any other), ``\\x`` is a literal x, and
nothing is case folded (the Docker SDK's fnmatch lower-cases both sides and reads ``[!a]`` as a
negation: `Requirements.txt` there excludes requirements.txt, which `docker build` copies). The
pattern is read here into tokens and run as a set of states over the name: time is the
pattern's length times the name's. Patterns with at most two unbounded parts (`**/*.pyc`,
`docs/**/*.rst`: nearly all real ones) run as a compiled expression of the same tokens, which is
ten times faster and cannot blow up with so few.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class _Token:
    # "lit", "star" ([^/]*), "one" ([^/]), "class", "all" (.*), "dirs" ((.*/)?), "never"
    kind: str
    text: str = ""  # the literal character; the class's members
    negated: bool = False


@lru_cache(maxsize=256)
def compile_pattern(pattern: str) -> tuple[_Token, ...]:
    """Tokens of one cleaned pattern (patternmatcher's translation, rule for rule)."""
    out: list[_Token] = []
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        i += 1
        if c == "*":
            if i < n and pattern[i] == "*":
                i += 1
                if i < n and pattern[i] == "/":
                    i += 1
                out.append(_Token("all" if i >= n else "dirs"))
            else:
                out.append(_Token("star"))
        elif c == "?":
            out.append(_Token("one"))
        elif c == "\\" and i < n:
            # `\*` is a literal `*`; `\r`, `\d`… are Go escapes (a carriage return, a digit
            # class): read as matching nothing, so no file is taken for excluded that is not.
            escaped = pattern[i]
            out.append(_Token("never") if escaped.isalnum() else _Token("lit", escaped))
            i += 1
        elif c == "[":
            j = i
            if j < n and pattern[j] == "^":
                j += 1
            if j < n and pattern[j] == "]":
                j += 1
            while j < n and pattern[j] != "]":
                j += 2 if pattern[j] == "\\" else 1
            if j >= n:
                out.append(_Token("lit", "["))  # no closing `]`: a pattern Go refuses
            else:
                stuff = pattern[i:j]
                i = j + 1
                negated = stuff.startswith("^")
                members = stuff[1:] if negated else stuff
                out.append(_Token("class", re.sub(r"\\(.)", r"\1", members), negated))
        else:
            out.append(_Token("lit", c))
    return tuple(out)


def _in_class(token: _Token, char: str) -> bool:
    members, k, found = token.text, 0, False
    while k < len(members):
        if k + 2 < len(members) and members[k + 1] == "-":
            found = found or members[k] <= char <= members[k + 2]
            k += 3
        else:
            found = found or members[k] == char
            k += 1
    return found != token.negated


def _closure(tokens: tuple[_Token, ...], states: set[int]) -> set[int]:
    """States 2*i (before token i) and 2*i+1 (inside the `.*/` of a "dirs" token i)."""
    todo, seen = list(states), set(states)
    while todo:
        state = todo.pop()
        i, inside = divmod(state, 2)
        if inside or i >= len(tokens):
            continue
        kind = tokens[i].kind
        if kind in ("star", "all", "dirs"):
            for nxt in (2 * (i + 1), 2 * i + 1) if kind == "dirs" else (2 * (i + 1),):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
    return seen


@lru_cache(maxsize=256)
def _regex(pattern: str) -> re.Pattern[str] | None:
    """The tokens as one expression, for a pattern that cannot make it backtrack far."""
    tokens = compile_pattern(pattern)
    unbounded = sum(t.kind in ("star", "all", "dirs") for t in tokens)
    if unbounded > 2 or sum(t.kind == "dirs" for t in tokens) > 1:
        return None
    parts: list[str] = []
    for token in tokens:
        if token.kind == "class":
            members = _class_expression(token.text)
            if members is None:
                return None  # `[z-a]`: Go refuses it; the token matcher finds no such character
            parts.append(f"[{'^' if token.negated else ''}{members}]")
        else:
            parts.append(_EXPRESSIONS.get(token.kind) or re.escape(token.text))
    return re.compile("".join(parts), re.DOTALL)


_EXPRESSIONS = {"star": "[^/]*", "one": "[^/]", "all": ".*", "dirs": "(?:.*/)?", "never": "(?!)"}


def _class_expression(members: str) -> str | None:
    out: list[str] = []
    k = 0
    while k < len(members):
        if k + 2 < len(members) and members[k + 1] == "-":
            if members[k] > members[k + 2]:
                return None
            out.append(f"{re.escape(members[k])}-{re.escape(members[k + 2])}")
            k += 3
        else:
            out.append(re.escape(members[k]))
            k += 1
    return "".join(out) or None


def cost(pattern: str, name: str) -> int:
    """Work a match of `name` costs when the token matcher runs it (0: the SDK's expression)."""
    if _regex(pattern) is not None:
        return 0
    return (len(name) + 1) * (len(compile_pattern(pattern)) + 1)


def matches(pattern: str, name: str) -> bool:
    """The whole of `name` matches `pattern` (case and all, as BuildKit)."""
    regex = _regex(pattern)
    if regex is not None:
        return regex.fullmatch(name) is not None
    return token_matches(pattern, name)


def token_matches(pattern: str, name: str) -> bool:
    """`matches` by the token matcher alone, in linear time whatever the pattern."""
    tokens = compile_pattern(pattern)
    end = 2 * len(tokens)
    states = _closure(tokens, {0})
    for char in name:
        nxt: set[int] = set()
        for state in states:
            i, inside = divmod(state, 2)
            if i >= len(tokens):
                continue
            token = tokens[i]
            if inside:  # "dirs": `.*` then a `/` that ends it
                nxt.add(state)
                if char == "/":
                    nxt.add(2 * (i + 1))
            elif token.kind in ("star", "all"):
                if token.kind == "all" or char != "/":
                    nxt.add(state)
            elif token.kind == "one":
                if char != "/":
                    nxt.add(2 * (i + 1))
            elif token.kind == "class":
                if _in_class(token, char):
                    nxt.add(2 * (i + 1))
            elif token.kind == "lit" and token.text == char:
                nxt.add(2 * (i + 1))
        if not nxt:
            return False
        states = _closure(tokens, nxt)
    return end in states
