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


# Go's character classes, as members (ranges `a-z`) of a bracket expression: `[[:alnum:]]`
# inside brackets, `\d` `\s` `\w` anywhere (ASCII, as Go's).
_POSIX = {
    "alnum": "0-9A-Za-z", "alpha": "A-Za-z", "ascii": "\x00-\x7f", "blank": " \t",
    "cntrl": "\x00-\x1f\x7f", "digit": "0-9", "graph": "!-~", "lower": "a-z", "print": " -~",
    "punct": "!-/:-@[-`{-~", "space": "\t\n\x0b\x0c\r ", "upper": "A-Z", "word": "0-9A-Za-z_",
    "xdigit": "0-9A-Fa-f",
}  # fmt: skip
_PERL = {"d": "0-9", "s": "\t\n\x0c\r ", "w": "0-9A-Za-z_"}
_CONTROL = {"t": "\t", "n": "\n", "r": "\r", "f": "\x0c", "v": "\x0b", "a": "\x07"}


@lru_cache(maxsize=256)
def compile_pattern(pattern: str, exception: bool = False) -> tuple[_Token, ...]:
    """Tokens of one cleaned pattern (patternmatcher's translation, rule for rule).

    A Go construct read nowhere here (a word boundary, a Unicode class) matches nothing in a
    pattern that excludes, and anything in an exception (`!…`): either way no file the build
    copies is taken for excluded."""
    out: list[_Token] = []
    unread = _Token("all") if exception else _Token("never")
    i, n = 0, len(pattern)
    unclosed = False
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
            escaped = pattern[i]
            i += 1
            if escaped.lower() in _PERL:
                out.append(_Token("class", _PERL[escaped.lower()], escaped.isupper()))
            elif escaped in _CONTROL:
                out.append(_Token("lit", _CONTROL[escaped]))
            else:
                out.append(unread if escaped.isalnum() else _Token("lit", escaped))
        elif c == "[" and not unclosed:
            token, i = _bracket(pattern, i)
            # With no `]` after this `[`, Go refuses the pattern (the build fails there): the
            # rest is read as literals, not searched for a `]` again from each later `[`
            # (20,000 `[` took over 20 s).
            unclosed = token is None
            out.append(token if token is not None else _Token("lit", "["))
        else:
            out.append(_Token("lit", c))
    return tuple(out)


def _bracket(pattern: str, i: int) -> tuple[_Token | None, int]:
    """The Go bracket expression after a `[` at i-1, and where it ends; None: no closing `]` (a
    pattern Go refuses)."""
    n = len(pattern)
    negated = i < n and pattern[i] == "^"
    j = i + negated
    members: list[str] = []
    first = True
    named = True  # a `:]` may still follow (looked for once more only while one does)
    while j < n:
        c = pattern[j]
        if c == "]" and not first:
            return _Token("class", "".join(members), negated), j + 1
        first = False
        if named and pattern.startswith("[:", j) and (end := pattern.find(":]", j + 2)) > 0:
            members.append(_POSIX.get(pattern[j + 2 : end], ""))
            j = end + 2
        elif named and pattern.startswith("[:", j):
            named = False
            members.append(c)
            j += 1
        elif c == "\\" and j + 1 < n:
            escaped = pattern[j + 1]
            members.append(_PERL.get(escaped, _CONTROL.get(escaped, escaped)))
            j += 2
        else:
            members.append(c)
            j += 1
    return None, i


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
def _regex(pattern: str, exception: bool = False) -> re.Pattern[str] | None:
    """The tokens as one expression, for a pattern that cannot make it backtrack far."""
    tokens = compile_pattern(pattern, exception)
    unbounded = sum(t.kind in ("star", "all", "dirs") for t in tokens)
    if unbounded > 2 or sum(t.kind == "dirs" for t in tokens) > 1:
        return None
    # None for `[z-a]`: Go refuses it; the token matcher finds no such character.
    text = _expression(tokens)
    return re.compile(text, re.DOTALL) if text is not None else None


def joinable_expression(pattern: str, exception: bool = False) -> str | None:
    """An expression matching exactly the names `matches` does, with no more backtracking than
    `matches` spends (None: the pattern runs on the token matcher). A `**/T` matched by its
    last name: `.*/` inside an atomic group stops at the last `/` and is not tried again at
    each earlier one."""
    if (regex := _regex(pattern, exception)) is not None:
        return regex.pattern
    last = _last_name_pattern(pattern, exception)
    name_regex = _regex(last, exception) if last is not None else None
    return f"(?:(?>.*/))?(?:{name_regex.pattern})" if name_regex is not None else None


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


