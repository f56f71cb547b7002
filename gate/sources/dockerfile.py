"""Dockerfile → BuildSource: each stage's RUN steps and file writes, ARG/ENV scope as in BuildKit.

The ``dockerfile`` package (BuildKit's own parser, compiled in) splits the file into instructions,
joins continuation lines and drops comment lines inside them, and cuts heredocs out. What BuildKit
does after parsing (dockerfile2llb) is redone here, as far as the gate needs it:

- Global ``ARG``s (before the first FROM) expand FROM lines; inside a stage only a bare ``ARG NAME``
  brings one in. ``--build-arg`` overrides a declared ARG's default. An ARG with no default and no
  build arg is *set to an unknown value* (``None``): the builder may pass anything, so the gate must
  not assume it is empty.
- RUN sees ARGs and ENVs of its stage as environment; ENV wins over an ARG of the same name,
  except an ARG declared after the ENV: BuildKit gives RUN the ARG's value there, the classic
  builder the ENV's, so the value is unknown where the two differ.
- ``FROM <stage>`` inherits that stage's ENV, ARGs (BuildKit carries them into child stages),
  WORKDIR and SHELL (its files: gate/build_files.py); ``FROM <image>`` starts afresh, from the
  image's config Env and Shell when the caller's ``base_env`` lookup knows them (the Env below
  the stage's ARGs and ENVs). The lookup is only asked for a FROM whose reference is fully known
  (not ``scratch``, not a template, no ARG of unknown value); ``None`` from it means nothing
  known: an empty environment, and the OS default shell (``cmd /S /C`` for an image named as a
  Windows one, with PowerShell as the alternative; base_env.shell_in_effect). This module does no
  I/O of its own beyond the Dockerfile and the context.
- RUN heredocs follow BuildKit's dispatchRun: a command line that is only ``<<EOF`` runs the body
  with the shell (a body starting with ``#!`` is run by its interpreter, given here as the body on
  that interpreter's stdin); any other command line gets its heredocs back as shell heredocs, so
  ``RUN python3 <<EOF`` and ``RUN <<EOF bash`` reach the shell layer as redirections.
- ``ONBUILD RUN`` is judged where it is written, but runs in a child build: every trigger of the
  stage (ENV, ARG, WORKDIR, USER, SHELL, COPY, RUN with its mounts…) runs in order from the
  stage's final ENV, WORKDIR, SHELL and USER, none of its ARGs (child_build). A ``FROM <stage>``
  of this file is such a child too: the triggers run first in the new stage, as if written
  there.
- COPY/ADD, and the files a ``RUN --mount=type=bind|secret`` shows, become FileWrites: heredoc
  bodies (expanded unless the delimiter is quoted), files of interest from ``--context`` (see
  ``build_context.INTERESTING_*``); otherwise a file of unknown content when the destination file
  name is known. A ``--from`` stage gives a StageCopy: what that stage holds at its end is known
  only once its RUNs are walked, so the fact layer's build-file model resolves it.

Lines of unknown instructions (templates: ``{{ … }}``, ``{% … %}``) are skipped rather than refused,
so a template's RUN lines are still judged.

Over 600 lines: the per-instruction builders share the stage state (ARG/ENV scopes, SHELL).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace

from gate.model import (
    DEFAULT_PATH,
    BaseImageRead,
    BuildSource,
    Env,
    FileWrite,
    InputError,
    Location,
    Run,
    Stage,
    Step,
    Target,
    Unjudgeable,
)
from gate.sources.base_env import (
    POSIX_SHELL,
    UNKNOWN_PLATFORM,
    WINDOWS_SHELL,
    BaseEnvLookup,
    BaseImage,
    shell_in_effect,
)
from gate.sources.build_context import MAX_CONTEXT_ENTRIES, BuildContext, interesting
from gate.sources.buildkit import dockerfile
from gate.sources.docker_words import LexOptions, expand
from gate.sources.dockerfile_files import FileSteps, copy_steps, mount_steps, secret_env
from gate.sources.dockerfile_text import (
    MAX_DOCKERFILE_BYTES,
    STDIN,
    Instr,
    escape_directive,
    foreign_frontend,
    json_tail_text,
    one_line,
    parse,
    parse_commands,
    read_text,
    run_script,
    shebang_only_once_chomped,
    shebang_script,
    syntax_directive,
)
from gate.sources.file_name import file_name
from gate.sources.image_paths import join as _join
from gate.sources.keywords import KEYWORDS
from gate.sources.older_frontends import escape_warning, recut_flags
from gate.sources.onbuild_trigger import trigger_text

__all__ = ["MAX_DOCKERFILE_BYTES", "POSIX_SHELL", "STDIN", "read_dockerfile"]


MAX_ENV_ENTRIES = 500_000  # variables over all distinct step environments
MAX_VALUE_CHARS = 32 * 1024 * 1024  # characters of all expanded values and heredoc bodies
# ONBUILD triggers replayed in all (each `FROM <stage>` and each stage's child build runs its
# stage's triggers again): N triggers and N `FROM a` lines make N² steps, 40,000 from a 7 KB
# file (12 s). A file past this is refused, as docker's own limits refuse one.
MAX_TRIGGER_REPLAYS = 4096

# BuildKit defines these in the global scope from the platform; their values are the builder's.
_PLATFORM_ARGS = (
    "TARGETPLATFORM",
    "TARGETOS",
    "TARGETARCH",
    "TARGETVARIANT",
    "BUILDPLATFORM",
    "BUILDOS",
    "BUILDARCH",
    "BUILDVARIANT",
)

# FROM --platform naming the platform the build is for, or the builder's: the engine's own.
_OWN_PLATFORM = re.compile(r"\$(?:\{)?(?:TARGETPLATFORM|BUILDPLATFORM)\b\}?")

_HEREDOC_RAW = LexOptions(skip_quotes=True)
_TEMPLATE = re.compile(r"\{\{|\{%|@[A-Za-z_]+@")


def read_dockerfile(
    path: str,
    *,
    build_args: Mapping[str, str],
    target: str | None,
    context: str | None,
    base_env: BaseEnvLookup | None = None,
) -> BuildSource:
    """Read a Dockerfile into the stages a build of ``target`` (default: every stage) would run.

    ``base_env`` gives the config (Env, Shell, os) of a base image by reference (None: not known).

    Raises InputError (one line, with the line number where known) for anything BuildKit could not
    build from: unreadable or binary files, parse errors, no FROM, an unknown target stage.
    """
    opened = path
    # Findings, exceptions, errors and reports know the file by one name, however it was
    # spelled (`./Dockerfile`, `$PWD/Dockerfile`).
    path = file_name(path)
    try:
        text = read_text(opened)
    except InputError as error:
        raise InputError(error.message, path=path, line=error.line) from None
    escape = escape_directive(text)
    instructions, older = recut_flags(parse(text, path, escape), escape, path)
    builder = _Builder(
        path, text, escape, dict(build_args), BuildContext.open(context, opened), base_env
    )
    for instr in instructions:
        builder.dispatch(instr)
    stages = builder.finish()
    if not stages:
        raise InputError("no FROM instruction: the Dockerfile has no build stage", path=path)
    if target is not None:
        stages = _needed_stages(stages, target, path)
    return BuildSource(
        target=Target("dockerfile", path),
        stages=tuple(s.stage for s in stages),
        text=text,
        unjudgeable=(
            *_frontend_warning(text, path, build_args),
            *escape_warning(text, path),
            *older,
            *builder.unknown_warning(),
            *builder.unjudgeable,
        ),
        base_images=tuple(s.base_read for s in stages if s.base_read is not None),
    )


# ---------------------------------------------------------------------------------------------
# Building the stages.


@dataclass
class _StageState:
    index: int
    name: str | None
    base: str
    parent: int | None
    args: dict[str, str | None]
    env: dict[str, str | None]
    workdir: str
    shell: tuple[str, ...]
    alternatives: tuple[tuple[str, ...], ...]
    start_env: dict[str, str | None]
    # The base image's config Env (inherited by FROM <stage>), below ARG and ENV.
    base_env: dict[str, str | None] = field(default_factory=dict)
    steps: list[Step] = field(default_factory=list)
    deps: set[int] = field(default_factory=set)
    view_cache: dict[str, str | None] | None = None
    words_cache: tuple[dict[str, str | None], dict[str, str | None]] | None = None
    # An ARG declared after an ENV of its name: BuildKit's RUN sees the ARG's value (its
    # dispatchArg adds it to the state's env over the ENV's: the later wins), the classic builder
    # the ENV's (ENV always wins there). Its one value where they agree, else unknown (None);
    # a later ENV of the name wins in both.
    over_env: dict[str, str | None] = field(default_factory=dict)
    # The USER whose passwd entry gives a RUN its HOME, where no ENV sets one: "" for root (the
    # default, /root); None for a user gate cannot name (from a variable it cannot expand).
    user: str | None = ""
    # False after a WORKDIR holding an ARG of no known value (its text keeps `$W`): a relative
    # path below it may be anywhere.
    workdir_known: bool = True
    platform: str | None = None  # FROM --platform, expanded
    # Built on a Windows base (its default shell cmd): BuildKit runs a `#!` heredoc's body with
    # the shell there, as any other heredoc, instead of executing it.
    windows: bool = False
    base_read: BaseImageRead | None = None  # the base image config read for this stage
    # The base image's config Env was read (here, or for the stage this one is built FROM):
    # a name it lacks that the stage neither declares nor sets is not in a RUN's environment.
    env_known: bool = False
    # The ONBUILD instructions written in the stage: a later `FROM <this stage>` runs them first.
    triggers: list[Instr] = field(default_factory=list)
    stage: Stage = field(init=False)

    @property
    def label(self) -> str:
        return self.name if self.name is not None else str(self.index)

    def view(self) -> dict[str, str | None]:
        """What RUN and expansion see: the base's Env, ARGs, ENV winning (shared until a change)."""
        if self.view_cache is None:
            self.view_cache = {**self.base_env, **self.args, **self.env, **self.over_env}
        return self.view_cache

    def words(self) -> dict[str, str | None]:
        """What an instruction's words expand with: view(), with $PATH always set. BuildKit gives
        a stage not on Windows Docker's default $PATH where its base image sets none
        (dockerfile2llb "make sure that PATH is always set"), so `ENV PATH=/opt/venv/bin:$PATH`
        keeps the system folders; a base whose config gate did not read is taken to set that
        default, as a shell takes a $PATH the build never set (gate/shell/state.State.get).
        RUN's environment stays view(): there a missing $PATH still reads as the base's own."""
        view = self.view()
        if "PATH" in view or self.windows:
            return view
        if self.words_cache is None or self.words_cache[0] is not view:
            self.words_cache = (view, {**view, "PATH": DEFAULT_PATH})
        return self.words_cache[1]

    def image_env(self) -> dict[str, str | None]:
        """The image config's Env at this point: the base's, then ENV (no ARGs)."""
        return {**self.base_env, **self.env}


