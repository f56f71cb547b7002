"""`dataclasses.replace`, with the same result, without its per-field work for plain classes.

`dataclasses.replace` asks `fields()` for the class, reads every field through `getattr` and
calls `__init__` with keyword arguments: for an Install (some thirty fields) that was about
450 bytecodes a call, and judging a file replaces a few dozen runs, installs and locations.
For a plain frozen dataclass (its own generated `__init__`, no `__post_init__`, every field
an `__init__` parameter, no slots) that `__init__` only stores each value in the instance's
`__dict__`: the new instance is built so here, from the old one's field values and the
changes. Any other class, and any call `dataclasses.replace` would refuse (a name that is no
field), goes to `dataclasses.replace` itself, so results and errors are its own.
"""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

T = TypeVar("T")

# Per class: its field names when the fast path applies, else None. Classes only (never
# instances or values): what a run learns of its classes, not of its inputs.
_OBJECT_NEW: object = object.__new__
_PLANS: dict[type, tuple[tuple[str, ...], frozenset[str]] | None] = {}


def _plan(cls: type) -> tuple[tuple[str, ...], frozenset[str]] | None:
    own = cls.__dict__
    params = own.get("__dataclass_params__")
    init = own.get("__init__")
    if params is None or not params.frozen or not params.init or init is None:
        return None
    code = getattr(init, "__code__", None)
    # The dataclass's own __init__ (gate/frozen_init.py's or the generated one), not one
    # written in the class body, which dataclass() keeps.
    if code is None or not code.co_filename.startswith(("<string>", "<fast_init ")):
        return None
    if hasattr(cls, "__post_init__") or "__slots__" in own:
        return None
    if cls.__new__ is not _OBJECT_NEW:
        return None  # a class that makes its instances itself
    declared = own["__dataclass_fields__"]
    fields = dataclasses.fields(cls)
    if len(fields) != len(declared) or any(not f.init for f in fields):
        return None  # an InitVar or ClassVar pseudo-field, or a field __init__ does not take
    names = tuple(f.name for f in fields)
    return names, frozenset(names)


def replace(obj: T, /, **changes: Any) -> T:
    """`dataclasses.replace(obj, **changes)`."""
    cls = type(obj)
    try:
        plan = _PLANS[cls]
    except KeyError:
        plan = _PLANS[cls] = _plan(cls)
    if plan is None or not plan[1].issuperset(changes):
        return dataclasses.replace(obj, **changes)  # type: ignore[type-var]
    old = obj.__dict__
    if tuple(old) != plan[0]:
        # Not as __init__ leaves it (its fields, each set, in order, and nothing else).
        return dataclasses.replace(obj, **changes)  # type: ignore[type-var]
    new = object.__new__(cls)
    values = new.__dict__
    values.update(old)
    values.update(changes)  # in place: the order stays that of the fields
    return new
