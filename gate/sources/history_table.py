"""A rendered ``docker history`` table → an image config with a ``history``, read best effort.

The table is what a terminal shows, not the config: it is read so that the history reader
(gate/sources/history.py) can judge what is visible, and so that what is not visible stays
unknown instead of being guessed.

Layout:
- The header is the first line with a ``CREATED BY`` (or ``COMMAND``) title and one of IMAGE,
  ID, CREATED, SIZE, COMMENT. Lines before it (a shell prompt, the command) are not read.
  Titles are runs of text separated by two or more spaces; each title's offset starts a column.
  COMMENT may be missing, and unknown titles are extra columns (ignored). A header that holds
  tabs makes a tab-separated table: cells are split on single tabs.
- A row is a line whose first cell is an image ID (``<missing>``, hex, ``sha256:<hex>``).
  Cells are cut at the header's offsets; a header shifted by a character or two (an excerpt
  that lost its first letter) is tolerated by moving a cut that falls inside a word back to the
  word's start. A row whose cells do not line up (a cut deep inside a word, a SIZE cell that is
  no size, an IMAGE cell after CREATED BY that is no ID, a bare ID with nothing shown) ends the
  table: that and the later (older) rows become one step gate cannot see (``UNREAD_ROWS``, so the
  image is ``unknown``, never judged on the rows above alone). So do the lines past the
  100,000 read when the table is still open there. A header of more than 32 titles is
  no history table; rows past the history cap are not laid out.
- A second header (another table), or a blank line after the first row, ends the table. Other
  lines that are not rows go on the CREATED BY cell of the row above them: a record holding
  newlines (BuildKit's heredoc RUN) is shown by the table writer as the row's line up to the
  first newline, the lines after it, and the last one ending in the row's SIZE and COMMENT
  cells. They are read into the command (a trailing prompt so read runs no installer), and the
  SIZE and COMMENT at the end of the last are the row's when they are laid out as cells. The
  cell stays marked cut: a terminal that wrapped a long row breaks it the same way, mid-word
  too, so what it ran is judged and the step is `unknown` besides.
- Rows are newest first; the history is built oldest first, so ``history_index`` is the 0-based
  index over the rows *shown*. A table cut off at the bottom (its oldest rows missing) shifts
  every index, and the base image steps that are not shown are not judged.

Truncation: ``docker history`` cuts CREATED BY to 45 characters and ends it with ``…`` (older
Docker: ``...``). Such a cell, a row that stops before its SIZE column (cut off, or a cell that
goes on on the next line), and a cell that runs into a frame column (``│``) are marked: the
ellipsis is replaced by `` ${GATE_TRUNCATED_HISTORY}``. No step sets that variable, so the shell
layer sees an unknown word (which may be an option): a cut ``pip install -r /app/req…`` is an
install with unknown arguments, while what is visible (a VCS URL, ``setup.py install``) is
still judged. The hidden rest may also run other commands (`apt-get inst…` may go on `all -y gcc
&& pip install x`), which no unknown word stands for: the history reader makes every cut RUN
`unknown` as well. It reads a cut ENV or ARG value as unknown. A ``--no-trunc``
cell that really ends in ``...`` is marked too (an unknown word more, never a wrong one).

``empty_layer`` is true when SIZE is zero (``0B``). Nothing else (CREATED, IMAGE) is kept.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from itertools import islice
from typing import Literal

from gate.sources.history import MAX_HISTORY
from gate.sources.truncated import TRUNCATED_HISTORY

MARKER = " ${" + TRUNCATED_HISTORY + "}"
# What stands for the rows a table holds but gate could not lay out: a step that ran something
# gate cannot see, so the image is `unknown`, not judged on the rows before them alone.
UNREAD_ROWS = "/bin/sh -c" + MARKER
_ELLIPSES = ("…", "...")
_COMMAND_TITLES = ("CREATED BY", "COMMAND")
_OTHER_TITLES = ("IMAGE", "ID", "CREATED", "SIZE", "COMMENT")
_TITLE = re.compile(r"\S+(?: \S+)*")
_ID = re.compile(r"<missing>|(?:sha256:)?[0-9a-f]{4,64}")
_SIZE = re.compile(r"(\d+(?:\.\d+)?) ?(?:[kKMGTPE]i?)?B|N/A")
_ZERO = re.compile(r"0(?:\.0*)? ?(?:[kKMGTPE]i?)?B")
# What the table writer puts between cells (at least three blanks; two tolerated), on the last
# line of a cell that goes on over several lines.
_GAP = re.compile(r" {2,}")
# A cut that falls inside a word is moved back to the word's start when it is this close.
_SHIFT = 2
_MAX_LINES = 100_000
# docker history shows five or six columns; a header with hundreds is no such table, and every
# row is cut at every column.
_MAX_COLUMNS = 32
# Longer rows (tabs widen eightfold when laid out) are not laid out: they do not fit.
_MAX_ROW = 2 * 1024 * 1024


@dataclass(frozen=True)
class _Column:
    title: str
    start: int
    frame: bool  # a border drawn by the tool (``│``), not data


@dataclass
class _Row:
    command: str  # the CREATED BY cell as the row's own line shows it
    cut: bool  # the line stops before the row's SIZE cell (or runs into a frame)
    comment: str
    empty_layer: bool
    # The lines a cell holding newlines goes on over (BuildKit's heredoc RUN records): the
    # table writer ends the row's line at the first newline and puts the cells after CREATED BY
    # at the end of the last of them.
    more: list[str] = field(default_factory=list)


def looks_like_table(text: str) -> bool:
    """``docker history`` (or a similar tool's) output: ``<missing>`` marks parentless layers."""
    head = text[:8192]
    return "CREATED BY" in head or "<missing>" in head


def _columns(line: str) -> list[_Column] | None:
    """The header's columns, when `line` is a history table header."""
    if "\t" in line:
        titles = line.split("\t", _MAX_COLUMNS)
        if len(titles) > _MAX_COLUMNS:
            return None
        found = [_Column(t.strip(), i, False) for i, t in enumerate(titles)]
    else:
        matches = list(islice(_TITLE.finditer(line), _MAX_COLUMNS + 1))
        if len(matches) > _MAX_COLUMNS:
            return None
        found = [
            _Column(m.group(0), m.start(), not any(c.isalnum() for c in m.group(0)))
            for m in matches
        ]
    names = [c.title.upper() for c in found]
    if not any(t in names for t in _COMMAND_TITLES):
        return None
    if not any(t in names for t in _OTHER_TITLES):
        return None
    return found


def _title_index(columns: list[_Column], titles: tuple[str, ...]) -> int | None:
    for i, column in enumerate(columns):
        if column.title.upper() in titles:
            return i
    return None


def _split_tabs(line: str, count: int) -> list[str] | None:
    cells = line.split("\t")
    if len(cells) < count:
        cells += [""] * (count - len(cells))
    if len(cells) > count:
        cells = [*cells[: count - 1], "\t".join(cells[count - 1 :])]
    return cells


def _cut(line: str, start: int, previous: int) -> int | None:
    """Where the cell starting near `start` really starts in `line`; None when it cannot be told."""
    if start >= len(line) or line[start - 1] == " " or line[start] == " ":
        return start
    word = start
    while word > previous and line[word - 1] != " ":
        word -= 1
    if start - word <= _SHIFT and word > previous:
        return word
    return None


def _split_spaces(line: str, columns: list[_Column]) -> list[str] | None:
    """The row's cells at the columns' offsets; None when the row does not fit the layout."""
    line = line.expandtabs(8)
    cells: list[str] = []
    begin = 0
    for column in columns[1:]:
        if column.frame:
            end = column.start if column.start < len(line) else len(line)
        else:
            found = _cut(line, column.start, begin)
            if found is None:
                return None
            end = found
        cells.append(line[begin:end])
        begin = max(begin, end)
    cells.append(line[begin:])
    return cells


def _mark(cell: str, cut: bool) -> str:
    text = cell.strip()
    for ellipsis in _ELLIPSES:
        if text.endswith(ellipsis):
            return text[: -len(ellipsis)].rstrip(" ") + MARKER
    return text + MARKER if cut else text


class _Table:
    """One table's layout, turning its lines into rows."""

    def __init__(self, columns: list[_Column], tabs: bool) -> None:
        self.columns = columns
        self.tabs = tabs
        found = _title_index(columns, _COMMAND_TITLES)
        assert found is not None
        self.command = found
        self.size = _title_index(columns, ("SIZE",))
        self.comment = _title_index(columns, ("COMMENT",))
        self.has_id = self.command != 0
        # An IMAGE column after CREATED BY: its cells must be IDs, or the row does not fit (a
        # command that ran into it would otherwise be read as an ID and dropped).
        image = _title_index(columns, ("IMAGE", "ID"))
        self.image = image if image is not None and image > self.command else None

    def row(self, line: str) -> _Row | Literal[False] | None:
        """The row on `line`; False when the line is no row; None when the row does not fit."""
        words = line.split(None, 1)
        first = words[0] if words and not line[0].isspace() else ""
        if self.has_id and not _ID.fullmatch(first):
            return False
        if len(line) > _MAX_ROW:
            return None
        count = len(self.columns)
        cells = _split_tabs(line, count) if self.tabs else _split_spaces(line, self.columns)
        if cells is None:
            return None
        if self.image is not None and not _ID.fullmatch(cells[self.image].strip()):
            return None
        command = cells[self.command]
        size = cells[self.size].strip() if self.size is not None else ""
        if size and not _SIZE.fullmatch(size):
            return None
        # A row that stops before its SIZE column is cut off (or its cell continues below).
        cut = self.size is not None and self.size > self.command and not size
        following = self.command + 1
        if not self.tabs and following < count and self.columns[following].frame:
            start = self.columns[following].start
            expanded = line.expandtabs(8)
            cut = cut or (len(expanded) > start and expanded[start - 1] != " ")
        if cut and not command.strip():
            return None  # cut off before any CREATED BY text: nothing of the row is shown
        comment = cells[self.comment].strip() if self.comment is not None else ""
        return _Row(command, cut, comment, bool(_ZERO.fullmatch(size)))

    def continues(self, row: _Row) -> bool:
        """A line that is no row may go on `row`'s CREATED BY cell: the row's line stopped before
        its SIZE cell, or the table shows no SIZE after CREATED BY to tell. Below a row whose
        SIZE is on its line it is other text (a trailing prompt)."""
        return row.cut or self.size is None or self.size < self.command

    def tail(self, line: str) -> tuple[str, str, str] | None:
        """(the cell's last part, SIZE, COMMENT) of the last line a cell goes on over, when the
        row's cells after CREATED BY are SIZE and then at most COMMENT; None when the line
        does not end in them."""
        after = len(self.columns) - self.command - 1
        if self.size != self.command + 1 or after > 2 or (after == 2 and self.comment is None):
            return None
        if self.tabs:
            cells = line.split("\t")
            if len(cells) < 2:
                return None
            size = cells[1].strip()
            comment = "\t".join(cells[2:]).strip()
            found = (cells[0], size, comment) if after == 2 or len(cells) == 2 else None
        else:
            text = line.rstrip()
            gaps = deque(_GAP.finditer(text), maxlen=2)
            if not gaps:
                return None
            last = text[gaps[-1].end() :]
            found = (text[: gaps[-1].start()], last, "")
            if after == 2 and len(gaps) == 2:
                size = text[gaps[0].end() : gaps[1].start()]
                if _SIZE.fullmatch(size):
                    found = (text[: gaps[0].start()], size, last)
        if found is None or not _SIZE.fullmatch(found[1]):
            return None
        return found

    def history_entry(self, row: _Row) -> dict[str, object]:
        """The config's history entry for `row`, with the lines its cell goes on over."""
        if not row.more:
            return {
                "created_by": _mark(row.command, row.cut),
                "comment": row.comment,
                "empty_layer": row.empty_layer,
            }
        # Marked cut whatever the lines say: a terminal that wrapped a long row (an excerpt
        # pasted from one) breaks it as a newline in the cell would, mid-word too (`pip inst`
        # on one line, `all x` on the next).
        *middle, last = row.more
        tail = self.tail(last) if row.cut else None
        if tail is None:
            # Not laid out as a cell's end: every line is kept (what they run is judged).
            text = "\n".join([row.command.rstrip(), *middle, last.rstrip()])
            return {
                "created_by": _mark(text, True),
                "comment": row.comment,
                "empty_layer": row.empty_layer,
            }
        end, size, comment = tail
        text = "\n".join([row.command.rstrip(), *middle, end.rstrip()])
        return {
            "created_by": _mark(text, True),
            "comment": comment or row.comment,
            "empty_layer": bool(_ZERO.fullmatch(size)),
        }


def parse_table(text: str) -> dict[str, object] | None:
    """An image config (``history`` oldest first) from the first table in `text`; None if none."""
    lines = text.splitlines()
    table: _Table | None = None
    rows: list[_Row] = []
    unread = False
    for raw in lines[:_MAX_LINES]:
        line = raw.rstrip("\r\n")
        if table is None:
            columns = _columns(line)
            if columns is not None:
                table = _Table(columns, "\t" in line)
            continue
        if not line.strip():
            if rows:
                break
            continue
        if _columns(line) is not None:
            break
        row = table.row(line)
        if row is None:
            unread = True
            break
        if row is False:
            if rows and table.continues(rows[-1]):
                rows[-1].more.append(line)
            continue
        rows.append(row)
        if len(rows) > MAX_HISTORY:
            break  # the history reader refuses it as it is; more rows only cost time
    else:
        # The table still open at the cap: the lines past it may hold older rows, read as rows
        # gate could not lay out (a pip install below 100,000 lines of other text passed).
        unread = len(lines) > _MAX_LINES
    if not rows or table is None:
        return None
    history = [table.history_entry(r) for r in reversed(rows)]
    if unread:
        # The row that did not fit and the older ones below it: one step gate cannot see.
        history.insert(0, {"created_by": UNREAD_ROWS, "comment": "", "empty_layer": False})
    return {"history": history}
