"""pip's requirements-file format, read the way pip reads it (src/pip/_internal/req/req_file.py).

- Lines ending in `\\` join the next line (not after a comment); `#` after whitespace or at the
  start begins a comment; `${NAME}` (upper case, digits, `_`) is replaced by the variable's value
  when it is set and non-empty, other `$` text stays as written.
- A line splits at its first word starting with `-`: the words before are the requirement (PEP 508,
  a path or a URL, markers kept verbatim), the rest are options parsed by optparse with the
  requirements-file option table (abbreviations work, see pip_options).
- `--only-binary`/`--no-binary` anywhere on any line, also at the end of a requirement line or in a
  constraints file, mutate pip's one global FormatControl when the line is read, after the
  command line: they are OptionEvents with source `requirements:<file>`.
- `-r`/`-c` on a line without a requirement open a nested file, relative to the including file's
  directory (only the first one on a line counts); pip refuses a file that includes itself.
- `-e X` is an editable requirement (only the first on a line). A constraints file's lines are
  not requirements, but a `-r` inside one opens a requirements file (pip's nested_constraint),
  and a direct reference on one (`x @ git+…`, an sdist's address) is where x comes from.
"""

from __future__ import annotations

import contextlib
import posixpath
import re
import shlex
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit

from gate.build_files import EDITED_IN_PLACE, IN_A_BRANCH, Files
from gate.facts import req_encoding, requirements_work, unreadable, uv_req_lines, word_glob
from gate.facts.context import FactContext
from gate.facts.pip_args import Parsed, scan
from gate.facts.target_kind import classify_target
from gate.facts.toml_text import parse_toml
from gate.model import (
    Env,
    FilledText,
    LockExport,
    OptionEvent,
    Requirement,
    RequirementFile,
    TargetKind,
    Unknown,
    Unread,
    Word,
)

_COMMENT = re.compile(r"(^|\s+)#.*$")
_ENV_VAR = re.compile(r"(?P<var>\$\{(?P<name>[A-Z0-9_]+)\})")
_SCHEME = re.compile(r"^(http|https|file):", re.I)
_MAX_DEPTH = 32
# Standard input as pip opens it for `-r` (`-` is sys.stdin).
_PIPED = re.compile(r"-|/dev/stdin|/dev/fd/0|/proc/self/fd/0")
_MAX_BYTES = 2_000_000
# Files read for one install, counting a file once per path that includes it: `-r` lines that
# fan out (each file including several others) grow the paths exponentially with depth alone.
_MAX_FILES = 256
FORMAT_OPTIONS = {"--only-binary": "only-binary", "--no-binary": "no-binary"}
# Short spellings pip_args reports as written.
_EDITABLE = ("--editable", "-e")
_REQUIREMENT = ("--requirement", "-r")
_CONSTRAINT = ("--constraint", "-c")
# Direct references a constraints line can make the source of a package (a name or a version
# range only narrows the choice; a folder is a local project, judged as one on the line would be
# only where asked for, so it is left out).
_CONSTRAINT_SOURCES = frozenset({"vcs", "url", "archive"})
_GLOBAL = "--global-option"


@dataclass(frozen=True)
class RequirementsResult:
    """What one `-r`/`-c` file (and the files it includes) contributes to an install."""

    files: tuple[RequirementFile, ...] = ()
    events: tuple[OptionEvent, ...] = ()
    requirements: tuple[Requirement, ...] = ()
    unknowns: tuple[Unknown, ...] = ()
    # The sources (OptionEvent.source) of files whose lines may not be those read: edited in
    # place by a program gate does not work out (`sed -i '/RE/d'` of an RE it cannot translate).
    doubted: tuple[str, ...] = ()
    # The sources of requirement lines with `--global-option` (pip_legacy_options).
    legacy: tuple[str, ...] = ()


