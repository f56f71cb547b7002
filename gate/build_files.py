"""The files a build writes or copies, per stage, flowing forward with the build.

One model for the whole build: COPY/ADD and heredoc bodies (FileWrite steps), what a RUN's commands
leave behind (the fact layer reports those as it walks them), and files taken from another stage.
A stage starts with the files of the stage it is built ``FROM`` as that stage ended; ``COPY
--from=<stage>`` and ``RUN --mount=…,from=<stage>`` take files from that stage as it ended, so a
config a RUN wrote in a builder stage reaches the stage that copies it, as in the real build.

Content ``None``: the file exists but the gate cannot read its bytes; ``Unread``: the same, with
why (downloaded, fetched by ADD), for an install that reads it to say. A ``Deferred`` content (a
context file) is read the first time something asks for it.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Iterator, Mapping, MutableMapping
from dataclasses import replace
from typing import NamedTuple, TypeGuard, TypeVar

from gate.model import (
    CHOICE_SPAN,
    REPEATS,
    Content,
    Deferred,
    FileWrite,
    Link,
    Stage,
    StageCopy,
    Unread,
    alternatives_of,
    repeats,
)
from gate.sources import go_glob
from gate.sources.build_context import GLOB_MAGIC, interesting
from gate.sources.dockerignore import copy_patterns
from gate.sources.image_paths import join as _join

Raw = dict[str, Content]
_T = TypeVar("_T")
Branch = tuple[tuple[int, int], ...]  # Command.branch
IN_A_BRANCH = "was written in a branch of a script"
# What `branched` says of a file variants of one command (values a variable may hold) wrote
# differently: a reader in their branch too may find either text.
BY_VARIANTS = "was written differently for each value a variable of the command may hold"
# What `branched` says of a file a program gate does not run changed in place.
EDITED_IN_PLACE = "may have been changed in place by"


def unreadable_how(flag: str) -> str:
    """How a file copied with a restricting `--chmod` may differ (said as an edit in place): a
    RUN of a user other than its owner cannot read it, and pip then skips the config; gate
    does not follow which user reads it."""
    return f"COPY {flag[:100]}"
MAX_LINKS = 8  # links followed to a file, as a kernel's limit would stop a loop
_MAX_OWNED_DEPTH = 64  # folders above a file that the `attributed` index counts it in
# Entries `carry` looks at to copy the build's own files along, per build: per stage, 16 stages
# `FROM` the one before, each moving a 4,500-file context back and forth 32 times (1.8 KB), took
# 13 s.
_MAX_CARRIED = 1 << 17
# Entries the copies between stages (`COPY --from=STAGE`, `--mount=from=STAGE`) look at and land,
# per build: each stage copying the one before twice (`COPY --from=s / /a/`, `/b/`) doubles its
# files, 20 stages (1.3 KB) made a million (4 s, 200 MB; 40 stages ran out of memory).
MAX_STAGE_COPIES = 1 << 18
# Entries the ends of a build's stages may hold in all (each stage's end is kept for the stages
# built on it and the copies from it): 80 stages `FROM` one that made 40,000 files held 370 MB.
MAX_STAGE_ENDS = 1 << 21


class _Held(NamedTuple):
    """A file as it was before a choice's alternatives wrote it: its content and marks."""

    there: bool
    content: Content
    where: Branch | None
    why: str | None
    alternatives: tuple[str | None, ...] | None
    covered: tuple[Branch, int, frozenset[int]] | None


class _Point(NamedTuple):
    """A file written in alternatives of a choice (the branches of an `if`/`case`, the folders
    `[ -d /app ] && cd /app` leaves the ways standing in): what each alternative left (its own
    writes only, as the shell runs just one), the file before the choice, and what the writes
    left in the merged model (the record holds while nothing else changed it)."""

    outer: Branch  # the branch around the choice
    choice: int
    before: _Held
    texts: dict[int, Content]
    # Variants of one command wrote an alternative's text differently (Files._apart): it is
    # not one text, and the record neither reads nor joins.
    mixed: bool = False
    left: Content = None