class _Builder:
    """Replays the instructions (private, mutable)."""

    def __init__(
        self,
        path: str,
        text: str,
        escape: str,
        build_args: dict[str, str],
        context: BuildContext | None,
        base_env: BaseEnvLookup | None = None,
    ) -> None:
        self.path = path
        self.base_env = base_env
        self.text = text
        self.escape = escape
        self.file_escape = escape  # `self.escape` is the child's while its triggers replay
        self.trigger_replays = 0
        self.parsed_triggers: dict[int, Instr | None] = {}  # by line: each parsed once
        self.lex = LexOptions(escape=escape)
        self.build_args = build_args
        self.context = context
        self.unjudgeable: list[Unjudgeable] = []
        self.meta: dict[str, str | None] = {name: build_args.get(name) for name in _PLATFORM_ARGS}
        # The names ARGs before the first FROM declare, in order.
        self.global_names: dict[str, None] = {}
        self.stages: list[_StageState] = []
        # Instructions docker build would refuse: said as a warning, never skipped in silence.
        self.unknown: list[Instr] = []
        self.by_name: dict[str, int] = {}
        self.env_entries = 0
        self.value_chars = 0
        self.instr: Instr | None = None
        # Replaying ONBUILD triggers in a child build of another Dockerfile (child_build): its
        # stages are no one's here, so `--from=NAME` names an image.
        self.in_child = False

    # -- errors and budgets ------------------------------------------------------------------
    def error(self, message: str) -> InputError:
        line = self.instr.start if self.instr is not None else None
        return InputError(one_line(message), path=self.path, line=line)

    def spend(self, text: str | None) -> None:
        if text is not None:
            self.value_chars += len(text)
            if self.value_chars > MAX_VALUE_CHARS:
                raise self.error("variables and heredocs expand to more than 32 MiB in all")

    def plain(self, word: str) -> bool:
        """Nothing to expand or unquote: most words, and expand() costs far more than this."""
        # Written out: a generator over the four cost more than the four tests (every word).
        return (
            "$" not in word and "'" not in word and '"' not in word and self.escape not in word
        )

    def word(self, word: str, env: Mapping[str, str | None]) -> str | None:
        """A word after quote removal and expansion; None when its value is not known."""
        if self.plain(word):
            return word
        result = expand(word, env, self.lex)
        if result.error is not None:
            raise self.error(f"{result.error} (in {_short(word)})")
        if not result.known:
            return None
        self.spend(result.value)
        return result.value

    def text_word(self, word: str, env: Mapping[str, str | None]) -> str:
        """Like word(), but an unknown value keeps its text (``/app/$DIR``) for paths and names."""
        if self.plain(word):
            return word
        result = expand(word, env, self.lex)
        if result.error is not None:
            raise self.error(f"{result.error} (in {_short(word)})")
        self.spend(result.value)
        return result.value

    # -- dispatch ----------------------------------------------------------------------------
    def dispatch(self, instr: Instr) -> None:
        self.instr = instr
        keyword = instr.keyword
        if keyword not in KEYWORDS:
            self.unknown_instruction(instr)
            return
        if keyword == "FROM":
            self.from_(instr)
            return
        if not self.stages:
            if keyword == "ARG":
                self.global_arg(instr)
                return
            raise self.error(f"{keyword} before the first FROM: there is no build stage yet")
        handler = _STAGE_INSTRUCTIONS.get(keyword)
        if handler is not None:
            handler(self, self.stages[-1], instr)

    def unknown_instruction(self, instr: Instr) -> None:
        # One warning per file, at the first: a template not rendered has dozens of such lines.
        self.unknown.append(instr)

    def unknown_warning(self) -> tuple[Unjudgeable, ...]:
        if not self.unknown:
            return ()
        first, rest = self.unknown[0], self.unknown[1:]
        reason = (
            f"{_short(first.keyword, 40)} is not a Dockerfile instruction, so docker build "
            "refuses the file (a typo, or a template not rendered?)"
        )
        if rest:
            lines = ", ".join(str(i.start) for i in rest[:5]) + (", …" if len(rest) > 5 else "")
            if len(rest) == 1:
                reason += f"; 1 more unknown instruction (line {lines})"
            else:
                reason += f"; {len(rest)} more unknown instructions (lines {lines})"
        at = Location(path=self.path, line=first.start, end_line=first.end)
        return (Unjudgeable(at, reason),)

    def location(self, stage: _StageState, instr: Instr) -> Location:
        return Location(path=self.path, line=instr.start, end_line=instr.end, stage=stage.label)

    # -- FROM and ARG ------------------------------------------------------------------------
    def from_(self, instr: Instr) -> None:
        value = instr.value
        named = len(value) >= 3 and value[-2].upper() == "AS"
        image = value[:-2] if named else value
        if len(image) != 1:
            if not image or not _TEMPLATE.search(" ".join(image)):
                raise self.error(
                    "FROM requires either one or three arguments (FROM image [AS name])"
                )
            # A template's FROM ({{ base_image }}): its steps are still worth judging.
            image = (" ".join(image),)
        base = self.text_word(image[0], self.meta)
        if not base:
            raise self.error(f"base name ({image[0]}) should not be blank")
        name = value[-1].lower() if named else None
        index = len(self.stages)
        parent_index = self.by_name.get(base.lower())
        found: BaseImage | None = None
        if parent_index is not None:
            parent = self.stages[parent_index]
            self.count_entries(
                len(parent.args) + len(parent.env) + len(parent.base_env) + len(parent.view())
            )
            stage = _StageState(
                index=index,
                name=name,
                base=base,
                parent=parent_index,
                args=dict(parent.args),
                env=dict(parent.env),
                over_env=dict(parent.over_env),
                workdir=parent.workdir,
                workdir_known=parent.workdir_known,
                shell=parent.shell,
                alternatives=parent.alternatives,
                start_env=dict(parent.view()),
                base_env=dict(parent.base_env),
                deps={parent_index},
                user=parent.user,
                windows=parent.windows,
                env_known=parent.env_known,
            )
        else:
            found = self.base_image(image[0], self.lookup_platform(instr))
            inherited = dict(found.env) if found is not None else {}
            self.count_entries(2 * len(inherited))
            shell = shell_in_effect(base, found)
            stage = _StageState(
                index=index,
                name=name,
                base=base,
                parent=None,
                args={},
                env={},
                workdir="/",
                shell=shell.shell,
                alternatives=shell.alternatives,
                start_env=dict(inherited),
                base_env=inherited,
                windows=shell.shell == WINDOWS_SHELL,
                env_known=found is not None and found.failure is None,
            )
        stage.platform = self.from_platform(instr)
        if parent_index is None and found is not None:
            stage.base_read = BaseImageRead(
                stage=stage.label,
                reference=self.word(image[0], self.meta) or base,
                digest=found.digest,
                read_from=found.read_from,
                env=tuple(sorted(found.env)),
                shell=found.shell,
                error=found.failure,
            )
        self.stages.append(stage)
        if name is not None:
            # A later stage of the same name shadows the earlier one for later references.
            self.by_name[name] = index
        if parent_index is not None:
            self.run_triggers(stage, self.stages[parent_index].triggers, instr)

    def run_triggers(
        self, stage: _StageState, triggers: list[Instr], from_instr: Instr | None
    ) -> None:
        """BuildKit runs the ONBUILD triggers of the stage a FROM names first in the new stage,
        with this build's context and stages (dockerfile2llb initOnBuildTriggers); the parent's
        own parent's triggers are not run again."""
        for onbuild in triggers:
            self.trigger_replays += 1
            if self.trigger_replays > MAX_TRIGGER_REPLAYS:
                self.instr = from_instr or onbuild
                raise self.error(
                    f"ONBUILD triggers would run more than {MAX_TRIGGER_REPLAYS} times in all"
                )
            trigger = self.trigger(onbuild)
            if trigger is None or trigger.keyword in ("ONBUILD", "FROM", "MAINTAINER"):
                continue
            handler = _STAGE_INSTRUCTIONS.get(trigger.keyword)
            if handler is None:
                continue
            self.instr = trigger
            try:
                handler(self, stage, trigger)
            except InputError:
                if not self.in_child or self.over_budget():
                    raise
                break  # the child build fails at this trigger: nothing after it runs
        self.instr = from_instr

    def over_budget(self) -> bool:
        return (
            self.value_chars > MAX_VALUE_CHARS
            or self.env_entries > MAX_ENV_ENTRIES
            or self.trigger_replays > MAX_TRIGGER_REPLAYS
        )

    def from_platform(self, instr: Instr) -> str | None:
        """FROM --platform=os/arch after ARG expansion; None when absent or not fully known."""
        for flag in instr.flags:
            name, sep, value = flag.partition("=")
            if name == "--platform" and sep:
                expanded = self.text_word(value, self.meta)
                return None if "$" in expanded or not expanded else expanded
        return None

    def lookup_platform(self, instr: Instr) -> str | None:
        """The platform to read a stage's base for: FROM --platform's known value; None without
        one or for the build's own ($TARGETPLATFORM, $BUILDPLATFORM: the engine's, as with no
        flag); UNKNOWN_PLATFORM for any other value gate cannot know."""
        known = self.from_platform(instr)
        for flag in instr.flags:
            name, sep, value = flag.partition("=")
            if name == "--platform" and sep and known is None:
                expanded = self.text_word(value, self.meta)
                if "$" in expanded and _OWN_PLATFORM.fullmatch(value.strip()) is None:
                    return UNKNOWN_PLATFORM
        return known

    def base_image(self, word: str, platform: str | None) -> BaseImage | None:
        """The config of the image a FROM word names (for `platform`, FROM --platform's value
        when known), when the lookup knows it."""
        if self.base_env is None or _TEMPLATE.search(word):
            return None
        ref = self.word(word, self.meta)
        if not ref or ref.lower() == "scratch" or any(ch.isspace() for ch in ref):
            return None  # an ARG of unknown value, or no image at all
        found = self.base_env(ref, platform)
        if found is None:
            return None
        for value in found.env.values():
            self.spend(value)
        return found

    def arg_pairs(self, instr: Instr) -> Iterator[tuple[str, str | None]]:
        """(name, default as written or None) for each ``NAME[=default]``."""
        if not instr.value:
            raise self.error("ARG requires at least one argument")
        for item in instr.value:
            name, eq, default = item.partition("=")
            if not name:
                raise self.error(f"ARG names can not be blank ({_short(item)})")
            yield name, default if eq else None

    def global_arg(self, instr: Instr) -> None:
        for name, default in self.arg_pairs(instr):
            self.global_names.setdefault(name)
            if name in self.build_args:
                value: str | None = self.build_args[name]
            elif default is not None:
                value = self.word(default, self.meta)
            else:
                value = None
            self.meta[name] = value

    def arg(self, stage: _StageState, instr: Instr) -> None:
        for written, default in self.arg_pairs(instr):
            # BuildKit expands a stage ARG's name as a word (ArgCommand.Expand): `ARG "X"`
            # and `ARG $N` declare X, and the RUNs after it have X.
            name = self.word(written, stage.words())
            if name is None:
                # Any name may be declared here: none can be said to be missing from a RUN.
                stage.env_known = False
                continue
            if name in self.build_args:
                value: str | None = self.build_args[name]
            elif default is not None:
                value = self.word(default, stage.words())
            elif name in self.meta:
                value = self.meta[name]
            else:
                value = None
            stage.args[name] = value
            if name in stage.env:
                stage.over_env[name] = value if value == stage.env[name] else None
            stage.view_cache = None

    # -- ENV, WORKDIR, SHELL -----------------------------------------------------------------
    def env(self, stage: _StageState, instr: Instr) -> None:
        value = instr.value
        if not value or len(value) % 2:
            raise self.error("ENV requires name=value pairs")
        # Every pair of one ENV expands with the environment from before the instruction.
        before = stage.words()
        updates: list[tuple[str, str | None]] = []
        for i in range(0, len(value), 2):
            name = self.word(value[i], before)
            if not name:
                continue
            updates.append((name, self.word(value[i + 1], before)))
        for name, new in updates:
            stage.env[name] = new
            stage.over_env.pop(name, None)
        stage.view_cache = None

    def workdir(self, stage: _StageState, instr: Instr) -> None:
        if not instr.value:
            raise self.error("WORKDIR requires exactly one argument")
        word = " ".join(instr.value)
        new = self.text_word(word, stage.words())
        if new:
            stage.workdir = _join(stage.workdir, new)
            known = "$" not in new or self.word(word, stage.words()) is not None
            stage.workdir_known = known and (stage.workdir_known or new.startswith("/"))

    def user(self, stage: _StageState, instr: Instr) -> None:
        if not instr.value:
            raise self.error("USER requires exactly one argument")
        name = self.text_word(instr.value[0], stage.words()).split(":", 1)[0]
        if name in ("", "root", "0"):
            stage.user = ""
        elif name.isdigit() or _USER_NAME.fullmatch(name):
            # The runtime sets HOME from the user's passwd entry: the shell layer places it
            # among the users the build made (gate/shell/users.py).
            stage.user = name
        else:
            stage.user = None  # a name from a variable: its passwd entry unseen

    def shell(self, stage: _StageState, instr: Instr) -> None:
        if not instr.json:
            raise self.error(
                'SHELL requires the arguments in JSON form: SHELL ["executable", "parameters"]'
            )
        if not instr.value:
            raise self.error("SHELL requires at least one argument")
        stage.shell = instr.value
        stage.alternatives = ()

    # -- RUN and ONBUILD RUN -----------------------------------------------------------------
    def run(self, stage: _StageState, instr: Instr) -> None:
        location = self.location(stage, instr)
        for flag in instr.flags:
            self.mount(stage, flag, location)
        env = self.step_env(_with_home(stage, stage.view()))
        view = stage.words()
        secrets = [name for flag in instr.flags if (name := secret_env(self, flag, view))]
        if secrets:
            env = {**env, **dict.fromkeys(secrets)}  # set, to values gate cannot know
        unset = _unset_globals(stage, self.global_names, env)
        if instr.json:
            stage.steps.append(_run_step(stage, location, env, instr.value, unset=unset))
            # Text after the array: Dockerfile 1.9+ runs the whole line in the shell instead
            # (dockerfile_text.json_tail_text); older builders the array. Both are judged.
            tail = json_tail_text(instr)
            if tail is None:
                return
            command_line = tail
        else:
            command_line = " ".join(instr.value)
            if not command_line.strip():
                raise self.error("RUN requires at least one argument")
        shebang = None if stage.windows else shebang_script(command_line, instr.heredocs)
        script = run_script(command_line, instr.heredocs) if shebang is None else shebang
        if shebang is not None and shebang_only_once_chomped(command_line, instr.heredocs):
            # Frontends before 1.21 run this body with the SHELL: judged that way too.
            shell_script = run_script(command_line, instr.heredocs)
            self.spend(shell_script)
            stage.steps.append(
                _run_step(stage, location, env, None, shell_script, unset=unset)
            )
        self.spend(script)
        stage.steps.append(
            _run_step(
                stage, location, env, None, script, shebang=shebang is not None, unset=unset
            )
        )

    def step_env(self, view: dict[str, str | None]) -> Env:
        self.count_entries(len(view))
        return view

    def count_entries(self, count: int) -> None:
        """Each step and stage holds its own environment: bound their sum, not just the file."""
        self.env_entries += count
        if self.env_entries > MAX_ENV_ENTRIES:
            raise self.error(
                f"the steps' environments hold more than {MAX_ENV_ENTRIES} variables in all"
            )

    def mount(self, stage: _StageState, flag: str, location: Location) -> None:
        found = mount_steps(
            self, flag, stage.words(), stage.workdir, location, workdir_known=stage.workdir_known
        )
        self.add_files(stage, found)

    def copy(self, stage: _StageState, instr: Instr) -> None:
        location = self.location(stage, instr)
        exhausted = self.context is not None and self.context.exhausted
        unread = len(self.context.unread_copies) if self.context is not None else 0
        closed = len(self.context.closed_copies) if self.context is not None else 0
        found = copy_steps(self, instr, stage.words(), stage.workdir, location)
        restricted = _restricting_chmod(instr.flags, lambda word: self.word(word, stage.words()))
        if restricted:
            found = replace(
                found,
                steps=tuple(
                    s if isinstance(s, FileWrite) and s.cover else replace(s, restricted=restricted)
                    for s in found.steps
                ),
            )
        elif (
            self.context is not None
            and len(self.context.closed_copies) > closed
            and not any(f.startswith(("--chmod=", "--chown=")) for f in instr.flags)
        ):
            # COPY keeps a context file's own mode (no --chmod): a config only root may read.
            modes = dict(self.context.closed_copies[closed:])
            found = replace(
                found,
                steps=tuple(
                    replace(s, restricted=f"of a context file of mode {modes[s.path]:o}")
                    if isinstance(s, FileWrite) and not s.cover and s.path in modes
                    else s
                    for s in found.steps
                ),
            )
        self.add_files(stage, found)
        if self.context is not None:
            for dest, path, why in self.context.unread_copies[unread:]:
                if interesting(posixpath.basename(dest)) or interesting(posixpath.basename(path)):
                    # Requirements or a config an install may read: options in it are not seen.
                    said = f"the gate could not read {path} ({why}): options in it are not seen"
                    self.unjudgeable.append(Unjudgeable(location, said, stage.index))
        if self.context is not None and self.context.exhausted and not exhausted:
            # Files past the cap are not recorded: what a RUN reads from them is not seen.
            self.unjudgeable.append(
                Unjudgeable(
                    location,
                    f"the build context holds more than {MAX_CONTEXT_ENTRIES} entries: files "
                    "this copy brings in were not read (options in them are not seen)",
                    stage.index,
                )
            )

    def add_files(self, stage: _StageState, found: FileSteps) -> None:
        stage.deps |= found.deps
        stage.steps.extend(found.steps)

    def onbuild(self, stage: _StageState, instr: Instr) -> None:
        if not instr.sub:
            raise self.error("ONBUILD requires at least one argument")  # parseOnBuild
        if instr.sub in ("ONBUILD", "FROM", "MAINTAINER"):
            # BuildKit's parseOnBuild refuses these in the parent build itself: the file does
            # not build, so nothing after it is what would run.
            why = (
                "chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed"
                if instr.sub == "ONBUILD"
                else f"{instr.sub} isn't allowed as an ONBUILD trigger"
            )
            at = Location(path=self.path, line=instr.start, end_line=instr.end)
            self.unjudgeable.append(Unjudgeable(at, f"{why}, so docker build refuses the file"))
            return
        if instr.sub == "RUN" and not instr.json and not " ".join(instr.value).strip():
            raise self.error("ONBUILD RUN requires at least one argument")
        # Judged where written at the end of the stage (child_build), and again in a
        # `FROM <stage>` of this file (run_triggers).
        stage.triggers.append(instr)

    def trigger(self, instr: Instr) -> Instr | None:
        """An ONBUILD's instruction as a child build parses it (onbuild_trigger), at its lines:
        the file's parser drops its flags and heredoc bodies."""
        if instr.start not in self.parsed_triggers:
            self.parsed_triggers[instr.start] = self._parse_trigger(instr)
        return self.parsed_triggers[instr.start]

    def _parse_trigger(self, instr: Instr) -> Instr | None:
        lines = self.text.split("\n")[instr.start - 1 : instr.end]
        if not lines:
            return None
        try:
            parsed = parse_commands(trigger_text(lines, instr.original, self.file_escape) + "\n")
        except (dockerfile.GoParseError, dockerfile.GoIOError):
            return None
        return replace(parsed[0], start=instr.start, end=instr.end) if parsed else None

    def stage_ref(self, ref: str) -> int | None:
        """The earlier stage a ``--from`` names (by name or index), None for an image."""
        if self.in_child:
            return None
        if ref.isdigit():
            index = int(ref)
            return index if index < len(self.stages) - 1 else None
        found = self.by_name.get(ref.lower())
        return found if found is not None and found < len(self.stages) - 1 else None

    # -- the end -----------------------------------------------------------------------------
    def finish(self) -> list[_StageState]:
        self.instr = None
        for stage in self.stages:
            steps = stage.steps + self.child_build(stage)
            stage.stage = Stage(
                index=stage.index,
                name=stage.name,
                base=stage.base,
                parent=stage.parent,
                steps=tuple(steps),
                start_env=stage.start_env,
                platform=stage.platform,
            )
        return self.stages

    def child_build(self, stage: _StageState) -> list[Step]:
        """The stage's ONBUILD triggers judged where written: BuildKit runs them first in a child
        build of another Dockerfile, FROM the image this stage makes (its config's Env,
        WorkingDir, Shell and User; no ARGs), in order, each seeing what the ones before it set
        (`ONBUILD ENV`, `ONBUILD SHELL`, a mount on `ONBUILD RUN`). That child's context, stages
        and build args are no one's here: what it copies in is of unknown content, an ARG
        without a default of unknown value. Its steps come after the stage's own, marked
        `onbuild` (the walker keeps what they write out of this stage's files)."""
        if not stage.triggers:
            return []
        child = _StageState(
            index=stage.index,
            name=stage.name,
            base=stage.base,
            parent=stage.parent,
            args={},
            env=dict(stage.env),
            workdir=stage.workdir,
            workdir_known=stage.workdir_known,
            shell=stage.shell,
            alternatives=stage.alternatives,
            start_env=stage.image_env(),
            base_env=dict(stage.base_env),
            user=stage.user,
            platform=stage.platform,
            windows=stage.windows,
        )
        saved = (self.context, self.build_args, self.meta, self.escape, self.lex)
        self.context, self.build_args, self.meta, self.in_child = None, {}, {}, True
        # The child's own Dockerfile expands the triggers' words with its escape character,
        # the default `\\` unless it says otherwise (BuildKit's shell lexer is the child's).
        self.escape, self.lex = "\\", LexOptions(escape="\\")
        try:
            self.run_triggers(child, stage.triggers, None)
        finally:
            self.context, self.build_args, self.meta, self.escape, self.lex = saved
            self.in_child = False
            self.instr = None
        return [replace(step, onbuild=True) for step in child.steps
                if isinstance(step, (Run, FileWrite))]  # fmt: skip