@dataclass
class _State:
    ctx: FactContext
    env: Env
    files: list[RequirementFile] = field(default_factory=list)
    events: list[OptionEvent] = field(default_factory=list)
    requirements: list[Requirement] = field(default_factory=list)
    unknowns: list[Unknown] = field(default_factory=list)
    over_cap: bool = False
    too_deep: bool = False
    spent: bool = False  # the build's requirements_work budget ran out in this install
    doubted: list[str] = field(default_factory=list)
    legacy: list[str] = field(default_factory=list)
    uv: bool = False  # read as uv reads: UTF-8 only, its own option values (uv_req_lines)


def _without_comment(line: str) -> str:
    r"""pip's `COMMENT_RE.sub("", line)` (`(^|\s+)#.*$`): the line up to its first `#` that starts
    it or follows whitespace. Found by a scan: the regex is quadratic in a run of spaces."""
    start = 0
    while (k := line.find("#", start)) != -1:
        if k == 0 or line[k - 1].isspace():
            return line[:k]
        start = k + 1
    return line


def logical_lines(text: str, *, uv: bool = False) -> list[str]:
    """pip's preprocess without variable expansion: joined, comment-free, non-empty lines.
    With `uv`, a line that starts a uv option keeps its ending backslash and is not joined:
    uv's option value runs to the line's end (`-r sub\\` opens `sub`, uv_req_lines)."""
    joined: list[str] = []
    pending: list[str] = []
    for line in text.splitlines():
        if uv and not pending and uv_req_lines.option(line.lstrip(" \t")) is not None:
            joined.append(line)
            continue
        if not line.endswith("\\") or _COMMENT.match(line):
            if _COMMENT.match(line):
                line = " " + line
            if pending:
                pending.append(line)
                joined.append("".join(pending))
                pending = []
            else:
                joined.append(line)
        else:
            pending.append(line.strip("\\"))
    if pending:
        joined.append("".join(pending))
    out: list[str] = []
    for line in joined:
        line = _without_comment(line).strip()
        if line:
            out.append(line)
    return out


def _expand(line: str, env: Env, unknown: list[str], uv_cwd: str | None = None) -> str:
    """pip's expand_env_variables: a set, non-empty variable's value. uv's expand_env_vars
    (`uv_cwd`, the uv process's folder) takes a set variable's value even when empty and reads
    an unset `${PROJECT_ROOT}` as that folder; measured uv 0.13.10, --no-build: `-r ${D}sub.txt`
    with D empty and `-r ${PROJECT_ROOT}/sub.txt` unset both open sub.txt (pip: no such file)."""
    for var, name in _ENV_VAR.findall(line):
        if name in env and env[name] is None:
            unknown.append(name)
            continue
        value = env.get(name)
        if uv_cwd is not None and value is None and name == "PROJECT_ROOT":
            value = uv_cwd
        if value or (uv_cwd is not None and value is not None):
            line = line.replace(var, value)
    return line


def split_line(line: str) -> tuple[str, str]:
    """pip's break_args_options: requirement text, then the options text."""
    tokens = line.split(" ")
    args: list[str] = []
    for k, token in enumerate(tokens):
        if token.startswith("-"):
            return " ".join(args), " ".join(tokens[k:])
        args.append(token)
    return " ".join(args), ""


def _local_path(path: str) -> str | None:
    """The image path a `file:` URL names, or None for other URLs."""
    if not path.lower().startswith("file:"):
        return None
    parts = urlsplit(path)
    local = unquote(parts.path)
    # `file:b.txt`: pip's session normalises it to file:///b.txt, a path from the root.
    return posixpath.normpath("/" + local) if local and not local.startswith("/") else local or None


