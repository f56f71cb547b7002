"""pip commands as install facts (research/tool-semantics.md §2; pip 23.2 to 26.3).

- `install` (also `--dry-run`/`--report`), `download` (even `--no-deps`), `wheel` and `lock` can
  run build backends; every other subcommand, `--help` and `--version` install nothing.
- Only-binary state is pip's FormatControl (models/format_control.py), mutated in this order:
  config files (`[global]`, then `[<command>]`), PIP_* variables, the command line left to right,
  then `-c` files and `-r` files as pip reads them (pip_config, pip_requirements). `:all:` clears
  both sets, `:none:` the target set, a name moves from one set to the other; the result is
  compliant when `:all:` is in only_binary and no_binary is empty.
- Abbreviated options resolve as optparse does in the newest pip that accepts them (pip_options):
  `--only-b :all:` everywhere, `--only :all:` up to pip 25.3 (pip 26 rejects it and installs
  nothing, so it is read as only-binary either way).
- `--isolated` (the exact word) drops PIP_* variables and the user config files.
Direct references (paths, archives, URLs, VCS, editables) are requirements of their own kind:
only-binary does not cover them, which the policy decides.
"""

from __future__ import annotations

import posixpath
import re
import shlex
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from gate.facts import (
    manifest_refs,
    pip_build_constraints,
    pip_config,
    pip_legacy_options,
    unreadable,
)
from gate.facts.context import UNKNOWN_CWD, FactContext, ToolCall, install_fact
from gate.facts.optscan import Opt
from gate.facts.pip_args import PipArgs, parse
from gate.facts.pip_refused import refused_by_pip
from gate.facts.pip_requirements import (
    RequirementsResult,
    dependency_group,
    parse_requirements,
    script_requirements,
)
from gate.facts.programs import program_name
from gate.facts.target_kind import requirement_of
from gate.fast_replace import replace
from gate.model import (
    BinaryPolicy,
    Env,
    Install,
    OptionEvent,
    Requirement,
    RequirementFile,
    Unknown,
    Word,
)
from gate.shell.wrappers import BASH_TIME

TOOLS: tuple[str, ...] = ("pip",)

BUILDING_COMMANDS = frozenset({"install", "download", "wheel", "lock"})
QUIET_COMMANDS = frozenset(
    {
        "uninstall",
        "list",
        "freeze",
        "show",
        "config",
        "cache",
        "check",
        "index",
        "inspect",
        "hash",
        "debug",
        "completion",
        "help",
        "search",
    }
)
_FORMAT_OPTIONS = {"--only-binary": "only-binary", "--no-binary": "no-binary"}
_PYLOCK = re.compile(r"pylock(\.[^./]+)?\.toml")
ALL = ":all:"
NONE = ":none:"
# A valid project name (PEP 508 / packaging's NAME_PATTERN), the only names an index serves.
_PROJECT_NAME = re.compile(r"[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?")
# The interpreter prefix when the gate cannot tell which Python runs pip (official python images).
DEFAULT_PREFIX = "/usr/local"


# ---------------------------------------------------------------------------------------------
# FormatControl.


def canonicalize(name: str) -> str:
    """packaging.utils.canonicalize_name as pip calls it: no stripping, no validation."""
    return re.sub(r"[-_.]+", "-", name).lower()


@dataclass
class FormatControl:
    """pip's FormatControl; insertion-ordered so facts are stable."""

    only_binary: dict[str, None] = field(default_factory=dict)
    no_binary: dict[str, None] = field(default_factory=dict)

    def apply(self, option: str, value: str) -> None:
        """handle_mutual_excludes for one `--only-binary`/`--no-binary` value."""
        if value.startswith("-"):
            return  # "option requires 1 argument": pip stops before installing anything
        if option == "only-binary":
            target, other = self.only_binary, self.no_binary
        elif option == "no-binary":
            target, other = self.no_binary, self.only_binary
        else:
            return
        new = value.split(",")
        while ALL in new:
            other.clear()
            target.clear()
            target[ALL] = None
            del new[: new.index(ALL) + 1]
            if NONE not in new:
                return
        for name in new:
            if name == NONE:
                target.clear()
                continue
            canonical = canonicalize(name)
            if canonical != ALL and not _PROJECT_NAME.fullmatch(name):
                # pip adds the name as given ("" from `--no-binary=""`, `${nb}` left unexpanded
                # in a requirements file, ` lxml` after a comma and a blank), but no project
                # can have it, so it turns nothing on or off. (`:ALL:` becomes `:all:`, which
                # pip's format check then finds.)
                continue
            other.pop(canonical, None)
            target[canonical] = None

    def policy(self, events: Sequence[OptionEvent]) -> BinaryPolicy:
        return BinaryPolicy(tuple(self.only_binary), tuple(self.no_binary), tuple(events))


