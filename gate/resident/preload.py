"""What the resident process imports once, so that each forked child starts warm.

Every gate module a judging command may need, except the webhook's (its own long-running
server). One exception among the libraries: `dockerfile` (BuildKit's parser) is a Go library,
and the Go runtime starts threads as soon as it is loaded; a fork keeps only the forking thread,
so a Go runtime forked after loading may deadlock. The resident process therefore holds a
stand-in module that loads the real one on first use, which happens in the child.
"""

from __future__ import annotations

import importlib
import os
import sys
import types
from typing import Any

DEFERRED = ("dockerfile",)  # libraries that start threads when loaded (see above)
SKIPPED = ("gate.webhook", "gate.resident", "gate.__main__")


class DeferredModule(types.ModuleType):
    """Stands in for a module until an attribute is asked for, then becomes (a copy of) it."""

    def __getattr__(self, attribute: str) -> Any:
        if attribute.startswith("__"):
            raise AttributeError(attribute)
        if sys.modules.get(self.__name__) is self:
            del sys.modules[self.__name__]
        from gate.sources.buildkit import load_quietly  # its threads must not take our signals

        real = load_quietly(self.__name__)
        self.__dict__.update({k: v for k, v in vars(real).items() if not k.startswith("__")})
        return getattr(real, attribute)


def gate_modules(package_dir: str) -> list[str]:
    """Every module of the gate package, as dotted names, in a stable order."""
    names: list[str] = []
    for folder, dirs, files in os.walk(package_dir):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        relative = os.path.relpath(folder, os.path.dirname(package_dir))
        prefix = relative.replace(os.sep, ".")
        if "__init__.py" not in files:
            dirs[:] = []
            continue
        for name in sorted(files):
            if name.endswith(".py"):
                module = prefix if name == "__init__.py" else f"{prefix}.{name[:-3]}"
                names.append(module)
    return [n for n in names if not n.startswith(SKIPPED)]


def preload(package_dir: str) -> None:
    for name in DEFERRED:
        sys.modules.setdefault(name, DeferredModule(name))
    for module in gate_modules(package_dir):
        importlib.import_module(module)
    import tomllib  # noqa: F401  (config discovery in a project: its regexes compile at import)

    import regorus  # noqa: F401  (imported by the policy engine on first use)

    from gate.frozen_init import speed_up
    from gate.shell.posix import _parser

    _parser()  # the tree-sitter-bash parser, built on first use
    # Written once here, every served call (one file or many) builds its objects the faster way.
    speed_up()


def threads() -> int:
    """Threads of this process: must be 1 whenever the resident process forks."""
    return len(os.listdir("/proc/self/task"))
