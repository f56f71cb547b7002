"""Word expansion as a POSIX shell does it, as far as the gate knows the variables.

A word's source text becomes zero or more fields: parameter expansion (`$V`, `${V:-d}` …), quote
removal, and field splitting of unquoted expansion results. What cannot be resolved (an unknown
variable, a command substitution, arithmetic) stays as its source text and marks the field unknown.
Text is handled as latin-1 views of UTF-8 bytes (see lex.py); `to_text` converts back.

Over 600 lines: the parameter expansion forms share the field builder and the work meter.
"""

from __future__ import annotations

import enum
import fnmatch
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from gate.shell import echo_filters
from gate.shell.lex import skip_ansi, skip_arith, skip_backtick, skip_brace, skip_subst
from gate.shell.meter import charge, current
from gate.shell.picks import choose


class Flag(enum.Enum):
    """What a variable lookup can answer besides a value (str) or "set, value unknown" (None)."""

    UNSET = "unset"  # known to be unset (after `unset V`)
    ABSENT = "absent"  # nothing known: the base image may set it


Value = str | None | Flag

# ${V:-${V:-…}} nested deeper than this is left unexpanded (unknown).
MAX_NESTING = 32

# A variable's value longer than this is unknown: values that grow (`A=$A$A` …) stop here.
MAX_VALUE = 1 << 16
# More positional parameters than this are unknown: `set -- "$@" "$@"` doubles them.
MAX_POSITIONAL = 4096
# The meter's characters a field costs past a word's first (what later layers spend on it).
FIELD_WORK = 16


class Vars(Protocol):
    """The variables an expansion reads (and `${V:=d}` writes)."""

    def get(self, name: str) -> Value: ...

    def assign(self, name: str, value: str | None) -> None: ...


@dataclass(frozen=True, slots=True)
class Field:
    """One expanded word (internal text form); `single`: it is exactly one unresolved expansion,
    `whole`: and a quoted one, so one argument whatever it holds (`"$PKG"`, `"$(cat f)"`)."""

    value: str
    known: bool = True
    may_be_option: bool = False
    single: bool = False
    whole: bool = False


def to_text(s: str) -> str:
    """Internal latin-1 byte view → the real text."""
    if s.isascii():
        return s
    return s.encode("latin-1").decode("utf-8", "replace")


def from_text(s: str) -> str:
    """Real text → the internal latin-1 byte view."""
    if s.isascii():
        return s
    return s.encode("utf-8", "surrogatepass").decode("latin-1")


# Part kinds. Literal text, known expansion results (split when unquoted), unknown expansions.
# State.zero of `find … -exec sh -c '…"$0"…' {} ;`: the file find hands the shell (find_exec
# fills `{}` per file), never a name a shell could be given (it holds a NUL).
FOUND_FILE = "\0{}"

_LIT = 0
_LIT_Q = 1
_EXP = 2
_EXP_Q = 3
_UNK = 4
_UNK_Q = 5
# A quoted substitution gate cannot read that writes nothing, or text beginning with a character
# that is not `-` (`"$(echo dist/*.whl)"`): the word's start is decided by what follows it.
_UNK_LED = 8
_UNKNOWN = (_UNK, _UNK_Q, _UNK_LED)
_BREAK = 6  # a field ends here even inside quotes: between the words of "$@"
# Between the parameters of an unquoted $@ or $*: each is split on its own, whatever $IFS
# holds (`set -- --no-binary :all:; IFS=,; pip install $*` passes two words; bash 5.2, dash
# 0.5.12), and an empty one makes no word. Where words are not split, a blank joins them.
_SOFT_BREAK = 7

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_SPECIAL = re.compile(r"[$'\"\\`]")
# What expand_word may change in a word: without one, the word is its one field as it stands
# (callers that test it first need not build what an expansion reads).
SPECIAL = _SPECIAL
_IFS = re.compile(r"[ \t\n]+")
_SPECIAL_PARAMS = frozenset("@*#?-$!0123456789")
_POSITIONAL = frozenset("@*#123456789")
# `$(which pip)`, `$(command -v pip)`, `$(type -P pip)`: the program itself, found on PATH.
_WHICH = re.compile(
    r"""\s*(?:which(?:[ \t]+-a)?|command[ \t]+-v|type[ \t]+-[pP]|whereis[ \t]+-b)"""
    r"""[ \t]+(['"]?)([A-Za-z0-9_.+/-]+)\1\s*\Z"""
)

