"""The build context: the files a COPY or a bind mount names, read within size and entry caps.

Every text file a copied directory holds is read (within the byte and entry caps): a RUN may run
or name any of them (`bash scripts/deps`, `-r base.pip`). ``INTERESTING_*`` (requirements,
constraints, tool configs, lock files, scripts) only decides which names of a copy whose content
is unknown are worth recording.
"""

from __future__ import annotations

import contextlib
import fnmatch
import functools
import os
import posixpath
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field

from gate.crlf_text import as_read
from gate.model import Deferred, InputError, Unread
from gate.sources import go_glob
from gate.sources.dockerignore import IgnoreRules, read_ignore_rules

MAX_CONTEXT_FILE_BYTES = 1024 * 1024
# Lock files run larger than the other files gate reads: real uv.locks of ML projects hold 1.0 to
# 1.8 MB (7 of the 96 lock files in the real repositories read on 2026-12-07, each COPY of one
# then warned). Still within the context's total.
MAX_LOCK_FILE_BYTES = 4 * 1024 * 1024
LOCK_FILE_NAMES = frozenset({"uv.lock", "poetry.lock", "pdm.lock", "pipfile.lock"})
MAX_CONTEXT_TOTAL_BYTES = 16 * 1024 * 1024
MAX_CONTEXT_ENTRIES = 50_000  # directory entries looked at while copying from the context

# Context files the fact layer reads: requirements, constraints, tool configs, lock files and the
# scripts a RUN may call. Anything else copied from the context is not recorded.
INTERESTING_NAMES = frozenset(
    {
        "pip.conf",
        "pip.ini",
        "uv.toml",
        "pyproject.toml",
        "poetry.toml",
        "poetry.lock",
        "uv.lock",
        "pdm.toml",
        "pdm.lock",
        ".pdm.toml",
        "pipfile",
        "pipfile.lock",
        "setup.cfg",
        "setup.py",  # a local project's plainly written direct references (manifest_refs)
        "makefile",
        "gnumakefile",
    }
)
INTERESTING_PATTERNS = ("*.txt", "*.in", "pylock*.toml", "*.sh", "*.mk")

GLOB_MAGIC = re.compile(r"[*?\[]")


