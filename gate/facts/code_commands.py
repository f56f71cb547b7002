"""The command lines awk, Perl, Ruby, Node, PHP and Lua code hands a shell.

`awk 'BEGIN{system("sh /d/10.sh")}'`, `perl -e '`sh /d/10.sh`'`, `print | "sh /d/10.sh"`: each
runs its command text with `/bin/sh -c` (awk's system() and pipes, Perl's backticks and one-string
system/exec, Ruby's, PHP's and Node's exec family all go through the shell), so that text is
walked as a `sh -c` text is (walker._code_commands). A text the code builds from literals and
other values (`system("sh " d "/10.sh")`, Perl's `"sh $d/10.sh"`) is walked with each value a
variable gate cannot know: `sh "$D/10.sh"` over a held /d/10.sh is `unknown`, as in a shell.
A text wholly of another value (`system($0)`) is left to the rules that read the code's input.

Measured (2026-12-08, a fake pip on $PATH): mawk 1.3.4 and busybox awk system(), `print |
"CMD"` and `"CMD" | getline`, perl 5.36's backquotes, qx{}, `system "…" or die`, an
interpolated `"sh $d/10.sh"` and `system LIST`, node's execSync of a string and of a template
literal all ran the held script's pip; `system("echo $0")` printed `sh`. Perl's `system LIST`
runs the program with its words, no shell: written here as the shell words that give that argv.
Ruby, PHP and Lua (not installed here) are read from their manuals: system/exec/backquotes,
shell_exec/passthru/popen, os.execute/io.popen hand one string to `/bin/sh -c`.
"""

from __future__ import annotations

import bisect
import re
import shlex
from dataclasses import dataclass

VALUE = "value_the_code_builds"  # stands for a value the code builds its text from
_SHOWN = "${" + VALUE + "}"
MAX_CODE = 256 * 1024  # characters of code searched for calls; past it nothing more is read
MAX_TEXTS = 64  # command texts walked per command
MAX_CALLS = 128  # call sites of each kind read per command (each read at most MAX_ARGUMENT)
MAX_ARGUMENT = 2048  # characters of one call's arguments read

# Calls that hand their (first) argument to a shell, per language.
_CALLS: dict[str, re.Pattern[str]] = {
    "awk": re.compile(r"\bsystem\s*\("),
    "perl": re.compile(r"\b(?:system|exec|readpipe)\b\s*\(?"),
    "ruby": re.compile(r"\b(?:system|exec|spawn)\b\s*\(?|\bIO\s*\.\s*popen\s*\(?"
                       r"|\bOpen3\s*\.\s*(?:popen[23]e?|capture[23]e?)\s*\(?"),
    "php": re.compile(r"\b(?:system|exec|shell_exec|passthru|popen|proc_open)\s*\("),
    "node": re.compile(r"\b(?:execSync|exec)\s*\("),
    "lua": re.compile(r"\b(?:os\s*\.\s*execute|io\s*\.\s*popen)\s*\("),
}  # fmt: skip
# Calls whose several arguments are the program and its words (no shell between).
_LISTS = {
    "perl": re.compile(r"\b(?:system|exec)\b"),
    "ruby": re.compile(r"\b(?:system|exec|spawn)\b"),
}
# Perl's `open(FH, …)` / `open my $fh, …`: a piped open runs a command (_piped_opens).
_PERL_OPEN = re.compile(r"\bopen\b\s*\(?")
# awk: `print … | "CMD"`, `"CMD" | getline` (gawk's `|&` too).
_AWK_PIPE_TO = re.compile(r"\|&?\s*(?=[\"(])")
_AWK_PIPE_FROM = re.compile(r"\|&?\s*getline\b")
_AWK_PIPE_TO_NAME = re.compile(r"(?<!\|)\|&?\s*(?!getline\b)(?=[A-Za-z_])")  # `print | cmd`
# Perl's and Ruby's `qx{…}` / `%x(…)`; backquotes in Perl, Ruby and PHP.
_QUOTED_RUN = re.compile(r"\bqx\s*([^\w\s])|%x([^\w\s])")
_PAIRS = {"(": ")", "{": "}", "[": "]", "<": ">"}
# What a double-quoted string interpolates: Perl's and PHP's `$x`/`@x`/`${…}`, Ruby's `#{…}`.
_INTERPOLATES: dict[str, re.Pattern[str]] = {
    "perl": re.compile(r"[$@](?:\{[^}]*\}|[\w:]+(?:\[[^\]]*\]|\{[^}]*\}|->\S*?)*|.)"),
    "php": re.compile(r"\$(?:\{[^}]*\}|\w+(?:\[[^\]]*\]|->\w+)*)|\{\$[^}]*\}"),
    "ruby": re.compile(r"#\{[^}]*\}|#[@$]\w+"),
    "node": re.compile(r"\$\{[^}]*\}"),  # in a template literal only
}
# Words that end an argument list written without brackets (Perl's `system "…" or die`).
_ENDS = frozenset({"or", "and", "if", "unless", "xor", "not", "until", "while"})
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "a": "\a", "e": "\x1b", "f": "\f"}