class Files(MutableMapping[str, "str | None"]):
    """Path → content of the files a stage holds; a Deferred content is read on first access.

    Copying (`copy`, `merge`, `raw`) passes contents on unread."""

    __slots__ = (
        "_alternatives", "_blinded", "_branched", "_carry_left", "_covered", "_deep", "_folders",
        "_followed", "_followed_at", "_hard", "_linked", "_owned", "_points", "_ran", "_raw",
        "_urls", "_variant", "_variants", "_version", "_where", "reader",
    )  # fmt: skip

    def __init__(self, raw: Mapping[str, Content] | None = None) -> None:
        self._raw: Raw = dict(raw) if raw else {}
        # Whether some file came from a known address; None until asked (see has_origins).
        self._urls: bool | None = None if self._raw else False
        # Path → the branch (Command.branch) of its last write, when that was inside one.
        self._where: dict[str, Branch] = {}
        # Files that may hold other text than gate has (see `write`, `edited`) → why.
        self._branched: dict[str, str] = {}
        # A structured file (a config) written differently in branches → each text it may
        # hold (None: not there at all); its content is the last one written.
        self._alternatives: dict[str, tuple[str | None, ...]] = {}
        # A structured file first written in a branch: (the branch around the choice, the
        # choice, the alternatives of it that wrote the file so far).
        self._covered: dict[str, tuple[Branch, int, frozenset[int]]] = {}
        # Every folder above a file held (built when `remove` first asks; may keep folders
        # emptied since): an `rm` of a path under none of them touches nothing.
        self._folders: set[str] | None = None
        # A file written in alternatives of a choice (_Point): what each alternative left, for
        # a reader in it and to tell when all left the same.
        self._points: dict[str, _Point] = {}
        # The branch (Command.branch) of the command reading and writing now (`run_by`), and
        # its Command.variant.
        self.reader: Branch = ()
        self._variant = (0, 0)
        # Path → (Command.variant, branch) of its last write by a variant.
        self._variants: dict[str, tuple[tuple[int, int], Branch]] = {}
        # Files a RUN's command wrote (`echo > f`), not COPY or ADD: they do not make a folder
        # the build's own project (see `attributed`).
        self._ran: set[str] = set()
        # Folder → how many files at or beneath it the build copied in (see `attributed`), built
        # when first asked and kept up to date after: a scan of every file for each local
        # install beneath an unpacked folder took 20 s for 170 KB of installs over a context of
        # 5,000 files. Files deeper than _MAX_OWNED_DEPTH are kept apart and scanned.
        self._owned: dict[str, int] | None = None
        self._deep: set[str] = set()
        # Entries `carry` may still look at to copy the build's own files along: one count the
        # copies of these files and the build's other stages share (BuildFiles.start).
        self._carry_left = [_MAX_CARRIED, _MAX_CARRIED]
        # Folders past that bound whose held files were all made unknown (`over_held`), until
        # a file is written beneath one again: a copy onto it again need not look for them.
        self._blinded: set[str] = set()
        # Whether some file is a hard link (see `_detach`), or any link (see `through`); None
        # until asked.
        self._hard: bool | None = None if self._raw else False
        self._linked: bool | None = None if self._raw else False
        # Counts the changes to which paths are held (a cache of what is derived from them
        # knows it is current while this stays the same).
        self._version = 0
        # What `through` found, for a link not followed at the end and for one followed, while
        # `_version` is `_followed_at`.
        self._followed: tuple[dict[str, str], dict[str, str]] = ({}, {})
        self._followed_at = 0

    def __getitem__(self, path: str) -> str | None:
        if path not in self._raw and self._links():
            path = self.through(path)  # beneath a linked folder: the file in its target
        seen = self._view(path) if self._points else None
        if seen is None:
            value = self._read_raw(path)
        elif not seen[0]:
            raise KeyError(path)
        else:
            held = seen[1]
            value = held.read() if isinstance(held, Deferred) else held
        for _ in range(MAX_LINKS):  # a link reads as its target, as that is now
            if not isinstance(value, Link):
                break
            value = self._read_raw(value.target) if value.target in self._raw else None
        return None if isinstance(value, (Unread, Link)) else value

    def _read_raw(self, path: str) -> str | Unread | Link | None:
        value = self._raw[path]
        if isinstance(value, Deferred):
            text = self._raw[path] = value.read()
            return text
        return value

    def through(self, path: str, last: bool = True) -> str:
        """The path reading or writing `path` reaches (follow_links), only when the stage
        holds a link at all."""
        if self._linked is False or (self._linked is None and not self._links()):
            return path  # _links()'s answer, without its call once known (asked ~15,000 times)
        # Asked again and again between two changes (each PATH folder for each program name a
        # command runs): kept while the paths held stay as they are.
        if self._followed_at != self._version:
            self._followed = ({}, {})
            self._followed_at = self._version
        known = self._followed[last]
        reached = known.get(path)
        if reached is None:
            reached = known[path] = follow_links(self._raw, path, last)
        return reached

    def run_by(self, branch: Branch, variant: tuple[int, int] = (0, 0)) -> None:
        """A new command, in `branch`, reads and writes from now on (see `_view`); `variant`:
        its Command.variant."""
        self.reader = branch
        self._variant = variant

    def ran(self) -> None:
        """The RUN's commands are done: its choices are over (their records go)."""
        self.run_by(())
        self._points.clear()
        self._variants.clear()

    def _view(self, path: str) -> tuple[bool, Content] | None:
        """Whether the file is there and what it holds for the command reading now, where it
        stands in an alternative of a choice other alternatives of which wrote the file: what
        its own alternative wrote, else what was there before the choice (bash runs one
        alternative: `[ -d /app ] && cd /app; echo flask >> /r.txt` appends once, whichever
        folder). None: as the merged model holds it."""
        point = self._reading(path, self.reader)
        if point is None:
            return None
        index = self.reader[len(point.outer)][1]
        if index in point.texts:
            held = point.texts[index]
            return (False, None) if held is _GONE else (True, held)
        return point.before.there, point.before.content

    def _reading(self, path: str, reader: Branch) -> _Point | None:
        """The record of the choice `reader` stands in an alternative of, others of which
        wrote `path` (see `_view`); None: the merged model holds it for `reader`."""
        point = self._points.get(path)
        if point is None or point.mixed or not _within(reader, point.outer, point.choice):
            return None
        return point

    def _links(self) -> bool:
        if self._linked is None:
            self._linked = any(isinstance(v, Link) for v in self._raw.values())
        return self._linked

    def link(
        self,
        path: str,
        target: str,
        hard: bool,
        branch: Branch,
        *,
        follow: bool = False,
        exact: bool = False,
        relative: bool = False,
        force: bool = True,
    ) -> None:
        """`ln [-s] target path` in `branch`: `path` reads as `target` does from now on; where
        the command may not run, it is marked so (a reader may find the old file, or none).
        `follow`: a link at `path` to a folder is that folder (`ln -s T L` without -n/-T makes
        L/T's name there); `exact`: `path` is the new name itself (a link `cp -a`/`mv` copies);
        `force`: an existing `path` is replaced (`-f`), else the command fails and keeps it."""
        if hard:
            target = self.through(target)  # the bytes, not a name that may change later
            self._hard = True
        path = self.through(path, last=False)
        below = ""
        if follow and isinstance(self._raw.get(path), Link):
            # GNU ln and cp -s (coreutils 9.1, measured): a link to a folder is that folder;
            # to anything else it is replaced with -f, and without it the command fails.
            leads = self.through(path)
            held = self._raw.get(leads)
            if leads in self.folders() or (isinstance(held, Unread) and held.tree):
                path = leads
            elif leads not in self._raw:
                # A path gate holds nothing at: a folder it does not track (`mkdir`, the base
                # image's) gets the new link, or nothing is there and only -f replaces `path`.
                inside = _join(leads, posixpath.basename(target.rstrip("/")))
                self.link(inside, target, hard, branch, exact=True, relative=relative)
                if not force:
                    return
                if not self._file_at(target):
                    # Either may be: `path` leads to `target` or to that folder. One link
                    # cannot say both, so what is read at or beneath it is of unknown content.
                    why = (
                        f"linked to {target[:200]} by a command that, were {leads[:200]} a "
                        "folder, made the link in that folder instead: the gate cannot tell which"
                    )
                    self.write(path, Unread(why, tree=True, image=True), branch, replace=True)
                    return
                # `target` a file: `path` read itself is it (a folder there would not read as
                # a file); a path beneath it lies in that folder (a file has none beneath).
                below = leads
            elif not force:
                return
        if not exact and path in self.folders():
            # `ln -s /tmp/d /app` where /app is a folder: the link is made inside it, and
            # without -f fails where that name is taken (`ln -s /tmp/r.txt /app` over
            # /app/r.txt: "File exists", GNU coreutils 9.1 measured).
            path = _join(path, posixpath.basename(target.rstrip("/")))
            if not force and self.refuses_link(path, follow=False):
                return
        self._linked = True
        self._detach((path,))
        self.put(path, Link(target, hard, relative and not hard, below))
        self._by_a_command(path)
        if branch:
            self._where[path] = branch
            self._branched[path] = IN_A_BRANCH

    def put_copied(self, path: str, dest: str, name: str, content: Content) -> None:
        """A COPY/ADD's write of `path` (see `copy_landings`), put where it lands."""
        if self._linked is False or (self._linked is None and not self._links()):
            # No link to resolve: it lands at `path` (a `COPY . .` writes thousands of files).
            self.put(path, content)
            return
        for landed in self.copy_landings(path, dest, name):
            self.put(landed, content)

    def copy_landings(self, path: str, dest: str, name: str) -> tuple[str, ...]:
        """Where a COPY/ADD's write of `path` lands, `dest` its destination and `name` the name
        of the one file it copies onto it. fsutil's copy.Copy resolves the whole destination
        within the image (fs.RootPath, its last name too: `COPY x /l`, /l a link to
        /etc/pip.conf, writes /etc/pip.conf) and, that a folder, puts the file under its own
        name there; files beneath a copied folder are joined to it as they are, a link among
        them replaced (ensureEmptyFileTarget). A link to a path gate holds nothing at may lead
        to a folder of the base image or to nothing: the file is put at both."""
        base = dest.rstrip("/") or "/"
        top = self.through(base) if dest and self._links() else base
        if top == base:
            return (self.through(path, last=False),)
        if path != base:
            if not path.startswith(base + "/"):
                return (self.through(path, last=False),)
            return (top.rstrip("/") + path[len(base) :],)
        held = self._raw.get(top)
        if top in self.folders() or (isinstance(held, Unread) and held.tree):
            return (_join(top, name),) if name else (top,)
        if top in self._raw or not name:
            return (top,)
        return (top, _join(top, name))

    def _file_at(self, path: str) -> bool:
        """The build holds a file (no folder) where `path` leads."""
        path = self.through(path)
        held = self._raw.get(path)
        if path not in self._raw or path in self.folders():
            return False
        return not (isinstance(held, Unread) and held.tree)

    def refuses_link(self, path: str, follow: bool) -> bool:
        """`ln -s T path` (or `cp -s`) without -f fails where `path` is there and is no folder
        the link would go into (GNU coreutils 9.1: "File exists"), leaving it as it was: a file
        the build holds, or a link (with `follow`, Files.link decides over a link). Not where
        a branch that may not run wrote it."""
        at = self.through(path, last=False)
        if at not in self._raw or at in self._where or at in self.folders():
            return False
        held = self._raw[at]
        if isinstance(held, Unread) and held.tree:
            return False
        return not (follow and isinstance(held, Link))

    def may_be_there(self, path: str) -> bool:
        """A branch that may not run wrote or removed what is at `path` (no folder): `ln -s T
        path` without -f may fail and keep it or make the link."""
        at = self.through(path, last=False)
        if at not in self._where or at not in self._raw or at in self.folders():
            return False
        held = self._raw[at]
        return not (isinstance(held, Unread) and held.tree)  # a folder: the link goes in

    def asks_before_link(self, path: str, follow: bool) -> bool:
        """`ln -si T path` asks before it replaces `path`: a file or link there that the new
        link would not go into (one that leads to a file the build holds)."""
        if self.refuses_link(path, follow):
            return True
        return follow and self.is_link(path) and self._file_at(path)

    def is_link(self, path: str) -> bool:
        """`path` (its folders followed) is a link: `ln -s T path` decides there (`link`)."""
        if not self._links():
            return False
        return isinstance(self._raw.get(self.through(path, last=False)), Link)

    def _detach(self, paths: Iterable[str]) -> None:
        """The names in `paths` are about to be removed or replaced: a hard link to one keeps
        the bytes it has now."""
        if self._hard is None:
            self._hard = any(isinstance(v, Link) and v.hard for v in self._raw.values())
        if not self._hard:
            return
        gone = set(paths)
        for known, value in list(self._raw.items()):
            if isinstance(value, Link) and value.hard and value.target in gone:
                self._raw[known] = self._raw.get(value.target)
                self._version += 1

    def unread(self, path: str) -> str | None:
        """Why the file at `path` cannot be read, when the build says (a download, ADD <url>, a
        context file over gate's caps): also for a file the build does not list beneath a
        folder it fetched whole (a git repository ADD or `git clone` brings in, an archive
        unpacked), whose files nothing in the build shows. A link is asked of its target."""
        found = self._unread(path)
        return None if found is None else found.why

    def capped(self, path: str) -> str | None:
        """Why the build-context file at `path` was not read, when gate's caps kept it from
        reading it (Unread.capped)."""
        found = self._unread(path)
        return found.why if found is not None and found.capped else None

    def _unread(self, path: str) -> Unread | None:
        path = self.through(path)
        seen = self._view(path) if self._points else None
        if seen is not None and not seen[0]:
            # Not there for this reader: as a path gate holds nothing at.
            found = _tree_above(self._raw, _dirname(path)) if path != "/" else None
            return found[1] if found else None
        if seen is None:
            held = self._raw.get(path)
            value = self._read_raw(path) if isinstance(held, Deferred) else held
        else:
            value = seen[1].read() if isinstance(seen[1], Deferred) else seen[1]
        if isinstance(value, Unread):
            return value
        if value is not None or path in self._raw:
            return None
        found = _tree_above(self._raw, path)
        return found[1] if found else None

    def tree_above(self, path: str) -> tuple[str, Unread] | None:
        """The nearest folder at or above `path` fetched or unpacked whole, with its mark."""
        return _tree_above(self._raw, path)

    def carry(self, source: str, dest: str, branch: Branch) -> None:
        """`cp -r`/`mv` of `source` to `dest`: a folder beneath one fetched or unpacked whole
        takes its mark along (see `carried`); the marked folder itself only when the build
        copied no files of its own into it (the gate does not copy those along)."""
        found = _tree_above(self._raw, source)
        if found is not None and found[0] != dest:
            folder, mark = found
            taken = carried(mark, source[len(folder) :].strip("/"))
            if taken is not None and (taken is not mark or not self.attributed(source)):
                self.write(dest, taken, branch)
        self._carry_own(source, dest, branch)

    def _carry_own(self, source: str, dest: str, branch: Branch) -> None:
        """The files the build copied into the folder `source` are copied along to `dest` (`cp
        -r /src /app`, `mv`, `rsync`): the image's own project moved inside the image stays
        its own where an archive was unpacked around it (s6-overlay at `/`). Bounded per build
        (_MAX_CARRIED entries looked at); past that, copies carry none and such a project is
        `unknown` where an archive was unpacked around it, as before."""
        source = self.through(source)  # `cp -rL LINK D`: the folder it leads to
        if source == dest or isinstance(self._raw.get(dest), Link):
            return  # `ln -s D L`, `cp -a LINK L`: L is a link, which reads D's files itself
        if (self.through(dest) + "/").startswith(source.rstrip("/") + "/"):
            return  # into itself (`ln -s .. n/up`): nothing new to copy
        below = source.rstrip("/") + "/"
        # The folder index first (it holds every folder a file was ever put in): a copy of a
        # folder the build holds nothing in costs no scan of every file.
        if (below.rstrip("/") or "/") not in self.folders():
            return
        if self._carry_left[0] >= 0:
            self._carry_left[0] -= len(self._raw)
        if self._carry_left[0] < 0:
            # Past the bound DEST is a folder of unknown content: copying nothing along read
            # `cp -r /src /app; pip install -r /app/r.txt` as a file not there (silent).
            self._carry_left[0] = -1
            why = (
                f"copied from {source[:200]} past the {_MAX_CARRIED} entries the gate looks at "
                "to copy the build's own files along in one build"
            )
            self.over_held(dest, why, branch)
            self.write(dest, Unread(why, tree=True), branch)
            return
        if not any(known.startswith(below) for known in self._raw):
            return
        # Also what a command wrote there (`echo … > /tmp/d/r.txt; cp -r /tmp/d /app`: it was
        # left behind, and /app/r.txt read as not there), still as a command's file; a folder
        # fetched or unpacked whole moves by its mark above.
        found = [
            (known, content, self._owns(known))
            for known, content in self._raw.items()
            if known.startswith(below) and not (isinstance(content, Unread) and content.tree)
        ]
        for known, content, owned in found:
            new = _join(dest, known[len(below) :])
            if isinstance(self._raw.get(new), Unread):
                continue  # a folder marked whole is not replaced by a file
            if isinstance(content, Link):
                content = content.moved(known, new)  # a relative one reads beside its new name
            self.write(new, content, branch)
            before = self._changing((new,))
            if owned:
                self._ran.discard(new)  # copied in from the build's own files
            else:
                self._ran.add(new)  # made by a command, as its source was
            self._changed(before)

    def over_held(self, dest: str, why: str, branch: Branch) -> None:
        """Past the carry bound (or the stage copies' bound), the files held beneath `dest` may
        be written over by what the copy brings (`cp -r /src/. /app` onto /app/r.txt): of
        unknown content, not their old text (read so, a `--no-binary` line brought over an old
        name-only file passed silently). The scans that find them draw on a second allowance of
        as many entries; past that too, the held files keep their text (README, bounds)."""
        folder = dest.rstrip("/")
        if (folder and folder not in self.folders()) or (folder or "/") in self._blinded:
            return  # holds nothing beneath it, or nothing known since the last such copy
        if self._carry_left[1] < len(self._raw):
            self._carry_left[1] = -1
            return
        self._carry_left[1] -= len(self._raw)
        below = folder + "/"
        over = [
            known
            for known, content in self._raw.items()
            if known.startswith(below) and not isinstance(content, (Unread, Link))
        ]
        for known in over:
            # The build's own file, or what the copy put over it: a script run from there is
            # `unknown` (Unread.capped), not an image's file run silently (real24: a script
            # COPY'd to /bin/ and run by name passed once `COPY --from=IMAGE /uv /uvx /bin/`
            # had put its text out of reach).
            self.write(known, Unread(why, capped=True), branch)
        self._blinded.add(folder or "/")

    def over_filled(self, path: str, content: Content) -> None:
        """A COPY/ADD that fills the folder `path` whole with files gate cannot see (`ADD <git
        repo> /app`, `COPY --from=IMAGE /src/ /app/`) may replace the files held beneath it:
        they become of unknown content. Read as they were, a COPY'd name-only
        /app/requirements.txt hid the checkout's `--no-binary` one (silent)."""
        if _fills_over(content):
            self.over_held(path, content.why, ())

    def _unblind(self, path: str) -> None:
        """A file written at `path`: the folders above it hold a known file again."""
        folder = path
        while folder not in ("", "/"):
            folder = folder.rsplit("/", 1)[0]
            self._blinded.discard(folder)
        self._blinded.discard("/")

    def attributed(self, path: str) -> bool:
        """Some file at or beneath `path` came in by COPY or ADD (the build context, a heredoc,
        another stage), not from a download, an archive or a RUN's command."""
        if self._owned is None:
            self._owned = {}
            self._deep = set()
            for known in self._raw:
                if self._owns(known):
                    self._count(known, 1)
        key = path.rstrip("/")
        if self._owned.get(key, 0) > 0:
            return True
        below = key + "/"
        return any(known == key or known.startswith(below) for known in self._deep)

    def _owns(self, path: str) -> bool:
        """The file at `path` counts for `attributed`."""
        return (
            path in self._raw and not isinstance(self._raw[path], Unread) and path not in self._ran
        )

    def _count(self, path: str, step: int) -> None:
        """Count the file at `path` in (1) or out (-1) of the folders above it."""
        assert self._owned is not None
        if path.count("/") > _MAX_OWNED_DEPTH:
            if step > 0:
                self._deep.add(path)
            else:
                self._deep.discard(path)
            return
        # The folders above it, each cut before a "/" (found by str.find, not one character at
        # a time: a `COPY . .` of a context is counted file by file).
        keys = []
        cut = path.find("/")
        while cut >= 0:
            keys.append(path[:cut])
            cut = path.find("/", cut + 1)
        keys.append(path)
        for key in keys:
            left = self._owned.get(key, 0) + step
            if left:
                self._owned[key] = left
            else:
                self._owned.pop(key, None)

    def _changing(self, paths: Iterable[str]) -> list[tuple[str, bool]] | None:
        """Whether each of `paths` counts for `attributed` before a change (None: no index)."""
        if self._owned is None:
            return None
        return [(path, self._owns(path)) for path in paths]

    def _changed(self, before: list[tuple[str, bool]] | None) -> None:
        """Bring the index up to date after a change of the paths `_changing` was given."""
        for path, was in before or ():
            now = self._owns(path)
            if now != was:
                self._count(path, 1 if now else -1)

    def content(self, path: str) -> Content:
        """The content at `path` as held (a Deferred one unread, an Unread one with its why)."""
        seen = self._view(path) if self._points else None
        if seen is not None:
            return seen[1] if seen[0] else None
        return self._raw.get(path)

    def has_origins(self) -> bool:
        """Some file here was downloaded from a known address: most builds have none, and
        every command would otherwise be asked which file it runs."""
        if self._urls is None:
            self._urls = any(map(_addressed, self._raw.values()))
        return self._urls

    def origin(self, path: str) -> str:
        """The address the file at `path` (a link: its target) was downloaded from, "" when
        none is known."""
        value = self._raw.get(self.through(path))
        return value.url if isinstance(value, Unread) else ""

    def __setitem__(self, path: str, value: str | None) -> None:
        if self._blinded:
            self._unblind(path)
        if self._points:
            self._points.pop(path, None)
        before = self._changing((path,))
        self._added(path)
        self._raw[path] = value
        self._version += 1
        self._changed(before)

    def __delitem__(self, path: str) -> None:
        if self._points:
            self._points.pop(path, None)
        before = self._changing((path,))
        del self._raw[path]
        self._version += 1
        self._changed(before)

    @property
    def version(self) -> int:
        """Changes whenever a path is added or removed."""
        return self._version

    def __contains__(self, path: object) -> bool:
        if self._points and isinstance(path, str):
            seen = self._view(self.through(path) if path not in self._raw else path)
            if seen is not None:
                return seen[0]
        if path in self._raw:
            return True
        # Beneath a linked folder: there when the file in its target is. (_links()'s answer,
        # without its call once known: `in` is asked for every $PATH folder of every command.)
        if self._linked is False or not isinstance(path, str):
            return False
        return (self._linked or self._links()) and self.through(path) in self._raw

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)

    def raw(self) -> Raw:
        """The contents as held, Deferred ones unread."""
        return dict(self._raw)

    def merge(self, contents: Mapping[str, Content]) -> None:
        if self._blinded:
            self._blinded.clear()  # a copy in: whatever it brings, look again
        before = self._changing(contents)
        if self._folders is not None:
            for path in contents:
                self._added(path)
        self._raw.update(contents)
        self._version += 1
        # A stage's links may come along: only the new contents are asked (a rescan of every
        # file on the next read made each merge cost the whole stage).
        if self._linked is False and any(isinstance(v, Link) for v in contents.values()):
            self._linked = True
        if self._hard is False and any(isinstance(v, Link) and v.hard for v in contents.values()):
            self._hard = True
        if self._ran:
            self._ran.difference_update(contents)
        self._changed(before)
        if self._urls is False and any(map(_addressed, contents.values())):
            self._urls = True
        if self._where or self._branched or self._points:
            for path in contents:
                self._where.pop(path, None)
                self._branched.pop(path, None)
                self._points.pop(path, None)

    def put(self, path: str, content: Content) -> None:
        """One file written (a `COPY . .` writes thousands: no mapping made for each, and no
        call for an index not built yet)."""
        if self._blinded:
            self._unblind(path)
        before = None if self._owned is None else self._changing((path,))
        if self._folders is not None and path not in self._raw:
            _add_folders(self._folders, path)  # _added's, without its call
        if self._points:
            self._points.pop(path, None)
        self._raw[path] = content
        self._version += 1
        if isinstance(content, Unread) and content.url:  # _addressed's, without its call
            self._urls = True
        elif isinstance(content, Link):
            self._linked = True
        if self._ran:
            self._ran.discard(path)
        if before is not None:
            self._changed(before)
        if self._where or self._branched:  # a new text: what may have been there is gone
            self._where.pop(path, None)
            self._branched.pop(path, None)
            self._alternatives.pop(path, None)
            self._covered.pop(path, None)

    def write(
        self, path: str, content: Content, branch: Branch, *, replace: bool = False
    ) -> None:
        """What a command in `branch` writes (`_write`). Where each alternative of a choice
        that always takes one writes the file (a command run once per folder the ways of `[ -d
        /app ] && cd /app` stand in, the branches of an `if … else`) and all leave the same
        text, the file holds it as after a command around the choice: `printf 'flask\n' >
        /r.txt` per folder leaves flask, whichever folder the shell stood in (bash)."""
        if _fills_over(content):
            # A folder a command fills whole with files gate cannot see (a `cp -r` of a
            # checkout) may replace the files held beneath it.
            self.over_held(path, content.why, branch)
        if self._linked or self._linked is None:
            # The file the write reaches, as `_write` finds it (a link's target).
            reached = self.through(path, last=not replace)
            if reached != path and self._unsure_link(path, branch, not replace):
                # A link on the way was made where this command may not stand (`[ -f /m ] &&
                # ln -sf /n.txt /r.txt; echo flask > /r.txt`): the target may keep its text.
                branch = (*branch, _UNSURE_LINK)
            path = reached
        point, derived = self._opening(path, branch)
        apart = self._apart(path, content, branch)
        if apart is not None:
            content = apart
        self._write(path, content, branch, replace=replace)
        if apart is not None:
            self._branched[path] = BY_VARIANTS
        if self._variant[0]:
            self._variants[path] = (self._variant, branch)
        if point is not None:
            self._record(path, point, branch[-1][1], content, derived, apart is not None)

    def _unsure_link(self, path: str, branch: Branch, last: bool) -> bool:
        """Whether a link the way to `path` passes (`follow_links`) was made in a branch that
        `branch` does not lie in: it may not be there for a command in `branch`."""
        for hop in links_on_way(self._raw, path, last):
            where = self._where.get(hop)
            if where and branch[: len(where)] != where:
                return True
        return False

    def _record(
        self, path: str, point: _Point, index: int, content: Content, derived: bool, mixed: bool
    ) -> None:
        """Add what alternative `index` left at `path` (`_GONE`: removed) to its choice's
        record, and work out the file where that settles it (see `write`)."""
        again = derived or index in point.texts
        mixed = point.mixed or mixed
        point = _Point(
            point.outer,
            point.choice,
            point.before,
            {**point.texts, index: content},
            mixed,
            self._raw.get(path),
        )
        texts = list(point.texts.values())
        every = not mixed and len(texts) == alternatives_of(point.choice) > 1
        if every and all(text is _GONE for text in texts):
            # Every alternative removed it (`rm -f /r.txt` once per folder way): gone.
            self._restore(path, point.before)
            if path in self._raw:
                self._remove_one(path, point.outer)
            return
        if every and all(isinstance(t, (str, Unread)) and t is not _GONE for t in texts):
            self._restore(path, point.before)
            if all(text == content for text in texts):
                # As a write around the choice, which may add to a record of an enclosing one.
                self.write(path, content, point.outer)
                return
            # Each alternative wrote it: the file holds one of their texts, none of what was
            # there before (`if …; then echo flask > f; else echo requests > f; fi`).
            ordered = sorted(point.texts.items())
            self._write(path, ordered[0][1], point.outer)
            for index, text in ordered[1:]:
                self._write(path, text, (*point.outer, (point.choice, index)))
            point = point._replace(left=self._raw.get(path))  # `mixed` is False here
        elif again and not mixed:
            # The alternative wrote it before: its earlier text is gone, what was there before
            # the choice may still be (`if …; then echo a > f; echo b > f; fi`: f holds b or
            # what it held; was: b alone, as though the branch surely ran).
            self._restore(path, point.before)
            for at, text in sorted(point.texts.items()):
                if text is _GONE:
                    self._removed(path, (*point.outer, (point.choice, at)))
                else:
                    self._write(path, text, (*point.outer, (point.choice, at)))
            point = point._replace(left=self._raw.get(path))  # `mixed` is False here
        self._points[path] = point

    def _apart(self, path: str, content: Content, branch: Branch) -> Content | None:
        """Where another variant of the same command (Command.variant: `echo "$V" > f`, V
        either of two values) wrote `path` in the same branch and this one writes another
        text: the texts joined (`_either`; `write` marks the file BY_VARIANTS), as only one of
        them runs. None: no such write."""
        last = self._variants.get(path) if self._variant[0] else None
        if last is None or last[1] != branch or last[0][0] != self._variant[0]:
            return None
        if last[0][1] == self._variant[1]:
            return None  # the same variant again (a later command of its `sh -c` script)
        old = self._raw.get(path)
        if isinstance(old, Deferred):
            old = old.read()
        if path in self._raw and old == content:
            return None
        return _either(old, content)[0]

    def _opening(self, path: str, branch: Branch) -> tuple[_Point | None, bool]:
        """The record a write of `path` (no link) in `branch` adds to (a new one where it
        starts a choice's writes), or None: not in a branch, or what was there before the
        choice is not known; and whether that is not what the file holds now."""
        known = self._points.pop(path, None) if self._points else None
        if not branch or self.is_link(path):
            return None, False
        if any(repeats(point) for point, _ in branch):
            # In a loop body that may run many times: each alternative of the choice may run,
            # one pass after another, and read what another left (`while read x; do if …;
            # then echo a > f; else pip install -r f; fi; done`): no record, as the model
            # merged holds it.
            return None, False
        if self._hard is None:
            self._hard = any(isinstance(v, Link) and v.hard for v in self._raw.values())
        if self._hard:
            return None, False  # a hard link's bytes are not put back with it (`_restore`)
        outer, choice = branch[:-1], branch[-1][0]
        live = known is not None and self._raw.get(path) is known.left
        if known is not None and live and (known.outer, known.choice) == (outer, choice):
            return known, False
        if (
            known is not None
            and live
            and known.outer[: len(branch)] == branch
            and not _within(known.before.where or (), outer, choice)
        ):
            # Written first in a branch within this alternative (`if …; then [ -d /x ] &&
            # echo a > f; echo b > f; fi`): what was there before that is what was there
            # before this choice.
            return _Point(outer, choice, known.before, {}), True
        if _within(self._where.get(path, ()), outer, choice):
            # An alternative of this choice wrote it unrecorded (in a branch within it): what
            # was there before the choice is gone from the model.
            return None, False
        held = _Held(
            path in self._raw,
            self._raw.get(path),
            self._where.get(path),
            self._branched.get(path),
            self._alternatives.get(path),
            self._covered.get(path),
        )
        return _Point(outer, choice, held, {}), False

    def _restore(self, path: str, held: _Held) -> None:
        """Put the file back as it was before a choice wrote it (see `write`)."""
        if held.there:
            self.put(path, held.content)
        elif path in self._raw:
            del self[path]
        _mark(self._where, path, held.where)
        _mark(self._branched, path, held.why)
        _mark(self._alternatives, path, held.alternatives)
        _mark(self._covered, path, held.covered)

    def _write(
        self, path: str, content: Content, branch: Branch, *, replace: bool = False
    ) -> None:
        """What a command in `branch` writes. Where that command may not run (an `if` without
        `else`, a loop body, after `||`), or where a sibling alternative wrote the file before
        it (`if …; then echo A > f; else echo B > f; fi`), the file may hold either text
        afterwards: both are kept, one after the other, so that whoever reads the file sees
        every line it may hold. A write into a link writes its target (`echo >> link`, `cp F
        link`), unless the command puts a new file in its place (`replace`: `mv`, `sed -i`)."""
        if self._blinded:
            self._unblind(path)
        if replace:
            path = self.through(path, last=False)
            self._detach((path,))
        elif self._linked or self._linked is None:
            path = self.through(path)
        structured = _structured(path)
        if not branch or path not in self._raw:
            # An append to what a branch wrote keeps that doubt (`[ -d /x ] && echo
            # '--only-binary :all:' > f; echo flask >> f`: f may hold flask alone).
            doubt = self._appended(path, content)
            self.put(path, content)
            self._by_a_command(path)
            if doubt is not None:
                self._where[path], self._branched[path] = doubt
            if branch:
                self._where[path] = branch
                self._branched[path] = IN_A_BRANCH  # it may not be there at all
                if structured:
                    self._alternatives[path] = (None, _read(content))
                    self._covered[path] = (branch[:-1], branch[-1][0], frozenset({branch[-1][1]}))
            return
        covered = self._covered.get(path)
        if structured and covered is not None and branch[:-1] == covered[0]:
            outer, point, indexes = covered
            if branch[-1][0] == point:
                indexes |= {branch[-1][1]}
                self._covered[path] = (outer, point, indexes)
                if len(indexes) == alternatives_of(point):
                    # Every branch of an `if … else` wrote it: it is there, whichever ran.
                    known = self._alternatives.get(path, ())
                    self._alternatives[path] = tuple(a for a in known if a is not None)
        before, old = self._where.get(path, ()), self._read_raw(path)
        alternatives = self._alternatives.get(path)
        joined = differs = False
        if before[: len(branch)] != branch:
            if structured:
                # Two configs joined are no config (a second [global] is an error): each
                # is kept whole, and a reader weighs them (`alternatives`).
                prior = alternatives or ((old if isinstance(old, str) else None),)
                alternatives, joined = (*prior, _read(content)), True
            else:
                # A text one alternative writes over another (`echo flask > f; [ -d /x ] &&
                # echo '--only-binary :all:' >> f`) is either, also where one holds every line
                # of the other: an option line applies to the whole file, so where their option
                # lines differ the lines joined are not what pip reads in either (Files.branched
                # says so).
                differs = (
                    isinstance(old, str)
                    and isinstance(content, str)
                    and _option_lines(content) != _option_lines(old)
                )
                content, joined = _either(old, content)
        elif alternatives:
            alternatives = (*alternatives[:-1], _read(content))
        # An append keeps the texts it adds to.
        kept = isinstance(old, str) and isinstance(content, str) and content.startswith(old)
        mixed = joined or differs or (kept and path in self._branched)
        self.put(path, content)
        self._by_a_command(path)
        self._where[path] = branch
        if mixed or alternatives:
            self._branched[path] = IN_A_BRANCH
        if alternatives:
            self._alternatives[path] = alternatives

    def _appended(self, path: str, content: Content) -> tuple[Branch, str] | None:
        """Where `content` appends to a file a branch wrote: that branch and its doubt. (A
        longer text written afresh over it reads as an append too: a doubt, never a silence.)"""
        why = self._branched.get(path)
        old = self._raw.get(path)
        if why is None or not isinstance(old, str) or not isinstance(content, str):
            return None
        appended = content != old and content.startswith(old)
        return (self._where.get(path, ()), why) if appended else None

    def _by_a_command(self, path: str) -> None:
        before = self._changing((path,))
        self._ran.add(path)
        self._changed(before)

    def remove(self, path: str, branch: Branch) -> None:
        """`rm PATH` (a folder with everything beneath it, a glob with what it matches) in
        `branch`: where it may not run, what it removes may still be there."""
        path = self.through(path, last=False)  # rm removes a link, not its target
        magic = GLOB_MAGIC.search(path)
        literal = (path[: magic.start()].rsplit("/", 1)[0] or "/") if magic else path
        if literal not in self._raw and literal not in self.folders():
            return  # nothing there (most `rm -f` of caches and temporary files)
        if magic:
            # As the shell expands it (`*` stops at `/`; `[!x]` negates): Go's reading took
            # `rm /etc/pip.con[!x]` for naming no file, and the config stayed read.
            from gate.facts.word_glob import shell_match

            gone = [p for p in self._raw if shell_match(path, p)]
        else:
            below = path.rstrip("/") + "/"
            gone = [p for p in self._raw if p == path or p.startswith(below)] if self._raw else []
        if not branch:
            self._detach(gone)
        for known in gone:
            self._remove_one(known, branch)

    def _remove_one(self, path: str, branch: Branch) -> None:
        """`rm` of the file at `path` (no link followed) in `branch`."""
        if branch:
            point, derived = self._opening(path, branch)
            self._removed(path, branch)
            if point is not None:
                self._record(path, point, branch[-1][1], _GONE, derived, False)
        else:
            if self._points:
                self._points.pop(path, None)
            self.pop(path, None)
            self._where.pop(path, None)
            self._branched.pop(path, None)

    def _removed(self, path: str, branch: Branch) -> None:
        """`rm` in `branch`, which may not run: the file may still be there."""
        self._where[path] = branch
        self._branched[path] = IN_A_BRANCH

    def folders(self) -> set[str]:
        if self._folders is None:
            self._folders = set()
            for path in self._raw:
                _add_folders(self._folders, path)
        return self._folders

    def _added(self, path: str) -> None:
        if self._folders is not None and path not in self._raw:
            _add_folders(self._folders, path)

    def branched(self, path: str, reader: Branch = ()) -> str | None:
        """Why the file may hold other text than gate has for a command in branch `reader`,
        or None: it holds the texts of several alternatives joined, a branch that may not run
        wrote it, or a program edited it in place (`sed -i`). A command in the branch that
        wrote it (`… && echo > f && pip install`) reads what it wrote."""
        if path not in self._branched and (self._linked or self._linked is None):
            path = self.through(path)  # what a write through a link left
        point = self._reading(path, reader) if self._points else None
        if point is not None:
            # In an alternative of a choice others of which wrote it (`_view`): it holds what
            # this alternative wrote, or what was there before; in doubt as that was (an
            # append keeps it).
            why, where = point.before.why, point.before.where
        else:
            why = self._branched.get(path)
            where = self._where.get(path)
        if why == IN_A_BRANCH and where and reader[: len(where)] == where:
            return None
        return why

    def alternatives(self, path: str, reader: Branch = ()) -> tuple[str | None, ...] | None:
        """Each text a structured file may hold for a command in `reader` (None: not there),
        when more than one."""
        if self.branched(path, reader) is None:
            return None
        point = self._reading(path, reader) if self._points else None
        if point is not None:
            return point.before.alternatives
        return self._alternatives.get(path)

    def edited(self, path: str, how: str) -> None:
        """A program gate does not run may have changed the file in place (`sed -i`, `ed`)."""
        if self._points:
            self._points.pop(path, None)  # what it made of either alternative's text is unknown
        if path in self._raw:
            self._branched[path] = f"{EDITED_IN_PLACE} `{how}`"
            value = self._raw[path]
            if isinstance(value, Unread) and value.export is not None:
                # The mark above stays in this stage; a lock export's doubt goes wherever the
                # file is copied (`COPY --from`).
                doubt = f"{EDITED_IN_PLACE} `{how}`"
                self._raw[path] = replace(value, export=replace(value.export, doubt=doubt))

    def copy(self) -> Files:
        files = Files(self._raw)
        files._urls = self._urls
        files._where = dict(self._where)
        files._branched = dict(self._branched)
        files._alternatives = dict(self._alternatives)
        files._covered = dict(self._covered)
        files._points = dict(self._points)  # each _Point is replaced, never changed, once made
        files._ran = set(self._ran)
        files._carry_left = self._carry_left
        files._blinded = set(self._blinded)
        files._hard = self._hard
        files._linked = self._linked
        return files


