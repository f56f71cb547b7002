"""A faster `__init__` for frozen dataclasses, with the same parameters and the same result.

A frozen dataclass's generated `__init__` sets each field through `object.__setattr__` (its own
`__setattr__` refuses); judging one Dockerfile builds about 700 such objects (words, file writes,
commands, locations), and that call made a frozen object cost about three times a plain one.
The `__init__` written here stores the fields in the instance's `__dict__` directly (slotted
classes: through their slot descriptors), which is what `object.__setattr__` ends up doing. The
class stays a frozen dataclass: assignment after construction is refused as before, and
equality, hashing, `replace`, pickling and `fields` are untouched.

Only the plain case is rewritten: a class with `__post_init__`, init-only variables or
keyword-only fields keeps the generated `__init__`.
"""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

T = TypeVar("T", bound=type)

_FACTORY = object()  # a parameter left to its default factory


def fast_init(cls: T) -> T:
    """Give the frozen dataclass `cls` the faster `__init__` (see above); returns `cls`."""
    params = getattr(cls, "__dataclass_params__", None)
    if params is None or not params.frozen or hasattr(cls, "__post_init__"):
        return cls
    declared = vars(cls)["__dataclass_fields__"]
    fields = dataclasses.fields(cls)
    if len(fields) != len(declared) or any(f.kw_only for f in fields):
        return cls  # an InitVar or ClassVar pseudo-field, or keyword-only fields
    if any(f.name == "self" or f.name.startswith("_fi_") for f in fields):
        return cls  # a name the written function uses itself
    slotted = "__slots__" in cls.__dict__
    names: dict[str, Any] = {"_fi_factory": _FACTORY}
    args: list[str] = []
    body: list[str] = [] if slotted else ["    _fi_dict = self.__dict__"]
    for k, f in enumerate(fields):
        value = f.name if f.init else f"_fi_v{k}"
        if f.init:
            if f.default is not dataclasses.MISSING:
                names[f"_fi_d{k}"] = f.default
                args.append(f"{f.name}=_fi_d{k}")
            elif f.default_factory is not dataclasses.MISSING:
                names[f"_fi_f{k}"] = f.default_factory
                args.append(f"{f.name}=_fi_factory")
                body.append(f"    if {f.name} is _fi_factory: {f.name} = _fi_f{k}()")
            else:
                args.append(f.name)
        elif f.default_factory is not dataclasses.MISSING:
            names[f"_fi_f{k}"] = f.default_factory
            body.append(f"    {value} = _fi_f{k}()")
        elif f.default is not dataclasses.MISSING and slotted:
            names[f"_fi_d{k}"] = f.default
            body.append(f"    {value} = _fi_d{k}")
        else:
            # Not set, as the generated __init__ does: the class attribute is the default.
            continue
        if slotted:
            names[f"_fi_s{k}"] = cls.__dict__[f.name].__set__
            body.append(f"    _fi_s{k}(self, {value})")
        else:
            body.append(f"    _fi_dict[{f.name!r}] = {value}")
    source = f"def __init__(self, {', '.join(args)}) -> None:\n" + "\n".join(body or ["    pass"])
    scope: dict[str, Any] = {}
    exec(compile(source + "\n", f"<fast_init {cls.__qualname__}>", "exec"), names, scope)
    init = scope["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    type.__setattr__(cls, "__init__", init)
    return cls


# The frozen dataclasses judging builds most often (over 1,000 of each for the 261 real files).
# Then those made some 500 to 6,000 times (one per command, pip call, finding, ...).
HOT: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("gate.model", ("FileWrite", "Word", "Deferred", "Command", "Location", "Run", "Install",
                    "Script", "ShellRun", "Mention", "Requirement", "Homes", "Finding", "Span",
                    "Unread", "BinaryPolicy", "Redirect")),
    ("gate.shell.state", ("Activation",)),
    ("gate.shell.startup", ("Startup",)),
    ("gate.source_words", ("Span",)),
    ("gate.facts.uv_args", ("UvArgs",)),
    ("gate.facts.line_match", ("_Class",)),
    ("gate.facts.sed_template", ("Sed",)),
    ("gate.shell.expand", ("Field",)),
    ("gate.shell.wrappers", ("Peeled",)),
    ("gate.shell.context", ("Shell",)),
    ("gate.shell.here_text", ("Printed",)),
    ("gate.facts.context", ("FactContext", "ToolCall")),
    ("gate.facts.optscan", ("Opt",)),
    ("gate.facts.mentions", ("Accounted", "_Outcome")),
    ("gate.facts.file_edits", ("Edits",)),
    ("gate.facts.pip_args", ("PipArgs",)),
    ("gate.facts.pip_options", ("Resolved",)),
    ("gate.facts.own_project", ("Judged",)),
    ("gate.sources.dockerfile_text", ("Instr",)),
    ("gate.sources.dockerfile_files", ("FileSteps",)),
    ("gate.sources.docker_words", ("Expansion",)),
    ("gate.argscan", ("Token", "Spec", "Table")),
)  # fmt: skip

_done = False


def speed_up() -> None:
    """`fast_init` for the HOT classes, once per process. Writing the functions costs a few ms,
    which a run of many files wins back many times over and one file does not: callers ask
    for it when they have many inputs."""
    import importlib

    global _done
    if _done:
        return
    _done = True
    for module, classes in HOT:
        namespace = vars(importlib.import_module(module))
        for name in classes:
            fast_init(namespace[name])
