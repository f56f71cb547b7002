"""Poetry commands as install facts (Poetry >= 2.0 is assumed: 1.x has no only-binary setting).

- `install` / `sync` / `bundle venv` build locked sdists unless `installer.only-binary` contains
  `:all:` (see poetry_config for where that comes from) and no `installer.no-binary` names a
  package: from Poetry 2.2 an exact name in no-binary beats `:all:` in only-binary (chooser.py).
- `add`, `update`, `remove`, `lock`, `self add/install/update/lock/remove/sync`,
  `debug resolve`, and `install` / `sync` / `export` of a project with no poetry.lock resolve
  dependencies (poetry-plugin-export calls `lock` first: "The lock file does not exist. Locking."),
  and resolution prepares sdist metadata with the build backend whatever only-binary says (docs:
  the setting "is not taken into consideration when a lockfile is generated or dependencies are
  resolved"). They are facts with resolves=True.
- `poetry run CMD` runs CMD (an inner command); `poetry config installer.only-binary …` writes a
  config file later commands read (file_effects).
Cleo matches command names exactly (no abbreviations); global options may come anywhere before
the command's own arguments (Poetry re-sorts them with argparse).
"""

from __future__ import annotations

import posixpath
import shlex
from collections.abc import Mapping
from dataclasses import replace

from gate.build_files import Files
from gate.facts import lock_export, manifest_refs, poetry_config, unreadable
from gate.facts.context import FactContext, ToolCall, install_fact, output_file
from gate.facts.optscan import Opt, Scanner, has, values
from gate.facts.target_kind import requirement_of
from gate.model import BinaryPolicy, Env, Install, LockExport, Requirement, Unknown, Unread, Word

TOOLS: tuple[str, ...] = ("poetry",)

# Options (global and per command) that take a value.
_VALUE_OPTIONS = frozenset(
    {
        "--project",
        "-P",
        "--directory",
        "-C",
        "--group",
        "-G",
        "--extras",
        "-E",
        "--optional",
        "--python",
        "--platform",
        "--markers",
        "--source",
        "--with",
        "--without",
        "--only",
        "--name",
        "--description",
        "--author",
        "--license",
        "-l",
        "--dependency",
        "--dev-dependency",
        "--readme",
        "--src",
        "--output",
        "-o",
        "--format",
        "-f",
    }
)
_NAMESPACES = frozenset({"self", "debug", "env", "cache", "python", "source", "bundle"})
# `bundle venv` (poetry-plugin-bundle) installs the locked dependencies with Poetry's installer.
_INSTALLS = frozenset({"install", "sync", "bundle venv"})
_RESOLVES = frozenset(
    {
        "add",
        "update",
        "remove",
        "lock",
        "self add",
        "self install",
        "self update",
        "self lock",
        "self remove",
        "self sync",
        "debug resolve",
    }
)
_ADDS = frozenset({"add", "self add"})
RESOLUTION_FIX = (
    "run `poetry lock` outside the image build, commit poetry.lock, and install with "
    "`POETRY_INSTALLER_ONLY_BINARY=:all: poetry install`"
)


def _takes_value(name: str) -> bool:
    return name in _VALUE_OPTIONS


class _Parsed:
    """A poetry invocation: the command name, its options and positionals."""

    def __init__(self, args: tuple[Word, ...]) -> None:
        scanner = Scanner(args)
        i, _ = scanner.scan(0, _takes_value, stop_at_positional=True)
        self.command = ""
        self.command_known = True
        self.rest_start = len(args)
        if i < len(args):
            first = args[i]
            self.command, self.command_known, i = first.value, first.known, i + 1
            if first.known and first.value in _NAMESPACES:
                j, _ = scanner.scan(i, _takes_value, stop_at_positional=True)
                if j < len(args):
                    second = args[j]
                    self.command = f"{first.value} {second.value}"
                    self.command_known = second.known
                    i = j + 1
        self.rest_start = i
        if self.command == "run":
            # Options before the command to run are Poetry's; the rest belongs to the command.
            end, _ = scanner.scan(i, _takes_value, stop_at_positional=True)
            self.positionals: tuple[Word, ...] = ()
            self.trailing = args[end:]
        else:
            _, positionals = scanner.scan(i, _takes_value, stop_at_positional=False)
            self.positionals = tuple(positionals)
            self.trailing = ()
        self.options: tuple[Opt, ...] = tuple(scanner.options)
        self.unknowns = tuple(scanner.unknowns)

    def shows_help(self) -> bool:
        return has(self.options, "-h", "--help", "-V", "--version")

    def last(self, *names: str) -> Word | None:
        found = values(self.options, *names)
        return found[-1] if found else None


