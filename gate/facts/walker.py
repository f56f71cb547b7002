"""BuildCommands → FactsDocument: every command of every step, through the tool extractors.

The walker keeps the build's files (gate/build_files.py) current as it goes: COPY, heredocs,
`echo > f`, `pip config set`, `poetry config`, per stage, flowing on through `FROM <stage>` and
`COPY --from`. It recognises packaging tools among the commands the shell layer found, hands each
to its extractor and numbers the facts. A script file the build knows and a command runs (`sh f`,
`./f`, `. f`, a name on $PATH; gate/facts/scripts.py) is walked like a heredoc body. Commands a
tool runs in turn (`uv run pip install …`, `poetry run pip install …`) are walked like any other
command.
"""

from __future__ import annotations

import importlib
import posixpath
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import ModuleType
from typing import TYPE_CHECKING

from gate.build_files import BuildFiles, Files, Raw, unreadable_how
from gate.crlf_text import CrlfText
from gate.facts import (
    archives,
    base_copies,
    build_systems,
    code_commands,
    code_writes,
    command_readers,
    conda,
    file_edits,
    file_writes,
    filter_work,
    find_exec,
    frontends,
    hook_configs,
    link_copies,
    lock_export,
    loop_inputs,
    mentions,
    option_commands,
    remedy,
    renamed,
    requirements_work,
    template_work,
    unknown_copies,
    unpacked,
    unplaced_home,
    unplaced_mount,
    unread_copies,
    unseen_sourced,
    windows_writes,
)
from gate.facts.code_files import Scanner, python_runs_installer, runs_written_installer
from gate.facts.context import UNKNOWN_CWD, UNKNOWN_HOME, FactContext, ToolCall
from gate.facts.envsubst import Filled
from gate.facts.fed_words import fed_lines, fed_words, one_per_run, substituted_words
from gate.facts.file_writes import (
    appended,
    byte_copies,
    clones,
    copies,
    downloads,
    links,
    piped_copies,
    piped_fill,
    removals,
    replaced,
    stdout_download,
    uncertain_writes,
    unknown_links,
    written_files,
)
from gate.facts.link_over import Over, over_existing
from gate.facts.makefiles import MAKE_PROGRAMS
from gate.facts.mount_targets import MountTargets
from gate.facts.programs import (
    code_runner,
    identify,
    is_interpreter,
    program_name,
    runner_args,
)
from gate.facts.scripts import (
    SHELLS,
    ScriptText,
    fed_script,
    script_index,
    script_of,
    sourced_changes,
    stdin_files,
)
from gate.facts.unknown_output import (
    DOWNLOADED,
    fills_script,
    filtered_files,
    filters_pipe,
    hidden_address,
    printed_paths,
    prints_environ,
    prints_unknown_values,
)
from gate.facts.unknown_programs import unknown_program, unknown_stdin_program
from gate.fast_replace import replace
from gate.model import (
    PIPE_IN,
    BuildCommands,
    Command,
    CommandStage,
    Content,
    Env,
    FactsDocument,
    FileWrite,
    Install,
    Location,
    Mention,
    Opaque,
    Run,
    Script,
    ShellRun,
    Unread,
    Word,
    kept_url,
)
from gate.shell import startup
from gate.shell.builtins import unseen_source
from gate.shell.folder_vars import MODELLED_PROGRAMS
from gate.shell.wrappers import POSIX_SHELLS
from gate.sources.command_span import CommandLocator

if TYPE_CHECKING:  # imported where a `find` runs (_edits)
    from gate.facts import find_expr

Analyse = Callable[[Run], Script]

# `uv run poetry run pip …` nests, so do scripts that run scripts; hostile input must not recurse
# without end, nor fan out: script bodies walked per build are bounded in number and bytes.
MAX_INNER_DEPTH = 8
MAX_SCRIPT_WALKS = 64
MAX_SCRIPT_BYTES = 256 * 1024  # as much again as the largest Dockerfile read
# Command texts of awk/Perl/… code walked per build (code_commands), and their characters.
MAX_CODE_TEXTS = 2048
MAX_CODE_BYTES = 512 * 1024
MAX_INSTALLS = 2048  # install facts per build
# Words handed to commands from held files per build (`xargs … < F`, `$(cat F)`): a small
# Dockerfile running `pip install $(cat F)` of a 4,000-line F on 300 lines would otherwise judge
# 1.2 M requirements (30 s); past this, such words stay unknown, as before they were read.
MAX_HANDED_WORDS = 65_536
# Files RUN mounts may hide and bring back per build: each cover looks through every file the
# stage holds (a tmpfs at `/` over a large context, on every RUN, would otherwise cost minutes).
MAX_COVER_WORK = 2_000_000
# Scans of the files a build holds, per build: each file a glob an editor is named is matched
# against, each file `find` tries against a starting point, each test it evaluates (2,000 finds
# over a 10,000-file COPY took 70 s, 2,000 `dos2unix /app/*/*.py` 74 s); past it, unknown.
MAX_SCAN_WORK = 500_000

# Each tool name (an extractor module's TOOLS) -> its extractor, imported on first use: most
# builds run one or two tools, and importing all seven cost more than judging a file.
EXTRACTOR_MODULES: dict[str, str] = {
    "pip": "gate.facts.pip",
    "uv": "gate.facts.uv",
    "uvx": "gate.facts.uv",
    "poetry": "gate.facts.poetry",
    "pipx": "gate.facts.pipx",
    "pipenv": "gate.facts.pipenv",
    "pdm": "gate.facts.pdm",
    "setuptools": "gate.facts.setuptools",
    "easy_install": "gate.facts.setuptools",
}


def extractor_of(tool: str) -> ModuleType | None:
    """The extractor module for a tool name, imported on first use."""
    name = EXTRACTOR_MODULES.get(tool)
    if name is None:
        return None
    # Asked for every install: once imported, the module is taken as it is.
    return sys.modules.get(name) or importlib.import_module(name)


