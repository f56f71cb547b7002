"""The pip and uv configs a COPY/ADD history record may put in place into a folder.

A record keeps a copy's sources and destination, never its bytes. Where it names one file the
history reader places it (history.copied_file); a copy into a folder can name a config too:
several sources (`COPY a.txt pip.conf /etc/`), a pattern whose last part a config name
matches (`COPY *.conf /etc/`), or the JSON form kaniko keeps as written (`COPY ["pip.conf",
"/etc/"]`; BuildKit records the sources joined by blanks, the legacy builder their hashes).
Each such config lands at DEST/NAME, of content the history does not hold. A folder copied
whole (`COPY conf/ /etc/`, legacy `dir:`/`multi:`) is not assumed to hold one, as for a folder
copied from an image (gate/sources/image_globs.py).
"""

from __future__ import annotations

import fnmatch
import posixpath
import re
from collections.abc import Iterable

from gate.sources.created_by import json_argv
from gate.sources.image_paths import join

# The config files pip (pip.conf, pip.ini) and uv (uv.toml) search folders for.
CONFIG_NAMES = ("pip.conf", "pip.ini", "uv.toml")
_GLOB = frozenset("*?[")
# The legacy builder's record of a copy: `file:<sha> in DEST`, `dir:<sha> in DEST`, `multi:…`.
LEGACY_COPY = re.compile(r"(?:--\S+ )*(file|dir|multi):\S+ in (.*)", re.DOTALL)
_STARS = re.compile(r"\*+")
_MAX_PATTERN = 256


def _sources_and_dest(text: str) -> tuple[list[str], str, bool] | None:
    """(sources, destination, JSON form) of a COPY/ADD record's text past its flags."""
    rest = text.strip()
    while rest.startswith("--"):
        cut = rest.find(" ")
        if cut < 0:
            return None
        rest = rest[cut + 1 :].lstrip()
    if rest.startswith("["):
        argv = json_argv(rest)
        if argv is None or len(argv) < 2:
            return None
        return list(argv[:-1]), argv[-1], True
    words = rest.split()
    if len(words) < 2:
        return None
    return words[:-1], words[-1], False


def copied_configs(text: str, workdir: str) -> list[str]:
    """The pip/uv config paths a COPY/ADD record may write beyond one file it names plainly
    (`COPY pip.conf /etc/`, which history.copied_file places)."""
    parsed = _sources_and_dest(text)
    if parsed is None:
        return []
    sources, dest, json_form = parsed
    globbed = any(_GLOB.intersection(source) for source in sources)
    into_dir = dest.endswith(("/", "\\")) or dest in (".", "..") or len(sources) > 1 or globbed
    if not into_dir:
        name = posixpath.basename(dest)
        return [join(workdir, dest)] if json_form and name in CONFIG_NAMES else []
    if len(sources) == 1 and not globbed and not json_form:
        return []
    found: list[str] = []
    for source in sources:
        if source.startswith("<<") or "://" in source:
            continue
        last = _STARS.sub("*", posixpath.basename(source.replace("\\", "/").rstrip("/")))
        # fnmatch compiles a pattern in time that grows past linear with its stars: a pattern
        # longer than any config name's real ones is taken to match it.
        long = len(last) > _MAX_PATTERN
        for name in CONFIG_NAMES:
            path = join(workdir, posixpath.join(dest, name))
            if (long or fnmatch.fnmatchcase(name, last)) and path not in found:
                found.append(path)
    return found


# A config file named by the variable pip or uv reads it from, or by uv's option: in an ENV or
# ARG record (`K=V` or the legacy `ENV K V`), a RUN's text (`PIP_CONFIG_FILE=/a.cfg pip …`,
# `uv pip install --config-file /a.toml`) or config.Env.
_NAMING = re.compile(
    r"(?:\b(?:PIP_CONFIG_FILE|UV_CONFIG_FILE)[= ]|--config-file[= ])"
    r"""[ ]*['"]?([^\s'";&|<>()$`]+)"""
)
# A relative name is matched against this many of a copied path's last parts.
_MAX_SUFFIX_PARTS = 16


def named_config_files(texts: Iterable[str]) -> frozenset[str]:
    """The files the image's records or config.Env name as a pip or uv config."""
    return frozenset(m.group(1) for text in texts for m in _NAMING.finditer(text))


def names_config(path: str, named: frozenset[str]) -> bool:
    """`path` (absolute) is a file the records name as a config: by that path, or by a relative
    name it ends with (the working folder pip runs in is not tracked here)."""
    if not named:
        return False
    if path in named:
        return True
    parts = path.split("/")[-_MAX_SUFFIX_PARTS:]
    return any("/".join(parts[i:]) in named for i in range(1, len(parts)))


# A folder a copy lands in is matched against the named configs' first folders only (a copy's
# destination is shallow), and a name longer than Linux's PATH_MAX names no file.
_MAX_FOLDER_DEPTH = 32
_PATH_MAX = 4096


def configs_by_folder(named: frozenset[str]) -> dict[str, list[str]]:
    """Each folder that holds an absolute named config (up to the depth cap) → those configs."""
    folders: dict[str, list[str]] = {}
    for path in named:
        if not path.startswith("/") or len(path) > _PATH_MAX:
            continue
        parts = posixpath.normpath(path).split("/")
        for depth in range(1, min(len(parts) - 1, _MAX_FOLDER_DEPTH) + 1):
            folders.setdefault("/".join(parts[:depth]) or "/", []).append(path)
    return folders


def copy_destination(text: str, workdir: str) -> str | None:
    """The folder or file a COPY/ADD record writes to (a legacy `file:`/`dir:` record's or the
    last word), resolved; None when the record names none."""
    legacy = LEGACY_COPY.fullmatch(text.strip())
    if legacy is not None:
        dest = legacy.group(2).strip()
    else:
        parsed = _sources_and_dest(text)
        if parsed is None:
            return None
        dest = parsed[1]
    if not dest or "$" in dest:
        return None
    return posixpath.normpath(join(workdir, dest))
