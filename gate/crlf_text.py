"""The text of a build context file whose lines end in CR LF.

gate reads context files with CR LF turned into LF, as pip's requirements parser and the other
installers' file readers split lines. A shell does not: `while read p; do pip install $p; done
< r.txt` hands pip `--only-binary=:all:\\r`, which pip does not take for `:all:`, and `grep -x`,
`sed '/…$/d'` and the other line filters match each line with its CR. So such a text carries the
bytes as read (`raw`): line filters work on them as the shell's programs do, and a `read` loop
over it is not unrolled (gate/facts/loop_inputs.py).
"""

from __future__ import annotations

from collections.abc import Iterable


class CrlfText(str):
    """Text as the installers read it (CR LF as LF); `raw` is the text as a shell reads it."""

    raw: str

    def __new__(cls, raw: str) -> CrlfText:
        text = super().__new__(cls, raw.replace("\r\n", "\n"))
        text.raw = raw
        return text


def as_read(raw: str) -> str:
    """The text of file bytes `raw` (decoded) as gate holds it."""
    return CrlfText(raw) if "\r\n" in raw else raw


def shell_text(text: str) -> str:
    """The text as a shell and its programs read it (CRs kept)."""
    return text.raw if isinstance(text, CrlfText) else text


def joined(parts: Iterable[str]) -> str:
    """Texts one after another (`cat A B`), a context file's CRs kept for the shell."""
    held = list(parts)
    if not any(isinstance(p, CrlfText) for p in held):
        return "".join(held)
    return CrlfText("".join(shell_text(p) for p in held))
