"""Files a cmd or PowerShell command writes, copies or downloads, held as pip finds them.

`echo … > F` is read by file_writes from the command's redirections. What else a Windows build
writes is named here: PowerShell's writer cmdlets (`Set-Content`, `Out-File`, `New-Item -Value`),
copies (`Copy-Item`, cmd's `copy`), and downloads (`Invoke-WebRequest -OutFile`, `curl.exe -o`).
gate does not model what these write, so every such file is of unknown text: a binary-only
install reading it as requirements is `unknown`, not silently compliant.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping

from gate.model import Command, Word
from gate.sources import image_paths
from gate.sources.image_paths import is_windows_path, resolved

# PowerShell cmdlets (and aliases) that write text to the file their -Path (or first positional
# argument) names.
_WRITERS = frozenset({"set-content", "add-content", "out-file", "sc", "ac", "tee-object",
                      "new-item", "ni"})  # fmt: skip
_PATHS = frozenset({"-path", "-filepath", "-literalpath", "-pspath", "-lp"})
# Copies and moves: PowerShell's (-Path/-Destination or two positionals) and cmd's.
_COPIES = frozenset({"copy-item", "cpi", "cp", "copy", "move-item", "mi", "mv", "move", "xcopy"})
_DESTS = frozenset({"-destination"})
# Downloads: Windows PowerShell 5.1 aliases curl and wget to Invoke-WebRequest.
_FETCHERS = frozenset({"invoke-webrequest", "iwr", "invoke-restmethod", "irm", "curl", "wget",
                       "curl.exe", "wget.exe", "start-bitstransfer"})  # fmt: skip
_OUTS = frozenset({"-outfile", "-destination", "-o", "--output"})
_URLS = frozenset({"-uri", "-source"})
# cmd's switches (`copy /Y`, `xcopy /E`); a longer word starting with / is a (Linux) path.
_SWITCH = re.compile(r"/-?[A-Za-z]")


def at(cwd: str, path: str) -> str:
    """Where a file a Windows command names lands, as FactContext.resolve holds pip's names."""
    if is_windows_path(path) or is_windows_path(cwd):
        return image_paths.join(cwd, path)
    if len(cwd) + len(path) > image_paths.MAX_CACHED_PATH:
        return posixpath.normpath(posixpath.join(cwd, path))
    return resolved(cwd, path)


def _program(command: Command) -> str:
    first = command.argv[0]
    return first.value.replace("\\", "/").rpartition("/")[2].lower() if first.known else ""


def _named(words: tuple[Word, ...], names: frozenset[str]) -> Word | None:
    for i, word in enumerate(words[:-1]):
        if word.value.lower() in names:
            return words[i + 1]
    return None


def _positionals(words: tuple[Word, ...], with_values: frozenset[str]) -> list[Word]:
    out: list[Word] = []
    skip = False
    for word in words:
        if skip:
            skip = False
            continue
        lowered = word.value.lower()
        if lowered in with_values:
            skip = True
        elif not word.value.startswith("-") and not _SWITCH.fullmatch(word.value):
            out.append(word)
    return out


def written(command: Command, cwd: str, files: Mapping[str, str | None]) -> dict[str, str | None]:
    """Image path → content (None: unknown) of each file the command writes or copies."""
    if not command.argv:
        return {}
    program = _program(command)
    args = command.argv[1:]
    out: dict[str, str | None] = {}
    if program in _WRITERS:
        if program in ("new-item", "ni"):
            kind = _named(args, frozenset({"-itemtype", "-type"}))
            if kind is not None and kind.value.lower() == "directory":
                return {}
        target = _named(args, _PATHS) or next(iter(_positionals(args, _VALUED)), None)
        if target is not None and target.known:
            out[at(cwd, target.value)] = None
    elif program in _COPIES:
        named = _named(args, _PATHS)
        rest = _positionals(args, _VALUED)
        source = named or (rest[0] if rest else None)
        after = 0 if named is not None else 1  # a -Path leaves the destination first
        dest = _named(args, _DESTS) or (rest[after] if len(rest) > after else None)
        if source is None or dest is None or not dest.known:
            return {}
        text = files.get(at(cwd, source.value)) if source.known else None
        landing = at(cwd, dest.value)
        out[landing] = text
        if source.known:
            # DEST may be a folder: the copy is then DEST\NAME.
            name = source.value.replace("\\", "/").rpartition("/")[2]
            out[at(landing, name)] = text
    return out


# Options of these cmdlets whose value is the next word (not a positional path).
_VALUED = frozenset({*_PATHS, *_DESTS, *_OUTS, *_URLS, "-value", "-itemtype", "-type",
                     "-encoding", "-inputobject", "-method", "-headers", "-body"})  # fmt: skip


def downloads(command: Command, cwd: str) -> list[tuple[str, str]]:
    """(image path, URL) of each file a Windows download command saves (content unknown)."""
    if not command.argv or _program(command) not in _FETCHERS:
        return []
    args = command.argv[1:]
    target = _named(args, _OUTS)
    if target is None or not target.known:
        return []
    url = _named(args, _URLS)
    if url is None:
        url = next((w for w in _positionals(args, _VALUED) if "://" in w.value), None)
    return [(at(cwd, target.value), url.value if url is not None and url.known else "")]