@dataclass
class _Walk:
    installs: list[Install]
    opaque: list[tuple[Location, Opaque]]
    mentions: list[Mention]
    analyse: Analyse
    script_walks: int = 0
    script_bytes: int = 0
    over_budget: set[Location] = field(default_factory=set)
    locator: CommandLocator = field(default_factory=lambda: CommandLocator(None))
    # Installers copied or linked under another path (`cp "$(which pip)" /usr/bin/x`).
    renamed: dict[str, str] = field(default_factory=dict)
    # The texts of files Python code names, each searched once.
    scanner: Scanner = field(default_factory=Scanner)
    # The address whose bytes the last command sent down a pipe (`curl URL | …`), else "".
    piped_url: str = ""
    # The text a template fill sent down a pipe (`envsubst < T | tee F`), else None.
    piped_text: Filled | None = None
    # Why the last command's text down a pipe is the build's code with values gate cannot know
    # (`echo "$M" | tee s.sh`: file_writes.prints_unknown_values), else "".
    piped_unknown: str = ""
    # What a lock exporter sent down a pipe (`poetry export | pip install -r -`), else None.
    piped_export: Unread | None = None
    # The files the last `find` hands its -exec bodies, and those it printed (for `| xargs`).
    found: tuple[find_expr.Reached, ...] = ()
    listed: tuple[find_expr.Reached, ...] = ()
    # The last `find`'s one -exec/-execdir body, when gate knows every file it runs for.
    found_body: find_expr.FindBody | None = None
    # Whether the last `find` hands its -exec/-execdir body only files named `*.whl`.
    found_wheels: bool = False
    # The step in which a file of bytes gate never sees was sourced after the step put it there
    # (unseen_sourced): the commands after it read every installer setting as unknown.
    opened_at: Location | None = None
    scans: file_edits.Scans = field(default_factory=lambda: file_edits.Scans(MAX_SCAN_WORK))
    # Words read from held files and pipes that commands may still be handed (xargs, `$(cat F)`).
    handed_words: int = field(default_factory=lambda: MAX_HANDED_WORDS)
    # Files a RUN mount's cover may still look through in this build (see _stage).
    cover_work: int = field(default_factory=lambda: MAX_COVER_WORK)
    weigher: unplaced_home.Weigher = field(default_factory=unplaced_home.Weigher)
    # Command texts code runners hand `sh -c` (code_commands) still to walk in this build, and
    # their characters: counted apart from script files (awk's system("date") is no script).
    code_texts: int = field(default_factory=lambda: MAX_CODE_TEXTS)
    code_bytes: int = field(default_factory=lambda: MAX_CODE_BYTES)

    def take_words(self, count: int) -> bool:
        """Whether `count` more words read from held files may be handed on (MAX_HANDED_WORDS):
        what a command's words grow by, the cost the judging of its install pays."""
        if count > self.handed_words:
            self.handed_words = 0
            return False
        self.handed_words -= count
        return True

    def full(self, run: Run, command: Command) -> bool:
        """Whether the build has run MAX_INSTALLS installs: a packaging tool's command past that
        is unknown (said once per step) and its facts are not extracted. A loop of a few hundred
        bytes runs thousands (20 RUNs of 512: 2.7 s, each extracted and then dropped)."""
        if len(self.installs) < MAX_INSTALLS:
            return False
        self.past_installs(run.location, command.text)
        return True

    def past_installs(self, location: Location, text: str) -> None:
        # A report of every install past this says nothing more, and its size grows with
        # loops a few hundred bytes long: the rest is unknown, said once per step.
        if location not in self.over_budget:
            self.over_budget.add(location)
            reason = f"the build runs more than the {MAX_INSTALLS} installs the gate reports"
            self.opaque.append((location, Opaque(reason, text[:200])))

    def add(self, install: Install) -> None:
        if len(self.installs) >= MAX_INSTALLS:
            self.past_installs(install.location, install.text)
            return
        # The fix is settled once, here, so every output quotes the same one.
        fixed = remedy.fix(install)
        self.installs.append(replace(install, id=len(self.installs), fix=fixed))

    def admit(self, run: Run, command: Command, label: str, text: str, depth: int) -> bool:
        """Count a script body `command` runs against the walk's bounds: True when it may be
        walked, else it is said unknown (once per step)."""
        self.script_walks += 1
        self.script_bytes += len(text)
        if depth >= MAX_INNER_DEPTH:
            self.unwalked(run, command, label, "script files run deeper than the gate walks")
            return False
        if self.script_walks > MAX_SCRIPT_WALKS or self.script_bytes > MAX_SCRIPT_BYTES:
            self.unwalked(run, command, label, "more script files run than the gate walks")
            return False
        return True

    def unwalked(self, run: Run, command: Command, path: str, reason: str) -> None:
        """A script past the bounds: unknown, said once per step."""
        if run.location not in self.over_budget:
            self.over_budget.add(run.location)
            self.opaque.append((run.location, Opaque(reason, command.text or path)))


def _call_of(command: Command) -> ToolCall | None:
    """The packaging tool a command runs; `"$VENV"/bin/pip` is pip whatever $VENV holds."""
    call = identify(command)
    if call is not None or not command.argv:
        return call
    first = command.argv[0]
    base = first.value.replace("\\", "/").rsplit("/", 1)[-1]
    if first.known or "/" not in first.value or not base or "$" in base or "`" in base:
        return None
    named = replace(command, argv=(Word(base), *command.argv[1:]))
    call = identify(named)
    return None if call is None else replace(call, command=command, spelling=first.value)


def _setup_code(walk: _Walk, run: Run, command: Command, cwd: str, files: Files) -> None:
    """`python3 setup.py --version` (or egg_info, check, …) installs nothing, but runs
    setup.py's code all the same: unknown where that code runs an installer (silent before,
    atk24; a message that only says `pip install x` runs nothing)."""
    for word in command.argv[1:]:
        if word.known and word.value.rsplit("/", 1)[-1] == "setup.py":
            path = posixpath.normpath(posixpath.join(cwd or "/", word.value))
            text = files.get(path)
            if text and python_runs_installer(text):
                why = f"{path} runs an install command"
                walk.opaque.append((run.location, Opaque(why, command.text, command.line)))
            return


def _names(command: Command) -> tuple[str, str]:
    """The program word's last `/` part (as file_writes' extractors take it) and its
    program_name (as the tool extractors take it); "" for a program word of unknown value, which
    every such extractor passes over."""
    argv = command.argv
    if not argv or not argv[0].known:
        return "", ""
    value = argv[0].value
    return value.rsplit("/", 1)[-1], program_name(value)


def _context(run: Run, command: Command, files: Mapping[str, str | None]) -> FactContext:
    if not command.cwd_known:
        return FactContext(replace(run, workdir=UNKNOWN_CWD), files, command.branch)
    if command.cwd and command.cwd != run.workdir:
        return FactContext(replace(run, workdir=command.cwd), files, command.branch)
    return FactContext(run, files, command.branch)


def _windows(run: Run) -> bool:
    """The step's commands run under cmd or PowerShell (their redirections name files too)."""
    program = (run.shell[0] if run.shell else "").replace("\\", "/").rpartition("/")[2].lower()
    return not run.exec_form and program.removesuffix(".exe") in ("cmd", "powershell", "pwsh")


def _posix(run: Run) -> bool:
    """The step's commands run under plain sh (whose echo reads backslash escapes)."""
    # posixpath.basename's, without two calls per command
    return not run.exec_form and (run.shell[0] if run.shell else "").rpartition("/")[2] == "sh"


# The settings that decide whether an install builds sources, or where it reads them from: after
# `export $(cat .env)` each may hold a value the gate cannot know.
_OPENED_SETTINGS = (
    "PIP_ONLY_BINARY", "PIP_NO_BINARY", "PIP_CONFIG_FILE", "PIP_REQUIREMENT", "PIP_CONSTRAINT",
    "PIP_EDITABLE", "UV_NO_BUILD", "UV_NO_BINARY", "UV_NO_BUILD_PACKAGE",
    "UV_NO_BINARY_PACKAGE", "UV_CONFIG_FILE", "POETRY_INSTALLER_ONLY_BINARY",
    "POETRY_INSTALLER_NO_BINARY", "POETRY_CONFIG_DIR", "PDM_ONLY_BINARY", "PDM_NO_BINARY",
    "PIPX_DEFAULT_BACKEND",
)  # fmt: skip


def _opened(env: Env) -> Env:
    return {**env, **dict.fromkeys(_OPENED_SETTINGS)}


