"""Output redirections of a cmd or PowerShell command: the files it writes.

`echo --no-binary :all:> r.txt` (cmd) and `'--no-binary :all:' > r.txt` (PowerShell) write a
requirements file a later `pip install -r r.txt` reads. Neither shell's echo prints what POSIX
echo prints (cmd keeps quotes and trailing blanks, PowerShell writes one argument per line, in
UTF-16 under Windows PowerShell 5.1), so the facts layer records such a file as of unknown text;
what matters here is that the target is named, and that it is not read as an argument.
"""

from __future__ import annotations

import re

# A stream number (`2>`) or PowerShell's `*>` just before the operator belongs to it.
_STREAM = re.compile(r"(?:^|(?<=[ \t]))([0-9*])$")


def split_redirects(text: str, powershell: bool) -> tuple[str, list[tuple[str, str]]]:
    """`text` without its output redirections, and each one's operator and raw target text.

    Quotes (cmd: double; PowerShell: single and double, backtick escapes) protect `>`; a
    duplication (`2>&1`) writes no file and is dropped."""
    if ">" not in text:
        return text, []  # what the walk below gives: every other character is kept as it is
    rest: list[str] = []
    outs: list[tuple[str, str]] = []
    quote = ""
    i, n = 0, len(text)
    escape = "`" if powershell else "^"
    while i < n:
        c = text[i]
        if c == escape and i + 1 < n and quote != "'":
            rest.append(text[i : i + 2])
            i += 2
            continue
        if quote:
            if c == quote:
                quote = ""
            rest.append(c)
            i += 1
            continue
        if c == '"' or (c == "'" and powershell):
            quote = c
            rest.append(c)
            i += 1
            continue
        if c != ">":
            rest.append(c)
            i += 1
            continue
        op = ">>" if text.startswith(">>", i) else ">"
        i += len(op)
        stream = _STREAM.search("".join(rest))
        if stream:
            rest = list("".join(rest)[: stream.start(1)])
            op = ("&" if stream.group(1) == "*" else stream.group(1)) + op
        if text.startswith("&", i):
            while i < n and text[i] not in " \t":
                i += 1  # `2>&1`: a descriptor, not a file
            continue
        while i < n and text[i] in " \t":
            i += 1
        start, quote_in = i, ""
        while i < n and (quote_in or text[i] not in " \t>"):
            if quote_in and text[i] == quote_in:
                quote_in = ""
            elif not quote_in and (text[i] == '"' or (text[i] == "'" and powershell)):
                quote_in = text[i]
            i += 1
        if i > start:
            outs.append((op, text[start:i]))
        rest.append(" ")
    return "".join(rest), outs
