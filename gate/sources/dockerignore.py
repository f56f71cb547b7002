"""``.dockerignore`` rules: which context files a COPY cannot see.

Matching follows BuildKit, which `docker build` uses (moby/patternmatcher's
``MatchesOrParentMatches``: ``**``, Go character classes, ``!`` exceptions, the last matching
pattern wins, a pattern matching any parent directory excludes what is under it, case sensitive).
The Docker SDK's ``PatternMatcher`` differs where it matters: it case-folds, reads ``[!a]`` as a
negation and checks one parent only, so it would hide files the build copies. Patterns run in
linear time (gate/sources/ignore_glob.py): a regular expression backtracks without end on
``a*a*a*…b`` and a long file name.
"""

from __future__ import annotations

import os
import posixpath
import re
import stat
from dataclasses import dataclass, field
from functools import lru_cache

from gate.model import InputError
from gate.sources.ignore_glob import cost as glob_cost
from gate.sources.ignore_glob import matches as glob_matches

MAX_IGNORE_FILE_BYTES = 1024 * 1024
GLOB_MAGIC = re.compile(r"[*?\[]")
# Steps of the linear matcher per build context (about 0.3 s here); real files never need it.
MAX_IGNORE_WORK = 1_500_000


@dataclass(frozen=True)
class _Pattern:
    exclusion: bool
    dirs: tuple[str, ...]
    cleaned: str


@dataclass
class IgnoreRules:
    patterns: tuple[str, ...]
    source: str = ".dockerignore"
    work: int = 0  # spent by the linear matcher on patterns the SDK's regex could stall on
    # BuildKit keeps the ignore file itself for the frontend; `COPY --exclude` patterns have no
    # such exception.
    ignore_file: bool = True
    # Per parent directory, which patterns match it or a directory above it: a context's files
    # share few directories, and matching every pattern against every parent of every file
    # took 2.7 s on a real 9,000-file repository.
    _parent_hits: dict[str, tuple[bool, ...]] = field(default_factory=dict, repr=False)

    def ignored(self, rel: str) -> bool:
        """The context-relative slash path (or a parent directory of it) is excluded."""
        if not self.patterns:
            return False
        patterns = _compiled(self.patterns, self.ignore_file)
        # Each pattern is matched against the path and each of its parent directories.
        work = sum(glob_cost(p.cleaned, rel, p.exclusion) for p in patterns)
        self.work += work * (rel.count("/") + 1)
        if self.work > MAX_IGNORE_WORK:
            raise InputError(
                f"{len(self.patterns)} patterns need more matching than the "
                "gate spends on one build context",
                path=self.source,
            )
        return _matches(patterns, rel, self._parent_hits)

    def prunable(self, rel_dir: str) -> bool:
        """Nothing under the directory can be kept: it is ignored and no exception names a path
        below it (an exception with a wildcard might, so it keeps every directory walked)."""
        if not self.patterns or not self.ignored(rel_dir):
            return False
        return not any(
            p.exclusion and (GLOB_MAGIC.search(p.cleaned) or p.cleaned.startswith(rel_dir))
            for p in _compiled(self.patterns)[:-1]
        )


def _pattern(text: str) -> _Pattern:
    """patternmatcher's ``Pattern``: `!` re-includes, then Go's ``filepath.Clean`` (a `..` eats
    its parent; a leading one stays, and matches nothing), the leading `/` dropped."""
    exclusion = text.startswith("!")
    body = text[1:].strip() if exclusion else text
    cleaned = posixpath.normpath(body).lstrip("/") if body else ""
    parts = tuple(p for p in cleaned.split("/") if p) if cleaned not in ("", ".") else ()
    return _Pattern(exclusion, parts, "/".join(parts))


@lru_cache(maxsize=64)
def _compiled(patterns: tuple[str, ...], ignore_file: bool = True) -> tuple[_Pattern, ...]:
    kept = [p for p in map(_pattern, patterns) if p.dirs]
    return (*kept, _pattern("!.dockerignore")) if ignore_file else tuple(kept)


