"""The typed values that cross gate's module boundaries.

Data flows one way:  source → instructions (``BuildSource``) → shell commands (``Command``) →
install facts (``Install``/``FactsDocument``) → policy → findings (``Finding``) → report.
Every value here is frozen; a stage of the pipeline builds new values, it never edits old ones.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

# A build environment: variable name → value. ``None`` means the variable is set but its value is
# not known to the gate (an ``ARG`` without default and no ``--build-arg``, a loop variable, ...).
# A name that is absent is unset as far as the gate can tell.
Env = Mapping[str, str | None]

Severity = Literal["deny", "warn"]
Verdict = Literal["builds", "unknown"]


# Line breaks (and the blanks around them) as str.splitlines sees them.
_LINE_BREAKS = re.compile(r"[ \t]*[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]+[ \t]*")


class GateError(Exception):
    """Base of every error the CLI turns into one line on stderr and exit status 2."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        # One line whatever the parts hold: a parser's message may span lines (PyYAML adds the
        # offending text under it), and a path may hold a line break.
        where = _LINE_BREAKS.sub(" ", self.path or "")
        if where and self.line is not None:
            where = f"{where}:{self.line}"
        message = _LINE_BREAKS.sub(" ", self.message).strip()
        return f"{where}: {message}" if where else message


class InputError(GateError):
    """The input (a Dockerfile, an image config, an archive, a data file) cannot be read."""


@dataclass(frozen=True)
class Span:
    """Where one command sits in a Dockerfile: physical lines, 1-based columns, ``end_column``
    one past the command's last character (as SARIF counts)."""

    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(frozen=True)
class Location:
    """Where an instruction comes from: a Dockerfile line or an image history entry."""

    path: str
    line: int | None = None
    end_line: int | None = None
    stage: str | None = None
    history_index: int | None = None
    created_by: str | None = None
    # The install's own command inside the instruction (a multi-line RUN), when it was found
    # in the Dockerfile's text; ``line`` stays the instruction's first line. Not part of
    # equality: two locations are the same when they name the same instruction, so a fact is
    # found at its step (``step.location == install.location``) whichever command made it.
    command: Span | None = field(default=None, compare=False)


# ---------------------------------------------------------------------------------------------
# Source layer: Dockerfiles and image histories become the same stream of steps.


@dataclass(frozen=True)
class Run:
    """One ``RUN`` (or ``ONBUILD RUN``) step, with everything the shell and fact layers need."""

    location: Location
    # SHELL in effect for shell form, e.g. ("/bin/sh", "-c") or ("powershell", "-Command").
    shell: tuple[str, ...]
    exec_form: bool
    # Exec form: the JSON argv. Shell form: empty.
    argv: tuple[str, ...]
    # Shell form: the script text handed to the shell, heredocs included verbatim
    # (``RUN python3 <<EOF`` keeps its heredoc lines so the shell layer sees the redirection).
    script: str
    env: Env
    workdir: str = "/"
    onbuild: bool = False
    # True when the step belongs to the base image (image history below the team's own layers).
    from_base: bool = False
    # Shells a shell-form step may run under instead of ``shell``: the base image's config Shell
    # could not be read (a Windows base: cmd by default, PowerShell in python's official images).
    alternative_shells: tuple[tuple[str, ...], ...] = ()
    # The USER whose passwd entry gives HOME ("" for root, or where ENV sets HOME): the shell
    # layer places it with `homes` (gate/shell/build_commands.py).
    user: str = ""
    # The users the build made so far and their homes; None: none read (HOME as `env` has it).
    homes: Homes | None = None
    # A script a command runs after `. VENV/bin/activate` (walked as a Run of its own): VENV, as
    # Command.venv has it.
    venv: str | None = None
    # A script file a command runs by its path (`sh scripts/x.sh`, `./x.sh`, a name on $PATH),
    # walked as a Run of its own: its $0, the path as the shell is given it; None: unknown.
    zero: str | None = None
    # Files a `. FILE`/`source FILE` of this step reads, as the build held them when the step
    # began (path, text): the shell walks their commands in its own shell, so the variables they
    # set reach the commands after them (gate/facts/walker.py `_sourced`).
    sourced: tuple[tuple[str, str], ...] = ()
    # Files a `while read …; do …; done < FILE` loop of this step reads (`cat FILE | while …`
    # too), as the build held them when the step began (absolute path, text): the loop's body
    # is walked once per line (gate/shell/read_loop.py, gate/facts/loop_inputs.py).
    loop_inputs: tuple[tuple[str, str], ...] = ()
    # The start-up files a shell may read (gate/shell/startup.py) that the build holds when the
    # step begins; None: not told (every place one may be is read, and the facts layer walks
    # the step again with them, gate/facts/walker.py `_run`).
    startup: frozenset[str] | None = None
    # False for a file run in a shell already running (`. FILE`): no shell starts, and none
    # reads its start-up files.
    starts_shell: bool = True
    # Programs whose output the shell layer works out (`$(echo W | tr - _)`, `$(which pip)`)
    # of which the build holds, or this step writes, a file of that name: a $PATH folder may
    # hold it ahead of the system's (gate/shell/folder_vars.py MODELLED_PROGRAMS).
    programs: frozenset[str] = frozenset()
    # Names the RUN's environment surely lacks: an ARG declared before the first FROM and not
    # declared again in the stage, where the base image's config Env was read and lacks it too
    # (BuildKit gives a RUN only the ARGs its stage declares). The shell reads them as unset.
    unset: tuple[str, ...] = ()


