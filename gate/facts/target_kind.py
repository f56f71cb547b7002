"""What kind of thing an install target is: a package name, a local directory, a VCS URL, ...

One classifier for every tool that takes PEP 508 requirements or paths on its command line
(`uv pip install x`, `uv add ./lib`, `uvx --from git+https://…`, `poetry add`, `easy_install`), so
the policy sees the same kinds whatever tool wrote them.
"""

from __future__ import annotations

import re

from gate.model import Requirement, TargetKind, Word

# The files that make a folder a project pip can build (a local target), as pip looks for them.
PROJECT_MANIFESTS = ("pyproject.toml", "setup.py", "setup.cfg")
_VCS_PREFIXES = ("git+", "hg+", "svn+", "bzr+")
_WHEEL_SUFFIXES = (".whl",)
# Source archive names pip and uv unpack and build (pip's ARCHIVE_EXTENSIONS without .whl).
_ARCHIVE_SUFFIXES = (
    ".tar.gz",
    ".tgz",
    ".tar",
    ".zip",
    ".tar.bz2",
    ".tbz",
    ".tar.xz",
    ".txz",
    ".tlz",
    ".tar.lz",
    ".tar.lzma",
    ".tar.zst",
)
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")
# `name[extras] @ reference`, the PEP 508 direct reference form.
# One whitespace run between the name and `@` (two, around an optional group, backtrack
# quadratically over a long run of spaces).
_DIRECT = re.compile(r"\s*[A-Za-z0-9][A-Za-z0-9._-]*\s*(?:\[[^\]]*\]\s*)?@\s*(?P<ref>\S.*)")
_WINDOWS_PATH = re.compile(r"[A-Za-z]:[\\/]")


def _strip_url_tail(text: str) -> str:
    """The part of a URL or path that names the file: no #fragment, no ?query."""
    return text.split("#", 1)[0].split("?", 1)[0].rstrip("/")


def file_kind(text: str) -> TargetKind | None:
    """wheel/archive of a URL (or a name) by the end of its path: a wheel only by `.whl`
    itself (pip's Link.is_wheel; a `.WHL` is unpacked and built, measured pip 23.2.1/26.2.1)."""
    name = _strip_url_tail(text)
    if name.endswith(_WHEEL_SUFFIXES):
        return "wheel"
    if name.lower().endswith(_WHEEL_SUFFIXES + _ARCHIVE_SUFFIXES):
        return "archive"
    return None




def _without_extras(text: str) -> str:
    """pip's _strip_extras (`^(.+)(\\[[^\\]]+\\])$`): `./x.tar.gz[test]` is ./x.tar.gz. Found
    by a scan (the regex backtracks quadratically over a run of `[`): the last `[` after the
    last inner `]` that leaves text before it and a non-empty inside."""
    if not text.endswith("]"):
        return text
    inner_close = text.rfind("]", 0, len(text) - 1)
    opening = text.rfind("[", 0, len(text) - 2)
    return text[:opening] if opening > max(inner_close, 0) else text


def _path_file_kind(text: str) -> TargetKind | None:
    """wheel/archive of a local path as pip names it (req/constructors.py parse_req_from_line):
    extras cut, `#` and `?` kept (a path's own characters), an archive by its lower-cased suffix
    (is_archive_file) but a wheel only by `.whl` itself (Link.is_wheel). Measured pip 23.2.1 and
    26.2.1, `--only-binary :all:`: `./evil-1.0-py3-none-any.WHL` (a zip of the sdist),
    `./evil-1.0.tar.gz[x]`, `./evil-1.0-py3-none-any.whl#.tar.gz` all build evil. uv refuses the
    `.WHL` and reads `#` as a URL fragment (no build either way), so the pip reading fails closed
    for it."""
    name = _without_extras(text).rstrip("/")
    lowered = name.lower()
    if name.endswith(_WHEEL_SUFFIXES):
        return "wheel"
    if lowered.endswith(_WHEEL_SUFFIXES + _ARCHIVE_SUFFIXES):
        return "archive"
    return None


def _looks_like_path(text: str) -> bool:
    return (
        text.startswith((".", "/", "~", "\\"))
        or "/" in text
        or "\\" in text
        or bool(_WINDOWS_PATH.match(text))
    )


def _reference_kind(ref: str) -> TargetKind:
    """Kind of a URL or path (the right side of `name @ …`, or a bare target)."""
    lowered = ref.lower()
    if lowered.startswith(_VCS_PREFIXES):
        return "vcs"
    is_url = lowered.startswith("file:") or _URL.match(ref) is not None
    kind = file_kind(ref) if is_url else _path_file_kind(ref)
    if kind is not None:
        return kind
    if lowered.startswith("file:"):
        return "local"
    if _URL.match(ref):
        return "url"
    return "local"


# pip's is_url: a scheme pip fetches, or one of its VCS backends' (vcs.all_schemes).
_PIP_URL_SCHEMES = frozenset({"http", "https", "file", "ftp", "git", "svn"})


def _without_marker(text: str) -> str:
    """The text before an environment marker, cut where pip cuts it (parse_req_from_line): at
    `"; "` in a URL, else at the first `;`, so `./evil-1.0.tar.gz;python_version>"3"` is the
    archive it names (measured pip 23.2.1 and 26.2.1 under --only-binary :all:, on the command
    line and in a requirements file: evil is built)."""
    scheme, colon, _ = text.partition(":")
    scheme = scheme.lower()
    url = bool(colon) and (scheme in _PIP_URL_SCHEMES or scheme.startswith(_VCS_PREFIXES))
    return text.split("; " if url else ";", 1)[0].strip()


def classify_target(text: str) -> TargetKind:
    """The kind of one requirement or path as a tool's command line or requirements file has it."""
    text = text.strip()
    if not text:
        return "unknown"
    if text.startswith("$"):
        return "unknown"
    text = _without_marker(text) or text
    direct = _DIRECT.fullmatch(text)
    if direct is not None:
        ref = direct.group("ref").strip()
        # `ruff@0.5` (uv tool syntax) is a version, not a reference.
        if _URL.match(ref) or _looks_like_path(ref) or ref.lower().startswith(_VCS_PREFIXES):
            return _reference_kind(ref)
        return "name"
    if text.lower().startswith(_VCS_PREFIXES) or _URL.match(text):
        return _reference_kind(text)
    if _path_file_kind(text) is not None:
        return _reference_kind(text)
    if _looks_like_path(text) or text == ".":
        return "local"
    return "name"


def requirement_of(word: Word, *, editable: bool = False, source: str = "cli") -> Requirement:
    """A Requirement for a command-line word; an unresolved leading expansion is kind unknown,
    and so is a path `find … -exec` hands its body as `{}` where gate does not judge it per file
    (a found `*.tar.gz` or project folder is built even under `--only-binary :all:`; an
    editable one is a local path, as any editable)."""
    unknown = word.may_be_option or (not editable and not word.known and "{}" in word.value)
    kind: TargetKind = "unknown" if unknown else classify_target(word.value)
    if editable and kind == "name":
        # `-e name` is not valid for any tool; an editable is always a path or VCS checkout.
        kind = "local"
    return Requirement(kind=kind, text=word.value, editable=editable, source=source)