def parse_requirements(
    path: str,
    ctx: FactContext,
    *,
    constraint: bool,
    env: Env | None = None,
    uv: bool = False,
) -> RequirementsResult:
    """Read a requirements (or, with constraint, constraints) file named on a command line.

    Relative paths start at the context's working directory; `env` expands `${VAR}` (default:
    the step's environment); `uv` reads it as uv does (UTF-8 only, uv's option values).
    Never raises: what the gate cannot read is a RequirementFile with read=False.
    """
    state = _State(ctx, ctx.run.env if env is None else env, uv=uv)
    resolved = ctx.resolve(path) if not _SCHEME.match(path) else path
    if word_glob.is_glob(path) and not _SCHEME.match(path):
        # `-r req*.txt`: the shell hands pip the file the glob names. The word comes without
        # its quotes: `-r 'r[ab].txt'` is the file so named, `-r r[ab].txt` the `ra.txt` it
        # matches, so where both are held they may differ; a backslash may have been a quoted
        # one (`-r r\\?.txt` names `r\a.txt`) or one that makes the next character literal.
        files = ctx.files
        found = word_glob.matches(resolved, files, len(files))
        names = None if found is None else set(found) | ({resolved} if resolved in files else set())
        if names is None or len(names) > 1 or "\\" in path:
            kind = "constraints file" if constraint else "requirements file"
            why = "is a glob that may name several files the build holds"
            listed = (RequirementFile(path, resolved, False, constraint),)
            return RequirementsResult(listed, (), (), (unreadable.unknown(kind, why, path),), ())
        if found and resolved not in files:
            path = resolved = found[0]
    with contextlib.nullcontext() if requirements_work.splits() is not None else (
        requirements_work.budgeted()  # outside a build: this install's own budget
    ):
        _parse_file(state, path, resolved, constraint, (), 0)
    return RequirementsResult(
        tuple(state.files),
        tuple(state.events),
        tuple(state.requirements),
        tuple(state.unknowns),
        tuple(state.doubted),
        tuple(state.legacy),
    )


def _read(state: _State, resolved: str) -> str | None:
    local = _local_path(resolved) if _SCHEME.match(resolved) else resolved
    if local is None:
        return None
    text = state.ctx.files.get(posixpath.normpath(local))
    if text is None or len(text) > _MAX_BYTES or isinstance(text, FilledText):
        return None  # a heredoc's text with a variable of unknown value: see _unread_reason
    return text


def _unread_reason(state: _State, written: str, resolved: str) -> str | None:
    """Why a file the gate did not read may still hold options (None: it is simply not known)."""
    why = unreadable.reason(written)
    if why is not None:
        return why
    local = _local_path(resolved) if _SCHEME.match(resolved) else resolved
    why = unreadable.of_file(state.ctx.files, posixpath.normpath(local)) if local else None
    if why is not None:
        return why
    text = state.ctx.files.get(posixpath.normpath(local)) if local else None
    if isinstance(text, FilledText):
        return text.why
    if text is not None and len(text) > _MAX_BYTES:
        return f"is larger than the {_MAX_BYTES} bytes the gate reads"
    return None