_USER_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")


def _restricting_chmod(flags: Sequence[str], expand: Callable[[str], str | None]) -> str:
    """The `--chmod=MODE` flag when MODE may keep a RUN's user from reading a file root owns:
    an octal MODE without the others' read bit, or one gate cannot read (a symbolic mode,
    dockerfile 1.14+, or an ARG of no known value). "" otherwise, and where `--chown` gives
    the files to another user (the one the build then most likely runs as)."""
    found = ""
    for flag in flags:
        if flag.startswith("--chown="):
            owner = (expand(flag[len("--chown=") :]) or "").split(":", 1)[0]
            if owner not in ("root", "0"):
                return ""
        elif flag.startswith("--chmod="):
            mode = expand(flag[len("--chmod=") :])
            if mode is None or not re.fullmatch(r"[0-7]{1,4}", mode) or not int(mode, 8) & 4:
                found = flag
    return found


def _with_home(stage: _StageState, env: dict[str, str | None]) -> dict[str, str | None]:
    """A RUN's environment, with HOME unknown for a USER gate cannot name."""
    if stage.user is None and "HOME" not in env:
        return {**env, "HOME": None}
    return env


def _home_user(stage: _StageState, env: Env) -> str:
    """The USER whose passwd entry gives a RUN its HOME: "" where ENV sets HOME, or for root."""
    return (stage.user or "") if "HOME" not in env else ""