def copy_patterns(patterns: tuple[str, ...], where: str) -> IgnoreRules:
    """`COPY --exclude=…` (or the include pattern of `COPY --parents`): moby/patternmatcher, as
    BuildKit's copier runs it over each path below the copied source."""
    return IgnoreRules(patterns, where, ignore_file=False)


def _matches(
    patterns: tuple[_Pattern, ...], path: str, parent_hits: dict[str, tuple[bool, ...]]
) -> bool:
    """patternmatcher's ``MatchesOrParentMatches``: the last pattern that matches the path, or
    any of its parent directories, decides."""
    parents = [p for p in posixpath.dirname(path).split("/") if p and p != "."]
    above = _above(patterns, parents, parent_hits)
    matched = False
    for pattern, hit in zip(patterns, above, strict=True):
        if pattern.exclusion != matched:
            continue  # an exclusion matters only once matched, an inclusion only before
        if hit or glob_matches(pattern.cleaned, path, pattern.exclusion):
            matched = not pattern.exclusion
    return matched


MAX_PARENTS_KEPT = 65_536


def _above(
    patterns: tuple[_Pattern, ...], parents: list[str], cache: dict[str, tuple[bool, ...]]
) -> tuple[bool, ...]:
    """Per pattern: it matches one of the directories `parents` spell, outermost first."""
    hits = (False,) * len(patterns)
    for depth in range(len(parents), 0, -1):  # the deepest directory already worked out
        if (known := cache.get("/".join(parents[:depth]))) is not None:
            hits = known
            break
    else:
        depth = 0
    for k in range(depth, len(parents)):
        directory = "/".join(parents[: k + 1])
        hits = tuple(
            hit or glob_matches(p.cleaned, directory, p.exclusion)
            for hit, p in zip(hits, patterns, strict=True)
        )
        if len(cache) >= MAX_PARENTS_KEPT:
            cache.clear()
        cache[directory] = hits
    return hits


def _lines(text: str) -> tuple[str, ...]:
    """The patterns of an ignore file as BuildKit's ``ignorefile.ReadAll`` reads them: lines
    split at `\\n` only (one trailing `\\r` dropped), a BOM dropped, a line starting with `#` a
    comment (before any trimming), blanks trimmed, empty lines skipped."""
    out: list[str] = []
    for line in text.removeprefix("\ufeff").split("\n"):
        line = line.removesuffix("\r")
        if line.startswith("#"):
            continue
        line = line.strip()
        if line:
            out.append(line)
    return tuple(out)


def read_ignore_rules(root: str, dockerfile_path: str) -> IgnoreRules:
    """``<Dockerfile>.dockerignore`` (preferred, as BuildKit) or ``<context>/.dockerignore``."""
    for candidate in (dockerfile_path + ".dockerignore", os.path.join(root, ".dockerignore")):
        try:
            info = os.stat(candidate)
        except (FileNotFoundError, NotADirectoryError):
            continue
        except OSError as error:
            raise InputError(
                f"cannot read the ignore file: {error.strerror}", path=candidate
            ) from None
        # The build reads the file whatever it holds: passed over (too large, unreadable), its
        # ignored files were judged as sent (a pip.conf it leaves out, read as configuring pip),
        # and a FIFO held gate for good.
        if not stat.S_ISREG(info.st_mode):
            raise InputError("the ignore file is not a regular file", path=candidate)
        if info.st_size > MAX_IGNORE_FILE_BYTES:
            limit = MAX_IGNORE_FILE_BYTES // (1024 * 1024)
            raise InputError(f"the ignore file is larger than {limit} MiB", path=candidate)
        try:
            with open(candidate, "rb") as handle:
                data = handle.read(MAX_IGNORE_FILE_BYTES + 1)
        except OSError as error:
            raise InputError(
                f"cannot read the ignore file: {error.strerror}", path=candidate
            ) from None
        if len(data) > MAX_IGNORE_FILE_BYTES:
            limit = MAX_IGNORE_FILE_BYTES // (1024 * 1024)
            raise InputError(f"the ignore file is larger than {limit} MiB", path=candidate)
        return IgnoreRules(_lines(data.decode("utf-8", errors="replace")), candidate)
    return IgnoreRules(())