class BuildFiles:
    """The end state of every stage walked so far (mutable; private to one walk of a build)."""

    def __init__(self) -> None:
        self._ends: dict[int, Raw] = {}
        self._copies_left = MAX_STAGE_COPIES  # of the build (see MAX_STAGE_COPIES)
        self._carry_left = [_MAX_CARRIED, _MAX_CARRIED]  # of the build (see _carry_own)
        self._ends_left = MAX_STAGE_ENDS  # of the build (see MAX_STAGE_ENDS)
        self._past_ends: set[int] = set()  # stages whose end is a folder of unknown content
        # Stage → (its name, the image at the root of its FROM chain), for a stage built on an
        # image (not `scratch`, not an image history's one stage).
        self._images: dict[int, tuple[str, str]] = {}
        # Stage → whether its files at its end hold a link (asked once per stage, not per copy).
        self._linked: dict[int, bool] = {}

    def start(self, stage: Stage) -> Files:
        """The files a stage begins with: its parent stage's at that stage's end, else none."""
        name = stage.name or str(stage.index)
        if stage.parent is None:
            if stage.base and stage.base.lower() != "scratch":
                self._images[stage.index] = (name, stage.base)
            files = Files()
        else:
            if stage.parent in self._images:
                self._images[stage.index] = (name, self._images[stage.parent][1])
            files = Files(self._ends.get(stage.parent))
        files._carry_left = self._carry_left
        return files

    def end(self, stage: Stage, files: Files) -> None:
        """Keep a stage's files at its end; past the build's MAX_STAGE_ENDS, a folder of unknown
        content at `/` (fail closed: a stage built on it, or a copy from it, reads unknown)."""
        self._ends_left -= len(files)
        if self._ends_left < 0:
            self._ends_left = -1
            name = stage.name or str(stage.index)
            why = (
                f"a file of the stage {name[:100]}, past the {MAX_STAGE_ENDS} files the gate "
                "keeps for the stages of one build"
            )
            self._ends[stage.index] = {"/": Unread(why, tree=True)}
            self._past_ends.add(stage.index)
        else:
            self._ends[stage.index] = files.raw()
        self._linked.pop(stage.index, None)

    def apply(self, step: FileWrite | StageCopy, files: Files) -> None:
        """Record a file step of the stage whose files are ``files``."""
        if isinstance(step, FileWrite):
            if not step.cover:  # a mount's target: the walk hides it for one RUN only
                files.over_filled(step.path, step.content)
                files.put_copied(step.path, step.dest, step.name, step.content)
                if step.restricted:
                    files.edited(step.path, unreadable_how(step.restricted))
        else:
            copied = self.copied(step)
            if not step.mount:  # a COPY's destination is resolved as a COPY from the context's
                name = "" if step.into_dir else posixpath.basename(step.source.rstrip("/"))
                copied = {
                    path: content
                    for at, content in copied.items()
                    for path in files.copy_landings(at, step.dest, name)
                }
            files.merge(copied)
            if step.restricted:
                for path in copied:
                    files.edited(path, unreadable_how(step.restricted))
            if not step.mount:
                # A folder of unknown content lands (past a bound; a checkout or an unpacked
                # archive of the source stage): it may replace what the stage held there (read
                # as it was, a name-only r.txt hid the --no-binary one COPY --from brings).
                for path, content in copied.items():
                    if isinstance(content, Unread) and content.tree:
                        files.over_held(path, content.why, ())

    def copied(self, step: StageCopy) -> Raw:
        """What a copy from another stage puts where, from the files that stage had at its end.
        Past the build's MAX_STAGE_COPIES, a folder of unknown content (fail closed: what an
        install reads there is unknown)."""
        ends = self._ends.get(step.stage, {})
        self._copies_left -= len(ends)
        if self._copies_left < 0:
            return self._past_the_bound(step)
        linked = self._linked.get(step.stage)
        if linked is None:
            linked = self._linked[step.stage] = any(isinstance(v, Link) for v in ends.values())
        if linked:
            step = _followed(ends, step)
        found = _copy(ends, step)
        self._copies_left -= len(found)
        if self._copies_left < 0:
            return self._past_the_bound(step)
        based = self._images.get(step.stage)
        unheld = based is not None and _unheld(ends, step)
        if based is not None and unheld:
            # Nothing the build wrote there: the stage's base image's own files (or what a
            # command gate does not follow left), whose bytes gate never sees.
            why = (
                f"copied from {step.source[:200]} of the stage {based[0][:100]}, which the gate "
                f"does not hold (a file of its base image {based[1][:200]}, or one a command left)"
            )
            found = {**found, **_marked_copy(step, Unread(why, tree=True, image=True))}
        if step.mount:
            # A directory mount of unknown content names no file worth recording; a download
            # is kept for its address (a script saved under another name).
            return {
                path: content
                for path, content in found.items()
                if _read(content) is not None
                or interesting(posixpath.basename(path))
                or _addressed(content)
                or (unheld and isinstance(content, Unread))
            }
        return found

    def _past_the_bound(self, step: StageCopy) -> Raw:
        self._copies_left = -1  # spent: every later copy between stages is unknown too
        why = (
            f"copied from {step.source[:200]} of another stage, past the {MAX_STAGE_COPIES} "
            "files the gate copies between stages in one build"
        )
        return _marked_copy(step, Unread(why, tree=True))