@dataclass(frozen=True)
class _Piece:
    text: str
    known: bool


def language(name: str) -> str | None:
    """The language of a program name as programs.code_runner gives it (or awk's names)."""
    if name in ("awk", "gawk", "mawk", "nawk"):
        return "awk"
    if name in ("node", "nodejs"):
        return "node"
    if name in ("perl", "ruby", "php", "lua", "luajit"):
        return "lua" if name == "luajit" else name
    return None


def command_texts(lang: str, code: str) -> list[str]:
    """The shell texts the code runs, each value it builds them from written as `${VALUE}`;
    texts wholly of such values are left out. At most MAX_TEXTS."""
    code = code[:MAX_CODE]
    text = _Text(lang, code)
    assigned = _Assigned(lang, code, text)
    texts: list[str] = []
    calls = _CALLS.get(lang)
    lists = _LISTS.get(lang)
    for n, m in enumerate(calls.finditer(code) if calls is not None else ()):
        if n >= MAX_CALLS:
            break
        if text.holds(m.start()):
            continue
        paren = m.group(0).rstrip().endswith("(")
        args = _arguments(lang, code, m.end(), paren)
        if not args:
            texts.extend(_variable(lang, code, m.end(), text, assigned))
            continue
        listed = lists is not None and lists.match(m.group(0)) is not None and len(args) > 1
        texts.append(_argv_text(args) if listed else _shell_text(args[0]))
    if lang == "awk":
        for n, m in enumerate(_AWK_PIPE_TO.finditer(code)):
            if n >= MAX_CALLS:
                break
            if text.holds(m.start()):
                continue
            args = _arguments(lang, code, m.end(), False)
            if args:
                texts.append(_shell_text(args[0]))
            else:
                texts.extend(_variable(lang, code, m.end(), text, assigned))
        for n, m in enumerate(_AWK_PIPE_TO_NAME.finditer(code)):
            if n >= MAX_CALLS:
                break
            texts.extend(_variable(lang, code, m.end(), text, assigned))
        for n, m in enumerate(_AWK_PIPE_FROM.finditer(code)):
            if n >= MAX_CALLS:
                break
            if text.holds(m.start()):
                continue
            got = _before(code, m.start())
            if got is not None:
                texts.append(_shell_text(got))
            elif (name := _NAME_BEFORE.search(code, max(0, m.start() - 64), m.start())) is not None:
                texts.extend(assigned.get(name.group(1), []))
    if lang == "perl":
        texts.extend(_piped_opens(code, text))
    if lang in ("perl", "ruby", "php"):
        texts.extend(_backquoted(lang, code, text))
    texts.extend(_shell_text(_interpolated(lang, body)) for body in text.commands[:MAX_CALLS])
    return [t for t in dict.fromkeys(texts) if t.strip() and t.strip() != _SHOWN][:MAX_TEXTS]


# A call's argument that is one variable (`system(cmd)`, `system $cmd;`, `print | cmd`).
_VARIABLE = re.compile(r"\s*\(?\s*([$@]?[A-Za-z_]\w*)\s*\)?\s*(?:[);|,}]|$|\n)")
_NAME_BEFORE = re.compile(r"([A-Za-z_]\w*)\s*$")
# `cmd = "…"`, `$cmd = "…"`, `local cmd = "…"`, `const cmd = "…"` (not `==`, `=~`, `!=`, `<=`).
_ASSIGN = re.compile(r"(?<![\w$@])([$@]?[A-Za-z_]\w*)\s*=(?![=~>])")


