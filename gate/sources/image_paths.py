"""Paths inside the image being built: WORKDIR applied, POSIX or Windows (drive letters)."""

from __future__ import annotations

import ntpath
import posixpath
import re

_WINDOWS_PATH = re.compile(r"^[A-Za-z]:[\\/]|^[A-Za-z]:$")


def is_windows_path(path: str) -> bool:
    return bool(_WINDOWS_PATH.match(path))


def join(base: str, path: str) -> str:
    """``path`` relative to ``base`` (WORKDIR), normalised; Windows drive paths stay Windows."""
    if is_windows_path(path):
        return ntpath.normpath(path)
    if is_windows_path(base):
        return ntpath.normpath(ntpath.join(base, path))
    joined = posixpath.normpath(posixpath.join(base or "/", path))
    return joined if joined.startswith("/") else "/" + joined