# `echo` of plain words only: no quotes, expansions, escapes or options.
# Possessive: words joined by an optional blank run split a word every way, exponentially.
# Blanks between words are spaces and tabs: a newline ends echo's command, and what the next
# line runs is written too (`$(echo six` / `cat f)` writes f's text; bash 5.2, dash, busybox sh).
_ECHO_LITERAL = re.compile(
    r"\s*echo[ \t]+((?:[A-Za-z0-9_.,:=/+@%][A-Za-z0-9_.,:=/+@%-]*+[ \t]*+)++)\s*"
)

# `echo` of plain words, some of them patterns (`echo dist/*.whl`), none beginning with `-` or a
# pattern character. What it writes is unknown but begins with one of the words' first
# characters, or is empty: a pattern with no match stays as written (bash, dash, busybox sh),
# is dropped (bash nullglob) or fails the substitution (failglob); measured with bash 5.2.
_ECHO_PATTERNS = re.compile(
    r"\s*echo[ \t]+((?:[A-Za-z0-9_.,:=/+@%][A-Za-z0-9_.,:=/+@%*?\[\]-]*+[ \t]*+)++)\s*"
)

OnSubst = Callable[[str, int], None]
# The text a `$( )` writes when the caller knows it (its inner text's offset in the word → the
# text, trailing newlines kept), or the texts it writes one of (`$(if …; then echo A; fi)`:
# picks.py), else None: the substitution stays unknown.
Outputs = Callable[[str, int], str | tuple[str, ...] | None]

# `$(dirname "$0")`, `$(dirname -- $0)`, `$(dirname /literal/path)`: the folder of a path the
# shell knows (a script's own folder, `cd "$(dirname "$0")/.."`).
_DIRNAME = re.compile(
    r"""\s*dirname[ \t]+(?:--[ \t]+)?"""
    r"""(?:"\$(?:0|\{0\})"|\$(?:0|\{0\})|(['"]?)([A-Za-z0-9_.+/][A-Za-z0-9_.+/-]*)\1)\s*"""
)


_PLAIN_PATH = re.compile(r"[A-Za-z0-9_.+/-]+")  # one word, no pattern, however expanded


def _never(name: str) -> bool:
    return False


def dirname(path: str) -> str:
    """POSIX dirname(1) of `path` (`x` → `.`, `/a/b/` → `/a`, `/` → `/`)."""
    stripped = path.rstrip("/")
    if not stripped:
        return "/" if path else "."
    if "/" not in stripped:
        return "."
    return stripped[: stripped.rindex("/")].rstrip("/") or "/"


def resolve_program(inner: str) -> str | None:
    """The program a `$(which X)`-style substitution names, or None."""
    m = _WHICH.match(inner)
    return m.group(2) if m else None