def _command(
    walk: _Walk,
    run: Run,
    command: Command,
    files: Files,
    depth: int = 0,
    chain: tuple[str, ...] = (),
    modules: str | None = None,
) -> None:
    """`modules`: the folder of the Python file `command` runs as a heredoc, where its imports
    are found first."""
    if command.env_open or walk.opened_at == run.location:
        command = replace(command, env=_opened(command.env))
    ctx = _context(run, command, files)
    cwd = ctx.workdir  # a property: asked a dozen times below
    fed = fed_words(command, cwd, files) if command.stdin_args else None
    if fed and one_per_run(command) and walk.take_words(len(fed)):
        # `xargs -n1 pip install … < F`: one run per word of F, each judged on its own.
        for word in fed:
            one = replace(command, argv=(*command.argv, word), stdin_args=False)
            _command(walk, run, one, files, depth, chain, modules)
        return
    if fed is not None and walk.take_words(len(fed)):
        command = replace(command, argv=(*command.argv, *fed), stdin_args=False)
    runs = fed_lines(command, cwd, files) if command.stdin_args else None
    if runs is not None and walk.take_words(sum(map(len, runs))):
        # `xargs -L1 pip install … < F`: one run per line of F, each judged on its own.
        for words in runs:
            one = replace(command, argv=(*command.argv, *words), stdin_args=False)
            _command(walk, run, one, files, depth, chain, modules)
        return
    held = substituted_words(command.argv, cwd, files)
    if held is not None and walk.take_words(len(held) - len(command.argv)):
        command = replace(command, argv=held)
    # Program-name dispatch: an extractor of one kind of program is asked only when the name is
    # in its set (the set it tests itself, first); `command`'s words stay these until resolve.
    base, name = _names(command)
    interpreter = is_interpreter(name)
    windows = _windows(run)
    written = written_files(command, cwd, files, posix_sh=_posix(run), windows=windows)
    branch = command.branch
    # What a `> F` a lock exporter prints into held before it (lock_export.over).
    printed_to = {p: lock_export.held(files, p) for p in _stdout_files(command, cwd)}
    piped_export, walk.piped_export = walk.piped_export, None
    if piped_export is not None and any(r.op == PIPE_IN for r in command.redirects):
        ctx = replace(ctx, stdin=piped_export)
    made = links(command, cwd) if base in file_writes.LINKERS else []
    follow = bool(made) and link_copies.dereferences_dest(command)
    over = over_existing(command) if made else Over.REPLACES
    force = over is not Over.KEEPS
    stays: set[str] = set()
    doubt: set[str] = set()  # kept or replaced: of unknown content
    if over is not Over.REPLACES:
        doubt = {m[1] for m in made if files.may_be_there(m[1])}
    if over is Over.KEEPS:
        stays = {m[1] for m in made if files.refuses_link(m[1], follow)}
    elif over is Over.MAY:
        doubt |= {m[1] for m in made if files.asks_before_link(m[1], follow)}
    stays |= doubt
    if stays:
        # `ln -s T L` without -f where L is there: ln fails ("File exists") and L stays;
        # with `-i` (or where GNU and busybox ln differ), or where a branch that may not
        # have run wrote or removed L, it may stay or be replaced.
        made = [m for m in made if m[1] not in stays]
        written = {p: t for p, t in written.items() if p not in stays}
    if written:
        # What a command the gate does not run writes is there, of content it cannot know.
        unseen = Unread(f"written by `{command.text[:200]}`")
        new_files = replaced(command, cwd)  # a link there is replaced, not written through
        if follow:
            # `ln -s[f] T L` where L is a link: the new link may land in the folder it leads
            # to, replace it (-f) or not be made (Files.link decides).
            written = {p: t for p, t in written.items() if not files.is_link(p)}
        # Read as a context file gate could not read is (Unread.capped): a script run from
        # what the command prints with a value gate cannot know is unknown, not silent.
        printed = printed_paths(command, cwd)
        if command.stdin_args:
            # `… | xargs echo > F`: xargs adds words gate did not read to what echo prints.
            written = {p: None if p in printed else t for p, t in written.items()}
        why = f"written by `{command.text[:200]}` with a value gate cannot know"
        spliced = prints_unknown_values(command)
        grown = appended(command, cwd)
        # `grep . F > s.sh` of a file of unknown code (Unread.capped): what it prints is such
        # code still.
        read = next((w for p in filtered_files(command, cwd) if (w := files.capped(p))), None)
        for path, text in written.items():
            content = unseen if text is None else text
            if path in printed and spliced and (text is None or fills_script(command, path, text)):
                content = Unread(why, capped=True)
            if text is None and path in printed and read is not None:
                content = Unread(read, capped=True)
            if text is None and path in grown and (was := files.capped(path)) is not None:
                # Added to, not replaced: the unknown code written there before is still there.
                content = Unread(was, capped=True)
            files.write(path, content, branch, replace=path in new_files)
    code_written: dict[str, str | None] = {}
    if interpreter or name in code_writes.EDS or name in code_writes.EXES:
        # What Python code, ed or ex writes (`open('/s.sh', 'w').write(…)`): literal text, else
        # of unknown content where run (silent before: a file gate did not know was written).
        code_written = code_writes.code_writes(command, cwd)
        for path, text in code_written.items():
            why = f"written by `{command.text[:200]}` with text gate cannot follow"
            files.write(path, Unread(why, capped=True) if text is None else text, branch)
    if interpreter or (bool(name) and code_runner(name) is not None):
        _code_may_write(command, cwd, files, branch, code_written)
    relative = link_copies.relative_links(command, cwd) if made else set()
    for target, link, hard in made:
        files.link(
            link, target, hard, branch, follow=follow, relative=link in relative, force=force
        )
    moves = link_copies.kept_links(command, cwd, files) if base in link_copies.LINK_KEEPERS else ()
    for new, moved in moves:
        files.link(new, moved.target, moved.hard, branch, exact=True)  # `cp -a`/`mv` of a link
    for link in unknown_links(command, cwd) if base in file_writes.LINKERS else ():
        why = f"linked by `{command.text[:200]}` to a path gate cannot tell"
        files.write(link, Unread(why), branch, replace=True)
    for link in sorted(doubt):
        why = f"kept or replaced by `{command.text[:200]}`: the gate cannot tell which"
        # Not as a branch's write, which keeps the text gate held: either text may be there.
        files.write(link, Unread(why), (), replace=True)
    fills = base in file_writes.TEMPLATE_FILLERS
    for path in uncertain_writes(command, cwd, files) if fills else ():
        # The editor's code is part of the reason.
        files.edited(link_copies.edited_name(command, path, files), command.text[:200])
    if name in lock_export.LOCK_REWRITERS and lock_export.rewrites_locks(command):
        for path in [p for p in files if posixpath.basename(p) in lock_export.LOCKS]:
            files.edited(path, command.text[:200])
    for path, text in written.items():
        _startup_hook(walk, run.location, path, text, command.text, command.line)
        _command_hook(walk, run.location, path, text, command.text, command.line, files)
        if text is None and mentions.may_be_startup_hook(path) and (hook := files.capped(path)):
            # `printenv M > …/site-packages/x.pth`: code of a value gate cannot know runs in
            # every later python.
            reason = f"{path} runs in every later python, {hook}"
            walk.opaque.append((run.location, Opaque(reason[:400], command.text, command.line)))
    copied = copies(command, cwd) if base in file_writes.COPIERS else []
    if stays:
        copied = [(src, dest) for src, dest in copied if dest not in stays]
    linked = {link for _, link, _ in made} if made else set()
    bytes_to = byte_copies(command, cwd) if base in file_writes.BYTE_COPIERS else []
    if files.has_origins():
        for src, dest in (*copied, *bytes_to):
            if files.origin(src):
                files.write(dest, files.content(src), branch)  # a copy keeps its address
    for src, dest in (*copied, *bytes_to):
        capped = files.capped(src) if src in files else None
        if capped is None and prints_environ(command, src):
            capped = f"copied from {src} with a value gate cannot know"
        if capped is not None:
            # A context file over gate's caps keeps saying so where it is copied or moved to
            # (`mv /app/deps /tmp/d.sh && sh /tmp/d.sh`): what it runs there is unknown too.
            files.write(dest, Unread(capped, capped=True), branch)
    for src, dest in _export_copies(command, cwd, copied):
        kept = files.content(src)
        if isinstance(kept, Unread) and kept.export is not None:
            # A lock export copied (`cp`, `mv`, `cat F > G`) is that export where it lands.
            maybe = lock_export.IN_BRANCH if branch else None
            files.write(dest, lock_export.over(lock_export.held(files, dest), kept, maybe), branch)
    for src, dest in copied:
        named = posixpath.basename(dest)
        if (
            named in lock_export.EXPORTERS
            and posixpath.basename(src) != named
            and files.content(dest) is None
            and dest not in written
        ):
            # `ln -s /bin/echo /usr/local/bin/poetry`: whatever it is, it is not the exporter.
            files.write(dest, Unread(f"copied from {src[:200]}"), branch)
        if dest in linked and isinstance(files.content(dest), Unread):
            continue  # `ln -sf D L` that gate cannot place (Files.link): nothing copied to L
        files.carry(src, dest, branch)  # a folder copied out of an unpacked archive is its
    if base in file_edits.RECURSIVE_COPIERS:
        base_copies.record(command, cwd, files)
    # What a download saves is there, of content no build state holds.
    saved = downloads(command, cwd) if base in file_writes.DOWNLOADERS else []
    if windows:
        saved.extend(windows_writes.downloads(command, cwd))
    # `curl URL | tee F`, `… | cat > F`: the download goes down the pipe into F.
    piped = walk.piped_url
    walk.piped_url = stdout_download(command) if base in file_writes.DOWNLOADERS else ""
    if piped:
        into, passes = piped_copies(command, cwd)
        saved.extend((path, piped) for path in into)
        walk.piped_url = piped if passes else walk.piped_url
    # `echo "$M" | tee F`: F is such a script as `echo "$M" > F` writes (a script run from it is
    # unknown, not silent).
    unknown, walk.piped_unknown = walk.piped_unknown, ""
    if prints_unknown_values(command) and _stdout_to_pipe(command):
        walk.piped_unknown = f"written by `{command.text[:200]}` with a value gate cannot know"
        if hidden_address(command):
            shown = command.text[:200]
            walk.piped_unknown = f"{DOWNLOADED} `{shown}` from an address gate cannot know"
    if unknown:
        into, passes = piped_copies(command, cwd)
        if not into and not passes and filters_pipe(command):
            into = [path for path, text in written.items() if text is None]
            passes = _stdout_to_pipe(command)
        for path in into:
            files.write(path, Unread(unknown, capped=True), branch)
        walk.piped_unknown = unknown if passes else walk.piped_unknown
    # An address wholly of unknown value (`https://host/…/$V/gosu-$ARCH` names its host and
    # folder: judged as before).
    hidden_url = bool(saved) and hidden_address(command)
    for path, url in saved:
        if not url and hidden_url:
            # `curl -o F "$URL"`: an address gate cannot know may name any script (get-pip.py):
            # run, it is as unknown as a script named by such a value.
            why = f"downloaded by `{command.text[:200]}` from an address gate cannot know"
            files.write(path, Unread(why, capped=True), branch)
            continue
        files.write(path, Unread(f"downloaded from {url[:200] or 'a URL'}", url=kept_url(url)),
                    branch)  # fmt: skip
    # `envsubst < T | tee F`, `sed … T | cat > F`: the filled template goes down the pipe into F.
    filled = walk.piped_text
    walk.piped_text = piped_fill(command, cwd, files) if fills else None
    if filled is not None:
        into, passes = piped_copies(command, cwd)
        for path in into:
            files.write(path, filled.text, branch)
            if filled.uncertain:
                files.edited(path, command.argv[0].value)
        walk.piped_text = filled if passes else walk.piped_text
    for path in removals(command, cwd) if base in file_writes.REMOVERS else ():
        files.remove(path, branch)
    _edits(walk, run, command, cwd, files)
    if interpreter or name in archives.UNPACKERS:  # unpacked.record reads extraction's alone
        unpacked.record(command, cwd, files, piped, branch)
    for path, repository in clones(command, cwd) if base in file_writes.CLONERS else ():
        named = f"the git repository {repository[:200]}" if repository else "a git repository"
        files.merge({path: Unread(f"in {named} that `git clone` fetches", tree=True)})
    if name in renamed.COPIERS:
        renamed.record(command, cwd, walk.renamed)
    resolved = renamed.resolve(command, cwd, walk.renamed)
    if resolved is not command:  # an installer copied under another name: its own name now
        command = resolved
        base, name = _names(command)
        interpreter = is_interpreter(name)
    # Each of these reads only the programs its gate names (by program_name): an interpreter, a
    # code runner (perl, node, …), awk, conda, a frontend or task runner, or any under a wrapper.
    code = interpreter or (bool(name) and code_runner(name) is not None)
    wrapped = bool(command.wrappers)
    hidden = runs_written_installer(command, cwd, files, walk.scanner, modules) if code else None
    if not hidden and (interpreter or name in conda.CONDAS):
        hidden = conda.installs_with_pip(command, cwd, files, walk.scanner)
    if not hidden and (wrapped or interpreter or name in frontends.INSTALL_PROGRAMS):
        hidden = frontends.installs(command)
    if not hidden and (wrapped or interpreter or name in frontends.RECIPE_RUNNERS):
        hidden = frontends.runs_recipe_installer(command, cwd, files)
    if not hidden and name in command_readers.PROGRAMS:
        hidden = command_readers.runs_escape_installer(command, cwd, files)
    if not hidden and name in option_commands.PROGRAMS:
        hidden = option_commands.runs_option_installer(command)
    if not hidden and name in build_systems.BUILD_SYSTEMS:
        hidden = build_systems.runs_build_file_installer(command, cwd, files)
    if not hidden and name in frontends.FILE_RUNNER_PROGRAMS:
        hidden = frontends.runs_file_installer(command, cwd, files)
    if not hidden and (code or name in frontends.AWKS):
        hidden = frontends.runs_input_installer(command, cwd, files, walk.scanner.installs)
    if not hidden and code:
        hidden = mentions.unknown_inline_code(command)
    if not hidden:
        # Any program: one of unknown name, or fed code gate cannot read (unknown_output).
        hidden = unknown_program(command) or unknown_stdin_program(command, unknown)
    hidden = hidden or None  # as the `or` chain it stands for: "" from any of them is none
    if (
        hidden is not None
        and (found := (run.location, Opaque(hidden, command.text, command.line))) not in walk.opaque
    ):
        walk.opaque.append(found)
    if name in frontends.NODE_MANAGERS:
        _package_scripts(walk, run, command, cwd, files, depth, chain)
    if code or name in frontends.AWKS:
        _code_commands(walk, run, command, cwd, files, depth, chain)
    if name in option_commands.PROGRAMS:
        # `tar --to-command='sh /s.sh'`, `git -c core.sshCommand='sh /s.sh'`: silent before.
        texts = option_commands.command_texts(command)
        _walk_texts(walk, run, command, cwd, files, depth, chain, f"{name} option", texts)
    if walk.found_body is not None and _copies_a_found_file(command):
        # `find /d -name '*.sh' -exec cp {} /x/ ;`: each file find hands it lands there (its
        # `{}` made the copy unknown, so a script run from /x after it was one gate did not
        # hold: silent).
        per_file = find_exec.per_file(command, walk.found_body)
        for one in per_file or ():
            for src, dest in copies(one, cwd):
                if src in files and src != dest:
                    files.write(dest, files.content(src), branch)
        if per_file is None:
            _unknown_copy(command, cwd, files, branch)
    elif walk.found_body is None:
        _unknown_copy(command, cwd, files, branch)
    each = None
    if walk.found_body is not None and (
        _call_of(command) is not None or _runs_a_file(command)
    ):
        # An install, or a script or code file run with the file find hands it (`-exec sh {}
        # ;`: silent before, the body's `{}` naming no file gate holds).
        each = find_exec.per_file(command, walk.found_body)
    if each is None and walk.found_wheels and _call_of(command) is not None:
        command = find_exec.as_wheels(command)
    if each is not None:
        # `find … -exec pip install -r {} ;` over files gate holds: judged once per file.
        for one in each:
            _judge(walk, run, one, _context(run, one, files), files, depth, chain)
        return
    if command.unseen:
        walk.opaque.append((run.location, Opaque(command.unseen, command.text, command.line)))
    elif command.wrappers and any(w.startswith("find -") for w in command.wrappers) and (
        _runs_a_file(command)
    ):
        # `find / -name s.sh -exec sh {} ;` where gate cannot list what find hands it: the files
        # may be the build's scripts that install.
        why = "find hands a shell or interpreter files the gate does not follow"
        walk.opaque.append((run.location, Opaque(why, command.text, command.line)))
    elif (fed_why := fed_script(command)) is not None:
        # `… | xargs -0 sh`: the script's name is input gate does not read.
        walk.opaque.append((run.location, Opaque(fed_why, command.text, command.line)))
    downloaded = renamed.downloaded_installer(command, cwd, files)
    if downloaded is None:
        _judge(walk, run, command, ctx, files, depth, chain, printed_to=printed_to)
        return
    before = len(walk.installs)
    _judge(walk, run, downloaded.command, ctx, files, depth, chain, spelled=downloaded.written)
    if len(walk.installs) == before:
        reason = (
            f"it runs a script downloaded from {downloaded.url[:200]}, whose name says it "
            "installs Python packages"
        )
        walk.opaque.append((run.location, Opaque(reason, command.text, command.line)))


