"""A Debian base image with python3 for building gate's own Dockerfile without Docker Hub.

The root filesystem is made from this machine's installed Debian packages (their `dpkg -L` file
lists: python3.11 with venv and ensurepip's wheels, dash as /bin/sh, and every library they depend
on), packed into a deterministic tar and `docker import`ed. The tar is cached under
`.gate-test-run/cache/`, keyed by the packages' names and versions, so a later run only imports it.
Also here: a wheelhouse of the hashed locks served as a PEP 503 index on loopback, for the build's
`PIP_INDEX_URL` (the build runs with `--network host`).
"""

from __future__ import annotations

import hashlib
import html
import io
import re
import subprocess
import sys
import tarfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from tests.support.paths import REPO

CACHE = REPO / ".gate-test-run" / "cache"
ROOTS = (
    "python3.11-minimal",
    "python3.11",
    "python3.11-venv",
    "python3-minimal",
    "python3-pip-whl",
    "python3-setuptools-whl",
    "dash",
)
# Debian's merged /usr: the packages list /lib/... and /bin/... while the files live under /usr.
MERGED = {"/bin": "/usr/bin", "/sbin": "/usr/sbin", "/lib": "/usr/lib", "/lib64": "/usr/lib64"}
SKIPPED = ("/usr/share/doc/", "/usr/share/man/", "/usr/share/locale/", "/usr/share/lintian/")
_FORMAT = "${db:Status-Status}\t${Version}\t${Pre-Depends}, ${Depends}"
_DEP_NAME = re.compile(r"^\s*([a-z0-9][a-z0-9+.-]*)")


@dataclass(frozen=True)
class Package:
    name: str
    version: str


def _query(name: str) -> tuple[str, str] | None:
    done = subprocess.run(
        ["dpkg-query", "-W", "-f", _FORMAT, name],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0 or not done.stdout.startswith("installed\t"):
        return None
    _, version, depends = done.stdout.split("\t", 2)
    return version, depends


def closure(roots: tuple[str, ...] = ROOTS) -> list[Package]:
    """The root packages and everything they depend on that is installed (first alternative)."""
    found: dict[str, Package] = {}
    pending = list(roots)
    while pending:
        name = pending.pop()
        if name in found:
            continue
        queried = _query(name)
        if queried is None:
            if name in roots:
                raise FileNotFoundError(f"Debian package {name} is not installed")
            continue
        version, depends = queried
        found[name] = Package(name, version)
        for clause in depends.split(","):
            # `a | b`: the first installed alternative.
            for alternative in clause.split("|"):
                match = _DEP_NAME.match(alternative.split(":")[0])
                if match and _query(match.group(1)) is not None:
                    pending.append(match.group(1))
                    break
    return sorted(found.values(), key=lambda p: p.name)


def _canonical(path: str) -> str:
    for old, new in MERGED.items():
        if path == old or path.startswith(old + "/"):
            return new + path[len(old) :]
    return path


def _files(packages: list[Package]) -> list[str]:
    paths: set[str] = set()
    for package in packages:
        listed = subprocess.run(
            ["dpkg", "-L", package.name], capture_output=True, text=True, check=True
        ).stdout.splitlines()
        for path in listed:
            path = _canonical(path)
            if path.startswith(SKIPPED) or path.startswith("/etc/"):
                continue
            host = Path(path)
            if host.is_symlink() or host.is_file():
                paths.add(path)
    return sorted(paths)


def _add_dir(tar: tarfile.TarFile, name: str, mode: int = 0o755) -> None:
    info = tarfile.TarInfo(name)
    info.type = tarfile.DIRTYPE
    info.mode = mode
    tar.addfile(info)


def _write_rootfs(packages: list[Package], dest: Path) -> None:
    files = _files(packages)
    dirs = sorted({str(p) for f in files for p in Path(f[1:]).parents if str(p) != "."})
    with tarfile.open(dest, "w", format=tarfile.PAX_FORMAT) as tar:
        for name in dirs:
            _add_dir(tar, name)
        for name in ("tmp", "var/tmp"):
            _add_dir(tar, name, 0o1777)
        for name in ("etc", "root", "work"):
            _add_dir(tar, name)
        for old, new in MERGED.items():
            info = tarfile.TarInfo(old[1:])
            info.type = tarfile.SYMTYPE
            info.linkname = new[1:]
            tar.addfile(info)
        passwd = b"root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534::/nonexistent:/bin/sh\n"
        info = tarfile.TarInfo("etc/passwd")
        info.size = len(passwd)
        info.mode = 0o644
        tar.addfile(info, io.BytesIO(passwd))
        for path in files:
            info = tar.gettarinfo(path, arcname=path[1:])
            info.uid = info.gid = 0
            info.uname = info.gname = "root"
            info.mtime = 0
            if info.isreg():
                with open(path, "rb") as handle:
                    tar.addfile(info, handle)
            else:
                tar.addfile(info)


def rootfs() -> Path:
    """The cached root filesystem tar for this machine's packages (built on first use)."""
    packages = closure()
    key = hashlib.sha256(
        "\n".join(f"{p.name}={p.version}" for p in packages).encode()
        + Path(__file__).read_bytes()
    ).hexdigest()[:16]
    dest = CACHE / f"python-base-{key}.tar"
    if not dest.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        partial_dest = dest.with_suffix(".partial")
        _write_rootfs(packages, partial_dest)
        partial_dest.replace(dest)
    return dest


def wheelhouse(*locks: Path) -> Path:
    """The locks' wheels (hash-checked by pip download), cached by the locks' content."""
    key = hashlib.sha256(b"".join(lock.read_bytes() for lock in locks)).hexdigest()[:16]
    dest = CACHE / f"wheels-{key}"
    if not dest.is_dir():
        staging = CACHE / f"wheels-{key}.partial"
        staging.mkdir(parents=True, exist_ok=True)
        argv = [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--only-binary",
                ":all:", "--require-hashes", "-d", str(staging)]
        for lock in locks:
            subprocess.run([*argv, "-r", str(lock)], check=True, timeout=600,
                           stderr=subprocess.DEVNULL)
        staging.replace(dest)
    return dest


def _normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _simple_index(wheels: Path) -> Path:
    """A PEP 503 layout (simple/<project>/index.html) beside the wheels, linking to them."""
    root = wheels / "simple"
    projects: dict[str, list[str]] = {}
    for wheel in sorted(wheels.glob("*.whl")):
        projects.setdefault(_normalize(wheel.name.split("-")[0]), []).append(wheel.name)
    for project, names in projects.items():
        folder = root / project
        folder.mkdir(parents=True, exist_ok=True)
        links = "".join(f'<a href="../../{html.escape(n)}">{html.escape(n)}</a>\n' for n in names)
        (folder / "index.html").write_text(f"<!DOCTYPE html><html><body>\n{links}</body></html>\n")
    return root


@contextmanager
def serve_index(wheels: Path) -> Iterator[str]:
    """Serve `wheels` over HTTP on 127.0.0.1; yields the index URL for PIP_INDEX_URL."""
    _simple_index(wheels)
    handler = partial(SimpleHTTPRequestHandler, directory=str(wheels))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/simple/"
    finally:
        server.shutdown()
        server.server_close()
