"""RUN mounts in the image-history records that keep their flags: kaniko's raw lines, buildah's
`/bin/sh -c --mount=… cmd` and `config.OnBuild` triggers. BuildKit records no flags, so its
mounts are not seen at all.

A mount hides what lies beneath its target for its RUN and may show files gate cannot read (a
cache's leftovers, a secret, a bind of a context gate does not have), so each is read as the
Dockerfile reader reads it (dockerfile_files.mount_steps): a cache mount at a pip config's folder
makes a binary-only install `unknown`, a target of no known value makes every file of the RUN of
unknown content. The record has no build context and no stages: a bind's files are of unknown
content, `from=` names an image.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace

from gate.model import Env, FileWrite, InputError, Location, Unread
from gate.sources.build_context import BuildContext
from gate.sources.docker_words import expand
from gate.sources.dockerfile_files import mount_steps


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
    flags: tuple[str, ...], env: Env, workdir: str, location: Location, *, onbuild: bool
) -> list[FileWrite]:
    """The FileWrites (covers first) the RUN's `--mount=` flags make, before its Run."""
    out: list[FileWrite] = []
    for flag in flags:
        if not flag.startswith("--mount="):
            continue
        try:
            found = mount_steps(_RecordWords(), flag, _RecordEnv(env), workdir, location)
            writes = [step for step in found.steps if isinstance(step, FileWrite)]
        except InputError:
            # A mount gate cannot read may lie anywhere: every file of the RUN is unknown.
            why = f"beneath a RUN mount gate cannot read ({flag[:200]})"
            writes = [FileWrite(location, "/", Unread(why, True), cover=True)]
        out.extend(replace(step, onbuild=onbuild) for step in writes)
    return out
