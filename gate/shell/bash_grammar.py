"""The tree-sitter-bash grammar, loaded without running the package's ``__init__``.

``tree_sitter_bash/__init__.py`` imports ``importlib.resources`` for its highlight queries, which
gate never reads, and with it tempfile, random and shutil (zlib, bz2, lzma): several
milliseconds of every one-file call. gate needs only the compiled binding; it is loaded on its
own, through the import system's finders, and by the ordinary import when that fails.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import sys
from types import ModuleType

_BINDING = "tree_sitter_bash._binding"


def language() -> object:
    """The grammar's language pointer, as ``tree_sitter_bash.language()`` gives it."""
    try:
        binding = _binding()
    except (ImportError, OSError):
        import tree_sitter_bash

        return tree_sitter_bash.language()
    return binding.language()


def _binding() -> ModuleType:
    loaded = sys.modules.get(_BINDING)
    if loaded is not None:
        return loaded
    package = importlib.util.find_spec("tree_sitter_bash")  # a top-level spec runs no code
    locations = None if package is None else package.submodule_search_locations
    if not locations:
        raise ImportError("tree_sitter_bash is not a package on the path")
    spec = importlib.machinery.PathFinder.find_spec(_BINDING, list(locations))
    if spec is None or not isinstance(spec.loader, importlib.machinery.ExtensionFileLoader):
        raise ImportError(f"no compiled {_BINDING}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    sys.modules[_BINDING] = module
    return module