def _within(where: Branch, outer: Branch, choice: int) -> bool:
    """`where` lies in an alternative of the choice `choice` within `outer`."""
    depth = len(outer)
    return len(where) > depth and where[depth][0] == choice and where[:depth] == outer


def _mark(marks: dict[str, _T], path: str, value: _T | None) -> None:
    """Set `path`'s mark in `marks` to `value`; None: no mark."""
    if value is None:
        marks.pop(path, None)
    else:
        marks[path] = value


def links_on_way(files: Mapping[str, Content], path: str, last: bool = True) -> list[str]:
    """The paths of the links `follow_links` passes on its way from `path`."""
    hops: list[str] = []
    for _ in range(MAX_LINKS):
        value = files.get(path) if last else None
        if isinstance(value, Link):
            hops.append(path)
            path = value.target
            continue
        cut = path.rfind("/")
        for _ in range(256):
            if cut <= 0 or isinstance(files.get(path[:cut]), Link):
                break
            cut = path.rfind("/", 0, cut)
        moved = _below_link(files, path)
        if moved is None:
            break
        hops.append(path[:cut])
        path = moved
    return hops


def follow_links(files: Mapping[str, Content], path: str, last: bool = True) -> str:
    """The path reading or writing `path` reaches: the target of a link there or at a folder
    above it (`ln -s /tmp/d /app`: /app/r.txt is /tmp/d/r.txt), followed up to MAX_LINKS links
    (past that, as a kernel's ELOOP, the last one reached). `last=False`: a link at `path`
    itself is not followed (`mv F link` replaces it)."""
    for _ in range(MAX_LINKS):
        value = files.get(path) if last else None
        if isinstance(value, Link):
            path = value.target
            continue
        moved = _below_link(files, path)
        if moved is None:
            break
        path = moved
    return path


