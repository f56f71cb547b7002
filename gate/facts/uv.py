"""uv and uvx commands as install facts.

Which commands can run build code, and what switches it off (research/tool-semantics.md §4, read
against uv 0.12.5+ source and measured on 0.13.9):

- `uv pip install/sync/compile`: `--no-build` or `--only-binary :all:` on the command line, or
  `no-build = true` (top level or `[pip]`) / `[pip] only-binary = [":all:"]` in a config file.
  `UV_NO_BUILD` is NOT read by `uv pip`.
- project commands (`sync lock add remove export tree check audit version run`) and tool commands
  (`uv tool run/install/upgrade`, `uvx`): `--no-build`, `UV_NO_BUILD` (boolish, uv >= 0.6.5 is
  assumed), or config `no-build = true` (tool commands read only user/system config).
- Re-enabling, per uv's BuildOptions: a later `--build`; any `--no-binary X` /
  `--no-binary-package X` / `UV_NO_BINARY_PACKAGE` / config `no-binary-package` for X (in either
  order); `:none:` clears earlier `--only-binary` values of the same list.
"""

from __future__ import annotations

import posixpath
import re
import shlex
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from gate.facts import lock_export, manifest_refs, unreadable
from gate.facts import uv_build_options as bo
from gate.facts.context import FactContext, ToolCall, install_fact, output_file
from gate.facts.target_kind import requirement_of
from gate.facts.uv_args import UvArgs, parse
from gate.facts.uv_config import ConfigRequest, UvConfig, boolish, discover
from gate.facts.uv_requirements import Collected, add_file, add_with
from gate.model import (
    BinaryPolicy,
    Env,
    Install,
    LockExport,
    OptionEvent,
    Requirement,
    Unknown,
    Unread,
    Word,
)

TOOLS: tuple[str, ...] = ("uv", "uvx")

_PIP_COMMANDS = frozenset({"pip install", "pip sync", "pip compile"})
_PROJECT_COMMANDS = frozenset(
    {"run", "sync", "lock", "add", "remove", "export", "tree", "check", "audit", "version"}
)
_TOOL_COMMANDS = frozenset({"tool run", "tool install", "tool upgrade"})


# ---------------------------------------------------------------------------------------------
# Shared per-command state.


@dataclass
class _Facts(Collected):
    """What one command's extraction gathers: requirements, files, file events, unknowns."""


def _env_value(env: Env, name: str, facts: _Facts) -> str | None:
    """The variable's value; None when unset, or set to an unknown value (then an Unknown)."""
    if name not in env:
        return None
    value = env[name]
    if value is None:
        facts.unknowns.append(Unknown(f"{name} has no known value", f"{name}=?"))
    return value


def _env_bool(env: Env, name: str, facts: _Facts) -> bool | None:
    value = _env_value(env, name, facts)
    return boolish(value) if value is not None else None


def _in_directory(args: UvArgs, ctx: FactContext, env: Env, facts: _Facts) -> FactContext:
    """The context as seen from `--directory` (or UV_WORKING_DIR): relative paths start there."""
    directory = _last_value(args, facts, "--directory")
    if directory is None:
        directory = _env_value(env, "UV_WORKING_DIR", facts) or _env_value(
            env, "UV_WORKING_DIRECTORY", facts
        )
    if not directory:
        return ctx
    return FactContext(replace(ctx.run, workdir=ctx.resolve(directory)), ctx.files, ctx.branch)


def _project_dir(args: UvArgs, ctx: FactContext, env: Env, facts: _Facts) -> str:
    project = _last_value(args, facts, "--project")
    if project is None:
        project = _env_value(env, "UV_PROJECT", facts)
    project_dir = ctx.resolve(project) if project else ctx.workdir
    if project_dir.endswith("/pyproject.toml"):
        project_dir = posixpath.dirname(project_dir)
    return project_dir


def _last_value(args: UvArgs, facts: _Facts, name: str) -> str | None:
    values = args.values(name)
    if not values:
        return None
    word = values[-1]
    if not word.known:
        facts.unknowns.append(Unknown(f"value of {name} has no known value", word.value))
        return None
    return word.value


