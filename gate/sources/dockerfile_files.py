"""COPY/ADD and ``RUN --mount`` → the file steps of a stage (FileWrite, StageCopy).

Heredoc bodies (expanded unless the delimiter is quoted) and files of the build context are
written with their content; a copy from another stage is a StageCopy, resolved by the build-file
model once that stage's RUNs are walked; anything else is a file of unknown content when the
destination's name is known.
"""

from __future__ import annotations

import posixpath
import re
import stat
from dataclasses import dataclass
from functools import partial
from typing import Protocol

from gate.archive_marks import marked, unpacked
from gate.installer_settings import changes_verdicts
from gate.model import (
    ArchiveOrigin,
    Content,
    Deferred,
    Env,
    FileWrite,
    FilledText,
    InputError,
    Link,
    Location,
    StageCopy,
    Unread,
    kept_url,
)
from gate.sources import go_glob, image_globs
from gate.sources.build_context import GLOB_MAGIC, BuildContext, interesting
from gate.sources.docker_words import LexOptions, expand
from gate.sources.dockerfile_text import Heredoc, HeredocWord, Instr, chomp, heredoc_word
from gate.sources.dockerignore import IgnoreRules, copy_patterns
from gate.sources.image_paths import join as _join

_HEREDOC_RAW = LexOptions(skip_quotes=True)


class Words(Protocol):
    """What the Dockerfile reader lends: word expansion within its budgets, errors at the line."""

    context: BuildContext | None

    def text_word(self, word: str, env: Env) -> str: ...

    def word(self, word: str, env: Env) -> str | None: ...

    def spend(self, text: str | None) -> None: ...

    def error(self, message: str) -> InputError: ...

    def stage_ref(self, ref: str) -> int | None: ...


@dataclass(frozen=True)
class FileSteps:
    steps: tuple[FileWrite | StageCopy, ...]
    deps: frozenset[int]  # the earlier stages the instruction needs


def _mount_options(words: Words, flag: str, view: Env) -> dict[str, str]:
    """`--mount=KEY=VALUE,…` as BuildKit reads it: keys in lower case, values expanded."""
    options: dict[str, str] = {}
    for part in flag[len("--mount=") :].split(","):
        key, eq, value = part.partition("=")
        options[key.strip().lower()] = words.text_word(value.strip(), view) if eq else ""
    return options


def _unknown_options(words: Words, flag: str, view: Env) -> frozenset[str]:
    r"""The keys whose value holds an ARG of no known value (its text keeps `$T`, as a literal
    `\$T` would)."""
    found: set[str] = set()
    for part in flag[len("--mount=") :].split(","):
        key, eq, value = part.partition("=")
        if eq and "$" in value and words.word(value.strip(), view) is None:
            found.add(key.strip().lower())
    return frozenset(found)


def secret_env(words: Words, flag: str, view: Env) -> str | None:
    """`RUN --mount=type=secret,id=x,env=NAME` (Dockerfile 1.10): the RUN sees the secret as
    $NAME, a value no one but the builder knows. BuildKit expands each value with the build's
    variables and reads `type` in any case."""
    if not flag.startswith("--mount="):
        return None
    options = _mount_options(words, flag, view)
    if options.get("type", "").lower() != "secret":
        return None
    return options.get("env") or None