@dataclass(frozen=True)
class Account:
    """One passwd entry the build wrote (useradd, adduser, a line added to /etc/passwd)."""

    name: str
    uid: str | None  # None: picked by the tool from the free ids, which depend on the base image
    home: str | None  # None: the tool picks one the gate cannot tell (`adduser --system`)


@dataclass(frozen=True)
class Homes:
    """The homes of the users a build made, as far as the gate read them. A user not listed
    (a base image's, or one made in a way the gate does not read) has a home it cannot place."""

    accounts: tuple[Account, ...] = ()
    # Where `useradd NAME` puts a home (/etc/default/useradd HOME, `useradd -D -b`); None when
    # the build changed it in a way the gate does not read.
    base: str | None = "/home"

    def home(self, user: str) -> str | None:
        """HOME for `USER user` (a name or a uid), or None where the gate cannot tell."""
        if user in ("root", "0"):
            return "/root"
        # getpwnam and getpwuid take the first entry that matches.
        key = "uid" if user.isdigit() else "name"
        found = next((a for a in self.accounts if getattr(a, key) == user), None)
        return None if found is None else found.home


@dataclass(frozen=True)
class Deferred:
    """Content read when first asked for: most files a `COPY . .` brings in are never read by
    anything the build runs, and reading them all made up a third of the gate's time."""

    source: str  # where the bytes are (a build context path)
    # The text; an Unread (why) where the caps kept gate from reading it; None where it is no
    # regular file.
    read: Callable[[], str | Unread | None] = field(compare=False, repr=False)


ArchiveOrigin = Literal["url", "context", "unknown"]


@dataclass(frozen=True)
class Unpacked:
    """An archive the build unpacked into a folder (gate/archive_marks.py makes it, and
    gate/facts/own_project.py reads it): where its bytes came from, and which of the folder's
    entries are most likely its own."""

    archive: str  # the archive as messages name it: its address, image path, or standard input
    origin: ArchiveOrigin  # downloaded (`url`), a file of the build context, or neither
    url: str = ""
    names: tuple[str, ...] = ()  # top-level folders it most likely holds (`x-1.0` of x-1.0.tar.gz)
    prefixes: tuple[str, ...] = ()  # ... or how their names begin (`r-` of a GitHub archive of r)
    # The folder's own entries are the archive's (`--strip-components`): the folder is its project.
    whole: bool = False
    # The folder was made for the archive (`--one-top-level`, a copy of its project folder):
    # everything beneath it is the archive's.
    fresh: bool = False

    def holds(self, rel: str) -> bool:
        """The path `rel` (relative to the folder; "" for the folder itself) is most likely
        the archive's own, not merely beneath where it was unpacked."""
        if self.fresh:
            return True
        if not rel:
            return self.whole
        top = rel.split("/", 1)[0]
        return top in self.names or any(top.startswith(p) for p in self.prefixes)