class _Assigned:
    """The texts the code assigns to each variable from literals (`cmd = "sh /d/10.sh"`), read
    once when first asked (MAX_CALLS assignments, each at most MAX_ARGUMENT characters)."""

    def __init__(self, lang: str, code: str, text: _Text) -> None:
        self._lang, self._code, self._text = lang, code, text
        self._found: dict[str, list[str]] | None = None

    def get(self, name: str, default: list[str]) -> list[str]:
        if self._found is None:
            self._found = {}
            for n, m in enumerate(_ASSIGN.finditer(self._code)):
                if n >= MAX_CALLS:
                    break
                if self._text.holds(m.start()):
                    continue
                args = _arguments(self._lang, self._code, m.end(), False)
                if args and len(args) == 1:
                    self._found.setdefault(m.group(1), []).append(_shell_text(args[0]))
        return self._found.get(name, default)


def _variable(lang: str, code: str, k: int, text: _Text, assigned: _Assigned) -> list[str]:
    """The texts a call whose one argument is a variable runs: what the code assigns it."""
    m = _VARIABLE.match(code, k)
    if m is None or text.holds(k):
        return []
    return assigned.get(m.group(1), [])


def _piped_opens(code: str, text: _Text) -> list[str]:
    """Perl's `open(F, "CMD |")`, `open(F, "| CMD")` (a shell runs CMD) and `open(F, "-|",
    "CMD", …)` / `"|-"` (one string: a shell; several: the program and its words)."""
    out: list[str] = []
    for n, m in enumerate(_PERL_OPEN.finditer(code)):
        if n >= MAX_CALLS:
            break
        if text.holds(m.start()):
            continue
        args = _arguments("perl", code, m.end(), m.group(0).rstrip().endswith("("), first=False)
        if len(args) == 2:
            mode = _shell_text(args[1]).strip()
            if mode.startswith("|") or mode.endswith("|"):
                out.append(mode.strip("|").strip())
        elif len(args) > 2 and _shell_text(args[1]).strip() in ("-|", "|-"):
            out.append(_shell_text(args[2]) if len(args) == 3 else _argv_text(args[2:]))
    return out


def _shell_text(pieces: list[_Piece]) -> str:
    return "".join(p.text if p.known else _SHOWN for p in pieces)


def _argv_text(args: list[list[_Piece]]) -> str:
    """`system("sh", "/d/10.sh")`: the argv as shell words (each value a quoted expansion)."""
    words = []
    for arg in args:
        words.append("".join(shlex.quote(p.text) if p.known else f'"{_SHOWN}"' for p in arg))
    return " ".join(words)


def _backquoted(lang: str, code: str, text: _Text) -> list[str]:
    out: list[str] = []
    k = 0
    while (start := code.find("`", k)) >= 0 and len(out) < MAX_CALLS:
        if text.holds(start):
            k = text.end(start)
            continue
        end = code.find("`", start + 1)
        if end < 0:
            break
        body = code[start + 1 : min(end, start + 1 + MAX_ARGUMENT)]
        out.append(_shell_text(_interpolated(lang, body)))
        k = end + 1
    for n, m in enumerate(_QUOTED_RUN.finditer(code) if lang in ("perl", "ruby") else ()):
        if n >= MAX_CALLS:
            break
        if text.holds(m.start()):
            continue
        opening = m.group(1) or m.group(2)
        closing = _PAIRS.get(opening, opening)
        end = code.find(closing, m.end(), m.end() + MAX_ARGUMENT)
        if end > 0:
            body = code[m.end() : end]
            out.append(body if opening == "'" else _shell_text(_interpolated(lang, body)))
    return out


def _interpolated(lang: str, body: str) -> list[_Piece]:
    """A double-quoted body: its escapes decoded, what it interpolates a value gate cannot know."""
    pattern = _INTERPOLATES.get(lang) if lang != "node" else None
    pieces: list[_Piece] = []
    text: list[str] = []
    k = 0
    while k < len(body):
        c = body[k]
        if c == "\\" and k + 1 < len(body):
            nxt = body[k + 1]
            text.append(_ESCAPES.get(nxt, nxt) if lang != "awk" or nxt != "/" else "/")
            k += 2
            continue
        found = pattern.match(body, k) if pattern is not None and c in "$@#{" else None
        if found is not None and found.end() > k + 1:
            pieces.append(_Piece("".join(text), True))
            pieces.append(_Piece("", False))
            text = []
            k = found.end()
            continue
        text.append(c)
        k += 1
    pieces.append(_Piece("".join(text), True))
    return [p for p in pieces if p.text or not p.known]