def _export_copies(
    command: Command, cwd: str, copied: list[tuple[str, str]]
) -> list[tuple[str, str]]:
    """The copies that replace their destination whole with the source's bytes: `cp`/`mv`
    without options (`-n`, `-u`, `--backup` may keep the old file), `cat F > G` (not `>>`)."""
    program = program_name(command.argv[0].value) if command.argv else ""
    if program in ("cp", "mv"):
        plain = all(w.known and not w.value.startswith("-") for w in command.argv[1:])
        return [(s, d) for s, d in copied if s != d] if plain else []
    if program == "cat" and not any(">>" in r.op for r in command.redirects):
        return [(s, d) for s, d in byte_copies(command, cwd) if s != d]
    return []


def _stdout_to_pipe(command: Command) -> bool:
    """Nothing but its standard output goes on (no `> F`, `&>`, `2>&1`): what a pipe after
    it reads, if there is one."""
    return not any("&" in r.op or r.op in (">", ">|", "1>", ">>", "1>>") for r in command.redirects)


def _stdout_files(command: Command, cwd: str) -> tuple[str, ...]:
    """The one file a command's standard output goes to alone (`> F`), or none: with `>>`,
    `&>` or a descriptor joined to it (`2>&1`) the file holds other text too."""
    out = [r for r in command.redirects if r.op in (">", ">|", "1>")]
    mixed = any("&" in r.op or ">>" in r.op for r in command.redirects)
    if len(out) != 1 or mixed or out[0].target is None or not out[0].target.known:
        return ()
    return (posixpath.normpath(posixpath.join(cwd, out[0].target.value)),)