@dataclass(frozen=True)
class LockExport:
    """A requirements file a lock exporter wrote (`poetry export`, `uv export`): its lines are
    pins of the packages `lock` holds and option lines from the exporter's own set (index
    addresses, hashes; never --no-binary/--only-binary). `doubt`: why it may still hold a line
    that changes a verdict (a VCS, URL or archive reference, a lock gate cannot read, another
    format), or None when it holds only index pins and local project folders."""

    lock: str
    doubt: str | None
    # The local project folders it writes, as written (`-e .` is relative to the installer's
    # working folder, not the lock's): judged as any local project is, by whose it is.
    folders: tuple[tuple[str, bool], ...] = ()  # (path, editable)


@dataclass(frozen=True)
class Unread:
    """A file whose bytes no build state holds, though the build writes it (downloaded by a RUN,
    fetched by `ADD <url>`): read as unknown content, and an install reading it says `why`.
    `tree`: a folder fetched whole (a git repository): any file beneath it is unread too.
    `url`: the address the bytes came from, when one is known (its name may say what runs).
    `unpacked`: the archives unpacked into the folder (a tree), latest last.
    `export`: what a lock exporter that wrote it can have put there. `base`: a folder copied
    from the base image's files (base_copies)."""

    why: str
    tree: bool = False
    url: str = ""
    unpacked: tuple[Unpacked, ...] = ()
    export: LockExport | None = None
    # A folder copied from one gate holds no files of (the base image's): what is beneath it is
    # not known to `find` (gate/facts/base_copies.py).
    base: bool = False
    # Copied from files of an image gate does not see (`COPY --from=IMAGE`, a stage's base
    # image's own files): what lies beneath a folder copied so is not a git repository's code.
    image: bool = False
    # A build-context file gate's caps kept it from reading (over its size, past the bytes read
    # of one context, binary): the user's own file, so a script run from it is unknown, where a
    # downloaded one is judged at its download.
    capped: bool = False


def kept_url(url: str) -> str:
    """An address as an Unread keeps it: whole, or past 2 KiB its head and its tail (where its
    name is)."""
    return url if len(url) <= 2048 else url[:1024] + url[-1024:]


@dataclass(frozen=True)
class Link:
    """A link the build puts in the image: it reads as `target` (an image path) does when
    something reads it, and a write into it (`>>`, `tee`, `cp`) writes the target. `hard`: a
    hard link (`ln`, `cp -l`), which keeps the bytes when the target's name is removed or
    replaced (`rm`, `mv … target`)."""

    target: str
    hard: bool = False
    # Written relative to its folder (`ln -s r.txt l`, a context link `l -> ../r`): moved or
    # copied as a link elsewhere, it reads the path relative to its new folder.
    relative: bool = False
    # Where a path beneath the link leads, when not beneath `target`: `ln -sf FILE L` over a
    # link L to a path gate holds nothing at replaced L, or (that a folder) made the link in
    # it; read itself L can only be FILE, a path beneath it only in that folder.
    below: str = ""

    def moved(self, old: str, new: str) -> Link:
        """This link as found at `new` after `cp -a`/`mv`/`COPY` brought it from `old`."""
        if not self.relative or posixpath.dirname(old) == posixpath.dirname(new):
            return self
        text = posixpath.relpath(self.target, posixpath.dirname(old) or "/")
        target = posixpath.normpath(posixpath.join(posixpath.dirname(new), text))
        return replace(self, target=target)


class FilledText(str):
    """The text a heredoc wrote where it expands a variable of unknown value (`COPY <<EOF
    /tmp/deps` holding `flask $EXTRA`), kept as written (`$EXTRA`): a shell reading it as a
    script expands the name again, a config's value stays within its key, but read as
    requirements or constraints the value may be options or a direct reference anywhere, so
    such a reader takes it as of unknown content (`why`). A str, so every other reader and
    every copy (`cp`, `COPY --from=<stage>`) keeps the text and the mark."""

    why: str

    def __new__(cls, text: str, why: str = "") -> FilledText:
        made = super().__new__(cls, text)
        made.why = why
        return made


