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

import errno
import os
import posixpath
import re
import stat
from dataclasses import dataclass, field
from functools import lru_cache

from gate.model import InputError
from gate.sources.ignore_glob import cost as glob_cost
from gate.sources.ignore_glob import joinable_expression, suffix_match
from gate.sources.ignore_glob import matches as glob_matches
from gate.sources.ignore_set import PatternSet

MAX_IGNORE_FILE_BYTES = 1024 * 1024
GLOB_MAGIC = re.compile(r"[*?\[]")
# Steps of the linear matcher per build context (about 0.3 s here); real files never need it.
MAX_IGNORE_WORK = 1_500_000
# Patterns tried per build context, one per pattern per 64 characters of each path asked (at
# most about 10 s here; a real context far less): 200 patterns over a context at the
# 50,000-entry cap try 10 million. A 1 MiB ignore file holds 150,000 patterns: at 9 ms a path,
# its context's walk ran for minutes.
MAX_PATTERN_TRIES = 25_000_000
# Patterns joined into expressions (compiling 5,000 takes about 0.3 s); real files hold hundreds.
MAX_IGNORE_PATTERNS = 5_000


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
    tries: int = 0  # patterns tried, one per pattern per 64 characters of each path asked
    # BuildKit keeps the ignore file itself for the frontend; `COPY --exclude` patterns have no
    # such exception.
    ignore_file: bool = True
    # Per parent directory, the last pattern that matches it or a directory above it (-1: none):
    # a context's files share few directories, and matching every pattern against every parent
    # of every file took 2.7 s on a real 9,000-file repository.
    _parent_hits: dict[str, int] = field(default_factory=dict, repr=False)
    # The rules as Docker 20.10 reads them (False: it reads them as 23+ does; None: not asked).
    _legacy: IgnoreRules | bool | None = field(default=None, repr=False)

    def ignored(self, rel: str) -> bool:
        """The context-relative slash path (or a parent directory of it) is excluded."""
        if not self.patterns:
            return False
        if len(self.patterns) > MAX_IGNORE_PATTERNS:
            raise self._too_much()
        matcher = _matcher(self.patterns, self.ignore_file)
        self.tries += len(matcher.patterns) * (1 + len(rel) // 64)
        # Each pattern is matched against the path and each of its parent directories; only the
        # token matcher's patterns cost work (the compiled ones' is 0).
        if matcher.costly:
            work = sum(glob_cost(p.cleaned, rel, p.exclusion) for p in matcher.costly)
            self.work += work * (rel.count("/") + 1)
        if self.work > MAX_IGNORE_WORK or self.tries > MAX_PATTERN_TRIES:
            raise self._too_much()
        return _matches(matcher, rel, self._parent_hits)

    def doubt(self, rel: str) -> str | None:
        """Why the path may or may not be in the context, where Docker 20.10's BuildKit and
        Docker 23+ read a pattern of the ignore file differently (a leading `**` with no
        wildcard after it: `**.conf` leaves conf/pip.conf out under 23+ only), or None."""
        legacy = self._legacy_rules()
        if legacy is None or self.ignored(rel) == legacy.ignored(rel):
            return None
        kept = "keeps" if self.ignored(rel) else "leaves out"
        return (
            f"{os.path.basename(self.source)} {kept} it under Docker 20.10 and not under Docker"
            " 23+ (a leading "
            "`**` is a suffix match only since 23.0): which is there depends on the builder"
        )

    def _legacy_rules(self) -> IgnoreRules | None:
        """The same rules as Docker 20.10 reads them, when some pattern is read otherwise."""
        if not self.ignore_file or not self.patterns:
            return None
        if self._legacy is None:
            legacy = _legacy_patterns(self.patterns)
            self._legacy = (
                IgnoreRules(legacy, self.source, ignore_file=True) if legacy is not None else False
            )
        return self._legacy if isinstance(self._legacy, IgnoreRules) else None

    def _too_much(self) -> InputError:
        return InputError(
            f"{len(self.patterns)} patterns need more matching than the "
            "gate spends on one build context",
            path=self.source,
        )

    def prunable(self, rel_dir: str) -> bool:
        """Nothing under the directory can be kept: it is ignored and no exception names a path
        below it (an exception with a wildcard or an escape might, so it keeps every directory
        walked)."""
        if not self.patterns or not self.ignored(rel_dir):
            return False
        legacy = self._legacy_rules()
        if legacy is not None and not legacy.prunable(rel_dir):
            return False  # Docker 20.10 may keep files there
        matcher = _matcher(self.patterns)
        return not matcher.wild_exception and not any(
            literal.startswith(rel_dir) for literal in matcher.literal_exceptions
        )


def _legacy_patterns(patterns: tuple[str, ...]) -> tuple[str, ...] | None:
    """The patterns with each one Docker 23+ matches by suffix (`**.conf`) written as Docker
    20.10 reads it (`**/.conf`: `(.*/)?` then the rest, which 23+ reads the same way), or None
    where there is none (both versions read the file alike)."""
    out: list[str] = []
    changed = False
    for text in patterns:
        found = _pattern(text)
        if found.dirs and suffix_match(found.cleaned):
            out.append(f"{'!' if found.exclusion else ''}**/{found.cleaned[2:]}")
            changed = True
        else:
            out.append(text)
    return tuple(out) if changed else None


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


@dataclass(frozen=True)
class _Matcher:
    patterns: tuple[_Pattern, ...]
    pattern_set: PatternSet
    # The patterns the token matcher runs: only they cost matching work (the rest cost 0).
    costly: tuple[_Pattern, ...]
    # What `prunable` asks of the exceptions (the ignore file's own one left out).
    wild_exception: bool
    literal_exceptions: tuple[str, ...]

    def last_match(self, name: str, floor: int) -> int:
        return self.pattern_set.last_match(name, floor, glob_matches)


@lru_cache(maxsize=64)
def _matcher(patterns: tuple[str, ...], ignore_file: bool = True) -> _Matcher:
    kept = _compiled(patterns, ignore_file)
    exceptions = [p for p in _compiled(patterns)[:-1] if p.exclusion]
    return _Matcher(
        kept,
        PatternSet(tuple((p.cleaned, p.exclusion) for p in kept)),
        tuple(p for p in kept if joinable_expression(p.cleaned, p.exclusion) is None),
        # A `\` is no wildcard, yet `!foo\-bar/x` names foo-bar/x, which a prefix test on the
        # text misses (`\o` even matches anything in an exception): read as one.
        any(GLOB_MAGIC.search(p.cleaned) or "\\" in p.cleaned for p in exceptions),
        tuple(p.cleaned for p in exceptions),
    )


def copy_patterns(patterns: tuple[str, ...], where: str) -> IgnoreRules:
    """`COPY --exclude=…` (or the include pattern of `COPY --parents`): moby/patternmatcher, as
    BuildKit's copier runs it over each path below the copied source."""
    return IgnoreRules(patterns, where, ignore_file=False)


def _matches(matcher: _Matcher, path: str, parent_hits: dict[str, int]) -> bool:
    """patternmatcher's ``MatchesOrParentMatches``: the last pattern that matches the path, or
    any of its parent directories, decides."""
    parents = [p for p in posixpath.dirname(path).split("/") if p and p != "."]
    last = matcher.last_match(path, _above(matcher, parents, parent_hits))
    return last >= 0 and not matcher.patterns[last].exclusion


MAX_PARENTS_KEPT = 65_536


def _above(matcher: _Matcher, parents: list[str], cache: dict[str, int]) -> int:
    """The last pattern that matches one of the directories `parents` spell, outermost first
    (-1: none)."""
    last = -1
    for depth in range(len(parents), 0, -1):  # the deepest directory already worked out
        if (known := cache.get("/".join(parents[:depth]))) is not None:
            last = known
            break
    else:
        depth = 0
    for k in range(depth, len(parents)):
        directory = "/".join(parents[: k + 1])
        last = matcher.last_match(directory, last)
        if len(cache) >= MAX_PARENTS_KEPT:
            cache.clear()
        cache[directory] = last
    return last


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
        text = _read_ignore_file(candidate)
        if text is None:
            continue
        return IgnoreRules(_lines(text), candidate)
    return IgnoreRules(())


def _read_ignore_file(path: str) -> str | None:
    """The ignore file's text; None when there is none. One gate cannot read whole is an input
    error: passed over, it let gate read files the build leaves out (a pip.conf with
    only-binary), or the context's file stand for the Dockerfile's own; a FIFO or a link to
    /dev/zero under the name hung the run."""
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        return None
    except OSError as error:
        if error.errno in (errno.ENOTDIR, errno.ELOOP, errno.ENAMETOOLONG):
            return None  # no such file, as BuildKit finds none there
        raise InputError(f"cannot read: {error.strerror or error}", path=path) from None
    # Checked before the descriptor becomes a file object, which Python refuses to make of a
    # folder.
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        if stat.S_ISDIR(mode):
            return None  # a folder of that name holds no patterns (read as none before)
        raise InputError("not a regular file", path=path)
    with os.fdopen(fd, "rb") as handle:
        data = handle.read(MAX_IGNORE_FILE_BYTES + 1)
    if len(data) > MAX_IGNORE_FILE_BYTES:
        raise InputError(f"larger than {MAX_IGNORE_FILE_BYTES // (1024 * 1024)} MiB", path=path)
    return data.decode("utf-8", errors="replace")
