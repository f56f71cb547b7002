"""A bare image config JSON file: the config blob, or ``docker inspect`` output for one image.

A config blob (Docker or OCI) is used as it is. ``docker inspect`` output (an object with
``Config``, or an array holding one) is turned into the config shape; it carries no history,
so the build it describes cannot be judged. A rendered ``docker history`` table is read best
effort (gate/sources/history_table.py: what the table shows, cut cells as unknown). Anything else
is refused with one clear line.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

from gate.json_object import NotJsonObject, load_json
from gate.model import InputError
from gate.sources.file_name import file_name
from gate.sources.history_table import looks_like_table, parse_table
from gate.sources.image_config import ImageConfig, inspect_config
from gate.sources.registry.digest import compute_digest
from gate.sources.registry.manifest import config_platform

MAX_CONFIG_FILE = 16 * 1024 * 1024
# Fields only an image config (Docker or OCI) has at its top level.
_CONFIG_KEYS = ("history", "rootfs", "config", "container_config")
_NOT_CONFIG = "not an image config JSON"


def _refuse(path: str, why: str) -> InputError:
    return InputError(f"{_NOT_CONFIG}: {why}", path=path)


def _from_table(data: bytes, path: str) -> dict[str, object]:
    """A rendered ``docker history`` table, read best effort (gate/sources/history_table.py)."""
    text = data.decode("utf-8", errors="replace")
    config = parse_table(text)
    if config is None:
        raise _refuse(
            path,
            "this looks like `docker history` output, but no table header with rows was found; "
            "give the image, a `docker save` archive or its config blob",
        )
    return config


def _is_inspect(item: object) -> bool:
    return isinstance(item, Mapping) and "Config" in item and ("Id" in item or "RootFS" in item)


def parse_config(data: bytes, path: str) -> dict[str, object]:
    """The image config in `data`; InputError naming `path` when it holds none."""
    try:
        document = load_json(data)
    except NotJsonObject as why:
        reason = str(why)
        if reason == "not valid JSON" and looks_like_table(
            data[:8192].decode("utf-8", errors="replace")
        ):
            return _from_table(data, path)
        raise _refuse(path, f"JSON {reason}" if reason == "nested too deeply" else reason) from None
    if isinstance(document, list):
        images = [item for item in document if _is_inspect(item)]
        if len(document) == 1 and images:
            return inspect_config(images[0])
        if len(images) > 1:
            raise _refuse(path, f"`docker inspect` output for {len(images)} images; give one")
        raise _refuse(path, "a JSON array, not an object")
    if not isinstance(document, dict):
        raise _refuse(path, "not a JSON object")
    if _is_inspect(document):
        return inspect_config(document)
    if "manifests" in document or "layers" in document or "schemaVersion" in document:
        raise _refuse(path, "this is an image manifest or index; give the config blob it points to")
    if not any(key in document for key in _CONFIG_KEYS):
        raise _refuse(path, "it has none of history, rootfs, config")
    return document


def read_config_file(path: str | Path) -> ImageConfig:
    """Read one image config JSON file (or ``docker inspect`` output for one image)."""
    # Named as a Dockerfile is (gate/sources/file_name.py): an exception's path glob covers
    # `./c.json` as `c.json`, and `vendor/**` does not cover `vendor/../app/c.json`.
    label = file_name(str(path))
    where = Path(path)
    if where.exists() and not where.is_file() and not where.is_dir():
        # A FIFO or device: reading it could block or never end.
        raise InputError("not a regular file", path=label)
    try:
        with where.open("rb") as handle:
            data = handle.read(MAX_CONFIG_FILE + 1)
    except FileNotFoundError:
        raise InputError("no such file", path=label) from None
    except IsADirectoryError:
        raise InputError("is a directory, not an image config JSON file", path=label) from None
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror or error}", path=label) from None
    if len(data) > MAX_CONFIG_FILE:
        raise InputError(f"larger than {MAX_CONFIG_FILE // (1024 * 1024)} MiB", path=label)
    config = parse_config(data, label)
    digest = compute_digest(data)
    return ImageConfig(
        reference=label,
        digest=digest,
        config_digest=digest,
        platform=config_platform(config),
        config=MappingProxyType(config),
    )
