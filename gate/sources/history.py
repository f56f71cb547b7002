"""Image history → the same stream of steps a Dockerfile gives: one Stage of Run/FileWrite steps.

An image config's ``history`` is read in order, keeping the state a Dockerfile build keeps: ENV
values, ARG declarations, the SHELL and the WORKDIR. Every RUN becomes a ``Run`` located by its
0-based ``history_index`` (empty-layer entries count) and its ``created_by`` text.

Environment of a step:
- ENV records set variables for every later step. The build starts from an empty environment:
  what a base image set outside its history (jib, apko, Bazel configs) is not known, and the final
  ``config.Env`` only settles values with spaces, since it is the state after the last step.
- Legacy and BuildKit write the build args in scope into the RUN record (``|N K=V ...``); that
  prefix is the truth for the step, so ARG records (which may hold a default that a build arg
  overrode, or come from a base image whose args are out of scope) are not used for them.
  kaniko records no prefix, and its ARG records are the Dockerfile's line, whose default a
  ``--build-arg`` may have replaced: there an ARG record declares a variable of unknown value.

A history entry gate cannot read (see gate/sources/created_by.py: RUN flags that leave no
command, a heredoc RUN without its body, a SHELL record that is no argv) gets its own
``Unjudgeable`` at its index: it may have installed anything, so it is reported, never skipped.
So does a RUN whose unquoted record reads two ways when the other way names an installer (a
build-arg value that may hold the shell prefix), and a shell-form RUN under a SHELL whose argv
holds script text naming an installer. ENV records are checked against the final
``config.Env``: a name it does not hold was never set (ENV cannot remove a variable).

An image whose history holds no step a Dockerfile-style builder recorded (no history, squashed
with nothing left, jib, ko, apko, Bazel, KIWI, Nix, buildpacks, ``docker import``) gets one
``Unjudgeable``. So does an image whose newest layers come from such a builder on top of a
judgeable base (jib on busybox, buildpacks on a Dockerfile-built run image): the team's own
layers are what cannot be judged. The other way round (apko or Bazel base, Dockerfile or kaniko
steps on top) judges the steps that are there and says nothing about the base. Shell-less layers
between recorded steps (a buildpacks or source-to-image app image a Dockerfile builds on) get one
``Unjudgeable`` per run of them, as a RUN in their place is judged.

Base layers: ``base_history_len`` (from the caller: the engine's parent chain, a base image
config whose history is a prefix of this one) marks the first entries ``from_base``. Nothing is
guessed from the builder changing between entries (a BuildKit image on a legacy-built base shows
that pattern, but so does a BuildKit image whose own first steps came from a legacy cache).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Literal

from gate.installer_settings import changes_verdicts
from gate.model import (
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
    Unread,
    kept_url,
)
from gate.sources.buildkit import dockerfile
from gate.sources.created_by import (
    HEREDOC_NOT_RECORDED,
    Entry,
    announced_pairs,
    bare_heredoc_body,
    classify,
    exec_form_command,
    json_argv,
    later_shell_prefix,
    names_installer,
    parse_env,
    parse_pairs,
    parse_shell_record,
    reads_commands_from_stdin,
    run_flags,
    shell_prefix_length,
    shell_script,
    split_build_args,
    split_shell,
)
from gate.sources.docker_words import expand
from gate.sources.dockerfile_text import check_nesting
from gate.sources.history_copies import (
    CONFIG_NAMES,
    LEGACY_COPY,
    configs_by_folder,
    copied_configs,
    copy_destination,
    named_config_files,
    names_config,
)
from gate.sources.history_mounts import mount_writes, secret_names, workdir_after
from gate.sources.image_config import config_name_problem
from gate.sources.truncated import TRUNCATED_HISTORY

SourceKind = Literal["image", "archive", "config"]

_TRUNCATED_REF = "${" + TRUNCATED_HISTORY + "}"
# Real histories hold tens to a few hundred entries (Docker caps an image at 127 layers), with
# RUN texts of a few kilobytes; judging costs about 0.3 ms per RUN and 0.5 s per MiB of shell on
# the reference machine, so these caps keep every history under the 2 s budget.
MAX_HISTORY = 2_000
MAX_CREATED_BY = 1024 * 1024
MAX_HISTORY_TEXT = 1024 * 1024  # all created_by texts together
# One input (an archive, an index of platforms) holds up to 64 images: each at the caps above
# is a second of judging and 2,000 findings, so 64 of them took 70 s of CPU and 2.4 GB and wrote
# 212 MB of JSON. Real inputs hold a few images of a few hundred entries (8 platforms of 150).
MAX_INPUT_HISTORY = 4_000  # entries of all the images of one input together
MAX_ONBUILD = 256
MAX_ONBUILD_TEXT = 256 * 1024  # the triggers' text together
# Triggers parsed as a child build parses them (_trigger_instructions), all together; a real
# one is a line. BuildKit's parser takes about 0.2 s per 64 KiB of one-line instructions.
MAX_PARSED_TRIGGERS = 128 * 1024
# Instructions one trigger may hold (a child build takes one; the legacy builder runs them all).
MAX_TRIGGER_INSTRUCTIONS = 8
MAX_ENV_VARS = 4096  # config.Env entries read
# A buildah ENV record is parsed a second time as Dockerfile text; a 600 KiB one of 60,000
# quoted pairs took a second more. Real ones are a few hundred bytes.
MAX_RAW_ENV = 64 * 1024
# Every Run carries its own environment: bound the sum of their sizes, so a config of many
# ENV and RUN records cannot make the gate hold millions of entries.
MAX_ENV_ENTRIES = 500_000
# The text of an entry a finding's location carries (reports, fingerprints, the policies' input)
# is cut here: every finding of a step repeats it, so a 1 MiB record whose function calls gave
# 4,900 findings made 480 MB of policy input and the policy engine failed to allocate past 6 GB.
MAX_SHOWN_CREATED_BY = 4096
POSIX_SHELL = ("/bin/sh", "-c")
WINDOWS_SHELL = ("cmd", "/S", "/C")

_WINDOWS_PATH = re.compile(r"[A-Za-z]:[\\/]|\\")
_GLOB = re.compile(r"[*?\[]")
# One blank between ``#(nop)`` and ENV: buildah's raw record (or old Docker's expanded one);
# today's Docker writes two. Quotes, escapes and ``$`` are where the two spellings differ.
_RAW_NOP_ENV = re.compile(r"#\(nop\) ENV\s")
_RAW_NOP_SHELL = re.compile(r"#\(nop\) SHELL\s")
_NOP_ENV = re.compile(r" #\(nop\) +ENV\s")
# Every installer setting's name holds one of these (gate/installer_settings.py): a record
# without one sets none, so the per-pair checks can pass it by.
_SETTING_MARK = re.compile(r"(?:PIP|UV|PDM|POETRY|PIPENV)_")
_RAW_MARKS = re.compile(r"[\"'\\$]")
# The names an ENV record may set, read generously (every ``NAME=`` word, and the old ``NAME
# value`` form's first word): used only to tell that a name is set somewhere.
_ENV_NAMES = re.compile(r"(?:^|\s)([A-Za-z_][A-Za-z0-9_]*)=")
_FIRST_NAME = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_]*)(?:\s|$)")


@dataclass(frozen=True)
class HistoryEntry:
    """One validated ``history[]`` entry."""

    index: int
    created_by: str
    comment: str = ""
    author: str = ""
    empty_layer: bool = False

    def classify(self) -> Entry:
        """What this entry records, and which builder wrote it."""
        return classify(self.created_by, self.comment, self.author, self.empty_layer)


def shown(created_by: str | None) -> str | None:
    """`created_by` as a location carries it: cut past MAX_SHOWN_CREATED_BY, the cut marked."""
    if created_by is None or len(created_by) <= MAX_SHOWN_CREATED_BY:
        return created_by
    return created_by[: MAX_SHOWN_CREATED_BY - 1] + "…"


def _text(item: Mapping[str, object], key: str) -> str:
    value = item.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValueError(key)
    return value


def read_history(
    config: Mapping[str, object], *, name: str = ""
) -> tuple[HistoryEntry, ...] | None:
    """The config's history entries, validated; None when it has no ``history`` at all."""
    history = config.get("history")
    if history is None:
        return None
    if not isinstance(history, list):
        raise InputError("image config: history is not a list", path=name or None)
    if len(history) > MAX_HISTORY:
        raise InputError(
            f"image config: {len(history)} history entries, more than {MAX_HISTORY}",
            path=name or None,
        )
    entries: list[HistoryEntry] = []
    text = 0
    for i, item in enumerate(history):
        where = f"history[{i}]"
        if not isinstance(item, Mapping):
            raise InputError(f"image config: {where} is not an object", path=name or None)
        try:
            created_by = _text(item, "created_by")
            comment = _text(item, "comment")
            author = _text(item, "author")
        except ValueError as error:
            raise InputError(
                f"image config: {where}.{error} is not a string", path=name or None
            ) from None
        if len(created_by) > MAX_CREATED_BY:
            raise InputError(
                f"image config: {where}.created_by is longer than {MAX_CREATED_BY} characters",
                path=name or None,
            )
        text += len(created_by)
        if text > MAX_HISTORY_TEXT:
            raise InputError(
                f"image config: the history's created_by texts hold more than "
                f"{MAX_HISTORY_TEXT} characters in all",
                path=name or None,
            )
        empty = item.get("empty_layer") is True
        entries.append(HistoryEntry(i, created_by, comment, author, empty))
    return tuple(entries)