def _parse_file(
    state: _State,
    written: str,
    resolved: str,
    constraint: bool,
    stack: tuple[str, ...],
    depth: int,
) -> None:
    if len(state.files) >= _MAX_FILES:
        if not state.over_cap:
            state.over_cap = True
            cap = f"include more than the {_MAX_FILES} files the gate reads for one install"
            state.unknowns.append(Unknown(f"requirements files {cap}", written))
        return
    text = _read(state, resolved)
    export = _lock_export(state, resolved) if text is None else None
    if _PIPED.fullmatch(written) and state.ctx.stdin and state.ctx.stdin.export and depth == 0:
        export = state.ctx.stdin.why, state.ctx.stdin.export
    if export is not None:
        _exported(state, written, resolved, constraint, export)
        return
    state.files.append(RequirementFile(written, resolved, text is not None, constraint))
    why = _unread_reason(state, written, resolved) if text is None else None
    coding = None
    if text is not None and not state.uv:
        text, coding = req_encoding.decode(text)
    elif text is not None:
        text = text.lstrip("\ufeff")
    if text is not None and "\ufffd" in text:
        why = "has bytes the gate cannot decode"
    elif coding is not None:
        why = coding
    elif text is not None:
        local = _local_path(resolved) if _SCHEME.match(resolved) else resolved
        path = posixpath.normpath(local) if local else None
        option = unreadable.REQUIREMENTS_OPTION
        reader = state.ctx.branch
        why = unreadable.of_text(state.ctx.files, path, text, option, reader) if path else None
        if why is not None and why.startswith(EDITED_IN_PLACE):
            # What a deterministic edit left is one text gate does not know; a branch that may
            # not run leaves each text on some run (either builds: builds), not doubted so.
            state.doubted.append(f"requirements:{resolved}")
    if why is not None:
        kind = "constraints" if constraint else "requirements"
        state.unknowns.append(unreadable.unknown(f"{kind} file", why, written))
    if text is None or coding is not None:
        return
    if not _afford(state, written, len(text) // requirements_work.READ_PER_CHARS):
        return
    source = f"requirements:{resolved}"
    for line in logical_lines(text, uv=state.uv):
        unknown_vars: list[str] = []
        line = _expand(line, state.env, unknown_vars, state.ctx.workdir if state.uv else None)
        if not _afford(state, written, requirements_work.LINE):
            return
        uv_option = uv_req_lines.option(line) if state.uv else None
        if uv_option is not None:
            _uv_line(state, uv_option, line, unknown_vars, source, resolved, stack, depth)
            continue
        if state.uv:
            line = uv_req_lines.editable_line(line)
        args_str, options_str = split_line(line)
        parsed = _options(state, written, options_str)
        if parsed is None:
            if state.spent:
                return
            continue  # pip: "Could not split options"; the install stops with an error
        if unknown_vars:
            # pip expands before it splits the line: the value may be options (`flask ${X}`
            # with X="--no-binary :all:") or a direct reference, wherever it stands.
            state.unknowns.append(
                Unknown(f"{', '.join(unknown_vars)} has no known value in {resolved}", line)
            )
        _line_events(state, parsed, source)
        editables = [o.value for o in parsed.options if o.name in _EDITABLE and o.value]
        if args_str and not editables and any(o.name == _GLOBAL for o in parsed.options):
            state.legacy.append(source)  # also on a constraints file's line
        if args_str or editables:
            if not constraint:
                if not _afford(state, written, requirements_work.REQUIREMENT):
                    return
                text_ = args_str or (editables[0].value if editables else "")
                state.requirements.append(_requirement(text_, bool(editables), resolved))
            elif args_str and not editables:
                # A constraints file limits versions, but a direct reference in one is where
                # the package comes from whenever the resolution takes it: measured pip 23.2.1
                # (`-c`, a nested `-c`, PIP_CONSTRAINT) and uv 0.13.8 built `flask @
                # file:///…/flask-1.0.tar.gz` under `--only-binary :all:`.
                constrained = _requirement(args_str, False, resolved)
                if constrained.kind in _CONSTRAINT_SOURCES:
                    state.requirements.append(constrained)
        else:
            _nested(state, parsed, resolved, stack, depth)


def _uv_line(
    state: _State,
    found: tuple[str, str],
    line: str,
    unknown_vars: list[str],
    source: str,
    parent: str,
    stack: tuple[str, ...],
    depth: int,
) -> None:
    """One option line as uv reads it (uv_req_lines): a nested file or a format option."""
    name, value = found
    if unknown_vars:
        state.unknowns.append(
            Unknown(f"{', '.join(unknown_vars)} has no known value in {parent}", line)
        )
    if name in ("-r", "-c"):
        _open_nested(state, value, name == "-c", parent, stack, depth)
    else:
        state.events.append(OptionEvent(source, FORMAT_OPTIONS[name], value))


def _afford(state: _State, written: str, work: int) -> bool:
    """Whether the build's budget for requirements files has room for `work` more; when it has
    not, the install is unknown (once): the lines not read may hold options."""
    if state.spent:
        return False
    if requirements_work.afford(work):
        return True
    state.spent = True
    reason = "requirements files take more reading than the gate spends on one build"
    state.unknowns.append(Unknown(reason, written))
    return False


def _options(state: _State, written: str, options_str: str) -> Parsed | None:
    """A line's options as pip's optparse reads them (None: shlex refuses the text, or the
    budget is spent). Split once per build: a file read again costs no second split."""
    splits = requirements_work.splits()
    if splits is not None and options_str in splits:
        return splits[options_str]
    if not _afford(state, written, len(options_str) * requirements_work.SPLIT_PER_CHAR):
        return None
    try:
        option_words = tuple(Word(w) for w in shlex.split(options_str))
    except ValueError:
        parsed = None
    else:
        parsed = scan(list(enumerate(option_words)), "requirements", interspersed=True)
    if splits is not None:
        splits[options_str] = parsed
    return parsed


def _lock_export(state: _State, resolved: str) -> tuple[str, LockExport] | None:
    """The lock exporter's output the file holds (and the exporter's words), when the build
    wrote it so and nothing edited it since. A write in a branch that may not run is read as
    the export: the file is then either that or not there, and pip stops without a file."""
    files = state.ctx.files
    local = _local_path(resolved) if _SCHEME.match(resolved) else resolved
    if not isinstance(files, Files) or local is None:
        return None
    path = posixpath.normpath(local)
    content = files.content(path)
    if not isinstance(content, Unread) or content.export is None:
        return None
    branched = files.branched(path, state.ctx.branch)
    if branched is not None and branched != IN_A_BRANCH:
        return None  # edited in place after the export: read as any unread file
    return content.why, content.export


def _exported(
    state: _State, written: str, resolved: str, constraint: bool, found: tuple[str, LockExport]
) -> None:
    """A lock export holds index pins and option lines that change no verdict, unless its
    doubt says it may hold more: then it is unknown, as any file gate cannot read."""
    why, export = found
    # Not read: gate knows what kinds of lines it holds, not the lines (`gate wheels` says so).
    state.files.append(RequirementFile(written, resolved, False, constraint))
    kind = "constraints" if constraint else "requirements"
    if export.doubt is not None:
        state.unknowns.append(unreadable.unknown(f"{kind} file", f"{why}: {export.doubt}", written))
    elif not constraint:
        state.requirements.append(
            Requirement("name", f"the packages {export.lock} locks", source=resolved)
        )
        # Its project folders are built as any `-e DIR` line is (a git checkout's as VCS code).
        state.requirements.extend(_requirement(f, e, resolved) for f, e in export.folders)


def _line_events(state: _State, parsed: Parsed, source: str) -> None:
    for opt in parsed.options:
        option = FORMAT_OPTIONS.get(opt.name)
        if option is not None and opt.value is not None:
            state.events.append(OptionEvent(source, option, opt.value.value))


def _requirement(text: str, editable: bool, source: str) -> Requirement:
    kind: TargetKind = classify_target(text)
    if editable and kind == "name":
        kind = "local"
    return Requirement(kind=kind, text=text, editable=editable, source=source)


def _nested(state: _State, parsed: Parsed, parent: str, stack: tuple[str, ...], depth: int) -> None:
    requirements = [o.value for o in parsed.options if o.name in _REQUIREMENT and o.value]
    constraints = [o.value for o in parsed.options if o.name in _CONSTRAINT and o.value]
    if requirements:
        target, nested_constraint = requirements[0].value, False
    elif constraints:
        target, nested_constraint = constraints[0].value, True
    else:
        return
    _open_nested(state, target, nested_constraint, parent, stack, depth)


def _open_nested(
    state: _State,
    target: str,
    nested_constraint: bool,
    parent: str,
    stack: tuple[str, ...],
    depth: int,
) -> None:
    if _SCHEME.match(parent) and not parent.lower().startswith("file:"):
        resolved = posixpath.join(posixpath.dirname(parent), target)
    elif _SCHEME.match(target):
        resolved = target
    else:
        base = _local_path(parent) if _SCHEME.match(parent) else parent
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(base or "/"), target))
    if resolved in stack or resolved == parent:
        # pip: "recursively references itself"; the install stops with an error.
        return
    if depth >= _MAX_DEPTH:
        # pip follows any depth: what lies deeper may hold options.
        if not state.too_deep:
            state.too_deep = True
            reason = f"requirements files nested deeper than the {_MAX_DEPTH} gate follows"
            state.unknowns.append(Unknown(reason, target))
        return
    _parse_file(state, target, resolved, nested_constraint, (*stack, parent), depth + 1)


