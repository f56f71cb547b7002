"""Image configs from the local Docker engine, through the Docker SDK's low-level API.

The engine serves no config blob short of ``docker save`` (which streams every layer), so the
config is rebuilt from two cheap calls: ``GET /images/{id}/json`` (``Config`` with Env, Labels,
OnBuild; platform; RootFS) and ``GET /images/{id}/history`` (one item per config ``history``
entry, newest first, with ``CreatedBy`` and ``Comment``; reversed here, so indexes match the
config's). ``empty_layer`` and ``author`` are not served, so they are absent.

Base layers: the legacy builder records each step as an image whose ``Parent`` is the previous
one, and the history API lays those image IDs over the entries. The newest ancestor that carries
a name (a tag or a repo digest) and whose own history is a prefix of this image's is the base.
BuildKit images have no parent chain; for them a base named by the caller (a Dockerfile's FROM)
or by the ``org.opencontainers.image.base.name`` label counts only if it is present locally and
its history is a prefix of this image's.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from gate.model import GateError
from gate.sources.history import MAX_HISTORY
from gate.sources.image_config import ImageConfig, inspect_config
from gate.sources.registry.manifest import Platform

if TYPE_CHECKING:
    from docker import APIClient

DEFAULT_TIMEOUT = 30.0
# Ancestors inspected while looking for the base image in a legacy parent chain.
MAX_ANCESTOR_LOOKUPS = 64
_MISSING = "<missing>"


class EngineError(GateError):
    """The local Docker engine could not give the gate an image (one line, no traceback)."""


def _reason(error: BaseException) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= 300 else text[:297] + "..."


def _client(docker_host: str | None, timeout: float) -> APIClient:
    import docker
    from docker.errors import DockerException

    try:
        kwargs: dict[str, Any] = docker.utils.kwargs_from_env()
        if docker_host is not None:
            kwargs["base_url"] = docker_host
        kwargs["timeout"] = timeout
        return docker.APIClient(**kwargs)
    except DockerException as error:
        where = docker_host or kwargs.get("base_url") or "the default socket"
        raise EngineError(f"cannot reach the Docker engine at {where}: {_reason(error)}") from None


def _iso(seconds: object) -> str | None:
    if not isinstance(seconds, int) or isinstance(seconds, bool) or seconds <= 0:
        return None
    try:
        moment = datetime.datetime.fromtimestamp(seconds, tz=datetime.UTC)
    except (OverflowError, OSError, ValueError):
        return None
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _history_items(raw: object, ref: str) -> list[Mapping[str, Any]]:
    if not isinstance(raw, list) or not all(isinstance(i, Mapping) for i in raw):
        raise EngineError(f"image {ref}: the engine's history answer is not a list of objects")
    if len(raw) > MAX_HISTORY:
        raise EngineError(f"image {ref}: more than {MAX_HISTORY} history entries")
    return raw


def _entries(items: Sequence[Mapping[str, Any]]) -> list[dict[str, object]]:
    """History API items (newest first) → config ``history`` entries (oldest first)."""
    entries: list[dict[str, object]] = []
    for item in reversed(items):
        entry: dict[str, object] = {}
        created = _iso(item.get("Created"))
        if created is not None:
            entry["created"] = created
        created_by = item.get("CreatedBy")
        if isinstance(created_by, str):
            entry["created_by"] = created_by
        comment = item.get("Comment")
        if isinstance(comment, str) and comment:
            entry["comment"] = comment
        entries.append(entry)
    return entries


def _signature(items: Sequence[Mapping[str, Any]]) -> list[tuple[object, object]]:
    """(CreatedBy, Comment) per history item, oldest first: what base matching compares."""
    return [(i.get("CreatedBy"), i.get("Comment") or "") for i in reversed(items)]


def engine_config(
    inspect: Mapping[str, Any], items: Sequence[Mapping[str, Any]]
) -> dict[str, object]:
    """The image config rebuilt from an inspect answer and the history items."""
    config = inspect_config(inspect)
    config["history"] = _entries(items)
    return config


class _Engine:
    """One read: the client and the image's history items."""

    def __init__(self, client: APIClient, ref: str) -> None:
        self.client = client
        self.ref = ref
        self.lookups = 0

    def inspect(self, ref: str) -> Mapping[str, Any] | None:
        from docker.errors import DockerException, NotFound

        try:
            answer = self.client.inspect_image(ref)
        except NotFound:
            return None
        except DockerException as error:
            raise EngineError(f"image {self.ref}: the engine failed: {_reason(error)}") from None
        except OSError as error:  # connection reset, timeouts below requests
            raise EngineError(f"image {self.ref}: the engine failed: {_reason(error)}") from None
        if not isinstance(answer, Mapping):
            raise EngineError(f"image {self.ref}: the engine's inspect answer is not an object")
        return answer

    def history(self, image_id: str) -> list[Mapping[str, Any]] | None:
        from docker.errors import DockerException, NotFound

        try:
            raw = self.client.history(image_id)
        except NotFound:
            return None
        except (DockerException, OSError) as error:
            raise EngineError(f"image {self.ref}: the engine failed: {_reason(error)}") from None
        return _history_items(raw, self.ref)

    def prefix_length(self, items: Sequence[Mapping[str, Any]], base_ref: str) -> int | None:
        """len(base history) when `base_ref` is a local image whose history prefixes `items`."""
        info = self.inspect(base_ref)
        image_id = info.get("Id") if info is not None else None
        if not isinstance(image_id, str):
            return None
        theirs = self.history(image_id)
        if not theirs or len(theirs) > len(items):
            return None
        ours = _signature(items)
        return len(theirs) if ours[: len(theirs)] == _signature(theirs) else None

    def parent_chain_base(self, items: Sequence[Mapping[str, Any]]) -> int | None:
        """The base found along a legacy build's parent chain (see the module docstring)."""
        for position in range(1, len(items)):
            item_id = items[position].get("Id")
            if not isinstance(item_id, str) or item_id == _MISSING:
                continue
            named = bool(items[position].get("Tags"))
            if not named:
                if self.lookups >= MAX_ANCESTOR_LOOKUPS:
                    return None
                self.lookups += 1
                info = self.inspect(item_id)
                named = info is not None and bool(info.get("RepoTags") or info.get("RepoDigests"))
            if named:
                length = self.prefix_length(items, item_id)
                if length == len(items) - position:
                    return length
        return None