def _below_link(files: Mapping[str, Content], path: str) -> str | None:
    """`path` with the nearest folder above it that is a link replaced by its target."""
    cut = path.rfind("/")
    for _ in range(256):  # deeper than any real path
        if cut <= 0:
            return None
        value = files.get(path[:cut])
        if isinstance(value, Link):
            return (value.below or value.target).rstrip("/") + path[cut:]
        cut = path.rfind("/", 0, cut)
    return None


def _followed(files: Mapping[str, Content], step: StageCopy) -> StageCopy:
    """The copy of what a source link leads to: dockerfile2llb copies with FollowSymlinks and
    fsutil resolves the source within the stage's root, so `COPY --from=a /app/l /r.txt` (l a
    link to /tmp/r) copies a's /tmp/r as it was, under l's name; a link to a folder, the
    folder's files. Before, the link itself was copied and read in the new stage (its /tmp/r,
    or none). Links beneath a copied folder stay links."""
    if step.parents is not None or GLOB_MAGIC.search(step.source):
        return step
    path = follow_links(files, step.source)
    if path == step.source:
        return step
    held = files.get(path)
    if path in files and not (isinstance(held, Unread) and held.tree):
        name = posixpath.basename(step.source.rstrip("/"))
        dest = _join(step.dest, name) if step.into_dir else step.dest
        return replace(step, source=path, dest=dest, into_dir=False)
    return replace(step, source=path)


