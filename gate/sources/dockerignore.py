"""``.dockerignore`` rules: which context files a COPY cannot see.

Matching is the Docker SDK's ``PatternMatcher`` (moby's patternmatcher semantics: Go
``filepath.Match`` with ``**``, character classes, ``!`` exceptions, the last matching pattern wins,
a pattern matching a parent directory excludes what is under it).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

MAX_IGNORE_FILE_BYTES = 1024 * 1024


@dataclass(frozen=True)
class IgnoreRules:
    patterns: tuple[str, ...]

    def ignored(self, rel: str) -> bool:
        """The context-relative slash path (or a parent directory of it) is excluded."""
        if not self.patterns:
            return False
        return bool(_matcher(self.patterns).matches(rel))


_MATCHERS: dict[tuple[str, ...], Any] = {}


def _matcher(patterns: tuple[str, ...]) -> Any:
    from docker.utils.build import PatternMatcher  # the SDK is heavy: only when a rule is asked

    # PatternMatcher holds no state between calls; one per pattern list is enough.
    matcher = _MATCHERS.get(patterns)
    if matcher is None:
        if len(_MATCHERS) > 64:
            _MATCHERS.clear()
        matcher = _MATCHERS[patterns] = PatternMatcher(list(patterns))
    return matcher


def read_ignore_rules(root: str, dockerfile_path: str) -> IgnoreRules:
    """``<Dockerfile>.dockerignore`` (preferred, as BuildKit) or ``<context>/.dockerignore``."""
    for candidate in (dockerfile_path + ".dockerignore", os.path.join(root, ".dockerignore")):
        try:
            if os.path.getsize(candidate) > MAX_IGNORE_FILE_BYTES:
                continue
            with open(candidate, encoding="utf-8", errors="replace") as handle:
                lines = handle.read().splitlines()
        except OSError:
            continue
        patterns = (line.strip() for line in lines)
        return IgnoreRules(tuple(p for p in patterns if p and not p.startswith("#")))
    return IgnoreRules(())
