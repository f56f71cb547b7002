"""Dockerfile word processing: quote removal, escapes and ``$VAR`` expansion as BuildKit does it.

BuildKit runs ENV, ARG, WORKDIR, FROM, COPY/ADD arguments (and unquoted COPY heredoc bodies)
through its own small shell lexer (frontend/dockerfile/shell/lex.go) before using them; the
``dockerfile`` parser hands us the words with their quotes still on. This module redoes that step
with the same rules:

- ``'…'`` is literal; ``"…"`` expands ``$`` and lets the escape character escape only ``"``,
  ``$`` and itself; outside quotes the escape character makes the next character literal and is
  dropped (a trailing one vanishes).
- ``$NAME``, ``${NAME}``, ``${NAME:-w}``, ``${NAME-w}``, ``${NAME:+w}``, ``${NAME+w}``,
  ``${NAME:?w}``, ``${NAME?w}``, ``${NAME#p}``, ``${NAME##p}``, ``${NAME%p}``, ``${NAME%%p}``,
  ``${NAME/p/r}``, ``${NAME//p/r}``. An unset name expands to nothing; ``$`` before anything else
  stays ``$``; positional and special parameters (``$1``, ``$@``) are never set.

One thing BuildKit does not have: a variable may be set to an unknown value (``None``: an ARG
without default and no build arg). Expanding it makes the result unknown; the text keeps the
expression as written so messages can show it.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

# Bounds that keep hostile input cheap: nesting of ${…}, size of any expansion result, and
# the sizes given to the (backtracking) regex engine for # % / patterns.
MAX_DEPTH = 64
MAX_RESULT = 1024 * 1024
MAX_PATTERN_VALUE = 4096
MAX_PATTERN = 256
MAX_PATTERN_STARS = 8

_SPECIAL_PARAMS = frozenset("@*#?-$!0")
# The ASCII start of a name `name` reads a character at a time (no digit first: a run of digits
# is a positional parameter); a Unicode letter or digit after it is read on as before.
_ASCII_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_REGEX_SPECIAL = frozenset("[]{}.+()|^$")


@dataclass(frozen=True)
class Expansion:
    """The result of processing one word."""

    value: str
    known: bool = True
    # Set when BuildKit would fail the build on this word (unterminated quote, bad ${…}).
    error: str | None = None


@dataclass(frozen=True)
class LexOptions:
    """BuildKit's Lex switches that matter here."""

    escape: str = "\\"
    raw_quotes: bool = False  # keep quote characters in the result
    raw_escapes: bool = False  # keep escape characters in the result
    skip_quotes: bool = False  # quotes are ordinary characters (heredoc bodies)
    skip_unset: bool = False  # leave $UNSET as written instead of expanding to nothing


class _LexError(Exception):
    pass


class _Words:
    """Splits on unquoted whitespace, like BuildKit's wordsStruct."""

    def __init__(self) -> None:
        self.words: list[str] = []
        self.buf: list[str] = []
        self.in_word = False

    def add_char(self, ch: str) -> None:
        if _is_space(ch):
            if self.in_word and self.buf:
                self.words.append("".join(self.buf))
                self.buf = []
                self.in_word = False
        else:
            self.add_raw(ch)

    def add_raw(self, text: str) -> None:
        self.buf.append(text)
        self.in_word = True

    def add_string(self, text: str) -> None:
        for ch in text:
            self.add_char(ch)

    def result(self) -> list[str]:
        if self.buf:
            self.words.append("".join(self.buf))
            self.buf = []
        return self.words


