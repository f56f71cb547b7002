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


# YAML nodes a file may hold: PyYAML builds each as Python objects, 100,000 in about a second with
# libyaml (a 3.3 MB file of 300,000 keys took 31 s and a `--data` of 100,000 exceptions 41 s and
# 410 MB with the pure-Python parser). gate's own inputs are far smaller: a config names a few
# files, a data file lists exceptions.
MAX_YAML_NODES = 100_000
# Collections open at once: a legitimate file nests a few deep. Checked before the document is
# composed (libyaml's composer recurses in C, past any recursion limit).
MAX_YAML_DEPTH = 64


def load_yaml(text: str) -> Any:
    """yaml.safe_load, refusing aliases, nesting past MAX_YAML_DEPTH and more than
    MAX_YAML_NODES nodes (each raises yaml.YAMLError, with its line where there is one)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    # One pass over the parse events (libyaml makes 200,000 in 0.15 s) before anything is built.
    nodes = depth = 0
    for event in yaml.parse(text, Loader=loader):
        problem = None
        if isinstance(event, yaml.AliasEvent):
            problem = "aliases (*name) are not allowed"
        elif isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            problem = NESTED if depth > MAX_YAML_DEPTH else None
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        if isinstance(event, yaml.NodeEvent):
            nodes += 1
            if nodes > MAX_YAML_NODES:
                problem = f"made of more than {MAX_YAML_NODES:,} YAML nodes"
        if problem is not None:
            mark: Any = event.start_mark  # libyaml's Mark, or PyYAML's: both give the line
            raise yaml.composer.ComposerError(None, None, problem, mark)
    try:
        return yaml.load(text, Loader=loader)
    except RecursionError:
        # PyYAML constructs nested collections by recursion.
        raise yaml.YAMLError(NESTED) from None
