"""Image configs from ``docker save`` tarballs and OCI image layouts (tarballs or directories).

Nothing is extracted to disk. Members are looked up by their normalised names, placed as
``docker load`` extracts them: an absolute name is the same name in the archive's root
(``/manifest.json`` is read as manifest.json, so it and a ``manifest.json`` are two copies), and
an archive holding a name ``..`` takes out of it is refused, as docker load refuses it. Links,
also in a name's directories, are followed as ``docker load`` follows them in the folder it
extracts to: an
absolute target starts at the archive's root and ``..`` stops there; at most ``MAX_LINK_HOPS``
of them. A name gate reads that more than one member holds is refused: extracting keeps the
last copy, a reader that streams to the first match takes the first.
Only the small JSON documents are read, each under a size cap and a cap on the values it holds
(gate/json_object.py), and every blob named by a digest is checked against it.

Work is bounded whatever the file holds: a compressed tarball is decompressed only up to
``MAX_DECOMPRESSED`` bytes in all (every backward seek decompresses again from the start, and
counts again), at most ``MAX_MEMBERS`` members are scanned and no single read (a tar or PAX header,
a document) exceeds ``MAX_READ``. ``docker save`` writes plain tar, where scanning only reads the
headers; a compressed one past the cap is refused with a line saying to decompress it first. The
documents read from a layout directory share the same budget.

OCI layouts (``index.json``, also written by ``docker save`` since Docker 25) carry manifest
digests, platforms and annotations; ``manifest.json`` (the classic ``docker save`` format, the
only one ``docker load`` reads) names each image's config file. Both are read: an image only
``manifest.json`` names is judged too.
"""

from __future__ import annotations

import bz2
import gzip
import lzma
import posixpath
import re
import tarfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import IO, NoReturn, Protocol

from gate.go_json_names import misspelled_field, spelling_problem
from gate.json_object import NotJsonObject, load_json
from gate.model import InputError
from gate.sources.file_name import file_name
from gate.sources.image_config import ImageConfig, config_name_problem
from gate.sources.registry.digest import compute_digest, digest_problem
from gate.sources.registry.errors import RegistryError
from gate.sources.registry.manifest import (
    CONFIG_TYPES,
    INDEX_TYPES,
    MANIFEST_TYPES,
    Descriptor,
    ImageIndex,
    ImageManifest,
    config_platform,
    parse_manifest,
    select_manifests,
)

MiB = 1024 * 1024
MAX_INDEX_BYTES = 4 * MiB  # index.json, manifest.json and manifest blobs
MAX_CONFIG_BYTES = 8 * MiB
# docker save writes about five members per layer; 64 images of 50 distinct layers stay under.
MAX_MEMBERS = 16_384
# Decompressed bytes (or, for plain tar, bytes read) while scanning and reading one archive: a
# few kilobytes of bzip2 expand to gigabytes, and a plain tar header may claim a huge PAX record.
MAX_DECOMPRESSED = 64 * MiB
MAX_READ = 16 * MiB
# PAX records and GNU long names of all the headers together: tarfile parses a record in a
# Python loop, and 60 MiB of 6-byte records took 9 s. Go's archive/tar (docker save) writes
# them only for long names, xattrs and the like: about 150 bytes per member at most.
MAX_HEADER_RECORDS = 4 * MiB
_PLAIN_TAR = "docker save writes plain tar: decompress it and give the .tar"
# Magic numbers of the compressions tarfile can read, and of zstd, which it cannot.
_GZIP, _BZIP2, _XZ, _ZSTD = b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00", b"\x28\xb5\x2f\xfd"
MAX_IMAGES = 64
MAX_MANIFESTS = 256
MAX_INDEX_DEPTH = 4
MAX_LINK_HOPS = 8
# Folders in a member's name or a link's target: docker save and OCI layouts use three at most,
# and resolving a name goes through each (a 20,000-folder name took 1.6 s, growing squared).
MAX_NAME_PARTS = 64

