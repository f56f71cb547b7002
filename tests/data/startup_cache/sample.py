"""Dataclasses and patterns a module makes at import, for tests/test_startup_cache.py.

No `from __future__ import annotations` here: the field types are objects, so a generated
`__init__` compiled with another module's future flags would show as string annotations."""

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Frozen:
    name: str
    count: int = 0
    tags: tuple[str, ...] = ()


@dataclass(order=True)
class Ordered:
    key: int
    items: list[int] = field(default_factory=list)
    label: str = field(default="x", compare=False)


@dataclass(slots=True, kw_only=True)
class Slotted:
    first: bytes
    second: float = 1.5


CLASSES = (Frozen, Ordered, Slotted)

PATTERNS = (
    (r"(?P<name>[a-z_]+)=(?P<value>\S*)", 0),
    (r"^\s*#\s*syntax\s*=", re.IGNORECASE | re.MULTILINE),
    (rb"\x00+(?:ab|cd){2,5}$", 0),
    (r"[^\W\d]\w*(?<!_)", re.ASCII),
    (r"a(?=b)|c(?!d)|(e)?f(?(1)g|h)", re.VERBOSE | re.DOTALL),
)
COMPILED = tuple(re.compile(text, flags) for text, flags in PATTERNS)
