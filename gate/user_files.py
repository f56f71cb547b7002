"""Files a repository or a user names for gate itself to read: configs, policies, data.

A repository's `.gate.yaml` may name data and policy files, and git stores symbolic links: one
can point at /dev/zero, a FIFO or /dev/stdin, which never end or block. Such files are read
only when regular and under a size cap; YAML is read without aliases, which let a few hundred
bytes stand for billions of nodes. Nesting past Python's recursion limit is a parse error of the
file, like any other.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

MAX_BYTES = 8 * 1024 * 1024
NESTED = "nested too deeply"


class UnreadableFile(Exception):
    """Why a file cannot be read, in words for one line."""


def read_text(path: Path | str, limit: int = MAX_BYTES) -> str:
    """The text of a regular file of at most `limit` bytes (UTF-8)."""
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise UnreadableFile(error.strerror or str(error)) from None
    # Checked before the descriptor becomes a file object: Python refuses to make one of a
    # directory (IsADirectoryError), which would end the run as an internal error.
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise UnreadableFile("is a directory" if stat.S_ISDIR(mode) else "not a regular file")
    with os.fdopen(fd, "rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise UnreadableFile(f"larger than {limit // (1024 * 1024)} MiB")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise UnreadableFile("not UTF-8 text") from None


def load_json(text: str) -> Any:
    """json.loads; too deep a nesting is a json.JSONDecodeError, not a RecursionError (which
    would end the run as an internal error naming no file)."""
    import json

    try:
        return json.loads(text)
    except RecursionError:
        raise json.JSONDecodeError(NESTED, text, 0) from None


def load_yaml(text: str) -> Any:
    """yaml.safe_load, refusing aliases (raises yaml.YAMLError; too deep a nesting too)."""
    import yaml

    class _NoAliases(yaml.SafeLoader):
        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.check_event(yaml.AliasEvent):
                event = self.peek_event()  # type: ignore[no-untyped-call]
                raise yaml.composer.ComposerError(
                    None, None, "aliases (*name) are not allowed", event.start_mark
                )
            return super().compose_node(parent, index)

    loader = _NoAliases(text)
    try:
        return loader.get_single_data()
    except RecursionError:
        # PyYAML composes and constructs nested collections by recursion.
        raise yaml.YAMLError(NESTED) from None
    finally:
        loader.dispose()