# The fields of docker save's manifest.json entries gate reads (moby tarexport manifestItem),
# and of a config's platform (containerd matches an entry without one by its config's).
_SAVED_FIELDS = ("Config", "RepoTags")
_PLATFORM_FIELDS = ("os", "architecture", "variant")
_REF_NAME = "org.opencontainers.image.ref.name"
_CONTAINERD_NAME = "io.containerd.image.name"
# A config file name that carries its digest: "<hex>.json", "blobs/sha256/<hex>", "sha256:<hex>".
_DIGEST_NAME = re.compile(
    r"(?:^|/)(?:(sha256|sha512)[:/])?([0-9a-f]{128}|[0-9a-f]{64})(?:\.json)?$"
)


class ArchiveError(InputError):
    """An archive or OCI layout cannot be read as container images (one line)."""


def _normalise(name: str) -> str | None:
    """A member name as a relative POSIX path, as ``docker load`` places it: a leading ``/`` is
    dropped (go-archive's Unpack, tarexport's safePath join it to the root), so ``/manifest.json``
    is the manifest.json it reads. None for the root itself; ClimbingName for a name ``..``
    takes out of the archive, which docker load refuses ("invalid entry name")."""
    if not name or "\x00" in name:
        return None
    clean = posixpath.normpath(name.replace("\\", "/").lstrip("/") or ".")
    if clean == ".." or clean.startswith("../"):
        raise _ClimbingName(name)
    return None if clean == "." else clean


class _ClimbingName(Exception):
    """A name whose ``..`` climbs out of the archive's root."""


_EXTENDED_HEADERS = frozenset(
    {
        tarfile.GNUTYPE_LONGNAME,
        tarfile.GNUTYPE_LONGLINK,
        tarfile.XHDTYPE,
        tarfile.XGLTYPE,
        tarfile.SOLARIS_XHDTYPE,
    }
)


class _SparseMember(Exception):
    """A member stored sparse, met while tarfile reads its header."""


class _DenseTarInfo(tarfile.TarInfo):
    """A TarInfo that refuses sparse members before tarfile reads their map.

    docker save and OCI tools (Go's archive/tar) never write one, and tarfile reads a sparse
    map of millions of entries (a few megabytes of text) into a list, then the member's data in
    quadratic time: a 21 MB tar of a 2-million-entry map held 850 MB and ran past 200 s. The
    methods are tarfile's own (their arguments differ between Python versions).
    """

    def _proc_member(self, archive: tarfile.TarFile) -> tarfile.TarInfo:
        # tarfile's own dispatch: PAX and GNU long-name records are counted before it reads them.
        if self.type in _EXTENDED_HEADERS and isinstance(archive.fileobj, _Bounded):
            archive.fileobj.spend_records(self.size)
        member: tarfile.TarInfo = super()._proc_member(archive)  # type: ignore[misc]
        return member

    def _proc_sparse(self, *args: object) -> NoReturn:  # old GNU format, type "S"
        raise _SparseMember(self.name)

    def _proc_gnusparse_00(self, *args: object) -> NoReturn:  # PAX sparse formats 0.0, 0.1, 1.0
        raise _SparseMember(getattr(args[0], "name", self.name))

    _proc_gnusparse_01 = _proc_gnusparse_00
    _proc_gnusparse_10 = _proc_gnusparse_00


def _in_scope(target: str) -> str | None:
    """A link's target as extraction into a root resolves it (``docker load`` follows links in
    the scope of its directory, containerd joins them to the link's folder): an absolute target
    starts at the archive's root, and ``..`` stops there. None for the root itself."""
    if "\x00" in target:
        return None
    clean = posixpath.normpath("/" + target.replace("\\", "/")).lstrip("/")
    return clean or None


class _Store(Protocol):
    def read(self, name: str, cap: int) -> bytes | None: ...

    def close(self) -> None: ...


class _Seekable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...

    def seek(self, offset: int, whence: int = 0, /) -> int: ...

    def close(self) -> None: ...