def check_input_history(configs: Sequence[Mapping[str, object]], name: str) -> None:
    """InputError naming `name` when the images of one input hold more than MAX_INPUT_HISTORY
    history entries in all (each image's own caps are read_history's)."""
    if len(configs) < 2:
        return
    total = 0
    for config in configs:
        history = config.get("history")
        total += len(history) if isinstance(history, list) else 0
    if total > MAX_INPUT_HISTORY:
        raise InputError(
            f"its {len(configs)} images hold {total:,} history entries in all, more than "
            f"{MAX_INPUT_HISTORY:,}; give fewer images (or platforms) at once",
            path=name or None,
        )


def _inner_config(config: Mapping[str, object]) -> Mapping[str, object]:
    inner = config.get("config")
    return inner if isinstance(inner, Mapping) else {}


def final_env(config: Mapping[str, object]) -> dict[str, str]:
    """``config.Env`` as a mapping (malformed entries are left out)."""
    env = _inner_config(config).get("Env")
    found: dict[str, str] = {}
    if isinstance(env, list):
        for item in env[:MAX_ENV_VARS]:
            if isinstance(item, str) and "=" in item:
                key, _, value = item.partition("=")
                found[key] = value
    return found


def final_env_names(config: Mapping[str, object]) -> frozenset[str] | None:
    """Every name ``config.Env`` sets, or None when it is not a list read in full.

    An ENV instruction can only set or replace a variable, never remove one, so a name an ENV
    record seems to set that is not here was never set (the record's unquoted value held it).
    """
    env = _inner_config(config).get("Env")
    if not isinstance(env, list) or len(env) > MAX_ENV_VARS:
        return None
    return frozenset(i.partition("=")[0] for i in env if isinstance(i, str) and "=" in i)


def _resolve(workdir: str, path: str) -> str:
    if _WINDOWS_PATH.match(path) or _WINDOWS_PATH.match(workdir):
        return path
    return posixpath.normpath(posixpath.join(workdir, path)) if path else workdir


def copied_file(text: str, workdir: str) -> str | None:
    """The file a COPY/ADD record writes, when the record names one; else None."""
    legacy = LEGACY_COPY.fullmatch(text.strip())
    if legacy is not None:
        kind, dest = legacy.group(1), legacy.group(2).strip()
        if kind != "file" or not dest or dest.endswith(("/", "\\")) or dest in (".", "./"):
            return None
        return _resolve(workdir, dest)
    words = [w for w in text.split() if not w.startswith("--")]
    if len(words) < 2 or words[0].startswith("["):
        return None
    sources, dest = words[:-1], words[-1]
    if len(sources) != 1:
        return None
    source = sources[0]
    if dest.endswith("/") or dest in (".", "./"):
        if source.endswith("/") or source in (".", "./") or source.startswith("<<"):
            return None
        if _GLOB.search(source) or "://" in source:
            return None
        return _resolve(workdir, posixpath.join(dest, posixpath.basename(source)))
    return _resolve(workdir, dest)


def _fetched(keyword: str, text: str) -> Unread | None:
    """`ADD <url> DEST` (BuildKit's record keeps the address): bytes no record holds, whose
    address may say what they are (a script saved under another name); else None."""
    words = [w for w in text.split() if not w.startswith("--")]
    remote = len(words) == 2 and words[0].lower().startswith(("http://", "https://"))
    if keyword != "ADD" or not remote:
        return None
    return Unread(f"fetched from {words[0][:200]} by ADD", url=kept_url(words[0]))