def _string(lang: str, code: str, k: int) -> tuple[list[_Piece], int] | None:
    """The string literal opening at code[k], and where it ends; None when none opens there."""
    quote = code[k]
    if quote not in "\"'`" or (quote == "'" and lang == "awk") or (quote == "`" and lang != "node"):
        return None
    j, limit = k + 1, min(len(code), k + MAX_ARGUMENT)
    while j < limit and code[j] != quote:
        j += 2 if code[j] == "\\" else 1
    if j >= limit:
        return None
    body = code[k + 1 : j]
    if quote == "'" and lang in ("perl", "ruby", "php"):
        return [_Piece(body.replace("\\\\", "\\").replace("\\'", "'"), True)], j + 1
    if quote == "`":  # a JavaScript template literal: `${…}` is a value
        return _template(body), j + 1
    return _interpolated(lang, body), j + 1


def _template(body: str) -> list[_Piece]:
    pieces: list[_Piece] = []
    for n, part in enumerate(_INTERPOLATES["node"].split(body)):
        if n:
            pieces.append(_Piece("", False))
        if part:
            pieces.append(_Piece(part.replace("\\`", "`"), True))
    return pieces


def _arguments(
    lang: str, code: str, k: int, paren: bool, first: bool = True
) -> list[list[_Piece]]:
    """The call's arguments from code[k]: each a list of pieces (literals and values), read to
    the closing `)` (or, without one, the statement's end). Empty when an argument holds no
    literal (`system(cmd)`) or the call cannot be read."""
    args: list[list[_Piece]] = [[]]
    depth = 0
    end = min(len(code), k + MAX_ARGUMENT)
    while k < end:
        c = code[k]
        if c in " \t\n":
            k += 1
            continue
        got = _string(lang, code, k)
        if got is not None:
            # A literal inside a call or an index (`sprintf("sh %s", f)`) is not the text.
            args[-1].extend(got[0] if depth == 0 else [_Piece("", False)])
            k = got[1]
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            if depth == 0:
                break
            depth -= 1
        elif depth == 0 and c == "," :
            args.append([])
            k += 1
            continue
        elif depth == 0 and (c in ";" or (not paren and c == "\n")):
            break
        if depth == 0 and lang == "awk" and c in "|>":
            break  # `system("a") | …`: past the argument
        # Anything else at the argument's top level is a value (a variable, a call) or an
        # operator joining pieces (`.`, `+`, `..`): a value where it is a name.
        if c.isalnum() or c in "_$@":
            j = k
            while j < end and (code[j].isalnum() or code[j] in "_$@."):
                j += 1
            if depth == 0 and not paren and code[k:j] in _ENDS:
                break  # `system "sh x" or die`
            if depth == 0 and code[k:j] not in (".", ".."):
                args[-1].append(_Piece("", False))
            k = j
            continue
        if depth > 0:
            args[-1].append(_Piece("", False))
        k += 1
    if first and (not args[0] or not any(p.known and p.text for p in args[0])):
        return []
    return [_merged(a) for a in args if a]


def _merged(pieces: list[_Piece]) -> list[_Piece]:
    out: list[_Piece] = []
    for piece in pieces:
        if out and not piece.known and not out[-1].known:
            continue
        out.append(piece)
    return out


def _before(code: str, k: int) -> list[_Piece] | None:
    """awk's `"CMD" | getline`: the string literal just before `|`."""
    j = k - 1
    while j >= 0 and code[j] in " \t":
        j -= 1
    if j < 1 or code[j] != '"':
        return None
    i, start = j - 1, max(0, j - MAX_ARGUMENT)
    while i >= start and not (code[i] == '"' and (i == 0 or code[i - 1] != "\\")):
        i -= 1
    found = i >= start
    return _interpolated("awk", code[i + 1 : j]) if found else None


# Where a comment or a string literal opens, per language: a call site inside one is text, not a
# call (awk's `print "system(\"pip install x\")"`, Perl's `print "`pip install x`"` and Node's
# `console.log("execSync(…)")` run nothing; such a mention stays `unknown`, as before the walk).
_LINE_COMMENTS: dict[str, tuple[str, ...]] = {
    "awk": ("#",),
    "perl": ("#",),
    "ruby": ("#",),
    "php": ("#", "//"),
    "node": ("//",),
    "lua": ("--",),
}
_BLOCK_COMMENTS = frozenset({"php", "node"})  # /* … */
_QUOTES: dict[str, str] = {"awk": '"', "node": "\"'`"}  # others: "'
# What may stand before a `#` that opens a Perl or Ruby comment (not `$#a`, `s#x#y#`).
_COMMENT_AFTER = frozenset(" \t\n;{}(),")


