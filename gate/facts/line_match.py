"""Line selection for the patterns line_regex translates, in time linear in the line.

Python's `re` backtracks: `grep -E '(a|aa)*c'` over a line of 40 `a`s, or `a*a*a*c` over 500,
ran for minutes (a 229-byte Dockerfile). The patterns line_regex and `re.escape` write use a
small part of Python's syntax (`(?:…)`, `|`, `*`, `+`, `?`, `.`, `[…]`, `^`, `$`, escaped
characters); here they become a Thompson automaton, run as a DFA built lazily per pattern.
Only whether a line holds a match is asked (`search`), which the automaton answers exactly.
Past MAX_DFA_STATES or MAX_WORK the pattern is not run (`Unmatchable`): the caller takes the
output for some of the lines, as for a pattern it cannot translate.
"""

from __future__ import annotations

from dataclasses import dataclass

from gate.facts import filter_work

MAX_DFA_STATES = 2048
# NFA states visited in building the DFA (closures and moves). Each state costs a closure, so
# states times the pattern's size is bounded too: 2,000 DFA states of a 30,000-state pattern
# would hold 60 M members (and take minutes to build). The tests' filters take 200 at most.
MAX_WORK = 1 << 20

_CONTROL = {"t": "\t", "n": "\n", "r": "\r", "f": "\f", "v": "\v"}


class Unmatchable(Exception):
    """The pattern's automaton grew past the bound: which lines it selects is not worked out."""


@dataclass(frozen=True)
class _Class:
    chars: frozenset[str]
    negate: bool

    def has(self, c: str) -> bool:
        return (c in self.chars) != self.negate


_ANY = _Class(frozenset("\n"), True)  # `.`: anything but a newline, as Python's re


class _Parser:
    """The pattern as a tree: ("alt", [seq…]) / ("seq", [node…]) / ("rep", op, node) /
    ("char", _Class) / ("bol",) / ("eol",)."""

    def __init__(self, pattern: str) -> None:
        self.p = pattern
        self.k = 0

    def parse(self) -> tuple[object, ...]:
        node = self.alt()
        if self.k != len(self.p):
            raise ValueError("unbalanced")
        return node

    def alt(self) -> tuple[object, ...]:
        seqs = [self.seq()]
        while self.k < len(self.p) and self.p[self.k] == "|":
            self.k += 1
            seqs.append(self.seq())
        return ("alt", seqs)

    def seq(self) -> tuple[object, ...]:
        items: list[tuple[object, ...]] = []
        while self.k < len(self.p) and self.p[self.k] not in "|)":
            atom = self.atom()
            while self.k < len(self.p) and self.p[self.k] in "*+?":
                atom = ("rep", self.p[self.k], atom)
                self.k += 1
            items.append(atom)
        return ("seq", items)

    def atom(self) -> tuple[object, ...]:
        p, k = self.p, self.k
        c = p[k]
        if p.startswith("(?:", k):
            self.k += 3
            inner = self.alt()
            if self.k >= len(p) or p[self.k] != ")":
                raise ValueError("unclosed group")
            self.k += 1
            return inner
        if c in "(){}":
            raise ValueError(f"not this syntax: {c}")
        self.k += 1
        if c == "^":
            return ("bol",)
        if c == "$":
            return ("eol",)
        if c == ".":
            return ("char", _ANY)
        if c == "[":
            return ("char", self.bracket())
        if c == "\\":
            return ("char", _Class(frozenset(self.escaped()), False))
        if c in "*+?":
            raise ValueError("repeat of nothing")
        return ("char", _Class(frozenset(c), False))

    def escaped(self) -> str:
        if self.k >= len(self.p):
            raise ValueError("trailing backslash")
        c = self.p[self.k]
        self.k += 1
        if c.isalnum() and c not in _CONTROL:
            raise ValueError(f"not this syntax: \\{c}")  # \d, \w, \1 …: not written here
        return _CONTROL.get(c, c)

    def bracket(self) -> _Class:
        negate = self.p.startswith("^", self.k)
        if negate:
            self.k += 1
        chars: set[str] = set()
        first = True
        prev: str | None = None
        while True:
            if self.k >= len(self.p):
                raise ValueError("unclosed bracket")
            c = self.p[self.k]
            if c == "]" and not first:
                self.k += 1
                return _Class(frozenset(chars), negate)
            first = False
            self.k += 1
            if c == "\\":
                c = self.escaped()
            elif c == "-" and prev is not None and self.k < len(self.p) and self.p[self.k] != "]":
                high = self.p[self.k]
                self.k += 1
                if high == "\\":
                    high = self.escaped()
                chars.update(chr(o) for o in range(ord(prev), ord(high) + 1))
                prev = None
                continue
            elif c == "[":
                raise ValueError("not this syntax: [ in a bracket")
            chars.add(c)
            prev = c