def _project_start(parsed: _Parsed, ctx: FactContext, unknowns: list[Unknown]) -> str:
    """Where Poetry looks for the project: --project under --directory under WORKDIR."""
    start = ctx.workdir
    for names in (("--directory", "-C"), ("--project", "-P")):
        word = parsed.last(*names)
        if word is None:
            continue
        if not word.known:
            unknowns.append(Unknown(f"value of {names[0]} has no known value", word.value))
        start = posixpath.normpath(posixpath.join(start, word.value))
    return start


def _policy(ctx: FactContext, env: Env, start: str, unknowns: list[Unknown]) -> BinaryPolicy:
    for name in ("POETRY_INSTALLER_ONLY_BINARY", "POETRY_INSTALLER_NO_BINARY", "POETRY_CONFIG_DIR"):
        if name in env and env[name] is None:
            unknowns.append(Unknown(f"{name} has no known value", f"{name}=?"))
    only = poetry_config.setting(ctx, env, start, poetry_config.ONLY_BINARY)
    no = poetry_config.setting(ctx, env, start, poetry_config.NO_BINARY)
    only_binary = tuple(sorted(set(only.packages), key=lambda p: (p != ":all:", p)))
    explicit_only = {p for p in only.packages if not poetry_config.is_reserved(p)}
    # An exact no-binary name lets that package build unless only-binary names it exactly too.
    reenabled = tuple(
        p for p in no.packages if not poetry_config.is_reserved(p) and p not in explicit_only
    )
    binary = BinaryPolicy(
        only_binary=only_binary, no_binary=reenabled, events=only.events + no.events
    )
    # Both settings weigh the same files: each file said once.
    weighed = list(dict.fromkeys((*only.weighed, *no.weighed)))
    unknowns.extend(unreadable.relevant(weighed, binary))
    return binary


def _project_refs(parsed: _Parsed, ctx: FactContext, start: str) -> manifest_refs.ManifestRefs:
    """Direct references `poetry install/sync` builds from the project's lock or pyproject:
    none with --only-root; `--only` limits the groups (docs: cli.md#install)."""
    root = ctx.nearest_with(start, "pyproject.toml")
    if root is None:
        return manifest_refs.ManifestRefs()
    only = {
        g.strip() for w in values(parsed.options, "--only") if w.known for g in w.value.split(",")
    }
    return manifest_refs.poetry(
        ctx,
        root,
        only_root=has(parsed.options, "--only-root"),
        with_extras=has(parsed.options, "--extras", "-E", "--all-extras"),
        groups=frozenset(only),
    )


def _without_lock(ctx: FactContext, start: str) -> bool:
    """The project `poetry install` finds from `start` has no poetry.lock beside its
    pyproject.toml, as far as the build's files tell. Only a pyproject the gate read counts (one
    copied from a context it was not given leaves unknown which globbed files came with it), and
    a lock that may sit in a folder the gate cannot list counts as there."""
    root = ctx.nearest_with(start, "pyproject.toml")
    if root is None or ctx.files.get(posixpath.join(root, "pyproject.toml")) is None:
        return False
    lock = posixpath.join(root, "poetry.lock")
    if lock in ctx.files:
        return False
    files = ctx.files
    return not (isinstance(files, Files) and files.tree_above(lock) is not None)