class _Expander:
    def __init__(
        self, vars: Vars, on_subst: OnSubst | None, outputs: Outputs | None = None
    ) -> None:
        self.vars = vars
        self.on_subst = on_subst
        self.outputs = outputs
        # The positional parameters when the variables know them (State.positional), else None.
        params = getattr(vars, "positional", None)
        self.params: tuple[str, ...] | None = params if isinstance(params, tuple) else None
        zero = getattr(vars, "zero", None)
        self.zero: str | None = zero if isinstance(zero, str) else None
        # Whether a command name may not run the builtin or program it names (a function, an
        # alias, `hash -p`), where the variables know the shell (FolderVars.shadows).
        shadows = getattr(vars, "shadows", None)
        self.shadows: Callable[[str], bool] = shadows if callable(shadows) else _never
        self.meter = current()
        self.nesting = 0

    def charge(self, n: int) -> None:
        if self.meter is not None:
            self.meter.charge(n)

    # mode: 0 unquoted word, 1 inside "..", 2 heredoc body, 3 word of ${V:-word} in an unquoted word
    def parts(self, s: str, i: int, end: int, mode: int, out: list[tuple[str, int]]) -> None:
        lit_kind = _LIT_Q if mode in (1, 2) else (_EXP if mode == 3 else _LIT)
        buf: list[str] = []
        quoted = mode in (1, 2)
        while i < end:
            c = s[i]
            if c == "\\":
                nxt = s[i + 1 : i + 2]
                if nxt == "\n":
                    i += 2
                    continue
                if quoted and nxt not in ("$", "`", "\\") and not (mode == 1 and nxt == '"'):
                    buf.append(c)
                    i += 1
                    continue
                if not quoted:
                    if buf:
                        out.append(("".join(buf), lit_kind))
                        buf = []
                    out.append((nxt, _LIT_Q))
                else:
                    buf.append(nxt)
                i += 2
            elif c == "$":
                if buf:
                    out.append(("".join(buf), lit_kind))
                    buf = []
                i = self.dollar(s, i, end, quoted, mode, out)
            elif c == "`":
                if buf:
                    out.append(("".join(buf), lit_kind))
                    buf = []
                j = min(skip_backtick(s, i + 1), end)
                inner = re.sub(r"\\([$`\\])", r"\1", s[i + 1 : max(i + 1, j - 1)])
                self.subst(inner, s[i:j], i + 1, quoted, out)
                i = j
            elif c == "'" and not quoted:
                if buf:
                    out.append(("".join(buf), lit_kind))
                    buf = []
                j = s.find("'", i + 1)
                j = end if j < 0 or j >= end else j
                out.append((s[i + 1 : j], _LIT_Q))
                i = j + 1
            elif c == '"' and mode in (0, 3):
                if buf:
                    out.append(("".join(buf), lit_kind))
                    buf = []
                j = self.dq_end(s, i + 1, end)
                if not (self.params == () and s[i + 1 : j] in ('$@', '${@}')):
                    out.append(("", _LIT_Q))  # "$@" with no parameters is no word at all
                self.parts(s, i + 1, j, 1, out)
                i = j + 1
            elif c == '"' and mode == 1:
                i += 1  # stray (only reached when a caller passes a bad range)
            else:
                # Literal text up to the next character a branch above looks at, in one piece.
                m = _SPECIAL.search(s, i + 1, end)
                j = end if m is None else m.start()
                buf.append(s[i:j])
                i = j
        if buf:
            out.append(("".join(buf), lit_kind))

    @staticmethod
    def dq_end(s: str, i: int, end: int) -> int:
        """Index of the closing double quote (or `end`)."""
        from gate.shell.lex import skip_double

        return min(skip_double(s, i) - 1, end)

    def dollar(
        self, s: str, i: int, end: int, quoted: bool, mode: int, out: list[tuple[str, int]]
    ) -> int:
        nxt = s[i + 1 : i + 2] if i + 1 < end else ""
        unk = _UNK_Q if quoted else _UNK
        if nxt == "(":
            if s.startswith("((", i + 1):
                j = min(skip_arith(s, i + 3), end)
                self.walk_subst_in_arith(s, i + 3, j)
                out.append((s[i:j], unk))
                return j
            j = min(skip_subst(s, i + 2), end)
            self.subst(s[i + 2 : max(i + 2, j - 1)], s[i:j], i + 2, quoted, out)
            return j
        if nxt == "{":
            j = min(skip_brace(s, i + 2, quoted), end)
            if self.nesting >= MAX_NESTING:
                out.append((s[i:j], unk))
                return j
            self.nesting += 1
            try:
                self.param(s, i, j, quoted, mode, out)
            finally:
                self.nesting -= 1
            return j
        if nxt == "'" and not quoted:
            j = min(skip_ansi(s, i + 2), end)
            out.append((ansi_c(s[i + 2 : max(i + 2, j - 1)]), _LIT_Q))
            return j
        if nxt == '"' and not quoted:
            out.append(("", _LIT_Q))
            j = self.dq_end(s, i + 2, end)
            self.parts(s, i + 2, j, 1, out)
            return j + 1
        if nxt and nxt in _SPECIAL_PARAMS:
            if not self.positional(nxt, quoted, out):
                out.append((s[i : i + 2], unk))
            return i + 2
        m = _NAME.match(s, i + 1, end)
        if m:
            self.value(m.group(), self.vars.get(m.group()), s[i : m.end()], quoted, out)
            return m.end()
        out.append(("$", _LIT_Q if quoted else _LIT))
        return i + 1

    def positional(self, name: str, quoted: bool, out: list[tuple[str, int]]) -> bool:
        """$0 (`sh -c '…' NAME`), $1 … $9, $#, $@ and $* from known positional parameters; False
        when not known."""
        if name == "0":
            if self.zero is None:
                return False
            if self.zero == FOUND_FILE:
                # find's `{}` as the script's $0: a word the facts layer fills per found file.
                out.append(("{}", _UNK_Q if quoted else _UNK))
                return True
            self.charge(len(self.zero))
            out.append((self.zero, _EXP_Q if quoted else _EXP))
            return True
        params = self.params
        if params is None or name not in _POSITIONAL or len(params) > MAX_POSITIONAL:
            return False  # past the cap (`set -- "$@" "$@"` doubling): unknown
        exp = _EXP_Q if quoted else _EXP
        # find's `{}` among them (`-exec sh -c 'sh "$1"' _ {} ;`): an unknown `{}` the facts
        # layer fills per found file (find_exec).
        found = (_UNK_Q if quoted else _UNK) if FOUND_FILE in params else exp
        if name == "#":
            out.append((str(len(params)), exp))
        elif name == "@" and quoted:
            for k, param in enumerate(params):
                if k:
                    out.append(("", _BREAK))
                self.charge(len(param) + 1)  # an empty word is still a word to make
                out.append(("{}", _UNK_Q) if param == FOUND_FILE else (param, _EXP_Q))
        elif name in "@*" and not quoted:
            for k, param in enumerate(params):
                if k:
                    out.append((" ", _SOFT_BREAK))
                self.charge(len(param) + 1)
                out.append(("{}", _UNK) if param == FOUND_FILE else (param, _EXP))
        elif name in "@*":
            joined = " ".join("{}" if p == FOUND_FILE else p for p in params)
            self.charge(len(joined) + 1)
            out.append((joined, found))
        else:
            k = int(name)
            value = params[k - 1] if k <= len(params) else ""
            self.charge(len(value))
            out.append(("{}", found) if value == FOUND_FILE else (value, exp))
        return True

    def walk_subst_in_arith(self, s: str, i: int, j: int) -> None:
        if self.on_subst is None or "$(" not in s[i:j]:
            return
        k = s.find("$(", i, j)
        while 0 <= k < j:
            e = min(skip_subst(s, k + 2), j)
            self.on_subst(s[k + 2 : max(k + 2, e - 1)], k + 2)
            k = s.find("$(", e, j)

    def subst(
        self, inner: str, source: str, offset: int, quoted: bool, out: list[tuple[str, int]]
    ) -> None:
        if self.on_subst is not None:
            self.on_subst(inner, offset)
        written = None if self.outputs is None else self.outputs(inner, offset)
        if isinstance(written, tuple):
            k = choose(len(written))
            written = None if k is None else written[k]
        if written is not None:
            # The shell drops every trailing newline of what a substitution writes.
            out.append((written.rstrip("\n"), _EXP_Q if quoted else _EXP))
            return
        if self.shadows(inner.split(maxsplit=1)[0] if inner.strip() else ""):
            # `echo() { printf -- --no-binary=:all:; }`: the name runs what the script made it.
            out.append((source, _UNK_Q if quoted else _UNK))
            return
        program = resolve_program(inner)
        echoed = _ECHO_LITERAL.fullmatch(inner)
        folder = _DIRNAME.fullmatch(inner)
        path = None if folder is None else folder.group(2) or self.zero
        if path is not None and _PLAIN_PATH.fullmatch(path):
            out.append((dirname(path), _EXP_Q if quoted else _EXP))
        elif program is not None:
            out.append((program, _EXP_Q))
        elif echoed is not None:
            # `$(echo pip)`: the words echoed (plain ones only), trailing newline removed.
            out.append((" ".join(echoed.group(1).split()), _EXP_Q if quoted else _EXP))
        elif (mapped := echo_filters.output(inner, self.vars.get, self.shadows)) is not None:
            out.append((mapped, _EXP_Q if quoted else _EXP))
        elif quoted and _ECHO_PATTERNS.fullmatch(inner):
            # Unquoted, the names the patterns match would be split: `dist/-x .whl` gives `-x`.
            out.append((source, _UNK_LED))
        else:
            out.append((source, _UNK_Q if quoted else _UNK))

    def value(
        self, name: str, v: Value, source: str, quoted: bool, out: list[tuple[str, int]]
    ) -> None:
        if isinstance(v, str):
            self.charge(len(v))
            out.append((v, _EXP_Q if quoted else _EXP))
        elif v is Flag.UNSET:
            out.append(("", _EXP_Q if quoted else _EXP))
        else:
            out.append((source, _UNK_Q if quoted else _UNK))

    def sub_value(
        self, s: str, i: int, j: int, quoted: bool, mode: int
    ) -> tuple[str, bool, list[tuple[str, int]]]:
        """Expand the word part of ${V:-word}: (text, known, parts)."""
        parts: list[tuple[str, int]] = []
        self.parts(s, i, j, 1 if quoted else (3 if mode in (0, 3) else mode), parts)
        known = all(k not in _UNKNOWN for _, k in parts)
        return "".join(t for t, _ in parts), known, parts

    def param(
        self, s: str, i: int, j: int, quoted: bool, mode: int, out: list[tuple[str, int]]
    ) -> None:
        source = s[i:j]
        unk = _UNK_Q if quoted else _UNK
        exp = _EXP_Q if quoted else _EXP
        body_start, body_end = i + 2, j - 1
        if body_end < body_start or s[body_end : body_end + 1] != "}":
            out.append((source, unk))
            return
        body = s[body_start:body_end]
        if body.startswith("#") and (_NAME.fullmatch(body, 1) or body[1:] in ("@", "*")):
            v = self.vars.get(body[1:]) if _NAME.fullmatch(body, 1) else None
            if isinstance(v, str):
                out.append((str(len(to_text(v))), exp))
            elif v is Flag.UNSET:
                out.append(("0", exp))
            else:
                out.append((source, unk))
            return
        m = _NAME.match(body)
        if m:
            name = m.group()
            v = self.vars.get(name)
        elif body[:1] and body[0] in _SPECIAL_PARAMS:
            name, v = body[:1], None
        else:
            out.append((source, unk))  # ${!V}, ${#}, bad substitution
            return
        rest_at = body_start + len(name)
        rest = body[len(name) :]
        if rest.startswith("["):
            out.append((source, unk))  # arrays are not tracked
            return
        if not rest and (name in _POSITIONAL or name == "0") and self.positional(name, quoted, out):
            return
        if name in _POSITIONAL and self.params is not None and name not in "@*#":
            k = int(name)
            v = Flag.UNSET if k > len(self.params) else self.params[k - 1]
        if not rest:
            self.value(name, v, source, quoted, out)
            return
        op = next((o for o in _OPS if rest.startswith(o)), None)
        if op is None:
            out.append((source, unk))
            return
        w_start = rest_at + len(op)
        if op in (":-", "-", ":=", "=", ":?", "?"):
            colon = op.startswith(":")
            if isinstance(v, str) and (v or not colon):
                self.charge(len(v))
                out.append((v, exp))
                return
            if v is None or v is Flag.ABSENT or op.endswith("?"):
                out.append((source, unk))
                return
            # unset, or empty with the colon form: the word
            text, known, parts = self.sub_value(s, w_start, body_end, quoted, mode)
            if not parts:
                out.append(("", exp))
            out.extend(parts)
            if op.endswith("=") and _NAME.fullmatch(name):
                self.vars.assign(name, text if known else None)
            return
        if op in (":+", "+"):
            colon = op.startswith(":")
            if (isinstance(v, str) and (v or not colon)) or (v is None and not colon):
                _, _, parts = self.sub_value(s, w_start, body_end, quoted, mode)
                if not parts:
                    out.append(("", exp))
                out.extend(parts)
            elif v is Flag.UNSET or (isinstance(v, str) and colon):
                out.append(("", exp))
            elif (pick := choose(2)) is None:
                out.append((source, unk))
            elif pick == 0:
                # A value of unknown length (or maybe unset): nothing, or the word (picks.py).
                out.append(("", exp))
            else:
                _, _, parts = self.sub_value(s, w_start, body_end, quoted, mode)
                if not parts:
                    out.append(("", exp))
                out.extend(parts)
            return
        if not isinstance(v, str):
            out.append((source, unk))
            return
        self.charge(len(v))
        if op == ":":
            # bash's `${IFS:0:1}` spells a blank as surely as `$IFS` (dash refuses the form,
            # and a build that fails installs nothing).
            cut = _substring(to_text(v), s[w_start:body_end])
            out.append((source, unk) if cut is None else (from_text(cut), exp))
            return
        if op in ("##", "#", "%%", "%"):
            pattern, known, _ = self.sub_value(s, w_start, body_end, True, 1)
            if not known:
                out.append((source, unk))
                return
            out.append((_trim(v, pattern, op), exp))
            return
        if op in ("^^", ",,", "^", ","):
            if body_end > w_start:
                out.append((source, unk))  # a pattern restricts the change: not done
                return
            t = to_text(v)
            t = {
                "^^": t.upper(),
                ",,": t.lower(),
                "^": t[:1].upper() + t[1:],
                ",": t[:1].lower() + t[1:],
            }[op]
            out.append((from_text(t), exp))
            return
        out.append((source, unk))


