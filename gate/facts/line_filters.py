"""What a line filter of a file gate holds writes (`grep -v '^#' F > G`, `sed '/^$/d' F > G`,
`sort -u F`, `uniq F`, `cat -s F`, `tr -d '\\r' < F`): G's text, worked out from F's.

Exactly where the filter is one modelled here: grep (basic, `-E`, `-F`; `-v`, `-x`, `-e`,
several patterns), sed scripts of `/RE/d` and `/RE/!d` commands (basic or `-E`), uniq without
options, `cat -s`, `tr -d '\\r'`. Their patterns are translated only where that is exact
(gate/facts/line_regex.py). Otherwise, where the output can only be some of F's lines (a grep
or sed `d` pattern not translated, `sort` whose order depends on the locale), G is taken to be
F itself only when no choice of lines can change how an install reads it: every line of F is
blank, a comment or a plain requirement name (no option, no path, URL or continuation), so any
subset installs names only, as F does. Anything else: None, G's text stays unknown.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from gate.crlf_text import CrlfText, as_read, shell_text
from gate.facts import filter_work
from gate.facts.line_match import LineMatcher, Unmatchable, compile_lines
from gate.facts.line_regex import translate
from gate.model import Word

# A line whose presence or absence only adds or drops a package name: blank, a comment, or a
# name with extras, version specifiers, a marker and a comment.
_PLAIN = re.compile(
    r"[ \t]*(?:#.*)?"
    r"|[ \t]*[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?[ \t]*(?:\[[A-Za-z0-9._, \t-]*\][ \t]*)?"
    r"(?:(?:===|==|!=|<=|>=|~=|<|>)[ \t]*[A-Za-z0-9.*+!_-]+[ \t]*"
    r"(?:,[ \t]*(?:===|==|!=|<=|>=|~=|<|>)[ \t]*[A-Za-z0-9.*+!_-]+[ \t]*)*)?"
    r"(?:;[^#\\\n]*)?(?:[ \t]+#.*)?"
)
_MAX_TEXT = 256 * 1024
_SED_DELETE = re.compile(r"\s*/((?:[^/\\\n]|\\.)*)/\s*(!?)\s*d\s*")
_CR = frozenset({"\\r", "\r", "\\015"})

Filter = Callable[[str], str | None]


def filtered(
    program: str, args: Sequence[Word], read: Callable[[str | None], str | None]
) -> str | None:
    """What `program ARGS` prints, given `read(FILE)` (None: standard input) for F's text; None
    when not a filter modelled here or F's text is not known."""
    if not all(w.known for w in args):
        return None
    words = [w.value for w in args]
    got = _parse(program, words)
    if got is None:
        return None
    work, operand = got
    if program == "sort":
        text = _joined(read(o) for o in _sort_operands(words))
    else:
        text = read(operand)
    if text is None or len(text) > _MAX_TEXT or "\0" in text:
        return None

    def printed() -> str | None:
        # The program sees a context file's CRs (`grep -x flask` does not match `flask\r`); what
        # it prints is held as such a file is (crlf_text).
        out = work(shell_text(text))
        return as_read(out) if out is not None and isinstance(text, CrlfText) else out

    return filter_work.worked(_asked(program, words, [text]), _cost(words, [text]), printed)


def _asked(program: str, words: Sequence[str], texts: Sequence[str]) -> tuple[object, ...]:
    """What a filter is asked, as the build's filter answers are kept (filter_work.worked)."""
    read = tuple((isinstance(t, CrlfText), shell_text(t)) for t in texts)
    return (program, tuple(words), read)


def _cost(words: Sequence[str], texts: Sequence[str]) -> Callable[[], int]:
    """The work of a filter of these words over these texts, as filter_work counts it."""

    def cost() -> int:
        pattern = filter_work.PATTERN * sum(len(w) for w in words)
        return pattern + sum(filter_work.text_cost(t) for t in texts)

    return cost


# The programs `filtered` may work out (`cat` only as `cat -s`).
PROGRAMS = frozenset({"grep", "egrep", "fgrep", "sed", "sort", "uniq", "cat", "tr"})


def is_filter(program: str, args: Sequence[Word]) -> bool:
    """Whether `program ARGS` is a filter modelled here: it reads its files and writes only
    its standard output (no `sed -i`, `sort -o`, `uniq IN OUT`)."""
    return all(w.known for w in args) and _parse(program, [w.value for w in args]) is not None