def _edits(walk: _Walk, run: Run, command: Command, cwd: str, files: Files) -> None:
    """Files the command may have changed in ways gate does not work out (marked possibly
    different), or certainly removed: by an editor it does not know, a `find` that deletes,
    or a command `find -exec` or `xargs` hands files to."""
    listed, walk.listed = walk.listed, ()
    if command.wrappers and any(w.startswith("find -") for w in command.wrappers):
        fed = walk.found
    elif command.stdin_args and any(r.op.startswith("|") for r in command.redirects):
        fed = listed
    else:
        fed, walk.found, walk.found_body, walk.found_wheels = (), (), None, False
    scans = walk.scans
    refused = scans.refused
    found = file_edits.edits(command, cwd, files, fed, scans)
    changed, removed = list(found.changed), list(found.removed)
    if command.argv and command.argv[0].known and program_name(command.argv[0].value) == "find":
        from gate.facts import find_expr  # here: most builds run no `find`

        held = ((p, files.content(p)) for p in files)
        done = find_expr.effects(command.argv, cwd, held, scans.left)
        scans.left = max(scans.left - done.cost, 0)
        scans.refused += int(done.over)
        walk.found, walk.listed = tuple(done.passed), tuple(done.printed)
        walk.found_body = done.body
        walk.found_wheels = done.wheels
        removed += [r.path for r in done.deleted if r.sure]
        changed += [r.path for r in done.deleted if not r.sure] + done.written
    if scans.refused > refused:
        # Past the bound: what the command does to the files it would scan is not worked out.
        reason = "the build names more files by globs and `find` than the gate follows"
        walk.unwalked(run, command, command.text, reason)
    how = command.text[:200]  # the editor's code is part of the reason (`sed -i '1i …'`)
    for path in removed:
        files.remove(path, command.branch)
    for path in changed:
        files.edited(link_copies.edited_name(command, path, files), how)


def _judge(
    walk: _Walk,
    run: Run,
    command: Command,
    ctx: FactContext,
    files: Files,
    depth: int,
    chain: tuple[str, ...],
    spelled: Command | None = None,
    printed_to: Mapping[str, lock_export.Held] | None = None,
) -> None:
    """What the command runs: a packaging tool's install facts, or a script file to walk.
    `spelled`: the command as written, when `command` names its script by another name
    (messages and fixes name the file the build has). `printed_to`: the files its standard
    output goes to alone, with what they held before it ran."""
    call = _call_of(command)
    if call is not None and spelled is not None:
        call = replace(call, command=spelled, spelling=_respelled(call.spelling, command, spelled))
    if call is None:
        fed = stdin_files(command)
        if len(fed) == 1 and fed[0] is not command:
            # `python3 - flask < get-pip.py` is `python3 get-pip.py flask`.
            call = _call_of(fed[0])
        if call is None:
            _script(walk, run, command, ctx.workdir, files, depth, chain, fed)
            return
    extractor = extractor_of(call.tool)
    if extractor is None:
        return
    if walk.full(run, command):
        return  # past the build's installs: unknown, and not worked out (the cost is there)
    install: Install | None = extractor.extract(call, ctx)
    if install is None and call.tool == "setuptools":
        _setup_code(walk, run, command, ctx.workdir, files)
    if install is not None and ctx.home(call.command.env) == UNKNOWN_HOME:
        install = walk.weigher.weigh(install, call, ctx, extractor.extract)
    if install is not None:
        walk.add(install)
    effects: Callable[[ToolCall, FactContext], Mapping[str, str | Unread | None]] | None = getattr(
        extractor, "file_effects", None
    )
    maybe = lock_export.IN_BRANCH if command.branch else None
    if effects is not None:
        for path, text in effects(call, ctx).items():
            # An edit of a text that may be other than gate has (`pip config set` after
            # `sed -i`) may be other too; one in a branch is weighed as any write there.
            before = files.branched(path, command.branch)
            # A text the tool writes that gate cannot know (`poetry export -o F`) is said where
            # an install reads it, as a file a program wrote through `>` is.
            unseen = Unread(f"written by `{command.text[:200]}`")
            prior = lock_export.held(files, path)
            content = unseen if text is None else text
            whole = isinstance(content, Unread) and content.export is not None
            if isinstance(content, Unread):
                content = lock_export.over(prior, content, maybe)
            files.write(path, content, command.branch)
            if before is not None and not command.branch and not whole:  # an export is whole
                files.edited(path, call.spelling)
    printed: Callable[[ToolCall, FactContext], Unread | None] | None = getattr(
        extractor, "stdout_export", None
    )
    if printed is not None and _stdout_to_pipe(command):
        walk.piped_export = printed(call, ctx)
    exported = printed(call, ctx) if printed is not None and printed_to else None
    for path, prior in (printed_to or {}).items():
        if exported is not None:  # `poetry export > F`: F holds what it prints, as `-o F` would
            files.write(path, lock_export.over(prior, exported, maybe), command.branch)
    edits: Callable[[ToolCall, FactContext], list[str]] | None = getattr(
        extractor, "edited_files", None
    )
    for path in edits(call, ctx) if edits is not None else ():
        files.edited(path, call.spelling)
    inner: Callable[[ToolCall], tuple[tuple[Word, ...], ...]] | None = getattr(
        extractor, "inner_commands", None
    )
    if inner is None or depth >= MAX_INNER_DEPTH:
        return
    for argv in inner(call):
        if argv:
            nested = replace(
                command,
                argv=argv,
                redirects=(),
                wrappers=(*command.wrappers, call.spelling),
                stdin_args=False,
            )
            _command(walk, run, nested, files, depth + 1, chain)


def _respelled(spelling: str, command: Command, spelled: Command) -> str:
    """`spelling` with the words `command` changed put back as `spelled` has them."""
    for new, old in zip(command.argv, spelled.argv, strict=True):
        if new.value != old.value:
            spelling = spelling.replace(new.value, old.value, 1)
    return spelling


def _unknown_copy(
    command: Command, cwd: str, files: Files, branch: tuple[tuple[int, int], ...]
) -> None:
    """`xargs -I{} cp {} /x/`, `cp "$X" /x/`: what lands there is of unknown content; a script
    run from /x that gate does not hold is `unknown` (unknown_copies; silent before)."""
    got = unknown_copies.destination(command, cwd, files.folders())
    if got is None:
        return
    path, tree = got
    why = f"copied there by `{command.text[:200]}` from files the gate cannot tell"
    if filter_work.afford(len(files)):
        over = unknown_copies.replaced(command, path, files, files.folders())
    else:  # past the build's filter work: any file beneath it
        over = [p for p in files if p == path or p.startswith(path.rstrip("/") + "/")]
    for landed in over:
        was = files.content(landed)
        if landed == path or (isinstance(was, Unread) and (was.capped or was.tree)):
            continue  # the destination itself is weighed below
        # A file gate holds there may have been replaced: its text is unknown (silent before).
        files.write(landed, Unread(why, capped=True), branch, replace=True)
    content = files.content(path) if path in files else None
    if path in files and not isinstance(content, Unread):
        # A file gate holds there (`cp "$X" /u/run.sh`): run, its text is unknown (silent
        # before); read as a config, it may have been changed (the edit mark says so).
        files.write(path, Unread(why, capped=True), branch, replace=True)
        files.edited(path, command.text[:200])
        return
    held = content if isinstance(content, Unread) else None
    above = files.tree_above(path)
    if (held is not None and held.capped) or (above is not None and above[0] != path):
        return  # already unknown where it runs, or beneath a folder fetched whole
    # A base-image copy's mark (base_copies: find cannot list it) stays with it.
    base = held is not None and held.base
    files.write(path, Unread(why, tree=tree, capped=True, base=base), branch, replace=True)