_COPIED_CONFIG = "copied into the image; the history does not hold its bytes"
# Named configs a folder copy marks one by one; past this the folder is marked whole.
_MAX_NAMED_BENEATH = 16


def _copied_config(path: str) -> Unread | None:
    """A pip or uv config a COPY/ADD record puts in place: its bytes are in the layer, not in
    the history, and a config can make pip build past a binary-only command line (`[install]
    editable`, `requirement`); None for any other file (a requirements file gate does not hold
    is read as holding no options, as without a build context)."""
    if posixpath.basename(path) not in CONFIG_NAMES:
        return None
    return Unread(_COPIED_CONFIG)


def _json_argv(text: str) -> tuple[str, ...] | None:
    stripped = text.strip()
    if not stripped.startswith("["):
        return None
    return json_argv(stripped)


@dataclass
class _Walk:
    """The build state while the history is replayed (private, mutable)."""

    name: str
    hints: Mapping[str, str]
    base_len: int
    shell: tuple[str, ...]
    # Names the final config.Env sets (None: not known); see final_env_names.
    names: frozenset[str] | None = None
    env: dict[str, str | None] = field(default_factory=dict)
    args: dict[str, str | None] = field(default_factory=dict)
    workdir: str = "/"
    # False after a trigger's or kaniko's WORKDIR of no known value (history_mounts.workdir_after).
    workdir_known: bool = True
    steps: list[Step] = field(default_factory=list)
    # ONBUILD records of the history: (entry, trigger), judged after the walk (see _onbuild).
    onbuild: list[tuple[HistoryEntry, str]] = field(default_factory=list)
    # The index of the last ENV record that may set each name (see _env_record_names).
    env_set_last: Mapping[str, int] = field(default_factory=dict)
    # The SHELL in effect came from buildah's one-blank `#(nop) SHELL` record.
    buildah_shell: bool = False
    unread: list[Unjudgeable] = field(default_factory=list)
    env_entries: int = 0
    # Files the records or config.Env name as a pip or uv config (PIP_CONFIG_FILE,
    # UV_CONFIG_FILE, uv's --config-file): one a COPY puts in place is of unknown content.
    config_files: frozenset[str] = frozenset()
    # The folders that hold those files (configs_by_folder).
    config_folders: Mapping[str, list[str]] = field(default_factory=dict)
    _arg_hints: dict[str, str | None] | None = None

    def arg_hints(self) -> Mapping[str, str | None]:
        """Known values for build-arg prefixes: the final env, then ARG records (cached)."""
        if self._arg_hints is None:
            self._arg_hints = {
                **self.hints,
                **{k: v for k, v in self.args.items() if v is not None},
            }
        return self._arg_hints

    def unknown(self, entry: HistoryEntry, why: str) -> None:
        """An entry gate cannot read: one Unjudgeable at its index."""
        self.unread.append(
            Unjudgeable(
                self.location(entry),
                f"history entry {entry.index} is not a step gate can read ({why}); "
                "it may install packages",
            )
        )

    def unknown_at(self, entry: HistoryEntry | None, created_by: str | None, why: str) -> None:
        """`unknown`, also for an ONBUILD trigger only config.OnBuild holds."""
        if entry is not None:
            self.unknown(entry, why)
            return
        self.unread.append(
            Unjudgeable(
                self.location(None, created_by),
                f"{created_by} is not a step gate can read ({why}); it may install packages",
            )
        )

    def trigger_copy(self, entry: HistoryEntry | None, created_by: str | None, text: str) -> None:
        """A COPY/ADD trigger copies from the child's build context (or an image) this image
        does not hold: a pip or uv config it puts in place is of unknown content to the
        triggers after it. Other files are left as a copy gate cannot read leaves them."""
        if not self.workdir_known or "$" in text or _TRUNCATED_REF in text:
            return  # a destination of no known value is not placed (README, Unknown files)
        path = copied_file(text, self.workdir)
        paths = [] if path is None else [path]
        paths += [config for config in copied_configs(text, self.workdir) if config != path]
        for target in paths:
            content = _copied_config(target)
            if content is None and names_config(target, self.config_files):
                content = Unread(_COPIED_CONFIG)
            if content is not None:
                where = self.location(entry, created_by)
                self.steps.append(FileWrite(where, target, content, onbuild=True))

    def location(self, entry: HistoryEntry | None, created_by: str | None = None) -> Location:
        if entry is None:
            return Location(path=self.name, created_by=shown(created_by))
        return Location(
            path=self.name, history_index=entry.index, created_by=shown(entry.created_by)
        )

    def run(
        self,
        entry: HistoryEntry | None,
        *,
        shell: tuple[str, ...],
        script: str = "",
        argv: tuple[str, ...] = (),
        env: Env,
        onbuild: bool = False,
        created_by: str | None = None,
    ) -> None:
        self.env_entries += len(env)
        if self.env_entries > MAX_ENV_ENTRIES:
            raise InputError(
                f"image config: the steps' environments hold more than {MAX_ENV_ENTRIES} "
                "variables in all",
                path=self.name or None,
            )
        self.steps.append(
            Run(
                location=self.location(entry, created_by),
                shell=shell,
                exec_form=bool(argv),
                argv=argv,
                script=script,
                env=dict(env),
                workdir=self.workdir,
                onbuild=onbuild,
                from_base=entry is not None and entry.index < self.base_len,
            )
        )

    def recorded_run(self, entry: HistoryEntry, text: str, *, commit: bool = False) -> None:
        """A RUN as legacy and BuildKit record it: ``[|N K=V ...] [shell...] command``.

        `commit`: the record may also be a ``docker commit`` (legacy spelling: the committed
        container's Cmd, joined by spaces, as an exec-form RUN is)."""
        hints = self.arg_hints()
        anchors = [" ".join(self.shell)]
        if self.shell != POSIX_SHELL:
            anchors.append(" ".join(POSIX_SHELL))
        prefixed = text.startswith("|")
        pairs, rest = split_build_args(text, anchors, hints) if prefixed else ([], text)
        env: dict[str, str | None] = {**self.env, **dict(pairs)}
        if pairs:
            self.other_reading(entry, rest, anchors)
        announced = announced_pairs(text) if prefixed else None
        words = len(text[: len(text) - len(rest)].split()) - 1  # the pairs' words, not |N
        counted = words == announced and rest.startswith(" ".join(POSIX_SHELL) + " ")
        if announced is not None and len(pairs) < announced and not counted:
            # Legacy and BuildKit count the pairs they write, buildah their words: fewer
            # readable pairs than either means a value or name gate cannot place, so neither
            # the values nor the command are sure.
            self.unknown(
                entry, f"its build-arg prefix announces {announced} values and gate reads fewer"
            )
        shell_form = split_shell(rest, self.shell)
        if (
            shell_form is not None
            and self.buildah_shell
            and shell_form[0] == POSIX_SHELL
            and self.shell != POSIX_SHELL
        ):
            # buildah records every RUN as `/bin/sh -c …` and runs it under the SHELL in
            # effect (Docker would have recorded that shell's own prefix).
            shell_form = (self.shell, shell_form[1])
        if shell_form is not None:
            if commit and not prefixed and not shell_form[1].strip() and not entry.empty_layer:
                # No Dockerfile builder records a shell with no command (a RUN needs one);
                # `buildah commit` records the SHELL it would use (buildah's commit.go: the
                # Shell joined, else /bin/sh) for a layer of whatever `buildah run` ran.
                self.unknown(
                    entry,
                    "a shell given no command: buildah commit records its SHELL this way, "
                    "and what buildah run ran in the container is not recorded",
                )
            if shell_form[0] == self.shell:
                self.shell_holds_script(entry)
            self.instruction_text(entry, shell_form[0], shell_form[1], env)
            return
        if _TRUNCATED_REF in text:
            # Cut before its shell prefix showed: the last build arg and the command are unknown
            # (shell form, so the cut reads as an unset variable, not a program's name).
            if pairs:
                env[pairs[-1][0]] = None
            self.run(entry, shell=self.shell, script=rest, env=env)
            return
        argv = exec_form_command(rest)
        if commit and not prefixed and reads_commands_from_stdin(argv):
            self.unknown(
                entry,
                "a shell or Python given no command: docker commit records an interactive "
                "session this way",
            )
        if argv:
            self.run(entry, shell=self.shell, argv=argv, env=env)
        else:
            self.run(entry, shell=self.shell, script="", env=env)

    def raw_env(self, pairs: Sequence[tuple[str, str]], text: str) -> None:
        """A ``#(nop) ENV`` record with one blank before ENV: old Docker wrote the values
        expanded and unquoted, buildah and podman write the Dockerfile's text (quotes on,
        ``$X`` unexpanded). Where the two readings differ, the value config.Env holds picks
        one; a value neither gives is unknown."""
        plain = dict(pairs)
        if len(text) > MAX_RAW_ENV:
            # Past the cap only the values a raw reading could change become unknown.
            for key, text_value in plain.items():
                if _RAW_MARKS.search(text_value):
                    self.env[key] = None
            return
        raw = _raw_pairs("ENV", text, {**self.args, **self.env})
        if raw is None:
            return
        for key, value in raw:
            if self.names is not None and key not in self.names:
                continue
            if key in plain and plain[key] == value:
                continue
            final = self.hints.get(key)
            if value is not None and value == final:
                self.env[key] = value
            elif key not in plain or plain[key] != final:
                self.env[key] = None

    def trailing_blanks(self, entry: HistoryEntry, key: str, value: str) -> None:
        """The blanks that end an ENV record are its last value's own as Docker and BuildKit
        write it, but buildah's record is the Dockerfile line (parser Node.Original keeps its
        trailing blanks, which the value never had: splitCommand trims the line with Go's
        strings.TrimSpace, tabs too): where this record sets the name last and config.Env holds
        the value without them, config.Env's value stands."""
        final = self.hints.get(key)
        if final == value.rstrip() and self.env_set_last.get(key, -1) <= entry.index:
            self.env[key] = final

    def nop_under_shell(self, entry: HistoryEntry, step: Entry) -> Entry:
        """A legacy record the SHELL in effect prefixes, when that SHELL holds script text
        (``SHELL ["powershell", "-Command", "$ErrorActionPreference = 'Stop';"]``, common on
        Windows): the legacy builder writes its ENV, WORKDIR, … records as that argv, then
        ``#(nop)``. Read alone, the prefix looks like a RUN of a comment."""
        joined = " ".join(self.shell)
        text = entry.created_by
        if "\n" in text or not text.startswith(joined + " #(nop)"):
            return step
        if shell_prefix_length(joined + " x") == len(joined) + 1:
            return step  # no script text: classify already read it
        return classify(text[len(joined) + 1 :], entry.comment, entry.author, entry.empty_layer)

    def unsure_pairs(self, entry: HistoryEntry, pairs: Sequence[tuple[str, str]]) -> None:
        """Installer settings an ENV record of several pairs may not have set as read.

        Values are recorded unquoted: ``ENV A=x PIP_ONLY_BINARY=:all:`` is also ``A="x
        PIP_ONLY_BINARY=:all:"``. The final config.Env settles it only when no later ENV record
        sets the name before the boundary again; where it does not, a verdict setting on either
        side of the boundary gets an unknown value.
        """
        for (before, value), (key, _) in pairwise(pairs):
            if not (changes_verdicts(before) or changes_verdicts(key)):
                continue
            settled = self.hints.get(before) == value
            if settled and self.env_set_last.get(before, -1) <= entry.index:
                continue
            for name in (before, key):
                if changes_verdicts(name):
                    self.env[name] = None

    def instruction_text(
        self, entry: HistoryEntry, shell: tuple[str, ...], script: str, env: Env
    ) -> None:
        """A shell-form record's command, which buildah and podman write as the Dockerfile
        holds it after ``RUN`` (imagebuilder's getCreatedBy: ``/bin/sh -c `` + the original
        text, then each heredoc's content after a newline): RUN flags first, an exec form's
        JSON, a heredoc opener. No shell command starts with ``--`` or is a JSON array, and a
        lone heredoc opener runs nothing in a shell, so each is read the way buildah ran it."""
        if script.startswith("--"):
            parsed = run_flags(script)
            if parsed is None:
                self.unknown(entry, "its RUN flags leave no command")
                return
            self.mounts(entry, None, tuple(parsed[0]), env)
            env = {**env, **dict.fromkeys(secret_names(tuple(parsed[0]), env))}
            script = parsed[1]
        argv = _json_argv(script)
        if argv is not None:
            self.run(entry, shell=shell, argv=argv, env=env)
            return
        body = bare_heredoc_body(script)
        if body is not None and body.startswith("#!"):
            self.unknown(entry, HEREDOC_NOT_RECORDED)
            return
        self.run(entry, shell=shell, script=script if body is None else body, env=env)

    def other_reading(self, entry: HistoryEntry, command: str, shells: Sequence[str]) -> None:
        """Unknown when the last build-arg value may hold a shell prefix, and the command after
        that prefix (another reading of the record) names an installer."""
        at = later_shell_prefix(command, shells)
        if at is not None and names_installer(command[at:]):
            self.unknown(
                entry,
                "a build-arg value may hold a shell prefix, and the command after it "
                "names a Python installer",
            )

    def shell_holds_script(self, entry: HistoryEntry) -> None:
        """Unknown for a shell-form RUN under a SHELL whose argv holds script text that names an
        installer: that text runs on every RUN, and its word boundaries are not recorded."""
        if names_installer(shell_script(self.shell)):
            self.unknown(entry, "the SHELL in effect holds a script that names a Python installer")

    def raw_run(
        self,
        entry: HistoryEntry | None,
        text: str,
        *,
        onbuild: bool = False,
        created_by: str | None = None,
        flags: tuple[str, ...] = (),
    ) -> None:
        """A RUN as the Dockerfile holds it (kaniko, ONBUILD): JSON exec form or a script."""
        # ONBUILD triggers run in a child build, where this build's args are out of scope.
        env = dict(self.env) if onbuild else {**self.args, **self.env}
        self.mounts(entry, created_by, flags, env, onbuild=onbuild)
        env = {**env, **dict.fromkeys(secret_names(flags, env))}  # values gate cannot know
        argv = _json_argv(text)
        body = bare_heredoc_body(text.lstrip(" \t"))
        if argv is not None:
            self.run(
                entry, shell=self.shell, argv=argv, env=env, onbuild=onbuild, created_by=created_by
            )
        elif body is not None and body.startswith("#!"):
            # BuildKit runs a `#!` body as a file under its own interpreter.
            self.unknown_at(entry, created_by, HEREDOC_NOT_RECORDED)
        else:
            if body is None and entry is not None and not onbuild:
                self.shell_holds_script(entry)
            script = text if body is None else body
            self.run(
                entry, shell=self.shell, script=script, env=env, onbuild=onbuild,
                created_by=created_by,
            )  # fmt: skip

    def mounts(
        self,
        entry: HistoryEntry | None,
        created_by: str | None,
        flags: tuple[str, ...],
        env: Env,
        *,
        onbuild: bool = False,
    ) -> None:
        """What a raw record's `--mount=` flags hide and show, before its Run."""
        if flags:
            location = self.location(entry, created_by)
            self.steps.extend(mount_writes(
                flags, env, self.workdir, location, onbuild=onbuild,
                workdir_known=self.workdir_known,
            ))  # fmt: skip

    def instruction(self, entry: HistoryEntry, step: Entry) -> None:
        keyword, text = step.keyword.upper(), step.text
        if keyword == "RUN":
            if step.recorded_run or text.startswith("|"):
                self.recorded_run(entry, text)
            else:
                self.raw_run(entry, text, flags=step.flags)
        elif keyword in ("ENV", "ARG") and step.builder == "kaniko":
            # Only where the author says kaniko: BuildKit's ENV records, seen without their
            # comment (a rendered table), are expanded text that need not parse again.
            raw = _raw_pairs(keyword, text, {**self.args, **self.env})
            if raw is None:
                self.unknown(entry, f"an {keyword} record gate cannot parse")
            for key, value in raw or ():
                if keyword == "ENV" and self.names is not None and key not in self.names:
                    continue  # never set: the final config.Env does not hold it
                if keyword == "ARG":
                    # kaniko records the ARG line as written (ArgCommand.String), and a
                    # --build-arg replaces its default unrecorded: the value is unknown.
                    self.args[key] = None
                else:
                    self.env[key] = value
            self._arg_hints = None
        elif keyword == "ENV":
            pairs = parse_env(text, self.hints, self.names)
            for key, value in pairs:
                self.env[key] = None if _TRUNCATED_REF in value else value
            # Only a record that is the Dockerfile line (buildah's one-blank `#(nop) ENV`, a raw
            # one) can end in blanks the value never had: BuildKit and Docker write K=V from the
            # value, whose blanks config.Env may have lost after the build (crane mutate).
            line = step.builder == "instruction" or bool(_RAW_NOP_ENV.search(entry.created_by))
            if line and pairs and pairs[-1][1][-1:].isspace():
                self.trailing_blanks(entry, *pairs[-1])
            if _SETTING_MARK.search(text):
                self.unsure_pairs(entry, pairs)
            if _RAW_NOP_ENV.search(entry.created_by) and _RAW_MARKS.search(text):
                self.raw_env(pairs, text)
        elif keyword == "ARG":
            # A raw ARG record with no author (kaniko's, its author lost: `docker history`
            # shows none) holds the default a --build-arg may have replaced; BuildKit's and the
            # legacy builder's RUN records carry the value they ran with in their |N prefix.
            unsure = step.builder == "instruction"
            for key, maybe in parse_pairs(text, bare_keys=True):
                cut = maybe is not None and _TRUNCATED_REF in maybe
                self.args[key] = None if unsure or cut else maybe
            self._arg_hints = None
        elif keyword == "SHELL":
            shell = parse_shell_record(text)
            if shell is None:
                # Later RUNs ran under a shell gate does not know; they are read as before.
                self.unknown(entry, "a SHELL record that is no argv")
            else:
                self.shell = shell
                self.buildah_shell = bool(_RAW_NOP_SHELL.search(entry.created_by))
        elif keyword == "WORKDIR" and step.builder == "kaniko":
            # kaniko records the Dockerfile's text; BuildKit's records are expanded already.
            self.workdir, self.workdir_known = workdir_after(
                self.workdir, self.workdir_known, text, {**self.args, **self.env}, _resolve
            )
        elif keyword == "WORKDIR":
            self.workdir = _resolve(self.workdir, text.strip())
        elif keyword in ("COPY", "ADD"):
            # A cut record names no destination that can be trusted.
            path = None if _TRUNCATED_REF in text else copied_file(text, self.workdir)
            if path is not None:
                content = _fetched(keyword, text) or _copied_config(path)
                if content is None and names_config(path, self.config_files):
                    content = Unread(_COPIED_CONFIG)
                self.steps.append(FileWrite(self.location(entry), path, content))
            if _TRUNCATED_REF not in text:
                configs = copied_configs(text, self.workdir)
                # A folder copied whole may hold the file PIP_CONFIG_FILE (…) names beneath it.
                dest = copy_destination(text, self.workdir)
                beneath = self.config_folders.get(dest, []) if dest is not None else []
                if len(beneath) > _MAX_NAMED_BENEATH and dest is not None:
                    # More than a build names: the folder whole is of unknown content, so
                    # that each copy writes a bounded number of files.
                    unread_tree = Unread(_COPIED_CONFIG, tree=True)
                    self.steps.append(FileWrite(self.location(entry), dest, unread_tree))
                    beneath = []
                for config in dict.fromkeys([*configs, *beneath]):
                    if config != path:
                        unread = Unread(_COPIED_CONFIG)
                        self.steps.append(FileWrite(self.location(entry), config, unread))
        elif keyword == "ONBUILD":
            self.onbuild.append((entry, text.strip()))


