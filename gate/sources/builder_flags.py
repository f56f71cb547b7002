"""An instruction's `--flags` as Dockerfile 1.8+ cuts them under the file's escape character.

BuildKit's extractBuilderFlags (frontend/dockerfile/parser/split_command.go) takes the words
that start with `--` before the instruction's arguments, with quotes and an escape character.
The compiled parser (BuildKit 0.12) escapes with `\\` there whatever `# escape=` says; since
dockerfile 1.8 (moby/buildkit 73ed682) the file's escape character does. Under `# escape=``
the two differ: ``--mount=type=tmpfs,target=/e`tc`` hides /etc for docker, and
``target=C:\\x`` keeps its backslash. Only such files are cut again here.
"""

from __future__ import annotations

import re

# BuildKit's reWhitespace, between an instruction's keyword and the rest of its line.
_KEYWORD_GAP = re.compile(r"[\t\v\f\r ]+")
# Go's unicode.IsSpace over one byte taken as a rune (the loop reads bytes).
_SPACE = frozenset("\t\n\v\f\r \x85\xa0")


def builder_flags(line: str, escape: str) -> tuple[str, ...]:
    """The flags of the logical line `line` (keyword first), as extractBuilderFlags cuts them
    with `escape`. Bytes are read one at a time, as BuildKit reads them."""
    parts = _KEYWORD_GAP.split(line.strip(" \t\n\v\f\r"), maxsplit=1)
    if len(parts) < 2:
        return ()
    rest = "".join(map(chr, parts[1].encode("utf-8", "surrogatepass")))
    words: list[str] = []
    word: list[str] = []
    in_word = in_quote = blank_ok = False
    quote = ""
    pos = 0
    while pos <= len(rest):
        ch = rest[pos] if pos < len(rest) else ""
        if not in_word and not in_quote:
            if pos == len(rest):
                break
            if ch in _SPACE:
                pos += 1
                continue
            if not rest.startswith("--", pos):
                break
            in_word = True
        if pos == len(rest):
            text = "".join(word)
            if text != "--" and (blank_ok or text):
                words.append(text)
            break
        if in_quote:
            if ch == quote or (ch == escape and pos + 1 == len(rest)):
                in_quote, in_word = False, True  # the quote closes (an escape at the end: skipped)
            else:
                if ch == escape:
                    pos += 1
                    ch = rest[pos]
                word.append(ch)
            pos += 1
            continue
        if ch in _SPACE:
            text = "".join(word)
            in_word = False
            if text == "--":
                break
            if blank_ok or text:
                words.append(text)
            word, blank_ok = [], False
        elif ch in "'\"":
            quote, blank_ok, in_quote, in_word = ch, True, True, False
        elif ch == escape:
            if pos + 1 < len(rest):
                pos += 1
                word.append(rest[pos])
        else:
            word.append(ch)
        pos += 1
    # Go writes each byte back as a rune: a non-ASCII byte becomes its Latin-1 letter, as the
    # compiled parser's flags reach Python too.
    return tuple(words)
