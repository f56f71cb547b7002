"""pipx commands as install facts (research/tool-semantics.md §5; pipx 1.18.4 measured).

- `install`, `install-all`, `inject`, `upgrade`, `upgrade-all`, `upgrade-shared` (pip, setuptools
  and wheel in the shared libraries venv, always with pip), `reinstall`, `reinstall-all` and
  `run` install packages into a venv with the pip or the uv backend and can build sdists.
- Backend: `--backend`, else PIPX_DEFAULT_BACKEND, else uv whenever uv is reachable (pipx >= 1.12).
  The gate cannot see whether uv is on PATH, so an unforced backend is taken to be uv.
- `--pip-args` (the last one; single quotes stripped, then shlex-split) go to `pip install` with
  the pip backend and are judged with pip's FormatControl; with the uv backend they go to
  `uv pip install` (`run`: translated to `uv tool run --no-build`) and are judged with uv's rules
  (a named `--no-binary` re-enables in either order). `--only-binary=:all:` is compliant with
  both. PIP_* variables and pip.conf count only with the pip backend.
- `pipx runpip VENV ARGS…` runs the venv's pip: an inner command.
argparse matches unique prefixes of long options (`--pip-a`), so they are resolved here too.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable, Iterable

from gate.facts import pip_config, pip_legacy_options, unreadable
from gate.facts import uv_build_options as bo
from gate.facts.argparse_cli import ArgparseCli, with_option
from gate.facts.context import FactContext, ToolCall, install_fact
from gate.facts.optscan import SubcommandArgs
from gate.facts.pip import ALL, binary_policy, cli_events
from gate.facts.pip_args import parse_embedded
from gate.facts.pip_requirements import parse_requirements
from gate.facts.target_kind import requirement_of
from gate.facts.uv_config import ConfigRequest, discover
from gate.model import BinaryPolicy, Env, Install, OptionEvent, Requirement, Unknown, Word

TOOLS: tuple[str, ...] = ("pipx",)

Splitter = Callable[[str], list[str]]

_VALUE_OPTIONS = frozenset(
    {
        "--index-url",
        "-i",
        "--pip-args",
        "--cooldown",
        "--backend",
        "--python",
        "--fetch-python",
        "--suffix",
        "--preinstall",
        "--app",
        "--requirement",
        "-r",
        "--with",
        "--spec",
        "--upgrade-strategy",
        "--python-args",
        "--skip",
        "--lock",
    }
)
_FLAG_OPTIONS = frozenset(
    {
        "--system-site-packages",
        "--editable",
        "-e",
        "--force",
        "-f",
        "--upgrade",
        "-U",
        "--include-deps",
        "--include-apps",
        "--include-injected",
        "--with-suffix",
        "--no-cache",
        "--refresh",
        "--no-path-check",
        "--path",
        "--pypackages",
        "--verbose",
        "-v",
        "--quiet",
        "-q",
        "--global",
        "--help",
        "-h",
        "--version",
        "--fetch-missing-python",
        "--install",
        "--outdated",
    }
)
INSTALLS = frozenset(
    {
        "install",
        "install-all",
        "inject",
        "upgrade",
        "upgrade-all",
        "reinstall",
        "reinstall-all",
        "run",
        # `pip install --upgrade pip setuptools wheel` in the shared libraries venv, with its pip.
        "upgrade-shared",
    }
)


_CLI = ArgparseCli("pipx", _VALUE_OPTIONS, _FLAG_OPTIONS, frozenset({"run", "runpip"}), INSTALLS)
_parse = _CLI.parse


def _backend(parsed: SubcommandArgs, call: ToolCall, unknowns: list[Unknown]) -> str:
    if parsed.command == "upgrade-shared":
        return "pip"  # the shared libraries venv is pip's, whatever backend the apps use
    chosen = parsed.values("--backend")
    if chosen:
        word = chosen[-1]
        if not word.known:
            unknowns.append(Unknown("value of --backend has no known value", word.value))
            return "uv"
        return "pip" if word.value == "pip" else "uv"
    env = call.command.env
    value = env.get("PIPX_DEFAULT_BACKEND")
    if value is not None and value.strip() == "pip":
        return "pip"
    return "uv"


def pip_args_words(
    words: Iterable[Word], unknowns: list[Unknown], option: str, split: Splitter | None = None
) -> list[Word]:
    """The words of the last pip-argument string (argparse keeps the last `--pip-args`).

    pipx strips single quotes around the value and shlex-splits it (main.py get_pip_args).
    """
    given = list(words)
    if not given:
        return []
    word = given[-1]
    if not word.known:
        unknowns.append(Unknown(f"value of {option} has no known value", word.value))
        return []
    try:
        parts = split(word.value) if split else shlex.split(word.value.strip("'"))
    except ValueError:
        unknowns.append(Unknown(f"value of {option} cannot be split", word.value))
        return []
    return [Word(w) for w in parts]


def embedded_events(
    words: list[Word], unknowns: list[Unknown], source: str, ctx: FactContext | None = None
) -> list[OptionEvent]:
    """FormatControl events of pip options embedded in another tool's argument.

    Requirements and constraints files named there are read after the options, as pip reads
    them; a spelling pip rejects leaves the outcome unknown (pip stops, or an older pip differs).
    """
    parsed = parse_embedded(tuple(words))
    unknowns.extend(parsed.unknowns)
    if parsed.rejected:
        rejected = " ".join(parsed.rejected)
        unknowns.append(Unknown(f"{source} hold options pip rejects: {rejected}", rejected))
    events = cli_events(parsed.options, unknowns, source)
    legacy = [source] if any(o.name in pip_legacy_options.OPTIONS for o in parsed.options) else []
    if ctx is None:
        return [*events, *pip_legacy_options.implied(legacy)]
    for opt in parsed.options:
        constraint = opt.name in ("--constraint", "-c")
        if opt.value is None or opt.name not in ("--requirement", "-r", "--constraint", "-c"):
            continue
        if not opt.value.known:
            unknowns.append(Unknown(f"{opt.name} in {source} has no known value", opt.value.value))
            continue
        found = parse_requirements(opt.value.value, ctx, constraint=constraint)
        events.extend(found.events)
        unknowns.extend(found.unknowns)
        legacy.extend(found.legacy)
    return [*events, *pip_legacy_options.implied(legacy)]


def pip_events(
    ctx: FactContext,
    call: ToolCall,
    pip_words: list[Word],
    unknowns: list[Unknown],
    source: str,
    *,
    config: bool = True,
) -> list[OptionEvent]:
    """What the pip a tool runs reads, lowest precedence first: its configuration (pip.conf,
    PIP_*; `--isolated` among the words skips the files) when `config`, then the words."""
    events: list[OptionEvent] = []
    if config:
        isolated = any(w.value == "--isolated" for w in pip_words)
        env = call.command.env
        loaded = pip_config.load(ctx, env, "install", isolated=isolated, prefix="/usr/local")
        unknowns.extend(loaded.unknowns)
        events.extend(loaded.events)
    events.extend(embedded_events(pip_words, unknowns, source, ctx))
    return events


def _uv_config_unknowns(ctx: FactContext, env: Env, unknowns: list[Unknown]) -> None:
    """uv config files pipx's uv backend may read (its `uv pip install` runs in the working
    folder; whether pipx lets uv read them was not measured): one that sets how sources are
    built, or one that may be there unseen (beneath a cache mount, in a branch), is `unknown`
    to an install the rest makes binary-only (weighed like pip's)."""
    value = env.get("UV_CONFIG_FILE")
    request = ConfigRequest(
        cwd=ctx.workdir,
        project_dir=ctx.workdir,
        config_file=value or None,
        config_file_unknown="UV_CONFIG_FILE" in env and value is None,
    )
    config = discover(ctx, env, request)
    unknowns.extend(unreadable.unknown("a uv setting", u.reason, u.text) for u in config.unknowns)
    unknowns.extend(config.weighed)
    for settings in config.files:
        if settings.events():
            why = "may be read by pipx's uv backend, which gate does not follow"
            unknowns.append(unreadable.unknown(f"the uv config file {settings.path}", why,
                                               settings.path))  # fmt: skip


def _uv_policy(events: list[OptionEvent]) -> BinaryPolicy:
    """uv's rules for the same options: lists union, a named no-binary re-enables in any order."""
    only = [v for e in events if e.option == "only-binary" for v in bo.split(e.value)]
    no = [v for e in events if e.option == "no-binary" for v in bo.split(e.value)]
    return bo.policy(bo.from_specifiers(only), bo.from_specifiers(no), events)


def _requirements(parsed: SubcommandArgs, call: ToolCall) -> list[Requirement]:
    command = parsed.command
    editable = parsed.has("--editable", "-e")
    out: list[Requirement] = []
    if command == "install":
        out.extend(requirement_of(w, editable=editable) for w in parsed.positionals)
    elif command == "inject":
        out.extend(requirement_of(w, editable=editable) for w in parsed.positionals[1:])
        out.extend(Requirement("unknown", f"-r {w.value}") for w in parsed.values("-r"))
        out.extend(Requirement("unknown", f"-r {w.value}") for w in parsed.values("--requirement"))
    elif command == "run":
        spec = parsed.values("--spec")
        if spec:
            out.append(requirement_of(spec[-1]))
        elif parsed.trailing:
            out.append(requirement_of(parsed.trailing[0]))
    elif command in ("upgrade", "reinstall"):
        out.extend(requirement_of(w) for w in parsed.positionals)
    elif command == "upgrade-shared":
        out.extend(requirement_of(Word(name)) for name in ("pip", "setuptools", "wheel"))
    out.extend(requirement_of(w) for w in parsed.values("--preinstall", "--with"))
    if call.command.stdin_args:
        out.append(Requirement("unknown", "<stdin>"))
    return out


def _fix(call: ToolCall, parsed: SubcommandArgs, pip_words: list[Word]) -> str:
    kept = parse_embedded(tuple(pip_words))
    drop_inner: set[int] = set()
    for opt in kept.options:
        if opt.name in ("--only-binary", "--no-binary"):
            drop_inner.update(range(opt.start, opt.end))
    inner = [f"--only-binary={ALL}"] + [
        shlex.quote(w.value) for k, w in enumerate(pip_words) if k not in drop_inner
    ]
    return with_option(call, parsed, "--pip-args", "--pip-args=" + shlex.quote(" ".join(inner)))


def extract(call: ToolCall, ctx: FactContext) -> Install | None:
    """The Install fact for a pipx command that installs packages, or None."""
    parsed = _CLI.installing(call, ctx)
    if not isinstance(parsed, SubcommandArgs):
        return parsed
    unknowns = parsed.unknowns
    if parsed.command == "run" and not parsed.trailing and not parsed.values("--spec"):
        return None
    backend = _backend(parsed, call, unknowns)
    pip_words = pip_args_words(parsed.values("--pip-args"), unknowns, "--pip-args")
    # PIP_* variables and pip.conf count only with the pip backend; uv's config files with uv.
    events = pip_events(ctx, call, pip_words, unknowns, "pip-args", config=backend == "pip")
    if backend == "uv":
        _uv_config_unknowns(ctx, call.command.env, unknowns)
    binary = binary_policy(events) if backend == "pip" else _uv_policy(events)
    unknowns[:] = unreadable.relevant(unknowns, binary)
    requirements = _requirements(parsed, call)
    fix = _fix(call, parsed, pip_words)
    return install_fact(
        call,
        ctx,
        "pipx",
        parsed.command,
        binary=binary,
        requirements=requirements,
        unknowns=unknowns,
        backend=backend,
        fix=fix,
    )


# A PEP 508 name, then what may follow it in a requirement (extras, a version, a marker, a URL).
_REQUIREMENT_NAME = re.compile(
    r"\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:[\[=<>!~;@(]|\Z)"
)


def _app_of_requirement(app: str) -> str:
    """The program `pipx run APP` runs without --spec: APP's requirement name, normalized
    (`pipx run pip==23.2 install x` installs pip 23.2 and runs its `pip`; commands/run.py
    _package_name_from_app); APP itself when it is no requirement (a script path, a URL)."""
    m = _REQUIREMENT_NAME.match(app)
    if m is None:
        return app
    return re.sub(r"[-_.]+", "-", m.group(1)).lower()


def inner_commands(call: ToolCall) -> tuple[tuple[Word, ...], ...]:
    """`pipx runpip VENV ARGS…` runs `pip ARGS…` in the venv; `pipx run APP ARGS…` runs APP
    (`pipx run pip install x`, `pipx run --spec pip-tools pip-compile`)."""
    parsed = _parse(call.args)
    if parsed.command == "run" and parsed.trailing:
        app, *rest = parsed.trailing
        if app.known and not parsed.values("--spec"):
            app = Word(_app_of_requirement(app.value))
        return ((app, *rest),)
    if parsed.command != "runpip" or len(parsed.trailing) < 2:
        return ()
    return ((Word("pip"), *parsed.trailing[1:]),)
