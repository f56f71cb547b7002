"""The faster __init__ of frozen dataclasses builds the same objects as the generated one."""

from __future__ import annotations

import dataclasses
import importlib
import pickle
import subprocess
import sys
from dataclasses import dataclass, field
from typing import Any

import pytest

from gate.frozen_init import HOT, fast_init


def _kinds() -> tuple[type, type, type]:
    @dataclass(frozen=True)
    class Plain:
        a: int
        b: str = "b"
        c: list[int] = field(default_factory=list)
        d: int = field(default=4, init=False)
        e: dict[str, int] = field(default_factory=dict, init=False)
        f: Any = field(default=None, compare=False, repr=False)

    @dataclass(frozen=True, slots=True)
    class Slotted:
        value: str
        known: bool = True
        parts: tuple[str, ...] = ()

    @dataclass(frozen=True)
    class Post:
        a: int

        def __post_init__(self) -> None:
            object.__setattr__(self, "a", self.a + 1)

    return Plain, Slotted, Post


CALLS: list[tuple[tuple[Any, ...], dict[str, Any]]] = [
    ((1,), {}),
    ((1, "x"), {}),
    ((1, "x", [2]), {}),
    ((), {"a": 1, "c": [3]}),
    ((1,), {"f": object}),
]


@pytest.mark.parametrize(("args", "kwargs"), CALLS)
def test_an_object_built_faster_equals_the_one_the_generated_init_builds(
    args: tuple[Any, ...], kwargs: dict[str, Any]
) -> None:
    generated, _, _ = _kinds()
    faster, _, _ = _kinds()
    fast_init(faster)
    old, new = generated(*args, **kwargs), faster(*args, **kwargs)
    assert vars(old) == vars(new)
    assert list(vars(old)) == list(vars(new))  # same field order
    assert new.c is not faster(1).c  # a default factory is called for each object
    with pytest.raises(dataclasses.FrozenInstanceError):
        new.a = 2
    assert dataclasses.replace(new, a=7).a == 7


@fast_init
@dataclass(frozen=True)
class Pickled:
    a: int
    b: tuple[str, ...] = ()


def test_an_object_built_faster_pickles_as_before() -> None:
    built = Pickled(1, ("x",))
    assert pickle.loads(pickle.dumps(built)) == built


def test_a_slotted_class_is_built_through_its_slots() -> None:
    _, generated, _ = _kinds()
    _, faster, _ = _kinds()
    fast_init(faster)
    for args in (("v",), ("v", False), ("v", False, ("a",))):
        assert repr(faster(*args)).split("(", 1)[1] == repr(generated(*args)).split("(", 1)[1]
    assert faster(value="q", known=False).known is False
    with pytest.raises(dataclasses.FrozenInstanceError):
        faster("v").value = "w"


def test_wrong_calls_fail_as_they_did() -> None:
    faster, _, _ = _kinds()
    fast_init(faster)
    with pytest.raises(TypeError, match="missing 1 required positional argument: 'a'"):
        faster()
    with pytest.raises(TypeError, match="multiple values for argument 'a'"):
        faster(1, a=2)
    with pytest.raises(TypeError, match="unexpected keyword argument 'd'"):
        faster(1, d=2)


def test_a_class_with_post_init_keeps_its_generated_init() -> None:
    _, _, post = _kinds()
    before = vars(post)["__init__"]
    fast_init(post)
    assert vars(post)["__init__"] is before and post(1).a == 2


def test_every_hot_class_is_a_frozen_dataclass_that_gets_the_faster_init() -> None:
    code = (
        "import importlib; from gate.frozen_init import HOT, speed_up; speed_up(); "
        "print(all(getattr(importlib.import_module(m), c).__init__.__code__.co_filename"
        ".startswith('<fast_init') for m, cs in HOT for c in cs))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "True"
    for module, classes in HOT:
        for name in classes:
            cls = getattr(importlib.import_module(module), name)
            assert isinstance(cls, type) and dataclasses.is_dataclass(cls)
            assert vars(cls)["__dataclass_params__"].frozen