def _copies_a_found_file(command: Command) -> bool:
    """`cp`, `mv`, `install` or `ln` given find's `{}` (a body find runs per file)."""
    argv = command.argv
    return (
        bool(argv)
        and argv[0].known
        and program_name(argv[0].value) in ("cp", "mv", "install", "ln")
        and any(find_exec.placeholder(w) for w in argv[1:])
    )


def _runs_a_file(command: Command) -> bool:
    """The command runs a file as a shell script or code (`sh F`, `. F`, `python3 F`, `perl F`)
    whose name holds find's `{}`, or runs that file itself (`-exec {} ;`: its `#!` line or the
    shell picks what reads it)."""
    argv = command.argv
    if not argv:
        return False
    if not argv[0].known:
        return find_exec.placeholder(argv[0])
    name = program_name(argv[0].value)
    if (runner := code_runner(name)) is not None:
        # `perl F`, not `perl -pi -e CODE F` (F is then its input).
        got = runner_args(runner, argv)
        return got.code is None and got.operand < len(argv) and "{}" in argv[got.operand].value
    reads = name in SHELLS or name in (".", "source") or is_interpreter(name)
    # `sh < {}` (`-exec sh -c 'sh < "$0"' {} ;`): the file on its input is run.
    fed = any(r.op in ("<", "0<") and r.target is not None and find_exec.placeholder(r.target)
              for r in command.redirects)  # fmt: skip
    return reads and (fed or any("{}" in w.value for w in argv[1:]))


def _script(
    walk: _Walk,
    run: Run,
    command: Command,
    cwd: str,
    files: Files,
    depth: int,
    chain: tuple[str, ...],
    runs: list[Command] | None = None,
) -> None:
    """A script file the build knows, run by this command: walk its body like a heredoc's.
    `runs`: stdin_files(command), when the caller has it."""
    runs = stdin_files(command) if runs is None else runs
    if len(runs) > 1:  # `cat A B | sh`: each file's text in turn
        for run_one in runs:
            _script(walk, run, run_one, cwd, files, depth, chain)
        return
    past = walk.script_walks > MAX_SCRIPT_WALKS or walk.script_bytes > MAX_SCRIPT_BYTES
    if past and runs[0].argv and program_name(runs[0].argv[0].value) in MAKE_PROGRAMS:
        # Past the caps a Makefile is not even read (reading one is the cost).
        walk.unwalked(run, command, "a Makefile", "more script files run than the gate walks")
        return
    found = script_of(runs[0], cwd, files)
    if found is None and runs[0] is command and unseen_sourced.opens(command, cwd, files, run):
        walk.opened_at = run.location  # as `export $(cat FILE)` (State.open_env) would
    if found is None and runs[0] is not command:
        # `sh < install-pip.sh`: a file on stdin whose text the gate has not got, and whose name
        # says it installs, is as unknown as `sh install-pip.sh`.
        k = script_index(runs[0].argv)
        if k is not None and mentions.says_installs(program_name(runs[0].argv[k].value)):
            reason = "a script whose name says it installs Python packages"
            walk.opaque.append((run.location, Opaque(reason, command.text, command.line)))
    if found is None or found.path in chain:
        return  # a script that runs itself adds nothing its first walk did not find
    if not walk.admit(run, command, found.path, found.text, depth):
        return
    body = replace(
        run,
        shell=found.shell,
        exec_form=False,
        argv=(),
        script=found.text,
        env=command.env,
        workdir=cwd,
        venv=command.venv,
        zero=_script_zero(runs[0] if runs[0] is command else None, found),
        # `. FILE` runs FILE in the shell already running: it reads no start-up file.
        starts_shell=command.argv[0].value not in (".", "source"),
    )
    body, script = _known_files(walk, body, walk.analyse(body), files)
    for opaque in script.opaque:
        walk.opaque.append((run.location, opaque))
    for reason in found.unknown:
        walk.opaque.append((run.location, Opaque(reason, command.text, command.line)))
    changed = (
        sourced_changes(found.sourced or found.text, run.script)
        if command.argv[0].value in (".", "source")
        else None
    )
    if changed is not None:
        reason = (
            f"a sourced file sets {changed} for the commands after it, which the gate does not "
            f"carry (in {found.path})"
        )
        walk.opaque.append((run.location, Opaque(reason, command.text, command.line)))
    runner = " ".join(w.value for w in command.argv[:2])
    produced: list[tuple[Command, tuple[int, ...]]] = []
    for inner in script.commands:
        if found.handed:
            inner = replace(inner, text=command.text)
        nested = replace(
            inner,
            wrappers=(*command.wrappers, runner, *inner.wrappers),
            branch=(*command.branch, *inner.branch),
        )
        before = len(walk.installs)
        folder = posixpath.dirname(found.path) if found.handed else None
        _command(walk, body, nested, files, depth + 1, (*chain, found.path), folder)
        produced.append((inner, tuple(range(before, len(walk.installs)))))
    if isinstance(found.text, CrlfText) and any(made for _, made in produced):
        # Walked as LF: the shell keeps each line's CR in its last word (`--only-binary=:all:\r`
        # is no `:all:` to pip), which the installs found here do not weigh.
        reason = f"a script with CR LF line ends, whose last words end in CR (in {found.path})"
        walk.opaque.append((run.location, Opaque(reason, command.text, command.line)))
    # What the script's own lines leave unknown (python -c code that runs pip, get-pip.py, …)
    # is said at the step that runs it, as it would be written in the step itself.
    for item in mentions.account(body, script, produced).opaque:
        walk.opaque.append((run.location, replace(item, reason=f"{item.reason} (in {found.path})")))


def _script_zero(command: Command | None, found: ScriptText) -> str | None:
    """The $0 of a shell script `command` runs by its path: the path as written (`sh
    scripts/x.sh`, `./x.sh`), or the file $PATH finds for a bare name. None where the shell's
    own $0 stays (`.`/`source`), the file is handed to an interpreter, or is no shell script
    run by that name (a Makefile's recipes, a script's `#!` line)."""
    if command is None or found.handed or not command.argv or not command.argv[0].known:
        return None
    if any(r.op == "<+" for r in command.redirects):
        return None  # `cat A B | sh`: each file is read on stdin, $0 is the shell's name
    program = command.argv[0].value
    if program in (".", "source") or program_name(program) in MAKE_PROGRAMS:
        return None
    if found.path.endswith(")") or program_name(found.shell[0]) not in POSIX_SHELLS:
        return None
    k = script_index(command.argv)
    if k is not None:
        return command.argv[k].value
    return found.path if "/" not in program else None


def _package_scripts(
    walk: _Walk,
    run: Run,
    command: Command,
    cwd: str,
    files: Files,
    depth: int,
    chain: tuple[str, ...],
) -> None:
    """The package.json scripts `npm install` / `npm run NAME` runs, walked as `sh -c` does."""
    found = frontends.package_scripts(command, cwd, files)
    if found.unread is not None:
        reason = f"runs scripts of a package.json the gate cannot read ({found.unread})"
        walk.opaque.append((run.location, Opaque(reason, command.text, command.line)))
    for name, text in found.scripts:
        label = f"{posixpath.join(cwd, 'package.json')}:{name}"
        if label in chain:
            continue
        if not walk.admit(run, command, label, text, depth):
            return
        body = replace(run, shell=("/bin/sh", "-c"), exec_form=False, argv=(), script=text,
                       env=command.env, workdir=cwd, venv=command.venv)  # fmt: skip
        script = walk.analyse(body)
        for opaque in script.opaque:
            walk.opaque.append((run.location, opaque))
        runner = f"{command.argv[0].value} run {name}"
        for inner in script.commands:
            nested = replace(
                inner,
                text=command.text,
                wrappers=(*command.wrappers, runner, *inner.wrappers),
                branch=(*command.branch, *inner.branch),
            )
            _command(walk, body, nested, files, depth + 1, (*chain, label))