def _raw_pairs(
    keyword: str, text: str, env: Mapping[str, str | None]
) -> list[tuple[str, str | None]] | None:
    """ENV or ARG pairs of a raw record (kaniko keeps the Dockerfile's text): parsed and
    expanded as BuildKit does, against the variables set so far. None when it does not parse."""
    try:
        commands = dockerfile.parse_string(f"{keyword} {text}")
    except (dockerfile.GoParseError, dockerfile.GoIOError):
        return None
    if len(commands) != 1:
        return None
    values = commands[0].value
    if keyword == "ENV":
        if len(values) % 2:
            return None
        pairs: list[tuple[str, str | None]] = list(zip(values[::2], values[1::2], strict=True))
    else:
        pairs = [(w.partition("=")[0], w.partition("=")[2] if "=" in w else None) for w in values]
    if not pairs or not all(key for key, _ in pairs):
        return None  # BuildKit refuses a blank name
    found: list[tuple[str, str | None]] = []
    for key, value in pairs:
        if value is None or _TRUNCATED_REF in value:
            found.append((key, None))
            continue
        result = expand(value, env)
        found.append((key, result.value if result.known and result.error is None else None))
    return found


def _unjudgeable(
    name: str, entries: Sequence[HistoryEntry], kinds: Sequence[Entry]
) -> Unjudgeable | None:
    """One Unjudgeable when the image, or its newest layers, come from a shell-less builder."""
    if not entries:
        return Unjudgeable(
            Location(path=name),
            "image has no history (squashed, or not a full image config); "
            "the build cannot be judged",
        )
    usable = any(k.usable for k in kinds)
    opaque: list[int] = []
    for i in range(len(entries) - 1, -1, -1):
        kind = kinds[i]
        if kind.usable:
            break
        if kind.kind == "opaque":
            opaque.append(i)
    if usable and not opaque:
        return None
    if not usable:
        opaque = [i for i in range(len(entries) - 1, -1, -1) if kinds[i].kind == "opaque"]
    if not opaque:
        # Only neutral entries (empty-layer records with nothing in them).
        return Unjudgeable(
            Location(path=name),
            "image history records no build step; the build cannot be judged",
        )
    builders: list[str] = []
    for i in opaque:
        if kinds[i].builder not in builders:
            builders.append(kinds[i].builder)
    newest = entries[opaque[0]]
    named = builders[0] if len(builders) == 1 else ", ".join(builders[:-1]) + f" and {builders[-1]}"
    return Unjudgeable(
        Location(path=name, history_index=newest.index, created_by=shown(newest.created_by)),
        f"image built by {named} leaves no shell history; the build cannot be judged",
    )