# ---------------------------------------------------------------------------------------------
# `--group [PATH:]NAME` (PEP 735) and `--requirements-from-script FILE` (PEP 723).

_BLOCK_START = re.compile(r"# /// ([a-zA-Z0-9-]+)")


def _script_blocks(text: str) -> list[tuple[str, str]]:
    """(type, content) of each PEP 723 block, as the PEP's regex
    `(?m)^# /// (?P<type>[a-zA-Z0-9-]+)$\\s(?P<content>(^#(| .*)$\\s)+)^# ///$` finds them,
    in one pass over the lines (the regex itself is quadratic in a run of block starts)."""
    lines = text.split("\n")
    found: list[tuple[str, str]] = []
    k = 0
    while k < len(lines):
        start = _BLOCK_START.fullmatch(lines[k])
        if start is None:
            k += 1
            continue
        # The comment lines after it, each ended by a newline; the block closes at the last
        # `# ///` among them that some comment line precedes.
        end = k + 1
        while end < len(lines) and (lines[end] == "#" or lines[end].startswith("# ")):
            end += 1
        close = next((j for j in range(end - 1, k + 1, -1) if lines[j] == "# ///"), None)
        if close is None:
            k = max(k + 1, end)  # a start later in this run finds no close either
            continue
        found.append((start.group(1), "".join(f"{line}\n" for line in lines[k + 1 : close])))
        k = close + 1
    return found