# Longest first so that `:-` wins over `:`.
_OPS = (
    ":-",
    ":=",
    ":+",
    ":?",
    "##",
    "%%",
    "^^",
    ",,",
    "-",
    "=",
    "+",
    "?",
    "#",
    "%",
    "^",
    ",",
    "/",
    ":",
    "@",
)


# At most 18 digits: bash's arithmetic is 64-bit, and Python's int() refuses past 4,300 digits.
_OFFSET = re.compile(r"\s*(?:(-?\d{1,18})|\(\s*(-?\d{1,18})\s*\))?\s*")


def _substring(value: str, spec: str) -> str | None:
    """bash's ${V:offset} and ${V:offset:length} with literal numbers; None for arithmetic or
    what bash refuses (a negative length reaching before the offset)."""
    numbers: list[int] = []
    for piece in spec.split(":", 1):
        m = _OFFSET.fullmatch(piece)
        if m is None:
            return None
        numbers.append(int(m.group(1) or m.group(2) or 0))  # `${V::1}`: empty is 0
    n = len(value)
    start = numbers[0] + n if numbers[0] < 0 else numbers[0]
    if start < 0 or start > n:
        return ""
    if len(numbers) == 1:
        return value[start:]
    end = numbers[1] + n if numbers[1] < 0 else start + numbers[1]
    return None if end < start else value[start:end]