def mount_steps(
    words: Words,
    flag: str,
    view: Env,
    workdir: str,
    location: Location,
    *,
    workdir_known: bool = True,
) -> FileSteps:
    """``RUN --mount=…``: a ``from=`` stage is needed first; bind and secret mounts show files;
    bind, cache and tmpfs mounts hide what lies beneath their target (a `cover` FileWrite).

    The files are recorded as written before the RUN (the real build removes them after it;
    keeping them only matters to a later RUN that reads a file the real build would lack).
    """
    steps: list[FileWrite | StageCopy] = []
    if not flag.startswith("--mount="):
        return FileSteps((), frozenset())
    options = _mount_options(words, flag, view)
    source_stage = words.stage_ref(options["from"]) if options.get("from") else None
    kind = options.get("type", "bind").lower()  # BuildKit reads the type in any case
    target = options.get("target") or options.get("dst") or options.get("destination")
    writes: list[tuple[str, Content]] = []
    if kind == "secret" and not target:
        # BuildKit mounts it at /run/secrets/ID, for the RUN only: covered, so it is gone after.
        target = "/run/secrets/" + (options.get("id") or "")
    unknown = _unknown_options(words, flag, view)
    if target and not target.startswith("/") and not workdir_known:
        unknown |= {"target"}  # relative to a WORKDIR of no known value: it may be anywhere
    if "type" in unknown or (
        unknown & {"target", "dst", "destination"} and kind in ("bind", "cache", "tmpfs", "secret")
    ):
        # An ARG of no known value in the target (text_word keeps `$T`): the mount may lie over
        # any folder (a pip.conf, a requirements file), so for this RUN every file is of
        # unknown content, as beneath a cache mount at /; a later RUN is not touched. So with
        # a type of no known value (`type=$K`): the builder may make it a tmpfs or a cache.
        at = target or "a path gate cannot tell"
        why = f"beneath a {kind} mount at {at[:200]}, of a type or path gate cannot tell"
        steps.append(FileWrite(location, "/", Unread(why[:400], True), cover=True, anywhere=True))
        return FileSteps(tuple(steps), frozenset())
    source = options.get("source") or options.get("src") or "."
    if kind == "bind" and target and unknown & {"source", "src", "from"}:
        # A source (or stage, or image) of no known value: what shows at the target may be any
        # file or folder, so everything beneath it is of unknown content, as in a cache mount.
        why = f"in the bind mount at {target[:200]} of {source[:200]}, which gate cannot tell"
        steps.append(
            FileWrite(location, _join(workdir, target), Unread(why[:400], True), cover=True)
        )
        return FileSteps(tuple(steps), frozenset())
    if target and kind in ("bind", "cache", "tmpfs", "secret"):
        # The mount hides what lies beneath its target for the RUN (a user config there).
        shown: Content = None
        if kind == "cache":
            why = f"in the cache mount at {target}, which holds whatever earlier builds left"
            shown = Unread(why[:400], True)
        steps.append(FileWrite(location, _join(workdir, target), shown, cover=True))
    if kind == "bind" and target and source_stage is not None:
        source = options.get("source") or options.get("src") or "."
        steps.append(
            StageCopy(
                location=location,
                stage=source_stage,
                source=_join("/", source),
                dest=_join(workdir, target),
                into_dir=False,
                mount=True,
            )
        )
    elif kind == "secret":
        secret = options.get("id") or posixpath.basename(target or "")
        path = _join(workdir, target or f"/run/secrets/{secret}")
        # A secret's bytes are never in the Dockerfile or the context: a pip, uv or Poetry
        # config mounted this way (often for index credentials) may set anything, so an
        # install it could change is unknown, not judged as if the file were absent. Whatever
        # its name: `PIP_CONFIG_FILE=/run/secrets/pipconfig`, `-r /run/secrets/reqs` read it.
        why = f"in the secret {secret[:200]!r} mounted at {path[:200]}, not shown to the gate"
        writes.append((path, Unread(why)))
    elif kind == "bind" and target:
        source = options.get("source") or options.get("src") or "."
        target_abs = _join(workdir, target)
        if options.get("from") and source_stage is None:
            writes = image_copy(options["from"], source, target_abs, False)
        elif words.context is None:
            # No context given (`--no-context`, a Dockerfile on stdin): the file or folder the
            # mount shows is the context's, of bytes gate does not have; unlike a COPY's file,
            # which gate places by its name, a folder's files are not even named. Marked as a
            # folder copied from an image is: unknown where an install reads a file beneath it,
            # still the image's own project, a binary there taken by its name.
            why = f"in the bind mount at {target_abs[:200]} of the build context's {source[:200]}"
            why += ", which the gate was not given"
            writes = [(target_abs, Unread(why[:400], tree=True, image=True))]
        else:
            # Read now: an unreadable file a directory mount brings is not recorded at all.
            writes = _from_context(words, "RUN", source, target_abs, False, lazy=False)
    for path, content in writes:
        if content is None and not interesting(posixpath.basename(path)):
            continue  # a directory mount of unknown content names no file worth recording
        steps.append(FileWrite(location=location, path=path, content=content))
    return FileSteps(tuple(steps), frozenset({source_stage} if source_stage is not None else ()))