def _group_entries(groups: dict[str, Any], name: str, seen: frozenset[str]) -> list[str]:
    """PEP 735 entries of one group, `{include-group = …}` followed (names normalised); a
    group past the depth gate follows is the entry "" (an unknown requirement)."""
    wanted = re.sub(r"[-_.]+", "-", name).lower()
    for key, entries in groups.items():
        if re.sub(r"[-_.]+", "-", str(key)).lower() != wanted or not isinstance(entries, list):
            continue
        out: list[str] = []
        for entry in entries:
            if isinstance(entry, str):
                out.append(entry)
            elif isinstance(entry, dict) and isinstance(entry.get("include-group"), str):
                included = entry["include-group"]
                if included in seen:
                    continue  # a cycle: pip stops with an error
                if len(seen) >= _MAX_DEPTH:
                    out.append("")
                    continue
                out.extend(_group_entries(groups, included, seen | {included}))
        return out
    return []


def dependency_group(value: str, ctx: FactContext) -> RequirementsResult:
    """What `pip install --group [PATH:]NAME` installs (pip >= 25.1; PATH is a pyproject.toml)."""
    path, sep, name = value.rpartition(":")
    if not sep:
        path = "pyproject.toml"
    resolved = ctx.resolve(path)
    text = ctx.files.get(resolved)
    doc = parse_toml(text, _MAX_BYTES)
    files = (RequirementFile(path, resolved, doc is not None),)
    groups = doc.get("dependency-groups") if doc else None
    if not isinstance(groups, dict):
        return RequirementsResult(files=files)
    entries = _group_entries(groups, name, frozenset({name}))
    too_deep = f"<include-group nested deeper than {_MAX_DEPTH}>"  # _group_entries' ""
    return RequirementsResult(
        files=files,
        requirements=tuple(
            _requirement(e, False, resolved)
            if e
            else Requirement("unknown", too_deep, False, resolved)
            for e in entries
        ),
    )


def script_requirements(path: str, ctx: FactContext) -> RequirementsResult:
    """What `pip install --requirements-from-script FILE` installs: its `# /// script` deps."""
    resolved = ctx.resolve(path)
    text = ctx.files.get(resolved)
    doc: dict[str, Any] | None = None
    if text is not None:
        blocks = [body for kind, body in _script_blocks(text) if kind == "script"]
        if blocks:
            content = "".join(
                line[2:] if line.startswith("# ") else line[1:]
                for line in blocks[0].splitlines(keepends=True)
            )
            doc = parse_toml(content, _MAX_BYTES)
        else:
            doc = {}
    files = (RequirementFile(path, resolved, doc is not None),)
    deps = doc.get("dependencies") if doc else None
    if not isinstance(deps, list):
        return RequirementsResult(files=files)
    entries = [d for d in deps if isinstance(d, str)]
    return RequirementsResult(
        files=files, requirements=tuple(_requirement(e, False, resolved) for e in entries)
    )
