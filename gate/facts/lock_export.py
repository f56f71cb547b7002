"""What a lock exporter writes into a requirements file, as far as it can change a verdict.

`poetry export` (poetry-plugin-export, exporter.py) writes one line per locked package: `name==V`
for an index package, `name @ URL` for a VCS or URL one, `name @ file:///…` or `-e file:///…`
for a path one, then `--hash` options; above them `--index-url`, `--extra-index-url` and
`--trusted-host` for the sources. uv export (0.13.8, run here) writes the same kinds of lines
(`-e .` and `./member` for the project and workspace folders, a virtual project not at all) and,
with `--emit-index-url`/`--emit-find-links`, index and find-links lines. Neither ever writes
`--no-binary`/`--only-binary`: with `[tool.uv] no-binary`, UV_NO_BINARY or UV_ONLY_BINARY set,
`uv export` wrote none. Index addresses and local project folders change no verdict (a folder is
the image's own project, SPEC), so the file can only matter through a VCS, URL or archive
reference, which pip and uv build under only-binary. Those come from the lock: when gate reads
the lock the exporter reads and it has none, the file is a list of index pins; otherwise (lock
unreadable, edited, holding such a reference, another output format, uv locking again first)
the file stays unknown, with the reason.
"""

from __future__ import annotations

import fnmatch
import posixpath
from dataclasses import replace
from typing import Any

from gate.build_files import Files
from gate.facts import manifest_refs
from gate.facts.context import FactContext, ToolCall
from gate.facts.programs import program_name
from gate.facts.scripts import on_path
from gate.facts.target_kind import classify_target
from gate.facts.toml_text import parse_toml
from gate.model import Command, Content, Link, LockExport, Unread, Word
from gate.sources.build_context import file_cap

_POETRY_FORMATS = frozenset({"requirements.txt", "constraints.txt"})
_UV_FORMATS = frozenset({"requirements.txt", "requirements-txt"})
_PDM_FORMATS = frozenset({"requirements"})
_BUILT = frozenset({"vcs", "url", "archive"})
# The programs whose output is modelled here, by the names they run under.
EXPORTERS = frozenset({"poetry", "uv", "uvx", "pdm"})


def written(call: ToolCall, ctx: FactContext, export: LockExport) -> Unread:
    """The exporter's output as the build's files hold it: bytes gate does not have, with what
    they can hold (unless the program is not the exporter at all)."""
    doubt = export.doubt or _unread_words(call) or impostor(call, ctx)
    return Unread(f"written by `{call.command.text[:200]}`", export=replace(export, doubt=doubt))


# Lock files an export reads, and programs that rewrite files gate does not follow: a patch
# (`patch`, `git apply`) or another revision (`git checkout`, `git pull`) may change a lock.
LOCKS = frozenset({"poetry.lock", "uv.lock", "pdm.lock"})
_GIT_REWRITES = frozenset(
    {"apply", "am", "checkout", "restore", "reset", "pull", "merge", "stash", "cherry-pick",
     "rebase", "switch", "revert"}
)  # fmt: skip

# The programs rewrites_locks can say rewrite locks (by program_name: the walker asks only them).
LOCK_REWRITERS = frozenset({"patch", "git"})


def rewrites_locks(command: Command) -> bool:
    """Whether the command may rewrite lock files in place without gate seeing how."""
    argv = command.argv
    if not argv or not argv[0].known:
        return False
    program = program_name(argv[0].value)
    if program not in LOCK_REWRITERS:
        return False
    if program == "patch":
        return True
    # The subcommand: the first word that is no global option (a -C/-c value is skipped).
    k = 1
    while k < len(argv) and argv[k].known and argv[k].value.startswith("-"):
        k += 2 if argv[k].value in ("-C", "-c") else 1
    return k < len(argv) and (not argv[k].known or argv[k].value in _GIT_REWRITES)


def _unread_words(call: ToolCall) -> str | None:
    """Why the exporter's options are not all known (`$FLAGS` may hold `-f pylock.toml` or
    another project), or None."""
    unread = next((w for w in call.args if not w.known), None)
    if unread is not None:
        return f"its option {unread.value[:100]} has no known value"
    if call.command.stdin_args:
        return "xargs hands it more options from its input"
    if call.command.env_open:
        return "an earlier `export $(cat …)` may have set its settings (UV_PROJECT, PDM_LOCKFILE)"
    return None