class _Lexer:
    def __init__(self, text: str, env: Mapping[str, str | None], options: LexOptions) -> None:
        self.text = text
        self.pos = 0
        self.env = env
        self.opt = options
        self.raw_escapes = options.raw_escapes
        self.depth = 0

    # -- scanner --------------------------------------------------------------------------
    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def next(self) -> str:
        if self.pos >= len(self.text):
            return ""
        ch = self.text[self.pos]
        self.pos += 1
        return ch

    # -- processing -----------------------------------------------------------------------
    def process(self, stop: str, raw_escapes: bool) -> tuple[str, list[str], bool]:
        """Read up to `stop` ("" = end of text): (text, words, unknown)."""
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _LexError("substitutions nested too deeply")
        saved, self.raw_escapes = self.raw_escapes, raw_escapes
        try:
            return self._process(stop)
        finally:
            self.raw_escapes = saved
            self.depth -= 1

    def _process(self, stop: str) -> tuple[str, list[str], bool]:
        out: list[str] = []
        size = 0
        words = _Words()
        unknown = False
        plain = _plain_run(self.opt.escape, stop)
        while self.peek():
            run = plain.match(self.text, self.pos)
            if run is not None:
                # Characters the loop below would take one at a time as word letters, taken
                # as one piece: the same text, words and size, and past MAX_RESULT the same
                # error at the same place (`until` looks at what follows it).
                piece = run.group()
                if size + len(piece) > MAX_RESULT:
                    self.pos = run.start() + MAX_RESULT - size + 1
                    raise _LexError("expansion too long")
                self.pos = run.end()
                words.add_raw(piece)
                out.append(piece)
                size += len(piece)
                continue
            ch = self.peek()
            if stop and ch == stop:
                self.next()
                return "".join(out), words.result(), unknown
            if ch == "$":
                piece, unk = self.dollar()
                unknown = unknown or unk
                words.add_string(piece)
            elif ch == "<":
                piece = self.possible_heredoc()
                words.add_raw(piece)
            elif ch in "'\"" and not self.opt.skip_quotes:
                piece, unk = self.quoted()
                unknown = unknown or unk
                words.add_raw(piece)
            else:
                ch = self.next()
                piece = ch
                if ch == self.opt.escape:
                    if self.raw_escapes:
                        words.add_raw(ch)
                        out.append(ch)
                    ch = self.next()
                    if not ch:
                        break
                    words.add_raw(ch)
                    piece = ch
                else:
                    words.add_char(ch)
            out.append(piece)
            size += len(piece)
            if size > MAX_RESULT:
                raise _LexError("expansion too long")
        if stop:
            raise _LexError(f"unexpected end of statement while looking for matching {stop}")
        return "".join(out), words.result(), unknown

    def quoted(self) -> tuple[str, bool]:
        """A '…' or "…" string at the cursor: (text, unknown); its quotes kept with raw_quotes.
        Only inside "…" does `$` expand and the escape character quote `"`, `$` and itself."""
        out: list[str] = []
        size = 0
        unknown = False
        quote = self.next()
        double = quote == '"'
        plain = _quoted_run(quote, self.opt.escape)
        if self.opt.raw_quotes:
            out.append(quote)
        while True:
            ch = self.peek()
            if not ch:
                kind = "double-quote" if double else "single-quote"
                raise _LexError(f"unexpected end of statement while looking for matching {kind}")
            if ch == quote:
                self.next()
                if self.opt.raw_quotes:
                    out.append(ch)
                return "".join(out), unknown
            if double and ch == "$":
                piece, unk = self.dollar()
                unknown = unknown or unk
                out.append(piece)
                size += len(piece)
                if size > MAX_RESULT:
                    raise _LexError("expansion too long")
                continue
            run = plain.match(self.text, self.pos)
            if run is not None:
                # Characters taken as they are, many at a time (as one at a time below).
                out.append(run.group())
                self.pos = run.end()
                continue
            ch = self.next()
            if double and ch == self.opt.escape:
                if self.raw_escapes:
                    out.append(ch)
                following = self.peek()
                if not following:
                    continue  # the missing closing quote is reported on the next round
                if following in ('"', "$", self.opt.escape):
                    ch = self.next()
            out.append(ch)

    def possible_heredoc(self) -> str:
        self.next()
        if self.peek() != "<":
            return "<"
        self.next()
        spaces: list[str] = []
        while self.peek() and self.peek() in "\t\r ":
            spaces.append(self.next())
        return "<<" + "".join(spaces)

    def name(self) -> str:
        """A variable name: letters, digits, _; or a run of digits; or one special parameter."""
        out: list[str] = []
        run = _ASCII_NAME.match(self.text, self.pos)
        if run is not None:
            out.append(run.group())
            self.pos = run.end()
        while self.peek():
            ch = self.peek()
            if not out and _is_digit(ch):
                while self.peek() and _is_digit(self.peek()):
                    out.append(self.next())
                return "".join(out)
            if not out and ch in _SPECIAL_PARAMS:
                return self.next()
            if not (_is_letter(ch) or _is_digit(ch) or ch == "_"):
                break
            out.append(self.next())
        return "".join(out)

    def lookup(self, name: str) -> tuple[str, bool, bool]:
        """(value, set, unknown)."""
        if name not in self.env:
            return "", False, False
        value = self.env[name]
        if value is None:
            return "", True, True
        return value, True, False

    def plain(self, start: int, name: str) -> tuple[str, bool]:
        """`$name` or `${name}` (begun at `start`): the value; its own text when the value is
        not known (unknown), or when it is unset and skip_unset says so."""
        value, found, unknown = self.lookup(name)
        if unknown or (not found and self.opt.skip_unset):
            return self.text[start : self.pos], unknown
        return value, False

    def until(self, stop: str, raw_escapes: bool, missing: str) -> tuple[str, bool]:
        """The text up to `stop` and whether it is unknown; the end of the text is `missing`."""
        try:
            text, _, unknown = self.process(stop, raw_escapes)
        except _LexError:
            if not self.peek():
                raise _LexError(f"syntax error: missing {missing}") from None
            raise
        return text, unknown

    def dollar(self) -> tuple[str, bool]:
        start = self.pos
        self.next()
        if self.peek() != "{":
            name = self.name()
            if not name:
                return "$", False
            return self.plain(start, name)
        self.next()
        if not self.peek():
            raise _LexError("syntax error: missing '}'")
        if self.peek() in "{}:":
            raise _LexError("syntax error: bad substitution")
        name = self.name()
        ch = self.next()
        if ch == "}":
            return self.plain(start, name)
        if ch == "/":
            return self.replacement(start, name)
        null_is_unset = False
        modifier = ch
        if ch == ":":
            null_is_unset = True
            ch = self.next()
            modifier += ch
        if ch not in ("+", "-", "?", "#", "%"):
            raise _LexError(f"unsupported modifier ({modifier}) in substitution")
        pattern_op = ch in "#%"
        if null_is_unset and pattern_op:
            raise _LexError(f"unsupported modifier ({modifier}) in substitution")
        word, word_unknown = self.until("}", pattern_op, "'}'")
        value, found, unknown = self.lookup(name)
        if unknown:
            return self.text[start : self.pos], True
        if not found and self.opt.skip_unset:
            return "${" + name + modifier + word + "}", False
        empty = not found or (null_is_unset and value == "")
        if ch == "-":
            return (word, word_unknown) if empty else (value, False)
        if ch == "+":
            return ("", False) if empty else (word, word_unknown)
        if ch == "?":
            if empty:
                what = "is not allowed to be unset" if not found else "is not allowed to be empty"
                raise _LexError(f"{name}: {word or what}")
            return value, False
        if word_unknown:
            return self.text[start : self.pos], True
        greedy = bool(word) and word[0] == ch
        if greedy:
            word = word[1:]
        if ch == "%":
            trimmed = _trim_suffix(word, value, greedy)
        else:
            trimmed = _trim_prefix(word, value, greedy)
        if trimmed is None:
            return self.text[start : self.pos], True
        return trimmed, False

    def replacement(self, start: int, name: str) -> tuple[str, bool]:
        replace_all = self.peek() == "/"
        if replace_all:
            self.next()
        pattern, pattern_unknown = self.until("/", True, "'/' in ${}")
        replacement, replacement_unknown = self.until("}", True, "'}'")
        value, found, unknown = self.lookup(name)
        if unknown or pattern_unknown or replacement_unknown:
            return self.text[start : self.pos], True
        if not found and self.opt.skip_unset:
            return "${" + name + "/" + pattern + "/" + replacement + "}", False
        regex = _pattern_regex(pattern, greedy=True, anchored=False, value=value)
        if regex is None:
            return self.text[start : self.pos], True
        if replace_all:
            result = regex.sub(lambda _m: replacement, value)
        else:
            match = regex.search(value)
            result = (
                value
                if match is None
                else value[: match.start()] + replacement + value[match.end() :]
            )
        if len(result) > MAX_RESULT:
            raise _LexError("expansion too long")
        return result, False