# NFA state kinds; a state's index is its id (see _Builder).
_CHAR, _SPLIT, _BOL, _EOL, _MATCH = range(5)


class _Builder:
    """Thompson's construction: per state its kind, its class (_CHAR) and where it goes."""

    def __init__(self) -> None:
        self.kind: list[int] = []
        self.cls: list[_Class | None] = []
        self.a: list[int] = []
        self.b: list[int] = []

    def new(self, kind: int, a: int = -1, b: int = -1, cls: _Class | None = None) -> int:
        self.kind.append(kind)
        self.cls.append(cls)
        self.a.append(a)
        self.b.append(b)
        return len(self.kind) - 1

    def build(self, node: tuple[object, ...], out: int) -> int:
        """The id of the state that starts `node`, which goes on to `out`."""
        kind = node[0]
        if kind == "seq":
            items = node[1]
            assert isinstance(items, list)
            for item in reversed(items):
                out = self.build(item, out)
            return out
        if kind == "alt":
            seqs = node[1]
            assert isinstance(seqs, list)
            starts = [self.build(s, out) for s in seqs]
            start = starts[-1]
            for other in reversed(starts[:-1]):
                start = self.new(_SPLIT, other, start)
            return start
        if kind == "char":
            cls = node[1]
            assert isinstance(cls, _Class)
            return self.new(_CHAR, out, cls=cls)
        if kind == "bol":
            return self.new(_BOL, out)
        if kind == "eol":
            return self.new(_EOL, out)
        op, inner = node[1], node[2]
        assert isinstance(inner, tuple)
        if op == "?":
            return self.new(_SPLIT, self.build(inner, out), out)
        loop = self.new(_SPLIT, -1, out)  # filled below: a state that may go round again
        self.a[loop] = self.build(inner, loop)
        return loop if op == "*" else self.a[loop]