@dataclass
class _Bounded:
    """A file tarfile reads through, refused once the work it caused passes MAX_DECOMPRESSED.

    For a decompressing file (gzip, bzip2, xz) every byte read counts, a forward seek counts the
    bytes it skips (they are decompressed) and a backward seek counts its target (the stream
    restarts). For a plain file only reads count: seeks are free.
    """

    raw: IO[bytes]
    handle: _Seekable
    label: str
    compression: str | None
    used: int = 0
    position: int = 0
    records: int = 0

    def spend_records(self, amount: int) -> None:
        """Count a PAX or GNU long-name header's records before tarfile parses them."""
        self.records += amount
        if self.records > MAX_HEADER_RECORDS:
            raise ArchiveError(
                "its extended tar headers (PAX records, GNU long names) hold more than "
                f"{_size(MAX_HEADER_RECORDS)}",
                path=self.label,
            )

    @property
    def name(self) -> str:
        return self.label

    def _spend(self, amount: int) -> None:
        self.used += amount
        if self.used > MAX_DECOMPRESSED:
            if self.compression is not None:
                raise ArchiveError(
                    f"{self.compression}-compressed and more than {_size(MAX_DECOMPRESSED)} once "
                    f"decompressed (as far as it was read); {_PLAIN_TAR}",
                    path=self.label,
                )
            raise ArchiveError(
                f"reading its tar headers and documents took more than {_size(MAX_DECOMPRESSED)}",
                path=self.label,
            )

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0 or size > MAX_READ:
            raise ArchiveError(
                f"a tar header or member read larger than {_size(MAX_READ)}", path=self.label
            )
        self._spend(size)
        data = self.handle.read(size)
        self.position += len(data)
        return data

    def seek(self, offset: int, whence: int = 0) -> int:
        target = {0: offset, 1: self.position + offset}.get(whence)
        if target is None or target < 0:
            raise OSError("unsupported seek")
        if self.compression is not None:
            self._spend(target - self.position if target >= self.position else target)
        try:
            self.position = self.handle.seek(target)
        except (ValueError, OverflowError):
            # A PAX header's size of 10**20: past the end of any file there is.
            raise ArchiveError(
                "broken tar archive (a member claims more bytes than a file can hold)",
                path=self.label,
            ) from None
        return self.position

    def tell(self) -> int:
        return self.position

    def close(self) -> None:
        self.handle.close()
        self.raw.close()


def _open_tar(path: Path, label: str) -> tuple[tarfile.TarFile, _Bounded]:
    """The tar in `path`, plain or compressed, read through a _Bounded file."""
    raw = path.open("rb")
    try:
        magic = raw.read(6)
        raw.seek(0)
        handle: _Seekable
        if magic.startswith(_ZSTD):
            raise ArchiveError(
                f"zstd-compressed, which gate does not read; {_PLAIN_TAR}", path=label
            )
        if magic.startswith(_GZIP):
            compression: str | None = "gzip"
            handle = gzip.GzipFile(fileobj=raw, mode="rb")
        elif magic.startswith(_BZIP2):
            compression, handle = "bzip2", bz2.BZ2File(raw, mode="rb")
        elif magic.startswith(_XZ):
            compression, handle = "xz", lzma.LZMAFile(raw, mode="rb")  # noqa: SIM115
        else:
            compression, handle = None, raw
    except BaseException:
        raw.close()
        raise
    bounded = _Bounded(raw, handle, label, compression)
    try:
        # Closed by _TarStore.close; the file object is duck-typed (tarfile needs read/seek/tell).
        tar = tarfile.open(fileobj=bounded, mode="r:", tarinfo=_DenseTarInfo)  # type: ignore[call-overload]  # noqa: SIM115
    except BaseException:
        bounded.close()
        raise
    return tar, bounded


