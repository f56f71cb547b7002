"""pipenv commands as install facts (research/tool-semantics.md §5; pipenv 2026.10.3 measured).

- `install`, `sync`, `update`, `upgrade` install through pip, and `lock` runs pip's resolver,
  which prepares sdist metadata with build backends; only-binary blocks that too, so none of them
  is a `resolves` fact: pip's rules decide.
- What switches builds off is what pip reads: PIP_ONLY_BINARY / PIP_NO_BINARY, pip.conf, and
  `--extra-pip-args "--only-binary=:all:"` or $PIPENV_EXTRA_PIP_ARGS (applied after them, like
  pip's command line; the last one given counts, split on single spaces as pipenv does), which
  `lock` does not hand its resolver (`_NO_EXTRA`). The Pipfile has no such setting.
- `uninstall PKG` resolves what is left in the Pipfile (routines/uninstall.py
  `venv_resolve_deps`), and `clean` locks where there is no Pipfile.lock (`ensure_lockfile`):
  both run pip's resolver, under the same settings (measured: an sdist-only package left in the
  Pipfile had its setup.py run by each; with PIP_ONLY_BINARY=:all: neither ran it).
  `uninstall --all` / `--all-dev` alone resolve nothing.
- `pipenv run CMD …` runs CMD in the virtualenv: an inner command.
"""

from __future__ import annotations

import posixpath
import shlex

from gate.build_files import Files
from gate.facts import manifest_refs, unreadable
from gate.facts.argparse_cli import ArgparseCli, with_option
from gate.facts.context import FactContext, ToolCall, install_fact
from gate.facts.optscan import SubcommandArgs
from gate.facts.pip import ALL, binary_policy
from gate.facts.pip_requirements import parse_requirements
from gate.facts.pipx import pip_args_words, pip_events
from gate.facts.target_kind import requirement_of
from gate.model import Env, Install, Requirement, RequirementFile, Word

TOOLS: tuple[str, ...] = ("pipenv",)

_VALUE_OPTIONS = frozenset(
    {
        "-i",
        "--index",
        "-e",
        "--editable",
        "--categories",
        "--extras",
        "--extra-pip-args",
        "--python",
        "--pypi-mirror",
        "-r",
        "--requirements",
        "--resolver",
    }
)
INSTALLS = frozenset({"install", "sync", "update", "upgrade", "lock"})
# Commands that run pip's resolver only in some cases (`_resolves`).
_RESOLVES = frozenset({"uninstall", "clean"})
_FLAG_LONG = (
    "--dev",
    "--ignore-pipfile",
    "--all",
    "--pre",
    "--verbose",
    "--quiet",
    "--site-packages",
    "--no-site-packages",
    "--clear",
    "--system",
    "--dev-only",
    "--deploy",
    "--lock-only",
    "--skip-lock",
    "--help",
    "--version",
    "--where",
    "--venv",
    "--py",
    "--envs",
    "--rm",
    "--bare",
    "--man",
    "--support",
)


_CLI = ArgparseCli(
    "pipenv", _VALUE_OPTIONS, _FLAG_LONG, frozenset({"run"}), INSTALLS | _RESOLVES
)
_parse = _CLI.parse
# pipenv's command line as its subcommand, options and operands (frontends reads `run NAME`).
parse = _CLI.parse


def _fix(call: ToolCall, parsed: SubcommandArgs) -> str:
    if parsed.command in _NO_EXTRA:
        words = " ".join(shlex.quote(w.value) if w.known else w.value for w in call.args)
        return f"PIP_ONLY_BINARY={ALL} {call.spelling} {words}".rstrip()
    return with_option(call, parsed, "--extra-pip-args", f"--extra-pip-args=--only-binary={ALL}")


def _pipfile(ctx: FactContext, call: ToolCall) -> str | None:
    """The Pipfile pipenv installs: $PIPENV_PIPFILE, else the nearest one upwards."""
    named = call.command.env.get("PIPENV_PIPFILE")
    if named:
        return ctx.resolve(named)
    directory = ctx.nearest_with(ctx.workdir, "Pipfile")
    return posixpath.join(directory, "Pipfile") if directory is not None else None


# Commands whose resolver is not handed the extra pip args (pipenv 2026.10.3 measured: `pipenv
# lock --extra-pip-args=--only-binary=:all:` and `uninstall` with it still ran an sdist's
# setup.py; cmd_lock builds its context without them); clean has no such option.
_NO_EXTRA = frozenset({"lock"}) | _RESOLVES