def cost(pattern: str, name: str, exception: bool = False) -> int:
    """Work a match of `name` costs when the token matcher runs it (0: the compiled one's)."""
    if _regex(pattern, exception) is not None:
        return 0
    if (last := _last_name_pattern(pattern, exception)) is not None:
        return cost(last, name.rpartition("/")[2], exception)
    if _folder_then_name(pattern, exception) is not None:
        return 0
    return (len(name) + 1) * (len(compile_pattern(pattern, exception)) + 1)


def matches(pattern: str, name: str, exception: bool = False) -> bool:
    """The whole of `name` matches `pattern` (case and all, as BuildKit); `exception`: the
    pattern re-includes (`!…`)."""
    regex = _regex(pattern, exception)
    if regex is not None:
        return regex.fullmatch(name) is not None
    if (last := _last_name_pattern(pattern, exception)) is not None:
        return matches(last, name.rpartition("/")[2], exception)
    if (split := _folder_then_name(pattern, exception)) is not None:
        folder, last_name = split
        tail = name.rpartition("/")[2]
        head = name[: len(name) - len(tail)]
        return last_name.fullmatch(tail) is not None and folder.search(head) is not None
    return token_matches(pattern, name, exception)


_FIXED = frozenset({"lit", "one", "class"})


@lru_cache(maxsize=256)
def _folder_then_name(
    pattern: str, exception: bool = False
) -> tuple[re.Pattern[str], re.Pattern[str]] | None:
    """For `**/A/**/T` (`**/__pycache__/**/*.pyc`, `**/node_modules/**/*.js`: common in real
    ignore files, and past the compiled route with two `**`), A of fixed length and T matching
    no `/`: a search for `A/` starting the name or after a `/` in the name's folders, and T
    against its last name. `(.*/)?A/(.*/)?T` matches exactly so: T cannot reach back past the
    last `/`, so `A/` ends at a `/` before it, and a `(.*/)?` fills any gap. Linear in the
    name; the token matcher's work on each path used up a context's budget after ~1,200
    paths (a real ignore file refused)."""
    tokens = compile_pattern(pattern, exception)
    kinds = [t.kind for t in tokens]
    if kinds.count("dirs") != 2 or kinds[0] != "dirs" or "all" in kinds or "never" in kinds:
        return None
    second = kinds.index("dirs", 1)
    folder, last = tokens[1:second], tokens[second + 1 :]
    if not folder or folder[-1] != _Token("lit", "/") or not last:
        return None
    if any(t.kind not in _FIXED for t in folder) or sum(t.kind == "star" for t in last) > 2:
        return None
    if any(
        (t.kind == "lit" and t.text == "/") or (t.kind == "class" and _in_class(t, "/"))
        for t in last
    ):
        return None
    folder_text = _expression(folder)
    last_text = _expression(last)
    if folder_text is None or last_text is None:
        return None
    return re.compile(f"(?:^|(?<=/)){folder_text}", re.DOTALL), re.compile(last_text, re.DOTALL)


def _expression(tokens: tuple[_Token, ...]) -> str | None:
    parts: list[str] = []
    for token in tokens:
        if token.kind == "class":
            members = _class_expression(token.text)
            if members is None:
                return None
            parts.append(f"[{'^' if token.negated else ''}{members}]")
        else:
            parts.append(_EXPRESSIONS.get(token.kind) or re.escape(token.text))
    return "".join(parts)


@lru_cache(maxsize=256)
def _last_name_pattern(pattern: str, exception: bool = False) -> str | None:
    """T of a pattern `**/T` whose T can match no `/` (`**/.*.sw*`, common in real ignore files,
    has three wildcards and so misses the compiled route). `(.*/)?T` matches a path exactly
    when T matches its last name: T cannot reach back past the last `/`, and a path holding a
    `/` has no reading without the prefix. Matching that name alone keeps the work per path at
    one name's length, not the whole path's times its depth."""
    tokens = compile_pattern(pattern, exception)
    last = pattern[3:]
    if not pattern.startswith("**/") or not last or tokens[0].kind != "dirs":
        return None
    if compile_pattern(last, exception) != tokens[1:] or any(
        token.kind in ("all", "dirs")
        or (token.kind == "lit" and token.text == "/")
        or (token.kind == "class" and _in_class(token, "/"))
        for token in tokens[1:]
    ):
        return None
    return last


def token_matches(pattern: str, name: str, exception: bool = False) -> bool:
    """`matches` by the token matcher alone, in linear time whatever the pattern."""
    tokens = compile_pattern(pattern, exception)
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