def _config(
    args: UvArgs, ctx: FactContext, env: Env, facts: _Facts, *, pip: bool, user_level_only: bool
) -> UvConfig:
    cwd = ctx.workdir
    # `--project` has no effect in the `uv pip` interface.
    project_dir = cwd if pip else _project_dir(args, ctx, env, facts)
    config_words = args.values("--config-file")
    config_file: str | None = None
    config_unknown = False
    if config_words:
        config_unknown = not config_words[-1].known
        config_file = config_words[-1].value
    elif "UV_CONFIG_FILE" in env:
        value = env["UV_CONFIG_FILE"]
        config_unknown = value is None
        config_file = value or None
    no_config = args.has("--no-config") or (pip and args.has("--isolated"))
    request = ConfigRequest(
        cwd=cwd,
        project_dir=project_dir,
        config_file=config_file,
        config_file_unknown=config_unknown,
        no_config=no_config,
        user_level_only=user_level_only,
    )
    config = discover(ctx, env, request)
    facts.unknowns.extend(config.unknowns)
    return config


def _cli_events(args: UvArgs, names: dict[str, str], facts: _Facts) -> list[OptionEvent]:
    """OptionEvents for the binary-related options on the command line, in order."""
    events: list[OptionEvent] = []
    for opt in args.options:
        option = names.get(opt.name)
        if option is None:
            continue
        if opt.value is None:
            events.append(OptionEvent("cli", option, "true"))
            continue
        if not opt.value.known:
            facts.unknowns.append(
                Unknown(f"value of {opt.name} has no known value", opt.value.value)
            )
        events.append(OptionEvent("cli", option, opt.value.value))
    return events


def _quote(word: Word) -> str:
    return shlex.quote(word.value) if word.known else word.value


def _fix(call: ToolCall, args: UvArgs, drop: frozenset[str], insert_at: int) -> str:
    """The command line with `--no-build` added at `insert_at` and re-enabling options removed."""
    words = call.args
    dropped: set[int] = set()
    has_no_build = False
    for opt in args.options:
        if opt.start >= args.trailing_start:
            continue
        if opt.name in drop:
            dropped.update(range(opt.start, opt.end))
        if opt.name == "--no-build":
            has_no_build = True
    out = [call.spelling]
    for i, word in enumerate(words):
        if i == insert_at and not has_no_build:
            out.append("--no-build")
        if i not in dropped:
            out.append(_quote(word))
    if insert_at >= len(words) and not has_no_build:
        out.append("--no-build")
    return " ".join(out)


def _add_file(
    facts: _Facts, word: Word, ctx: FactContext, args: UvArgs, *, constraint: bool = False
) -> None:
    extras = {w.value for w in args.values("--extra") if w.known}
    add_file(
        facts,
        word,
        ctx,
        constraint=constraint,
        extras=extras,
        all_extras=args.has("--all-extras"),
    )


# ---------------------------------------------------------------------------------------------
# uv pip install / sync / compile.

_PIP_EVENT_NAMES = {
    "--no-build": "no-build",
    "--build": "build",
    "--only-binary": "only-binary",
    "--no-binary": "no-binary",
}


_CONSTRAINTS = ("-c", "--constraint", "--constraints")
_OVERRIDES = ("--override", "--overrides")
# The list options uv also takes from the environment (uv-cli: `env = EnvVars::UV_CONSTRAINT`,
# `env = EnvVars::UV_OVERRIDE`, `value_delimiter = ' '`), by `uv pip` command.
_LIST_ENV: dict[str, dict[str, tuple[str, ...]]] = {
    "pip install": {"UV_CONSTRAINT": _CONSTRAINTS, "UV_OVERRIDE": _OVERRIDES},
    "pip compile": {"UV_CONSTRAINT": _CONSTRAINTS, "UV_OVERRIDE": _OVERRIDES},
    "pip sync": {"UV_CONSTRAINT": _CONSTRAINTS},
}