def _run_step(
    stage: _StageState,
    location: Location,
    env: Env,
    exec_argv: tuple[str, ...] | None,
    script: str = "",
    *,
    onbuild: bool = False,
    shebang: bool = False,
    unset: tuple[str, ...] = (),
) -> Run:
    """A RUN of `stage` as it stands: its SHELL and WORKDIR; exec form when `exec_argv` is given
    (no shell runs, so the stage's alternative shells do not apply), else the shell `script`.
    A `#!` heredoc (`shebang`) runs under no SHELL: its script is run by a plain `/bin/sh`."""
    exec_form = exec_argv is not None
    return Run(
        location=location,
        shell=POSIX_SHELL if shebang else stage.shell,
        exec_form=exec_form,
        argv=exec_argv or (),
        script=script,
        env=env,
        workdir=stage.workdir,
        onbuild=onbuild,
        alternative_shells=() if exec_form or shebang else stage.alternatives,
        user=_home_user(stage, env),
        unset=unset,
    )


# Names a RUN may have though its stage declares no ARG of them: BuildKit's predefined proxy
# ARGs (passed on when given as build arguments), and what Docker and the shells set themselves.
_RUNTIME_NAMES = frozenset({
    "HTTP_PROXY", "HTTPS_PROXY", "FTP_PROXY", "NO_PROXY", "ALL_PROXY",
    "http_proxy", "https_proxy", "ftp_proxy", "no_proxy", "all_proxy",
    "HOME", "HOSTNAME", "PATH", "TERM", "PWD", "OLDPWD", "IFS", "PS1", "PS2", "PS4", "OPTIND",
    "OPTARG", "PPID", "SHLVL", "SHELLOPTS", "UID", "EUID", "GROUPS", "HOSTTYPE", "MACHTYPE",
    "OSTYPE", "LINENO", "RANDOM", "SRANDOM", "SECONDS", "EPOCHSECONDS", "EPOCHREALTIME",
    "FUNCNAME", "DIRSTACK", "PIPESTATUS", "HISTCMD", "OPTERR", "COLUMNS", "LINES", "MAIL",
    "MAILCHECK", "COMP_WORDBREAKS", "HISTFILE", "HISTFILESIZE", "HISTSIZE", "ENV", "_",
})  # fmt: skip