def filled_like(old: object, text: str) -> str:
    """`text` appended to a file that held `old`: still of unknown content where `old` was."""
    return FilledText(text, old.why) if isinstance(old, FilledText) else text


# A file's content: its text, None when the gate cannot read the bytes, read on first use,
# known to be unreadable (and why), or a link to another image path.
Content = str | None | Deferred | Unread | Link


@dataclass(frozen=True)
class FileWrite:
    """A file the build puts into the image (``COPY <<EOF /etc/pip.conf``, ``COPY req.txt .``)."""

    location: Location
    path: str  # absolute path in the image, WORKDIR applied
    content: Content  # None when the gate cannot read the bytes (no --context, binary file)
    onbuild: bool = False  # an ONBUILD COPY/ADD: the file is there for the child build's triggers
    # A RUN mount's target folder: what the build put beneath it is hidden for the next RUN,
    # and back after it (the mount's own files are gone then). `content` is what the folder
    # then shows: None for an empty one (tmpfs, or a bind whose files follow), an Unread tree
    # for content no build state holds (a cache).
    cover: bool = False
    # A cover at / for a mount whose target gate cannot tell (`target=$T`): the real mount lies
    # somewhere, so what the RUN writes may stay after it (outside the mount) or not.
    anywhere: bool = False
    # A COPY/ADD's destination as written (absolute), and the name of what it copies when it
    # copies one file onto that destination: where the file lands depends on the links the
    # build holds there when it runs (Files.copy_landings).
    dest: str = ""
    name: str = ""
    # `COPY --chmod=MODE` whose MODE lets no one but the owner (and group) read the file: a RUN
    # of another user (USER app) finds it unreadable, and pip skips a config it cannot open
    # (configparser.read ignores an OSError). The flag as written, or "".
    restricted: str = ""


@dataclass(frozen=True)
class StageCopy:
    """Files taken from an earlier stage as it was at its end (``COPY --from=<stage>``,
    ``RUN --mount=type=bind,from=<stage>``): resolved where the build's files are modelled, since
    that stage's RUNs may have written them."""

    location: Location
    stage: int  # index of the source stage
    source: str  # absolute path in the source stage; may be a glob
    dest: str  # absolute destination path, WORKDIR applied
    into_dir: bool  # the destination is a directory: files keep their names under it
    # A bind mount: a file of unknown content is kept only when its name is one the facts read.
    mount: bool = False
    # `COPY --parents`: the folder (absolute) below which each file keeps its path in `dest`;
    # `source` is then the path below it to match, as an include pattern.
    parents: str | None = None
    exclude: tuple[str, ...] = ()  # `--exclude` patterns, matched below each copied source
    restricted: str = ""  # as FileWrite.restricted


Step = Run | FileWrite | StageCopy


@dataclass(frozen=True)
class Stage:
    """A build stage, or for images the whole history as one stage."""

    index: int
    name: str | None
    base: str  # the FROM argument after ARG expansion ("" for images)
    parent: int | None  # index of the stage this one inherits from (``FROM <stage>``)
    steps: tuple[Step, ...]
    # Env at the start of the stage (ARGs redeclared in the stage are in the steps' env).
    start_env: Env = field(default_factory=dict)
    # os/arch[/variant]: FROM --platform after ARG expansion, or an image config's os/architecture;
    # None when neither says (the build runs on the builder's platform, which the gate cannot see).
    platform: str | None = None


@dataclass(frozen=True)
class Target:
    """What was judged: a Dockerfile, an image reference, an archive or a bare config."""

    kind: Literal["dockerfile", "image", "archive", "config"]
    path: str
    # Images: the manifest digest (the config digest where there is no manifest) and the base
    # image's digest from its annotations or labels, so policies can trust images by digest.
    digest: str | None = None
    base_digest: str | None = None


