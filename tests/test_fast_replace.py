"""fast_replace.replace gives what dataclasses.replace gives: the same fields, in the same order,
the same errors, and the same objects for classes it does not build itself."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import pytest

from gate.fast_replace import replace
from gate.frozen_init import fast_init
from gate.model import Command, Install, Location, Run, Word


@dataclass(frozen=True)
class Plain:
    a: int
    b: str = "b"
    c: tuple[int, ...] = ()


@fast_init
@dataclass(frozen=True)
class Faster:
    a: int
    b: str = "b"


@dataclass(frozen=True)
class NotInit:
    a: int
    d: list[int] = field(default_factory=list, init=False)


@dataclass(frozen=True)
class Post:
    a: int

    def __post_init__(self) -> None:
        object.__setattr__(self, "a", self.a + 1)


@dataclass(frozen=True, slots=True)
class Slotted:
    a: int
    b: str = "b"


@dataclass(frozen=True)
class Cached:
    a: int

    @cached_property
    def twice(self) -> int:
        return 2 * self.a


@dataclass
class Mutable:
    a: int
    b: str = "b"


def _same(old: Any, new: Any) -> None:
    assert type(old) is type(new)
    assert old == new
    if hasattr(old, "__dict__"):
        assert list(vars(old).items()) == list(vars(new).items())  # same fields, same order


@pytest.mark.parametrize(
    ("obj", "changes"),
    [
        (Plain(1), {"a": 2}),
        (Plain(1, "x", (3,)), {"c": (4,), "a": 5}),
        (Plain(1), {}),
        (Faster(1), {"b": "y"}),
        (NotInit(1), {"a": 2}),
        (Post(1), {"a": 5}),
        (Slotted(1), {"b": "z"}),
        (Mutable(1), {"a": 3}),
    ],
)
def test_a_replaced_object_is_the_one_dataclasses_replace_makes(
    obj: Any, changes: dict[str, Any]
) -> None:
    _same(dataclasses.replace(obj, **changes), replace(obj, **changes))


def test_a_value_kept_beside_the_fields_is_not_carried_over() -> None:
    obj = Cached(2)
    assert obj.twice == 4  # now held in the instance's __dict__
    new = replace(obj, a=5)
    _same(dataclasses.replace(obj, a=5), new)
    assert new.twice == 10


def test_a_replaced_object_stays_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        replace(Plain(1), a=2).a = 3  # type: ignore[misc]


@pytest.mark.parametrize(
    ("obj", "changes"),
    [(Plain(1), {"z": 1}), (NotInit(1), {"d": [1]})],
)
def test_a_change_dataclasses_replace_refuses_is_refused_alike(
    obj: Any, changes: dict[str, Any]
) -> None:
    with pytest.raises((TypeError, ValueError)) as expected:
        dataclasses.replace(obj, **changes)
    with pytest.raises(expected.type) as got:
        replace(obj, **changes)
    assert str(got.value) == str(expected.value)


def test_the_model_classes_replaced_per_command_come_out_as_before() -> None:
    location = Location("Dockerfile", 3, 4, stage="build")
    run = Run(location, ("/bin/sh", "-c"), False, (), "pip install x", {"A": "1"}, "/app")
    command = Command((Word("pip"), Word("install"), Word("x")), {}, text="pip install x")
    for obj, changes in [
        (location, {"line": 5}),
        (run, {"workdir": "/src", "env": {"B": None}}),
        (replace(run, user="app"), {"user": ""}),
        (command, {"argv": (Word("pip"),), "stdin_args": False}),
    ]:
        _same(dataclasses.replace(obj, **changes), replace(obj, **changes))
    install_fields = {f.name for f in dataclasses.fields(Install)}
    assert {"id", "fix", "location"} <= install_fields  # what walker.add and _place replace
