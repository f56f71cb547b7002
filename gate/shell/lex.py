"""Quote-aware scanning of POSIX shell text: where constructs end, and where heredocs are.

Tree-sitter-bash mis-nests everything that follows a heredoc operator on its line (a `;` after
`cat <<EOF | tee f` even glues the next command onto tee's arguments), so heredocs are cut out
before parsing: the operator becomes a plain `<` redirect and the body becomes blanks, which keeps
every byte offset and line number of the original text.

All text here is a "byte string held in a str": the UTF-8 bytes of the script decoded as
latin-1, one char per byte, so that offsets agree with tree-sitter's byte offsets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gate.shell.meter import charge

_CMD = 0  # command text: [_CMD, open parens, open `case`s, 1 when a `)` closes it]
_DQ = 1  # inside "..."
_BRACE = 2  # inside ${...}
_BACKTICK = 3  # inside `...`
_ARITH = 4  # inside $((...)) or ((...)); entry[1] is the paren depth

_WORD_BREAK = frozenset(" \t\n;&|()<>")
_DELIM_END = frozenset(" \t\r\n;&|()<>")  # \r: a CRLF line end is not part of the word

# Where the scan of each mode next has something to look at: every other character only moves
# it on by one, so it jumps there (the letters c and e only where a word starts: `case`, `esac`).
_CMD_NEXT = re.compile(r"[\\'\"`$#()<\n]|(?<=[ \t\n;&|()<>])[ce]")
_DQ_NEXT = re.compile(r'[\\"$`]')
_BRACE_NEXT = re.compile(r"[\\}'\"$`]")
_BACKTICK_NEXT = re.compile(r"[\\`]")


def _next(pattern: re.Pattern[str], s: str, i: int, n: int) -> int:
    """The index of the next character `pattern` matches from `i`, else `n`."""
    m = pattern.search(s, i)
    return n if m is None else m.start()


@dataclass(frozen=True)
class Heredoc:
    """A heredoc cut out of the script: where its operator was and what its body holds."""

    offset: int  # offset of the `<<` operator
    op: str  # "<<" or "<<-"
    delimiter: str
    quoted: bool  # any quoting in the delimiter: the body is taken literally
    body: str


def _skip_single(s: str, i: int) -> int:
    """`i` is just after an opening single quote; the index after its closing one."""
    j = s.find("'", i)
    return len(s) if j < 0 else j + 1


def _skip_escaped(s: str, i: int, close: str) -> int:
    """The index after the next `close` from `i`, a backslash escaping the character after it."""
    n = len(s)
    while i < n:
        c = s[i]
        if c == "\\":
            i += 2
        elif c == close:
            return i + 1
        else:
            i += 1
    return n


def skip_ansi(s: str, i: int) -> int:
    """`i` is just after `$'`; the index after the closing quote (backslash escapes honoured)."""
    return _skip_escaped(s, i, "'")


def _at_word_start(s: str, i: int, floor: int) -> bool:
    return i <= floor or s[i - 1] in _WORD_BREAK


def _only_comments(s: str, i: int, end: int, masks: list[tuple[int, int, str]]) -> bool:
    """Whether `s[i:end]` is blank once the `masks` (comments) are taken out."""
    pos = i
    for start, stop, _ in masks:
        if s[pos:start].strip():
            return False
        pos = stop
    return not s[pos:end].strip()


def _keyword_at(s: str, i: int, word: str) -> bool:
    end = i + len(word)
    return s.startswith(word, i) and (end >= len(s) or s[end] in _WORD_BREAK)


class _Scanner:
    """One pass over shell text with an explicit stack, so nesting depth costs no recursion."""

    def __init__(self, s: str, collect: bool) -> None:
        self.s = s
        self.collect = collect
        self.heredocs: list[Heredoc] = []
        self.pending: list[tuple[int, str, str, bool]] = []
        self.masks: list[tuple[int, int, str]] = []  # (start, end, replacement)

    def run(self, i: int, stack: list[list[int]]) -> int:
        """Scan from `i` until `stack` empties (the construct closed) or the text ends."""
        end = self._run(i, stack)
        charge(end - i)
        return end

    def _run(self, i: int, stack: list[list[int]]) -> int:
        s = self.s
        n = len(s)
        floor = i
        while i < n and stack:
            top = stack[-1]
            mode = top[0]
            c = s[i]
            if mode == _CMD:
                if c == "\\":
                    i += 2
                elif c == "'":
                    i = _skip_single(s, i + 1)
                elif c == '"':
                    stack.append([_DQ])
                    i += 1
                elif c == "`":
                    self._backtick(i + 1)
                    stack.append([_BACKTICK])
                    i += 1
                elif c == "$":
                    i = self._dollar(i, stack, quoted=False)
                elif c == "#" and _at_word_start(s, i, floor):
                    j = s.find("\n", i)
                    i = n if j < 0 else j
                elif c == "(":
                    if s.startswith("((", i) and _at_word_start(s, i, floor):
                        stack.append([_ARITH, 0])
                        i += 2
                    else:
                        top[1] += 1
                        i += 1
                elif c == ")":
                    if top[1] > 0:
                        top[1] -= 1
                    elif top[2] == 0 and top[3]:
                        stack.pop()
                    i += 1
                elif c == "<" and s.startswith("<<", i):
                    if s.startswith("<<<", i):
                        i += 3
                    else:
                        i = self._heredoc_op(i)
                elif c == "\n":
                    i += 1
                    if self.pending:
                        i = self._bodies(i)
                elif c in "ce" and _at_word_start(s, i, floor):
                    if _keyword_at(s, i, "case"):
                        top[2] += 1
                        i += 4
                    elif _keyword_at(s, i, "esac") and top[2] > 0:
                        top[2] -= 1
                        i += 4
                    else:
                        i += 1
                else:
                    i = _next(_CMD_NEXT, s, i + 1, n)
            elif mode in (_DQ, _BRACE):
                # "…" and ${…} share escapes, nested $ and `…`; only ${…} opens quotes (a '…'
                # only where the brace itself is unquoted: top[1] == 0).
                if c == "\\":
                    i += 2
                elif c == ('"' if mode == _DQ else "}"):
                    stack.pop()
                    i += 1
                elif mode == _BRACE and c == "'" and top[1] == 0:
                    i = _skip_single(s, i + 1)
                elif mode == _BRACE and c == '"':
                    stack.append([_DQ])
                    i += 1
                elif c == "$":
                    i = self._dollar(i, stack, quoted=mode == _DQ or bool(top[1]))
                elif c == "`":
                    self._backtick(i + 1)
                    stack.append([_BACKTICK])
                    i += 1
                else:
                    i = _next(_DQ_NEXT if mode == _DQ else _BRACE_NEXT, s, i + 1, n)
            elif mode == _BACKTICK:
                if c == "\\":
                    i += 2
                elif c == "`":
                    stack.pop()
                    i += 1
                else:
                    i = _next(_BACKTICK_NEXT, s, i + 1, n)
            else:  # _ARITH
                if c == "(":
                    top[1] += 1
                    i += 1
                elif c == ")":
                    if top[1] == 0:
                        stack.pop()
                        i += 2 if s.startswith("))", i) else 1
                    else:
                        top[1] -= 1
                        i += 1
                elif c == "$":
                    i = self._dollar(i, stack, quoted=True)
                elif c == "`":
                    self._backtick(i + 1)
                    stack.append([_BACKTICK])
                    i += 1
                elif c == "\\":
                    i += 2
                else:
                    i += 1
        return min(i, n)

    def _backtick(self, i: int) -> None:
        """Blank the comments of the `…` body starting at `i`, for the parser.

        bash finds the closing backtick first and parses the body on its own, so a `#` comment
        there ends at the body's end; tree-sitter-bash runs it on past the backtick, swallowing
        the rest of the line: a backticked `# needed by lxml` between apt-get's packages hid the
        `&& pip install x` after it."""
        if not self.collect:
            return
        s = self.s
        end = _skip_escaped(s, i, "`") - 1
        first = len(self.masks)
        j = i
        while j < end:
            c = s[j]
            if c == "\\":
                j += 2
            elif c == "'":
                j = min(_skip_single(s, j + 1), end)
            elif c == '"':
                j = min(_skip_escaped(s, j + 1, '"'), end)
            elif c == "#" and _at_word_start(s, j, i):
                k = s.find("\n", j, end)
                k = end if k < 0 else k
                self.masks.append((j, k, " " * (k - j)))
                j = k
            else:
                j += 1
        if end > i and _only_comments(s, i, end, self.masks[first:]):
            # tree-sitter-bash cannot read a blank `…`: `:` outputs nothing, as the body does.
            if len(self.masks) > first:
                start, stop, blank = self.masks[first]
                self.masks[first] = (start, stop, ":" + blank[1:])
            elif s[i] != "\n":
                self.masks.append((i, i + 1, ":"))

    def _dollar(self, i: int, stack: list[list[int]], quoted: bool) -> int:
        s = self.s
        nxt = s[i + 1 : i + 2]
        if nxt == "(":
            if s.startswith("((", i + 1):
                stack.append([_ARITH, 0])
                return i + 3
            stack.append([_CMD, 0, 0, 1])
            return i + 2
        if nxt == "{":
            stack.append([_BRACE, int(quoted)])
            return i + 2
        if nxt == "'" and not quoted:
            return skip_ansi(s, i + 2)
        if nxt == "[":
            stack.append([_ARITH, 0])  # $[ ... ] old arithmetic: close on `]` is rare; ( ) count
            return i + 2
        return i + 1

    def _heredoc_op(self, i: int) -> int:
        s = self.s
        n = len(s)
        j = i + 2
        strip = j < n and s[j] == "-"
        if strip:
            j += 1
        while j < n and s[j] in " \t":
            j += 1
        start = j
        delim: list[str] = []
        quoted = False
        while j < n and s[j] not in _DELIM_END:
            c = s[j]
            if c == "'":
                k = s.find("'", j + 1)
                k = n if k < 0 else k
                delim.append(s[j + 1 : k])
                quoted = True
                j = k + 1
            elif c == '"':
                k = j + 1
                while k < n and s[k] != '"':
                    k += 2 if s[k] == "\\" else 1
                delim.append(s[j + 1 : min(k, n)].replace('\\"', '"'))
                quoted = True
                j = k + 1
            elif c == "\\":
                delim.append(s[j + 1 : j + 2])
                quoted = True
                j += 2
            else:
                delim.append(c)
                j += 1
        j = min(j, n)
        if j == start:
            return i + 2  # `<<` with no delimiter word: not a heredoc
        if self.collect:
            op = "<<-" if strip else "<<"
            self.pending.append((i, op, "".join(delim), quoted))
            self.masks.append((i, i + len(op), "<" + " " * (len(op) - 1)))
        return j

    def _bodies(self, i: int) -> int:
        """Read the pending heredoc bodies that start at `i`; the index after the last one."""
        s = self.s
        n = len(s)
        start = i
        for offset, op, delim, quoted in self.pending:
            lines: list[str] = []
            while i < n:
                j = s.find("\n", i)
                end = n if j < 0 else j
                line = s[i:end]
                i = n if j < 0 else j + 1
                cmp = line.lstrip("\t") if op == "<<-" else line
                if cmp == delim or cmp.rstrip("\r") == delim:
                    break
                lines.append(cmp + "\n")
            self.heredocs.append(Heredoc(offset, op, delim, quoted, "".join(lines)))
        self.pending.clear()
        if i > start:
            blank = "".join(" " if ch != "\n" else "\n" for ch in s[start:i])
            self.masks.append((start, i, blank))
        return i

    def finish(self) -> None:
        """Heredocs still pending at the end of the text have empty bodies."""
        for offset, op, delim, quoted in self.pending:
            self.heredocs.append(Heredoc(offset, op, delim, quoted, ""))
        self.pending.clear()


def cut_heredocs(s: str) -> tuple[str, dict[int, Heredoc]]:
    """Blank out heredoc bodies and turn their `<<` into `<`; heredocs keyed by operator offset.
    Comments inside backticks are blanked too, and a blank backtick body becomes `:` (see
    _Scanner._backtick)."""
    if "<<" not in s and "`" not in s:
        return s, {}
    scanner = _Scanner(s, collect=True)
    scanner.run(0, [[_CMD, 0, 0, 0]])
    scanner.finish()
    if not scanner.masks:
        return s, {}
    parts: list[str] = []
    pos = 0
    for start, end, repl in sorted(scanner.masks):
        if start < pos:
            continue
        parts.append(s[pos:start])
        parts.append(repl)
        pos = end
    parts.append(s[pos:])
    return "".join(parts), {h.offset: h for h in scanner.heredocs}


def skip_subst(s: str, i: int) -> int:
    """`i` is just after `$(`; the index after the matching `)`."""
    return _Scanner(s, collect=False).run(i, [[_CMD, 0, 0, 1]])


def skip_brace(s: str, i: int, quoted: bool) -> int:
    """`i` is just after `${`; the index after the matching `}`."""
    return _Scanner(s, collect=False).run(i, [[_BRACE, int(quoted)]])


def skip_arith(s: str, i: int) -> int:
    """`i` is just after `$((`; the index after the matching `))`."""
    return _Scanner(s, collect=False).run(i, [[_ARITH, 0]])


def skip_backtick(s: str, i: int) -> int:
    """`i` is just after an opening backtick; the index after the closing one."""
    return _skip_escaped(s, i, "`")


def skip_double(s: str, i: int) -> int:
    """`i` is just after an opening double quote; the index after the closing one."""
    return _Scanner(s, collect=False).run(i, [[_DQ]])
