"""A text a command derives from a heredoc's text with a variable of unknown value keeps the mark.

`COPY <<EOF /tmp/deps` holding `flask $EXTRA` is a FilledText: a requirements reader takes it as
of unknown content (the value may be `--no-binary :all:`). `cp` and `COPY --from` keep the str
itself, but a command that prints a new text from it (`cat F > G`, `cat F | tee G`, `grep -v '^#'
F > G`, `sed … F > G`, `tr`, `uniq`, `sed -i` of a copy) built a plain str, and G was read as
holding the words as written: silent. The value is in the bytes those programs copy, so what they
print from it is of unknown content where the variable's is.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from gate.model import FilledText


class NotingReads(Mapping[str, "str | None"]):
    """`files` as a command's text readers see them, noting the first FilledText read (`why`)."""

    __slots__ = ("files", "why")

    def __init__(self, files: Mapping[str, str | None]) -> None:
        self.files = files
        self.why = ""

    def __getitem__(self, path: str) -> str | None:
        value = self.files[path]
        if isinstance(value, FilledText) and not self.why:
            self.why = value.why
        return value

    def __contains__(self, path: object) -> bool:
        return path in self.files  # asking whether a file is there reads none of its text

    def __iter__(self) -> Iterator[str]:
        return iter(self.files)

    def __len__(self) -> int:
        return len(self.files)


def marked(written: dict[str, str | None], why: str) -> dict[str, str | None]:
    """`written` with every text a command wrote after reading a FilledText marked as one (an
    empty text holds no words, and stays plain)."""
    if not why:
        return written
    return {
        path: FilledText(text, why) if text and not isinstance(text, FilledText) else text
        for path, text in written.items()
    }