def _unheld(files: Mapping[str, Content], step: StageCopy) -> bool:
    """The copy's source is one path (no pattern, no `--parents`) at or beneath which the
    stage holds no file, and no folder fetched or unpacked whole lies above it."""
    path = step.source
    if step.parents is not None or GLOB_MAGIC.search(path) or path in files:
        return False
    below = path.rstrip("/") + "/"
    if any(known.startswith(below) for known in files):
        return False
    return _tree_above(files, path) is None


def _marked_copy(step: StageCopy, mark: Unread) -> Raw:
    """Where a copy of a path gate holds nothing of lands, marked: DEST itself, or into a
    folder DEST whole (a folder's entries land there) and DEST/NAME (a file) — gate cannot
    tell which the source is; only DEST where the source is written as a folder."""
    if not step.into_dir:
        return {step.dest: mark}
    if step.source.endswith(("/", "/.")) or step.source == "/":
        return {step.dest: mark}
    return {step.dest: mark, _join(step.dest, posixpath.basename(step.source)): mark}


# The branch step a write through a link that may not be there takes (`Files.write`): a choice
# no command stands in, whose body may or may not have run (model.repeats: no record is kept).
_UNSURE_LINK = (REPEATS - CHOICE_SPAN, 0)
# What a record (Files._Point) holds for an alternative that removed the file.
_GONE = Unread("removed")