@dataclass(frozen=True)
class Unjudgeable:
    """Something the gate knows it cannot judge (an image built without shell history, ...)."""

    location: Location
    reason: str
    # A COPY of build-context files gate did not read (over its caps): the index of the stage
    # it copies into. Only an install after it can read them (gate/facts/unread_copies.py).
    copy_stage: int | None = None


@dataclass(frozen=True)
class BaseImageRead:
    """A base image config whose Env (and Shell) the gate read for a stage: reports name it, so
    a run with the image's config and one without never differ silently."""

    stage: str  # the stage's name, or its 0-based index when unnamed
    reference: str  # the FROM reference as resolved
    digest: str | None  # the image's digest or ID where the source told it
    read_from: str  # "engine unix:///var/run/docker.sock", "registry"
    env: tuple[str, ...] = ()  # names of the variables the config sets
    shell: tuple[str, ...] | None = None  # config.Shell, when set
    # The lookup failed (why): the stage was judged as if the base set nothing.
    error: str | None = None


@dataclass(frozen=True)
class BuildSource:
    """What every source produces: stages of steps, plus what it could not read."""

    target: Target
    stages: tuple[Stage, ...]
    unjudgeable: tuple[Unjudgeable, ...] = ()
    # The text the source was read from (a Dockerfile), for reports and inline suppressions:
    # read once, by the source.
    text: str | None = None
    # Base image configs read for stages (Dockerfiles with --base-env): what they contributed.
    base_images: tuple[BaseImageRead, ...] = ()


# ---------------------------------------------------------------------------------------------
# Shell layer: a Run becomes the simple commands it would execute.


@dataclass(frozen=True)
class Word:
    """One argument after expansion and quote removal."""

    value: str  # expanded text; an unresolved expansion stays as its source text ("$FLAGS")
    known: bool = True  # every part was resolved
    # Begins with an unresolved expansion, so it may stand for options (``$PIP_FLAGS``), not just
    # a value (``flask==$VERSION``).
    may_be_option: bool = False
    # Exactly one quoted expansion (``"$PKG"``, ``"$(cat f)"``): one argument whatever it holds.
    whole: bool = False


# A choice point's number (Command.branch) is k * CHOICE_SPAN + n: n alternatives of which one
# always runs (`if … else`, `case … *)`), or n = 0; n = REPEATS: a loop body gate walks once
# though it may run any number of times.
CHOICE_SPAN = 1024
REPEATS = CHOICE_SPAN - 1


def alternatives_of(point: int) -> int:
    """How many alternatives the choice point has when one always runs, else 0."""
    n = point % CHOICE_SPAN
    return 0 if n == REPEATS else n


def repeats(point: int) -> bool:
    """The choice point is a loop body walked once that may run many times: alternatives of
    a choice within it may each run, one pass after another."""
    return point % CHOICE_SPAN == REPEATS


# Redirect.op of a command reading a pipe whose text the shell layer does not know.
PIPE_IN = "|?"
# Docker's default $PATH: what a RUN has where neither the build nor (as far as gate read it) the
# base image set one.
DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
# Names under which a program opens its standard input as a file; with `-`, those under which
# a program given a file name reads its input.
STDIN_PATHS = frozenset({"/dev/stdin", "/dev/fd/0", "/proc/self/fd/0"})
STDIN_OPERANDS = STDIN_PATHS | {"-"}


@dataclass(frozen=True)
class Redirect:
    """A redirection attached to a command: where output goes, or a heredoc fed to it."""

    op: str  # ">", ">>", "<", "<<", "<<-", "<<<", "&>", "|" (a known pipe), PIPE_IN, ...
    target: Word | None  # file name (None for heredocs)
    content: str | None = None  # heredoc body or here-string, None when unknown