def _platform(inspect: Mapping[str, Any]) -> Platform | None:
    os_name, arch, variant = inspect.get("Os"), inspect.get("Architecture"), inspect.get("Variant")
    if not isinstance(os_name, str) or not isinstance(arch, str) or not os_name or not arch:
        return None
    return Platform(os_name, arch, variant if isinstance(variant, str) and variant else None)


def _manifest_digest(inspect: Mapping[str, Any]) -> str | None:
    digests = inspect.get("RepoDigests")
    if isinstance(digests, list):
        for item in digests:
            if isinstance(item, str) and "@" in item:
                return item.rpartition("@")[2]
    return None


def read_engine_image(
    ref: str,
    *,
    docker_host: str | None = None,
    base: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> list[ImageConfig]:
    """The config of local image `ref` (one element), rebuilt from inspect and history.

    `docker_host` overrides ``DOCKER_HOST`` (e.g. ``unix:///run/docker.sock``). `base` names the
    image the build started FROM, used to mark base entries when it is present locally.
    EngineError when the engine cannot be reached or has no such image.
    """
    from docker.errors import DockerException

    client = _client(docker_host, timeout)
    try:
        engine = _Engine(client, ref)
        inspect = engine.inspect(ref)
        if inspect is None:
            raise EngineError(f"image {ref} not found in the local Docker engine")
        image_id = inspect.get("Id")
        if not isinstance(image_id, str) or not image_id:
            raise EngineError(f"image {ref}: the engine's inspect answer has no Id")
        items = engine.history(image_id)
        if items is None:
            raise EngineError(f"image {ref} not found in the local Docker engine")
        config = engine_config(inspect, items)
        labels = config["config"]
        label_base = labels.get("Labels") if isinstance(labels, Mapping) else None
        candidates = [base] if base else []
        if isinstance(label_base, Mapping):
            named = label_base.get("org.opencontainers.image.base.name")
            if isinstance(named, str) and named:
                candidates.append(named)
        base_len: int | None = None
        for candidate in candidates:
            try:
                base_len = engine.prefix_length(items, candidate)
            except EngineError:
                base_len = None  # not a reference the engine understands: no base from it
            if base_len is not None:
                break
        if base_len is None:
            base_len = engine.parent_chain_base(items)
    except DockerException as error:
        raise EngineError(f"image {ref}: the engine failed: {_reason(error)}") from None
    finally:
        client.close()
    return [
        ImageConfig(
            reference=ref,
            digest=_manifest_digest(inspect) or image_id,
            config_digest=image_id,
            platform=_platform(inspect),
            config=MappingProxyType(config),
            base_history_len=base_len,
        )
    ]
