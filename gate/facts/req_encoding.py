"""The text pip reads from a requirements or constraints file: pip's `auto_decode`
(src/pip/_internal/utils/encoding.py), which honours a PEP 263 coding declaration.

A file without a byte order mark whose first or second line starts with `#` and holds
`coding[:=]\\s*NAME` is decoded with NAME. Measured with pip 23.2.1, 24.0, 25.1.1 and 26.2.1 and a
fake sdist on a local index: under `--only-binary :all:`, a file `# coding: utf-7` /
`evil +AC0ALQ-no-binary evil` or `# coding: unicode_escape` / `evil \\x2d-no-binary evil` builds
evil (the lines read `evil --no-binary evil`). uv 0.13.10 reads such a file as UTF-8 and stops at
the `+` or `\\` (a parse error), so only pip's readers (pip, pipenv, pipx) decode.

gate holds a file as UTF-8 text (a byte it cannot decode is U+FFFD: unknown, under a codec
too), so the file's bytes are that text encoded again.
"""

from __future__ import annotations

import codecs
import re

_CODING = re.compile(r"coding[:=]\s*([-\w.]+)", re.ASCII)
# Decoders written in Python and quadratic in the text (a 400 KB punycode file took 20 s).
_SLOW = frozenset({"punycode", "idna"})
_UTF8 = frozenset({"utf-8"})


def declared(text: str) -> str | None:
    """The encoding a file's coding line names, as pip finds it (None: none, or a BOM)."""
    if text.startswith("\ufeff"):
        return None  # pip decodes by the byte order mark and looks no further
    for line in text.split("\n", 2)[:2]:
        if line.startswith("#") and (found := _CODING.search(line)) is not None:
            return found.group(1)
    return None


def decode(text: str) -> tuple[str, str | None]:
    """(the text pip reads, why gate cannot tell it): without its byte order mark, else decoded
    by its coding line. Where pip would stop (an unknown or failing codec) the file is unknown: the
    image's Python decides, not gate's."""
    if text.startswith("\ufeff"):
        return text[1:], None  # one mark, as pip drops it (a second is text)
    name = declared(text)
    if name is None:
        return text, None
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return text, f"declares an encoding ({name}) the gate does not know"
    if codec in _UTF8:
        return text, None
    if "\ufffd" in text:
        # Bytes that were not UTF-8 (or a U+FFFD itself): re-encoding the text does not give them
        # back, and in the declared codec they are characters (EBCDIC's letters in cp037; in
        # latin-1 0x85 is a line break to pip's splitlines: '\x85--no-binary evil' built evil,
        # measured pip 23.2.1).
        return text, "has bytes the gate cannot decode"
    if codec in _SLOW:
        return text, f"declares an encoding ({name}) the gate does not decode"
    try:
        return text.encode("utf-8").decode(name), None
    except (UnicodeError, LookupError, ValueError):
        return text, f"declares an encoding ({name}) its bytes are not in"