_CUT_RUN = (
    "`docker history` cut its command short or laid it over several lines, and what it ran "
    "is not shown for sure; give the image config, or the table `docker history --no-trunc` "
    "prints"
)
# A table's rows gate could not lay out: already a command of unknown text (UNREAD_ROWS).
_UNREAD_ROWS = "/bin/sh -c " + _TRUNCATED_REF


def _cut_run(entry: HistoryEntry, step: Entry) -> bool:
    """A RUN a rendered table cut (gate/sources/history_table.py marks the cut): the words
    shown are judged, but the hidden rest may run other commands (`apt-get inst…` may go on
    `all -y gcc && pip install x`), which no unknown word stands for."""
    text = entry.created_by
    if _TRUNCATED_REF not in text or text == _UNREAD_ROWS:
        return False
    return step.kind == "run" or (step.kind == "instruction" and step.keyword == "RUN")


def _opaque_between(
    name: str, entries: Sequence[HistoryEntry], kinds: Sequence[Entry]
) -> tuple[Unjudgeable, ...]:
    """One Unjudgeable per run of shell-less layers that lies on a step gate judges.

    The oldest such layers are a base image's (distroless, apko, a Debian rootfs) and the
    newest are _unjudgeable's; layers between recorded steps were made by a builder that ran
    on an image a Dockerfile built, as the steps above and below them were: a source-to-image
    assemble or a buildpack's pip install there builds sdists as a RUN in its place would, and
    a RUN there is judged."""
    usable = [i for i, kind in enumerate(kinds) if kind.usable]
    if len(usable) < 2:
        return ()
    found: list[Unjudgeable] = []
    run: list[int] = []
    for i in range(usable[0] + 1, usable[-1] + 1):
        if kinds[i].kind == "opaque":
            run.append(i)
            continue
        if not kinds[i].usable or not run:
            continue
        builders = list(dict.fromkeys(kinds[j].builder for j in run))
        newest = entries[run[-1]]
        span = (
            f"entry {run[0]} is a layer"
            if len(run) == 1
            else f"entries {run[0]} to {run[-1]} are layers"
        )
        where = Location(path=name, history_index=newest.index, created_by=shown(newest.created_by))
        found.append(
            Unjudgeable(
                where,
                f"history {span} made by {' and '.join(builders)}, which records no shell "
                "history, between steps gate judges; what was installed there cannot be judged",
            )
        )
        run = []
    return tuple(found)