def _fix(call: ToolCall, binary: BinaryPolicy) -> str:
    prefix = "POETRY_INSTALLER_ONLY_BINARY=:all:"
    if binary.no_binary:
        prefix += " POETRY_INSTALLER_NO_BINARY="
    words = " ".join(shlex.quote(w.value) if w.known else w.value for w in call.args)
    return f"{prefix} {call.spelling} {words}".rstrip()


def extract(call: ToolCall, ctx: FactContext) -> Install | None:
    """The Install fact for a poetry command that installs or resolves, or None."""
    parsed = _Parsed(call.args)
    unknowns: list[Unknown] = list(parsed.unknowns)
    env = call.command.env
    if not parsed.command_known:
        if parsed.command.split(" ")[0] in _NAMESPACES - {"self", "debug"}:
            return None
        unknowns.append(Unknown("poetry subcommand has no known value", parsed.command))
        return install_fact(call, ctx, "poetry", parsed.command or "<unknown>", unknowns=unknowns)
    locks_first = parsed.command == "export"
    if parsed.shows_help() or not (
        parsed.command in _INSTALLS or parsed.command in _RESOLVES or locks_first
    ):
        return None
    if parsed.command in _INSTALLS and has(parsed.options, "--only-root"):
        return None  # "Exclude all dependencies": only the image's own project, as pip --no-deps .
    start = _project_start(parsed, ctx, unknowns)
    if locks_first and not _without_lock(ctx, start):
        return None
    binary = _policy(ctx, env, start, unknowns)
    requirements: list[Requirement] = []
    if parsed.command in _ADDS:
        editable = has(parsed.options, "--editable", "-e")
        requirements.extend(requirement_of(w, editable=editable) for w in parsed.positionals)
    elif parsed.command in ("update", "self update"):
        requirements.extend(requirement_of(w) for w in parsed.positionals)
    if call.command.stdin_args:
        requirements.append(Requirement("unknown", "<stdin>"))
    resolves = parsed.command in _RESOLVES or locks_first
    if parsed.command in _INSTALLS:
        refs = _project_refs(parsed, ctx, start)
        requirements.extend(refs.requirements)
        unknowns.extend(manifest_refs.relevant(refs, binary))
        # Without a lock, install and sync resolve first, and write the lock.
        resolves = _without_lock(ctx, start)
    fix = RESOLUTION_FIX if resolves else _fix(call, binary)
    return install_fact(
        call,
        ctx,
        "poetry",
        parsed.command,
        binary=binary,
        requirements=requirements,
        unknowns=unknowns,
        resolves=resolves,
        fix=fix,
    )


def inner_commands(call: ToolCall) -> tuple[tuple[Word, ...], ...]:
    """The command `poetry run CMD …` runs."""
    parsed = _Parsed(call.args)
    if parsed.command != "run" or not parsed.trailing:
        return ()
    return (parsed.trailing,)


_EITHER_FOLDER = (
    "poetry-plugin-export writes it in the project's folder or the working folder, by release"
)


def _working_folder(parsed: _Parsed, ctx: FactContext) -> str:
    """The folder Poetry runs in: --directory, else the working folder."""
    directory = parsed.last("--directory", "-C")
    return ctx.resolve(directory.value) if directory is not None else ctx.workdir


def _export(call: ToolCall, ctx: FactContext, parsed: _Parsed) -> tuple[LockExport, str]:
    """What `poetry export` writes, and the folder it writes `-o F` in."""
    unknowns: list[Unknown] = []
    start = _project_start(parsed, ctx, unknowns)
    root = ctx.nearest_with(start, "pyproject.toml")
    fmt = parsed.last("--format", "-f")
    return lock_export.poetry(ctx, root, fmt, not unknowns), root or start


# Commands that write the project's poetry.lock: what gate read there is no longer what an
# export reads. (A command that changes pyproject.toml writes the lock too; install and sync
# write one only where there was none, and stop, or warn, at a stale one.)
_CHANGES_LOCK = frozenset({"add", "update", "remove", "lock"})