class _TarStore:
    """Members of a tar archive (plain or compressed), read lazily and never extracted."""

    def __init__(self, path: Path, label: str) -> None:
        self.label = label
        try:
            self.tar, self.file = _open_tar(path, label)
        except FileNotFoundError:
            raise ArchiveError("no such file", path=label) from None
        except IsADirectoryError:
            raise ArchiveError("is a directory", path=label) from None
        except _SparseMember as sparse:
            raise _sparse_error(sparse, label) from None
        except (tarfile.TarError, EOFError, zlib.error, lzma.LZMAError, gzip.BadGzipFile):
            raise ArchiveError(
                "not a tar archive (plain, gzip, bzip2 or xz) nor an OCI layout directory",
                path=label,
            ) from None
        except OSError as error:
            raise ArchiveError(f"cannot read: {error.strerror or error}", path=label) from None
        self.members: dict[str, tarfile.TarInfo] = {}
        # Names held by more than one member: extracting keeps the last copy, a reader that
        # streams to the first match (or `tar -xO`, which prints both) sees another document.
        self.repeated: set[str] = set()
        try:
            for count, member in enumerate(self.tar, start=1):
                if count > MAX_MEMBERS:
                    raise ArchiveError(
                        f"more than {MAX_MEMBERS} members (docker save writes a few per layer)",
                        path=label,
                    )
                try:
                    name = _normalise(member.name)
                except _ClimbingName:
                    raise ArchiveError(
                        f"member {member.name[:200]!r} climbs out of the archive "
                        "(docker load refuses it as an invalid entry name)",
                        path=label,
                    ) from None
                if name is not None and name.count("/") >= MAX_NAME_PARTS:
                    raise ArchiveError(
                        f"a member's name is nested deeper than {MAX_NAME_PARTS} folders",
                        path=label,
                    )
                if name is not None:
                    if name in self.members:
                        self.repeated.add(name)
                    self.members[name] = member
        except ArchiveError:
            self.close()
            raise
        except _SparseMember as sparse:
            self.close()
            raise _sparse_error(sparse, label) from None
        except (tarfile.TarError, EOFError, OSError, zlib.error, lzma.LZMAError) as error:
            self.close()
            raise ArchiveError(f"broken tar archive ({_reason(error)})", path=label) from None
        self._mark_aliases()

    def _member(self, name: str) -> tarfile.TarInfo | None:
        if name in self.repeated:
            raise ArchiveError(
                f"{name} appears more than once in the archive (tools differ on which copy "
                "they read)",
                path=self.label,
            )
        return self.members.get(name)

    def _resolve(self, name: str) -> tarfile.TarInfo | None:
        """The member `name` stands for once extracted: a link in any of its components is
        followed (``blobs/sha512`` a link to ``store`` makes ``blobs/sha512/X`` read
        ``store/X``, as the file a tool opens after ``tar x`` is), within the archive only."""
        walked = self._walk(name, follow_last=True)
        return None if walked is None else walked[1]

    def _walk(self, name: str, *, follow_last: bool) -> tuple[str, tarfile.TarInfo | None] | None:
        """(the name `name` reaches through links, the member there); None when it reaches no
        member the archive can hold. With `follow_last` off, a link at the end is not followed
        (the place an entry of that name is extracted to)."""
        parts, done, hops = name.split("/"), 0, 0
        while True:
            if len(parts) > MAX_NAME_PARTS:
                raise ArchiveError(
                    f"{name[:200]}: nested deeper than {MAX_NAME_PARTS} folders", path=self.label
                )
            current = "/".join(parts[: done + 1])
            last = done == len(parts) - 1
            member = self._member(current) if last else self._step(current)
            is_link = member is not None and (member.issym() or member.islnk())
            if not is_link or (last and not follow_last):
                if last:
                    return current, member
                done += 1
                continue
            assert member is not None
            hops += 1
            if hops > MAX_LINK_HOPS:
                raise ArchiveError(
                    f"{name}: links nested deeper than {MAX_LINK_HOPS}", path=self.label
                )
            if member.issym():
                target = posixpath.join(posixpath.dirname(current), member.linkname)
            elif not last:
                return None  # a hard link names a file, never a directory to go through
            else:
                target = member.linkname  # hard links name a member from the archive root
            resolved = _in_scope("/".join([target, *parts[done + 1 :]]))
            if resolved is None:
                return None
            parts, done = resolved.split("/"), 0

    def _mark_aliases(self) -> None:
        """Names that extraction writes to one place (`d/c.json` through a link `d -> e`, and
        `e/c.json`) are repeated names too: the last one written wins there, whichever name a
        tool then reads it by."""
        places: dict[str, str] = {}
        for name, member in self.members.items():
            if member.isdir() or name in self.repeated:
                continue
            try:
                walked = self._walk(name, follow_last=False)
            except ArchiveError:
                continue  # a looping name: reading it says so
            if walked is None:
                continue
            place = walked[0]
            other = places.setdefault(place, name)
            if other != name:
                self.repeated.update((place, name, other))

    def _step(self, name: str) -> tarfile.TarInfo | None:
        """The member a path goes through (a directory or a link to one): a directory entry
        the archive repeats is harmless, a repeated link is not."""
        member = self.members.get(name)
        if member is not None and not member.isdir():
            return self._member(name)
        return member

    def read(self, name: str, cap: int) -> bytes | None:
        member = self._resolve(name)
        if member is None:
            return None
        if not member.isfile():
            raise ArchiveError(f"{name} is not a regular file", path=self.label)
        if member.size > cap:
            raise ArchiveError(f"{name} is larger than {_size(cap)}", path=self.label)
        try:
            handle = self.tar.extractfile(member)
            if handle is None:
                return None
            with handle:
                data = handle.read(cap + 1)
        except (tarfile.TarError, EOFError, OSError, zlib.error, lzma.LZMAError) as error:
            raise ArchiveError(f"{name}: cannot read ({_reason(error)})", path=self.label) from None
        if len(data) > cap:
            raise ArchiveError(f"{name} is larger than {_size(cap)}", path=self.label)
        return data

    def close(self) -> None:
        self.tar.close()
        self.file.close()