def _pip(call: ToolCall, ctx: FactContext, args: UvArgs, facts: _Facts) -> Install:
    env = call.command.env
    for word in args.positionals:
        if args.command == "pip install":
            facts.requirements.append(requirement_of(word))
        else:  # sync / compile take requirements files positionally
            _add_file(facts, word, ctx, args)
    for word in args.values("-e", "--editable"):
        facts.requirements.append(requirement_of(word, editable=True))
    for word in args.values("-r", "--requirement", "--requirements"):
        _add_file(facts, word, ctx, args)
    listed = list(args.values("-c", "--constraint", "--constraints", "--override", "--overrides"))
    for var, names in _LIST_ENV.get(args.command, {}).items():
        # clap's `env = UV_CONSTRAINT` / `UV_OVERRIDE`: read where the option is not given.
        if var in env and not args.has(*names):
            value = env[var]
            listed.append(Word(f"${var}", known=False) if value is None else Word(value))
    for word in listed:
        # Space-delimited lists are accepted here (`value_delimiter = ' '`).
        for part in word.value.split() if word.known else [word.value]:
            _add_file(facts, Word(part, known=word.known), ctx, args, constraint=True)
    if call.command.stdin_args:
        facts.requirements.append(Requirement("unknown", "<stdin>"))

    config = _config(args, ctx, env, facts, pip=True, user_level_only=False)
    cli_events = _cli_events(args, _PIP_EVENT_NAMES, facts)
    cli_only = [v for w in args.values("--only-binary") for v in bo.split(w.value)]
    cli_no_binary = [v for w in args.values("--no-binary") for v in bo.split(w.value)]
    flag = args.last_flag("--no-build", "--build")
    no_build_flag = flag if flag is not None else config.pip_no_build
    no_build: bo.Spec = (
        "all" if no_build_flag else bo.from_specifiers(cli_only + list(config.pip_only_binary))
    )
    no_build = bo.combine(no_build, bo.from_args(config.no_build, config.no_build_package))
    no_binary = bo.combine(
        bo.from_specifiers(cli_no_binary + list(config.pip_no_binary)),
        bo.from_args(config.no_binary, config.no_binary_package),
    )
    req_build, req_binary = bo.from_requirement_events(facts.events)
    no_build = bo.combine(no_build, req_build)
    no_binary = bo.combine(no_binary, req_binary)
    if args.has("--no-build", "--build") and args.has("--no-binary", "--only-binary"):
        # clap: either build flag conflicts with either binary list, in any order (measured,
        # uv 0.13.8: "the argument '--no-build' cannot be used with '--no-binary <NO_BINARY>'");
        # uv stops before it resolves, so nothing builds.
        no_build, no_binary = "all", "none"
    events = [*config.events(), *cli_events, *facts.events]
    binary = bo.policy(no_build, no_binary, events)
    facts.unknowns[:] = unreadable.relevant([*facts.unknowns, *config.weighed], binary)
    if args.command == "pip install":
        _local_project_refs(ctx, args, facts, binary)
    drop = frozenset({"--build", "--only-binary", "--no-binary"})
    fix = _fix(call, args, drop, args.command_end)
    return _install(call, ctx, args, facts, binary, fix, no_deps=args.has("--no-deps"))


def _local_project_refs(
    ctx: FactContext, args: UvArgs, facts: _Facts, binary: BinaryPolicy
) -> None:
    """Direct references of the local projects `uv pip install` builds (manifest_refs)."""
    deps = not args.has("--no-deps")
    build_requires = not args.has("--no-build-isolation")
    for requirement in tuple(facts.requirements):
        if requirement.kind != "local":
            continue
        target = manifest_refs.local_target(requirement.text, ctx)
        if target is not None:
            refs = manifest_refs.project(ctx, target, deps=deps, build_requires=build_requires)
            facts.requirements.extend(refs.requirements)
            facts.unknowns.extend(manifest_refs.relevant(refs, binary))


# ---------------------------------------------------------------------------------------------
# Project and tool commands.

_PROJECT_EVENT_NAMES = {
    "--no-build": "no-build",
    "--build": "build",
    "--no-build-package": "no-build-package",
    "--no-binary": "no-binary",
    "--binary": "binary",
    "--no-binary-package": "no-binary-package",
}


