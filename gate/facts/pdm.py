"""PDM commands as install facts.

`pdm install`, `sync`, `add`, `update`, `lock` (and `remove`, which re-locks and syncs) run build
backends for sdists, when locking as well as when installing. The only switch is the only-binary
policy (PDM >= 2.15 for the pyproject key; no command-line flag exists), read by
`Project.env_or_setting` (src/pdm/environments/base.py `_setting_list`):

- `PDM_ONLY_BINARY` when set and non-empty, else `[tool.pdm.resolution] only-binary` of the
  project's pyproject.toml (a string or a list); strings are comma lists, items stripped.
- `PDM_NO_BINARY` / `[tool.pdm.resolution] no-binary` the same way. unearth's FormatControl
  checks an exact name in only-binary first, then an exact name in no-binary, then `:all:` in
  only-binary: so a named no-binary package builds despite `:all:`. Names are canonicalised, so
  `:ALL:` counts as `:all:`; `true`/`1` are package names, not switches.
The project is the directory of `-p/--project`, else the nearest pyproject.toml upwards from the
working directory (`-g` selects the global project, whose pyproject the gate rarely sees).
`pdm self add/update` install into PDM's own environment with pip, which its settings govern.
`pdm show PKG` prepares the metadata of the best match on the index (cli/commands/show.py
`latest.prepare(...).metadata`), building an sdist under the same settings (measured, PDM
2.29.4: an sdist-only package's setup.py ran; with PDM_ONLY_BINARY=:all: it was not found).
"""

from __future__ import annotations

import posixpath
import re
import shlex
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from gate.facts import lock_export, manifest_refs, unreadable
from gate.facts.context import FactContext, ToolCall, install_fact, output_file
from gate.facts.optscan import Opt, Scanner, has, values
from gate.facts.pip import binary_policy
from gate.facts.pipx import pip_args_words, pip_events
from gate.facts.target_kind import requirement_of
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

TOOLS: tuple[str, ...] = ("pdm",)

_VALUE_OPTIONS = frozenset(
    {
        "-c",
        "--config",
        "-L",
        "--lockfile",
        "-G",
        "--group",
        "--with",
        "--without",
        "-k",
        "--skip",
        "-p",
        "--project",
        "-e",
        "--editable",
        "-S",
        "--strategy",
        "-C",
        "--config-setting",
        "--override",
        "--python",
        "--platform",
        "--implementation",
        "--exclude-newer",
        "--pip-args",
        "-o",
        "--output",
        "-f",
        "--format",
        # nargs="?": argparse takes the next word when it is not an option.
        "--venv",
        "--pep582",
    }
)
_FLAGGED = frozenset({"install", "sync", "add", "update", "lock", "remove"})
_MAX_BYTES = 1_000_000
_GLOBAL_PROJECT = ".local/share/pdm/global-project"


def _takes_value(name: str) -> bool:
    return name in _VALUE_OPTIONS


@dataclass(frozen=True)
class _Parsed:
    command: str
    command_known: bool
    options: tuple[Opt, ...]
    positionals: tuple[Word, ...]
    trailing: tuple[Word, ...]
    unknowns: tuple[Unknown, ...]


def _parse(args: tuple[Word, ...]) -> _Parsed:
    scanner = Scanner(args)
    i, _ = scanner.scan(0, _takes_value, stop_at_positional=True)
    if i >= len(args):
        return _Parsed("", True, tuple(scanner.options), (), (), tuple(scanner.unknowns))
    command, known = args[i].value, args[i].known
    if command == "run":
        # argparse REMAINDER: pdm's options come before the script, the rest is the script's.
        end, _ = scanner.scan(i + 1, _takes_value, stop_at_positional=True)
        return _Parsed(
            command, known, tuple(scanner.options), (), args[end:], tuple(scanner.unknowns)
        )
    _, positionals = scanner.scan(i + 1, _takes_value, stop_at_positional=False)
    return _Parsed(
        command, known, tuple(scanner.options), tuple(positionals), (), tuple(scanner.unknowns)
    )


def _names(value: object) -> tuple[str, ...]:
    """`_setting_list` then unearth's canonicalisation."""
    if isinstance(value, str):
        items: list[object] = list(value.split(","))
    elif isinstance(value, list):
        items = list(value)
    else:
        return ()
    out: list[str] = []
    for item in items:
        if isinstance(item, str) and item.strip():
            out.append(re.sub(r"[-_.]+", "-", item.strip()).lower())
    return tuple(out)


