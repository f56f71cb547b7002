"""RUN mounts in the image-history records that keep their flags: kaniko's raw lines, buildah's
`/bin/sh -c --mount=… cmd` and `config.OnBuild` triggers. BuildKit records no flags, so its
mounts are not seen at all.

A mount hides what lies beneath its target for its RUN and may show files gate cannot read (a
cache's leftovers, a secret, a bind of a context gate does not have), so each is read as the
Dockerfile reader reads it (dockerfile_files.mount_steps): a cache mount at a pip config's folder
makes a binary-only install `unknown`, a target of no known value makes every file of the RUN of
unknown content. The record has no build context and no stages: a bind's files are of unknown
content, `from=` names an image. A secret mount's `env=NAME` sets NAME to a value no one but the
builder knows (secret_names). A WORKDIR a child build or kaniko runs is expanded as BuildKit expands
it; one of no known value leaves the folder unknown, so a relative mount target may be anywhere
(workdir_after).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace

from gate.model import Env, FileWrite, InputError, Location, Unread
from gate.sources.build_context import BuildContext
from gate.sources.docker_words import expand
from gate.sources.dockerfile_files import mount_steps, secret_env


class _RecordEnv(Mapping[str, str | None]):
    """The record's environment, where a name it does not hold is of no known value: a record
    keeps the ARGs the build was given only where the builder wrote them down."""

    def __init__(self, env: Env) -> None:
        self.env = env

    def __contains__(self, name: object) -> bool:
        return True

    def __getitem__(self, name: str) -> str | None:
        return self.env.get(name)

    def __iter__(self) -> Iterator[str]:
        return iter(self.env)

    def __len__(self) -> int:
        return len(self.env)


@dataclass
class _RecordWords:
    """Word expansion for a record's flags (dockerfile_files.Words)."""

    context: BuildContext | None = None

    def text_word(self, word: str, env: Env) -> str:
        found = expand(word, env)
        if found.error is not None:
            raise InputError(found.error)
        return found.value

    def word(self, word: str, env: Env) -> str | None:
        found = expand(word, env)
        return found.value if found.known and found.error is None else None

    def spend(self, text: str | None) -> None:
        return None  # a record's text is bounded where the history is read

    def error(self, message: str) -> InputError:
        return InputError(message)

    def stage_ref(self, ref: str) -> int | None:
        return None


def mount_writes(
    flags: tuple[str, ...],
    env: Env,
    workdir: str,
    location: Location,
    *,
    onbuild: bool,
    workdir_known: bool = True,
) -> list[FileWrite]:
    """The FileWrites (covers first) the RUN's `--mount=` flags make, before its Run."""
    out: list[FileWrite] = []
    for flag in flags:
        if not flag.startswith("--mount="):
            continue
        try:
            found = mount_steps(
                _RecordWords(), flag, _RecordEnv(env), workdir, location,
                workdir_known=workdir_known,
            )  # fmt: skip
            writes = [step for step in found.steps if isinstance(step, FileWrite)]
        except InputError:
            # A mount gate cannot read may lie anywhere: every file of the RUN is unknown.
            why = f"beneath a RUN mount gate cannot read ({flag[:200]})"
            writes = [FileWrite(location, "/", Unread(why, True), cover=True, anywhere=True)]
        out.extend(replace(step, onbuild=onbuild) for step in writes)
    return out


def secret_names(flags: tuple[str, ...], env: Env) -> list[str]:
    """The names `--mount=type=secret,…,env=NAME` flags set for their RUN (Dockerfile 1.10),
    as the Dockerfile reader sets them: `env=PIP_CONFIG_FILE` names a config gate cannot read.
    A flag gate cannot read is left to mount_writes (every file of the RUN is then unknown)."""
    names: list[str] = []
    for flag in flags:
        try:
            name = secret_env(_RecordWords(), flag, _RecordEnv(env))
        except InputError:
            continue
        if name:
            names.append(name)
    return names


def workdir_after(
    workdir: str, known: bool, text: str, env: Env, resolve: Callable[[str, str], str]
) -> tuple[str, bool]:
    """The folder and whether it is known after `WORKDIR text` as BuildKit runs it (its
    variables expanded; kaniko does the same). A value gate cannot know (`ARG W` without a
    default in a child build) leaves the folder unknown until an absolute known WORKDIR."""
    found = expand(text.strip(), _RecordEnv(env))
    if found.error is not None or not found.known:
        return workdir, False
    if not found.value:
        return workdir, known
    return resolve(workdir, found.value), known or found.value.startswith("/")