def _package_list(words: Iterable[Word]) -> list[str]:
    return [p for w in words for p in w.value.split()]


def _project_policy(
    call: ToolCall, ctx: FactContext, args: UvArgs, facts: _Facts, *, tool: bool
) -> BinaryPolicy:
    env = call.command.env
    config = _config(args, ctx, env, facts, pip=False, user_level_only=tool)
    events: list[OptionEvent] = list(config.events())
    env_no_build = _env_bool(env, "UV_NO_BUILD", facts)
    env_no_binary = _env_bool(env, "UV_NO_BINARY", facts)
    env_build_pkgs = _env_value(env, "UV_NO_BUILD_PACKAGE", facts)
    env_binary_pkgs = _env_value(env, "UV_NO_BINARY_PACKAGE", facts)
    for name, value in (
        ("UV_NO_BUILD", env.get("UV_NO_BUILD")),
        ("UV_NO_BINARY", env.get("UV_NO_BINARY")),
        ("UV_NO_BUILD_PACKAGE", env_build_pkgs),
        ("UV_NO_BINARY_PACKAGE", env_binary_pkgs),
    ):
        if value is not None:
            option = name[3:].lower().replace("_", "-")
            events.append(OptionEvent(f"env:{name}", option, value))
    events.extend(_cli_events(args, _PROJECT_EVENT_NAMES, facts))

    # clap fills --no-build / --no-binary from the environment; a CLI flag pair decides first.
    # A false env value leaves the flag unset, so the config file still applies.
    build_flag = args.last_flag("--no-build", "--build")
    if build_flag is None and env_no_build is True:
        build_flag = True
    if build_flag is None:
        build_flag = config.no_build
    binary_flag = args.last_flag("--no-binary", "--binary")
    if binary_flag is None and env_no_binary is True:
        binary_flag = True
    if binary_flag is None:
        binary_flag = config.no_binary

    # The CLI list replaces the environment list; config arrays are appended.
    cli_build_pkgs = _package_list(args.values("--no-build-package"))
    build_pkgs = cli_build_pkgs or (env_build_pkgs or "").split()
    cli_binary_pkgs = _package_list(args.values("--no-binary-package"))
    binary_pkgs = cli_binary_pkgs or (env_binary_pkgs or "").split()
    no_build = bo.from_args(build_flag, [*build_pkgs, *config.no_build_package])
    no_binary = bo.from_args(binary_flag, [*binary_pkgs, *config.no_binary_package])
    binary = bo.policy(no_build, no_binary, events)
    # As for `uv pip`: a file gate cannot read matters only where sources are off.
    facts.unknowns[:] = unreadable.relevant([*facts.unknowns, *config.weighed], binary)
    return binary


_PROJECT_DROP = frozenset({"--build", "--no-binary", "--binary", "--no-binary-package"})


def _frozen(args: UvArgs, env: Env, facts: _Facts) -> bool:
    return args.has("--frozen") or _env_bool(env, "UV_FROZEN", facts) is True


def _no_sync(args: UvArgs, env: Env, facts: _Facts) -> bool:
    return args.has("--no-sync") or _env_bool(env, "UV_NO_SYNC", facts) is True


def _is_script(word: Word) -> bool:
    text = word.value
    return text.endswith((".py", ".pyw")) or text == "-" or text.startswith(("http://", "https://"))


def _script_has_metadata(ctx: FactContext, word: Word) -> bool | None:
    """Whether a PEP 723 script declares dependencies; None when the gate cannot read it."""
    if not word.known or word.value == "-" or word.value.startswith(("http://", "https://")):
        return None
    text = ctx.read(word.value)
    if text is None:
        return None
    return "# /// script" in text