def binary_policy(events: Iterable[OptionEvent]) -> BinaryPolicy:
    """The BinaryPolicy after applying `events` in order with pip's rules."""
    events = list(events)
    control = FormatControl()
    for event in events:
        control.apply(event.option, event.value)
    return control.policy(events)


# ---------------------------------------------------------------------------------------------
# Extraction.


@dataclass
class _Facts:
    requirements: list[Requirement] = field(default_factory=list)
    files: list[RequirementFile] = field(default_factory=list)
    file_events: list[OptionEvent] = field(default_factory=list)
    unknowns: list[Unknown] = field(default_factory=list)
    doubted: set[str] = field(default_factory=set)  # RequirementsResult.doubted
    legacy: list[str] = field(default_factory=list)  # pip_legacy_options sources


def _bin_prefix(path: str) -> str | None:
    in_bin = path.startswith("/") and posixpath.basename(posixpath.dirname(path)) == "bin"
    if in_bin and program_name(path).startswith(("pip", "python", "pypy")):
        return posixpath.dirname(posixpath.dirname(path))
    return None


def interpreter_prefix(
    call: ToolCall,
    env: Env,
    args: PipArgs | None = None,
    files: Mapping[str, str | None] | None = None,
) -> str:
    """sys.prefix of the Python running pip: `/opt/venv/bin/pip` → /opt/venv, else $VIRTUAL_ENV,
    else the virtual environment (one the build made, as `files` show) whose bin folder comes
    first on $PATH: `ENV PATH=/opt/venv/bin:$PATH` then `pip install` runs that venv's pip.

    After `. VENV/bin/activate` the VIRTUAL_ENV it set is not taken as the prefix: pip never
    reads it, the `pip` $PATH finds runs, and VENV/bin is first there. So a venv the build made
    with pip is VENV; one without (`uv venv`) leaves the image's pip; an activate script of a
    venv gate does not know (a base image's, conda's `bin/activate`) names none, as before.

    `pip --python /opt/venv/bin/python …` re-runs pip under that interpreter.
    """
    if args is not None:
        pythons = [o.value for o in args.general if o.name == "--python" and o.value]
        if pythons and pythons[-1].known:
            found = _bin_prefix(pythons[-1].value)
            if found:
                return found
    found = _bin_prefix(call.spelling.split(" ", 1)[0])
    if found:
        return found
    venv = env.get("VIRTUAL_ENV")
    if venv and venv != call.command.venv and _named_by_path(env, files, venv):
        return venv
    program = call.spelling.split(" ", 1)[0]
    if files is not None and "/" not in program:
        return _on_path(env, files, program) or DEFAULT_PREFIX
    return DEFAULT_PREFIX


# Folders on $PATH that hold the image's own Python (and its pip) before any venv could.
_SYSTEM_BINS = frozenset({"/usr/local/bin", "/usr/local/sbin", "/usr/bin", "/usr/sbin", "/bin"})


def _named_by_path(env: Env, files: Mapping[str, str | None] | None, venv: str) -> bool:
    """Whether a $VIRTUAL_ENV the build set itself (`ENV VIRTUAL_ENV=/opt/venv`) may be the
    prefix of the `pip` $PATH finds. pip never reads the variable. A venv the build made is
    placed by $PATH alone (`_on_path`; a $PATH the build never set is Docker's default there):
    `python -m venv $VIRTUAL_ENV` without its bin on $PATH, or a `uv venv` (no pip) first on
    it, leaves the image's pip and the image's site file. Another venv counts where VENV/bin
    comes before the system folders of a $PATH gate knows, or where gate does not know $PATH
    (a base image's, or `PATH=/opt/venv/bin:$PATH` of it), as before."""
    path = env.get("PATH")
    if files is None or (path is None and "PATH" in env):
        return True  # `PATH=/opt/venv/bin:$PATH` of an unknown $PATH: VENV/bin may be first
    if posixpath.join(venv, "pyvenv.cfg") in files:
        return False
    if path is None:
        return True
    bin_folder = posixpath.normpath(posixpath.join(venv, "bin"))
    for folder in path.split(":")[:64]:
        folder = posixpath.normpath(folder) if folder else folder
        if folder == bin_folder:
            return True
        if folder in _SYSTEM_BINS:
            return False
    return False