def _trim(value: str, pattern: str, op: str) -> str:
    """${V#p} ${V##p} ${V%p} ${V%%p} with a shell glob pattern."""
    if len(value) > 4096:
        return value
    try:
        rx = re.compile(fnmatch.translate(pattern), re.DOTALL)
    except re.error:
        return value
    n = len(value)
    if op.startswith("#"):
        cuts = range(n + 1) if op == "#" else range(n, -1, -1)
        for k in cuts:
            if rx.match(value[:k]):
                return value[k:]
        return value
    cuts = range(n, -1, -1) if op == "%" else range(n + 1)
    for k in cuts:
        if rx.match(value[k:]):
            return value[:k]
    return value


_ANSI = {
    "a": "\a",
    "b": "\b",
    "e": "\x1b",
    "E": "\x1b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "v": "\v",
    "\\": "\\",
    "'": "'",
    '"': '"',
    "?": "?",
}


def ansi_c(s: str) -> str:
    """Decode the body of a $'...' string."""
    if "\\" not in s:
        return s
    out: list[str] = []
    i, n = 0, len(s)
    while i < n:
        c = s[i]
        if c != "\\" or i + 1 >= n:
            out.append(c)
            i += 1
            continue
        e = s[i + 1]
        if e in _ANSI:
            out.append(_ANSI[e])
            i += 2
        elif e in "01234567":
            m = re.match(r"[0-7]{1,3}", s[i + 1 :])
            assert m is not None
            out.append(chr(int(m.group(), 8) & 0xFF))
            i += 1 + len(m.group())
        elif e in "xuU":
            size = {"x": 2, "u": 4, "U": 8}[e]
            m = re.match(f"[0-9A-Fa-f]{{1,{size}}}", s[i + 2 :])
            if not m:
                out.append(s[i : i + 2])
                i += 2
                continue
            code = int(m.group(), 16)
            if e == "x":
                out.append(chr(code))
            else:
                try:
                    out.append(chr(code).encode("utf-8").decode("latin-1"))
                except (ValueError, UnicodeEncodeError):
                    out.append("?")
            i += 2 + len(m.group())
        elif e == "c" and i + 2 < n:
            out.append(chr(ord(s[i + 2]) & 0x1F))
            i += 3
        else:
            out.append(s[i : i + 2])
            i += 2
    return "".join(out)


