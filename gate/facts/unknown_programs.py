"""Programs whose own code is given in their words, where a value gate cannot know is part of
that code: it may run any command, as `eval "$M"` may.

Measured with bash 5.2, mawk, busybox awk, GNU sed 4.9, GNU find and a pip printing its argv
(2026-12-07): `awk "BEGIN{$M}"` and `awk "$M"` run M's `system("pip install evil")`; a value
inside an awk string (`awk "{print \\"$M\\"}"`) closes the string and does too; `sed
"s/a/$M/"` with M=`x/;1e pip install evil` and a newline runs pip through GNU sed's `e`; `find .
$M` with M=`-exec pip install evil ;` runs pip. A value
handed to known code as data (`awk -v v="$M"`, a file operand `sed s/a/b/ "$F"`, find's
starting folder `find "$D" -name x`) is not code there.
"""

from __future__ import annotations

from gate.facts.mentions import reads_program_on_stdin
from gate.facts.programs import program_name
from gate.facts.unknown_output import DOWNLOADED
from gate.model import PIPE_IN, Command, Word

_SHELLS = frozenset({"sh", "bash", "dash", "ash", "zsh", "ksh", "mksh"})
_HERE = frozenset({"<<", "<<-", "<<<"})
_AWKS = frozenset({"awk", "gawk", "mawk", "nawk", "original-awk"})
# awk options whose value is the next word (POSIX, gawk, mawk), and those naming the program.
_AWK_VALUED = frozenset(
    {"-F", "-v", "-W", "-i", "-l", "--field-separator", "--assign", "--include", "--load"}
)
_AWK_PROGRAM_FILE = frozenset({"-f", "--file"})
_AWK_PROGRAM_TEXT = frozenset({"-e", "--source"})
_SEDS = frozenset({"sed", "gsed"})
_SED_VALUED = frozenset({"-l", "--line-length"})


def unknown_program(command: Command) -> str | None:
    """Why the code a program runs from its words holds a value gate cannot know, when it
    does: awk's program, sed's script, find's expression."""
    argv = command.argv
    if not argv or not argv[0].known:
        return None
    name = program_name(argv[0].value)
    words = argv[1:]
    if name == "busybox" and words and words[0].known and words[0].value in _AWKS | _SEDS:
        name, words = words[0].value, words[1:]
    if name in _AWKS and _awk_program_unknown(words):
        return f"`{name}` program of a value the gate cannot know"
    if name in _SEDS and _sed_script_unknown(words):
        return f"`{name}` script of a value the gate cannot know (GNU sed's `e` runs commands)"
    if name == "find" and _find_expression_unknown(words):
        return "`find` expression of a value the gate cannot know (it may `-exec` anything)"
    options = _COMMAND_OPTIONS.get(name)
    if options is not None and _command_option_unknown(words, options):
        return f"`{name}` command of a value the gate cannot know (its shell escape runs any)"
    return None


# Programs whose options take commands of their own language, which can run a shell command
# (gdb's `shell`, vim's `:!`; measured with gdb 13 and vim 9: `gdb -batch -ex "$M"`, `vim -es
# -c "$M"` and `vi -es "+$M"` ran M's `pip install evil`); "+" stands for vim's `+CMD`.
_VIM = frozenset({"-c", "--cmd", "+"})
_COMMAND_OPTIONS: dict[str, frozenset[str]] = {
    "gdb": frozenset({"-ex", "--ex", "-eval-command", "--eval-command", "-iex", "--iex",
                      "-init-eval-command", "--init-eval-command"}),
    **dict.fromkeys(("vim", "vi", "nvim", "ex", "view", "vimdiff", "rvim"), _VIM),
}  # fmt: skip


def _command_option_unknown(words: tuple[Word, ...], options: frozenset[str]) -> bool:
    for i, word in enumerate(words):
        if not word.known:
            if word.value.startswith("+") and "+" in options:
                return True  # `vim "+$M"`
            continue
        option, eq, _ = word.value.partition("=")
        if option in options and i + 1 < len(words) and not eq and not words[i + 1].known:
            return True
    return False