@dataclass
class BuildContext:
    """Files of the build context the fact layer may read, within size caps."""

    root: str
    ignore: IgnoreRules
    budget: int = MAX_CONTEXT_TOTAL_BYTES
    entries: int = 0  # directory entries and files looked at, over the whole Dockerfile
    cache: dict[str, str | None] = field(default_factory=dict)
    inside_cache: dict[str, bool] = field(default_factory=dict)
    # Regular files of the context the caps kept the gate from reading: full path -> why.
    unread: dict[str, str] = field(default_factory=dict)
    # The copies that bring such files in: (image path, context path, why), in build order.
    unread_copies: list[tuple[str, str, str]] = field(default_factory=list)
    # Links found inside copied directories: full path -> their target as written.
    links: dict[str, str] = field(default_factory=dict)
    # Permission bits of the files read: COPY keeps them (without --chmod).
    modes: dict[str, int] = field(default_factory=dict)
    # The copies that bring in a config others may not read: (image path, its mode), in order.
    closed_copies: list[tuple[str, int]] = field(default_factory=list)
    # Files Docker 20.10 and 23+ do not agree are in the context (IgnoreRules.doubt): full path
    # -> why. They are read as files gate could not read (their text and presence unknown).
    doubtful: dict[str, str] = field(default_factory=dict)

    @property
    def exhausted(self) -> bool:
        return self.entries > MAX_CONTEXT_ENTRIES

    @classmethod
    def open(cls, context: str | None, dockerfile_path: str) -> BuildContext | None:
        if context is None:
            return None
        if not os.path.isdir(context):
            raise InputError("the build context is not a directory", path=context)
        root = _realpath(context)
        return cls(root, read_ignore_rules(root, dockerfile_path))

    def ignored(self, rel: str) -> bool:
        return self.ignore.ignored(rel)

    def sources(self, source: str) -> Iterator[tuple[str, str, bool]]:
        """(context-relative path, real path, named directly) for the files one COPY source names.

        Directories are walked; ``named directly`` is False for files found inside one.
        """
        rel = posixpath.normpath("/" + source.replace("\\", "/")).lstrip("/")
        if self.exhausted:
            return
        folder, pattern = go_glob.split_wildcards(rel)
        matches = self._glob(folder, pattern) if pattern else [rel or "."]
        for match in matches:
            self.entries += 1
            if self.exhausted:
                return
            full = os.path.join(self.root, match) if match != "." else self.root
            if not self._inside(full):
                continue
            if os.path.isdir(full):
                yield from self._walk(full, match)
            elif match == "." or self._kept(match, full):
                yield match, full, True

    def _kept(self, rel: str, full: str) -> bool:
        """The file is in the context as one builder or the other reads the ignore file; where
        they disagree its text is unknown (`doubtful`: which is there depends on the builder)."""
        why = self.ignore.doubt(rel)
        if why is not None:
            self.doubtful[full] = why
            return True
        return not self.ignored(rel)

    def _glob(self, folder: str, pattern: str) -> list[str]:
        """The paths below `folder` that `pattern` matches, as BuildKit finds them (go_glob): in
        name order, depth first; a matched folder or a link is not entered, nor a folder deeper
        than any match can lie (BuildKit walks them all and matches none there)."""
        base = os.path.join(self.root, folder) if folder else self.root
        depth = go_glob.max_separators(pattern)
        if depth < 0 or not self._inside(base):
            return []
        found: list[str] = []
        # One listing per open folder, resumed after a folder below it is done: filepath.Walk's
        # order, without recursion however deep the pattern reaches.
        stack = [(self._entries(base), base, "")]
        while stack and not self.exhausted:
            entries, dirpath, rel_dir = stack[-1]
            entry = next(entries, None)
            if entry is None:
                stack.pop()
                continue
            name, enterable = entry
            rel = f"{rel_dir}/{name}" if rel_dir else name
            full_rel = posixpath.join(folder, rel) if folder else rel
            if go_glob.match(pattern, rel):
                found.append(full_rel)
            elif enterable and rel.count("/") < depth and not self.ignore.prunable(full_rel):
                below = os.path.join(dirpath, name)
                stack.append((self._entries(below), below, rel))
        return found

    def _entries(self, dirpath: str) -> Iterator[tuple[str, bool]]:
        """A folder's entries in one name order, as filepath.Walk visits them: (name, a folder
        to enter), a link to a folder not entered; none when it cannot be listed."""
        listing = _listing(dirpath)
        if listing is None:
            return iter(())
        dirs, files = listing
        self.entries += len(dirs) + len(files)
        return iter(sorted([(name, not link) for name, link in dirs]
                           + [(name, False) for name, _ in files]))  # fmt: skip

    def _walk(self, top: str, top_rel: str) -> Iterator[tuple[str, str, bool]]:
        """The files under `top`, as os.walk (top down, no linked directory entered, an
        unreadable directory skipped) gives them, directories and files in name order."""
        pending = [(top, top_rel)]
        while pending:
            dirpath, rel_dir = pending.pop()
            found = _listing(dirpath)
            if found is None:
                continue
            dirs, files = found
            self.entries += len(dirs) + len(files)
            if self.exhausted:
                return
            # An ignored directory is not walked (`.git`, `node_modules`): its entries would
            # use up the cap before the files a RUN reads.
            kept = [
                name
                for name, link in dirs
                if not self.ignore.prunable(name if rel_dir == "." else f"{rel_dir}/{name}")
                and not link
            ]
            pending.extend((os.path.join(dirpath, d), d if rel_dir == "." else f"{rel_dir}/{d}")
                           for d in reversed(kept))  # fmt: skip
            here = dirpath if dirpath.endswith("/") else dirpath + "/"  # os.path.join's rule
            # Looked up once per directory: a `COPY . .` passes every file of the context here.
            # Without patterns nothing is ignored (most contexts): no call per file to say so.
            ignored = self.ignore.ignored if self.ignore.patterns else None
            inside = self.inside_cache
            for name, link in files:
                rel = name if rel_dir == "." else f"{rel_dir}/{name}"
                # Every file, whatever its name: a script run as `bash scripts/deps` or a
                # requirements file `-r base.pip` is read where it was copied (the byte and
                # entry caps bound the work).
                if ignored is not None and not self._kept(rel, here + name):
                    continue
                inner = rel[len(top_rel) + 1 :] if top_rel != "." else rel
                full = here + name
                if link is None:
                    # No linked directory is entered, so below a top that is inside the
                    # context only a link can lead out.
                    inside[full] = True
                elif link:
                    # BuildKit copies a link inside a copied directory as a link: it reads
                    # what its target is in the image, not on this host.
                    self.links[full] = link
                yield inner, full, False

    def _inside(self, full: str) -> bool:
        """The path resolves (symlinks followed) to a place inside the context."""
        known = self.inside_cache.get(full)
        if known is None:
            real = _realpath(full)
            known = real == self.root or real.startswith(self.root + os.sep)
            self.inside_cache[full] = known
        return known

    def deferred(self, full: str) -> Deferred:
        """The file's text, read (within the caps, as `read_held`) when first asked for."""
        return Deferred(full, functools.partial(self.read_held, full))

    def read_held(self, full: str) -> str | Unread | None:
        """The file's text as the build holds it: `read`, or an Unread saying why where the
        caps kept gate from reading it (a `-r base.pip`, `bash scripts/deps` or conda file
        read so is unknown, not an empty file)."""
        text = self.read(full)
        if text is None and full in self.unread:
            why = f"copied from the build context and not read, {self.unread[full]}"
            return Unread(why, capped=True)
        return text

    def read(self, full: str) -> str | None:
        """A file's text, or None when it is not a readable regular text file within the caps."""
        if full not in self.cache:
            self.cache[full] = self._read(full)
        return self.cache[full]

    def _unread(self, full: str, why: str) -> str | None:
        """None: the file's text is not read; it is noted with why."""
        self.unread[full] = why
        return None

    def _read(self, full: str) -> str | None:
        if not self._inside(full):
            return None
        if full in self.doubtful:
            return self._unread(full, self.doubtful[full])
        cap = file_cap(full)
        try:
            info = os.stat(full)
            if not stat.S_ISREG(info.st_mode):
                return None
            self.modes[full] = stat.S_IMODE(info.st_mode)
            if info.st_size > cap:
                return self._unread(full, f"larger than {cap // 1024} KiB")
            if info.st_size > self.budget:
                return self._unread(full, "past the bytes the gate reads of one context")
            fd = os.open(full, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
            with os.fdopen(fd, "rb") as handle:
                data = handle.read(cap + 1)
        except OSError:
            return None
        if len(data) > cap:
            return self._unread(full, f"larger than {cap // 1024} KiB")
        if b"\0" in data:
            text = _bom_text(data) if full.endswith(_BOM_READ) else None
            if text is None:
                return self._unread(full, "binary (a NUL byte)")
            self.budget -= len(data)
            return as_read(text)
        self.budget -= len(data)
        # CR LF as LF, as the installers read lines; the CRs are kept for a shell (CrlfText).
        return as_read(data.decode("utf-8", errors="replace"))


# pip's auto_decode (src/pip/_internal/utils/encoding.py BOMS, in its order: a UTF-32 LE mark
# is taken for UTF-16's, as pip takes it). Measured with pip 23.2.1: a requirements file
# `pip freeze > requirements.txt` wrote in Windows PowerShell (UTF-16 LE, a byte order mark) is
# read as its text. Only for the names pip's requirement and constraint files have.
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
)
_BOM_READ = (".txt", ".in")