# Text that runs to a marker, not a quote, per language: Perl's and Ruby's heredocs (`<<EOF`,
# `<<~"EOF"`), PHP's (`<<<EOF`, `<<<'EOF'`); Perl's POD and Ruby's `=begin` blocks; what follows
# `__END__`/`__DATA__`; Perl's q{}/qq{}/qw{} and Ruby's %q{}/%Q{}/%w{}; Lua's long strings and
# comments (`[[…]]`, `--[==[…]==]`); regex literals (awk, Perl, Ruby, Node), where a quote is a
# character matched, not a string opening (`/"/ {n++}` swallowed the real system() after it).
_HEREDOC: dict[str, re.Pattern[str]] = {
    "perl": re.compile(r"<<(~?)(?:\"(\w+)\"|'(\w+)'|([A-Za-z_]\w*)|`(\w+)`)"),
    "ruby": re.compile(r"<<([~-]?)(?:\"(\w+)\"|'(\w+)'|([A-Z_][A-Z0-9_]*)|`(\w+)`)"),
    "php": re.compile(r"<<<[ \t]*()(?:\"(\w+)\"|'(\w+)'|([A-Za-z_]\w*)|(?!)(x))"),
}
_BLOCKS: dict[str, re.Pattern[str]] = {
    "perl": re.compile(r"^=[A-Za-z]\w*.*?(?:^=cut\b[^\n]*|\Z)|^__(?:END|DATA)__\b.*", re.M | re.S),
    "ruby": re.compile(r"^=begin\b.*?(?:^=end\b[^\n]*|\Z)|^__END__\s*$.*", re.M | re.S),
}
_QUOTE_OPS: dict[str, re.Pattern[str]] = {
    "perl": re.compile(r"(?<![\w$@%&>:-])(?:qq|qw|q|tr|y|qr|m|s)\s*([^\w\s#,;=)\]}>])"),
    "ruby": re.compile(r"%[qQwWiIr]([^\w\s])"),
}
_LUA_LONG = re.compile(r"(?:--)?\[(=*)\[")
_REGEX_LANGS = frozenset({"awk", "perl", "ruby", "node"})
# What may stand before a `/` that opens a regex literal (else it divides).
_REGEX_AFTER = frozenset("(,=~!{;&|?:[\n")  # not `}`: `$h{x} / 2` divides
_REGEX_WORDS = re.compile(r"(?:^|\W)(?:split|grep|map|if|unless|and|or|not|return|when|typeof)\s*$")