def _splitter(vars: Vars) -> re.Pattern[str] | None:
    """Field splitting by the shell's IFS: default when not known, None when IFS is empty.

    Non-blank IFS characters delimit; runs of blank ones (space, tab, newline) collapse. Empty
    fields between two non-blank delimiters are dropped (the shell keeps them)."""
    ifs = vars.get("IFS")
    if not isinstance(ifs, str) or ifs == " \t\n":
        return _IFS
    if not ifs:
        return None
    blank = "".join(c for c in ifs if c in " \t\n")
    other = "".join(c for c in ifs if c not in " \t\n")
    alternatives = []
    if other:
        b = f"[{re.escape(blank)}]*" if blank else ""
        alternatives.append(f"{b}[{re.escape(other)}]{b}")
    if blank:
        alternatives.append(f"[{re.escape(blank)}]+")
    return re.compile("|".join(alternatives))


def _fields(
    parts: list[tuple[str, int]], split: bool, splitter: re.Pattern[str] | None = _IFS
) -> list[Field]:
    fields: list[Field] = []
    cur: list[tuple[str, int]] = []
    has = False

    def finish() -> None:
        nonlocal cur, has
        if has:
            fields.append(_field(cur))
        cur = []
        has = False

    for text, kind in parts:
        if kind == _BREAK:
            finish()
            has = True  # the next parameter is a word even when empty
            continue
        if kind == _SOFT_BREAK:
            if split:
                finish()
            else:
                cur.append((text, _EXP))
            continue
        if kind == _EXP and split:
            if not text:
                continue
            pieces = splitter.split(text) if splitter is not None else [text]
            for k, piece in enumerate(pieces):
                if k > 0:
                    finish()
                if piece:
                    cur.append((piece, kind))
                    has = True
            continue
        cur.append((text, kind))
        if text or kind in (_LIT_Q, _EXP_Q, *_UNKNOWN):
            has = True
    finish()
    return fields


