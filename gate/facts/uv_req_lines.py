"""The option lines uv reads in a requirements file its own way (crates/uv-requirements-txt).

uv does not hand a line's options to a shell-like splitter as pip does: a line starting with
`-r`/`--requirement`, `-c`/`--constraint`, `--no-binary` or `--only-binary` takes as its value
everything after `=` (or after the blanks that follow the option) up to a `#` or the end of the
line, blanks at its end cut, then POSIX quotes removed without splitting (its vendored
r-shquote `unquote`; an unterminated quote leaves the text as written). Measured with uv
0.13.10 and a fake sdist on a local `--find-links`, under `--no-build`, with `sub.txt` holding
`--no-binary evil`: `-r=sub.txt`, `-r sub.txt#x`, `-r "s b.txt"#x` and `-r s b.txt` (a file
named with a blank) all open the file and build evil; pip reads `=sub.txt`, `sub.txt#x` and
two words. `--no-binary=evil#c` re-enables evil.
"""

from __future__ import annotations

_OPTIONS = (
    ("--requirement", "-r"),
    ("-r", "-r"),
    ("--constraint", "-c"),
    ("-c", "-c"),
    ("--no-binary", "--no-binary"),
    ("--only-binary", "--only-binary"),
)
_DOUBLE_ESCAPES = frozenset('"\\`$\n')


def option(line: str) -> tuple[str, str] | None:
    """(`-r`, `-c`, `--no-binary` or `--only-binary`, its value) as uv reads the line, or None
    for any other line (or one uv stops at: no `=`/blank after the option, an empty value)."""
    for spelling, name in _OPTIONS:
        if not line.startswith(spelling):
            continue
        rest = line[len(spelling) :]
        if rest.startswith("="):
            rest = rest[1:]
        elif rest[:1].isspace():
            rest = rest.lstrip()
        else:
            return None  # `-rfile`: uv stops ("Expected '=' or whitespace")
        value = rest.split("#", 1)[0].rstrip()
        return (name, unquote(value)) if value else None
    return None


def unquote(text: str) -> str:
    """r-shquote's unquote as uv uses it: quotes and backslashes removed, no splitting; an
    unterminated quote keeps the text as written."""
    if not any(c in text for c in "'\"\\"):
        return text
    out: list[str] = []
    k = 0
    while k < len(text):
        c = text[k]
        k += 1
        if c == "'":
            end = text.find("'", k)
            if end == -1:
                return text
            out.append(text[k:end])
            k = end + 1
        elif c == '"':
            while True:
                if k >= len(text):
                    return text
                c = text[k]
                k += 1
                if c == '"':
                    break
                if c == "\\":
                    if k >= len(text):
                        return text
                    escaped = text[k]
                    k += 1
                    out.append(escaped if escaped in _DOUBLE_ESCAPES else "\\" + escaped)
                else:
                    out.append(c)
        elif c == "\\":
            if k < len(text):
                if text[k] != "\n":
                    out.append(text[k])
                k += 1
        else:
            out.append(c)
    return "".join(out)


def editable_line(line: str) -> str:
    """`-e=./x` as uv reads it, `-e ./x` (uv eats `-e` then `=` or blanks; pip's optparse reads
    the short option's attached value `=./x`). Measured uv 0.13.10: `-e=./evil2-1.0` in a
    requirements file builds the folder under `--no-build`, as `-e ./evil2-1.0` does."""
    return "-e " + line[3:] if line.startswith("-e=") else line
