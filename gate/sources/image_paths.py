"""Paths inside the image being built: WORKDIR applied, POSIX or Windows (drive letters)."""

from __future__ import annotations

import functools
import ntpath
import posixpath
import re

_WINDOWS_PATH = re.compile(r"^[A-Za-z]:[\\/]|^[A-Za-z]:$")


def is_windows_path(path: str) -> bool:
    return bool(_WINDOWS_PATH.match(path))


# Paths longer than this (both parts) are not kept by `resolved` or `join`: a cache of a few
# thousand such pairs stays small however long the words a build makes.
MAX_CACHED_PATH = 512


@functools.lru_cache(maxsize=4096)
def resolved(cwd: str, path: str) -> str:
    """`path` from the folder `cwd`, normalised (POSIX): every word of every command is asked
    as a file name, and the same few names and folders come again and again."""
    return posixpath.normpath(posixpath.join(cwd, path))


def join(base: str, path: str) -> str:
    """``path`` relative to ``base`` (WORKDIR), normalised; Windows drive paths stay Windows."""
    if len(base) + len(path) > MAX_CACHED_PATH:
        return _join(base, path)
    return _cached_join(base, path)


def _join(base: str, path: str) -> str:
    if is_windows_path(path):
        return ntpath.normpath(path)
    if is_windows_path(base):
        return ntpath.normpath(ntpath.join(base, path))
    joined = posixpath.normpath(posixpath.join(base or "/", path))
    return joined if joined.startswith("/") else "/" + joined


_cached_join = functools.lru_cache(maxsize=4096)(_join)