def _project(call: ToolCall, ctx: FactContext, args: UvArgs, facts: _Facts) -> Install | None:
    env = call.command.env
    command = args.command
    if command in ("export", "tree", "audit", "lock", "add", "remove") and _frozen(
        args, env, facts
    ):
        return None
    if command == "lock" and args.has("--check-exists"):
        return None
    if command == "version":
        changes = args.has("--bump") or bool(args.positionals)
        if not changes or args.has("--dry-run") or _frozen(args, env, facts):
            return None
    if command in ("run", "check") and not _run_installs(ctx, args, facts, env):
        return None
    if command == "add":
        for word in args.positionals:
            facts.requirements.append(requirement_of(word, editable=args.has("--editable")))
        if call.command.stdin_args:
            facts.requirements.append(Requirement("unknown", "<stdin>"))
        for word in args.values("-r", "--requirements", "--requirement"):
            _add_file(facts, word, ctx, args)
    if command == "run":
        add_with(facts, args.values("--with", "-w"))
        add_with(facts, args.values("--with-editable"), editable=True)
        for word in args.values("--with-requirements"):
            _add_file(facts, word, ctx, args)
    binary = _project_policy(call, ctx, args, facts, tool=False)
    if command in ("sync", "run") and not (command == "run" and args.has("--no-project")):
        root = ctx.nearest_with(_project_dir(args, ctx, env, facts), "pyproject.toml")
        if root is not None:
            extras = frozenset(w.value for w in args.values("--extra") if w.known)
            refs = manifest_refs.uv_project(ctx, root, extras=extras)
            facts.requirements.extend(refs.requirements)
            facts.unknowns.extend(manifest_refs.relevant(refs, binary))
    fix = _fix(call, args, _PROJECT_DROP, args.command_end)
    return _install(call, ctx, args, facts, binary, fix)


def _run_installs(ctx: FactContext, args: UvArgs, facts: _Facts, env: Env) -> bool:
    """`uv run`/`uv check` sync the project unless --no-sync (or --no-project for run).

    `--with` requirements and PEP 723 script dependencies are installed even then.
    """
    if not (_no_sync(args, env, facts) or (args.command == "run" and args.has("--no-project"))):
        return True
    if args.command != "run":
        return False
    if args.values("--with", "-w", "--with-editable", "--with-requirements"):
        return True
    target = args.trailing[0] if args.trailing else None
    if target is None:
        return False
    if args.has("--script", "-s") or (target.known and _is_script(target)):
        # SPEC (measured): `uv run --no-sync` installs nothing; only a script the gate can read
        # and that declares PEP 723 dependencies is taken to bring an environment of its own.
        return _script_has_metadata(ctx, target) is True
    return False


def _tool(call: ToolCall, ctx: FactContext, args: UvArgs, facts: _Facts) -> Install:
    command = args.command
    if command == "tool run":
        source = args.values("--from")
        if source:
            facts.requirements.append(requirement_of(source[-1]))
        elif args.trailing:
            facts.requirements.append(requirement_of(args.trailing[0]))
    elif command == "tool install":
        editable = args.has("--editable", "-e")
        if args.positionals:
            facts.requirements.append(requirement_of(args.positionals[0], editable=editable))
        for word in args.values("--from"):
            facts.requirements.append(requirement_of(word, editable=editable))
    else:  # tool upgrade: re-resolves the named (or --all) tools
        facts.requirements.extend(requirement_of(w) for w in args.positionals)
    if command in ("tool run", "tool install"):
        add_with(facts, args.values("--with", "-w"))
        add_with(facts, args.values("--with-editable"), editable=True)
        for word in args.values("--with-requirements"):
            _add_file(facts, word, ctx, args)
    binary = _project_policy(call, ctx, args, facts, tool=True)
    insert_at = 0 if call.tool == "uvx" else args.command_end
    fix = _fix(call, args, _PROJECT_DROP, insert_at)
    return _install(call, ctx, args, facts, binary, fix)


# ---------------------------------------------------------------------------------------------
# Entry points.


def _install(
    call: ToolCall,
    ctx: FactContext,
    args: UvArgs,
    facts: _Facts,
    binary: BinaryPolicy,
    fix: str | None,
    *,
    no_deps: bool = False,
) -> Install:
    return install_fact(
        call,
        ctx,
        "uv",
        args.command or "<unknown>",
        binary=binary,
        requirements=facts.requirements,
        requirement_files=facts.files,
        unknowns=[*args.unknowns, *facts.unknowns],
        no_deps=no_deps,
        fix=fix,
    )