def _parse(program: str, words: list[str]) -> tuple[Filter, str | None] | None:
    if program in ("grep", "egrep", "fgrep"):
        return _grep(program, words)
    if program == "sed":
        return _sed(words)
    if program == "sort":
        return _sort(words)
    if program == "uniq":
        return (
            (_uniq, words[0])
            if len(words) == 1 and not words[0].startswith("-")
            else ((_uniq, None) if not words else None)
        )
    if program == "cat" and words[:1] == ["-s"]:
        return (_squeeze, words[1]) if len(words) == 2 and not words[1].startswith("-") else None
    if program == "tr" and len(words) == 2 and words[0] == "-d" and words[1] in _CR:
        return (lambda text: text.replace("\r", "")), None
    return None


def _lines(text: str) -> list[str]:
    return text.split("\n")[:-1] if text.endswith("\n") else text.split("\n") if text else []


def _grep(program: str, words: list[str]) -> tuple[Filter, str | None] | None:
    syntax = {"egrep": "E", "fgrep": "F"}.get(program, "G")
    # Matchers named (egrep/fgrep name theirs): GNU grep 3.8 refuses two different ones
    # ("conflicting matchers specified", nothing printed), other greps take one of them.
    matchers = {syntax} if program != "grep" else set()
    invert = whole = False
    patterns: list[str] = []
    operands: list[str] = []
    k = 0
    while k < len(words):
        word = words[k]
        k += 1
        if word == "--":
            operands.extend(words[k:])
            break
        if not word.startswith("-") or word == "-":
            operands.append(word)
            continue
        if word in ("-e", "--regexp"):
            if k >= len(words):
                return None  # "option requires an argument": nothing printed
            patterns.append(words[k])
            k += 1
        elif word.startswith("--regexp="):
            patterns.append(word.partition("=")[2])
        elif word.startswith("-e") and not word.startswith("--"):
            patterns.append(word[2:])
        elif word in ("-v", "--invert-match"):
            invert = True
        elif word in ("-x", "--line-regexp"):
            whole = True
        elif word in ("-E", "--extended-regexp", "-F", "--fixed-strings", "-G", "--basic-regexp"):
            syntax = word[1] if len(word) == 2 else word[2].upper()
            syntax = {"B": "G"}.get(syntax, syntax)
            matchers.add(syntax)
        elif word in ("-s", "--no-messages"):
            pass
        elif re.fullmatch(r"-[vxsEFG]+", word):
            for letter in word[1:]:
                if letter == "v":
                    invert = True
                elif letter == "x":
                    whole = True
                elif letter in "EFG":
                    syntax = letter
                    matchers.add(letter)
        else:
            return None  # -c, -l, -o, -n, -i, -w, -A … print other things or match otherwise
    if len(matchers) > 1:
        return None  # `grep -E -F`, `egrep -F`: an error in GNU grep, not a filter
    if not patterns:
        if not operands:
            return None
        patterns = [operands.pop(0)]
    if len(operands) > 1:
        return None  # several files: each line is prefixed with its file's name
    operand = operands[0] if operands and operands[0] != "-" else None

    def work(text: str) -> str | None:
        # Compiled here, where the build's filter budget has been charged for it.
        compiled = _compiled(patterns, syntax, whole)
        if compiled is None:
            return _subset(text)
        if syntax != "F" and not text.isascii():
            return _subset(text)  # classes and `.` in a multibyte locale: not modelled
        try:
            kept = [line for line in _lines(text) if compiled.search(line) != invert]
        except Unmatchable:
            return _subset(text)
        return "".join(f"{line}\n" for line in kept)

    return work, operand


def _compiled(patterns: list[str], syntax: str, whole: bool) -> LineMatcher | None:
    parts: list[str] = []
    for pattern in patterns:
        for one in pattern.split("\n"):  # a pattern of several lines is several patterns
            got = re.escape(one) if syntax == "F" else translate(one, syntax == "E")
            if got is None:
                return None
            parts.append(f"^(?:{got})$" if whole else got)
    # Not Python's re: it backtracks (`(a|aa)*c` over 40 `a`s ran for minutes).
    return compile_lines("|".join(f"(?:{p})" for p in parts))


def _sed(words: list[str]) -> tuple[Filter, str | None] | None:
    got = _sed_words(words, in_place=False)
    if got is None:
        return None
    scripts, operands, extended, _ = got
    commands = _sed_commands(scripts)
    if len(operands) > 1 or commands is None:
        return None

    def work(text: str) -> str | None:
        # Compiled here, where the build's filter budget has been charged for it.
        return _sed_work(commands, extended)(text)

    return work, operands[0] if operands and operands[0] != "-" else None


