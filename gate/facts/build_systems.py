"""Build systems that run commands their own files name: CMake (`execute_process` while it
configures, `add_custom_command`/`add_custom_target` while it builds, a `-P` script), Ninja
(a rule's `command =`), Meson (`run_command`, `custom_target`) and SCons (an SConstruct is Python).

gate does not read their languages. Where a file the run reads holds an install command (the
same token test as a task runner's recipes), the command that runs the build system is
`unknown`; before (atk24, 2026-12-08) `RUN cmake .` over a CMakeLists.txt with
`execute_process(COMMAND pip install evil)` gave no finding. The files are found as each tool
finds them: CMake's source folder (`-S`, an operand, else the working folder) and the
CMakeLists.txt and `*.cmake` files beneath it; Ninja's `-f` file (`build.ninja`) in `-C`'s
folder and the `*.ninja` files beside it; Meson's source folder (`meson setup BUILD [SRC]`) and
the meson.build files beneath it; SCons's `-f` file or SConstruct (in `-C`'s folder) and the
SConscript files beneath it.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Mapping
from typing import NamedTuple

from gate.facts.mentions import TOKEN, runs_installer
from gate.facts.programs import program_name
from gate.facts.runnable_text import runnable
from gate.model import Command

# Files looked through per command, and characters of them: a tree past these is `unknown`.
_MAX_FILES = 512
_MAX_CHARS = 4_000_000
# Meson's subcommands but `setup` (`meson BUILD` alone is the old spelling of setup).
_MESON_OTHER = frozenset(
    {"configure", "compile", "test", "install", "dist", "introspect", "init", "wrap"}
    | {"subprojects", "rewrite", "devenv", "env2mfile", "help"}
)
_QUIET = frozenset({"-h", "--help", "--version", "-version", "-n", "--dry-run", "--just-print"})


def _operands(words: list[str], valued: frozenset[str]) -> tuple[dict[str, str], list[str]]:
    """Options with a value (`-C DIR`, `-CDIR`, `--file=F`) and the operands, in the usual
    getopt manner; flags take no value."""
    options: dict[str, str] = {}
    operands: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        if word.startswith("--") and "=" in word:
            name, _, value = word.partition("=")
            options[name] = value
        elif word in valued and i + 1 < len(words):
            options[word] = words[i + 1]
            i += 1
        elif word[:2] in valued and len(word) > 2 and not word.startswith("--"):
            options[word[:2]] = word[2:]
        elif not word.startswith("-"):
            operands.append(word)
        i += 1
    return options, operands


def _cmake(words: list[str], cwd: str) -> tuple[list[str], Callable[[str], bool]]:
    options, operands = _operands(words, frozenset({"-S", "-B", "-P", "-G", "-D", "-C", "-T"}))
    if "-P" in options:
        return [posixpath.join(cwd, options["-P"])], lambda _: False
    if "--build" in words or "--install" in words or "-E" in words:
        return [], lambda _: False  # a build folder's rules come from its configure step
    source = options.get("-S") or (operands[0] if operands else ".")
    root = posixpath.normpath(posixpath.join(cwd, source))
    return (
        [posixpath.join(root, "CMakeLists.txt")],
        lambda p: (
            _beneath(p, root)
            and (p.endswith(".cmake") or posixpath.basename(p) == "CMakeLists.txt")
        ),
    )


def _ninja(words: list[str], cwd: str) -> tuple[list[str], Callable[[str], bool]]:
    options, _ = _operands(words, frozenset({"-C", "-f", "-j", "-k", "-l", "-d", "-t", "-w"}))
    if "-t" in options:
        return [], lambda _: False  # a tool (`-t clean`, `-t targets`) runs no rule
    root = posixpath.normpath(posixpath.join(cwd, options.get("-C", ".")))
    main = posixpath.join(root, options.get("-f", "build.ninja"))
    return [main], lambda p: posixpath.dirname(p) == root and p.endswith(".ninja")


def _meson(words: list[str], cwd: str) -> tuple[list[str], Callable[[str], bool]]:
    _, operands = _operands(words, frozenset({"-C", "-D", "--backend", "--buildtype"}))
    if operands and operands[0] == "setup":
        operands = operands[1:]
    elif operands and operands[0] in _MESON_OTHER:
        return [], lambda _: False  # runs what a configured build folder holds, or no build
    source = operands[1] if len(operands) > 1 else "."
    root = posixpath.normpath(posixpath.join(cwd, source))
    return (
        [posixpath.join(root, "meson.build")],
        lambda p: (
            _beneath(p, root)
            and (posixpath.basename(p) in ("meson.build", "meson.options", "meson_options.txt"))
        ),
    )


def _scons(words: list[str], cwd: str) -> tuple[list[str], Callable[[str], bool]]:
    options, _ = _operands(
        words, frozenset({"-C", "-f", "--file", "--makefile", "--sconstruct", "-j", "-Y"})
    )
    root = posixpath.normpath(posixpath.join(cwd, options.get("-C", ".")))
    given = options.get("-f") or options.get("--file") or options.get("--sconstruct")
    names = [given] if given else ["SConstruct", "Sconstruct", "sconstruct", "SConstruct.py"]
    return [
        posixpath.join(root, n) for n in names
    ], lambda p: _beneath(p, root) and (posixpath.basename(p) in ("SConscript", "SConscript.py"))


def _beneath(path: str, root: str) -> bool:
    return path.startswith(root.rstrip("/") + "/")


class _Tree(NamedTuple):
    """A build tool that reads files of given names beneath its project folder."""

    folder_options: frozenset[str]  # options naming the project folder (`-C`, `-p`)
    names: frozenset[str]  # file names it reads there
    suffixes: tuple[str, ...]  # and file name endings
    verbs: frozenset[str] | None  # the first operands that run the build (None: any)


_TREES: dict[str, _Tree] = {
    # Rake's tasks are Ruby (`sh "pip install …"`); rakelib/*.rake are loaded too.
    "rake": _Tree(frozenset({"-C", "--directory"}), frozenset({"Rakefile", "rakefile"}),
                  (".rake",), None),
    # Gradle's and Maven's builds run an Exec task / exec-maven-plugin's executable.
    "gradle": _Tree(frozenset({"-p", "--project-dir"}), frozenset(), (".gradle", ".gradle.kts"),
                    None),
    "mvn": _Tree(frozenset(), frozenset({"pom.xml"}), (), None),
    # Bazel's genrules and run targets run shell commands while it builds.
    "bazel": _Tree(frozenset(), frozenset({"BUILD", "BUILD.bazel", "WORKSPACE", "MODULE.bazel"}),
                   (".bzl",), frozenset({"build", "run", "test", "coverage"})),
    # Cargo runs a package's build.rs (a Rust program) before it compiles it.
    "cargo": _Tree(frozenset(), frozenset({"build.rs"}), (),
                   frozenset({"build", "b", "run", "r", "test", "t", "check", "c", "bench",
                              "install", "doc", "d", "clippy"})),
}  # fmt: skip
_TREES["gradlew"] = _TREES["gradle"]
_TREES["mvnw"] = _TREES["mvn"]
_TREES["bazelisk"] = _TREES["bazel"]


def _tree(tree: _Tree) -> Callable[[list[str], str], tuple[list[str], Callable[[str], bool]]]:
    def read(words: list[str], cwd: str) -> tuple[list[str], Callable[[str], bool]]:
        options, operands = _operands(words, tree.folder_options)
        if tree.verbs is not None and not (operands and operands[0] in tree.verbs):
            return [], lambda _: False
        folder = next((options[o] for o in tree.folder_options if o in options), ".")
        root = posixpath.normpath(posixpath.join(cwd, folder))
        return [], lambda p: _beneath(p, root) and (
            p.rsplit("/", 1)[-1] in tree.names or p.endswith(tree.suffixes)
        )

    return read


def _ctest(words: list[str], cwd: str) -> tuple[list[str], Callable[[str], bool]]:
    options, _ = _operands(words, frozenset({"-S", "--script", "-SP", "-SR"}))
    script = options.get("-S") or options.get("--script")
    return ([posixpath.join(cwd, script)] if script else []), lambda _: False


_READERS: dict[str, Callable[[list[str], str], tuple[list[str], Callable[[str], bool]]]] = {
    "cmake": _cmake, "ninja": _ninja, "samu": _ninja, "meson": _meson, "scons": _scons,
    "ctest": _ctest, **{name: _tree(tree) for name, tree in _TREES.items()},
}  # fmt: skip
BUILD_SYSTEMS = frozenset(_READERS)


def runs_build_file_installer(
    command: Command, cwd: str, files: Mapping[str, str | None]
) -> str | None:
    """Why the build system `command` runs may run an install command gate does not follow,
    or None."""
    argv = command.argv
    if not argv or not argv[0].known:
        return None
    name = program_name(argv[0].value)
    reader = _READERS.get(name)
    if reader is None:
        return None
    words = [w.value for w in argv[1:] if w.known]
    if any(w in _QUIET for w in words):
        return None
    main, beside = reader(words, cwd)
    paths = [p for p in main if p in files]
    paths += sorted(p for p in files if p not in paths and beside(p))
    if len(paths) > _MAX_FILES:
        return f"{name} reads more build files than gate looks through"
    spent = 0
    for path in paths:
        text = files.get(path)
        if not isinstance(text, str):
            continue
        spent += len(text)
        if spent > _MAX_CHARS:
            return f"{name} reads more build-file text than gate looks through"
        if runs_installer(TOKEN.findall(runnable(path, text))):
            return f"{path}, which {name} reads, runs an install command the gate does not follow"
    return None