def _code_may_write(
    command: Command,
    cwd: str,
    files: Files,
    branch: tuple[tuple[int, int], ...],
    written: Mapping[str, str | None],
) -> None:
    """Held files inline code may replace by calls code_writes does not read (`written`: what
    it does read): of unknown content after it (`os.write(os.open('/s.sh', …), …)`,
    `shutil.copy(X, '/s.sh')`, Perl's `open(F, ">", "/s.sh")`, Node's
    `fs.writeFileSync('/s.sh', …)`: silent before)."""
    got = frontends.code_and_operands(command.argv)
    code = got[0] if got is not None else mentions.inline_code(command)
    if not code:
        return
    why = f"may be written by `{command.text[:200]}` with text gate cannot follow"
    for path in code_writes.touched(code, cwd, lambda p: p in files and p not in written):
        files.write(path, Unread(why, capped=True), branch)


def _code_commands(
    walk: _Walk,
    run: Run,
    command: Command,
    cwd: str,
    files: Files,
    depth: int,
    chain: tuple[str, ...],
) -> None:
    """The command texts awk, Perl, Ruby, Node, PHP or Lua code hands `sh -c` (system(),
    backquotes, `print | "CMD"`), walked as that shell runs them (code_commands; silent before
    for `awk 'BEGIN{system("sh /d/10.sh")}'` over a held script that installs)."""
    name = program_name(command.argv[0].value) if command.argv and command.argv[0].known else ""
    lang = code_commands.language(code_runner(name) or name)
    if lang is None:
        return
    got = frontends.code_and_operands(command.argv)
    code = got[0] if got is not None else None
    if code is None and lang != "awk" and mentions.reads_program_on_stdin(command):
        # `perl <<EOF`, `… | node -`: the program on its input. Otherwise that input is data
        # (`perl /x.pl <<EOF`), and awk's program is always an operand (`-f`: scripts.py).
        code = mentions.inline_code(command)
    if not code:
        return
    texts = code_commands.command_texts(lang, code)
    _walk_texts(walk, run, command, cwd, files, depth, chain, f"{name} code", texts)


def _walk_texts(
    walk: _Walk,
    run: Run,
    command: Command,
    cwd: str,
    files: Files,
    depth: int,
    chain: tuple[str, ...],
    label: str,
    texts: list[str],
) -> None:
    """Walk each command text `command` hands `/bin/sh -c` (code's system(), an option's
    command) as that shell runs it."""
    env = {**command.env, code_commands.VALUE: None}
    for text in texts:
        walk.code_texts -= 1
        walk.code_bytes -= len(text)
        if depth >= MAX_INNER_DEPTH or walk.code_texts < 0 or walk.code_bytes < 0:
            walk.unwalked(run, command, label, "more command texts run by code than the gate walks")
            return
        body = replace(run, shell=("/bin/sh", "-c"), exec_form=False, argv=(), script=text,
                       env=env, workdir=cwd, venv=command.venv, zero=None)  # fmt: skip
        script = walk.analyse(body)
        for opaque in script.opaque:
            said = replace(opaque, text=command.text, line=command.line)
            walk.opaque.append((run.location, said))
        for inner in script.commands:
            nested = replace(
                inner,
                text=command.text,
                line=command.line,
                wrappers=(*command.wrappers, label, *inner.wrappers),
                branch=(*command.branch, *inner.branch),
            )
            _command(walk, body, nested, files, depth + 1, chain)


def _run(walk: _Walk, shell_run: ShellRun, files: Files) -> None:
    run, script = _known_files(walk, shell_run.run, shell_run.script, files)
    for opaque in script.opaque:
        walk.opaque.append((_located(walk, run.location, opaque.text), opaque))
    produced: list[tuple[Command, tuple[int, ...]]] = []
    for command in script.commands:
        # What it reads of a file other alternatives of its branch wrote is what its own wrote,
        # or what was there before (Files._view).
        files.run_by(command.branch, command.variant)
        moved = loop_inputs.changed(run, command, files)
        if moved is not None:
            walk.opaque.append((run.location, Opaque(moved, command.text, command.line)))
        before = len(walk.installs)
        _command(walk, run, command, files)
        made = tuple(range(before, len(walk.installs)))
        if made:
            _place(walk, run, command, made)
        produced.append((command, made))
    files.ran()
    found = mentions.account(run, script, produced)
    walk.mentions.extend(found.mentions)
    walk.opaque.extend((run.location, item) for item in found.opaque)


def _held_programs(script: Script, files: Files) -> frozenset[str]:
    """The names of MODELLED_PROGRAMS the build holds a file of, in any folder (a $PATH may
    name any), or this step's commands may write: a word naming one other than the program run
    (`> /usr/local/bin/tr`, `cp x /w/sed`, `mv tr /w/`), or a path to one run (`/w/tr`)."""
    # A last part is one of them only where the whole ends so: one C-level test per path and
    # word (a `COPY . .` holds thousands) before the split, which few need.
    ends = _MODELLED_ENDS
    held = {p.rsplit("/", 1)[-1] for p in files if p.endswith(ends)}
    for command in script.commands:
        for redirect in command.redirects:
            if redirect.target is not None:
                value = redirect.target.value.rstrip("/")
                if value.endswith(ends):
                    held.add(value.rsplit("/", 1)[-1])
        argv = command.argv
        for word in argv[1:]:
            value = word.value.rstrip("/")
            if value.endswith(ends):
                held.add(value.rsplit("/", 1)[-1])
        if argv and "/" in argv[0].value and argv[0].value.endswith(ends):
            held.add(argv[0].value.rsplit("/", 1)[-1])
    return frozenset(held & MODELLED_PROGRAMS)


_MODELLED_ENDS = tuple(sorted(MODELLED_PROGRAMS))


def _known_files(walk: _Walk, run: Run, script: Script, files: Files) -> tuple[Run, Script]:
    """`run` walked again where the files the build holds change what its shells do: the
    start-up files a shell reads, then the files its `. FILE`s source (`_sourced`)."""
    programs = _held_programs(script, files)
    if programs - run.programs:
        # `printf … > /usr/local/bin/tr`, then `$(echo six | tr a b)`: that file may run.
        run = replace(run, programs=run.programs | programs)
        script = walk.analyse(run)
    if any(c.wrappers[-1:] in ((startup.LABEL,), (startup.LABEL_MAYBE,)) for c in script.commands):
        # A shell that reads start-up files (`bash -lc`, BASH_ENV, a login SHELL): walked again
        # knowing which of them the build holds (the login profile bash picks, profile.d),
        # those the step itself writes among them (they are read as written, not carried).
        held = {p for p in files if startup.is_startup_path(p)}
        for command in script.commands:
            cwd = command.cwd if command.cwd_known and command.cwd else run.workdir
            held.update(p for p in written_files(command, cwd, files, posix_sh=_posix(run))
                        if startup.is_startup_path(p))  # fmt: skip
        run = replace(run, startup=frozenset(held))
        script = walk.analyse(run)
    sourced = _sourced(run, script, files)
    if sourced:
        # Walked again with the sourced files' texts: what they set reaches the commands after.
        run = replace(run, sourced=sourced)
        script = walk.analyse(run)
    looped = loop_inputs.handed_texts(run, script, files)
    if looped:
        # Walked again with the texts `while read` loops read: the body once per line.
        run = replace(run, loop_inputs=looped)
        script = walk.analyse(run)
    return run, script


def _sourced(run: Run, script: Script, files: Files) -> tuple[tuple[str, str], ...]:
    """The files the step's `. FILE`/`source FILE` read that set an installer setting
    (sourced_changes), with their texts as the build holds them before the step: only where the
    step cannot have changed them first (its text names each file only in the commands that
    source it) and is read by one shell (not a Windows base's alternatives)."""
    if run.alternative_shells or run.sourced or script.opaque:
        return ()
    out: dict[str, str] = {}
    for command in script.commands:
        argv = command.argv
        if len(argv) != 2 or not argv[0].known or argv[0].value not in (".", "source"):
            continue
        if not argv[1].known or "/" not in argv[1].value or command.redirects:
            continue
        if command.wrappers[-1:] == (startup.LABEL_MAYBE,):
            continue  # may not be read at all: what it sets is unknown, not carried
        if not (argv[1].value.startswith("/") or command.cwd_known):
            continue
        path = posixpath.normpath(posixpath.join(command.cwd or run.workdir, argv[1].value))
        text = files.get(path)
        unread = files.unread(path)
        if unread is not None and _only_read(script, posixpath.basename(path)):
            # Bytes gate never sees (downloaded, from another image): the file may export any
            # setting, as `export $(cat FILE)` may, so it is handed over as that declaration.
            out[path] = unseen_source(path)
            continue
        if not isinstance(text, str) or files.branched(path) or unread:
            continue
        if isinstance(text, CrlfText):
            continue  # `export X=v\r` sets `v\r`: not carried, so unknown (_script)
        if sourced_changes(text, run.script) is None:
            continue
        if not _only_read(script, posixpath.basename(path)):
            continue
        out[path] = text
    return tuple(out.items())


