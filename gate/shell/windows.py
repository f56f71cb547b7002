"""Windows shells: `cmd /S /C` and PowerShell bodies split into commands and words.

Neither is parsed into a tree: each is split on its own separators outside its own quoting
(`^` escapes in cmd, backticks in PowerShell), and its variable syntax (`%VAR%`, `$env:VAR`) is
expanded from the shell state as far as it is known; the walker then treats every piece as a
simple command, like a POSIX one.
"""

from __future__ import annotations

import re

from gate.shell.expand import Field, Flag, Value
from gate.shell.state import State


def cmd_set_value(value: str, state: State, known: bool) -> str | None:
    """A cmd `set` value: %VAR% expanded, None when anything is unknown."""
    if not known:
        return None
    field_ = cmd_word(value, state, unquote=False)
    return field_.value if field_.known else None


# ---------------------------------------------------------------------------------------------
# Windows cmd.


def cmd_split(text: str) -> list[tuple[int, str]]:
    """Split a cmd line on `&&`, `||`, `&`, `|` and newlines outside double quotes (`^` escapes)."""
    out: list[tuple[int, str]] = []
    start = 0
    i, n = 0, len(text)
    quoted = False
    while i < n:
        c = text[i]
        if c == '"':
            quoted = not quoted
        elif c == "^" and not quoted:
            i += 2
            continue
        elif not quoted and c in "&|\n" and not (c == "&" and text[i - 1 : i] in ("<", ">")):
            out.append((start, text[start:i]))
            i += 2 if text[i : i + 2] in ("&&", "||") else 1
            start = i
            continue
        i += 1
    out.append((start, text[start:]))
    return out


def cmd_words(text: str) -> list[str]:
    """cmd-style words: split on blanks outside double quotes, quotes kept for cmd_word."""
    words: list[str] = []
    cur: list[str] = []
    quoted = False
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == '"':
            quoted = not quoted
            cur.append(c)
        elif c == "^" and not quoted and i + 1 < n:
            cur.append(c + text[i + 1])
            i += 1
        elif c in " \t\r" and not quoted:
            if cur:
                words.append("".join(cur))
                cur = []
        elif c in "<>" and not quoted:
            # A redirection: the file name is not an argument of the program.
            if cur and not "".join(cur).isdigit():
                words.append("".join(cur))
            cur = []
            while i + 1 < n and text[i + 1] in "<>&":
                i += 1
            while i + 1 < n and text[i + 1] in " \t":
                i += 1
            while i + 1 < n and text[i + 1] not in " \t":
                i += 1
        else:
            cur.append(c)
        i += 1
    if cur:
        words.append("".join(cur))
    return words


_CMD_VAR = re.compile(r"%([A-Za-z_][A-Za-z0-9_()]*)%")
_CMD_LOOP_VAR = re.compile(r"%%?[A-Za-z](?![A-Za-z0-9_]*%)")


def cmd_word(word: str, state: State, unquote: bool = True) -> Field:
    """A cmd word: `%VAR%` expanded from the environment, quotes and `^` escapes removed."""
    known = True
    first_unknown = False

    def sub(m: re.Match[str]) -> str:
        nonlocal known, first_unknown
        name = m.group(1)
        v = state.get(name)
        if not isinstance(v, str):
            # cmd looks names up case-insensitively.
            v = next((state.get(k) for k in state.vars if k.upper() == name.upper()), v)
        if isinstance(v, str):
            return v
        if known and m.start() == 0:
            first_unknown = True
        known = False
        return m.group(0)

    value = _CMD_VAR.sub(sub, word)
    loop_var = _CMD_LOOP_VAR.search(value)
    if loop_var:
        # `%i` / `%%i`: a `for` variable, whatever the loop gives it.
        first_unknown = first_unknown or (known and loop_var.start() == 0)
        known = False
    if unquote:
        value = re.sub(r"\^(.)", r"\1", value.replace('"', ""))
    return Field(value, known=known, may_be_option=first_unknown)


_CMD_COMPARE = frozenset({"equ", "neq", "lss", "leq", "gtr", "geq"})


def cmd_strip_control(words: list[Field]) -> list[Field]:
    """`if exist f pip …`, `if not errorlevel 1 …`, `for %i in (…) do pip …` → `pip …`."""
    for _ in range(8):
        if not words:
            return words
        head = words[0].value.lower()
        if head == "for":
            at = next((i for i, w in enumerate(words) if w.value.lower() == "do"), len(words))
            words = words[at + 1 :]
        elif head == "if":
            rest = words[1:]
            while rest and rest[0].value.lower() in ("/i", "not"):
                rest = rest[1:]
            if rest and rest[0].value.lower() in (
                "exist",
                "defined",
                "errorlevel",
                "cmdextversion",
            ):
                rest = rest[2:]
            elif len(rest) >= 3 and rest[1].value.lower() in _CMD_COMPARE:
                rest = rest[3:]
            elif rest and "==" in rest[0].value:
                rest = rest[1:]
            words = rest
        elif head == "else":
            words = words[1:]
        else:
            return words
    return words