def edited_files(call: ToolCall, ctx: FactContext) -> list[str]:
    """The lock a command may have changed (lock_export reads it)."""
    parsed = _Parsed(call.args)
    if parsed.command not in _CHANGES_LOCK or parsed.shows_help():
        return []
    root = ctx.nearest_with(_project_start(parsed, ctx, []), "pyproject.toml")
    if root is None:
        return []
    return [posixpath.join(root, "poetry.lock")]


def _made_lock(parsed: _Parsed, ctx: FactContext) -> str | None:
    """The poetry.lock a command writes where there was none (a resolution writes it, and so do
    `install`/`sync`/`export` when they lock first): later commands find it there."""
    if parsed.shows_help() or not parsed.command_known:
        return None
    locks = parsed.command in _CHANGES_LOCK or parsed.command in ("install", "sync", "export")
    start = _project_start(parsed, ctx, [])
    if not locks or (parsed.command not in _CHANGES_LOCK and not _without_lock(ctx, start)):
        return None
    root = ctx.nearest_with(start, "pyproject.toml")
    lock = None if root is None else posixpath.join(root, "poetry.lock")
    return lock if lock is not None and lock not in ctx.files else None


def stdout_export(call: ToolCall, ctx: FactContext) -> Unread | None:
    """What `poetry export` without `-o` prints (`> F` saves it)."""
    parsed = _Parsed(call.args)
    if (
        parsed.command != "export"
        or parsed.shows_help()
        or values(parsed.options, "--output", "-o")
    ):
        return None
    return lock_export.written(call, ctx, _export(call, ctx, parsed)[0])


def file_effects(call: ToolCall, ctx: FactContext) -> Mapping[str, str | Unread | None]:
    """`poetry config [--local] [--unset] installer.only-binary|no-binary [VALUE]` writes a file;
    `poetry export -o F` writes the locked requirements to F, of no text the gate can know (the
    lock's references may be URLs and VCS links a later `pip install -r F` builds)."""
    parsed = _Parsed(call.args)
    made = _made_lock(parsed, ctx)
    if made is not None:
        return {made: None}
    if parsed.command == "export" and not parsed.shows_help():
        given = values(parsed.options, "--output", "-o")
        export, root = _export(call, ctx, parsed)
        written = lock_export.written(call, ctx, export)
        # poetry-plugin-export writes `-o F` relative to the project's folder
        # (poetry.file.parent) in its 1.x releases, to the working folder (Path.cwd(), after
        # --directory) in later ones: where those differ, F may be either file.
        folders = {root, _working_folder(parsed, ctx)}
        maybe = _EITHER_FOLDER if len(folders) > 1 else None
        out: dict[str, str | Unread | None] = {}
        for folder in folders:
            paths = output_file(FactContext(replace(ctx.run, workdir=folder), ctx.files), given)
            for path in paths:
                held = lock_export.held(ctx.files, path) if isinstance(ctx.files, Files) else None
                out[path] = lock_export.over(held, written, maybe) if held else written
        return out
    if parsed.command != "config" or parsed.shows_help() or not parsed.positionals:
        return {}
    key_word, *value_words = parsed.positionals
    key = key_word.value
    if not key_word.known or key not in (poetry_config.ONLY_BINARY, poetry_config.NO_BINARY):
        return {}
    unset = has(parsed.options, "--unset")
    env = call.command.env
    if has(parsed.options, "--local"):
        path = poetry_config.local_config_path(ctx, _project_start(parsed, ctx, []))
    else:
        path = poetry_config.global_config_path(ctx, env)
    current = ctx.files.get(path)
    exists = path in ctx.files
    if unset:
        if value_words:
            return {}  # "You can not combine a setting value with --unset"
        return {path: poetry_config.write_setting(current, exists, key, None)}
    if len(value_words) != 1:
        return {}  # shows the value, or "You can only pass one value."
    word = value_words[0]
    if not word.known:
        return {path: None}
    if not poetry_config.valid(word.value):
        return {}
    normalised = poetry_config.normalize(word.value)
    return {path: poetry_config.write_setting(current, exists, key, normalised)}