def unknown_stdin_program(command: Command, piped_unknown: str) -> str | None:
    """Why the program an interpreter reads on standard input holds a value gate cannot know:
    a pipe of such code (`echo "$M" | python3`: piped_unknown says why), a heredoc or
    here-string expanding one (`python3 <<< "$M"`). A file of such code on its input (`python3
    < F`) is said where gate reads that file (code_files)."""
    argv = command.argv
    piped = bool(piped_unknown) and any(r.op == PIPE_IN for r in command.redirects)
    here = any(r.op in _HERE and r.content is None for r in command.redirects)
    if not (piped or here) or not argv or not argv[0].known:
        return None  # the cheap test first: every command is asked
    name = program_name(argv[0].value)
    if name in _SHELLS:
        # `curl "$URL" | sh`: other pipes into a shell the shell layer judges itself.
        reads = all(w.known and w.value.startswith("-") and "c" not in w.value for w in argv[1:])
        if piped and piped_unknown.startswith(DOWNLOADED) and reads:
            return f"`{name}` runs a script it reads from a pipe, {piped_unknown}"
        return None
    if not reads_program_on_stdin(command):
        return None
    for redirect in reversed(command.redirects):
        if redirect.op == PIPE_IN and piped_unknown:
            return f"`{name}` runs code it reads from a pipe, {piped_unknown}"
        if redirect.op in ("<<", "<<-", "<<<") and redirect.content is None:
            return f"`{name}` runs code of a value the gate cannot know on its input"
    return None


def _awk_program_unknown(words: tuple[Word, ...]) -> bool:
    i = 0
    given = False  # the program came from -f/-e, not the first operand
    while i < len(words):
        word = words[i]
        if not word.known:
            return not given  # the program, or an option gate cannot read; else an operand
        value = word.value
        if value == "--":
            i += 1
            break
        option, eq, _ = value.partition("=")
        if option in _AWK_PROGRAM_TEXT:
            if not eq and (i + 1 >= len(words) or not words[i + 1].known):
                return True
            given, i = True, i + (1 if eq else 2)
            continue
        if option in _AWK_PROGRAM_FILE:
            given, i = True, i + (1 if eq else 2)  # a program file: read where it is written
            continue
        if option in _AWK_VALUED and not eq:
            i += 2
            continue
        if value.startswith("-") and value != "-":
            i += 1
            continue
        break
    return not given and i < len(words) and not words[i].known


def _sed_script_unknown(words: tuple[Word, ...]) -> bool:
    """sed's scripts (-e, --expression; -f names a file, read where it is written), else its
    first operand, hold a value gate cannot know. A file operand of unknown name is not code
    (`sed -i "$F" -e s/a/b/`)."""
    i = 0
    scripts: list[Word] = []
    first: Word | None = None
    while i < len(words):
        word = words[i]
        value = word.value if word.known else ""
        option, eq, _ = value.partition("=")
        if value in ("-e", "--expression"):
            scripts.extend(words[i + 1 : i + 2])
            i += 2
            continue
        if value in ("-f", "--file") or (option in _SED_VALUED and not eq):
            scripts.append(Word("-f"))
            i += 2
            continue
        if value == "--":
            first = first or (words[i + 1] if i + 1 < len(words) else None)
            break
        if first is None and (not word.known or not value.startswith("-") or value == "-"):
            first = word
        i += 1
    if not scripts and first is not None:
        scripts = [first]
    return any(not w.known and _sed_code_unknown(w.value) for w in scripts)


def _sed_code_unknown(text: str) -> bool:
    """An expansion gate could not resolve (`$M`, `${M}`, `$(…)`, kept as written) stands in
    sed's script outside a regex (an `s` or `y` command's two fields, a `/…/` address): as a
    command or a line address (`sed "$M"`, `sed "1$M"`). Inside one it is read as a template
    fill (`sed "s|@INDEX@|$PIP_INDEX_URL|"`, `sed "/${mod}/s/.*/x/"`), though a value there
    could end the field and add an `e` (README: Known gaps)."""
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c in "sy" and i + 1 < n and text[i + 1] not in _NOT_DELIMITERS:
            delimiter, j, fields = text[i + 1], i + 2, 0
            while j < n and fields < 2:
                if text[j] == "\\":
                    j += 1
                elif text[j] == delimiter:
                    fields += 1
                j += 1
            i = j
            continue
        if c == "/":
            # An address's regex (`/${mod}/s/…/…/`): read as the pattern of an `s` is.
            j = i + 1
            while j < n and text[j] != "/":
                j += 2 if text[j] == "\\" else 1
            i = j + 1
            continue
        if c == "$" and i + 1 < n and (text[i + 1].isalpha() or text[i + 1] in "_{("):
            return True
        i += 1
    return False


# Characters that cannot follow `s`/`y` as their delimiter here: newline and backslash (GNU
# sed refuses them), blanks, `;`, `}` and letters (`s` ends a word: `cats`), and `$` (an
# expansion right after the command letter: a command of unknown text).
_NOT_DELIMITERS = frozenset("\n\\ \t;}$") | frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
)


def _find_expression_unknown(words: tuple[Word, ...]) -> bool:
    """A word of unknown value in find's expression (after its starting points, which are
    the words before the first one opening with `-`, `(` or `!`)."""
    started = False
    for word in words:
        if word.known and word.value[:1] in ("-", "(", "!"):
            started = True
        elif not word.known and started:
            return True
    return False