def history_entries(config: Mapping[str, object], *, name: str = "") -> tuple[Entry, ...]:
    """Each history entry classified (builder, instruction); empty when there is no history."""
    entries = read_history(config, name=name) or ()
    return tuple(e.classify() for e in entries)


def history_source(
    config: Mapping[str, object],
    *,
    name: str,
    base_history_len: int | None = None,
    kind: SourceKind = "image",
) -> BuildSource:
    """Turn an image config (``history``, ``config.Env``) into a BuildSource of one Stage.

    `name` is the image reference or file path the locations carry. The first
    `base_history_len` entries are marked ``from_base`` (ignored when larger than the history).
    InputError when the config's history is malformed.
    """
    if not isinstance(config, Mapping):
        raise InputError("image config is not a JSON object", path=name or None)
    entries = read_history(config, name=name) or ()
    spelling = config_name_problem(config)
    if spelling is not None:
        raise InputError(spelling, path=name or None)
    windows = config.get("os") == "windows"
    base_len = base_history_len if base_history_len is not None else 0
    if not 0 <= base_len <= len(entries):
        base_len = 0
    kinds = [entry.classify() for entry in entries]
    hints = final_env(config)
    env_set_last = _env_record_names(entries, kinds)
    config_files = named_config_files(
        [
            *(entry.created_by for entry in entries),
            *(f"{k}={v}" for k, v in hints.items()),
            *_listed_triggers(config),
        ]
    )
    walk = _Walk(
        name=name,
        hints=hints,
        names=final_env_names(config),
        base_len=base_len,
        shell=WINDOWS_SHELL if windows else POSIX_SHELL,
        env_set_last=env_set_last,
        # A verdict setting config.Env holds that no ENV record sets came from outside the
        # history: a base image whose builder records no ENV (jib, apko, Bazel), or a config
        # edited after the build (crane mutate, buildah config). The steps ran with it or
        # without it: its value is unknown to them.
        env={k: None for k in hints if changes_verdicts(k) and k not in env_set_last},
        config_files=config_files,
        config_folders=configs_by_folder(config_files),
    )
    for i, (entry, step) in enumerate(zip(entries, kinds, strict=True)):
        if step.kind == "run":
            step = kinds[i] = walk.nop_under_shell(entry, step)
        if _cut_run(entry, step):
            walk.unknown(entry, _CUT_RUN)
        if step.kind == "instruction":
            walk.instruction(entry, step)
        elif step.kind == "run":
            walk.recorded_run(entry, step.text, commit=True)
        elif step.kind == "unknown":
            walk.unknown(entry, step.text)
    _onbuild(config, walk)
    problem = _unjudgeable(name, entries, kinds)
    between = _opaque_between(name, entries, kinds)
    unrecorded = _unrecorded_layers(config, entries, name)
    unread_env = _unread_env(config, name)
    os_, arch = config.get("os"), config.get("architecture")
    platform = f"{os_}/{arch}" if isinstance(os_, str) and isinstance(arch, str) else None
    stage = Stage(
        index=0, name=None, base="", parent=None, steps=tuple(walk.steps), platform=platform
    )
    return BuildSource(
        target=Target(kind=kind, path=name),
        stages=(stage,),
        unjudgeable=((problem,) if problem is not None else ())
        + between
        + ((unrecorded,) if unrecorded is not None else ())
        + ((unread_env,) if unread_env is not None else ())
        + tuple(walk.unread),
    )