class _DirStore:
    """Files of an OCI layout (or an unpacked docker save) directory, kept inside it."""

    def __init__(self, root: Path, label: str) -> None:
        self.root = root.resolve()
        self.label = label
        # Bytes read in all, under the tar's budget: an index may list one large blob hundreds
        # of times, and each copy is read, parsed and kept.
        self.used = 0

    def read(self, name: str, cap: int) -> bytes | None:
        try:
            path = (self.root / name).resolve()
            outside = not path.is_relative_to(self.root)
            # A directory, FIFO or device: opening it could block or read forever.
            special = not outside and path.exists() and not path.is_file()
        except (OSError, RuntimeError) as error:
            # A link loop (RuntimeError before Python 3.13), a name too long for the system.
            why = error.strerror if isinstance(error, OSError) else None
            raise ArchiveError(
                f"{_reason(ValueError(name))}: cannot read: {why or 'a loop of links'}",
                path=self.label,
            ) from None
        if outside:
            raise ArchiveError(f"{name} points outside the layout directory", path=self.label)
        if special:
            raise ArchiveError(f"{name} is not a regular file", path=self.label)
        try:
            with path.open("rb") as handle:
                data = handle.read(cap + 1)
        except (FileNotFoundError, NotADirectoryError):
            return None
        except OSError as error:
            raise ArchiveError(f"{name}: cannot read: {error.strerror}", path=self.label) from None
        if len(data) > cap:
            raise ArchiveError(f"{name} is larger than {_size(cap)}", path=self.label)
        self.used += len(data)
        if self.used > MAX_DECOMPRESSED:
            raise ArchiveError(
                f"reading its documents took more than {_size(MAX_DECOMPRESSED)}", path=self.label
            )
        return data

    def close(self) -> None:
        pass


def _sparse_error(sparse: _SparseMember, label: str) -> ArchiveError:
    name = _reason(sparse)
    return ArchiveError(
        f"{name} is stored as a sparse file, which docker save never writes", path=label
    )


def _reason(error: BaseException) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= 200 else text[:197] + "..."


def _size(n: int) -> str:
    return f"{n // MiB} MiB" if n % MiB == 0 else f"{n} bytes"


def _json(data: bytes, what: str, label: str) -> object:
    try:
        return load_json(data)
    except NotJsonObject as why:
        raise ArchiveError(f"{what} is {why}", path=label) from None