def _on_path(env: Env, files: Mapping[str, str | None], program: str) -> str | None:
    """The venv whose bin folder $PATH reaches before a system one, when the build made it with
    the program (`pip` only where it was given one; any venv has its `python`)."""
    marker = "pip" if program.startswith("pip") else None
    for folder in (env.get("PATH") or "").split(":")[:64]:
        folder = posixpath.normpath(folder) if folder else folder
        if folder in _SYSTEM_BINS:
            return None
        prefix = folder[:-4] if folder.endswith("/bin") else None
        if prefix is None or posixpath.join(prefix, "pyvenv.cfg") not in files:
            continue
        if marker is None or posixpath.join(folder, marker) in files:
            return prefix
    return None


def cli_events(
    options: Iterable[Opt], unknowns: list[Unknown], source: str = "cli"
) -> list[OptionEvent]:
    """OptionEvents for the format options among parsed pip options, in order."""
    events: list[OptionEvent] = []
    for opt in options:
        option = _FORMAT_OPTIONS.get(opt.name)
        if option is None or opt.value is None:
            continue
        if not opt.value.known:
            unknowns.append(Unknown(f"value of {opt.name} has no known value", opt.value.value))
        events.append(OptionEvent(source, option, opt.value.value))
    return events


def _in_cwd(call: ToolCall, ctx: FactContext) -> FactContext:
    cwd = UNKNOWN_CWD if not call.command.cwd_known else call.command.cwd
    if cwd and cwd != ctx.workdir:
        return FactContext(replace(ctx.run, workdir=cwd), ctx.files, ctx.branch)
    return ctx


def _add_file(facts: _Facts, word: Word, ctx: FactContext, env: Env, *, constraint: bool) -> None:
    path = word.value
    unnamed = unreadable.of_name(word, "constraints file" if constraint else "requirements file")
    if unnamed is not None:
        facts.unknowns.append(unnamed)
    if word.known and not constraint and _PYLOCK.fullmatch(posixpath.basename(path)):
        _add_pylock(facts, word, ctx)
        return
    _add_result(facts, parse_requirements(path, ctx, constraint=constraint, env=env))


def _add_result(facts: _Facts, result: RequirementsResult) -> None:
    facts.files.extend(result.files)
    facts.file_events.extend(result.events)
    facts.unknowns.extend(result.unknowns)
    facts.doubted.update(result.doubted)
    facts.legacy.extend(result.legacy)
    facts.requirements.extend(result.requirements)


def _add_pylock(facts: _Facts, word: Word, ctx: FactContext) -> None:
    """`-r pylock.toml` (pip >= 26.1): its entries are requirements, its own kinds."""
    from gate.facts.uv_requirements import _pylock_requirements

    resolved = ctx.resolve(word.value)
    text = ctx.read(word.value)
    facts.files.append(RequirementFile(word.value, resolved, text is not None))
    if text is not None:
        facts.requirements.extend(_pylock_requirements(text, resolved))
        return
    # One the build downloads or a program writes (`uv export -o pylock.toml`) may lock VCS
    # and URL entries, which pip builds under only-binary.
    why = unreadable.of_file(ctx.files, resolved)
    if why is not None:
        facts.unknowns.append(unreadable.unknown("pylock file", why, word.value))


def _collect(call: ToolCall, ctx: FactContext, args: PipArgs, facts: _Facts) -> None:
    env = call.command.env
    # pip's get_requirements order: constraints files, arguments, groups, editables, -r files.
    for word in args.values("--constraint", "-c"):
        _add_file(facts, word, ctx, env, constraint=True)
    for word in args.positionals:
        if word.value.strip() or not word.known:
            facts.requirements.append(requirement_of(word))
    for word in args.values("--group"):
        _add_result(facts, dependency_group(word.value, ctx))
    for word in args.values("--editable", "-e"):
        facts.requirements.append(requirement_of(word, editable=True))
    for word in args.values("--requirement", "-r"):
        _add_file(facts, word, ctx, env, constraint=False)
    for word in args.values("--requirements-from-script"):
        _add_result(facts, script_requirements(word.value, ctx))
    if call.command.stdin_args:
        facts.requirements.append(Requirement("unknown", "<stdin>"))