def impostor(call: ToolCall, ctx: FactContext) -> str | None:
    """Why the program run may not be the exporter, or None: the build put a file where the
    name leads (`printf … > /usr/local/bin/poetry`, a download, a link to another program),
    whose output the model does not describe. A file of bytes gate cannot read is taken for
    the tool (`COPY --from=ghcr.io/astral-sh/uv /uv /bin/`), as a link to one of its name is
    (`ln -s /root/.local/bin/poetry /usr/local/bin/`)."""
    files = ctx.files
    argv = call.command.argv
    if not argv or not argv[0].known or not isinstance(files, Files):
        return None
    word = argv[0].value
    if program_name(word) != call.tool:
        return None  # `python -m poetry`: the module Python finds
    env = call.command.env
    if "/" in word:
        paths: list[str] = [ctx.resolve(word)]
    elif "PATH" in env and env["PATH"] is None:
        # $PATH unknown: any folder may be on it (one pass over the names, for an export only)
        paths = [p for p in files if p.endswith("/" + word)]
    else:
        found = on_path(word, call.command, files)
        paths = [found] if found is not None else []
    for path in paths:
        content = files.content(path) if path in files else None
        if content is None or (isinstance(content, Unread) and content.image):
            continue  # a file gate never read (an image's `/uv`): taken as its name says
        if isinstance(content, Link) and posixpath.basename(content.target) == call.tool:
            continue
        return f"`{word}` may run the file the build put at {path}, not {call.tool}"
    return None


def _format_doubt(fmt: Word | None, allowed: frozenset[str], default_ok: bool) -> str | None:
    if fmt is None:
        return None if default_ok else "it may write a pylock.toml file (named so)"
    if not fmt.known:
        return f"its format {fmt.value} has no known value"
    if fmt.value not in allowed:
        return f"it writes the {fmt.value} format"
    return None


def _lock_doubt(ctx: FactContext, lock: str) -> str | None:
    """Why the lock gate holds may not be what the exporter reads, or None."""
    text = ctx.files.get(lock)
    if text is None:
        return f"gate cannot read {lock}, so it may write VCS, URL or archive references"
    files = ctx.files
    why = files.branched(lock, ctx.branch) if isinstance(files, Files) else None
    if why is not None:
        return f"{lock} {why}"
    # A git checkout or an archive unpacked over the folder may have replaced the lock gate
    # holds (gate does not follow which file an unpacking overwrites, nor when it ran).
    found = files.tree_above(lock) if isinstance(files, Files) else None
    if found is not None:
        return f"{lock} may have been replaced where the build filled {found[0]} ({found[1].why})"
    if parse_toml(text, file_cap(lock)) is None:
        return f"gate cannot parse {lock}"
    return None


def _refs_doubt(refs: manifest_refs.ManifestRefs, lock: str) -> str | None:
    if refs.unknowns:
        return refs.unknowns[0].reason
    if refs.requirements:
        return (
            f"{lock} locks {refs.requirements[0].text}, a reference built from source that it "
            "may write"
        )
    return None


def poetry(ctx: FactContext, root: str | None, fmt: Word | None, start_known: bool) -> LockExport:
    """`poetry export` of the project at `root` (None: gate sees no pyproject.toml)."""
    if root is None or not start_known:
        return LockExport("poetry.lock", "gate cannot tell which project's poetry.lock it reads")
    lock = posixpath.join(root, "poetry.lock")
    doubt = _format_doubt(fmt, _POETRY_FORMATS, True) or _lock_doubt(ctx, lock)
    if doubt is None:
        # Without poetry.lock the plugin locks first (older) or stops: gate read it, so neither.
        refs = manifest_refs.poetry(
            ctx, root, only_root=False, with_extras=True, groups=frozenset()
        )
        doubt = _refs_doubt(refs, lock)
    return LockExport(lock, doubt, _poetry_folders(ctx, root, lock) if doubt is None else ())


def _poetry_folders(ctx: FactContext, root: str, lock: str) -> tuple[tuple[str, bool], ...]:
    """The path packages' folders, which the plugin writes absolute (`-e file:///…` for
    `develop = true`, `name @ file:///…` else), from the lock's url relative to the project."""
    doc = parse_toml(ctx.files.get(lock) or "", file_cap(lock)) or {}
    out: list[tuple[str, bool]] = []
    for package in _packages(doc):
        source = _table(package, "source")
        url = source.get("url")
        if source.get("type") == "directory" and isinstance(url, str):
            folder = posixpath.normpath(posixpath.join(root, url))
            out.append((folder, package.get("develop") is True))
    return tuple(out)