_STRUCTURED = (".conf", ".ini", ".cfg", ".toml", ".yaml", ".yml", ".json", "/pip.conf")


def _fills_over(content: Content) -> TypeGuard[Unread]:
    """A folder filled whole with files gate cannot see, which may replace those it held there:
    a git checkout, an image's folder. Not an archive unpacked there: the image's own files
    stay its own around one (s6-overlay at /; README, own project), as before."""
    return isinstance(content, Unread) and content.tree and not content.unpacked


def _tree_above(raw: Mapping[str, Content], path: str) -> tuple[str, Unread] | None:
    folder = path
    for _ in range(256):  # deeper than any real path; a path of `//…` stops at once
        above = raw.get(folder)
        if isinstance(above, Unread) and above.tree:
            return folder, above
        parent = _dirname(folder)
        if not parent or parent == folder:
            return None
        folder = parent
    return None


def carried(mark: Unread, rel: str) -> Unread | None:
    """The mark a copy of the folder `rel` beneath a marked one takes along: the whole mark for
    the folder itself or a folder of a git repository; for a folder an archive most likely
    holds, that archive's, as a folder made for it. Any other folder beneath where an archive
    was unpacked takes none: the archive may or may not hold it, and a mark at `/` (an overlay
    unpacked there) would otherwise follow every copy out of the stage."""
    if not rel or not mark.unpacked:
        return mark
    own = [u for u in mark.unpacked if u.holds(rel)]
    return replace(mark, unpacked=(replace(own[-1], fresh=True),)) if own else None


