"""A real package index for the suite: wheels and sdists built here, served as PEP 503 pages.

The wheels are real: zip files with METADATA, WHEEL and RECORD (hashes and sizes), named with
the tags the test asks for (`cp312-cp312-manylinux_2_17_x86_64`, `py3-none-any`, ...). The sdists
are real `.tar.gz` archives with PKG-INFO and a pyproject.toml. The index is served over HTTP on
127.0.0.1 by http.server in a thread; every link carries its `#sha256=` fragment as PyPI's does.
What the index holds comes from a YAML file under tests/data/wheels/.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import html
import io
import re
import tarfile
import threading
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import yaml

SDIST = "sdist"


def normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _metadata(name: str, version: str, requires: tuple[str, ...], python: str | None) -> str:
    lines = ["Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}"]
    if python:
        lines.append(f"Requires-Python: {python}")
    lines += [f"Requires-Dist: {r}" for r in requires]
    return "\n".join(lines) + "\n"


def _record_line(path: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{path},sha256={digest},{len(data)}"


def build_wheel(
    dest: Path,
    name: str,
    version: str,
    tag: str,
    requires: tuple[str, ...] = (),
    python: str | None = None,
) -> Path:
    """A wheel `{name}-{version}-{tag}.whl` holding one module and its dist-info."""
    dist = name.replace("-", "_")
    info = f"{dist}-{version}.dist-info"
    pure = tag.endswith("-none-any")
    files = {
        f"{dist}/__init__.py": f'__version__ = "{version}"\n'.encode(),
        f"{info}/METADATA": _metadata(name, version, requires, python).encode(),
        f"{info}/WHEEL": (
            "Wheel-Version: 1.0\nGenerator: gate-tests\n"
            f"Root-Is-Purelib: {'true' if pure else 'false'}\nTag: {tag}\n"
        ).encode(),
    }
    record = [_record_line(p, d) for p, d in files.items()] + [f"{info}/RECORD,,"]
    files[f"{info}/RECORD"] = ("\n".join(record) + "\n").encode()
    path = dest / f"{dist}-{version}-{tag}.whl"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in files.items():
            # A fixed date: the same release builds to the same bytes, so hashes are stable.
            archive.writestr(zipfile.ZipInfo(member, (2020, 1, 1, 0, 0, 0)), data)
    return path


def build_sdist(dest: Path, name: str, version: str, requires: tuple[str, ...] = ()) -> Path:
    """A source distribution `{name}-{version}.tar.gz` with PKG-INFO and a pyproject.toml."""
    dist = name.replace("-", "_")
    root = f"{dist}-{version}"
    deps = ", ".join(f'"{r}"' for r in requires)
    files = {
        f"{root}/PKG-INFO": _metadata(name, version, requires, None).encode(),
        f"{root}/pyproject.toml": (
            '[build-system]\nrequires = ["setuptools"]\nbuild-backend = "setuptools.build_meta"\n'
            f'[project]\nname = "{name}"\nversion = "{version}"\ndependencies = [{deps}]\n'
        ).encode(),
        f"{root}/{dist}/__init__.py": f'__version__ = "{version}"\n'.encode(),
    }
    path = dest / f"{root}.tar.gz"
    with (
        open(path, "wb") as raw,
        gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as zipped,
        tarfile.open(fileobj=zipped, mode="w") as archive,
    ):
        for member, data in files.items():
            entry = tarfile.TarInfo(member)
            entry.size = len(data)
            archive.addfile(entry, io.BytesIO(data))
    return path


@dataclass(frozen=True)
class Release:
    name: str
    version: str
    files: tuple[str, ...]  # wheel tags, or "sdist"
    requires: tuple[str, ...] = ()
    python: str | None = None


def load_releases(path: Path) -> tuple[Release, ...]:
    """Releases from a YAML mapping: project name → list of {version, files, requires, python}."""
    doc: dict[str, list[dict[str, Any]]] = yaml.safe_load(path.read_text())
    return tuple(
        Release(
            name=name,
            version=str(item["version"]),
            files=tuple(item["files"]),
            requires=tuple(item.get("requires") or ()),
            python=item.get("python"),
        )
        for name, items in doc.items()
        for item in items
    )


def build_distributions(dest: Path, releases: tuple[Release, ...]) -> dict[str, list[Path]]:
    """Every file of every release, by normalised project name."""
    dest.mkdir(parents=True, exist_ok=True)
    out: dict[str, list[Path]] = {}
    for release in releases:
        for kind in release.files:
            if kind == SDIST:
                built = build_sdist(dest, release.name, release.version, release.requires)
            else:
                built = build_wheel(
                    dest, release.name, release.version, kind, release.requires, release.python
                )
            out.setdefault(normalize(release.name), []).append(built)
    return out


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass
class PackageIndex:
    """A served index: its simple URL, the files it holds, and how many requests it answered."""

    url: str
    files: dict[str, list[Path]]
    requests: list[str]

    def file(self, project: str, suffix: str) -> Path:
        """The one file of `project` whose name ends with `suffix`."""
        found = [p for p in self.files[normalize(project)] if p.name.endswith(suffix)]
        assert len(found) == 1, (project, suffix, found)
        return found[0]


def _handler(files: dict[str, list[Path]], log: list[str]) -> type[BaseHTTPRequestHandler]:
    by_name = {p.name: p for paths in files.values() for p in paths}

    class Handler(BaseHTTPRequestHandler):
        body = True

        def log_message(self, format: str, *args: Any) -> None:
            return

        def do_HEAD(self) -> None:
            self.do_GET(body=False)

        def do_GET(self, body: bool = True) -> None:
            log.append(f"{self.command} {self.path}")
            self.body = body
            parts = [p for p in self.path.split("?")[0].split("/") if p]
            if parts == ["simple"]:
                links = "".join(f'<a href="/simple/{n}/">{n}</a>\n' for n in sorted(files))
                self._answer(200, _page("Simple index", links), "text/html")
            elif len(parts) == 2 and parts[0] == "simple" and parts[1] in files:
                links = "".join(
                    f'<a href="/files/{html.escape(p.name)}#sha256={sha256(p)}">'
                    f"{html.escape(p.name)}</a>\n"
                    for p in sorted(files[parts[1]])
                )
                self._answer(200, _page(parts[1], links), "text/html")
            elif len(parts) == 2 and parts[0] == "files" and parts[1] in by_name:
                self._answer(200, by_name[parts[1]].read_bytes(), "application/octet-stream")
            else:
                self._answer(404, b"not found", "text/plain")

        def _answer(self, status: int, body: bytes, kind: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.body:
                self.wfile.write(body)

    return Handler


def _page(title: str, links: str) -> bytes:
    return (
        "<!DOCTYPE html>\n<html><head><title>"
        f"{html.escape(title)}</title></head><body>\n{links}</body></html>\n"
    ).encode()


@contextmanager
def serve_index(dest: Path, releases: tuple[Release, ...]) -> Iterator[PackageIndex]:
    """Build the releases into `dest` and serve them on 127.0.0.1 until the block ends."""
    files = build_distributions(dest, releases)
    log: list[str] = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(files, log))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield PackageIndex(f"http://127.0.0.1:{server.server_port}/simple", files, log)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