def _packages(doc: dict[str, Any]) -> list[dict[str, Any]]:
    packages = doc.get("package")
    return [p for p in packages if isinstance(p, dict)] if isinstance(packages, list) else []


def pdm(
    ctx: FactContext,
    root: str | None,
    fmt: Word | None,
    *,
    from_pyproject: bool,
    own_lock: bool,
) -> LockExport:
    """`pdm export` of the project at `root` (pdm/cli/commands/export.py and
    formats/requirements.py: the locked candidates' lines, `--hash`, and `--index-url`,
    `--extra-index-url`, `--trusted-host` for the sources; no lock, no export)."""
    if root is None:
        return LockExport("pdm.lock", "gate cannot tell which project's pdm.lock it reads")
    if from_pyproject:
        return LockExport("pdm.lock", "it writes the pyproject's requirements as declared")
    if own_lock:
        return LockExport("pdm.lock", "it reads a lock file named by -L or PDM_LOCKFILE")
    lock = posixpath.join(root, "pdm.lock")
    doubt = _format_doubt(fmt, _PDM_FORMATS, True) or _lock_doubt(ctx, lock)
    if doubt is None:
        refs = manifest_refs.pdm(ctx, root, dev=True, groups=frozenset({":all:"}))
        doubt = _refs_doubt(refs, lock)
    return LockExport(lock, doubt)


def uv(
    ctx: FactContext,
    root: str | None,
    fmt: Word | None,
    output: Word | None,
    *,
    frozen: bool,
    script: bool,
) -> LockExport:
    """`uv export` of the project at `root`. Without `--frozen`/`--locked` uv locks again when
    the lock is stale: the new lock then follows the pyproject, whose direct references are
    the only ones it can gain (uv refuses a transitive URL dependency)."""
    if script:
        return LockExport("uv.lock", "it exports a script's lock, which gate does not read")
    if root is None:
        return LockExport("uv.lock", "gate cannot tell which project's uv.lock it reads")
    root, unsure = uv_workspace(ctx, root)
    lock = posixpath.join(root, "uv.lock")
    if unsure is not None:
        return LockExport(lock, unsure)
    pylock = output is not None and (not output.known or output.value.endswith(".toml"))
    doubt = _format_doubt(fmt, _UV_FORMATS, not pylock) or _lock_doubt(ctx, lock)
    if doubt is None:
        doubt = _refs_doubt(manifest_refs.uv_project(ctx, root, extras=frozenset()), lock)
    if doubt is None and not frozen:
        doubt = relock_doubt(ctx, root)
    return LockExport(lock, doubt, _uv_folders(ctx, lock) if doubt is None else ())


def _uv_folders(ctx: FactContext, lock: str) -> tuple[tuple[str, bool], ...]:
    """The editable and directory packages' folders as uv export writes them: relative to the
    workspace root (`-e .`, `-e ./packages/a`, `../lib`) wherever uv or the file runs
    (measured with uv 0.13.8, `--project` and `-o` elsewhere). A virtual project writes none.
    The `--no-emit-*` options may leave some out: judging them all can only warn more."""
    doc = parse_toml(ctx.files.get(lock) or "", file_cap(lock)) or {}
    out: list[tuple[str, bool]] = []
    for package in _packages(doc):
        source = _table(package, "source")
        for key, editable in (("editable", True), ("directory", False)):
            path = source.get(key)
            if isinstance(path, str):
                path = posixpath.normpath(path)
                written = path if path == "." or path.startswith(("/", "..")) else "./" + path
                out.append((written, editable))
    return tuple(out)