# ---------------------------------------------------------------------------------------------
# PowerShell.


# The characters ps_split acts on (`&` only as `&&`).
_PS_SPECIAL = re.compile(r"['\"`#;\n|{}&]")


def ps_split(text: str) -> list[tuple[int, str]]:
    """Split on `;`, newlines, `&&`, `||`, `|`, `{`, `}` outside quotes (backtick escapes)."""
    out: list[tuple[int, str]] = []
    start = 0
    i, n = 0, len(text)
    while i < n:
        # Every other character only moves on by one: jump to the next that may not.
        found = _PS_SPECIAL.search(text, i)
        if found is None:
            break
        i = found.start()
        c = text[i]
        if c == "'":
            j = i + 1
            while j < n:
                if text[j] == "'" and text[j + 1 : j + 2] == "'":
                    j += 2
                    continue
                if text[j] == "'":
                    break
                j += 1
            i = j + 1
            continue
        if c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "`" else 1
            i = j + 1
            continue
        if c == "`":
            if text[i + 1 : i + 2] == "\n":
                i += 2  # line continuation
                continue
            i += 2
            continue
        if c == "#" and (i == start or text[i - 1] in " \t"):
            j = text.find("\n", i)
            out.append((start, text[start:i]))
            i = n if j < 0 else j
            start = i
            continue
        if c in ";\n|{}" or text.startswith("&&", i):
            out.append((start, text[start:i]))
            i += 2 if text[i : i + 2] in ("&&", "||") else 1
            start = i
            continue
        i += 1
    out.append((start, text[min(start, n) :]))
    return out


_PS_VAR = re.compile(
    r"\$(?:\{env:([^}]+)\}|env:([A-Za-z_][A-Za-z0-9_]*)|\{[^}]*\}|[A-Za-z_][A-Za-z0-9_:]*|\([^)]*\))"
)


# Where ps_words stops reading: a bare word's end, and a "…" word's quote or escape.
_PS_BARE_END = re.compile(r"[ \t\r\n'\"`]")
_PS_DQ_STOP = re.compile(r'["`]')
_PS_ESCAPES = {"n": "\n", "t": "\t", "0": "\0"}


def ps_words(text: str, state: State) -> list[Field]:
    """PowerShell arguments: 'literal', "expanding", `escapes, $env:NAME from the environment."""
    words: list[Field] = []
    buf: list[str] = []
    known = True
    first_unknown = False
    has = False
    i, n = 0, len(text)

    def expand(s: str) -> str:
        nonlocal known, first_unknown
        out: list[str] = []
        pos = 0
        for m in _PS_VAR.finditer(s):
            out.append(s[pos : m.start()])
            name = m.group(1) or m.group(2)
            v: Value = Flag.ABSENT
            if name:
                v = state.get(name)
                if not isinstance(v, str):
                    v = next((state.get(k) for k in state.vars if k.upper() == name.upper()), v)
            if isinstance(v, str):
                out.append(v)
            else:
                if known and not buf and not out[-1] and m.start() == 0:
                    first_unknown = True
                known = False
                out.append(m.group(0))
            pos = m.end()
        out.append(s[pos:])
        return "".join(out)

    def finish() -> None:
        nonlocal buf, known, first_unknown, has
        if has:
            words.append(
                Field("".join(buf), known=known, may_be_option=first_unknown and not known)
            )
        buf, known, first_unknown, has = [], True, False, False

    while i < n:
        c = text[i]
        if c in " \t\r\n":
            finish()
            i += 1
        elif c == "'":
            # Runs of text between quotes taken whole; `''` is one quote.
            j = i + 1
            lit: list[str] = []
            while j < n:
                k = text.find("'", j)
                if k < 0:
                    lit.append(text[j:])
                    j = n
                    break
                lit.append(text[j:k])
                if text[k + 1 : k + 2] == "'":
                    lit.append("'")
                    j = k + 2
                    continue
                j = k
                break
            buf.append("".join(lit))
            has = True
            i = j + 1
        elif c == '"':
            j = i + 1
            lit = []
            while j < n:
                found = _PS_DQ_STOP.search(text, j)
                k = n if found is None else found.start()
                lit.append(text[j:k])
                j = k
                if j >= n or text[j] == '"':
                    break
                if j + 1 < n:  # a backtick escape
                    lit.append(_PS_ESCAPES.get(text[j + 1], text[j + 1]))
                    j += 2
                else:
                    lit.append(text[j])  # a lone backtick at the end stays
                    j += 1
            buf.append(expand("".join(lit)))
            has = True
            i = j + 1
        elif c == "`" and i + 1 < n:
            buf.append(text[i + 1])
            has = True
            i += 2
        else:
            # At least one character, also a lone backtick at the end.
            found = _PS_BARE_END.search(text, i + 1)
            j = n if found is None else found.start()
            buf.append(expand(text[i:j]))
            has = True
            i = j
    finish()
    return words