def _field(parts: list[tuple[str, int]]) -> Field:
    value = "".join(t for t, _ in parts)
    if len(value) > MAX_VALUE:
        # Past the cap a word is unknown: its text is cut to a prefix for messages.
        return Field(value[:200] + "...", known=False, may_be_option=value.startswith("-"))
    unknown = [k in _UNKNOWN for _, k in parts]
    if not any(unknown):
        return Field(value)
    solid = [(t, k) for (t, k) in parts if t]
    single = len(solid) == 1 and solid[0][1] in _UNKNOWN
    whole = single and solid[0][1] in (_UNK_Q, _UNK_LED)
    return Field(value, False, _leads_unknown(parts), single, whole)


def _leads_unknown(parts: list[tuple[str, int]]) -> bool:
    """The word may begin with text gate does not know: its first part that writes anything is
    an expansion it cannot read. Past a `_UNK_LED` part, which may write nothing, the next part
    decides as well: one whose known text begins with `-` may then begin the word."""
    led = False
    for text, kind in parts:
        if kind in (_UNK, _UNK_Q):
            return True
        if kind == _UNK_LED:
            led = True
            continue
        if text:
            return led and text.startswith("-")
    return False


def expand_word(
    text: str, vars: Vars, on_subst: OnSubst | None = None, outputs: Outputs | None = None
) -> list[Field]:
    """A word's fields after expansion, quote removal and field splitting."""
    if not _SPECIAL.search(text):
        return [Field(text)] if text else []
    charge(len(text))
    parts: list[tuple[str, int]] = []
    _Expander(vars, on_subst, outputs).parts(text, 0, len(text), 0, parts)
    fields = _fields(parts, split=True, splitter=_splitter(vars))
    # Each field past the first is an argument every later layer handles on its own: `printf
    # '%s\n' $L` of 16,384 short words, 64 KB of expansion, took ~0.1 s of work after the split.
    charge(FIELD_WORK * (len(fields) - 1))
    return fields