@dataclass(frozen=True)
class Command:
    """A simple command as it would run, wrappers (sudo, env, xargs, sh -c …) already peeled off."""

    argv: tuple[Word, ...]
    # The environment the program sees: the step's env, exports so far, its own prefix assignments.
    env: Env
    redirects: tuple[Redirect, ...] = ()
    text: str = ""  # source text of the command, for messages
    line: int = 0  # 0-based line offset inside the step's script
    wrappers: tuple[str, ...] = ()  # what was peeled off, outermost first: ("sudo", "bash -c")
    # xargs (or a similar feeder) appends arguments read from stdin: unknown package names.
    stdin_args: bool = False
    # Working directory after `cd`s earlier in the script (absolute); None: the step's WORKDIR.
    cwd: str | None = None
    cwd_known: bool = True  # False after a `cd` the gate could not resolve (`cd "$DIR"`)
    # The branches it runs in, outermost first: (choice point, alternative) per `if`/`case`
    # branch, `||` operand or loop body; () where it runs whenever the step does.
    branch: tuple[tuple[int, int], ...] = ()
    # An earlier `export $(cat .env)` (a declaration of words the gate cannot read) may have set
    # any variable: the installer settings in `env` are not what they seem.
    env_open: bool = False
    # The venv whose activate script the shell sourced (`. /opt/venv/bin/activate`) and whose
    # VIRTUAL_ENV `env` may still hold: pip is then the one $PATH finds (gate/shell/venv.py).
    venv: str | None = None
    # Why gate cannot judge the command as it stands, when the facts layer may still (`find …
    # -exec pip install -r {} ;`: where it knows the files find hands it, it judges the command
    # once per file; where not, this is said as an Opaque's reason). "" otherwise.
    unseen: str = ""
    # One of several variants of one simple command, each for values its variables may hold
    # (shell Ctx.variant): their shared number and which of them it is, else (0, 0). Only one
    # of them runs.
    variant: tuple[int, int] = (0, 0)


@dataclass(frozen=True)
class Opaque:
    """Code the gate cannot see into: ``eval "$X"``, ``$TOOL install …``, ``sh -c "$CMD"``."""

    reason: str
    text: str
    line: int = 0
    # The gate itself failed on this text (a bug, not the input's doing): judged as a denial by
    # the policy layer whatever the rules say, since an internal error must never lower a verdict.
    internal: bool = False


@dataclass(frozen=True)
class Script:
    """The shell layer's answer for one Run."""

    commands: tuple[Command, ...]
    opaque: tuple[Opaque, ...] = ()
    # The build's users after the Run (useradd, usermod …), when the Run was given them.
    homes: Homes | None = None


@dataclass(frozen=True)
class ShellRun:
    """A Run with the commands the shell layer found in it."""

    run: Run
    script: Script


@dataclass(frozen=True)
class CommandStage:
    """A stage after the shell layer: its Runs analysed, its file steps as the source gave them."""

    stage: Stage
    steps: tuple[ShellRun | FileWrite | StageCopy, ...]


@dataclass(frozen=True)
class BuildCommands:
    """A BuildSource after the shell layer: what the fact layer reads."""

    source: BuildSource
    stages: tuple[CommandStage, ...]


# ---------------------------------------------------------------------------------------------
# Fact layer: install commands become normalised facts the policy judges.

TargetKind = Literal["name", "local", "vcs", "url", "archive", "wheel", "unknown"]


@dataclass(frozen=True)
class Requirement:
    """A thing an install command asks for (on its command line or in a requirements file)."""

    kind: TargetKind
    text: str
    editable: bool = False
    source: str = "cli"  # "cli" or the requirements file path it came from


@dataclass(frozen=True)
class RequirementFile:
    path: str  # as written on the command line
    resolved: str  # absolute path in the image
    read: bool  # the gate could read it (from the build context or a heredoc)
    constraint: bool = False  # given with -c


@dataclass(frozen=True)
class OptionEvent:
    """One setting that touched the binary/source choice, in the order the tool applies it."""

    source: str  # "cli", "env:PIP_ONLY_BINARY", "config:/etc/pip.conf", "requirements:/app/r.txt"
    option: str  # canonical: only-binary, no-binary, no-build, build, no-build-package, ...
    value: str