def _quote(word: Word) -> str:
    return shlex.quote(word.value) if word.known else word.value


def _fix(call: ToolCall, args: PipArgs, env: Env) -> str:
    """The command line with `--only-binary :all:` after the subcommand, re-enablers dropped."""
    dropped: set[int] = set()
    for opt in args.options:
        if opt.name in _FORMAT_OPTIONS or opt.name in pip_legacy_options.OPTIONS:
            dropped.update(range(opt.start, opt.end))
    out: list[str] = []
    for name in ("PIP_NO_BINARY",):
        if env.get(name):
            out.append(f"{name}=")
    if call.implied and call.implied == len(call.args):
        # Every word is the program's own (`python -m venv --upgrade-deps`): no place for a
        # flag, but the pip it runs reads the environment.
        return " ".join([*out, f"PIP_ONLY_BINARY={ALL}", call.spelling])
    out.append(call.spelling)
    for i, word in enumerate(call.args):
        if i in dropped:
            continue
        if i >= call.implied:
            out.append(_quote(word))
        if i == args.command_index:
            out.extend(["--only-binary", ALL])
    return " ".join(out)


def _shows_help(args: PipArgs) -> bool:
    names = ("-h", "--help", "--version", "-V")
    return any(o.name in names for o in (*args.general, *args.options))


def extract(call: ToolCall, ctx: FactContext) -> Install | None:
    """The Install fact for a pip command that can build packages, or None."""
    args = parse(call.args)
    env = call.command.env
    facts = _Facts()
    if _shows_help(args):
        return None
    if not args.command and args.unknowns:
        # `pip "${a[@]}"`, `pip $ARGS`: every word may be an option, or the subcommand itself.
        hidden = args.unknowns[0].text
        facts.unknowns.append(Unknown("pip subcommand may be hidden in an expansion", hidden))
        return _install(call, ctx, args, facts, BinaryPolicy(), None, command="<unknown>")
    if not args.command:
        return None
    if not args.command_known:
        facts.unknowns.append(Unknown("pip subcommand has no known value", args.command))
        return _install(call, ctx, args, facts, BinaryPolicy(), None)
    if args.command not in BUILDING_COMMANDS:
        if args.command not in QUIET_COMMANDS and args.hidden_command:
            # `pip $CMD x`: the expansion may be the subcommand itself.
            hidden = args.unknowns[0].text if args.unknowns else ""
            facts.unknowns.append(Unknown("pip subcommand may be hidden in an expansion", hidden))
            return _install(call, ctx, args, facts, BinaryPolicy(), None, command="<unknown>")
        return None
    if any(w.known and refused_by_pip(w.value) for w in args.positionals):
        return None  # "Invalid requirement": pip stops before it installs anything
    ctx = _in_cwd(call, ctx)
    _collect(call, ctx, args, facts)
    if not (facts.requirements or facts.files or args.unknowns):
        return None  # "You must give at least one requirement": pip stops
    prefix = interpreter_prefix(call, env, args, ctx.files)
    loaded = pip_config.load(ctx, env, args.command, isolated=args.isolated, prefix=prefix)
    facts.unknowns.extend(loaded.unknowns)
    build_env = [(w, True) for w in args.values(pip_build_constraints.OPTION)]
    for key, value in loaded.listed:
        # PIP_CONSTRAINT, PIP_REQUIREMENT, PIP_EDITABLE (or the config keys) as -c, -r, -e.
        if key == "editable":
            facts.requirements.append(requirement_of(Word(value), editable=True))
        elif key == pip_build_constraints.KEY:
            build_env.append((Word(value), True))
        elif key in pip_legacy_options.KEYS:
            facts.legacy.append(f"setting {key}")
        else:
            _add_file(facts, Word(value), ctx, env, constraint=key == "constraint")
    later = [*cli_events(args.options, facts.unknowns), *facts.file_events]
    isolating = not args.has("--no-build-isolation")  # else no build environment, no such pip
    if isolating and pip_build_constraints.may_build(facts.requirements):
        if args.command != "install" or args.isolated:
            build_env.extend(_build_env_files(facts, ctx, env, prefix, loaded.listed))
        if build_env:
            built = pip_build_constraints.read(build_env, ctx, env)
            _add_result(facts, replace(built, events=()))
            later.extend(built.events)  # applied after all the install read
    if args.has(*pip_legacy_options.OPTIONS):
        facts.legacy.insert(0, "cli")
    later.extend(pip_legacy_options.implied(facts.legacy))  # pip applies it last
    ordered, order_unknown = _env_order(call, ctx, loaded.events, later)
    if order_unknown is not None:
        facts.unknowns.append(order_unknown)
    loaded = replace(loaded, events=ordered)
    events = [*loaded.events, *later]
    binary = binary_policy(events)
    for key, unknown in loaded.unknown_formats:
        if _moot(key, loaded.events, later, binary) and unknown in facts.unknowns:
            facts.unknowns.remove(unknown)
    facts.unknowns.extend(_other_pips(call, ctx, env, args, prefix, loaded, binary, later))
    hopeful = binary_policy(e for e in events if not _doubted_off(e, facts.doubted))
    facts.unknowns[:] = unreadable.relevant(facts.unknowns, binary, hopeful)
    no_deps = args.has("--no-deps", "--no-dependencies") or loaded.no_deps
    _add_project_refs(facts, ctx, binary, no_deps=no_deps, isolation=isolating)
    return _install(call, ctx, args, facts, binary, _fix(call, args, env), no_deps=no_deps)


