"""`while read VAR …; do BODY; done < FILE` over a text gate holds: the values `read` gives the
loop's variables on each pass, as bash 5.2 and dash split them (both agree on all of this).

`read` takes one line per call: without `-r` a backslash quotes the next character (it is
dropped, and what it quotes never splits) and a backslash before a newline joins the next line
on; with `-r` a backslash is an ordinary character. The line is split at IFS characters: where
IFS is all whitespace (the default), runs of it split, and it is trimmed at both ends; each name
but the last takes one field, the last takes the rest of the line; an empty IFS (`IFS= read`)
splits nothing. A line without a final newline is read, but `read` then fails: the body does
not run for it, and the variables keep it after the loop. Other options (`-d`, `-n`, `-a`, `-u`
…) and an IFS with other characters are not modelled: None, and the loop stays unknown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

# Bodies walked at most for one loop; a longer input leaves the loop as one of unknown values.
MAX_RECORDS = 256
_WHITESPACE = frozenset(" \t\n")
_NAME_START = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_")
_NAME_REST = _NAME_START | frozenset("0123456789")


@dataclass(frozen=True)
class ReadSpec:
    """A `read` command the loop model understands: its variable names and `-r`."""

    names: tuple[str, ...]
    raw: bool


@dataclass(frozen=True)
class Passes:
    """What the names hold on each pass of the body, and after the loop ends."""

    each: tuple[tuple[str, ...], ...]
    final: tuple[str, ...]
    # What is left of the input after each pass's line: a body command that reads its input
    # (`sh`, `cat`) reads that (bash and dash share the one open file).
    rest: tuple[str, ...] = ()


def read_spec(args: Sequence[str]) -> ReadSpec | None:
    """`read`'s arguments (after the name), when only `-r` and names."""
    raw = False
    names: list[str] = []
    options = True
    for arg in args:
        if options and arg == "--":
            options = False
        elif options and arg.startswith("-") and len(arg) > 1:
            if set(arg[1:]) != {"r"}:
                return None
            raw = True
        else:
            options = False
            if not _is_name(arg):
                return None
            names.append(arg)
    # Without a name bash reads into REPLY and dash refuses: not modelled.
    return ReadSpec(tuple(names), raw) if names else None


def _is_name(text: str) -> bool:
    return bool(text) and text[0] in _NAME_START and all(c in _NAME_REST for c in text[1:])


def passes(text: str, spec: ReadSpec, ifs: str) -> Passes | None:
    """The values of `spec.names` on each pass of the loop over `text`; None when IFS holds a
    character that is not whitespace or there are more than MAX_RECORDS lines."""
    if any(c not in _WHITESPACE for c in ifs) or "\0" in text:
        return None  # (bash drops NUL bytes with a warning, dash ends the line: not modelled)
    splits = frozenset(ifs)
    each: list[tuple[str, ...]] = []
    rest: list[str] = []
    record: list[tuple[str, bool]] = []  # (character, quoted by a backslash)
    k = 0
    while k < len(text):
        c = text[k]
        if c == "\\" and not spec.raw:
            if k + 1 < len(text):
                if text[k + 1] != "\n":
                    record.append((text[k + 1], True))
                k += 2  # a backslash-newline joins the next line on
                continue
            k += 1  # a backslash at the very end quotes nothing
            continue
        if c == "\n":
            if len(each) >= MAX_RECORDS:
                return None
            each.append(_split(record, spec.names, splits))
            rest.append(text[k + 1 :])
            record = []
        else:
            record.append((c, False))
        k += 1
    # At the end of the text `read` fails, having set the names from what was left (a last
    # line without a newline) or to "".
    return Passes(tuple(each), _split(record, spec.names, splits), tuple(rest))


def _split(
    record: list[tuple[str, bool]], names: tuple[str, ...], ifs: frozenset[str]
) -> tuple[str, ...]:
    def splits(i: int) -> bool:
        return not record[i][1] and record[i][0] in ifs

    start, end = 0, len(record)
    while start < end and splits(start):
        start += 1
    while end > start and splits(end - 1):
        end -= 1
    values: list[str] = []
    k = start
    for _ in names[:-1]:
        field_start = k
        while k < end and not splits(k):
            k += 1
        values.append("".join(c for c, _ in record[field_start:k]))
        while k < end and splits(k):
            k += 1
    values.append("".join(c for c, _ in record[k:end]))
    return tuple(values)