def expand_single(
    text: str, vars: Vars, on_subst: OnSubst | None = None, outputs: Outputs | None = None
) -> Field:
    """A word expanded without field splitting (assignment values, redirect targets)."""
    if not _SPECIAL.search(text):
        return Field(text)
    charge(len(text))
    parts: list[tuple[str, int]] = []
    _Expander(vars, on_subst, outputs).parts(text, 0, len(text), 0, parts)
    fields = _fields(parts, split=False)
    return fields[0] if fields else Field("")


# What a declaration builtin's word that is no assignment as written (`${v}=x`, `"A=$x"`)
# does once expanded: OPEN, it may set names gate cannot tell (an unquoted part it cannot read
# may split into more NAME=VALUE words); else None, or (name, value) with value None unknown.
OPEN = ("", None)


def expanded_assignment(text: str, vars: Vars) -> tuple[str, str | None] | None:
    """`export ${v}=x`, `declare -g "$name"="$(…)"`, `export "A=b"`: bash, dash and busybox
    hand declaration builtins the expanded word, which is NAME=VALUE when its text up to the
    first `=` is a name (bash 5.2 and dash measured: `v=FOO; export ${v}=bar` exports FOO).
    (name, value) when the name is known (value None when it is not); OPEN when an unquoted
    part gate cannot read follows; None when the word is no such pair or its name unknown."""
    if "=" not in text:
        return None
    charge(len(text))
    parts: list[tuple[str, int]] = []
    _Expander(vars, None).parts(text, 0, len(text), 0, parts)
    head: list[str] = []
    for k, (part, kind) in enumerate(parts):
        if kind in (*_UNKNOWN, _BREAK):
            return None  # the name is not known
        at = part.find("=")
        if at < 0:
            head.append(part)
            continue
        name = "".join(head) + part[:at]
        if not _NAME.fullmatch(name):
            return None
        rest = [(part[at + 1 :], kind), *parts[k + 1 :]]
        if any(kd == _UNK for _, kd in rest):
            return OPEN
        if any(kd in (_UNK_Q, _UNK_LED, _BREAK) for _, kd in rest):
            return name, None
        if any(kd == _EXP and _IFS.search(t) for t, kd in rest):
            return OPEN  # split into more words, each a name or a pair
        return name, "".join(t for t, _ in rest)
    return None


def expand_heredoc(body: str, vars: Vars, on_subst: OnSubst | None = None) -> Field:
    """A heredoc body with an unquoted delimiter: expansions done, quotes kept as they are."""
    if "$" not in body and "`" not in body and "\\" not in body:
        return Field(body)
    charge(len(body))
    parts: list[tuple[str, int]] = []
    _Expander(vars, on_subst).parts(body, 0, len(body), 2, parts)
    value = "".join(t for t, _ in parts)
    return Field(value, known=all(k not in _UNKNOWN for _, k in parts))