def copy_steps(
    words: Words, instr: Instr, view: Env, workdir: str, location: Location
) -> FileSteps:
    """COPY/ADD: heredoc bodies, context files, files of unknown content, copies from a stage."""
    keyword = instr.keyword
    steps: list[FileWrite | StageCopy] = []
    if len(instr.value) < 2:
        raise words.error(f"{keyword} requires at least two arguments")
    source_stage: int | None = None
    from_image = False
    image = ""  # the image a `--from` names that is no stage of this Dockerfile
    # BuildKit unpacks a local tar archive ADD names unless `--unpack=false`, an address's
    # only with `--unpack=true` (Dockerfile reference, ADD --unpack).
    unpack: bool | None = None
    # BuildKit matches `--exclude` as written (no expansion) below each copied source; COPY
    # `--parents` keeps each file's path below the source's `/./` pivot, or the context root.
    exclude: list[str] = []
    parents = False
    for flag in instr.flags:
        if flag.startswith("--exclude="):
            exclude.append(flag[len("--exclude=") :])
        elif keyword == "COPY" and (flag == "--parents" or flag.startswith("--parents=")):
            parents = flag[len("--parents=") :].lower() in ("", "true")
        elif flag.startswith("--from="):
            ref = words.text_word(flag[len("--from=") :], view)
            source_stage = words.stage_ref(ref)
            from_image = source_stage is None
            image = ref if from_image else ""
        elif keyword == "ADD" and (flag == "--unpack" or flag.startswith("--unpack=")):
            value = words.text_word(flag[len("--unpack=") :], view) if "=" in flag else "true"
            unpack = value.lower() in ("true", "1", "t")
    *sources, dest_word = instr.value
    dest = words.text_word(dest_word, view)
    heredocs = list(instr.heredocs) if not instr.json else []
    paths: list[str] = []
    docs: list[tuple[Heredoc, HeredocWord]] = []
    for source in sources:
        word = heredoc_word(source) if heredocs and not instr.json else None
        if word is not None and len(docs) < len(heredocs):
            docs.append((heredocs[len(docs)], word))
        else:
            paths.append(words.text_word(source, view))
    into_dir = (
        dest.endswith(("/", "\\"))
        or dest in (".", "")
        or len(sources) > 1
        # An address is not a pattern: `ADD https://host/f?v=1 /tmp/x` saves the file /tmp/x.
        or any(GLOB_MAGIC.search(p) and not _is_remote(p) for p in paths)
    )
    dest_abs = _join(workdir, dest or ".")
    excluded = copy_patterns(tuple(exclude), "COPY --exclude") if exclude else None

    def target(name: str) -> str:
        return _join(dest_abs, name) if into_dir else dest_abs

    writes: list[tuple[str, Content]] = []
    for doc, word in docs:
        content = chomp(doc.content) if word.chomp else doc.content
        if word.expand:
            # An unknown ARG stays as written (``$INDEX``): the rest of the file is still read.
            result = expand(content, view, _HEREDOC_RAW)
            if result.error is not None:
                raise words.error(f"{result.error} (in the heredoc {doc.name})")
            content = result.value
            if not result.known and (
                _lists_requirements(target(doc.name))
                or _key_of_unknown_value(target(doc.name), content)
            ):
                # BuildKit writes the ARG's value, which only the builder knows: in a
                # requirements file or a manifest it may be options or a direct reference
                # (`flask $EXTRA`). A config's value stays within its key (`index-url =
                # $MIRROR`), and a script's shell expands the name again from its environment.
                words.spend(content)
                why = f"written by a heredoc that holds a variable of unknown value ({doc.name})"
                writes.append((target(doc.name), Unread(why[:400])))
                continue
            if not result.known:
                # Any other name: kept as text, of unknown content to a requirements reader
                # (`pip install -r /tmp/deps`) as the name above would be.
                why = f"written by a heredoc that holds a variable of unknown value ({doc.name})"
                content = FilledText(content, why[:400])
        words.spend(content)
        writes.append((target(doc.name), content))
    for source in paths:
        pivot = _pivot(source) if parents and not GLOB_MAGIC.search(_pivot(source)[0]) else None
        if from_image and keyword == "COPY":
            # The image's files, never the context's (`--parents` too).
            kept = _pivot(source)[1] if parents else None
            writes.extend(image_copy(image, source, dest_abs, into_dir, kept))
        elif source_stage is not None:
            root = _join("/", pivot[0]) if pivot is not None else None
            steps.append(
                StageCopy(
                    location, source_stage, _join("/", source.replace("/./", "/", 1)),
                    dest_abs, into_dir or root is not None, parents=root, exclude=tuple(exclude),
                )
            )  # fmt: skip
        elif pivot is not None and words.context is not None:
            writes.extend(_parents_from_context(words, pivot, dest_abs, excluded))
        elif pivot is not None:
            # Without the context: the file the kept path names, of unknown content.
            name = pivot[1]
            if (
                name
                and not GLOB_MAGIC.search(name)
                and interesting(posixpath.basename(name))
                and (excluded is None or not excluded.ignored(name))
            ):
                writes.append((_join(dest_abs, name), None))
        elif keyword == "ADD" and _unpacks(source, unpack, from_image):
            remote = _is_remote(source)
            origin: ArchiveOrigin = "url" if remote else "context"
            writes.append((dest_abs, add_mark(source, origin, kept_url(source) if remote else "")))
        elif from_image:
            writes.extend(image_copy(image, source, dest_abs, into_dir))
        elif _is_remote(source) or words.context is None:
            writes.extend(_unknown_copy(source, dest_abs, into_dir))
        else:
            writes.extend(_from_context(words, keyword, source, dest_abs, into_dir, excluded))
    # A file copied onto a destination that names a folder is put under its own name there.
    one = paths[0] if paths else docs[0][0].name if docs else ""
    name = "" if into_dir else posixpath.basename(one.rstrip("/"))
    steps.extend(
        FileWrite(location, path, written, dest=dest_abs, name=name) for path, written in writes
    )
    return FileSteps(tuple(steps), frozenset({source_stage} if source_stage is not None else ()))