@dataclass(frozen=True)
class BinaryPolicy:
    """The effective binary-only state after every OptionEvent was applied by the tool's rules.

    ``":all:"`` in ``only_binary`` means every package must come as a wheel; names in ``no_binary``
    are allowed (or forced) to build from source, overriding ``:all:``.
    """

    only_binary: tuple[str, ...] = ()
    no_binary: tuple[str, ...] = ()
    events: tuple[OptionEvent, ...] = ()


@dataclass(frozen=True)
class Unknown:
    """A part of an install the gate could not resolve and that could change the verdict."""

    reason: str
    text: str


@dataclass(frozen=True)
class Install:
    """One command that can install (or resolve) Python packages: the fact a policy judges."""

    id: int
    tool: str  # pip | poetry | uv | pipx | pipenv | pdm | setuptools | easy_install
    command: str  # normalised subcommand: install, download, wheel, lock, pip install, sync, ...
    argv: tuple[str, ...]
    text: str
    location: Location
    binary: BinaryPolicy = field(default_factory=BinaryPolicy)
    requirements: tuple[Requirement, ...] = ()
    requirement_files: tuple[RequirementFile, ...] = ()
    unknowns: tuple[Unknown, ...] = ()
    # The command resolves dependencies (poetry lock/add/update): resolution runs build backends
    # to read metadata whatever only-binary says.
    resolves: bool = False
    no_deps: bool = False  # --no-deps: only the named targets are installed, not their dependencies
    backend: str | None = None  # pipx: "pip" or "uv"
    from_base: bool = False
    onbuild: bool = False
    fix: str | None = None  # the compliant command line, when one exists


MentionOutcome = Literal["install", "unknown", "not-install"]


@dataclass(frozen=True)
class Mention:
    """What became of one place a step names a Python installer (see gate/facts/mentions.py)."""

    location: Location
    line: int  # 0-based line offset inside the step's script
    text: str  # the command (or the step's text when no command holds the name)
    installer: str  # the name as written: pip3, python -m pip, get-pip.py, poetry, …
    outcome: MentionOutcome
    reason: str
    installs: tuple[int, ...] = ()  # ids of the install facts it became


@dataclass(frozen=True)
class FactsDocument:
    """The policy input document (see gate/facts/schema.json)."""

    target: Target
    installs: tuple[Install, ...]
    opaque: tuple[tuple[Location, Opaque], ...] = ()
    unjudgeable: tuple[Unjudgeable, ...] = ()
    version: int = 1
    mentions: tuple[Mention, ...] = ()


# ---------------------------------------------------------------------------------------------
# Policy and report layers.


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    verdict: Verdict
    message: str
    fix: str | None
    location: Location
    install: Install | None = None
    suppressed: str | None = None  # the reason, when an inline suppression or exception applies


@dataclass(frozen=True)
class RuleInfo:
    """Rule metadata read from the Rego METADATA annotations."""

    id: str
    title: str
    severity: Severity
    description: str
    fix: str = ""
    references: tuple[str, ...] = ()


@dataclass(frozen=True)
class PolicyProvenance:
    """Which policies judged: every source in force and every built-in package replaced.

    Reports print it so a reader sees when a run did not use the built-in rules as shipped.
    """

    sources: tuple[str, ...] = ()  # "built-in", "policy DIR (command line)", "data F (.gate.yaml)"
    replaced: tuple[str, ...] = ()  # "gate.rules.x replaced by DIR (command line)"
    policy_hash: str = ""
    inline_ignores: bool = True  # `# gate: ignore=` comments were honoured


@dataclass(frozen=True)
class Report:
    target: Target
    findings: tuple[Finding, ...]
    rules: tuple[RuleInfo, ...] = ()
    # Source text by path, so reports can show the offending line.
    sources: Mapping[str, str] = field(default_factory=dict)
    policy: PolicyProvenance = field(default_factory=PolicyProvenance)
    base_images: tuple[BaseImageRead, ...] = ()

    @property
    def deny_count(self) -> int:
        return sum(1 for f in self.findings if f.severity == "deny" and not f.suppressed)

    @property
    def warn_count(self) -> int:
        return sum(1 for f in self.findings if f.severity == "warn" and not f.suppressed)