def _env_record_names(entries: Sequence[HistoryEntry], kinds: Sequence[Entry]) -> dict[str, int]:
    """Each name some ENV record may set, with the index of the last such record."""
    found: dict[str, int] = {}
    for entry, kind in zip(entries, kinds, strict=True):
        text = kind.text
        behind = _NOP_ENV.search(entry.created_by) if kind.kind == "run" else None
        if behind is not None:
            # A #(nop) ENV record behind a SHELL that holds script text (see nop_under_shell).
            text = entry.created_by[behind.end() :]
        elif kind.kind != "instruction" or kind.keyword.upper() != "ENV":
            continue
        found.update(dict.fromkeys(_ENV_NAMES.findall(text), entry.index))
        first = _FIRST_NAME.match(text)
        if first is not None:
            found[first.group(1)] = entry.index
    return found


def _unrecorded_layers(
    config: Mapping[str, object], entries: Sequence[HistoryEntry], name: str
) -> Unjudgeable | None:
    """One Unjudgeable when the image has more layers than history entries that made one.

    Every builder writes one entry per layer (``empty_layer`` marks those that made none), so a
    layer past them was added by something that recorded nothing, or the history was cut.
    """
    rootfs = config.get("rootfs")
    layers = rootfs.get("diff_ids") if isinstance(rootfs, Mapping) else None
    if not isinstance(layers, list) or not entries:
        return None
    made = sum(1 for e in entries if not e.empty_layer)
    if len(layers) <= made:
        return None
    return Unjudgeable(
        Location(path=name),
        f"the image has {len(layers)} layers but its history records {made}; "
        "a layer no entry describes may hold installed packages",
    )


def _unread_env(config: Mapping[str, object], name: str) -> Unjudgeable | None:
    """One Unjudgeable when an installer setting lies in ``config.Env`` past the entries read
    (MAX_ENV_VARS): the steps may have run with it (`PIP_EDITABLE` builds past a binary-only
    command line), and it was never weighed."""
    env = _inner_config(config).get("Env")
    if not isinstance(env, list) or len(env) <= MAX_ENV_VARS:
        return None
    for item in env[MAX_ENV_VARS:]:
        if isinstance(item, str) and changes_verdicts(item.partition("=")[0]):
            return Unjudgeable(
                Location(path=name),
                f"config.Env holds more than {MAX_ENV_VARS:,} entries, and the installer setting "
                f"{item.partition('=')[0][:64]} past them is not read; it may change what the "
                "steps install",
            )
    return None


def _listed_triggers(config: Mapping[str, object]) -> list[str]:
    """The triggers config.OnBuild lists (within the cap)."""
    listed = _inner_config(config).get("OnBuild")
    if not isinstance(listed, list):
        return []
    return [t for t in listed[:MAX_ONBUILD] if isinstance(t, str)]