def _shows_help(args: UvArgs) -> bool:
    """`-h/--help/-V/--version` before any command to run print text and install nothing."""
    return any(
        o.name in ("-h", "--help", "-V", "--version") and o.start < args.trailing_start
        for o in args.options
    )


# Namespaces none of whose subcommands installs Python packages.
_QUIET_NAMESPACES = ("self ", "cache ", "python ", "auth ", "workspace ")


def extract(call: ToolCall, ctx: FactContext) -> Install | None:
    """The Install fact for a uv/uvx command that can build, or None."""
    args = parse(call.args, uvx=call.tool == "uvx")
    facts = _Facts()
    if not args.command_known:
        if args.command.startswith(_QUIET_NAMESPACES):
            return None
        facts.unknowns.append(Unknown("uv subcommand has no known value", args.command))
        return _install(call, ctx, args, facts, BinaryPolicy(), None)
    if _shows_help(args):
        return None
    ctx = _in_directory(args, ctx, call.command.env, facts)
    if args.command in _PIP_COMMANDS:
        return _pip(call, ctx, args, facts)
    if args.command in _PROJECT_COMMANDS:
        return _project(call, ctx, args, facts)
    if args.command in _TOOL_COMMANDS:
        if args.command == "tool run" and not args.trailing:
            return None  # `uvx` alone lists the installed tools
        return _tool(call, ctx, args, facts)
    if args.command == "build":
        return _build(call, ctx, args, facts)
    return None


def _build(call: ToolCall, ctx: FactContext, args: UvArgs, facts: _Facts) -> Install | None:
    """`uv build SRC` builds what it is given: a project folder is not flagged (SPEC), but a source
    archive is an sdist, whose build code it runs (research/tool-semantics.md: "any sdist path
    given"; measured with uv 0.13.9). SPEC lists `uv build` as never flagged: the tool says
    otherwise for an archive."""
    if not args.positionals:
        return None
    target = requirement_of(args.positionals[0])
    if target.kind != "archive" or "://" in target.text:
        return None  # a folder (a project), or an address uv build does not take
    facts.requirements.append(target)
    return _install(call, ctx, args, facts, BinaryPolicy(), None)


def file_effects(call: ToolCall, ctx: FactContext) -> Mapping[str, str | Unread | None]:
    """`uv export -o F` and `uv pip compile -o F` write resolved requirements to F
    (context.output_file), relative to `--directory`; what `uv export` can write there is
    modelled (lock_export)."""
    args = parse(call.args, uvx=call.tool == "uvx")
    if args.command not in ("export", "pip compile") or _shows_help(args):
        return {}
    where = _Facts()
    ctx = _in_directory(args, ctx, call.command.env, where)
    given = args.values("-o", "--output-file")
    written = output_file(ctx, given)
    if args.command != "export":
        return written
    export = lock_export.written(call, ctx, _export(call, ctx, args, given, where))
    return dict.fromkeys(written, export)


def _export(
    call: ToolCall, ctx: FactContext, args: UvArgs, given: tuple[Word, ...], where: _Facts
) -> LockExport:
    """What `uv export` writes (ctx: as seen from --directory; `where`: what finding that
    folder left unknown)."""
    env = call.command.env
    root = ctx.nearest_with(_project_dir(args, ctx, env, where), "pyproject.toml")
    frozen = _held_lock(args, env, _Facts())
    formats = args.values("--format")
    export = lock_export.uv(
        ctx,
        None if where.unknowns else root,
        formats[-1] if formats else None,
        given[-1] if given else None,
        frozen=frozen,
        script=args.has("--script"),
    )
    # Folders uv leaves out are not judged: a checkout it does not name is not built.
    if args.has("--no-emit-local"):
        return replace(export, folders=())
    if args.has("--no-emit-project", "--no-emit-workspace"):
        return replace(export, folders=tuple(f for f in export.folders if f[0] != "."))
    return export