def _build_env_files(
    facts: _Facts,
    ctx: FactContext,
    env: Env,
    prefix: str,
    read: Sequence[tuple[str, str]],
) -> list[tuple[Word, bool]]:
    """The requirements and constraints files the pip that installs a build's dependencies
    reads from its settings where this pip did not: it runs `pip install`, without
    `--isolated`, in this environment (build_env.py), so it reads PIP_* variables and the
    `[install]` section whatever this command was. Its own command line (the finder's
    `--no-binary`/`--only-binary`) comes after its settings' format options, not after these
    files' lines. Measured pip 23.2.1 and 26.2.1, a fake sdist on a local `--find-links`:
    `PIP_REQUIREMENT=r.txt pip install --isolated --only-binary :all: ./app` and `pip wheel
    --only-binary :all: ./app` under `[install] requirement = r.txt`, r.txt holding
    `--no-binary evil2` and `evil2`, build evil2 in app's build environment."""
    theirs = pip_config.load(ctx, env, "install", isolated=False, prefix=prefix)
    files: list[tuple[Word, bool]] = []
    for key, value in theirs.listed:
        if (key, value) in read:
            continue
        if key == "editable":
            facts.requirements.append(requirement_of(Word(value), editable=True))
        else:
            files.append((Word(value), key != "requirement"))
    facts.unknowns.extend(u for u in theirs.unknowns if u not in facts.unknowns)
    return files


def _doubted_off(event: OptionEvent, doubted: set[str]) -> bool:
    """An option line, of a file whose lines may not be those read (an edit gate does not
    work out may have deleted it), that turns sources on: without it the install may be
    binary-only, so what that file holds decides the verdict."""
    if event.source not in doubted:
        return False
    return event.option != "only-binary" or ":none:" in event.value.split(",")


# What a PIP_ONLY_BINARY/PIP_NO_BINARY of no known value may hold, as far as the outcome goes:
# nothing, every package, or (only-binary) `:none:`, which clears what came before it.
_FORMAT_EXTREMES = {"no-binary": ("", ":all:"), "only-binary": ("", ":all:", ":none:")}


def _moot(
    key: str, before: list[OptionEvent], later: list[OptionEvent], binary: BinaryPolicy
) -> bool:
    """Whether a format variable of no known value cannot change the verdict: whatever it
    holds, wherever pip applies it among the environment (its order is os.environ's), every
    package is binary-only, or not, as in `binary` (a later `--only-binary :all:` on the
    command line clears it; with sources on already, it can only turn more on)."""
    outcome = _binary_only(binary)
    for value in _FORMAT_EXTREMES[key]:
        event = [OptionEvent("env", key, value)] if value else []
        for at in range(len(before) + 1):
            if _binary_only(binary_policy([*before[:at], *event, *before[at:], *later])) != outcome:
                return False
    return True