def _onbuild(config: Mapping[str, object], walk: _Walk) -> None:
    """ONBUILD triggers, judged as the child build runs them.

    ``config.OnBuild`` lists the triggers a child build runs (a base image's triggers ran in
    this build, as records of their own, and are gone from it); history ONBUILD records only
    place them, and stand in when there is no config object at all (a `docker history` table).
    A child starts from this image's config: its Env, Shell and WorkingDir, whatever the state
    was when the trigger was recorded; ENV, ARG, SHELL and WORKDIR triggers change it for the
    triggers after them.
    """
    inner = _inner_config(config)
    listed = inner.get("OnBuild")
    records = {trigger: entry for entry, trigger in walk.onbuild}
    if isinstance(listed, list):
        triggers = [t.strip() for t in listed[: MAX_ONBUILD + 1] if isinstance(t, str)]
    elif isinstance(config.get("config"), Mapping):
        # A config without the list (Docker writes `"OnBuild": null`, BuildKit leaves it out):
        # a child runs no trigger. The ONBUILD records are a base's, whose triggers this build
        # ran as records of their own; read as this image's, they were judged again under its
        # final Env and said to run in every image built from it.
        return
    else:
        triggers = [trigger for _, trigger in walk.onbuild[: MAX_ONBUILD + 1]]
    if not triggers:
        return
    if len(triggers) > MAX_ONBUILD:
        # Those past the cap were passed over: a trigger after 256 `RUN echo` ones ran unjudged.
        raise InputError(
            f"image config: more than {MAX_ONBUILD} ONBUILD triggers", path=walk.name or None
        )
    text = sum(len(t) for t in triggers)
    if text > MAX_ONBUILD_TEXT:
        # Judged as RUN text is, outside the history's own cap: 120 triggers of 64 KiB (7.7 MB)
        # took 38 s. Real triggers are a line each.
        raise InputError(
            f"image config: its ONBUILD triggers hold {text:,} characters, more than "
            f"{MAX_ONBUILD_TEXT:,}",
            path=walk.name or None,
        )
    env: dict[str, str | None] = dict(walk.env)
    if isinstance(inner.get("Env"), list):
        env = dict(walk.hints)
    shell = inner.get("Shell")
    if isinstance(shell, list) and shell and all(isinstance(w, str) for w in shell):
        walk.shell = tuple(shell)
    workdir = inner.get("WorkingDir")
    if isinstance(workdir, str) and workdir:
        walk.workdir, walk.workdir_known = workdir, True
    walk.args = {}
    budget = [MAX_PARSED_TRIGGERS]
    for listed_trigger in triggers:
        entry = records.get(listed_trigger)
        created_by = None if entry is not None else f"ONBUILD {listed_trigger}"
        parsed = _trigger_instructions(listed_trigger, budget)
        if parsed is None:
            walk.unknown_at(entry, created_by, "an ONBUILD trigger gate cannot parse")
            continue
        for trigger in parsed:
            _one_trigger(walk, env, trigger, entry, created_by)


def _trigger_instructions(trigger: str, budget: list[int]) -> list[str] | None:
    """The instructions a child build reads in `trigger`, each as its text; None when the
    Dockerfile parser refuses it.

    A child parses each trigger on its own (BuildKit parser.Parse): a byte-order mark, comment
    and blank lines and a leading directive are read as in a Dockerfile, so `# x⏎RUN pip
    install y` runs that RUN (it was read as no instruction and passed over). A trigger of more
    than one instruction (a config written by `buildah config --onbuild`) is refused by BuildKit
    and run whole by the legacy builder (processOnBuild dispatches every child): each is judged.
    A one-line trigger that reads as an instruction is left as written, and so is one past
    the bytes `budget` (one number, spent here) leaves to parse. None also for a trigger of
    more than MAX_TRIGGER_INSTRUCTIONS instructions."""
    if "\n" not in trigger and classify(trigger).kind == "instruction":
        return [trigger]
    if len(trigger) > budget[0]:
        return [trigger]  # read as written: the parser's time grows with lines times bytes
    budget[0] -= len(trigger)
    try:
        check_nesting(trigger, "", "\\")
    except InputError:
        return [trigger]  # read as written: deep `${…${…}}` takes the parser minutes
    try:
        commands = dockerfile.parse_string(trigger)
    except (dockerfile.GoParseError, dockerfile.GoIOError):
        return None
    if len(commands) == 1 and commands[0].original.rstrip("\n") == trigger.rstrip("\n"):
        return [trigger]
    if len(commands) > MAX_TRIGGER_INSTRUCTIONS:
        return None
    return [command.original for command in commands]


def _one_trigger(
    walk: _Walk,
    env: dict[str, str | None],
    trigger: str,
    entry: HistoryEntry | None,
    created_by: str | None,
) -> None:
    """One instruction of a trigger, judged as the child build runs it (see _onbuild)."""
    step = classify(trigger)
    keyword = step.keyword.upper()
    if step.kind == "unknown":
        walk.unknown_at(entry, created_by, step.text)
    elif step.kind != "instruction":
        if names_installer(trigger):
            # No instruction a builder knows: the child's build fails, unless gate misreads
            # what it is; it names an installer, so it is not passed over.
            walk.unknown_at(entry, created_by, "a trigger gate reads as no instruction")
        return
    elif keyword == "RUN":
        walk.env = env
        walk.raw_run(entry, step.text, onbuild=True, created_by=created_by, flags=step.flags)
    elif keyword in ("ENV", "ARG"):
        raw = _raw_pairs(keyword, step.text, env)
        if raw is None:
            walk.unknown_at(entry, created_by, f"an {keyword} trigger gate cannot parse")
        for key, value in raw or ():
            # The child's --build-arg replaces an ARG trigger's default (dockerfile2llb
            # dispatchArg), and the child's build args are not this image's to know.
            env[key] = value if keyword == "ENV" else None
    elif keyword in ("COPY", "ADD"):
        walk.trigger_copy(entry, created_by, step.text)
    elif keyword == "SHELL":
        argv = json_argv(step.text.strip())
        if argv is None:
            walk.unknown_at(entry, created_by, "a SHELL trigger that is no argv")
        else:
            walk.shell = argv
    elif keyword == "WORKDIR":
        walk.workdir, walk.workdir_known = workdir_after(
            walk.workdir, walk.workdir_known, step.text, env, _resolve
        )


def base_history_length(image: Mapping[str, object], base: Mapping[str, object]) -> int | None:
    """How many leading history entries of `image` are `base`'s history, or None.

    Entries match on ``created_by`` and ``comment`` (timestamps may be rewritten by
    reproducible builds); the base's whole history must be a prefix of the image's.
    """
    try:
        ours = read_history(image) or ()
        theirs = read_history(base) or ()
    except InputError:
        return None
    if not theirs or len(theirs) > len(ours):
        return None
    for a, b in zip(ours, theirs, strict=False):
        if (a.created_by, a.comment) != (b.created_by, b.comment):
            return None
    return len(theirs)
