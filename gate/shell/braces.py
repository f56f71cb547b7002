"""Brace expansion as bash does it: `x{a,b}y` → `xay xby`, `{1..3}`, `{a..e}`, `{01..10..2}`.

bash (and zsh, ksh) expands braces before any other expansion, on the word as written: quotes,
`$V` and `$(…)` are carried into each word it makes and expanded there (`{$A,b}` is `$A` and `b`).
POSIX sh (dash, busybox ash) has no brace expansion. The rules here are bash 5.2's, as its manual
states them and as bash behaves at its edges (measured; tests/data/shell/brace_cases.yaml):

- a brace expression is an unquoted `{` and its matching unquoted `}` with an unquoted comma or
  a `..` at its own level between them; anything else (`{}`, `{a}`, `"{a,b}"`, `\\{a,b}`) is text;
- `${…}` is a parameter expansion, never a brace expression, and `$(…)`, `<(…)`, `>(…)` and quoted
  text are passed over whole;
- a `{` at the start of a word followed by `}` (`{}`) does not open one;
- a sequence `{X..Y[..INCR]}` of integers (zero-padded to the widest end when one is written with
  a leading zero) or of single letters; a sequence bash cannot make (mixed ends, overflow) is text.

Words are text in the internal latin-1 form (lex.py): every byte is one character, and no byte
of a multi-byte character is one that counts here.
"""

from __future__ import annotations

import re

from gate.shell.lex import skip_subst
from gate.shell.meter import charge

# Words one word may expand to. `{a,b}{a,b}…` doubles with each group and `{1..100000000}` names
# a hundred million: past this the word is unknown (reported as such), not built.
MAX_BRACE_WORDS = 1024

# Shells that expand braces. bash's rules are the ones here; zsh and the ksh family expand comma
# lists the same way, but not sequences (mksh has none, zsh and ksh93 differ at the edges), so
# there a sequence makes the word unknown. dash, busybox ash, yash and POSIX sh do none.
SEQUENCE_SHELLS = frozenset({"bash", "rbash"})
BRACE_SHELLS = SEQUENCE_SHELLS | {"zsh", "ksh", "ksh93", "mksh", "lksh", "pdksh"}

# The characters a scan stops at, outside quotes and in each kind of quote; every other one only
# moves it on.
_NEXT = {
    "": re.compile(r"[\\$\"'`{},.<>]"),
    "'": re.compile("'"),
    '"': re.compile(r'[\\"$]'),
    "`": re.compile(r"[\\`$]"),
}
_BLANK = (" ", "\t", "\n")
# A comma no backslash escapes (a quoted one counts here: bash reads `{"a,"..b}` as a list).
_COMMA = re.compile(r"(?:^|[^\\])(?:\\\\)*,")
# Brace expressions nested deeper than this, or more characters scanned for one word than this
# (each unmatched `{` is a scan to the end of the word), make the word unknown.
_MAX_DEPTH = 64
_MAX_SCAN = 1 << 17
_INT = re.compile(r"[+-]?[0-9]+")
_INTMAX = (1 << 63) - 1
_INTMIN = -(1 << 63)
_INT_MAX = (1 << 31) - 1


class Unresolved(Exception):
    """The gate does not work this word's words out exactly: the word is unknown."""


class TooMany(Unresolved):
    """The word expands to more than MAX_BRACE_WORDS words."""


class NoSequences(Unresolved):
    """A sequence `{1..3}` in a shell whose sequences differ from bash's (or that has none)."""


def has_brace(text: str) -> bool:
    """Whether brace expansion could change `text` at all (most words have no `{`)."""
    return "{" in text and "}" in text


def expand_braces(text: str, limit: int = MAX_BRACE_WORDS, sequences: bool = True) -> list[str]:
    """The words bash's brace expansion makes of the word `text` (source text, still quoted).

    Raises TooMany past `limit` words; with `sequences` False, NoSequences where a sequence
    expression would be expanded (zsh, ksh and mksh agree with bash on comma lists only);
    Unresolved for a letter sequence across `Z..a`."""
    if not has_brace(text):
        return [text]
    words = _Braces(limit, sequences).expand(text)
    # The words are new text the walk goes on to expand: many capped words in one step still
    # end at the step's meter.
    charge(sum(len(w) + 1 for w in words))
    return words