# Files that list requirements by their name: requirements and constraints files, manifests, locks.
_REQUIREMENT_NAMES = frozenset({"pyproject.toml", "setup.py", "setup.cfg", "pipfile"})


def _lists_requirements(path: str) -> bool:
    name = posixpath.basename(path).lower()
    return (
        name in _REQUIREMENT_NAMES
        or name.endswith((".txt", ".in", ".lock"))
        or (name.startswith("pylock") and name.endswith(".toml"))
    )


# Config files by their name (pip.conf, pip.ini, uv.toml, poetry.toml, setup.cfg is a manifest).
_CONFIG_ENDS = (".conf", ".ini", ".toml", ".cfg")


def _key_of_unknown_value(path: str, text: str) -> bool:
    """A config whose expanded text keeps a variable of no known value (`$K`) where a key or a
    section name stands, or in the value of a setting that may change a verdict: the builder's
    value may name any setting (`$K = :all:` may be no-binary) or turn sources on for every
    package (`no-binary = $V`). Other values stay within their key (`index-url = $MIRROR`)."""
    if not posixpath.basename(path).lower().endswith(_CONFIG_ENDS):
        return False
    if _tool(path) in ("PIP", "UV"):
        # Kept as text (FilledText): pip's and uv's readers weigh where the variable stands
        # when they read the file (gate/facts/filled_toml.py, pip_config), which a value that
        # cannot change that install's verdict does not make unknown.
        return False
    for line in text.splitlines():
        if "$" not in line:
            continue
        key, _, value = line.partition("=") if "=" in line else line.partition(":")
        if "$" in key:
            return True
        name = re.sub(r"[^A-Z0-9]", "_", key.strip().strip('"').upper())
        if "$" in value and changes_verdicts(f"{_tool(path)}_{name}"):
            return True
    return False


def _tool(path: str) -> str:
    """Whose config a file is, by its name (another name is one PIP_CONFIG_FILE may name)."""
    name = posixpath.basename(path).lower()
    for prefix, tool in (("uv", "UV"), ("poetry", "POETRY"), ("config.toml", "POETRY")):
        if name.startswith(prefix):
            return tool
    return "PDM" if name.startswith("pdm") else "PIP"


def _pivot(source: str) -> tuple[str, str]:
    """(the folder, the path kept below it) of a `COPY --parents` source, both context-relative:
    BuildKit cuts at the first `/./`, else keeps the path below the root."""
    folder, cut, kept = source.partition("/./")
    if not cut:
        folder, kept = "", source
    return _clean(folder), _clean(kept)


def _clean(path: str) -> str:
    return posixpath.normpath("/" + path.replace("\\", "/")).lstrip("/")


