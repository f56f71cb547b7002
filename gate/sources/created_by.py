"""What one image history entry says: which builder wrote it, and which instruction it records.

Builders word ``created_by`` differently (measured on dockerd 20.10 and the samples in
``shared/realworld-images``):

- legacy builder, buildah, podman: RUN as ``[|N K=V ...] <shell...> <cmd>`` or, for exec form,
  the argv joined by spaces; other instructions as ``<shell...> #(nop)  ENV K=V`` (the shell is
  the one in effect, so ``SHELL`` changes it); docker commit leaves the container's Cmd (``bash``).
- BuildKit: the instruction verbatim (``ENV K=V``, ``ARG K``, ``WORKDIR /x``) and RUN as
  ``RUN [|N K=V ...] <shell...> <cmd> # buildkit``; comment ``buildkit.dockerfile.v0``.
- kaniko: the raw Dockerfile instruction (``RUN pip install x``), author ``kaniko``; a Cloud Native
  Buildpacks extension wraps it: ``Layer: 'RUN ...', Created by extension: <id>``.
- jib, ko, apko, Bazel, KIWI, Nix, buildpacks, ``docker import``: no shell history at all.

Raw instructions keep the Dockerfile's spelling: any case (``run pip install x``), any blank after
the keyword (``RUN\tpip``) and RUN flags (``RUN --mount=type=cache,target=/r pip install x``),
which are read the way BuildKit's parser reads them. A lower-case keyword that is also a program
(``env``, ``cmd``) counts as the instruction only where the other reading installs nothing. An
entry that looks like a record but that gate cannot read (RUN flags that leave no command, a
heredoc whose body was not recorded, kaniko's or BuildKit's ``/dev/pipes/<name>`` for a ``#!``
body) is ``unknown``: reported, never skipped. ``#(nop)`` records run nothing, whatever keyword
follows, unless they hold a newline (then only the first line is a comment). An exec-form RUN
recorded as its argv joined by spaces hands a shell (or ``su -c``) behind a wrapper the rest of
the words as one command.

Values are joined with single spaces and never quoted, so a value with spaces is ambiguous;
the parsers here use anchors (the shell prefix, values known from elsewhere) where they can.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Container, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

# The instruction keywords live apart so reading a Dockerfile does not import this module.
from gate.installer_settings import changes_verdicts
from gate.sources.keywords import KEYWORDS

Kind = Literal["instruction", "run", "opaque", "neutral", "unknown"]

BUILDKIT_COMMENT = "buildkit.dockerfile.v0"
# Builders that record the instruction as the Dockerfile holds it: quotes on, variables unexpanded.
RAW_BUILDERS = frozenset({"kaniko", "instruction"})
BUILDKIT_SUFFIX = " # buildkit"
_SUFFIXED = frozenset({"RUN", "COPY", "ADD"})
NOP = "#(nop)"
# Why a RUN whose heredoc body the history does not hold is unknown (kaniko keeps only the first
# line of the instruction; BuildKit runs a body that starts with ``#!`` from a file).
HEREDOC_NOT_RECORDED = "the heredoc body the RUN reads is not recorded"
# BuildKit (dockerfile2llb dispatchRun) writes a heredoc body that starts with ``#!`` to a file
# it mounts at /dev/pipes/<name> and records only that path as the command: ``RUN /bin/sh -c
# /dev/pipes/EOF # buildkit``. Nothing else puts a command there.
_PIPES_SCRIPT = re.compile(r"(?:^| )/dev/pipes/[^/\s]+\Z")

# Authors and created_by openings of builders that record no shell commands.
_SHELLLESS_AUTHORS = {"jib": "jib", "ko": "ko", "apko": "apko", "bazel": "Bazel"}
_SHELLLESS_OPENINGS = (
    ("jib-", "jib"),
    ("ko build", "ko"),
    ("ko publish", "ko"),
    ("ko resolve", "ko"),
    ("bazel build", "Bazel"),
    ("KIWI ", "KIWI"),
    ("Buildpacks ", "Cloud Native Buildpacks"),
    ("Application Layer", "Cloud Native Buildpacks"),
    ("Application Slice", "Cloud Native Buildpacks"),
    ("Software Bill-of-Materials", "Cloud Native Buildpacks"),
    # go-containerregistry's flatten: one layer of the whole file system, the old history only
    # as JSON in the comment (Bitnami images flattened this way are published).
    ("crane flatten ", "crane flatten"),
    ("gcrane flatten ", "crane flatten"),
    # umoci's layer-making commands (`umoci config` makes none: empty_layer, read as before).
    ("umoci insert", "umoci"),
    ("umoci raw add-layer", "umoci"),
    ("umoci repack", "umoci"),
)
# nix2container records "nix2container" for each layer it writes (its own tests' configs).
_SHELLLESS_EXACT = {"jib": "jib", "apko": "apko", "nix2container": "Nix"}
# source-to-image (OpenShift) runs the builder image's assemble script in a container and
# commits it: the record is the container's Cmd, `/bin/sh -c tar -C /tmp -xf - && …/assemble`
# (s2i's RunContainer). The Python builders' assemble runs `pip install -r requirements.txt`,
# and its text is in the builder image, not in the history.
_S2I_ASSEMBLE = re.compile(r"tar -C \S+ -xf - && (?:\S*/)?assemble(?:\s|$)")
# Cloud Native Buildpacks: ``Layer: '<name or instruction>', Created by <buildpack|extension>: id``.
_CNB_OPENING = "Layer: '"
_CNB_BUILDPACK = "', Created by buildpack: "
_CNB_EXTENSION = "', Created by extension: "

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_FIRST_WORD = re.compile(r"(\S+)(?:\s|$)")
# Keywords that are also programs a legacy exec-form RUN or a docker commit Cmd can start with.
_PROGRAM_KEYWORDS = frozenset({"ENV", "CMD"})
# A heredoc opening (``<<EOF``, ``<<-"EOF"``), not a here-string (``<<<``).
_HEREDOC = re.compile(r"(?<!<)<<-?[ \t]*[^\s<]")
# Build-arg names: Docker checks no more than that a name is not blank and has no ``=`` (``ARG
# my-arg``, ``ARG a.b`` build); a name with other marks is left to be read as no pair.
_ARG_KEY = re.compile(r"[\w.\-]+")
_PAIR_OPENING = re.compile(r"(?:^| )([\w.\-]+)=")
_ARG_PREFIX = re.compile(r"\|([0-9]{1,4}) ")
_BUILDAH_SHELL = "/bin/sh -c "
_POSIX_SHELLS = frozenset({"sh", "bash", "dash", "ash", "zsh", "ksh", "mksh", "yash"})
_POSIX_FLAGS = re.compile(r"[-+][A-Za-z]+")
_POSIX_C = re.compile(r"-[A-Za-z]*c[A-Za-z]*")
# bash's long options that run the command string as -c does (`--help`, `--version` print and
# exit instead), and those that take the next word.
_BASH_LONG_OPTIONS = frozenset(
    {
        "--login",
        "--noprofile",
        "--norc",
        "--noediting",
        "--posix",
        "--restricted",
        "--verbose",
        "--debugger",
        "--protected",
    }
)
_BASH_VALUE_OPTIONS = frozenset({"--rcfile", "--init-file"})
_CMD_SWITCH = re.compile(r"/[A-Za-z](?::\S*)?")
# PowerShell options that take a value (so the value is not mistaken for the command).
_PS_VALUE_OPTIONS = (
    "-executionpolicy",
    "-ep",
    "-inputformat",
    "-outputformat",
    "-windowstyle",
    "-version",
    "-configurationname",
    "-workingdirectory",
    "-psconsolefile",
)
# Python tools that can start an exec-form RUN (used only to settle a spaced build-arg value).
_TOOL = re.compile(
    r"(?:\S*/)?(?:pip[0-9.]*|python[0-9.]*|py|uvx?|poetry|pipx|pipenv|pdm|easy_install[0-9.-]*)"
)
_MAX_VALUE_WORDS = 8
_SHELL_PROGRAMS = _POSIX_SHELLS | {"cmd", "powershell", "pwsh"}
_MAX_PREFIX_CHARS = 1024
# A shell prefix is short; stop looking after this many words.
_MAX_SHELL_WORDS = 16
# Anchored build-arg parsing tries at most this many shell-prefix occurrences.
_MAX_ANCHOR_TRIES = 64


@dataclass(frozen=True)
class Entry:
    """One history entry, classified.

    ``instruction``: a Dockerfile instruction in ``keyword``/``text`` (legacy ``#(nop)`` entries,
    BuildKit and kaniko records). ``run``: a legacy-style recorded command in ``text`` (build-arg
    prefix and shell prefix still on it). ``opaque``: a layer from a builder that records no shell
    history. ``neutral``: carries nothing to judge and says nothing about the builder.
    ``unknown``: a record gate cannot read; ``text`` says why.
    """

    kind: Kind
    builder: str  # legacy | buildkit | kaniko | instruction | jib | ko | apko | Bazel | ...
    keyword: str = ""
    text: str = ""
    flags: tuple[str, ...] = ()  # a raw RUN record's flags (`--mount=…`), as written

    @property
    def usable(self) -> bool:
        """Recorded by a Dockerfile-style builder, so the gate can judge it (or say it cannot)."""
        return self.kind in ("instruction", "run", "unknown")

    @property
    def recorded_run(self) -> bool:
        """A RUN written with build-arg and shell prefixes (legacy, BuildKit), not raw (kaniko)."""
        return self.kind == "run" or (self.keyword == "RUN" and self.builder == "buildkit")


def _shellless(created_by: str, comment: str, author: str) -> str | None:
    """The shell-less builder that wrote this entry, or None."""
    name = _SHELLLESS_AUTHORS.get(author.strip().lower())
    if name is not None and not _recorded_step(created_by):
        return name
    text = created_by.strip()
    if text in _SHELLLESS_EXACT:
        return _SHELLLESS_EXACT[text]
    if text.startswith("apko "):
        return "apko"
    for opening, builder in _SHELLLESS_OPENINGS:
        if text.startswith(opening):
            return builder
    if text.startswith(_CNB_OPENING) and _CNB_BUILDPACK in text:
        return "Cloud Native Buildpacks"
    prefix = shell_prefix_length(text)
    if prefix is not None and _S2I_ASSEMBLE.match(text, prefix):
        return "source-to-image (s2i)"
    if comment.startswith("debuerreotype"):
        return "debuerreotype"  # a Debian rootfs tarball: the bottom of Debian-based images
    return None


def _recorded_step(created_by: str) -> bool:
    """`created_by` has the shape of a step a Dockerfile builder records (a build-arg or shell
    prefix, a ``#(nop)`` record, the RUN keyword). The legacy builder writes MAINTAINER into
    every later entry's author, so ``MAINTAINER jib`` must not make its records shell-less;
    Bazel's rules_docker writes ``#(nop)`` records (CMD, ENV) under its own name, which say
    what they set as the legacy builder's do."""
    return (
        created_by.startswith("|")
        or NOP in created_by
        or split_keyword(created_by)[0].upper() == "RUN"
        or shell_prefix_length(created_by) is not None
    )


def _extension_instruction(created_by: str) -> str | None:
    """The instruction a CNB image extension layer wraps (kaniko builds those), or None."""
    if not created_by.startswith(_CNB_OPENING):
        return None
    marker = created_by.rfind(_CNB_EXTENSION)
    if marker < 0 or "\n" in created_by[marker + len(_CNB_EXTENSION) :]:
        return None
    return created_by[len(_CNB_OPENING) : marker]


def _empty_entry(comment: str, empty_layer: bool) -> Entry:
    if comment.startswith("merge sha256:"):
        return Entry("neutral", "squash")  # docker build --squash: the steps are still listed
    if comment.startswith("store paths:"):
        return Entry("opaque", "Nix")
    if comment.startswith("Imported from"):
        return Entry("opaque", "docker import")
    if empty_layer:
        return Entry("neutral", "unknown")
    return Entry("opaque", "an unknown tool")


def split_keyword(text: str) -> tuple[str, str]:
    """(first word, the rest after the one blank that ends it): ``RUN\tpip x`` → RUN, pip x."""
    match = _FIRST_WORD.match(text)
    if match is None:
        return "", text
    return match.group(1), text[match.end() :]


def run_flags(text: str) -> tuple[list[str], str] | None:
    """Split RUN flags (``--mount=...``, ``--network=none``) from the command, as BuildKit does.

    Flags are the leading words that start with ``--``; quotes and backslashes in them are
    removed, a lone ``--`` ends them. None when flags leave no command (an unclosed quote, or
    nothing after them): such a RUN ran something gate cannot see.
    """
    flags: list[str] = []
    pos, length = 0, len(text)
    while True:
        while pos < length and text[pos].isspace():
            pos += 1
        if not text.startswith("--", pos):
            return (flags, text[pos:]) if (pos < length or not flags) else None
        word: list[str] = []
        quote = ""
        while pos < length and (quote or not text[pos].isspace()):
            char = text[pos]
            if quote and char == quote:
                quote = ""
            elif not quote and char in "'\"":
                quote = char
            elif char == "\\" and pos + 1 < length:
                pos += 1
                word.append(text[pos])
            elif char != "\\":
                word.append(char)
            pos += 1
        if quote:
            return None
        if "".join(word) == "--":
            return flags, text[pos:].lstrip()
        flags.append("".join(word))


def _instruction(text: str, builder: str) -> Entry:
    word, rest = split_keyword(text)
    keyword = word.upper()
    if keyword == "ENV":
        # The last value runs to the record's end: Docker and BuildKit write each pair as
        # K=V, unquoted, so `ENV A=":all: "` is recorded with its blank (pip reads `:all: `
        # as a package name, not as every package).
        return Entry("instruction", builder, keyword, rest.lstrip(" "))
    if keyword != "RUN":
        return Entry("instruction", builder, keyword, rest.strip(" "))
    parsed = run_flags(rest)
    if parsed is None:
        return Entry("unknown", builder, "RUN", "its RUN flags leave no command")
    flags, command = parsed
    if builder == "buildkit" and _PIPES_SCRIPT.search(command):
        return Entry("unknown", builder, "RUN", HEREDOC_NOT_RECORDED)
    raw = builder in RAW_BUILDERS
    if raw and "\n" not in command and _HEREDOC.search(command):
        return Entry("unknown", builder, "RUN", HEREDOC_NOT_RECORDED)
    return Entry("instruction", builder, keyword, command if flags else rest, tuple(flags))


def _raw_keyword(created_by: str, author: str) -> str | None:
    """The keyword of a raw instruction spelled in another case (``run pip install x``)."""
    word, rest = split_keyword(created_by)
    keyword = word.upper()
    if keyword not in KEYWORDS or keyword == word:
        return None
    if keyword in _PROGRAM_KEYWORDS and author.strip().lower() != "kaniko":
        # ``env A=b pip install x`` is also a legacy exec-form RUN: read as ENV only when it
        # runs nothing, so that no install is lost either way.
        words = rest.split()
        if keyword == "CMD" or not words or any(_pair_start(w) is None for w in words):
            return None
    return keyword


def classify(
    created_by: str, comment: str = "", author: str = "", empty_layer: bool = False
) -> Entry:
    """Classify one history entry by its ``created_by``, ``comment`` and ``author``."""
    if not created_by.strip():
        return _empty_entry(comment, empty_layer)
    tool = _shellless(created_by, comment, author)
    if tool is not None:
        return Entry("opaque", tool)
    inner = _extension_instruction(created_by)
    if inner is not None:
        if split_keyword(inner)[0].upper() in KEYWORDS:
            return _instruction(inner, "kaniko")
        return Entry("opaque", "Cloud Native Buildpacks")
    raw_builder = "kaniko" if author.strip().lower() == "kaniko" else "instruction"
    keyword = split_keyword(created_by)[0]
    if keyword in KEYWORDS:
        if comment == BUILDKIT_COMMENT or created_by.endswith(BUILDKIT_SUFFIX):
            text = created_by
            # Only the records of steps that make a layer carry the suffix (dockerfile2llb
            # commitToHistory with a state: RUN, COPY, ADD); in any other the words are the
            # value's own (`ENV PIP_ONLY_BINARY=":all: # buildkit"`).
            if keyword in _SUFFIXED and text.endswith(BUILDKIT_SUFFIX):
                text = text[: -len(BUILDKIT_SUFFIX)]
            return _instruction(text, "buildkit")
        return _instruction(created_by, raw_builder)
    nop = created_by.find(NOP)
    # A real #(nop) record is one line (the Dockerfile parser hands no instruction a newline).
    # One with a newline is a command that starts with a ``#(nop)`` comment (exec form
    # ``["/bin/sh", "-c", "#(nop) x\npip install y"]``): the lines after the first run.
    if (
        nop >= 0
        and "\n" not in created_by
        and (nop == 0 or shell_prefix_length(created_by[:nop] + "x") == nop)
    ):
        # A #(nop) record runs nothing, whatever its keyword (a rendered table may cut it).
        recorded = created_by[nop + len(NOP) :].lstrip(" ")
        if split_keyword(recorded)[0].upper() == "RUN":
            # No builder writes RUN as #(nop) (the legacy builder records its command), so this
            # is a RUN whose command was a comment: it ran nothing.
            return Entry("instruction", "legacy", NOP, recorded)
        return _instruction(recorded, "legacy")
    if created_by.startswith("|") or shell_prefix_length(created_by) is not None:
        return Entry("run", "legacy", "RUN", created_by)
    if _raw_keyword(created_by, author) is not None:
        return _instruction(created_by, raw_builder)
    return Entry("run", "legacy", "RUN", created_by)


# ---------------------------------------------------------------------------------------------
# Shell prefixes: ``/bin/sh -c``, ``bash -o pipefail -c``, ``cmd /S /C``, ``pwsh -Command``.


def _words(text: str) -> Iterator[tuple[int, str]]:
    """(offset, word) for the single-space separated words Docker joined, at most a few."""
    pos = 0
    for _ in range(_MAX_SHELL_WORDS):
        end = text.find(" ", pos)
        if end < 0:
            yield pos, text[pos:]
            return
        yield pos, text[pos:end]
        pos = end + 1


def _program(word: str) -> str:
    name = word.replace("\\", "/").rsplit("/", 1)[-1].lower()
    return name[:-4] if name.endswith(".exe") else name


def _posix_end(words: Sequence[tuple[int, str]]) -> int | None:
    """Index of the last option word of a POSIX shell's argv when a command string follows
    them, as bash 5.2 and dash read options: every `o` or `O` in a cluster takes the next word
    (`-eo pipefail`, `-O extglob`), `--rcfile`/`--init-file` take one (long options only come
    first), `--` ends them, and a `c` anywhere among them (`-c -e`, `-ec`) makes the first
    other word the command."""
    i, command, short = 1, False, False
    while i < len(words):
        word = words[i][1]
        if word == "--":
            return i if command else None
        if word.startswith("--") and short:
            return None  # bash reads long options only before the others: "invalid option"
        if word in _BASH_VALUE_OPTIONS:
            i += 2
        elif word in _BASH_LONG_OPTIONS:
            i += 1
        elif _POSIX_FLAGS.fullmatch(word):
            short = True
            command = command or (word[0] == "-" and "c" in word)
            i += 1 + sum(char in "oO" for char in word)
        else:
            break
    if not command or i > len(words):
        return None
    return i - 1


def _cmd_end(words: Sequence[tuple[int, str]]) -> int | None:
    for i in range(1, len(words)):
        word = words[i][1]
        if not _CMD_SWITCH.fullmatch(word):
            return None
        if word.upper() in ("/C", "/K"):
            return i
    return None


def _powershell_end(words: Sequence[tuple[int, str]]) -> int | None:
    i = 1
    while i < len(words):
        word = words[i][1].lower()
        if not word.startswith("-") or len(word) < 2:
            return None
        if "-command".startswith(word):
            return i
        i += 2 if any(o.startswith(word) for o in _PS_VALUE_OPTIONS) and len(word) > 2 else 1
    return None


def shell_prefix_length(text: str) -> int | None:
    """Length of a shell-invocation prefix of `text` (up to the command), or None.

    ``/bin/sh -c echo hi`` → 11 (``/bin/sh -c `` is the prefix). Recognises POSIX shells with
    options ending in one containing ``c``, ``cmd /S /C`` and ``powershell``/``pwsh -Command``.
    """
    words = list(_words(text))
    program = _program(words[0][1])
    if program in _POSIX_SHELLS:
        end = _posix_end(words)
    elif program == "cmd":
        end = _cmd_end(words)
    elif program in ("powershell", "pwsh"):
        end = _powershell_end(words)
    else:
        return None
    if end is None:
        return None
    if end + 1 < len(words):
        return words[end + 1][0]
    last_offset, last_word = words[end]
    # ``sh -c`` with nothing after it: an empty command (unless the word cap cut the text).
    return len(text) if last_offset + len(last_word) == len(text) else None


def split_shell(text: str, shell: Sequence[str]) -> tuple[tuple[str, ...], str] | None:
    """(shell argv, script) when `text` starts with `shell` or another recognised shell prefix."""
    joined = " ".join(shell)
    if joined and (text == joined or text.startswith(joined + " ")):
        return tuple(shell), text[len(joined) + 1 :]
    length = shell_prefix_length(text)
    if length is None:
        return None
    prefix = text[:length].rstrip(" ")
    return tuple(prefix.split(" ")), text[length:]


# Programs whose option takes a whole command line as one argument (``su -c CMD``).
_COMMAND_OPTION_PROGRAMS = frozenset({"su", "runuser", "script", "flock"})
_COMMAND_OPTION = re.compile(r"-[A-Za-z]*c|--(?:session-)?command")
_COMMAND_OPTION_ATTACHED = re.compile(r"--(?:session-)?command=")
# Names of Python installers: a text that names none of them installs nothing (the same test
# gate/shell/build_commands.py uses for a body that reads differently under another shell).
_INSTALLER_NAME = re.compile(
    r"(?<![\w-])(?:pip[\d.]*|uvx?|poetry|pipx|pipenv|pdm|easy_install|setup\.py)(?![\w-])"
    r"|get-pip",
    re.IGNORECASE,
)


def names_installer(text: str) -> bool:
    """`text` names a Python installer somewhere (so a reading of it may install)."""
    return _INSTALLER_NAME.search(text) is not None


def exec_form_command(text: str) -> tuple[str, ...]:
    """A recorded exec-form RUN (the argv joined by single spaces) → the argv gate judges.

    The join loses the argument boundaries. ``["env", "bash", "-c", "pip install x"]`` and
    ``["env", "bash", "-c", "pip", "install", "x"]`` both read ``env bash -c pip install x``;
    the second runs ``pip`` alone (``install``, ``x`` become ``$0``, ``$1``), which nobody
    writes, and runs no command the first does not. So a shell (or ``su``/``runuser``/
    ``script``/``flock``) behind a wrapper takes everything after its command option as one
    command string: the reading that runs the most, and the only sensible one.
    """
    words = list(_words(text))
    for i, (offset, word) in enumerate(words):
        program = _program(word)
        start: int | None = None
        if program in _SHELL_PROGRAMS and i > 0:  # a shell first is shell form (split_shell)
            length = shell_prefix_length(text[offset:])
            start = None if length is None else offset + length
        elif program in _COMMAND_OPTION_PROGRAMS:
            for later, option in words[i + 1 : i + 6]:
                if _COMMAND_OPTION_ATTACHED.match(option):
                    return (*text[:later].split(), text[later:])
                if _COMMAND_OPTION.fullmatch(option):
                    start = later + len(option) + 1
                    break
        if start is not None and start < len(text):
            return (*text[:start].split(), text[start:])
    return tuple(text.split())


def shell_script(shell: Sequence[str]) -> str:
    """Script text a SHELL argv holds after its command option (``[sh -c 'a; eval "$1"' sh]``):
    it runs on every RUN under that SHELL. Empty when the option is the last word."""
    joined = " ".join(shell)
    length = shell_prefix_length(joined)
    return "" if length is None else joined[length:]


def later_shell_prefix(command: str, shells: Sequence[str]) -> int | None:
    """Where a second shell prefix starts in a RUN's command (after its first word), or None.

    With a build-arg prefix, the record ``|1 X=1 /bin/sh -c echo hi /bin/sh -c pip install y``
    also reads as ``X="1 /bin/sh -c echo hi"`` running ``pip install y`` (BuildKit and the
    legacy builder join values unquoted). The earliest such place gives the longest other
    command; every other reading runs a suffix of it.
    """
    found: int | None = None
    for shell in shells:
        if not shell:
            continue
        at = command.find(" " + shell, 1)
        tries = 0
        while at >= 0 and tries < _MAX_ANCHOR_TRIES:
            tries += 1
            after = at + 1 + len(shell)
            if after == len(command) or command[after] == " ":
                found = at + 1 if found is None else min(found, at + 1)
                break
            at = command.find(" " + shell, at + 1)
    return found


# ---------------------------------------------------------------------------------------------
# KEY=VALUE lists: ENV and ARG records and the ``|N K=V`` build-arg prefix.


def _pair_start(word: str) -> str | None:
    """The key when `word` opens a ``KEY=value`` pair."""
    key, eq, _ = word.partition("=")
    return key if eq and _IDENT.fullmatch(key) else None


def _arg_pair_start(word: str) -> str | None:
    """The key when `word` opens a build-arg ``KEY=value`` pair of a ``|N`` prefix."""
    key, eq, _ = word.partition("=")
    return key if eq and _ARG_KEY.fullmatch(key) else None


def _known_value(text: str, pos: int, key: str, hints: Mapping[str, str | None]) -> int | None:
    """End of ``KEY=<hinted value>`` at `pos` when the hinted value fits there exactly."""
    value = hints.get(key)
    if value is None or " " not in value:
        return None
    end = pos + len(key) + 1 + len(value)
    if text.startswith(value, pos + len(key) + 1) and (end == len(text) or text[end] == " "):
        return end
    return None


def parse_pairs(
    text: str,
    hints: Mapping[str, str | None] | None = None,
    *,
    bare_keys: bool = False,
    names: Container[str] | None = None,
    build_args: bool = False,
) -> list[tuple[str, str | None]]:
    """``K=V K2=V2`` → pairs; a word that opens no pair continues the previous value.

    With `bare_keys` (ARG records) a lone identifier is a key without a value. `hints` holds
    values known from elsewhere (the final ``config.Env``) that settle values with spaces.
    `names`, when given, holds every name the record can have set (an ENV record never removes
    a variable, so a name missing from the final ``config.Env`` was never set): a ``K=V`` word
    whose K is not among them is part of the previous value (``ENV A="x K=V"`` recorded
    unquoted), never a pair of its own. `build_args`: keys are build-arg names (``my-arg``).
    """
    hints = hints or {}
    pair_start = _arg_pair_start if build_args else _pair_start
    # Each value is the record's text from after its ``=`` up to the next pair (Docker joined
    # the words with single spaces): kept as offsets and sliced once, so a value of many words
    # costs linear time, not a string rebuilt per word. A bare key has no start (None).
    spans: list[tuple[str, int | None, int]] = []
    tried: set[str] = set()
    pos = 0
    while pos < len(text):
        end = text.find(" ", pos)
        end = len(text) if end < 0 else end
        word = text[pos:end]
        key = pair_start(word)
        if key is not None and names is not None and key not in names:
            key = None
        if key is not None:
            # A hinted value is tried at the key's first pair only: a record that repeats a key
            # cannot make every repeat compare the hint against the rest of the text.
            known = None if key in tried else _known_value(text, pos, key, hints)
            tried.add(key)
            spans.append((key, pos + len(key) + 1, end if known is None else known))
            if known is not None:
                pos = known + 1
                continue
        elif bare_keys and _IDENT.fullmatch(word):
            spans.append((word, None, end))
        elif spans:
            last_key, start, _ = spans[-1]
            # A bare key that a word continues takes the value from the blank before it on.
            spans[-1] = (last_key, pos - 1 if start is None else start, end)
        pos = end + 1
    if spans and spans[-1][1] is not None and text.endswith(" "):
        # Blanks at the end are the last value's own: the builder writes nothing after it
        # (`|1 A=:all:  /bin/sh -c …` holds A=":all: ").
        spans[-1] = (spans[-1][0], spans[-1][1], len(text))
    return [(key, None if start is None else text[start:stop]) for key, start, stop in spans]


def parse_env(
    text: str,
    hints: Mapping[str, str | None] | None = None,
    names: Container[str] | None = None,
) -> list[tuple[str, str]]:
    """An ENV record: ``K=V K2=V2``, or the old ``K V`` form. `names`: see `parse_pairs`."""
    first = text.partition(" ")[0]
    if first and _pair_start(first) is None and _IDENT.fullmatch(first):
        if names is not None and first not in names:
            return []
        return [(first, text[len(first) + 1 :])]
    return [(k, v or "") for k, v in parse_pairs(text, hints, names=names)]


def announced_pairs(text: str) -> int | None:
    """How many build args a ``|N K=V ...`` prefix announces (N), or None without a prefix."""
    match = _ARG_PREFIX.match(text)
    return None if match is None else int(match.group(1))


def split_build_args(
    text: str, shells: Sequence[str], hints: Mapping[str, str | None] | None = None
) -> tuple[list[tuple[str, str | None]], str]:
    """Split ``|N K=V ... <command>`` into the N pairs and the command (a value None: unknown).

    Values are unquoted and may hold spaces. When the command starts with one of `shells` (joined
    shell prefixes such as ``/bin/sh -c``), the pairs end right before it; otherwise each value
    but the last runs up to the next ``KEY=`` word and the last value is one word (or a hint).
    """
    match = _ARG_PREFIX.match(text)
    if match is None:
        return [], text
    count = int(match.group(1))
    body = text[match.end() :]
    if count == 0:
        return [], body
    # Where words that open a pair start; an anchor is only worth a full parse when exactly
    # `count` of them come before it (keeps long records linear).
    starts = [m.start(1) for m in _PAIR_OPENING.finditer(body)]
    if starts and starts[0] == 0:
        for shell in shells:
            if not shell:
                continue
            tries = 0
            start = body.find(" " + shell)
            while start >= 0 and tries < _MAX_ANCHOR_TRIES:
                tries += 1
                after = start + 1 + len(shell)
                opened = bisect_left(starts, start)
                if (after == len(body) or body[after] == " ") and opened >= count:
                    pairs = parse_pairs(body[:start], hints, build_args=True)
                    if len(pairs) == count:
                        return [(k, v or "") for k, v in pairs], body[start + 1 :]
                    if opened > count:
                        return _overfull(pairs), body[start + 1 :]
                start = body.find(" " + shell, start + 1)
    counted = _counted_words(body, count)
    if counted is not None:
        return counted
    return _sequential_pairs(body, count, hints or {}, shells)


def _overfull(pairs: list[tuple[str, str | None]]) -> list[tuple[str, str | None]]:
    """The pairs of a prefix holding more ``K=`` words than it announces (`|2 A=x B=y
    PIP_ONLY_BINARY=:all:`, no value settling it): which words open a pair and which continue a
    value is not recorded, so an installer setting among them is of unknown value."""
    return [(k, None if changes_verdicts(k) else (v or "")) for k, v in pairs]


def _counted_words(body: str, count: int) -> tuple[list[tuple[str, str | None]], str] | None:
    """buildah's prefix: N counts the words of the joined ``K=V`` pairs, not the pairs
    (imagebuilder getCreatedBy: ``len(strings.Split(buildArgs, " "))``), and its RUN records
    always go on with ``/bin/sh -c``. So when N words and then that prefix follow, the words are
    the pairs, whatever spaces their values hold. None otherwise."""
    end = -1
    for _ in range(count):
        end = body.find(" ", end + 1)
        if end < 0:
            return None
    if not body.startswith(_BUILDAH_SHELL, end + 1):
        return None
    pairs = parse_pairs(body[:end], build_args=True)
    if not pairs or body[: len(pairs[0][0]) + 1] != pairs[0][0] + "=":
        return None
    return [(k, v or "") for k, v in pairs], body[end + 1 :]


def _command_starts(body: str, pos: int, word: str, shells: Sequence[str]) -> bool:
    """A shell prefix opens at `pos` (where `word` starts): a value cannot run on into it."""
    if _program(word) not in _SHELL_PROGRAMS:
        return False  # cheap test first: this runs for every word of a long value
    if any(
        s and body.startswith(s, pos) and body[pos + len(s) : pos + len(s) + 1] in ("", " ")
        for s in shells
    ):
        return True
    return shell_prefix_length(body[pos : pos + _MAX_PREFIX_CHARS]) is not None


def _sequential_pairs(
    body: str, count: int, hints: Mapping[str, str | None], shells: Sequence[str]
) -> tuple[list[tuple[str, str | None]], str]:
    pairs: list[tuple[str, str | None]] = []
    pos = 0
    while len(pairs) < count and pos < len(body):
        end = body.find(" ", pos)
        end = len(body) if end < 0 else end
        key = _arg_pair_start(body[pos:end])
        if key is None:
            break  # malformed: fewer pairs than announced; the rest is the command
        known = _known_value(body, pos, key, hints)
        if known is not None:
            pairs.append((key, hints[key] or ""))
            pos = known + 1
            continue
        value_end = end
        if len(pairs) < count - 1:
            # Not the last pair: the value runs until the next word that opens a pair (or,
            # when the record announced more pairs than it holds, until the shell prefix).
            while value_end < len(body):
                nxt = body.find(" ", value_end + 1)
                nxt = len(body) if nxt < 0 else nxt
                if _arg_pair_start(body[value_end + 1 : nxt]) is not None:
                    break
                if _command_starts(body, value_end + 1, body[value_end + 1 : nxt], shells):
                    break
                value_end = nxt
        else:
            value_end = _last_value_end(body, end)
        pairs.append((key, body[pos + len(key) + 1 : value_end]))
        pos = value_end + 1
    return pairs, body[pos:]


def _last_value_end(body: str, end: int) -> int:
    """Where the last build-arg value ends when no shell prefix anchors it (exec form).

    One word, unless the command would then start with a word that is no program while a
    Python tool follows a few words later: ``|1 A=two words pip install x`` is ``A="two
    words"``. Without that, a spaced build arg would hide an exec-form install.
    """
    words: list[tuple[int, str]] = []
    pos = end + 1
    while pos <= len(body) and len(words) < _MAX_VALUE_WORDS:
        nxt = body.find(" ", pos)
        nxt = len(body) if nxt < 0 else nxt
        words.append((pos, body[pos:nxt]))
        pos = nxt + 1
    if not words or _TOOL.fullmatch(words[0][1]) or words[0][1].startswith("/"):
        return end
    for offset, word in words[1:]:
        if _TOOL.fullmatch(word):
            return offset - 1
    return end


def parse_shell_record(text: str) -> tuple[str, ...] | None:
    """A SHELL record, ``[/bin/bash -o pipefail -c]`` (Go's %v of the list) or JSON, → argv."""
    text = text.strip()
    if not (text.startswith("[") and text.endswith("]")):
        return None
    inner = text[1:-1].strip()
    if inner.startswith('"'):
        return json_argv(text)
    words = tuple(inner.split())
    return words or None


def json_argv(text: str) -> tuple[str, ...] | None:
    """An exec form (`["sh", "-c", "…"]`): a non-empty JSON array of strings, else None."""
    import json

    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return tuple(value)
    return None


# ---------------------------------------------------------------------------------------------
# Commands whose text does not say what they ran.

_PYTHON = re.compile(r"python[0-9.]*")
# PowerShell switches that leave it reading commands from its input.
_PS_INTERACTIVE = frozenset({"-nologo", "-noprofile", "-noexit", "-interactive", "-nop", "-nol"})


def reads_commands_from_stdin(argv: Sequence[str]) -> bool:
    """`argv` is a shell or Python given no command, only options (``bash``, ``/bin/sh -l``,
    ``python3 -i``, ``cmd``, ``powershell -NoLogo``): it runs what arrives on its input. In a
    build that is nothing, but ``docker commit`` records the committed container's Cmd the same
    way, and an interactive session (``docker run -it IMAGE bash``) may have installed anything.
    """
    if not argv:
        return False
    program = _program(argv[0])
    if program in _POSIX_SHELLS:
        return all(a.startswith("-") and len(a) > 1 and not _POSIX_C.fullmatch(a) for a in argv[1:])
    if _PYTHON.fullmatch(program):
        return all(a.startswith("-") and len(a) > 1 and a not in ("-c", "-m") for a in argv[1:])
    if program == "cmd":
        return all(_CMD_SWITCH.fullmatch(a) and a.upper()[:2] not in ("/C", "/K") for a in argv[1:])
    if program in ("powershell", "pwsh"):
        return all(a.lower() in _PS_INTERACTIVE for a in argv[1:])
    return False


# BuildKit's heredoc opener (frontend/dockerfile/parser reHeredoc, `^(\d*)<<(-?)\s*([^<]*)$`):
# a file descriptor may lead it, and the name is any one shell word (`END-PY`, `"a b"`).
_BARE_HEREDOC = re.compile(r"(\d*)<<(-?)[ \t]*([^<\n]*)\n")


def _one_word(text: str) -> str | None:
    """`text` as one shell word with its quotes and escapes removed (the heredoc's name, as
    BuildKit's lexer gives it); None for no word, several, or an unclosed quote."""
    word: list[str] = []
    quote = ""
    i, text = 0, text.rstrip(" \t")
    while i < len(text):
        char = text[i]
        if quote == "'":
            if char == "'":
                quote = ""
            else:
                word.append(char)
        elif char == "\\" and i + 1 < len(text) and (not quote or text[i + 1] in '"\\$`'):
            i += 1
            word.append(text[i])
        elif quote:
            if char == '"':
                quote = ""
            else:
                word.append(char)
        elif char in "'\"":
            quote = char
        elif char in " \t":
            return None
        else:
            word.append(char)
        i += 1
    return None if quote or not text else "".join(word)


def bare_heredoc_body(text: str) -> str | None:
    """The body of a RUN whose command is a heredoc alone (``RUN <<EOF`` … ``EOF``), or None.

    BuildKit runs such a body as the shell command (dockerfile2llb dispatchRun, "a simple
    heredoc"); read as shell text, a lone ``<<EOF`` would run nothing. Its parser reads CRLF
    lines as LF lines.
    """
    text = text.replace("\r\n", "\n")
    match = _BARE_HEREDOC.match(text)
    if match is None:
        return None
    name = _one_word(match.group(3))
    if name is None:
        return None  # `<<EOF sh` is a command reading the heredoc: judged as shell text
    strip_tabs = bool(match.group(2))
    body: list[str] = []
    for line in text[match.end() :].split("\n"):
        line = line.lstrip("\t") if strip_tabs else line
        if line == name:
            break
        body.append(line)
    return "\n".join(body) + "\n"