class _Braces:
    def __init__(self, limit: int, sequences: bool) -> None:
        self.limit = limit
        self.sequences = sequences
        self.left = _MAX_SCAN

    def expand(self, text: str, depth: int = 0) -> list[str]:
        """The words of `text`. Each brace expression, left to right, multiplies the words so
        far by its own (the text before it leading each); the text after it is then read as a
        word of its own, as bash reads it (a `{}` there is at a word start)."""
        if depth > _MAX_DEPTH:
            raise TooMany  # `{{{{…a,b…}}}}`: the words are unknown, the stack stays shallow
        n = len(text)
        out = [""]
        floor = 0  # where the rest of the word starts (a word start for the `{}` rule)
        while True:
            i = floor
            while True:
                i = self.scan(text, i, "{", floor)
                if i >= n:
                    return self.product(out, [text[floor:]])
                close = self.scan(text, i + 1, "}", floor)
                if close < n:
                    break
                i += 1  # no matching `}`: this `{` is text, look for the next one
            amble = text[i + 1 : close]
            if _COMMA.search(amble):
                words = self.amble(amble, depth + 1)
            else:
                got = self.sequence(amble)
                if got is None:
                    if close + 1 >= n:
                        return self.product(out, [text[floor:]])
                    got = [text[i : close + 1]]  # a sequence bash cannot make is text
                words = got
            preamble = text[floor:i]
            out = self.product(out, [preamble + w for w in words] if preamble else words)
            if close + 1 >= n:
                return out
            floor = close + 1

    def amble(self, amble: str, depth: int) -> list[str]:
        """`a,b{c,d}` → each comma-separated part expanded, in order."""
        out: list[str] = []
        start = 0
        while True:
            end = self.scan(amble, start, ",", start)
            out.extend(self.expand(amble[start:end], depth))
            self.check(len(out))
            if end >= len(amble):
                return out
            start = end + 1

    def scan(self, text: str, i: int, stop: str, floor: int) -> int:
        """`_scan` within what is left of the word's scanning allowance."""
        end = min(len(text), i + self.left)
        at = _scan(text, i, stop, floor, end)
        if at >= end and end < len(text):
            raise TooMany  # `{{{{…`: every unmatched `{` is a scan to the end of the word
        self.left -= at - i
        charge(at - i)
        return at

    def product(self, left: list[str], right: list[str]) -> list[str]:
        if len(left) == 1 and not left[0]:
            return right
        if len(right) == 1:
            return [w + right[0] for w in left]
        self.check(len(left) * len(right))
        return [a + b for a in left for b in right]

    def check(self, count: int) -> None:
        if count > self.limit:
            raise TooMany

    def sequence(self, amble: str) -> list[str] | None:
        """`1..10`, `01..10..2`, `a..e`: the words, or None when bash leaves the braces as text."""
        got = _sequence_terms(amble)
        if got is None:
            return None
        if not self.sequences:
            raise NoSequences
        start, end, incr, width = got
        if incr == 0:
            incr = 1
        if (start > end and incr > 0) or (start < end and incr < 0):
            if incr == _INTMIN:
                return None  # bash cannot negate it: the braces stay
            incr = -incr
        span = end - start
        if not _INTMIN + 3 <= span <= _INTMAX - 2 or abs(span) // abs(incr) > _INT_MAX - 3:
            return None  # bash refuses a sequence its integers may not hold: the braces stay
        self.check(abs(span) // abs(incr) + 1)
        values = range(start, end + (1 if incr > 0 else -1), incr)
        if width < 0:
            if 92 in values or 96 in values:
                # `{Y..b}` makes `\` and `` ` ``, which escape or open a substitution in
                # what follows them in the word: not worked out here.
                raise Unresolved
            return [chr(v) for v in values]
        if width == 0:
            return [str(v) for v in values]
        # bash formats padded terms with printf("%0*d", width, (int)n): 32-bit, as it does.
        return [f"{_int32(v):0{width}d}" for v in values]


def _int32(v: int) -> int:
    return (v + (1 << 31)) % (1 << 32) - (1 << 31)


def _sequence_terms(amble: str) -> tuple[int, int, int, int] | None:
    """(start, end, increment, width) of a sequence expression; width -1: letters, 0: plain
    integers, else the zero-padded width. None: not a sequence bash makes."""
    dots = amble.find("..")
    if dots <= 0:
        return None
    lhs, rhs = amble[:dots], amble[dots + 2 :]
    if _INT.fullmatch(lhs) and _INTMIN <= int(lhs) <= _INTMAX:
        letters = False
    elif _alpha(lhs):
        letters = True
    else:
        return None
    # The end term (of the start's kind), then an optional `..INCR`.
    m = _INT.match(rhs)
    if m is not None and not letters:
        end_text = m.group()
        if not _INTMIN <= int(end_text) <= _INTMAX:
            return None
    elif letters and _alpha(rhs[:1]):
        end_text = rhs[:1]
    else:
        return None
    tail = rhs[len(end_text) :]
    incr = 1
    if tail:
        if not tail.startswith("..") or not _INT.fullmatch(tail, 2):
            return None
        incr = int(tail[2:])
        if not _INTMIN <= incr <= _INTMAX:
            return None
    if letters:
        return ord(lhs), ord(end_text), incr, -1
    # Zero-padding: an end written with a leading zero (`01`, `-05`) pads every term to the
    # width of the wider end as written.
    padded = any((len(t) > 1 and t[0] == "0") or (len(t) > 2 and t[:2] == "-0")
                 for t in (lhs, end_text))  # fmt: skip
    width = max(len(lhs), len(end_text)) if padded else 0
    return int(lhs), int(end_text), incr, width


def _alpha(c: str) -> bool:
    """One ASCII letter (bash's isalpha in the C locale a build runs in)."""
    return len(c) == 1 and ("a" <= c <= "z" or "A" <= c <= "Z")


def _scan(text: str, i: int, stop: str, floor: int, n: int) -> int:
    """The index of the first `stop` character in text[i:n] that counts (n if none).

    A `{` counts when unquoted and at brace level 0, but not as `{}` at the start of the word
    (`floor`); a `}` when it also closes a group with a comma or a `..` at its level; a `,` when
    unquoted at level 0. Backslashes, quotes, `${…}` and `$(…)`/`<(…)`/`>(…)` are passed over."""
    level = 0
    separators = 0  # commas and `..` seen at level 0 (a `}` needs one)
    quote = ""
    while i < n:
        m = _NEXT[quote].search(text, i, n)
        if m is None:
            return n
        i = m.start()
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == "$" and text[i + 1 : i + 2] == "{" and quote != "'":
            # `${…}` is passed over as `\{…}` would be: its braces are no group.
            if not quote:
                level += 1
            i += 2
            continue
        if quote:
            if c == quote:
                quote = ""
            elif quote == '"' and c == "$" and text[i + 1 : i + 2] == "(":
                i = skip_subst(text, i + 2)
                continue
            i += 1
            continue
        if c in "\"'`":
            quote = c
        elif c in "$<>":
            if text[i + 1 : i + 2] == "(":
                i = skip_subst(text, i + 2)
                continue
        elif c == stop and level == 0 and (stop != "}" or separators):
            if c != "{" or not (
                (i == floor or text[i - 1] in _BLANK) and text[i + 1 : i + 2] in ("", "}", *_BLANK)
            ):
                return i
        elif c == "{":
            level += 1
        elif c == "}":
            level = max(0, level - 1)
        elif (
            stop == "}"
            and level == 0
            and (c == "," or (text.startswith("..", i) and text[i + 2 : i + 3] != "}"))
        ):
            separators += 1
        i += 1
    return n