def _project_root(parsed: _Parsed, ctx: FactContext, env: Env, unknowns: list[Unknown]) -> str:
    projects = values(parsed.options, "-p", "--project")
    if projects:
        word = projects[-1]
        if not word.known:
            unknowns.append(Unknown("value of --project has no known value", word.value))
        return ctx.resolve(word.value)
    if has(parsed.options, "-g", "--global"):
        return posixpath.join(ctx.home(env), _GLOBAL_PROJECT)
    return ctx.nearest_with(ctx.workdir, "pyproject.toml") or ctx.workdir


def _resolution_table(ctx: FactContext, pyproject: str) -> dict[str, Any]:
    text = ctx.files.get(pyproject)
    if text is None or len(text) > _MAX_BYTES:
        return {}
    import tomllib  # only when a build has a TOML file to read

    try:
        doc = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError):
        return {}
    table: object = doc
    for key in ("tool", "pdm", "resolution"):
        table = table.get(key) if isinstance(table, dict) else None
    return table if isinstance(table, dict) else {}


def _setting(
    env: Env,
    var: str,
    table: dict[str, Any],
    key: str,
    pyproject: str,
    unknowns: list[Unknown],
) -> tuple[tuple[str, ...], list[OptionEvent]]:
    option = key
    if var in env and env[var] is None:
        unknowns.append(Unknown(f"{var} has no known value", f"{var}=?"))
    raw = env.get(var)
    if raw:
        return _names(raw), [OptionEvent(f"env:{var}", option, raw)]
    if key in table:
        names = _names(table[key])
        return names, [OptionEvent(f"config:{pyproject}", option, ",".join(names))]
    return (), []


def _policy(ctx: FactContext, env: Env, root: str, unknowns: list[Unknown]) -> BinaryPolicy:
    pyproject = posixpath.join(root, "pyproject.toml")
    table = _resolution_table(ctx, pyproject)
    only, only_events = _setting(env, "PDM_ONLY_BINARY", table, "only-binary", pyproject, unknowns)
    no, no_events = _setting(env, "PDM_NO_BINARY", table, "no-binary", pyproject, unknowns)
    only_binary = tuple(sorted(set(only), key=lambda p: (p != ":all:", p)))
    reenabled = tuple(p for p in no if p not in (":all:", ":none:") and p not in only)
    return BinaryPolicy(only_binary, reenabled, tuple(only_events + no_events))


def _fix(call: ToolCall, binary: BinaryPolicy) -> str:
    prefix = "PDM_ONLY_BINARY=:all:"
    words = " ".join(shlex.quote(w.value) if w.known else w.value for w in call.args)
    return f"{prefix} {call.spelling} {words}".rstrip()


def extract(call: ToolCall, ctx: FactContext) -> Install | None:
    """The Install fact for a pdm command that locks or installs, or None."""
    parsed = _parse(call.args)
    env = call.command.env
    unknowns: list[Unknown] = list(parsed.unknowns)
    # `pdm plugin add X` is PDM 2.0-2.6's spelling of `pdm self add X` (pip install of X).
    if parsed.command in ("self", "plugin") and not has(parsed.options, "-h", "--help"):
        return _self_install(call, ctx, parsed, unknowns)
    if parsed.command_known:
        # `pdm show --version PKG` asks for the package's version field.
        versions = ("-V", "--version") if parsed.command != "show" else ()
        if has(parsed.options, "-h", "--help", *versions):
            return None
        if parsed.command == "show" and not parsed.positionals:
            return None  # the project's own metadata
        if parsed.command not in _FLAGGED and parsed.command != "show":
            return None
        if parsed.command == "lock" and has(parsed.options, "--check"):
            return None  # compares the content hash, resolves nothing
    else:
        unknowns.append(Unknown("pdm subcommand has no known value", parsed.command))
    root = _project_root(parsed, ctx, env, unknowns)
    binary = _policy(ctx, env, root, unknowns)
    requirements: list[Requirement] = []
    if parsed.command in ("add", "update"):
        requirements.extend(requirement_of(w) for w in parsed.positionals)
    if parsed.command == "show":
        requirements.extend(requirement_of(w) for w in parsed.positionals[:1])
    if parsed.command == "add":
        requirements.extend(
            requirement_of(w, editable=True) for w in values(parsed.options, "-e", "--editable")
        )
    if call.command.stdin_args:
        requirements.append(Requirement("unknown", "<stdin>"))
    if parsed.command in ("install", "sync"):
        groups = frozenset(
            g.strip() for w in values(parsed.options, "-G", "--group") for g in w.value.split(",")
        )
        production = has(parsed.options, "--prod", "--production")
        refs = manifest_refs.pdm(ctx, root, dev=not production, groups=groups)
        requirements.extend(refs.requirements)
        unknowns.extend(manifest_refs.relevant(refs, binary))
    return install_fact(
        call,
        ctx,
        "pdm",
        parsed.command,
        binary=binary,
        requirements=requirements,
        unknowns=unknowns,
        fix=_fix(call, binary) if parsed.command_known else None,
    )