def in_place(
    words: Sequence[Word], read: Callable[[str], str | None]
) -> tuple[dict[str, str], str] | None:
    """What `sed -i [-e] '/RE/d' FILE…` (sed's words after its name) leaves in each FILE (the
    operand as written → its new text), and the suffix of its backups (`-i.bak`; "": none),
    given `read(FILE)`; None when not such a command or a file's new text is not known. GNU sed
    4.9 and busybox 1.35 measured alike: each file filtered on its own, a last line's missing
    newline kept, `-iE` a suffix `E`, not `-E`. A suffix holding `*` or `/` names its backup
    otherwise (not followed: None)."""
    if not all(w.known for w in words):
        return None
    got = _sed_words([w.value for w in words], in_place=True)
    if got is None:
        return None
    scripts, operands, extended, suffix = got
    if suffix is None or "*" in suffix or "/" in suffix or not operands or "-" in operands:
        return None
    commands = _sed_commands(scripts)
    if commands is None:
        return None
    texts: list[str] = []
    for operand in operands:
        text = read(operand)
        if text is None or len(text) > _MAX_TEXT or "\0" in text:
            return None
        texts.append(text)

    def edited() -> dict[str, str] | None:
        work = _sed_work(commands, extended)
        out: dict[str, str] = {}
        for operand, text in zip(operands, texts, strict=True):
            new = work(shell_text(text))
            if new is None:
                return None
            out[operand] = as_read(new) if isinstance(text, CrlfText) else new
        return out

    plain = [w.value for w in words]
    kept = filter_work.worked(_asked("sed -i", plain, texts), _cost(plain, texts), edited)
    return None if kept is None else (kept, suffix)


def _sed_words(
    words: list[str], in_place: bool
) -> tuple[list[str], list[str], bool, str | None] | None:
    """sed's scripts, operands, whether `-E`, and (with `in_place`) the `-i` suffix (None: no
    `-i`); None for any other option (-n, -f, -s, -z …: sed_template has the `s` fills)."""
    scripts: list[str] = []
    operands: list[str] = []
    extended = False
    suffix: str | None = None
    k = 0
    while k < len(words):
        word = words[k]
        k += 1
        if word in ("-e", "--expression") and k < len(words):
            scripts.append(words[k])
            k += 1
        elif word.startswith("--expression="):
            scripts.append(word.partition("=")[2])
        elif word in ("-E", "-r", "--regexp-extended"):
            extended = True
        elif word == "--":
            operands.extend(words[k:])  # GNU sed and busybox measured: no option after it
            break
        elif in_place and word in ("-s", "--separate"):
            pass  # what -i does already: each file on its own
        elif in_place and word.startswith("--in-place"):
            if word not in ("--in-place",) and not word.startswith("--in-place="):
                return None
            suffix = word.partition("=")[2]
        elif in_place and re.fullmatch(r"-[Er]*i.*", word, re.S):
            # Letters before `i` are options; what follows it is the backup suffix.
            flags, _, rest = word[1:].partition("i")
            extended = extended or bool(flags)
            suffix = rest
        elif word.startswith("-") and word != "-":
            return None
        else:
            operands.append(word)
    if not scripts:
        if not operands:
            return None
        scripts = [operands.pop(0)]
    return scripts, operands, extended, suffix


def _sed_commands(scripts: list[str]) -> list[tuple[str, bool]] | None:
    """The `/RE/d` (False) and `/RE/!d` (True) commands of sed scripts made only of them."""
    commands: list[tuple[str, bool]] = []
    for script in scripts:
        for part in re.split(r"[;\n]", script):
            if not part.strip():
                continue
            m = _SED_DELETE.fullmatch(part)
            if m is None:
                return None
            commands.append((m.group(1), m.group(2) == "!"))
    return commands or None


def _sed_work(commands: list[tuple[str, bool]], extended: bool) -> Filter:
    """The filter of sed's `/RE/d` and `/RE/!d` commands (_sed_commands)."""
    translated = [translate(p, extended) for p, _ in commands]
    # Not Python's re, which backtracks (see _compiled); an empty regex repeats the last one
    # used: not modelled, as a pattern not translated.
    matchers = [compile_lines(t) if t else None for t in translated]
    found = [
        (m, keep) for m, (_, keep) in zip(matchers, commands, strict=True) if m is not None
    ]
    compiled = found if len(found) == len(commands) else None

    def work(text: str) -> str | None:
        if compiled is None or not text.isascii():
            return _subset(text)
        out: list[str] = []
        try:
            for line in _ended(text):
                # `/RE/d` deletes a matching line; `/RE/!d` one that does not match. GNU sed
                # keeps a last line's missing newline.
                if all(rx.search(line.rstrip("\n")) == keep for rx, keep in compiled):
                    out.append(line)
        except Unmatchable:
            return _subset(text)
        return "".join(out)

    return work