# Project commands that change pyproject.toml and uv.lock, and those that lock again where
# uv.lock is stale (which --frozen/--locked rule out).
_CHANGES_LOCK = frozenset({"add", "remove"})
_MAY_LOCK = frozenset({"lock", "sync", "run", "export", "tree", "check", "version"})


def edited_files(call: ToolCall, ctx: FactContext) -> list[str]:
    """The lock a command may have changed so that it may hold a VCS, URL or archive
    package it did not (lock_export reads it)."""
    args = parse(call.args, uvx=call.tool == "uvx")
    env = call.command.env
    facts = _Facts()
    if _shows_help(args) or args.command not in _CHANGES_LOCK | _MAY_LOCK:
        return []
    if args.command in _MAY_LOCK and _held_lock(args, env, facts):
        return []
    ctx = _in_directory(args, ctx, env, facts)
    root = ctx.nearest_with(_project_dir(args, ctx, env, facts), "pyproject.toml")
    if root is None:
        return []
    # A workspace member's command locks the workspace root's uv.lock.
    used, unsure = lock_export.uv_workspace(ctx, root)
    if args.command in _MAY_LOCK and lock_export.relock_doubt(ctx, used) is None:
        return []  # locked again, it still holds index packages and local folders alone
    locks = {posixpath.join(root, "uv.lock"), posixpath.join(used, "uv.lock")}
    if unsure is not None:
        above = (d for d in _ancestors(root) if posixpath.join(d, "pyproject.toml") in ctx.files)
        locks.update(posixpath.join(d, "uv.lock") for d in above)
    return sorted(locks)


def _ancestors(folder: str) -> list[str]:
    parts = folder.strip("/").split("/")
    return ["/" + "/".join(parts[:k]) for k in range(len(parts))][:64]


def _held_lock(args: UvArgs, env: Env, facts: _Facts) -> bool:
    """uv uses uv.lock as it is (--frozen) or stops where it is stale (--locked)."""
    return (
        args.has("--frozen", "--locked")
        or _env_bool(env, "UV_FROZEN", facts) is True
        or _env_bool(env, "UV_LOCKED", facts) is True
    )


def stdout_export(call: ToolCall, ctx: FactContext) -> Unread | None:
    """What `uv export` without `-o` prints (`> F` saves it)."""
    args = parse(call.args, uvx=call.tool == "uvx")
    given = args.values("-o", "--output-file")
    if args.command != "export" or _shows_help(args) or given:
        return None
    where = _Facts()
    ctx = _in_directory(args, ctx, call.command.env, where)
    return lock_export.written(call, ctx, _export(call, ctx, args, given, where))


def inner_commands(call: ToolCall) -> tuple[tuple[Word, ...], ...]:
    """The command `uv run …`, `uv tool run …` or `uvx …` runs after setting up its environment."""
    args = parse(call.args, uvx=call.tool == "uvx")
    if args.command not in ("run", "tool run") or not args.trailing or _shows_help(args):
        return ()
    trailing = args.trailing
    if args.command == "run":
        if args.has("--module", "-m"):
            return ((Word("python"), Word("-m"), *trailing),)
        if args.has("--script", "-s", "--gui-script") or (
            trailing[0].known and _is_script(trailing[0])
        ):
            return ()
    elif trailing[0].known and not args.values("--from"):
        trailing = (Word(_tool_executable(trailing[0].value)), *trailing[1:])
    return (trailing,)


# The package name at the head of a tool target (`pip@23.2`, `pip[x]@latest`, `pip>=23`).
_TARGET_NAME = re.compile(r"([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:[\[@=<>!~;(]|\Z)")


def _tool_executable(target: str) -> str:
    """The program `uvx TARGET` runs without --from: TARGET's package name as written, before its
    extras and `@VERSION` (uv tool/mod.rs Target::parse: `uvx pip@23.2 install x` runs `pip`),
    or before a PEP 508 specifier; TARGET itself when it starts with no name (a path, a URL)."""
    m = _TARGET_NAME.match(target)
    return m.group(1) if m is not None and "://" not in target else target