def _parents_from_context(
    words: Words, pivot: tuple[str, str], dest_abs: str, excluded: IgnoreRules | None
) -> list[tuple[str, Content]]:
    """`COPY --parents`: the files below the pivot folder that the kept path matches (as an
    include pattern: a matched folder brings all beneath it), each at its path below the pivot
    in the destination."""
    context = words.context
    assert context is not None
    folder, kept = pivot
    included = copy_patterns((kept,), "COPY --parents") if kept else None
    walked = _clean(f"{folder}/{go_glob.split_wildcards(kept)[0]}") or "."
    root = context.root.rstrip("/") + "/"
    out: list[tuple[str, Content]] = []
    for _, full, _ in context.sources(walked):
        if not full.startswith(root):
            continue
        below = full[len(root) :]
        if folder:
            if not below.startswith(folder + "/"):
                continue
            below = below[len(folder) + 1 :]
        if (included is not None and not included.ignored(below)) or (
            excluded is not None and excluded.ignored(below)
        ):
            continue
        path = _join(dest_abs, below)
        link = context.links.get(full)
        if link is not None:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(path), link))
            out.append((path, Link(target, relative=not link.startswith("/"))))
            continue
        if not interesting(posixpath.basename(below)):
            out.append((path, context.deferred(full)))  # read if a RUN reads it
            continue
        content = context.read(full)
        if content is None and full in context.unread:
            context.unread_copies.append((path, below, context.unread[full]))
        out.append((path, content))
    return out


def _from_context(
    words: Words,
    keyword: str,
    source: str,
    dest_abs: str,
    into_dir: bool,
    excluded: IgnoreRules | None = None,
    *,
    lazy: bool = True,
) -> list[tuple[str, Content]]:
    """What a copy of `source` from the context writes. Requirements, configs and scripts by
    name are read now (one unreadable is said at its COPY); other files when first read. A file
    the source names is copied whatever `excluded` says: BuildKit matches it against the paths
    below each source it copies."""
    context = words.context
    assert context is not None
    out: list[tuple[str, Content]] = []
    # A `COPY . .` brings in every file of the context: the join below is _join's result for a
    # POSIX destination and a path found by walking (names only, no `.`, `..` or empty parts).
    below = dest_abs if dest_abs.endswith("/") else dest_abs + "/"
    posix_dest = dest_abs.startswith("/") and posixpath.normpath(dest_abs) == dest_abs
    # Looked up once: a `COPY . .` passes every file of the context through this loop.
    links, append = context.links, out.append
    # context.deferred's Deferred, made here without a call and a bound method per file.
    read = context.read_held
    for rel, full, direct in context.sources(source):
        if excluded is not None and not direct and excluded.ignored(rel):
            continue
        if direct:
            # A file the COPY names is read whatever its name: the destination may rename it.
            path = _join(dest_abs, posixpath.basename(rel)) if into_dir else dest_abs
        elif posix_dest and rel[1:2] != ":":
            path = below + rel
        else:
            path = _join(dest_abs, rel)
        link = links.get(full) if links and not direct else None
        if link is not None:
            # Copied as a link: what it reads is its target in the image, looked up when read.
            target = posixpath.normpath(posixpath.join(posixpath.dirname(path), link))
            append((path, Link(target, relative=not link.startswith("/"))))
            continue
        name = path.rpartition("/")[2]
        if (
            lazy
            and not interesting(name)
            and (name == rel.rpartition("/")[2] or not interesting(posixpath.basename(rel)))
        ):
            # Read if a RUN reads it (`bash scripts/deps`, `-r base.pip`); most are never read.
            append((path, Deferred(full, partial(read, full))))
            continue
        content = context.read(full)
        if content is None and full in context.unread:
            context.unread_copies.append((path, rel, context.unread[full]))
        mode = context.modes.get(full, 0o644)
        if not mode & stat.S_IROTH and name in CLOSED_CONFIG_NAMES:
            # A config only its owner (root, in the image) and group may read: COPY keeps the
            # mode, and a RUN of another user cannot open it (pip then skips it).
            context.closed_copies.append((path, mode))
        append((path, content))
    if not out:
        out.extend(_unknown_copy(source, dest_abs, into_dir))
    return out


# Configs an installer reads from a fixed place, whose context mode is looked at.
CLOSED_CONFIG_NAMES = frozenset({"pip.conf", "pip.ini", "uv.toml", "poetry.toml", "config.toml"})


def _is_remote(source: str) -> bool:
    lower = source.lower()
    return lower.startswith(("http://", "https://", "git@", "git://", "ssh://")) or lower.endswith(
        ".git"
    )