# sort's options that change only the order of its output lines (with -u some change which
# lines are equal: only -r and -s are read then).
_ORDER_ONLY = frozenset("bdfghinMRrsV")


def _sort_words(words: list[str]) -> tuple[bool, bool, list[str]] | None:
    """(-u given, an option other than -r/-s given, the operands) of sort's words; None for an
    option that prints other than its lines (-c, -o, -z, -m …) or is not read here. (Whether
    -r is given, `_reversed`.)"""
    unique = keyed = False
    operands: list[str] = []
    k = 0
    while k < len(words):
        word = words[k]
        k += 1
        if word == "--":
            operands.extend(words[k:])
            break
        if word in ("--unique", "--reverse") or word == "-":
            unique = unique or word == "--unique"
            operands.extend(["-"] if word == "-" else [])
            continue
        if not word.startswith("-"):
            operands.append(word)
            continue
        if word[:2] in ("-k", "-t"):
            keyed = True
            if len(word) == 2:
                k += 1  # its value is the next word
            continue
        letters = word[1:]
        if word.startswith("--") or not letters or not set(letters) <= _ORDER_ONLY | {"u"}:
            return None
        unique = unique or "u" in letters
        keyed = keyed or bool(set(letters) - {"u", "r", "s"})
    return unique, keyed, operands


def _sort_operands(words: list[str]) -> list[str | None]:
    got = _sort_words(words)
    operands = got[2] if got is not None else []
    return [None if o == "-" else o for o in operands] or [None]


def _joined(texts: Iterable[str | None]) -> str | None:
    """Several files' text as sort reads them (a last line with no newline is still a line),
    a context file's CRs kept for the shell as `cat A B` keeps them; None when one is not known."""
    parts = list(texts)
    if any(t is None for t in parts):
        return None
    known = [t for t in parts if t is not None]
    joined = "".join(t if not t or t.endswith("\n") else t + "\n" for t in map(shell_text, known))
    return CrlfText(joined) if any(isinstance(t, CrlfText) for t in known) else joined


def _sort(words: list[str]) -> tuple[Filter, str | None] | None:
    got = _sort_words(words)
    if got is None:
        return None
    unique, keyed, _ = got

    def work(text: str) -> str | None:
        lines = _lines(text)
        # The set of lines sort prints is exact in any locale for ASCII text (C, C.UTF-8 and
        # en_US.UTF-8 with glibc 2.36 measured: -u merged no two different lines of 300 random
        # sets of 60), their order is the locale's collation. pip reads a requirements file's
        # lines in order only where they join (a line ending in `\`) or where options meet
        # (`--no-binary` then `--only-binary`, a `-r` file's options in between: the later
        # wins): with at most one option line and no joins, any order reads the same.
        if (unique and keyed) or not text.isascii() or not _order_free(lines):
            return _subset(text)
        # In the C locale's order (any order reads alike here), as GNU sort prints it there.
        kept = sorted(set(lines) if unique else lines, reverse=_reversed(words))
        return "".join(f"{line}\n" for line in kept)

    return work, None


def _reversed(words: list[str]) -> bool:
    options = words[: words.index("--")] if "--" in words else words
    return any(
        w == "--reverse" or (w[:1] == "-" and w[1:2] not in ("-", "k", "t") and "r" in w)
        for w in options
    )


def _order_free(lines: Sequence[str]) -> bool:
    """Whether pip reads these requirements lines alike in any order."""
    options = 0
    for line in lines:
        bare = line.rstrip("\r")
        if bare.endswith("\\"):
            return False
        if bare.lstrip().startswith("-"):
            options += 1
    return options <= 1


def _ended(text: str) -> list[str]:
    """The lines of `text`, each with its newline (a last one may have none)."""
    return re.findall(r"[^\n]*\n|[^\n]+\Z", text)


def _uniq(text: str) -> str | None:
    out: list[str] = []
    for line in _lines(text):
        if not out or out[-1] != line:
            out.append(line)
    return "".join(f"{line}\n" for line in out)


def _squeeze(text: str) -> str | None:
    """`cat -s`: a run of empty lines becomes one."""
    out: list[str] = []
    for line in _ended(text):
        if line == "\n" and out and out[-1] == "\n":
            continue
        out.append(line)
    return "".join(out)


def _subset(text: str) -> str | None:
    """Some of F's lines in some order: F itself when no choice of them reads otherwise."""
    if all(_PLAIN.fullmatch(line) for line in _lines(text)):
        return text
    return None