class LineMatcher:
    """Whether a line holds a match of the pattern (Python's `re.search`), in linear time."""

    def __init__(self, pattern: str) -> None:
        tree = _Parser(pattern).parse()
        nfa = _Builder()
        match = nfa.new(_MATCH)
        self._start = nfa.build(tree, match)
        self._nfa = nfa
        # The lazy DFA: per state (a set of NFA states before their closure, with whether `^`
        # and `$` hold there) its closure's character states, whether that holds the match,
        # and its moves by character to a position where `$` does not hold (`_moves`) or does
        # (`_ends`), built as characters come. Every position of a line is a step on it, so a
        # line costs a lookup per character once its states are built (closures computed per
        # line took 10 s for 4,096 alternatives over 4,096 lines, a 351-byte Dockerfile).
        self._ids: dict[tuple[frozenset[int], bool, bool], int] = {}
        self._chars: list[tuple[int, ...]] = []
        self._accepts: list[bool] = []
        self._moves: list[dict[str, int]] = []
        self._ends: list[dict[str, int]] = []
        self._edges = 0
        self._work = 0
        self._begins: dict[bool, int] = {}
        self._idle: int | None = None

    def _spend(self, n: int) -> None:
        self._work += n
        if self._work > MAX_WORK or not filter_work.afford(n):
            raise Unmatchable

    def _closure(self, raw: frozenset[int], bol: bool, eol: bool) -> tuple[tuple[int, ...], bool]:
        """The character states reachable from `raw` without consuming, and whether the match
        state is among them; `bol`/`eol`: whether `^`/`$` hold here."""
        nfa = self._nfa
        seen: set[int] = set()
        stack = list(raw)
        chars: list[int] = []
        matched = False
        while stack:
            s = stack.pop()
            if s in seen:
                continue
            seen.add(s)
            kind = nfa.kind[s]
            if kind == _CHAR:
                chars.append(s)
            elif kind == _SPLIT:
                stack.append(nfa.b[s])
                stack.append(nfa.a[s])
            elif kind == _BOL:
                if bol:
                    stack.append(nfa.a[s])
            elif kind == _EOL:
                if eol:
                    stack.append(nfa.a[s])
            else:
                matched = True
        self._spend(len(seen) + len(raw))
        return tuple(sorted(chars)), matched

    def _moved(self, chars: tuple[int, ...], c: str) -> frozenset[int]:
        nfa = self._nfa
        moved = {self._start}  # a match may also start at the next position (a search)
        for s in chars:
            cls = nfa.cls[s]
            if cls is not None and cls.has(c):
                moved.add(nfa.a[s])
        self._spend(len(chars) + 1)
        return frozenset(moved)

    def _state(self, raw: frozenset[int], bol: bool, eol: bool) -> int:
        """The DFA state of `raw` (made when first met; Unmatchable past the bound)."""
        key = (raw, bol, eol)
        got = self._ids.get(key)
        if got is None:
            if len(self._chars) >= MAX_DFA_STATES:
                raise Unmatchable
            chars, matched = self._closure(raw, bol, eol)
            got = self._ids[key] = len(self._chars)
            self._chars.append(chars)
            self._accepts.append(matched)
            self._moves.append({})
            self._ends.append({})
        return got

    def _move(self, state: int, c: str, eol: bool) -> int:
        self._edges += 1
        if self._edges > MAX_DFA_STATES * 64:
            raise Unmatchable
        got = self._state(self._moved(self._chars[state], c), False, eol)
        (self._ends if eol else self._moves)[state][c] = got
        return got

    def _begin(self, eol: bool) -> int:
        got = self._begins.get(eol)
        if got is None:
            got = self._begins[eol] = self._state(frozenset((self._start,)), True, eol)
        return got

    def _idle_state(self) -> int:
        """The state of a position where no match is under way and none can start (every way
        to a match needs `^`, as `^#`), which every character leads back to; -1 if none."""
        if self._idle is None:
            idle = self._state(frozenset((self._start,)), False, False)
            self._idle = idle if not self._chars[idle] else -1
        return self._idle

    def search(self, line: str) -> bool:
        """Whether some part of `line` matches (raises Unmatchable past the bound)."""
        n = len(line)
        # `^` holds at position 0 only; `$` from `first_end` on: the end, and before a newline
        # that ends the line (Python's re). Reading line[k] leads to position k + 1.
        first_end = n - 1 if n > 0 and line[-1] == "\n" else n
        state = self._begin(first_end <= 0)
        accepts, moves, ends = self._accepts, self._moves, self._ends
        if accepts[state]:
            return True
        k = 0
        if first_end > 1:
            idle = self._idle_state()
            while k < first_end - 1:
                if state == idle:
                    k = first_end - 1  # idle until `$` holds: the rest is skipped
                    break
                c = line[k]
                nxt = moves[state].get(c)
                state = self._move(state, c, False) if nxt is None else nxt
                if accepts[state]:
                    return True
                k += 1
        while k < n:  # to the positions where `$` holds
            c = line[k]
            nxt = ends[state].get(c)
            state = self._move(state, c, True) if nxt is None else nxt
            if accepts[state]:
                return True
            k += 1
        return False


def compile_lines(pattern: str) -> LineMatcher | None:
    """The matcher of a pattern line_regex or `re.escape` wrote, or None (other syntax)."""
    try:
        return LineMatcher(pattern)
    except (ValueError, RecursionError):
        return None