def _env_order(
    call: ToolCall, ctx: FactContext, before: list[OptionEvent], later: list[OptionEvent]
) -> tuple[list[OptionEvent], Unknown | None]:
    """The config and environment events in the order pip applies them, and why the outcome
    hangs on an order the gate cannot tell, when it does.

    pip applies its PIP_* variables in os.environ order, the later one's callback clearing the
    other for `:all:`. That order is the one the process starting pip hands it, whatever order
    the variables were set in (measured, research/pip-env-order): dash and busybox sh put
    PIP_NO_BINARY first, bash PIP_ONLY_BINARY first (the order `before` has). Where the gate
    cannot name that process, both orders are weighed and their disagreeing is `unknown`."""
    at = [i for i, e in enumerate(before) if e.source.startswith("env:")]
    if len(at) != 2:
        return before, None
    swapped = list(before)
    swapped[at[0]], swapped[at[1]] = before[at[1]], before[at[0]]
    starter = _env_starter(call, ctx)
    if starter == "bash":
        return before, None
    if starter == "dash":
        return swapped, None
    first = _binary_only(binary_policy([*before, *later]))
    if _binary_only(binary_policy([*swapped, *later])) == first:
        return before, None
    names = " and ".join(before[i].source.removeprefix("env:") for i in at)
    shown = " ".join(f"{before[i].source.removeprefix('env:')}={before[i].value}" for i in at)
    why = f"pip applies {names} in environment order, which the shell starting pip sets"
    return before, Unknown(why, shown)


# Wrappers that run their program with the environment as they got it (its order kept).
_KEEP_ORDER = frozenset({"time", "nice", "nohup", "timeout", "command", "exec", "setsid",
                         "stdbuf", "ionice", "chrt", "taskset"})  # fmt: skip
_BASH = frozenset({"bash", "rbash", BASH_TIME})
_DASH = frozenset({"dash", "ash"})


def _env_starter(call: ToolCall, ctx: FactContext) -> str | None:
    """Which shell's variable order pip's environment has ("bash", "dash"), where the gate
    can tell: the innermost shell wrapper, or the step's SHELL, through wrappers that keep it."""
    for label in reversed(call.command.wrappers):
        name = program_name(label.split(" ", 1)[0]) if label != BASH_TIME else label
        if name in _BASH:
            return "bash"
        if name in _DASH:
            return "dash"
        if name not in _KEEP_ORDER:
            return None  # env, sudo, su …: an environment built anew, in an order not modelled
    if ctx.run.exec_form:
        return None  # the builder's own order (BuildKit's env list), not modelled
    # The base image's config Shell may stand in for SHELL: every one of them must agree.
    kinds = {_shell_kind(shell) for shell in (ctx.run.shell, *ctx.run.alternative_shells)}
    return kinds.pop() if len(kinds) == 1 else None


def _shell_kind(shell: tuple[str, ...]) -> str | None:
    name = program_name(shell[0]) if shell else ""
    return "bash" if name in _BASH else "dash" if name in _DASH else None


def _binary_only(binary: BinaryPolicy) -> bool:
    return ":all:" in binary.only_binary and not binary.no_binary


_MAX_OTHER_PIPS = 16  # venvs weighed for a $PATH gate cannot read; past it: unknown


def _other_pips(
    call: ToolCall,
    ctx: FactContext,
    env: Env,
    args: PipArgs,
    prefix: str,
    loaded: pip_config.Loaded,
    binary: BinaryPolicy,
    later: list[OptionEvent],
) -> list[Unknown]:
    """With $PATH of no known value (`export PATH=/opt/venv/bin:$PATH` over a base image's
    PATH gate did not read) a bare `pip` may be the pip of any venv the build made, which reads
    its own site config (VENV/pip.conf) and not the image's. Where one of them would install
    under other build options the install is unknown; where all agree, nothing is said."""
    program = call.spelling.split(" ", 1)[0]
    if "/" in program or "PATH" not in env or env["PATH"] is not None:
        return []
    marker = "pip" if program.startswith("pip") else None  # as _on_path: any venv has python
    others = [p for p in _venvs_made(ctx.files, marker) if p != prefix]
    if prefix != DEFAULT_PREFIX:
        others.append(DEFAULT_PREFIX)
    if len(others) > _MAX_OTHER_PIPS:
        return [Unknown("$PATH has no known value, and the build made many venvs whose pip may "
                        "run here", "$PATH")]  # fmt: skip
    for other in others:
        alt = pip_config.load(ctx, env, args.command, isolated=args.isolated, prefix=other)
        alt_binary = binary_policy([*alt.events, *later])
        same = (alt_binary.only_binary, alt_binary.no_binary) == (
            binary.only_binary, binary.no_binary
        ) and alt.listed == loaded.listed and not alt.unknowns
        if not same:
            return [Unknown(f"$PATH has no known value: `{program}` may be {other}'s, whose "
                            "config gives other build options", "$PATH")]  # fmt: skip
    return []


