"""COPY/ADD source wildcards resolved as BuildKit resolves them.

BuildKit (tonistiigi/fsutil copy.ResolveWildcards) splits the source at its first path component
holding a wildcard (``*``, ``?`` or ``[`` not escaped by ``\\``): the components before it are a
literal folder, and every path below that folder (walked in name order, a matched folder not
entered, a linked folder never entered) whose relative path matches the rest under Go's
path/filepath.Match is copied. Match's rules (Unix), which differ from Python's fnmatch:

- ``*`` and ``?`` never match ``/``: a pattern matches paths of its own depth only;
- ``[^…]`` negates a class; ``!`` is an ordinary member (``[!a]`` matches ``!`` or ``a``);
- ``\\x`` is a literal x, in and out of classes; a class cannot be empty and ``-``/``]`` cannot
  open a range (``[]a]`` is malformed); a class may match ``/``;
- a malformed pattern (``[`` unclosed, a trailing ``\\``) matches nothing: fsutil drops Match's
  error, and the Dockerfile frontend allows an empty wildcard, so the build copies nothing.

Match fixes each star's extent at the first place the chunk after it matches (it does not
backtrack over an earlier star); that is kept here, so a class that matches ``/`` behaves as Go's.
"""

from __future__ import annotations

from functools import lru_cache

# One single-character term: ("lit", c), ("any", "") for `?`, or ("class", negated) with ranges.
_Term = tuple[str, str, bool, tuple[tuple[str, str], ...]]
_Chunk = tuple[bool, tuple[_Term, ...]]  # (after a star, the terms up to the next star)


class _BadPattern(ValueError):
    pass


def has_wildcards(component: str) -> bool:
    """A `*`, `?` or `[` not escaped by a backslash (fsutil's containsWildcards, on Unix)."""
    i = 0
    while i < len(component):
        if component[i] == "\\":
            i += 2
            continue
        if component[i] in "*?[":
            return True
        i += 1
    return False


def split_wildcards(path: str) -> tuple[str, str]:
    """(the literal folder, the pattern below it) of a `/`-separated path; the pattern is ""
    when no component holds a wildcard."""
    parts = path.split("/")
    for k, part in enumerate(parts):
        if has_wildcards(part):
            return "/".join(parts[:k]), "/".join(parts[k:])
    return path, ""


def match(pattern: str, name: str) -> bool:
    """`name` matches the whole of `pattern` as Go's filepath.Match has it; a malformed pattern
    matches nothing."""
    chunks = _compile(pattern)
    if chunks is None:
        return False
    pos, count = 0, len(chunks)
    for k, (star, terms) in enumerate(chunks):
        last = k == count - 1
        if star and not terms:  # a trailing star takes the rest, if it crosses no `/`
            return "/" not in name[pos:]
        end = _match_terms(terms, name, pos)
        if end is not None and (end == len(name) or not last):
            pos = end
            continue
        if not star:
            return False
        # The star takes one more character at a time, never a `/`.
        skip = pos
        while skip < len(name) and name[skip] != "/":
            skip += 1
            end = _match_terms(terms, name, skip)
            if end is not None and (not last or end == len(name)):
                pos = end
                break
        else:
            return False
    return pos == len(name)


def max_separators(pattern: str) -> int:
    """The most `/` a name `pattern` matches can hold (-1: it matches nothing): how deep below
    the literal folder a match can lie. Only a literal `/` or a class can match one."""
    chunks = _compile(pattern)
    if chunks is None:
        return -1
    return sum(
        1 for _, terms in chunks for term in terms if term[0] != "any" and _term_matches(term, "/")
    )


@lru_cache(maxsize=256)
def _compile(pattern: str) -> tuple[_Chunk, ...] | None:
    try:
        return tuple((star, _terms(chunk)) for star, chunk in _scan(pattern))
    except _BadPattern:
        return None


def _scan(pattern: str) -> list[tuple[bool, str]]:
    """The pattern cut before each run of stars outside a class: (star before, chunk)."""
    out: list[tuple[bool, str]] = []
    i, n = 0, len(pattern)
    while i < n or not out:
        star = False
        while i < n and pattern[i] == "*":
            star, i = True, i + 1
        start, in_class = i, False
        while i < n:
            c = pattern[i]
            if c == "\\":
                i += 1  # the escaped character is part of the chunk, whatever it is
            elif c == "[":
                in_class = True
            elif c == "]":
                in_class = False
            elif c == "*" and not in_class:
                break
            i += 1
        i = min(i, n)
        out.append((star, pattern[start:i]))
        if i >= n:
            break
    return out


def _terms(chunk: str) -> tuple[_Term, ...]:
    terms: list[_Term] = []
    i, n = 0, len(chunk)
    while i < n:
        c = chunk[i]
        if c == "[":
            i += 1
            if i >= n:
                raise _BadPattern
            negated = chunk[i] == "^"
            i += negated
            ranges: list[tuple[str, str]] = []
            while True:
                if i < n and chunk[i] == "]" and ranges:
                    i += 1
                    break
                lo, i = _class_char(chunk, i)
                hi = lo
                if chunk[i] == "-":
                    hi, i = _class_char(chunk, i + 1)
                ranges.append((lo, hi))
            terms.append(("class", "", negated, tuple(ranges)))
        elif c == "?":
            terms.append(("any", "", False, ()))
            i += 1
        else:
            if c == "\\":
                i += 1
                if i >= n:
                    raise _BadPattern  # a trailing backslash escapes nothing
            terms.append(("lit", chunk[i], False, ()))
            i += 1
    return tuple(terms)


def _class_char(chunk: str, i: int) -> tuple[str, int]:
    """One member of a class at i, possibly escaped, and where it ends; something must follow
    it (at least the closing `]`)."""
    n = len(chunk)
    if i >= n or chunk[i] in "-]":
        raise _BadPattern
    if chunk[i] == "\\":
        i += 1
        if i >= n:
            raise _BadPattern
    if i + 1 >= n:
        raise _BadPattern
    return chunk[i], i + 1


def _term_matches(term: _Term, char: str) -> bool:
    kind, literal, negated, ranges = term
    if kind == "lit":
        return char == literal
    if kind == "any":
        return char != "/"
    return any(lo <= char <= hi for lo, hi in ranges) != negated


def _match_terms(terms: tuple[_Term, ...], name: str, pos: int) -> int | None:
    """Where the terms, matched from pos, end in name; None if they do not match there."""
    if pos + len(terms) > len(name):
        return None
    for offset, term in enumerate(terms):
        if not _term_matches(term, name[pos + offset]):
            return None
    return pos + len(terms)