def uv_workspace(ctx: FactContext, root: str) -> tuple[str, str | None]:
    """The folder whose uv.lock uv reads for the project at `root`, and why gate cannot tell
    (or None). uv (workspace.rs, find_workspace) walks up from the project to the first
    pyproject.toml above it: with `[tool.uv.workspace]` whose members take the project in,
    that is the workspace root, whose uv.lock it reads (`cd packages/a && uv export` ignores a
    uv.lock there); otherwise, even without `[project]`, the project is its own root (both
    measured with uv 0.13.8)."""
    directory = root
    for _ in range(64):
        parent = posixpath.dirname(directory)
        if parent == directory:
            return root, None
        directory = parent
        path = posixpath.join(directory, "pyproject.toml")
        if path not in ctx.files:
            continue
        text = ctx.files.get(path)
        files = ctx.files
        why = files.branched(path, ctx.branch) if isinstance(files, Files) else None
        doc = parse_toml(text, file_cap(path)) if text is not None and why is None else None
        if doc is None:
            return root, f"gate cannot read {path}, which may make it a workspace member"
        tool_uv = _table(_table(doc, "tool"), "uv")
        if "workspace" in tool_uv:
            member = _member(posixpath.relpath(root, directory), _table(tool_uv, "workspace"))
            if member is None:
                return root, f"gate cannot tell whether {path}'s workspace takes it in"
            return (directory, None) if member else (root, None)
        return root, None
    return root, "its folder is too deep for gate to find a workspace above it"


def _member(relative: str, workspace: dict[str, Any]) -> bool | None:
    """Whether a folder `relative` to a workspace root is a member (None: gate cannot tell:
    a `**` or a pattern that is not a plain list). uv's globs match one path part per part."""
    members, exclude = workspace.get("members", []), workspace.get("exclude", [])
    if not isinstance(members, list) or not isinstance(exclude, list):
        return None
    patterns = [*members, *exclude]
    if not all(isinstance(g, str) and "**" not in g for g in patterns):
        return None

    def matches(glob: str) -> bool:
        parts = posixpath.normpath(glob).split("/")
        mine = relative.split("/")
        return len(parts) == len(mine) and all(map(fnmatch.fnmatchcase, mine, parts))

    return any(map(matches, members)) and not any(map(matches, exclude))


def relock_doubt(ctx: FactContext, root: str) -> str | None:
    """Why uv locking the project at `root` again may lock a VCS, URL or archive package, or
    None: its pyproject declares none in any dependency list, and no sources or workspace
    members (whose own lists gate would have to follow)."""
    path = posixpath.join(root, "pyproject.toml")
    again = "without --frozen or --locked uv may lock again from"
    text = ctx.files.get(path)
    files = ctx.files
    why = files.branched(path, ctx.branch) if isinstance(files, Files) else None
    doc = parse_toml(text, file_cap(path)) if text is not None and why is None else None
    if doc is None:
        return f"{again} {path}, which gate cannot read"
    project = doc.get("project")
    tool_uv = _table(_table(doc, "tool"), "uv")
    if not isinstance(project, dict) or "dependencies" in _strings(project.get("dynamic")):
        return f"{again} {path}, whose dependencies are not static"
    if _table(tool_uv, "sources") or _table(tool_uv, "workspace"):
        return f"{again} {path}, whose [tool.uv] sources or workspace gate does not follow"
    entries = _strings(project.get("dependencies"))
    for table in (_table(project, "optional-dependencies"), _table(doc, "dependency-groups")):
        for value in table.values():
            entries.extend(_strings(value))
    for key in ("dev-dependencies", "constraint-dependencies", "override-dependencies"):
        entries.extend(_strings(tool_uv.get(key)))
    for entry in entries:
        if classify_target(entry.split(";", 1)[0].strip()) in _BUILT:
            return f"{again} {path}, which declares {entry[:200]}"
    return None


def _table(doc: object, key: str) -> dict[str, Any]:
    value = doc.get(key) if isinstance(doc, dict) else None
    return value if isinstance(value, dict) else {}


def _strings(value: object) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


Held = tuple[bool, Content]  # whether a path is in the build's files, and what it holds


def held(files: Files, path: str) -> Held:
    return (True, files.content(path)) if path in files else (False, None)


# Why a write in a branch may not land.
IN_BRANCH = "the export ran in a branch that may not run"


def over(prior: Held, new: Unread, maybe: str | None) -> Unread:
    """What to write for `new` where `prior` was, when the write may not land there (`maybe`
    says why; None: it does): an export over an export may be either, so it keeps either's
    doubt; over any other file it may be that file, which the export's model does not
    describe."""
    exists, before = prior
    if maybe is None or new.export is None or not exists:
        return new
    if isinstance(before, Unread) and before.export is not None:
        doubt = new.export.doubt or before.export.doubt
    else:
        doubt = f"it may hold what the file held before, as {maybe}"
    return replace(new, export=replace(new.export, doubt=doubt))
