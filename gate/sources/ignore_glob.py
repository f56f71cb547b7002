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


# What may follow a leading `**` for patternmatcher to match by suffix: no `*`, `?`, `[`, `]`
# or `\\` (each makes it compile a regular expression), and no `/` first.
_SUFFIX_ONLY = re.compile(r"[^/*?\[\]\\][^*?\[\]\\]*")


def suffix_match(pattern: str) -> bool:
    """A cleaned pattern Docker 23+ (patternmatcher's suffixMatch) reads as "ends with the rest"
    and Docker 20.10's BuildKit as `(.*/)?REST` (`**.conf`): the two versions disagree on it."""
    return pattern.startswith("**") and _SUFFIX_ONLY.fullmatch(pattern, 2) is not None


@lru_cache(maxsize=256)
def compile_pattern(pattern: str, exception: bool = False) -> tuple[_Token, ...]:
    """Tokens of one cleaned pattern (patternmatcher's translation, rule for rule).

    A Go construct read nowhere here (a word boundary, a Unicode class) matches nothing in a
    pattern that excludes, and anything in an exception (`!…`): either way no file the build
    copies is taken for excluded."""
    if suffix_match(pattern):
        # patternmatcher's suffixMatch: a leading `**` and nothing after it that makes a
        # regular expression is a test that the path ends with the rest (`**.conf` matches
        # conf/pip.conf), not `(.*/)?` (read so, gate kept such files in the context where the
        # build leaves them out; with the rest opening on `/` the two agree).
        return (_Token("all"), *(_Token("lit", c) for c in pattern[2:]))
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
        elif c == "^":
            out.append(_Token("caret"))
        else:
            out.append(_Token("lit", c))
    return _anchored(tuple(out)) if _compiles(pattern) else _literal_carets(tuple(out))


def _compiles(pattern: str) -> bool:
    """patternmatcher compiles the pattern to a regular expression (its regexpMatch; else it
    compares the text whole, as a prefix before a closing `**`, or a suffix after a leading
    one): a `*` alone, `?`, `[`, `]`, a `\\` before a character, or a `**` inside."""
    i, n, plain = 0, len(pattern), True  # plain: exactMatch so far
    while i < n:
        c = pattern[i]
        if c == "*" and pattern.startswith("**", i):
            k = i + 2 + pattern.startswith("/", i + 2)
            if i > 0 and (k < n or not plain):
                return True
            plain = i > 0 or k >= n  # a leading `**`: suffixMatch, compiled if more follows
            i = k
            continue
        if c in "*?[]" or (c == "\\" and i + 1 < n):
            return True
        i += 1
    return False


def _literal_carets(tokens: tuple[_Token, ...]) -> tuple[_Token, ...]:
    return tuple(_Token("lit", "^") if t.kind == "caret" else t for t in tokens)


def _anchored(tokens: tuple[_Token, ...]) -> tuple[_Token, ...]:
    """A `^` outside a class is Go's start-of-text anchor in the expression patternmatcher
    compiles (it escapes `.+()|{}$`, not `^`): `*^pip.conf` matches pip.conf alone, and a `^`
    after anything that must take a character matches nothing. Read as a literal, gate kept
    pip.conf in the context where the build leaves it out."""
    while (k := next((i for i, t in enumerate(tokens) if t.kind == "caret"), -1)) >= 0:
        if any(t.kind not in ("star", "all", "dirs") for t in tokens[:k]):
            return (_Token("never"),)
        tokens = tokens[k + 1 :]  # what comes before it matched nothing
    return tokens


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
    if _components(pattern, exception) is not None:
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
    if (segments := _components(pattern, exception)) is not None:
        return _components_match(segments, name.split("/"))
    return token_matches(pattern, name, exception)


# A pattern read name by name: each item one name's expression, or ANY_NAMES (`**/`: any
# number of whole names) or SOME_NAMES (a closing `/**`: one or more).
ANY_NAMES = "any"
SOME_NAMES = "some"
_Segment = re.Pattern[str] | str
_IN_A_NAME = frozenset({"lit", "one", "class", "star", "never"})
# Names (and `**`s) of a pattern matched name by name: its work per path is these times the
# path's names, uncounted, so it stays small.
MAX_SEGMENTS = 16


@lru_cache(maxsize=256)
def _components(pattern: str, exception: bool = False) -> tuple[_Segment, ...] | None:
    """The pattern as a sequence over the name's `/`-separated names, when every `**` stands
    for whole names (`**/*.egg-info/**`, `**/__pycache__/**/*.pyc`, `a/**/b/**/c*`: common in
    real ignore files, past the compiled route with three or more unbounded parts) and no part
    of one name can match a `/`. `(.*/)?` at a name's start is any number of whole names, a
    closing `/.*` one or more (a cleaned name never ends in `/`), and a name's own part runs
    within it. None otherwise: the token matcher runs it. Matched name by name, the work is
    the pattern's names times the path's (~1,200 paths of a real context spent the whole
    budget on the token matcher, and gate refused the Dockerfile)."""
    tokens = compile_pattern(pattern, exception)
    segments: list[_Segment] = []
    current: list[_Token] = []
    for k, token in enumerate(tokens):
        if token.kind == "lit" and token.text == "/":
            if not current:
                return None
            if (segment := _one_name(current)) is None:
                return None
            segments.append(segment)
            current = []
        elif token.kind == "dirs" and not current:
            segments.append(ANY_NAMES)
        elif token.kind == "all" and not current and k == len(tokens) - 1 and segments:
            segments.append(SOME_NAMES)
        elif token.kind in _IN_A_NAME and not (token.kind == "class" and _in_class(token, "/")):
            current.append(token)
        else:
            return None
    if current:
        if (segment := _one_name(current)) is None:
            return None
        segments.append(segment)
    if not segments or len(segments) > MAX_SEGMENTS:
        return None  # a longer one's work is counted on the token matcher
    return tuple(segments)


def _one_name(tokens: list[_Token]) -> re.Pattern[str] | None:
    """One name's expression; None past two `*` (one name's backtracking stays small)."""
    if sum(t.kind == "star" for t in tokens) > 2:
        return None
    text = _expression(tuple(tokens))
    return re.compile(text, re.DOTALL) if text is not None else None


def _components_match(segments: tuple[_Segment, ...], names: list[str]) -> bool:
    """`names` matches the segments whole: reachable[i] is whether the segments so far can
    end just before names[i] (each name tried against each segment at most once)."""
    reachable = [True] + [False] * len(names)
    for segment in segments:
        if segment == ANY_NAMES:
            for i in range(1, len(reachable)):
                reachable[i] = reachable[i] or reachable[i - 1]
        elif segment == SOME_NAMES:
            return any(reachable[:-1])
        else:
            assert isinstance(segment, re.Pattern)
            nxt = [False] * len(reachable)
            for i, name in enumerate(names):
                if reachable[i] and segment.fullmatch(name) is not None:
                    nxt[i + 1] = True
            reachable = nxt
    return reachable[-1]


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