class _Reader:
    """One read_archive call: the store, and the images found so far."""

    def __init__(self, store: _Store, label: str) -> None:
        self.store = store
        self.label = label
        self.images: list[ImageConfig] = []
        self.manifests = 0

    def blob(self, digest: str, cap: int, what: str, size: int | None = None) -> bytes | None:
        problem = digest_problem(digest)
        if problem is not None:
            raise ArchiveError(f"{what}: {problem}", path=self.label)
        algorithm, _, hexpart = digest.partition(":")
        data = self.store.read(f"blobs/{algorithm}/{hexpart}", cap)
        if data is None:
            return None
        if size is not None and len(data) != size:
            raise ArchiveError(
                f"{what} {digest}: {len(data)} bytes, the descriptor says {size}", path=self.label
            )
        if compute_digest(data, algorithm) != digest:
            raise ArchiveError(
                f"{what} {digest}: content does not match its digest", path=self.label
            )
        return data

    def config(self, data: bytes, what: str) -> dict[str, object]:
        config = _json(data, what, self.label)
        if not isinstance(config, dict):
            raise ArchiveError(f"{what} is not a JSON object", path=self.label)
        spelling = config_name_problem(config)
        if spelling is not None:
            raise ArchiveError(f"{what}: {spelling}", path=self.label)
        return config

    # -- OCI layout --------------------------------------------------------------------------

    def oci(self, body: bytes) -> None:
        index = self.parse(body, "index.json")
        if isinstance(index, ImageManifest):
            self.oci_image(index, None, "", {})
            return
        self.oci_index(index, depth=1, name=None)

    def parse(self, body: bytes, where: str) -> ImageManifest | ImageIndex:
        try:
            return parse_manifest(body, None, where)
        except RegistryError as error:
            raise ArchiveError(error.message, path=self.label) from None

    def oci_index(self, index: ImageIndex, depth: int, name: str | None) -> None:
        if depth > MAX_INDEX_DEPTH:
            raise ArchiveError(f"indexes nested deeper than {MAX_INDEX_DEPTH}", path=self.label)
        for entry in select_manifests(index, None):
            if entry.media_type not in MANIFEST_TYPES | INDEX_TYPES:
                # containerd reads an entry by its descriptor's media type and fails on any other
                # ("unexpected media type"; an entry without a platform is taken last): no node
                # runs it, whatever the blob holds (an OCI artifact manifest, a signature). docker
                # load reads manifest.json, never index.json.
                continue
            self.manifests += 1
            if self.manifests > MAX_MANIFESTS:
                raise ArchiveError(f"more than {MAX_MANIFESTS} manifests", path=self.label)
            entry_name = name or _descriptor_name(entry)
            body = self.blob(entry.digest, MAX_INDEX_BYTES, "manifest", entry.size)
            if body is None:
                # A multi-platform index whose other platforms were not saved: skip them.
                continue
            document = self.parse(body, f"manifest {entry.digest}")
            if isinstance(document, ImageIndex):
                self.oci_index(document, depth + 1, entry_name)
            elif entry.media_type in INDEX_TYPES:
                raise ArchiveError(
                    f"manifest {entry.digest} is listed as an index but is not one",
                    path=self.label,
                )
            else:
                self.oci_image(document, entry, entry_name, entry.annotations)

    def oci_image(
        self,
        manifest: ImageManifest,
        entry: Descriptor | None,
        name: str | None,
        entry_annotations: Mapping[str, str],
    ) -> None:
        descriptor = manifest.config
        if descriptor.media_type not in CONFIG_TYPES:
            self.artifact(descriptor, entry)
            return
        if len(self.images) >= MAX_IMAGES:
            raise ArchiveError(f"more than {MAX_IMAGES} images", path=self.label)
        data = self.blob(descriptor.digest, MAX_CONFIG_BYTES, "config blob", descriptor.size)
        if data is None:
            raise ArchiveError(f"config blob {descriptor.digest} is missing", path=self.label)
        config = self.config(data, f"config blob {descriptor.digest}")
        digest = entry.digest if entry is not None else descriptor.digest
        platform = entry.platform if entry is not None else None
        self.images.append(
            ImageConfig(
                reference=name or f"{self.label}@{digest}",
                digest=digest,
                config_digest=descriptor.digest,
                platform=platform or config_platform(config),
                config=MappingProxyType(config),
                annotations=MappingProxyType({**entry_annotations, **manifest.annotations}),
                media_type=manifest.media_type,
            )
        )

    def artifact(self, descriptor: Descriptor, entry: Descriptor | None) -> None:
        """Pass over an artifact (signature, SBOM, ...), unless a node could run it.

        containerd picks an index entry by the platform it names, or else by the os and
        architecture its config declares, and reads the config whatever its media type: such an
        entry is refused, as the registry source refuses it, not skipped unjudged."""
        platform = entry.platform if entry is not None else None
        if platform is None:
            data = self.blob(descriptor.digest, MAX_CONFIG_BYTES, "config blob", descriptor.size)
            try:
                config = load_json(data) if data is not None else None
            except NotJsonObject:
                config = None
            if isinstance(config, dict):
                spelling = misspelled_field(config, _PLATFORM_FIELDS)
                if spelling is not None:
                    # containerd reads the platform of such a config as Go spells it.
                    raise ArchiveError(
                        f"config blob {descriptor.digest}: "
                        + spelling_problem(*spelling, "the config"),
                        path=self.label,
                    )
            platform = config_platform(config) if isinstance(config, dict) else None
        if platform is not None:
            raise ArchiveError(
                f"manifest {entry.digest if entry is not None else descriptor.digest}: config "
                f"media type {descriptor.media_type[:100]!r} is not a container image's, yet a "
                f"{platform} node would run it",
                path=self.label,
            )

    # -- docker save -------------------------------------------------------------------------

    def docker_save(self, body: bytes) -> None:
        entries = _json(body, "manifest.json", self.label)
        if not isinstance(entries, list):
            raise ArchiveError("manifest.json is not a list", path=self.label)
        if len(entries) > MAX_IMAGES:
            raise ArchiveError(f"more than {MAX_IMAGES} images", path=self.label)
        for i, entry in enumerate(entries):
            where = f"manifest.json[{i}]"
            if not isinstance(entry, dict) or not isinstance(entry.get("Config"), str):
                raise ArchiveError(f"{where} has no Config file name", path=self.label)
            spelling = misspelled_field(entry, _SAVED_FIELDS)
            if spelling is not None:
                # docker load decodes manifest.json with Go: `config` after `Config` wins.
                raise ArchiveError(spelling_problem(*spelling, where), path=self.label)
            try:
                member = _normalise(entry["Config"])
            except _ClimbingName:
                member = None
            if member is None:
                raise ArchiveError(f"{where}: Config points outside the archive", path=self.label)
            data = self.store.read(member, MAX_CONFIG_BYTES)
            if data is None:
                raise ArchiveError(f"{where}: config file {member} is missing", path=self.label)
            digest = compute_digest(data)
            named = _DIGEST_NAME.search(member)
            if named is not None:
                algorithm = named.group(1) or ("sha256" if len(named.group(2)) == 64 else "sha512")
                expected = f"{algorithm}:{named.group(2)}"
                if compute_digest(data, algorithm) != expected:
                    raise ArchiveError(
                        f"{where}: config file {member} does not match its digest", path=self.label
                    )
                digest = compute_digest(data, algorithm)
            config = self.config(data, f"config file {member}")
            tags = entry.get("RepoTags")
            tag = (
                next((t for t in tags if isinstance(t, str)), None)
                if isinstance(tags, list)
                else None
            )
            self.images.append(
                ImageConfig(
                    reference=tag or f"{self.label}@{digest}",
                    digest=digest,
                    config_digest=digest,
                    platform=config_platform(config),
                    config=MappingProxyType(config),
                )
            )