def _add_folders(folders: set[str], path: str) -> None:
    folder = _dirname(path)
    if folder in folders:
        return  # most paths land in a folder held already ("" never is: "/" stands for it)
    while folder not in folders and folder not in ("", "/"):
        folders.add(folder)
        folder = _dirname(folder)
    folders.add(folder or "/")


def _dirname(path: str) -> str:
    """posixpath.dirname's result for a str, without its fspath and separator calls (asked of
    every file a `COPY . .` writes)."""
    head = path[: path.rfind("/") + 1]
    if head and head != "/" * len(head):
        head = head.rstrip("/")
    return head


def _structured(path: str) -> bool:
    """A config whose texts cannot be joined and still read (a second `[global]` is an
    error): each alternative is kept whole instead."""
    return path.endswith(_STRUCTURED)


# An address whose name says it installs Python packages (gate/facts/mentions says more).
_INSTALLER_ADDRESS = re.compile(r"(?i)get[-_]?pip|install[-_]?poetry|pip|poetry|uv|install")


def _option_lines(text: str) -> list[str]:
    """The lines of a text that may set an option for the whole file (`--only-binary …`)."""
    return [line.strip() for line in text.splitlines() if line.lstrip().startswith("-")]


def _either(old: str | Unread | Link | None, new: Content) -> tuple[Content, bool]:
    """What a file holds that holds `old` or `new`, and whether that joins two texts: both
    texts when both are known (an append already holds the old one); else the one gate can
    judge: a download whose address names an installer (get-pip.py), else the old text."""
    if isinstance(new, Deferred):
        new = new.read()
    if isinstance(old, Unread) and isinstance(new, str):
        # What it may still hold gate cannot read (`if …; then ln -s /n.txt r.txt; else echo
        # flask > r.txt; fi`, ln without -f over a name a branch may have removed): the new
        # text alone would hide it, so the file stays of unknown content.
        return old, False
    if not isinstance(old, str) or (
        isinstance(new, Unread) and _INSTALLER_ADDRESS.search(new.url) is not None
    ):
        return new, False
    if not isinstance(new, str):
        return old, False
    if new.startswith(old):
        return new, False
    if old.endswith(new):
        return old, False
    return old + ("" if old.endswith("\n") else "\n") + new, True


def _addressed(content: Content) -> bool:
    """Bytes downloaded from a known address (whose name may say what they are)."""
    return isinstance(content, Unread) and bool(content.url)


def _read(content: Content) -> str | None:
    if isinstance(content, Deferred):
        content = content.read()
    if isinstance(content, Unread | Link):
        return None
    return content


def _copy(files: Mapping[str, Content], step: StageCopy) -> Raw:
    path, dest = step.source, step.dest
    if step.parents is not None or step.exclude:
        return _copy_matched(files, step)
    out: Raw = {}
    if path in files:
        content = files[path]
        if not (isinstance(content, Unread) and content.tree):
            return {_join(dest, posixpath.basename(path)) if step.into_dir else dest: content}
        out[dest] = content  # a folder fetched whole: its files land in dest, unread still
    if GLOB_MAGIC.search(path):
        for known, content in files.items():
            # As BuildKit matches a stage's paths (Go's filepath.Match: `*` stops at `/`).
            if go_glob.match(path, known):
                landed = _join(dest, posixpath.basename(known))
                out[landed] = content.moved(known, landed) if isinstance(content, Link) else content
        return out
    prefix = path.rstrip("/") + "/"
    for known, content in files.items():
        if known.startswith(prefix):
            landed = _join(dest, known[len(prefix) :])
            # A link beneath the folder is copied as a link (a relative one to its new place).
            out[landed] = content.moved(known, landed) if isinstance(content, Link) else content
    if all(isinstance(content, Unread) for content in out.values()):
        # Nothing the build copied in: a folder beneath one fetched or unpacked whole is its.
        found = _tree_above(files, path)
        taken = carried(found[1], path[len(found[0]) :].strip("/")) if found else None
        if found is not None and found[0] != path and taken is not None:
            out[dest] = taken
    if not out and not step.into_dir:
        out[dest] = None  # a file the gate never saw written: it exists, its bytes unknown
    return out


def _copy_matched(files: Mapping[str, Content], step: StageCopy) -> Raw:
    """`COPY --parents` / `--exclude` from a stage, matched as BuildKit's copier matches: the
    patterns run over the path below each copied source (a source that is a file is never
    excluded); with --parents the source is that path below the pivot, an include pattern."""
    excluded = copy_patterns(step.exclude, "COPY --exclude") if step.exclude else None
    if step.parents is None:
        found = _copy(files, replace(step, exclude=()))
        if excluded is None or step.source in files or GLOB_MAGIC.search(step.source):
            return found
        below = step.dest.rstrip("/") + "/"
        return {
            path: content
            for path, content in found.items()
            if not (path.startswith(below) and excluded.ignored(path[len(below) :]))
        }
    root = step.parents.rstrip("/") + "/"
    kept = step.source[len(root) :] if step.source.startswith(root) else ""
    included = copy_patterns((kept,), "COPY --parents") if kept.strip("/") else None
    out: Raw = {}
    for known, content in files.items():
        if not known.startswith(root):
            continue
        rel = known[len(root) :]
        if (included is None or included.ignored(rel)) and not (
            excluded is not None and excluded.ignored(rel)
        ):
            out[_join(step.dest, rel)] = content
    if not out and kept and not GLOB_MAGIC.search(kept):
        out[_join(step.dest, kept)] = None  # a file the gate never saw written
    return out