def _is_git(source: str) -> bool:
    """A source `ADD` clones, as BuildKit tells one: a git@/git:// address, or a URL whose path
    ends in `.git` (a `#ref:subdir` fragment and a query aside)."""
    lower = source.lower()
    if lower.startswith(("git@", "git://")):
        return True
    path = lower.split("#", 1)[0].split("?", 1)[0].rstrip("/")
    return lower.startswith(("http://", "https://", "ssh://")) and path.endswith(".git")


def _is_archive(source: str) -> bool:
    path = source.lower().split("?", 1)[0].split("#", 1)[0]
    return path.endswith(
        (".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz", ".tar.zst")
    )


def _unpacks(source: str, unpack: bool | None, from_image: bool) -> bool:
    """ADD unpacks `source` into its destination: a local tar archive unless `--unpack=false`,
    an address (not a git repository) with `--unpack=true`. BuildKit tells a tar archive by its
    bytes; the gate goes by its name."""
    if from_image or _is_git(source):
        return False
    if source.lower().startswith(("http://", "https://")):
        return bool(unpack)
    return unpack is not False and not _is_remote(source) and _is_archive(source)


def add_mark(source: str, origin: ArchiveOrigin, url: str) -> Unread:
    """The folder ADD unpacks an archive into: its files are the archive's, none of them known."""
    return marked(None, unpacked(source, origin, url))


def image_copy(
    image: str, source: str, dest: str, into_dir: bool, kept: str | None = None
) -> list[tuple[str, Content]]:
    """`COPY --from=IMAGE SRC DEST` of an image that is no stage here (`RUN --mount=…,from=IMAGE`
    too): its bytes are in no Dockerfile or context, and no `--context` brings them, so what
    lands at DEST (a file, or a folder and all beneath it) is of unknown content. A binary
    copied so (`/uv`) is read by nothing that matters; a requirements file, a config or a
    script read from there is `unknown` where what it holds could change the verdict."""
    named = image[:200] or "named by an empty --from"
    why = f"copied from the image {named}, which the gate does not see"
    mark = Unread(why, tree=True, image=True)
    if kept is not None:
        return image_globs.parents_marks(kept, dest, mark)  # `--parents`: the path kept
    if not into_dir:
        return [(dest, mark)]
    # Into a folder: a file lands as DEST/NAME, a folder's entries in DEST itself (BuildKit
    # copies a folder's contents, never the folder). Gate cannot tell which `/app` is, so
    # DEST is marked whole and DEST/NAME named (a config pip searches for is not assumed
    # beneath an image's folder, one the copy may name is: `COPY --from=IMAGE /pip.conf /etc/`).
    path = source.replace("\\", "/")
    if path.endswith(("/", "/.")) or path in ("", "."):
        return [(dest, mark)]
    if GLOB_MAGIC.search(path):
        return image_globs.pattern_marks(path, dest, mark)  # any match lands in DEST
    name = posixpath.basename(path)
    return [(dest, mark), (_join(dest, name), mark)] if name else [(dest, mark)]


def _unknown_copy(source: str, dest_abs: str, into_dir: bool) -> list[tuple[str, Content]]:
    """Without the sources: the destination file, when its name is known, of unknown content.
    `ADD <url>`: fetched at build time, its bytes no build state holds (Unread)."""
    if _is_git(source):
        # `ADD <git repository> DIR`: the repository's files land in DIR, none of them known.
        return [(dest_abs, Unread(f"in the git repository {source[:200]} that ADD fetches", True))]
    remote = source.lower().startswith(("http://", "https://", "ftp://"))
    content: Content = (
        Unread(f"fetched from {source[:200]} by ADD", url=kept_url(source)) if remote else None
    )
    if not into_dir:
        return [(dest_abs, content)]
    if remote:
        # `ADD https://host/dir/requirements.txt /tmp/`: saved under the URL path's last name.
        name = source.split("?", 1)[0].split("#", 1)[0].rstrip("/").rsplit("/", 1)[-1]
        url_path = "/" in source.split("://", 1)[1]
        # One file, whatever its name: a script saved there may be renamed and run.
        return [(_join(dest_abs, name), content)] if url_path and name else []
    name = posixpath.basename(source.replace("\\", "/").rstrip("/"))
    if name and not GLOB_MAGIC.search(name) and not _is_remote(source) and interesting(name):
        return [(_join(dest_abs, name), content)]
    return []
