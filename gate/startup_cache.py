"""Start-up work kept between runs of gate in its own process, as the interpreter keeps byte code.

A one-file call in its own process spends about a third of its time compiling the same texts
every run: the methods `@dataclass` writes (~720 small functions, each compiled by `exec` from
source) and the regular expressions modules compile at import (~220). The compiled forms are
kept in one file beside gate's byte code, `gate/__pycache__/startup.<cache tag>.bin`, and used
instead of compiling again. The result is the same object the compile would give:

- a dataclass method: `exec(text, globals, ns)` in `dataclasses` compiles `text` with no future
  flags (dataclasses.py has none) at the interpreter's optimisation level; the kept code object
  is that compile's, marshalled, for the same text, interpreter build and level;
- a regular expression: the arguments `re` gives `_sre.compile` for that pattern and flags, kept
  only when `_sre.compile` with them gave a pattern equal to `re`'s own (flags, code, groups and
  group names) and the parse gave no warning.

Only what is compiled while a module is being imported is kept (the code's own texts: never
anything read from an input), within MAX_ENTRIES. Whoever may write gate's `__pycache__` may
already replace its byte code, so the file is trusted as that is; an unreadable, foreign
(other interpreter or level) or malformed file is ignored. A run that compiled something the file
lacks rewrites it at exit (whole, then renamed over the old), when it can; GATE_NO_CACHE=1 turns
this off, as it does the policy cache. Installed only for a call run in its own process (the
`gate` command's in-process path): a resident process compiles everything once anyway.
"""

from __future__ import annotations

import contextlib
import dataclasses
import marshal
import os
import re  # noqa: F401  (re._compiler, whose compile is replaced, is loaded with it)
import sys
from typing import Any

FORMAT = 1
MAX_BYTES = 16 * 1024 * 1024
MAX_ENTRIES = 8192  # of each kind; more found in one file: it starts over with this run's
_DEBUG = 128  # re.DEBUG: prints while compiling, never kept
_CodeType = type(compile("", "", "exec"))


def default_path() -> str | None:
    tag = sys.implementation.cache_tag
    if tag is None or sys.pycache_prefix is not None:
        return None  # no byte-code cache beside the sources: no start-up cache either
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "__pycache__",
                        f"startup.{tag}.bin")  # fmt: skip


def _header() -> str:
    _sre = sys.modules["_sre"]  # re's engine (no stub to import it by name)
    return f"gate-startup {FORMAT}\0{sys.version}\0{_sre.MAGIC}\0{sys.flags.optimize}"