def _unset_globals(
    stage: _StageState, names: dict[str, None], env: Env
) -> tuple[str, ...]:
    """The ARGs declared before the first FROM that a RUN of `stage` surely does not have: the
    stage does not declare them, and the base image's config Env, read, lacks them."""
    if not stage.env_known:
        return ()
    return tuple(
        n for n in names if n not in env and n not in _RUNTIME_NAMES and not n.startswith("BASH")
    )


# What an instruction does to the stage it stands in; the others change nothing the gate reads.
_STAGE_INSTRUCTIONS: dict[str, Callable[[_Builder, _StageState, Instr], None]] = {
    "ARG": _Builder.arg,
    "ENV": _Builder.env,
    "WORKDIR": _Builder.workdir,
    "USER": _Builder.user,
    "SHELL": _Builder.shell,
    "RUN": _Builder.run,
    "ONBUILD": _Builder.onbuild,
    "COPY": _Builder.copy,
    "ADD": _Builder.copy,
}


def _frontend_warning(
    text: str, path: str, build_args: Mapping[str, str]
) -> tuple[Unjudgeable, ...]:
    """BuildKit hands the file to the frontend image `# syntax=` (or the BUILDKIT_SYNTAX build
    arg) names: one that is not Docker's own may turn it into any build at all."""
    directive = syntax_directive(text)
    image, line = (
        (build_args["BUILDKIT_SYNTAX"], 1)
        if "BUILDKIT_SYNTAX" in build_args
        else (directive if directive is not None else ("", 0))
    )
    if not image or not foreign_frontend(image):
        return ()
    reason = (
        f"the frontend image {_short(image)} builds this file and may read it in its own way: "
        "gate judges it as a Dockerfile"
    )
    return (Unjudgeable(Location(path=path, line=line, end_line=line), reason),)


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _needed_stages(stages: Sequence[_StageState], target: str, path: str) -> list[_StageState]:
    """The target stage and every stage it needs (FROM, COPY --from, RUN --mount from), in order."""
    wanted = target.lower()
    index = next((s.index for s in reversed(stages) if s.name == wanted), None)
    if index is None:
        names = ", ".join(s.name for s in stages if s.name) or "none"
        raise InputError(f"target stage {target!r} not found (named stages: {names})", path=path)
    needed: set[int] = set()
    todo = [index]
    while todo:
        current = todo.pop()
        if current in needed:
            continue
        needed.add(current)
        todo.extend(stages[current].deps)
    return [s for s in stages if s.index in needed]