def _venvs_made(files: Mapping[str, str | None], marker: str | None) -> list[str]:
    """The venvs the build made (a pyvenv.cfg), with `marker` in their bin when one is given."""
    found = []
    for path in files:
        if path.endswith("/pyvenv.cfg"):
            venv = path[: -len("/pyvenv.cfg")]
            if marker is None or posixpath.join(venv, "bin", marker) in files:
                found.append(venv)
    return found


def _add_project_refs(
    facts: _Facts, ctx: FactContext, binary: BinaryPolicy, *, no_deps: bool, isolation: bool
) -> None:
    """Direct references the local projects being built declare (manifest_refs): pip builds
    them whatever format control says; --no-deps leaves only the build requirements, which
    --no-build-isolation drops too."""
    deps = not no_deps
    build_requires = isolation
    for requirement in tuple(facts.requirements):
        target = (
            manifest_refs.local_target(requirement.text, ctx)
            if requirement.kind == "local"
            else None
        )
        if target is None:
            continue
        refs = manifest_refs.project(ctx, target, deps=deps, build_requires=build_requires)
        facts.requirements.extend(refs.requirements)
        facts.unknowns.extend(manifest_refs.relevant(refs, binary))


def _install(
    call: ToolCall,
    ctx: FactContext,
    args: PipArgs,
    facts: _Facts,
    binary: BinaryPolicy,
    fix: str | None,
    *,
    command: str | None = None,
    no_deps: bool = False,
) -> Install:
    if command is None:
        command = args.command if args.command_known else "<unknown>"
    return install_fact(
        call,
        ctx,
        "pip",
        command,
        binary=binary,
        requirements=facts.requirements,
        requirement_files=facts.files,
        unknowns=[*args.unknowns, *facts.unknowns],
        no_deps=no_deps or args.has("--no-deps", "--no-dependencies"),
        fix=fix,
    )


# ---------------------------------------------------------------------------------------------
# `pip config set/unset` writes a pip.conf that later commands read.


def file_effects(call: ToolCall, ctx: FactContext) -> Mapping[str, str | None]:
    """The pip.conf `pip config [--user|--global|--site] set KEY VALUE` / `unset KEY` writes."""
    args = parse(call.args)
    if args.command != "config" or _shows_help(args) or not args.positionals:
        return {}
    action, *rest = args.positionals
    if not action.known or action.value not in ("set", "unset"):
        return {}
    env = call.command.env
    flags = [o.name for o in args.options]
    path = pip_config.edit_target(
        ctx, env, interpreter_prefix(call, env, args, ctx.files), flags, isolated=args.isolated
    )
    if path is None:
        return {}
    want = 2 if action.value == "set" else 1
    if len(rest) != want:
        return {}  # "Got unexpected number of arguments"
    key = rest[0]
    value = rest[1] if action.value == "set" else None
    if not key.known or (value is not None and not value.known):
        return {path: None}
    exists = path in ctx.files
    written = pip_config.write(
        ctx.files.get(path), exists, key.value, value.value if value is not None else None
    )
    if written is False:
        return {}
    return {path: written if isinstance(written, str) else None}


def edited_files(call: ToolCall, ctx: FactContext) -> list[str]:
    """The pip.conf `pip config [--user|--global|--site] edit` opens in an editor: what the
    editor leaves there is not known."""
    args = parse(call.args)
    if args.command != "config" or _shows_help(args) or not args.positionals:
        return []
    action = args.positionals[0]
    if action.known and action.value != "edit":
        return []
    env = call.command.env
    flags = [o.name for o in args.options]
    path = pip_config.edit_target(
        ctx, env, interpreter_prefix(call, env, args, ctx.files), flags, isolated=args.isolated
    )
    return [path] if path is not None else []