class _Cache:
    def __init__(self, path: str) -> None:
        self.path = path
        self.pid = os.getpid()
        self.codes: dict[str, Any] = {}
        self.patterns: dict[tuple[str | bytes, int], Any] = {}
        self.new_codes: dict[str, Any] = {}
        self.new_patterns: dict[tuple[str | bytes, int], Any] = {}

    def load(self) -> None:
        try:
            with open(self.path, "rb") as handle:
                data = handle.read(MAX_BYTES + 1)
            if len(data) > MAX_BYTES:
                return
            header, codes, patterns = marshal.loads(data)
        except Exception:  # unreadable, or not a cache this code wrote: compile as before
            return
        if header == _header() and type(codes) is dict and type(patterns) is dict:
            self.codes, self.patterns = codes, patterns

    def save(self) -> None:
        """At exit: rewrite the file when this run compiled what it lacks. Never raises, never
        prints: a cache may not change a run's output or status."""
        try:
            if os.getpid() != self.pid or not (self.new_codes or self.new_patterns):
                return
            codes = {**self.codes, **self.new_codes}
            patterns = {**self.patterns, **self.new_patterns}
            if len(codes) > MAX_ENTRIES or len(patterns) > MAX_ENTRIES:
                codes, patterns = self.new_codes, self.new_patterns
            data = marshal.dumps((_header(), codes, patterns))
            if len(data) > MAX_BYTES:
                return
            with contextlib.suppress(FileExistsError):
                os.mkdir(os.path.dirname(self.path))
            temporary = f"{self.path}.{os.getpid()}"
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                os.replace(temporary, self.path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
                raise
        except BaseException:  # best effort: an exit handler's error would print
            return


def _importing() -> bool:
    """Whether the innermost module body running is one being imported (not the script's)."""
    frame = sys._getframe(2)
    while frame is not None:
        if frame.f_code.co_name == "<module>":
            return frame.f_globals.get("__name__") != "__main__"
        frame = frame.f_back  # type: ignore[assignment]
    return False


def _future_flags() -> int:
    """The compiler flags exec() passes on from the calling code (PyCF_MASK): the __future__
    features' flags, without nested_scopes' (a code flag of its own, not a compile flag)."""
    import __future__

    flags = 0
    for name in __future__.all_feature_names:
        flag = getattr(__future__, name).compiler_flag
        if flag > 0x10:
            flags |= flag
    return flags


_FUTURE_FLAGS = _future_flags()


def _make_exec(cache: _Cache) -> Any:
    real_exec = exec

    def cached_exec(source: Any, globals: Any = None, locals: Any = None, /) -> None:
        caller = sys._getframe(1)
        if globals is None:  # as exec itself: the caller's namespaces
            globals = caller.f_globals
            if locals is None:
                locals = caller.f_locals
        if type(source) not in (str, bytes):
            real_exec(source, globals, locals)  # compiled already: nothing is inherited
            return
        # exec(text) compiles with the caller's future flags (this module's must not leak in).
        flags = caller.f_code.co_flags & _FUTURE_FLAGS
        code = cache.codes.get(source) if flags == 0 and type(source) is str else None
        if type(code) is not _CodeType:
            code = compile(source, "<string>", "exec", flags, dont_inherit=True)
            keep = flags == 0 and type(source) is str and len(cache.new_codes) < MAX_ENTRIES
            if keep and _importing():
                cache.new_codes[source] = code
        real_exec(code, globals, locals)

    return cached_exec


def _sre_arguments(pattern: str | bytes, flags: int) -> tuple[Any, ...] | None:
    """What re._compiler.compile passes to _sre.compile after the pattern, as plain values; None
    when the parse warns (a kept pattern would not warn again)."""
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        parsed = sys.modules["re._parser"].parse(pattern, flags)
        code = sys.modules["re._compiler"]._code(parsed, flags)
    if caught:
        return None
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return (int(flags | parsed.state.flags), [int(c) for c in code], parsed.state.groups - 1,
            groupindex, tuple(indexgroup))  # fmt: skip


def _make_compile(cache: _Cache, real_compile: Any) -> Any:
    _sre = sys.modules["_sre"]

    def cached_compile(pattern: Any, flags: Any = 0) -> Any:
        plain = type(pattern) in (str, bytes) and type(flags) is int and not flags & _DEBUG
        if not plain:
            return real_compile(pattern, flags)
        key = (pattern, flags)
        kept = cache.patterns.get(key)
        if type(kept) is tuple:
            with contextlib.suppress(Exception):  # a malformed entry: compile as usual
                return _sre.compile(pattern, *kept)
        compiled = real_compile(pattern, flags)
        if len(cache.new_patterns) < MAX_ENTRIES and _importing():
            with contextlib.suppress(Exception):
                arguments = _sre_arguments(pattern, flags)
                again = None if arguments is None else _sre.compile(pattern, *arguments)
                # Pattern equality compares flags and code; the groups are checked here.
                if again == compiled and (again.groups, again.groupindex) == (
                    compiled.groups, compiled.groupindex,
                ):  # fmt: skip
                    cache.new_patterns[key] = arguments
        return compiled

    return cached_compile


def install(path: str | None = None) -> _Cache | None:
    """Use (and keep up to date) the start-up cache in this process; before gate is imported.
    Returns the cache in use (None: off)."""
    if os.environ.get("GATE_NO_CACHE"):
        return None
    where = path or default_path()
    if where is None:
        return None
    import atexit

    cache = _Cache(where)
    cache.load()
    # dataclasses looks `exec` up in its own globals first: this one is seen by it alone.
    dataclasses.exec = _make_exec(cache)  # type: ignore[attr-defined]
    compiler = sys.modules["re._compiler"]  # re's own (imported above); `re` calls it by name
    vars(compiler)["compile"] = _make_compile(cache, compiler.compile)
    atexit.register(cache.save)
    return cache
