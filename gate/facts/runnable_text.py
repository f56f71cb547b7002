"""What of a build file or configuration file can run: its comment lines, and the messages CMake
and Meson only print, left out.

build_systems and hook_configs look for an install command in the files a build tool or a later
apt/git reads. A CMakeLists.txt with `message(STATUS "docs: pip install sphinx")` or a comment
`# pip install -e .`, and a ~/.gitconfig with `# pip install pre-commit` under its aliases, ran no
installer, yet were `unknown` (atk25). Only whole lines whose first mark opens a comment are left
out, so a comment character inside a command (`sh -c "x # y"`) stays; a message whose arguments
call anything (Meson's `message(run_command(…).stdout())` runs it) stays too.
"""

from __future__ import annotations

import posixpath
import re

# A comment line's opening marks, per file kind (by name or ending).
_HASH = ("#",)
_SLASHES = ("//",)
_NAMES: dict[str, tuple[str, ...]] = {
    "CMakeLists.txt": _HASH,
    "build.ninja": _HASH,
    "meson.build": _HASH,
    "meson.options": _HASH,
    "meson_options.txt": _HASH,
    "Rakefile": _HASH,
    "rakefile": _HASH,
    "BUILD": _HASH,
    "BUILD.bazel": _HASH,
    "WORKSPACE": _HASH,
    "MODULE.bazel": _HASH,
    "build.rs": _SLASHES,
    ".gitconfig": ("#", ";"),
    "gitconfig": ("#", ";"),
    "config": ("#", ";"),  # .git/config, ~/.config/git/config
    "dpkg.cfg": _HASH,
    "apt.conf": ("#", "//"),
}
_ENDINGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (".cmake", _HASH),
    (".ninja", _HASH),
    (".rake", _HASH),
    (".bzl", _HASH),
    (".gradle", _SLASHES),
    (".gradle.kts", _SLASHES),
)
# Calls that only print their arguments.
_MESSAGES: dict[str, re.Pattern[str]] = {
    "cmake": re.compile(r"(?i)(?<![\w.])message\s*\("),
    "meson": re.compile(r"(?<![\w.])(?:message|warning|summary)\s*\("),
}
_MAX_MESSAGE = 65_536  # characters of one message's arguments read


def _marks(path: str) -> tuple[str, ...]:
    name = posixpath.basename(path)
    if name in _NAMES:
        return _NAMES[name]
    if "/apt.conf.d/" in path:
        return ("#", "//")
    if "/dpkg.cfg.d/" in path or "/hooks/" in path or name.startswith(("SConstruct", "SConscript")):
        return _HASH  # dpkg's options, git's hook scripts (shell), SCons (Python)
    return next((marks for ending, marks in _ENDINGS if name.endswith(ending)), ())


def _language(path: str) -> str | None:
    name = posixpath.basename(path)
    if name == "CMakeLists.txt" or name.endswith(".cmake"):
        return "cmake"
    if name in ("meson.build", "meson.options", "meson_options.txt"):
        return "meson"
    return None


def runnable(path: str, text: str) -> str:
    """`text` (the file at `path`) without its comment lines and print-only messages."""
    marks = _marks(path)
    if marks:
        kept: list[str] = []
        joined = False  # the line before goes on into this one (`$` in Ninja, `\` elsewhere)
        for line in text.split("\n"):
            if joined or not line.lstrip().startswith(marks):
                kept.append(line)
            joined = line.endswith(("$", "\\"))
        text = "\n".join(kept)
    language = _language(path)
    return _without_messages(_MESSAGES[language], text) if language else text


def _without_messages(pattern: re.Pattern[str], text: str) -> str:
    out: list[str] = []
    k = 0
    while (m := pattern.search(text, k)) is not None:
        end = _closing(text, m.end())
        if end is None:
            break  # unclosed, or it calls something: the rest is kept as it is
        out.append(text[k : m.start()])
        k = end
    out.append(text[k:])
    return "".join(out)


def _closing(text: str, k: int) -> int | None:
    """Past the `)` that closes a message opened before text[k]; None where another `(` opens
    first (outside quotes) or none closes within _MAX_MESSAGE."""
    limit = min(len(text), k + _MAX_MESSAGE)
    while k < limit:
        c = text[k]
        if c in "\"'":
            k += 1
            while k < limit and text[k] != c:
                k += 2 if text[k] == "\\" else 1
        elif c == "(":
            return None
        elif c == ")":
            return k + 1
        k += 1
    return None
