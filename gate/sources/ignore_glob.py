"""``.dockerignore`` patterns matched in linear time.

The Docker SDK turns each pattern into a regular expression and hands it to ``re``, which
backtracks: ``a*a*a*a*a*a*b`` against one long file name never ends. The same translation
(``docker.utils.fnmatch.translate``: ``*`` is ``[^/]*``, ``**`` is ``(.*/)?`` or ``.*`` at the end,
``?`` is ``[^/]``, ``[…]`` a class, both sides lower-cased) is read here into tokens and run as a
set of states over the name: time is the pattern's length times the name's. Patterns with at most
two unbounded parts (`**/*.pyc`, `docs/**/*.rst`: nearly all real ones) keep the SDK's compiled
expression, which is ten times faster and cannot blow up with so few.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class _Token:
    kind: str  # "lit", "star" ([^/]*), "one" ([^/]), "class", "all" (.*), "dirs" ((.*/)?)
    text: str = ""  # the literal character; the class's members
    negated: bool = False


@lru_cache(maxsize=256)
def compile_pattern(pattern: str) -> tuple[_Token, ...]:
    """Tokens of one cleaned pattern (the SDK's translate, rule for rule)."""
    pat = pattern.lower()
    out: list[_Token] = []
    i, n = 0, len(pat)
    while i < n:
        c = pat[i]
        i += 1
        if c == "*":
            if i < n and pat[i] == "*":
                i += 1
                if i < n and pat[i] == "/":
                    i += 1
                out.append(_Token("all" if i >= n else "dirs"))
            else:
                out.append(_Token("star"))
        elif c == "?":
            out.append(_Token("one"))
        elif c == "[":
            j = i
            if j < n and pat[j] == "!":
                j += 1
            if j < n and pat[j] == "]":
                j += 1
            while j < n and pat[j] != "]":
                j += 1
            if j >= n:
                out.append(_Token("lit", "["))
            else:
                stuff = pat[i:j]
                i = j + 1
                negated = stuff.startswith("!")
                out.append(_Token("class", stuff[1:] if negated else stuff, negated))
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
    """The SDK's expression for a pattern it cannot make backtrack far, else None."""
    tokens = compile_pattern(pattern)
    unbounded = sum(t.kind in ("star", "all", "dirs") for t in tokens)
    if unbounded > 2 or sum(t.kind == "dirs" for t in tokens) > 1:
        return None
    from docker.utils.fnmatch import translate  # the SDK is heavy: only when a rule is asked

    try:
        return re.compile(translate(pattern.lower()))
    except re.error:
        return None  # `[z-a]`: the SDK raises; the token matcher finds no such character


def cost(pattern: str, name: str) -> int:
    """Work a match of `name` costs when the token matcher runs it (0: the SDK's expression)."""
    if _regex(pattern) is not None:
        return 0
    return (len(name) + 1) * (len(compile_pattern(pattern)) + 1)


def matches(pattern: str, name: str) -> bool:
    """The whole of `name` matches `pattern` (as the SDK's ``fnmatch``: case folded)."""
    regex = _regex(pattern)
    if regex is not None:
        return regex.match(name.lower()) is not None
    return token_matches(pattern, name)


def token_matches(pattern: str, name: str) -> bool:
    """`matches` by the token matcher alone, in linear time whatever the pattern."""
    tokens = compile_pattern(pattern)
    end = 2 * len(tokens)
    states = _closure(tokens, {0})
    for char in name.lower():
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