class _Text:
    """The comments and string literals of a code text, found in one pass (an unterminated one
    runs to the end). Perl's, Ruby's and PHP's backquotes run a command: they are passed over
    whole, as code, so a quote inside them opens nothing."""

    def __init__(self, lang: str, code: str) -> None:
        self._spans: list[tuple[int, int]] = []
        quotes = _QUOTES.get(lang, "\"'")
        comments = _LINE_COMMENTS.get(lang, ())
        blocks = lang in _BLOCK_COMMENTS
        runs = lang in ("perl", "ruby", "php")
        heredoc = _HEREDOC.get(lang)
        block = _BLOCKS.get(lang)
        quote_op = _QUOTE_OPS.get(lang)
        regexes = lang in _REGEX_LANGS
        # Perl's and Ruby's `<<`EOF`` run their body as a shell text (as backquotes do).
        self.commands: list[str] = []
        pending: list[tuple[str, bool, bool]] = []  # heredocs this line opened: tag, indented, runs
        k, n = 0, len(code)
        while k < n:
            c = code[k]
            if c == "\n" and pending:
                k = self._heredocs(code, k + 1, pending)
                pending = []
            elif block is not None and c in "=_" and (k == 0 or code[k - 1] == "\n") and (
                m := block.match(code, k)
            ):
                k = self._add(k, max(m.end(), k + 1))
            elif heredoc is not None and c == "<" and (m := heredoc.match(code, k)) and (
                m.group(4) is None or _after_operator(code, k)
            ):
                tag = m.group(2) or m.group(3) or m.group(4) or m.group(5)
                pending.append((tag, m.group(1) != "" or lang == "php", m.group(5) is not None))
                k = self._add(k, m.end()) if m.group(5) else m.end()
            elif quote_op is not None and c in "qtymsr%" and (m := quote_op.match(code, k)):
                k = self._add(k, _closing(code, m.end(), m.group(1)))
            elif lang == "lua" and c in "-[" and (m := _LUA_LONG.match(code, k)):
                j = code.find("]" + m.group(1) + "]", m.end())
                k = self._add(k, n if j < 0 else j + len(m.group(1)) + 2)
            elif regexes and c == "/" and (j := _regex_end(lang, code, k)) > 0:
                k = self._add(k, j)
            elif c in quotes:
                j = k + 1
                while j < n and code[j] != c:
                    j += 2 if code[j] == "\\" else 1
                k = self._add(k, min(j + 1, n))
            elif c == "`" and runs:
                j = code.find("`", k + 1)
                k = n if j < 0 else j + 1
            elif blocks and code.startswith("/*", k):
                j = code.find("*/", k + 2)
                k = self._add(k, n if j < 0 else j + 2)
            elif code.startswith(comments, k) and _opens_comment(lang, code, k):
                j = code.find("\n", k)
                k = self._add(k, n if j < 0 else j)
            else:
                k += 1
        self._starts = [start for start, _ in self._spans]

    def _heredocs(self, code: str, k: int, pending: list[tuple[str, bool, bool]]) -> int:
        """The bodies of the heredocs a line opened, from code[k]; where the last one ends."""
        for tag, indented, runs in pending:
            start = body = k
            while k < len(code):
                j = code.find("\n", k)
                line = code[k : len(code) if j < 0 else j]
                k = len(code) if j < 0 else j + 1
                got = line.strip() if indented else line
                rest = got[len(tag) :][:1]
                if got == tag or (
                    indented and got.startswith(tag) and not (rest.isalnum() or rest == "_")
                ):
                    break
                body = k
            if runs:
                self.commands.append(code[start:body][:MAX_ARGUMENT])
            else:
                self._add(start, k)
        return k

    def _add(self, start: int, end: int) -> int:
        self._spans.append((start, end))
        return end

    def _at(self, k: int) -> int:
        i = bisect.bisect_right(self._starts, k) - 1
        return i if i >= 0 and k < self._spans[i][1] else -1

    def holds(self, k: int) -> bool:
        """Whether code[k] is inside a comment or a string literal."""
        return self._at(k) >= 0

    def end(self, k: int) -> int:
        """Where the comment or literal holding code[k] ends."""
        return self._spans[self._at(k)][1]


def _after_operator(code: str, k: int) -> bool:
    """Whether code[k] stands where a term, not an operator, is read: `print <<EOF` and
    `print STDERR <<EOF` open a heredoc; after a variable, a number or a bracket (`$x <<EOF`,
    `1 <<A`, `f() <<A`) it shifts."""
    j = k - 1
    while j >= 0 and code[j] in " \t":
        j -= 1
    if j < 0 or code[j] in ")]}":
        return j < 0
    i = j
    while i >= 0 and (code[i].isalnum() or code[i] == "_"):
        i -= 1
    if i == j:
        return True  # after an operator or punctuation
    return not (code[i + 1].isdigit() or (i >= 0 and code[i] in "$@%&"))


def _closing(code: str, k: int, opening: str) -> int:
    """Where a quote-like operator's body that opened before code[k] ends (past its closer)."""
    closing = _PAIRS.get(opening, opening)
    depth, n = 0, min(len(code), k + MAX_ARGUMENT)
    while k < n:
        c = code[k]
        if c == "\\":
            k += 2
            continue
        if c == closing and depth == 0:
            return k + 1
        if closing != opening:
            depth += (c == opening) - (c == closing)
        k += 1
    return k


def _regex_end(lang: str, code: str, k: int) -> int:
    """Past the regex literal opening at code[k] (one line at most), or 0 where `/` divides."""
    if lang == "node" and code.startswith(("//", "/*"), k):
        return 0
    j = k - 1
    while j >= 0 and code[j] in " \t":
        j -= 1
    after_word = _REGEX_WORDS.search(code, max(0, j - 8), j + 1) is not None
    if j >= 0 and code[j] not in _REGEX_AFTER and not after_word:
        return 0
    i, n = k + 1, min(len(code), k + MAX_ARGUMENT)
    while i < n and code[i] not in "/\n":
        i += 2 if code[i] == "\\" else 1
    return i + 1 if i < n and code[i] == "/" else 0


def _opens_comment(lang: str, code: str, k: int) -> bool:
    if lang in ("perl", "ruby"):
        return k == 0 or code[k - 1] in _COMMENT_AFTER
    return not (lang == "php" and code.startswith("#[", k))  # PHP 8's attributes
