"""A project's files on a simple index (PEP 503 HTML or PEP 691 JSON), and which wheels fit.

Used after the resolver failed on a project: which of its versions has a wheel for the target,
and which is nearest to the version that failed. Files whose names do not parse are skipped;
yanked files (PEP 592) count, as pip and uv still install a yanked version pinned with `==`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import httpx
from packaging.tags import Tag, compatible_tags, cpython_tags
from packaging.utils import (
    InvalidSdistFilename,
    InvalidWheelFilename,
    canonicalize_name,
    parse_sdist_filename,
    parse_wheel_filename,
)
from packaging.version import Version

from gate.wheels.target import WheelTarget

_ACCEPT = "application/vnd.pypi.simple.v1+json, text/html;q=0.1"
_MAX_PAGE = 20_000_000


class IndexUnavailable(Exception):
    """The index could not be read (network, status, malformed page)."""


@dataclass(frozen=True)
class ProjectFile:
    filename: str
    version: Version
    tags: frozenset[Tag]  # empty for an sdist
    sha256: str | None

    @property
    def is_wheel(self) -> bool:
        return bool(self.tags)


@dataclass(frozen=True)
class Nearest:
    """Versions with a wheel for the target, on either side of the one that has none."""

    older: str | None
    newer: str | None


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def _file(filename: str, sha256: str | None) -> ProjectFile | None:
    try:
        if filename.endswith(".whl"):
            _, version, _, tags = parse_wheel_filename(filename)
            return ProjectFile(filename, version, tags, sha256)
        _, version = parse_sdist_filename(filename)
        return ProjectFile(filename, version, frozenset(), sha256)
    except (InvalidWheelFilename, InvalidSdistFilename):
        return None


def parse_page(body: bytes, content_type: str, page_url: str) -> tuple[ProjectFile, ...]:
    """The files a project page lists."""
    out: list[ProjectFile | None] = []
    if "json" in content_type:
        try:
            doc = json.loads(body)
            entries = doc["files"]
            for entry in entries:
                hashes = entry.get("hashes") or {}
                out.append(_file(str(entry["filename"]), hashes.get("sha256")))
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise IndexUnavailable(f"{page_url}: malformed JSON page ({error})") from None
    else:
        links = _Links()
        links.feed(body.decode("utf-8", errors="replace"))
        for href in links.hrefs:
            url = urljoin(page_url, href)
            parts = urlsplit(url)
            fragment = parts.fragment
            sha = fragment[7:] if fragment.startswith("sha256=") else None
            out.append(_file(parts.path.rsplit("/", 1)[-1], sha))
    return tuple(f for f in out if f is not None)


class IndexReader:
    """Project pages of one index, over one connection pool, each page read once."""

    def __init__(self, index_url: str, timeout: float) -> None:
        self.index_url = index_url.rstrip("/")
        self._client = httpx.Client(timeout=timeout, follow_redirects=True)
        self._pages: dict[str, tuple[ProjectFile, ...]] = {}

    def __enter__(self) -> IndexReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self._client.close()

    def files(self, project: str) -> tuple[ProjectFile, ...]:
        """One project's files; () when the index has no such project; IndexUnavailable."""
        name = canonicalize_name(project)
        if name not in self._pages:
            self._pages[name] = self._read(f"{self.index_url}/{name}/")
        return self._pages[name]

    def _read(self, url: str) -> tuple[ProjectFile, ...]:
        body = bytearray()
        try:
            with self._client.stream("GET", url, headers={"Accept": _ACCEPT}) as response:
                if response.status_code == 404:
                    return ()
                if response.status_code != 200:
                    raise IndexUnavailable(f"{url}: HTTP {response.status_code}")
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) > _MAX_PAGE:
                        raise IndexUnavailable(f"{url}: page larger than {_MAX_PAGE} bytes")
                kind = response.headers.get("content-type", "")
        except httpx.HTTPError as error:
            raise IndexUnavailable(f"{url}: {error}") from None
        return parse_page(bytes(body), kind, url)


def project_files(index_url: str, project: str, timeout: float) -> tuple[ProjectFile, ...]:
    """Read one project page; IndexUnavailable when it cannot be read."""
    with IndexReader(index_url, timeout) as reader:
        return reader.files(project)


def _platforms(target: WheelTarget) -> list[str]:
    arch = target.arch or ""
    if target.os == "windows":
        return ["win_amd64"] if arch == "x86_64" else ["win_arm64"]
    if target.libc == "musl":
        return [f"musllinux_1_{m}_{arch}" for m in range(2, -1, -1)] + [f"linux_{arch}"]
    levels = [f"manylinux_2_{m}_{arch}" for m in range(target.manylinux_minor, 4, -1)]
    legacy = {"manylinux2014": 17, "manylinux2010": 12, "manylinux1": 5}
    levels += [f"{n}_{arch}" for n, m in legacy.items() if m <= target.manylinux_minor]
    return [*levels, f"linux_{arch}"]


def supported_tags(target: WheelTarget) -> frozenset[Tag]:
    """The wheel tags a CPython of the target's version accepts on its platform."""
    major, minor = (int(p) for p in (target.python or "3.0").split(".")[:2])
    platforms = _platforms(target)
    abi = f"cp{major}{minor}"
    tags = set(cpython_tags((major, minor), [abi], platforms))
    tags.update(compatible_tags((major, minor), abi, platforms))
    return frozenset(tags)


def wheel_versions(files: tuple[ProjectFile, ...], target: WheelTarget) -> list[Version]:
    """Versions that have a wheel the target accepts, oldest first."""
    tags = supported_tags(target)
    return sorted({f.version for f in files if f.tags & tags})


def nearest(files: tuple[ProjectFile, ...], target: WheelTarget, version: str | None) -> Nearest:
    """The versions with a fitting wheel nearest below and above `version` (None: the newest)."""
    fitting = [v for v in wheel_versions(files, target) if not v.is_prerelease]
    if version is None:
        return Nearest(str(fitting[-1]) if fitting else None, None)
    wanted = Version(version)
    older = [v for v in fitting if v < wanted]
    newer = [v for v in fitting if v > wanted]
    return Nearest(str(older[-1]) if older else None, str(newer[0]) if newer else None)