def expand(
    word: str, env: Mapping[str, str | None], options: LexOptions = LexOptions()
) -> Expansion:
    """Process one word as BuildKit's ProcessWord does (quotes removed, variables expanded)."""
    lexer = _Lexer(word, env, options)
    try:
        value, _, unknown = lexer.process("", options.raw_escapes)
    except _LexError as err:
        return Expansion(word, known=False, error=str(err))
    return Expansion(value, known=not unknown)


def split_words(
    text: str, env: Mapping[str, str | None], options: LexOptions = LexOptions()
) -> tuple[str, ...] | None:
    """Split like BuildKit's ProcessWords (after expansion); None when the lexer fails."""
    lexer = _Lexer(text, env, options)
    try:
        _, words, _ = lexer.process("", options.raw_escapes)
    except _LexError:
        return None
    return tuple(words)


@functools.lru_cache(maxsize=64)
def _plain_run(escape: str, stop: str) -> re.Pattern[str]:
    """A run of printable ASCII characters that `_process` reads as plain word letters: none
    is a space, `$`, `<`, a quote, the escape character or `stop`."""
    special = {"$", "<", "'", '"', escape, stop}
    letters = "".join(re.escape(chr(c)) for c in range(0x21, 0x7F) if chr(c) not in special)
    return re.compile(f"[{letters}]+")


