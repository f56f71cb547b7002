"""Object keys that Go's encoding/json reads as a struct field spelled otherwise.

Docker, containerd and BuildKit decode image configs, manifests, indexes and ``docker save``'s
manifest.json with Go's encoding/json, which assigns a key to a field whose name it matches
without regard to case (``bytes.EqualFold``: ``onbuild``, ``ONBUILD`` and ``OnBuild`` are one
field; so are U+017F (long s) and ``s``, U+212A (Kelvin sign) and ``k``), the last such key in
the object winning.
gate reads the exact names, so ``{"OnBuild": [], "onbuild": ["RUN pip install x"]}`` gave a child
build a trigger gate never saw, and ``{"Config": "a.json", "config": "b.json"}`` made
``docker load`` read another config than the one judged. Readers refuse such an object rather
than guess which spelling a tool took. Only the fields a reader uses are checked, and only in
objects Go decodes as structs: a map's keys (labels, annotations) keep their case.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

# The only runes whose simple case mapping reaches an ASCII letter: Go's fold (ToUpper of
# ToLower) takes them to these, so they spell an ASCII field name too.
_TO_ASCII = {"\u017f": "S", "\u212a": "K", "\u0131": "I", "\u0130": "I"}


def go_fold(name: str) -> str:
    """`name` as Go's JSON decoder compares field names: ASCII upper-cased; other runes kept,
    except those four, since no other one can equal an ASCII field name."""
    return "".join(_TO_ASCII.get(c, c) if c >= "\x80" else c.upper() for c in name)


def misspelled_field(obj: Mapping[str, object], fields: Iterable[str]) -> tuple[str, str] | None:
    """(key, field) for a key of `obj` that Go assigns to `field` though it is not spelled as
    `field`; None when every key that reaches one of `fields` is spelled exactly."""
    wanted = {go_fold(field): field for field in fields}
    for key in obj:
        if not isinstance(key, str) or key in wanted.values():
            continue
        field = wanted.get(go_fold(key))
        if field is not None:
            return key, field
    return None


def spelling_problem(key: str, field: str, where: str) -> str:
    """One line saying why the object is refused."""
    return (
        f"{where} holds the key {key[:60]!r}, which Docker's Go JSON decoder reads as "
        f"{field!r} (it matches names without case); write it as {field!r} only"
    )
