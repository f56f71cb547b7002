"""Direct build scripts: `python setup.py <command>` and `easy_install` as install facts.

Both always run build code and nothing switches that off (research/tool-semantics.md §5):
`setup.py install/develop/build*/bdist*/sdist/egg_info/…` runs the project's setup.py, and its
`setup_requires`/`install_requires` are fetched and built by setuptools; easy_install (removed in
setuptools 80) builds every source it installs. Display-only invocations (`--help`,
`--help-commands`, `--version`, `--name`, … which distutils answers without running a command)
and housekeeping commands that build nothing (`clean`, `check`, …) are not facts, except that
`setuptools.setup()` fetches `setup_requires` before it reads the command line, with
`python -m pip wheel --no-deps` (setuptools/installer.py): where the setup.py or setup.cfg gate
read names setup_requires, such a run is that pip wheel, judged by pip's settings (measured:
`python setup.py --version` with `setup_requires=["evil"]` ran evil's setup.py under setuptools
65.5 and 84.2; with PIP_ONLY_BINARY=:all: it did not).
"""

from __future__ import annotations

import posixpath
import re
import shlex
from dataclasses import replace

from gate.facts.context import FactContext, ToolCall, install_fact
from gate.facts.optscan import Opt, Scanner, has
from gate.facts.programs import program_name
from gate.facts.target_kind import requirement_of
from gate.model import Install, Requirement, Unknown, Word

TOOLS: tuple[str, ...] = ("setuptools", "easy_install")

# distutils Distribution.display_options: print metadata and exit without running commands.
_DISPLAY = frozenset(
    {
        "--help",
        "-h",
        "--help-commands",
        "--name",
        "--version",
        "-V",
        "--fullname",
        "--author",
        "--author-email",
        "--maintainer",
        "--maintainer-email",
        "--contact",
        "--contact-email",
        "--url",
        "--license",
        "--licence",
        "--description",
        "--long-description",
        "--platforms",
        "--classifiers",
        "--keywords",
        "--provides",
        "--requires",
        "--obsoletes",
    }
)
# Commands that neither build nor install anything.
_HARMLESS = frozenset(
    {"clean", "check", "register", "upload", "upload_docs", "saveopts", "setopt", "alias", "rotate"}
)
# Global and common command options that take a value (`--command-packages x`, `--prefix /usr`).
_SETUP_VALUES = frozenset(
    {
        "--command-packages",
        "--prefix",
        "--root",
        "--home",
        "--install-lib",
        "--install-scripts",
        "--install-data",
        "--install-headers",
        "--install-base",
        "--install-platbase",
        "--install-purelib",
        "--install-platlib",
        "--record",
        "--build-base",
        "-b",
        "--build-lib",
        "--build-temp",
        "-t",
        "--dist-dir",
        "-d",
        "--formats",
        "--plat-name",
        "-p",
        "--python-tag",
        "--egg-base",
        "-e",
        "--install-dir",
        "--script-dir",
        "-s",
        "--include-dirs",
        "-I",
        "--library-dirs",
        "-L",
        "--libraries",
        "-l",
        "--define",
        "-D",
        "--compiler",
        "-c",
        "--optimize",
        "-O",
        "--tag-build",
        "--owner",
        "--group",
        "-u",
        "-g",
    }
)
_EASY_INSTALL_VALUES = frozenset(
    {
        "-d",
        "--install-dir",
        "-s",
        "--script-dir",
        "-f",
        "--find-links",
        "-i",
        "--index-url",
        "-b",
        "--build-directory",
        "-H",
        "--allow-hosts",
        "-O",
        "--optimize",
        "-S",
        "--site-dirs",
        "--record",
        "--prefix",
    }
)
_COMMAND_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
SETUP_FIX = (
    "build the wheel in a trusted step outside the image build (`pip wheel --no-deps -w dist .`), "
    "copy it in and install it with `pip install --only-binary :all: dist/*.whl`"
)


def _setup_takes_value(name: str) -> bool:
    return name in _SETUP_VALUES


def _easy_takes_value(name: str) -> bool:
    return name in _EASY_INSTALL_VALUES