@functools.lru_cache(maxsize=8)
def _quoted_run(quote: str, escape: str) -> re.Pattern[str]:
    """A run of characters `quoted` appends as they are: in '…' all but the quote; in "…" all
    but the quote, `$` and the escape character."""
    special = quote if quote == "'" else quote + "$" + escape
    return re.compile(f"[^{re.escape(special)}]+")


def _is_space(ch: str) -> bool:
    if ch in "\t\n\v\f\r \x85\xa0":
        return True
    return ord(ch) > 0xFF and ch.isspace()


def _is_letter(ch: str) -> bool:
    return unicodedata.category(ch).startswith("L")


def _is_digit(ch: str) -> bool:
    return unicodedata.category(ch) == "Nd"


def _pattern_regex(
    pattern: str, *, greedy: bool, anchored: bool, value: str
) -> re.Pattern[str] | None:
    """A shell pattern (``*``, ``?``, escapes; no brackets) as a regex; None when too costly."""
    if (
        len(pattern) > MAX_PATTERN
        or pattern.count("*") > MAX_PATTERN_STARS
        or len(value) > MAX_PATTERN_VALUE
    ):
        return None
    out = ["^"] if anchored else []
    star = ".*" if greedy else ".*?"
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        i += 1
        if ch == "*":
            out.append(star)
        elif ch == "?":
            out.append(".")
        elif ch == "\\":
            following = pattern[i] if i < len(pattern) else ""
            if following in ("}", "/"):
                continue  # escaped only for the ${…} syntax, not part of the pattern
            if following not in ("*", "?", "\\"):
                return None  # BuildKit: invalid escape; the build fails
            out.append(re.escape(following))
            i += 1
        elif ch in _REGEX_SPECIAL:
            out.append("\\" + ch)
        else:
            out.append(re.escape(ch))
    try:
        return re.compile("".join(out), re.DOTALL)
    except re.error:
        return None


def _trim_prefix(pattern: str, value: str, greedy: bool) -> str | None:
    regex = _pattern_regex(pattern, greedy=greedy, anchored=True, value=value)
    if regex is None:
        return None
    match = regex.search(value)
    return value if match is None else value[match.end() :]


def _reverse_pattern(pattern: str) -> str:
    """Reverse a pattern, keeping each escape in front of the character it escapes."""
    tokens: list[str] = []
    i = 0
    while i < len(pattern):
        if pattern[i] == "\\" and i + 1 < len(pattern):
            tokens.append(pattern[i : i + 2])
            i += 2
        else:
            tokens.append(pattern[i])
            i += 1
    return "".join(reversed(tokens))


def _trim_suffix(pattern: str, value: str, greedy: bool) -> str | None:
    # Shortest/longest rightmost match = leftmost match on the reversed text.
    trimmed = _trim_prefix(_reverse_pattern(pattern), value[::-1], greedy)
    return None if trimmed is None else trimmed[::-1]