_PDM_HEAD = Word("pdm @ git+https://github.com/pdm-project/pdm@main")


def _self_install(
    call: ToolCall, ctx: FactContext, parsed: _Parsed, unknowns: list[Unknown]
) -> Install | None:
    """`pdm self add X` and `pdm self update` run `pip install` (of X, of pdm) in PDM's own
    environment with `--pip-args`, so pip's settings decide, not PDM's."""
    words = parsed.positionals
    if not words or not words[0].known or words[0].value not in ("add", "update"):
        return None
    sub = words[0].value
    pip_words = pip_args_words(values(parsed.options, "--pip-args"), unknowns, "--pip-args")
    events = pip_events(ctx, call, pip_words, unknowns, "pip-args")
    binary = binary_policy(events)
    unknowns[:] = unreadable.relevant(unknowns, binary)
    # `self update --head` installs `pdm @ git+<its repository>@main`: a VCS build, whatever
    # the pip args say (pdm/cli/commands/self_cmd.py).
    latest = _PDM_HEAD if has(parsed.options, "--head") else Word("pdm")
    targets = words[1:] if sub == "add" else (latest,)
    fix = f"{call.spelling} self {sub} --pip-args='--only-binary=:all:' " + " ".join(
        shlex.quote(w.value) if w.known else w.value for w in words[1:]
    )
    return install_fact(
        call,
        ctx,
        "pdm",
        f"self {sub}",
        binary=binary,
        requirements=[requirement_of(w) for w in targets],
        unknowns=unknowns,
        fix=fix.rstrip(),
    )


def file_effects(call: ToolCall, ctx: FactContext) -> Mapping[str, str | Unread | None]:
    """`pdm export -o F` writes the locked requirements to F (context.output_file; pdm writes
    it relative to the working folder), as lock_export models them."""
    parsed = _parse(call.args)
    if parsed.command != "export" or has(parsed.options, "-h", "--help"):
        return {}
    written = lock_export.written(call, ctx, _export(call, ctx, parsed))
    return dict.fromkeys(output_file(ctx, values(parsed.options, "-o", "--output")), written)


def _export(call: ToolCall, ctx: FactContext, parsed: _Parsed) -> LockExport:
    unknowns: list[Unknown] = []
    root = _project_root(parsed, ctx, call.command.env, unknowns)
    formats = values(parsed.options, "-f", "--format")
    own_lock = (
        bool(values(parsed.options, "-L", "--lockfile")) or "PDM_LOCKFILE" in call.command.env
    )
    return lock_export.pdm(
        ctx,
        None if unknowns else root,
        formats[-1] if formats else None,
        from_pyproject=has(parsed.options, "--pyproject"),
        own_lock=own_lock,
    )


def stdout_export(call: ToolCall, ctx: FactContext) -> Unread | None:
    """What `pdm export` without `-o` prints (`> F` saves it)."""
    parsed = _parse(call.args)
    if (
        parsed.command != "export"
        or has(parsed.options, "-h", "--help")
        or values(parsed.options, "-o", "--output")
    ):
        return None
    return lock_export.written(call, ctx, _export(call, ctx, parsed))


# Commands that write pdm.lock (install locks again where it is stale, unless told not to).
_CHANGES_LOCK = frozenset({"add", "update", "remove", "lock", "install"})


def edited_files(call: ToolCall, ctx: FactContext) -> list[str]:
    """The lock a command may have changed (lock_export reads it)."""
    parsed = _parse(call.args)
    if parsed.command not in _CHANGES_LOCK or has(parsed.options, "-h", "--help"):
        return []
    if parsed.command == "install" and has(parsed.options, "--frozen-lockfile", "--check"):
        return []
    root = _project_root(parsed, ctx, call.command.env, [])
    return [posixpath.join(root, "pdm.lock")]


def inner_commands(call: ToolCall) -> tuple[tuple[Word, ...], ...]:
    """The command `pdm run CMD …` runs (a pdm script name is yielded as it is)."""
    parsed = _parse(call.args)
    if parsed.command != "run" or not parsed.trailing:
        return ()
    return (parsed.trailing,)