def _only_read(script: Script, name: str) -> bool:
    """Whether no command of the step may write a file named `name` before it is sourced: none
    redirects into such a name, and each that names one is a `.`/`source`, or a program that
    only reads what it is named (`[ -f .env ]`)."""
    for command in script.commands:
        if any(r.target is not None and r.target.value.endswith(name) for r in command.redirects):
            return False
        if not any(w.value.endswith(name) for w in command.argv[1:]):
            continue
        program = command.argv[0].value if command.argv and command.argv[0].known else ""
        if program not in (".", "source") and program_name(program) not in file_edits.READ_ONLY:
            return False
    return True


def _located(walk: _Walk, loc: Location, text: str) -> Location:
    """The step's location narrowed to the code's own lines, when found in the Dockerfile."""
    if loc.history_index is not None or loc.created_by is not None:
        return loc
    span = walk.locator.span(loc.line, loc.end_line, text, advance=False)
    return loc if span is None else replace(loc, command=span)


def _place(walk: _Walk, run: Run, command: Command, made: tuple[int, ...]) -> None:
    """Point the installs a command made at the command's own lines in the Dockerfile."""
    loc = run.location
    if loc.history_index is not None or loc.created_by is not None:
        return
    span = walk.locator.span(loc.line, loc.end_line, command.text)
    if span is None:
        return
    for index in made:
        install = walk.installs[index]
        walk.installs[index] = replace(install, location=replace(install.location, command=span))


def _stage(walk: _Walk, stage: CommandStage, build: BuildFiles) -> None:
    files = build.start(stage.stage)
    child: Files | None = None  # the files a child build's ONBUILD triggers share, in order
    # The next RUN's mount targets, with what they hide, and whether gate cannot place them.
    covered: list[tuple[str, Raw, bool]] = []
    uncovered = ""  # a mount of the next RUN past the budget: what it hides is not followed
    mounted = MountTargets()  # the next RUN's mount targets a link moves elsewhere
    # Whether `mounted` was asked to place a target since the last RUN: until then it moves no
    # path, and the thousands of files a `COPY . .` writes need not ask it.
    moving = False
    # FileWrite first: a `COPY . .` makes one for every file of the context.
    for step in stage.steps:
        if isinstance(step, FileWrite):
            if step.cover:
                # An ONBUILD RUN's mount covers the child build's files, not this stage's.
                under = files
                if step.onbuild:
                    child = under = files.copy() if child is None else child
                walk.cover_work -= 2 * len(under)  # hidden, then brought back
                target = mounted.landing(under, step.path)
                moving = True
                if walk.cover_work < 0:
                    uncovered = target
                else:
                    hidden = _cover(under, target, step.content)
                    covered.append((target, hidden, step.anywhere))
            elif step.onbuild:
                child = files.copy() if child is None else child
                child.over_filled(mounted.moved(step.path), step.content)
                child.put(mounted.moved(step.path), step.content)
                if step.restricted:
                    child.edited(mounted.moved(step.path), unreadable_how(step.restricted))
            else:
                # As build.apply, without its dispatch: onto or beneath a link, the file lands
                # where BuildKit resolves its destination.
                dest, landed, content = step.dest, step.path, step.content
                if moving:
                    dest = mounted.moved(step.dest) if step.dest else ""
                    landed = mounted.moved(step.path)
                if isinstance(content, Unread):  # over_filled's own first test, without its call
                    files.over_filled(landed, content)
                files.put_copied(landed, dest, step.name, content)
                if isinstance(content, Unread) and content.image:
                    renamed.record_image_copy(landed, step.name, walk.renamed)
                if step.restricted:
                    files.edited(landed, unreadable_how(step.restricted))
                # The ends every hook name has (a `.pth`, a name `*customize.py`) first: no
                # call for each of the thousands of files a `COPY . .` writes.
                if step.path.endswith(_HOOK_ENDS) and mentions.may_be_startup_hook(step.path):
                    # Read now, whatever it is (a context file is read on first use).
                    text = files.get(step.path)
                    _startup_hook(walk, step.location, step.path, text, step.path, 0)
                elif hook_configs.may_be_hook(step.path):
                    text = files.get(step.path)
                    _command_hook(walk, step.location, step.path, text, step.path, 0, files)
        elif isinstance(step, ShellRun):
            ran = files
            if step.run.onbuild:
                # An ONBUILD trigger runs in a child build: what it writes is not in this one,
                # but the next trigger sees it.
                child = ran = files.copy() if child is None else child
            if uncovered:
                reason = (
                    f"a RUN mount at {uncovered[:200]} hides files the gate no longer "
                    f"follows (past {MAX_COVER_WORK} files covered in this build)"
                )
                walk.opaque.append((step.run.location, Opaque(reason, "")))
                uncovered = ""
            _run(walk, step, ran)
            for target, hidden, anywhere in reversed(covered):
                written = _cover(ran, target, None)  # the mount is gone, with what the RUN wrote
                ran.merge(hidden)
                if anywhere:
                    unplaced_mount.keep(ran, written, target)
            covered = []
            mounted.clear()
            moving = False
        else:
            if step.mount:  # a bind mount's files from a stage land where the mount does
                step = replace(step, dest=mounted.moved(step.dest))
            build.apply(step, files)
    build.end(stage.stage, files)


_HOOK_ENDS = (".pth", "customize.py")  # every name mentions.may_be_startup_hook takes ends so


def _cover(files: Files, target: str, shown: Content) -> Raw:
    """Hide the files at or beneath `target`, show `shown` there (when not None); what was
    hidden is returned."""
    below = target.rstrip("/") + "/"
    hidden: Raw = {}
    if target in files or target in files.folders() or below == "/":
        hidden = {p: c for p, c in files.raw().items() if p == target or p.startswith(below)}
        for path in hidden:
            del files[path]
    if shown is not None:
        files.put(target, shown)
    return hidden


def _startup_hook(
    walk: _Walk, location: Location, path: str, text: str | None, shown: str, line: int
) -> None:
    """A `.pth` file's `import` lines and `sitecustomize.py` run in every later `python`: code
    there that runs an installer is unknown where the build writes it."""
    if text is None or not mentions.is_startup_hook(path, text):
        return
    reason = f"{path} runs in every later python, and its code runs an installer"
    walk.opaque.append((location, Opaque(reason[:400], shown, line)))


def _command_hook(
    walk: _Walk,
    location: Location,
    path: str,
    text: str | None,
    shown: str,
    line: int,
    files: Files,
) -> None:
    """An apt, dpkg or git configuration or git hook whose command runs an installer, or a file
    the build wrote that runs one (`fsmonitor = sh /s.sh`: silent before): unknown where the
    build writes it (hook_configs)."""
    runs = None if text is None else hook_configs.hook_text(path, text)
    if runs is None:
        return
    if not hook_configs.runs_installer_hook(path, runs) and (
        walk.scanner.runs_installer(runs, False, "/", files, {path}) is False
    ):
        return
    reason = f"{path} makes a later apt, dpkg or git command run an installer"
    walk.opaque.append((location, Opaque(reason[:400], shown, line)))


def extract_facts(commands: BuildCommands, *, analyse: Analyse) -> FactsDocument:
    """The policy input document for a build's commands: every install fact, in build order.

    ``analyse`` is the shell layer, for the body of a script file a command runs: its text is
    known only here, where the build's files are.
    """
    walk = _Walk([], [], [], analyse, locator=CommandLocator(commands.source.text))
    build = BuildFiles()
    with template_work.budgeted(), requirements_work.budgeted(), filter_work.budgeted():
        for stage in commands.stages:
            _stage(walk, stage, build)
    source = commands.source
    return FactsDocument(
        target=source.target,
        installs=tuple(walk.installs),
        opaque=tuple(walk.opaque),
        unjudgeable=unread_copies.kept(
            source.unjudgeable, source.stages, walk.installs, walk.opaque, source.text
        ),
        mentions=tuple(walk.mentions),
    )