def _descriptor_name(entry: Descriptor) -> str | None:
    """The image name an OCI index entry carries (Docker and containerd annotate it)."""
    name = entry.annotations.get(_CONTAINERD_NAME)
    if name:
        return name
    ref = entry.annotations.get(_REF_NAME)
    # In an OCI layout a ref name is often just the tag; Docker writes the full name.
    return ref or None


def read_archive(path: str | Path) -> list[ImageConfig]:
    """Every image in a ``docker save`` tar or an OCI layout (tar or directory).

    ArchiveError (an InputError) when the file is no such archive, a document is malformed or
    over its size cap, or a blob does not match its digest.
    """
    label = file_name(str(path))  # named as a Dockerfile is: exceptions match that name
    where = Path(path)
    if where.exists() and not where.is_dir() and not where.is_file():
        raise ArchiveError("not a regular file or directory", path=label)
    store: _Store = _DirStore(where, label) if where.is_dir() else _TarStore(where, label)
    try:
        reader = _Reader(store, label)
        index = store.read("index.json", MAX_INDEX_BYTES)
        if index is not None:
            reader.oci(index)
        saved = store.read("manifest.json", MAX_INDEX_BYTES)
        if saved is not None:
            # `docker load` reads manifest.json alone, an OCI tool index.json: an archive may
            # name different images in each, and every one of them is judged (those both name,
            # as docker save writes them since Docker 25, once).
            seen = {image.config_digest for image in reader.images}
            oci, reader.images = reader.images, []
            reader.docker_save(saved)
            reader.images = oci + [i for i in reader.images if i.config_digest not in seen]
        elif index is None:
            raise ArchiveError(
                "neither an OCI layout (index.json) nor a docker save archive (manifest.json)",
                path=label,
            )
        if not reader.images:
            raise ArchiveError("holds no container image", path=label)
        return reader.images
    finally:
        store.close()