def _setup_dir(call: ToolCall, ctx: FactContext) -> str:
    for word in call.command.argv:
        if program_name(word.value) == "setup.py":
            return posixpath.dirname(ctx.resolve(word.value)) or "/"
    return ctx.workdir


def _install(
    call: ToolCall,
    ctx: FactContext,
    tool: str,
    command: str,
    requirements: tuple[Requirement, ...],
    unknowns: list[Unknown],
    fix: str,
    *,
    no_deps: bool = False,
) -> Install:
    return install_fact(
        call,
        ctx,
        tool,
        command,
        requirements=requirements,
        unknowns=unknowns,
        no_deps=no_deps,
        fix=fix,
    )


def _setup_py(call: ToolCall, ctx: FactContext) -> Install | None:
    scanner = Scanner(call.args)
    _, positionals = scanner.scan(0, _setup_takes_value, stop_at_positional=False)
    options: list[Opt] = scanner.options
    if has(options, *_DISPLAY):
        return _setup_requires(call, ctx)
    commands = [w.value for w in positionals if w.known and _COMMAND_NAME.fullmatch(w.value)]
    unknown_words = [w for w in positionals if not w.known or w.may_be_option]
    building = [c for c in commands if c not in _HARMLESS]
    if not building and not unknown_words:
        return _setup_requires(call, ctx)
    unknowns = list(scanner.unknowns)
    command = building[0] if building else "<unknown>"
    if not building:
        unknowns.append(Unknown("setup.py command has no known value", unknown_words[0].value))
    requirements = (Requirement("local", _setup_dir(call, ctx)),)
    return _install(
        call, ctx, "setuptools", f"setup.py {command}", requirements, unknowns, SETUP_FIX
    )


_MAX_SETUP = 1_000_000
# What setup() hands the fetch: `pip wheel --no-deps` of each setup_requires entry.
_FETCH = (Word("wheel"), Word("--no-deps"), Word("setup-requires"))


def _setup_requires(call: ToolCall, ctx: FactContext) -> Install | None:
    """The `pip wheel` that fetches setup_requires, where the project gate read names some."""
    directory = _setup_dir(call, ctx)
    for name in ("setup.py", "setup.cfg"):
        path = posixpath.join(directory, name)
        text = ctx.files.get(path)
        # Past the bound gate does not search, the file may name some.
        if text and (len(text) > _MAX_SETUP or "setup_requires" in text[:_MAX_SETUP]):
            break
    else:
        return None
    from gate.facts import pip  # pip's model, which imports this package's siblings

    spelling = " ".join(w.value for w in call.command.argv)
    fetch = pip.extract(ToolCall("pip", _FETCH, call.command, spelling, implied=len(_FETCH)), ctx)
    if fetch is None:
        return None
    what = Requirement("unknown", f"setup_requires of {path}", source=path)
    return replace(fetch, requirements=(what,))


def _easy_install(call: ToolCall, ctx: FactContext) -> Install | None:
    scanner = Scanner(call.args)
    _, positionals = scanner.scan(0, _easy_takes_value, stop_at_positional=False)
    options = scanner.options
    if has(options, "-h", "--help", "--help-commands", "--version", "-V"):
        return None
    editable = has(options, "-e", "--editable")
    requirements = [requirement_of(w, editable=editable) for w in positionals]
    if call.command.stdin_args:
        requirements.append(Requirement("unknown", "<stdin>"))
    targets = " ".join(shlex.quote(w.value) if w.known else w.value for w in positionals)
    fix = f"pip install --only-binary :all: {targets}".rstrip()
    return _install(
        call,
        ctx,
        "easy_install",
        "install",
        tuple(requirements),
        list(scanner.unknowns),
        fix,
        no_deps=has(options, "-N", "--no-deps"),
    )


def extract(call: ToolCall, ctx: FactContext) -> Install | None:
    """The Install fact for `setup.py <command>` or `easy_install …`; None for display-only runs."""
    if call.tool == "setuptools":
        return _setup_py(call, ctx)
    return _easy_install(call, ctx)