def _bom_text(data: bytes) -> str | None:
    """The text pip reads from `data` holding NUL bytes: decoded by its byte order mark (kept as
    U+FEFF, so the coding line is not looked for: gate.facts.req_encoding), else None."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(codec)
            except UnicodeDecodeError:
                return None
            return None if "\0" in text else "\ufeff" + text
    return None


# Bounded: a resident server sees names without end. A `COPY . .` asks this of every file it
# copies, and the Dockerfiles of one folder copy the same names again and again.
@functools.lru_cache(maxsize=4096)
def interesting(name: str) -> bool:
    lower = name.lower()
    return lower in INTERESTING_NAMES or _interesting_pattern().match(lower) is not None


@functools.cache
def _interesting_pattern() -> re.Pattern[str]:
    # One regex for all INTERESTING_PATTERNS, as fnmatchcase reads each: a `COPY . .` of a large
    # context asks this of every file name.
    return re.compile("|".join(fnmatch.translate(p) for p in INTERESTING_PATTERNS))


# A directory's entries: (name, is a link) for its directories, (name, link) for the rest, where
# link is None for a file that is no link, its target, or "" when the target cannot be read.
Listing = tuple[tuple[tuple[str, bool], ...], tuple[tuple[str, str | None], ...]]
# Listings kept for the files judged in one run (see `shared_listings`), else None.
_listings: dict[str, Listing | None] | None = None
# Resolved paths kept likewise (os.path.realpath stats every part of a path): each Dockerfile of
# a folder resolves the same context root and the same copied paths.
_realpaths: dict[str, str] | None = None


@contextlib.contextmanager
def shared_listings() -> Iterator[None]:
    """Within the block, each context directory is listed once, whichever Dockerfile copies it:
    the Dockerfiles of one folder share their build context."""
    global _listings, _realpaths
    outer, outer_real = _listings, _realpaths
    if outer is None:
        _listings, _realpaths = {}, {}
    try:
        yield
    finally:
        _listings, _realpaths = outer, outer_real


def keep_listings() -> None:
    """From now on, as `shared_listings`: for a process that judges the files of one run and
    ends (a --jobs worker)."""
    global _listings, _realpaths
    if _listings is None:
        _listings, _realpaths = {}, {}


def _realpath(path: str) -> str:
    if _realpaths is None:
        return os.path.realpath(path)
    real = _realpaths.get(path)
    if real is None:
        real = _realpaths[path] = os.path.realpath(path)
    return real


def _listing(path: str) -> Listing | None:
    if _listings is None:
        return _list(path)
    if path not in _listings:
        _listings[path] = _list(path)
    return _listings[path]


def _list(path: str) -> Listing | None:
    """One directory's entries, as os.walk sorts them (a link to a directory is one of the
    directories, not entered); None when it cannot be read, which os.walk skips."""
    dirs: list[tuple[str, bool]] = []
    files: list[tuple[str, str | None]] = []
    try:
        with os.scandir(path) as entries:
            for entry in entries:
                try:
                    is_dir = entry.is_dir()
                except OSError:
                    is_dir = False
                try:
                    link = entry.is_symlink()
                except OSError:
                    link = False
                if is_dir:
                    dirs.append((entry.name, link))
                elif not link:
                    files.append((entry.name, None))
                else:
                    try:
                        files.append((entry.name, os.readlink(entry.path)))
                    except OSError:
                        files.append((entry.name, ""))
    except OSError:
        return None
    dirs.sort()
    files.sort()
    return tuple(dirs), tuple(files)


def file_cap(path: str) -> int:
    """The most of `path`'s text gate reads (from the context, and in the fact layer where the
    build wrote it): a lock file's cap, else the context's per-file one."""
    name = path.rpartition("/")[2].lower()
    return MAX_LOCK_FILE_BYTES if name in LOCK_FILE_NAMES else MAX_CONTEXT_FILE_BYTES