def _extra_pip_args(parsed: SubcommandArgs, env: Env) -> tuple[Word, ...]:
    """--extra-pip-args, else $PIPENV_EXTRA_PIP_ARGS (pipenv reads PIPENV_<OPTION> for an
    option not given: measured, `PIP_ONLY_BINARY=:all: PIPENV_EXTRA_PIP_ARGS=--no-binary=evil
    pipenv install` ran evil's setup.py)."""
    if parsed.command in _NO_EXTRA:
        return ()
    given = parsed.values("--extra-pip-args")
    if given or "PIPENV_EXTRA_PIP_ARGS" not in env:
        return given
    raw = env["PIPENV_EXTRA_PIP_ARGS"]
    return (Word(raw),) if raw is not None else (Word("$PIPENV_EXTRA_PIP_ARGS", known=False),)


def _resolves(parsed: SubcommandArgs, ctx: FactContext, call: ToolCall) -> bool:
    """`uninstall` given a package (or an editable) re-resolves the rest; `clean` locks when
    the Pipfile the gate read has no Pipfile.lock beside it (one the gate may not see, as in a
    folder it cannot list, counts as there)."""
    if parsed.command == "uninstall":
        return bool(parsed.positionals or parsed.values("-e", "--editable"))
    pipfile = _pipfile(ctx, call)
    if pipfile is None or ctx.files.get(pipfile) is None:
        return False
    lock = pipfile + ".lock"
    if lock in ctx.files:
        return False
    files = ctx.files
    return not (isinstance(files, Files) and files.tree_above(lock) is not None)


def _split_on_spaces(value: str) -> list[str]:
    """pipenv's cut of the pip arguments: `value.split(" ")` (cli/options.py extra_pip_args), so
    a tab or newline stays inside a word (`--only-binary=:all:\n` is no :all: to pip) and two
    spaces hand pip an empty word."""
    return value.split(" ")


def extract(call: ToolCall, ctx: FactContext) -> Install | None:
    """The Install fact for a pipenv command that installs or locks, or None."""
    parsed = _CLI.installing(call, ctx)
    if not isinstance(parsed, SubcommandArgs):
        return parsed
    if parsed.command in _RESOLVES and not _resolves(parsed, ctx, call):
        return None
    unknowns = parsed.unknowns
    env = call.command.env
    extra = _extra_pip_args(parsed, env)
    pip_words = pip_args_words(extra, unknowns, "--extra-pip-args", _split_on_spaces)
    events = pip_events(ctx, call, pip_words, unknowns, "extra-pip-args")
    requirements: list[Requirement] = []
    files: list[RequirementFile] = []
    if parsed.command in ("install", "update", "upgrade"):
        requirements.extend(requirement_of(w) for w in parsed.positionals)
        editables = parsed.values("-e", "--editable")
        requirements.extend(requirement_of(w, editable=True) for w in editables)
        for word in parsed.values("-r", "--requirements"):
            # pipenv imports the file's requirements into the Pipfile; its option lines are
            # not passed on to pip.
            result = parse_requirements(word.value, ctx, constraint=False, env=env)
            files.extend(result.files)
            requirements.extend(result.requirements)
    if call.command.stdin_args:
        requirements.append(Requirement("unknown", "<stdin>"))
    binary = binary_policy(events)
    unknowns[:] = unreadable.relevant(unknowns, binary)
    if parsed.command in ("install", "sync", "update", "upgrade"):
        pipfile = _pipfile(ctx, call)
        if pipfile is not None:
            refs = manifest_refs.pipenv(
                ctx,
                pipfile,
                dev=parsed.has("--dev", "-d", "--dev-only"),
                use_lock=not parsed.has("--skip-lock"),
            )
            requirements.extend(refs.requirements)
            unknowns.extend(manifest_refs.relevant(refs, binary))
    return install_fact(
        call,
        ctx,
        "pipenv",
        parsed.command,
        binary=binary,
        requirements=requirements,
        requirement_files=files,
        unknowns=unknowns,
        fix=_fix(call, parsed),
    )


def inner_commands(call: ToolCall) -> tuple[tuple[Word, ...], ...]:
    """The command `pipenv run CMD …` runs."""
    parsed = _parse(call.args)
    if parsed.command != "run" or not parsed.trailing:
        return ()
    return (parsed.trailing,)
