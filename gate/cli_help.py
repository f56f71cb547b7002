"""argparse's parser and help formatter, without importing shutil on every call.

argparse makes a HelpFormatter for every option it adds (to check the option's metavar), and
each one imports shutil (with zlib, bz2 and lzma: ~5 ms) for the terminal width. The width here
is found as shutil finds it, without the import; help text is the same.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any, NoReturn

_FALLBACK_COLUMNS = 80


def terminal_columns() -> int:
    """``shutil.get_terminal_size().columns``: $COLUMNS when a positive number, else the
    terminal on stdout, else 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns > 0:
        return columns
    try:
        size = os.get_terminal_size(sys.__stdout__.fileno())  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):
        return _FALLBACK_COLUMNS
    return size.columns or _FALLBACK_COLUMNS


class HelpFormatter(argparse.HelpFormatter):
    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        # argparse's own default: the terminal's width less 2
        width = terminal_columns() - 2 if width is None else width
        super().__init__(prog, indent_increment, max_help_position, width)


class ArgumentParser(argparse.ArgumentParser):
    """An argparse parser whose sub-command parsers (the same class) format help as above."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        """A usage error is one line, as every other bad input is (argparse prints the usage
        lines first); `--help` is named instead."""
        self.exit(2, f"{self.prog}: error: {' '.join(message.split())} (see {self.prog} --help)\n")
