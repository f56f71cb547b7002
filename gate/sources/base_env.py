"""The config of a Dockerfile's base image (Env, Shell, os), where the gate can read it cheaply.

``read_dockerfile`` takes a lookup ``(ref, platform) -> BaseImage | None`` (the platform a
FROM --platform names, or None) and does no I/O of its own; this module makes one from the
``--base-env`` setting:

- ``auto`` (default): the local engine only, and only when one is there to ask — the engine
  ``--docker-host``/``DOCKER_HOST`` names (a ``unix://`` socket must exist), else the default
  socket ``/var/run/docker.sock`` if it exists. The image must already be in the engine: nothing is
  pulled and no registry is contacted. The engine holds one platform of a reference: an image of
  another platform than FROM --platform names is not that stage's base (not read under ``auto``,
  a failure under ``engine``).
- ``engine``: the same engine lookup, asked whenever a host or socket is given or exists.
- ``registry``: the config fetched from the registry (``--insecure-registry``, ``--registry-ca``;
  timeouts of RegistryOptions). The platform FROM --platform names is read; otherwise an image
  index gives each variable that every platform sets to the same value; a variable the
  platforms disagree on is of unknown value; a Shell or os they disagree on is not known.
- ``none``: no lookup (the base is taken to set nothing, as without this module).

Every lookup is best-effort: an unreachable engine, an image it does not have, a registry error
or a malformed answer all mean "nothing known" (an empty base environment, the gate's behaviour
before this module), never an error. A lookup that was asked and failed says so (``failure``),
for reports to name: a verdict judged without the base's Env may differ from one with it. Only an
image the engine does not have under ``auto`` is silent (the engine is a cache, not a source).
Engine calls are bounded by ENGINE_TIMEOUT; an engine that failed to answer once is not asked
again in this process. Answers are cached per process, per setting and base reference.
"""

from __future__ import annotations

import _thread
import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any, Literal

from gate.model import Env, GateError

BaseEnvSource = Literal["auto", "engine", "registry", "none"]

ENGINE_TIMEOUT = 2.0
DEFAULT_SOCKET = "/var/run/docker.sock"
MAX_ENV_VARS = 4096  # config.Env entries read
MAX_SHELL_WORDS = 64  # config.Shell entries read
MAX_CACHED = 1024  # base references remembered per process

_lock = _thread.allocate_lock()  # threading.Lock, without importing threading
_cache: dict[tuple[BaseEnvOptions, str, str | None], BaseImage | None] = {}
_dead_engines: dict[str, str] = {}  # engine host -> why it is not asked again
MAX_FAILURE_CHARS = 200


@dataclass(frozen=True)
class BaseImage:
    """What a stage built FROM an image inherits from that image's config."""

    env: Env
    # config.Shell: the shell RUN's shell form runs under (None: not set, the OS default).
    shell: tuple[str, ...] | None = None
    os: str | None = None  # "linux", "windows", … (None: not known)
    # Where it was read, for reports (a run with and without an engine must not differ
    # silently): the image's digest (engine: its ID; registry: the index or manifest digest)
    # and "engine HOST" or "registry".
    digest: str | None = None
    read_from: str = ""
    # The lookup was asked and failed (why, one line): env, Shell and os are not known.
    failure: str | None = None


# (reference, the platform FROM --platform names or None) -> the base, when known.
BaseEnvLookup = Callable[[str, str | None], BaseImage | None]
# The platform of `FROM --platform=$P` where P has no known value (not the build's own
# $TARGETPLATFORM/$BUILDPLATFORM): any platform, so no one image of the engine is that base.
UNKNOWN_PLATFORM = "?"


@dataclass(frozen=True)
class BaseEnvOptions:
    source: BaseEnvSource = "auto"
    docker_host: str | None = None  # None: DOCKER_HOST, else the default socket
    insecure: tuple[str, ...] = ()  # registries that may be spoken to over plain HTTP
    registry_ca: str | None = None  # extra CA certificates (PEM) to trust for registries
    platform: str | None = None  # os/arch[/variant] of an index to read; None: all agree


def base_env_lookup(options: BaseEnvOptions) -> BaseEnvLookup | None:
    """The lookup for `options`, or None when it would never find anything."""
    if options.source == "none":
        return None
    if options.source in ("auto", "engine") and _engine_host(options) is None:
        return None  # no engine to ask: no lookup at all, as fast as `none`
    return partial(_cached, options)


def clear_cache() -> None:
    """Forget cached answers and engines that failed (tests)."""
    with _lock:
        _cache.clear()
        _dead_engines.clear()


def env_of_config(config: Mapping[str, object]) -> dict[str, str]:
    """``config.Env`` (of an image config, or an inspect answer's ``Config``) as a mapping."""
    inner = config.get("config", config.get("Config"))
    env = inner.get("Env") if isinstance(inner, Mapping) else None
    found: dict[str, str] = {}
    if isinstance(env, list):
        for item in env[:MAX_ENV_VARS]:
            if isinstance(item, str) and "=" in item:
                key, _, value = item.partition("=")
                if key:
                    found[key] = value
    return found


@dataclass(frozen=True)
class ShellInEffect:
    """The shell a stage's shell-form RUNs run under, and the others they may run under."""

    shell: tuple[str, ...]
    # Shells the step may run under instead (the base image's config could not be read).
    alternatives: tuple[tuple[str, ...], ...] = ()


POSIX_SHELL = ("/bin/sh", "-c")
WINDOWS_SHELL = ("cmd", "/S", "/C")
POWERSHELL = ("powershell", "-Command")
# Image names that only exist for Windows (python's *-windowsservercore*, mcr's windows/…).
_WINDOWS_NAME = re.compile(r"windows|servercore|nanoserver|dotnet/framework", re.IGNORECASE)


def shell_in_effect(ref: str, image: BaseImage | None) -> ShellInEffect:
    """The builder's default shell for a stage FROM ``ref`` (before any SHELL instruction).

    The config's Shell wins; else the OS default: ``cmd /S /C`` on Windows, ``/bin/sh -c``
    elsewhere. Without a config, an image named as a Windows one is assumed to run cmd, and
    PowerShell (what python's official Windows images set) is the alternative.
    """
    if image is not None and image.shell:
        return ShellInEffect(image.shell)
    if image is not None and image.os is not None:
        return ShellInEffect(WINDOWS_SHELL if image.os == "windows" else POSIX_SHELL)
    if _WINDOWS_NAME.search(ref):
        return ShellInEffect(WINDOWS_SHELL, (POWERSHELL,))
    return ShellInEffect(POSIX_SHELL)


def base_image_of_config(config: Mapping[str, object]) -> BaseImage:
    """Env, Shell and os of an image config (or of an engine's inspect answer)."""
    inner = config.get("config", config.get("Config"))
    shell = inner.get("Shell") if isinstance(inner, Mapping) else None
    words = (
        tuple(shell[:MAX_SHELL_WORDS])
        if isinstance(shell, list) and shell and all(isinstance(w, str) for w in shell)
        else None
    )
    os_name = config.get("os", config.get("Os"))
    return BaseImage(
        env=env_of_config(config),
        shell=words,
        os=os_name.lower() if isinstance(os_name, str) and os_name else None,
    )


def agreed_image(images: Sequence[BaseImage]) -> BaseImage:
    """One base for several platforms: what they do not all share is not known."""
    shells = {i.shell for i in images}
    systems = {i.os for i in images}
    return BaseImage(
        env=agreed_env([{k: v for k, v in i.env.items() if v is not None} for i in images]),
        shell=next(iter(shells)) if len(shells) == 1 else None,
        os=next(iter(systems)) if len(systems) == 1 else None,
    )


def agreed_env(envs: Sequence[Mapping[str, str]]) -> dict[str, str | None]:
    """One environment for several platforms: a value they do not all share is unknown."""
    if not envs:
        return {}
    names = {name for env in envs for name in env}
    out: dict[str, str | None] = {}
    for name in sorted(names):
        values = {env.get(name) for env in envs}
        value = next(iter(values)) if len(values) == 1 else None
        out[name] = value
    return out


def _cached(options: BaseEnvOptions, ref: str, platform: str | None) -> BaseImage | None:
    key = (options, ref, platform)
    with _lock:
        if key in _cache:
            return _cache[key]
    found = _lookup(options, ref, platform)
    with _lock:
        if len(_cache) >= MAX_CACHED:
            _cache.clear()
        _cache[key] = found
    return found


def _lookup(options: BaseEnvOptions, ref: str, platform: str | None) -> BaseImage | None:
    if options.source == "registry":
        # An unknown platform reads what every platform of an index agrees on.
        asked = None if platform == UNKNOWN_PLATFORM else platform
        return _from_registry(options, ref, asked or options.platform)
    host = _engine_host(options)
    if host is None:
        return None
    return _from_engine(host, ref, platform, missing_is_failure=options.source == "engine")


def _failed(read_from: str, why: object) -> BaseImage:
    text = " ".join(str(why).split())[:MAX_FAILURE_CHARS] or type(why).__name__
    return BaseImage({}, read_from=read_from, failure=text)


def _engine_host(options: BaseEnvOptions) -> str | None:
    """The engine to ask, or None when there is none worth asking (no socket file)."""
    host = options.docker_host or os.environ.get("DOCKER_HOST") or None
    if host is None:
        return f"unix://{DEFAULT_SOCKET}" if os.path.exists(DEFAULT_SOCKET) else None
    for prefix in ("unix://", "http+unix://"):
        if host.startswith(prefix):
            return host if os.path.exists(host[len(prefix) :]) else None
    if host.startswith("npipe://"):
        return host if os.name == "nt" else None
    return host


def _from_engine(
    host: str, ref: str, platform: str | None, *, missing_is_failure: bool
) -> BaseImage | None:
    where = f"engine {host}"
    with _lock:
        dead = _dead_engines.get(host)
    if dead is not None:
        return _failed(where, dead)
    try:
        import docker
        from docker.errors import DockerException, NotFound
    except ImportError:
        return None
    try:
        kwargs: dict[str, Any] = docker.utils.kwargs_from_env()
        kwargs["base_url"] = host
        kwargs["timeout"] = ENGINE_TIMEOUT
        client = docker.APIClient(**kwargs)
    except (DockerException, OSError, ValueError) as exc:
        return _dead(host, exc)
    try:
        answer = client.inspect_image(ref)
    except NotFound:
        # Never pull. Under `auto` the engine is a cache that may well lack the image.
        return _failed(where, "the engine does not have the image") if missing_is_failure else None
    except (DockerException, OSError, ValueError) as exc:
        return _dead(host, exc)  # unreachable or too slow: do not wait on it again
    finally:
        client.close()
    if not isinstance(answer, Mapping):
        return _failed(where, "the engine's answer is not an image")
    held = _other_platform(answer, platform)
    if held is not None:
        # Its Env or Shell may differ from the platform the stage is built for (an image's
        # configs are per platform); under `auto` the engine is a cache that lacks that one.
        wanted = "a platform gate cannot tell" if platform == UNKNOWN_PLATFORM else platform
        why = f"the engine's image is for {held}, not {wanted}"
        return _failed(where, why) if missing_is_failure else None
    image = base_image_of_config(answer)
    ident = answer.get("Id")
    digest = ident if isinstance(ident, str) else None
    return replace(image, digest=digest, read_from=where)


def _other_platform(answer: Mapping[str, object], platform: str | None) -> str | None:
    """The platform of an inspect answer when it is not `platform` (None: it is, or either is
    not known: an answer without Os/Architecture is taken as the one asked for)."""
    from gate.sources.registry.errors import RegistryError
    from gate.sources.registry.manifest import Platform

    os_name, arch, variant = (answer.get(k) for k in ("Os", "Architecture", "Variant"))
    if platform == UNKNOWN_PLATFORM:
        # `FROM --platform=$P`: the stage may be built for any platform, and the engine holds
        # one (a base whose Env differs per platform passed as the engine's one said).
        known = isinstance(os_name, str) and isinstance(arch, str) and os_name and arch
        return f"{os_name}/{arch}" if known else "a platform gate cannot tell"
    if platform is None or not isinstance(os_name, str) or not isinstance(arch, str):
        return None
    if not os_name or not arch:
        return None
    try:
        wanted = Platform.parse(platform)
    except RegistryError:
        return None
    held = Platform(os_name, arch, variant if isinstance(variant, str) and variant else None)
    return None if held.matches(wanted) else str(held)


def _dead(host: str, why: Exception) -> BaseImage:
    failed = _failed(f"engine {host}", why)
    with _lock:
        _dead_engines[host] = failed.failure or ""
    return failed


def _from_registry(options: BaseEnvOptions, ref: str, platform: str | None) -> BaseImage | None:
    from gate.sources.registry import RegistryOptions, fetch_configs_sync

    try:
        registry = RegistryOptions(
            insecure=frozenset(options.insecure),
            ca_bundle=Path(options.registry_ca) if options.registry_ca else None,
        )
        configs = fetch_configs_sync(ref, platform=platform, options=registry)
    except (GateError, OSError, ValueError) as exc:
        return _failed("registry", exc)  # judged as if it set nothing, and said
    if not configs:
        return _failed("registry", "no image config")
    image = agreed_image([base_image_of_config(c.config) for c in configs])
    first = configs[0]
    digest = first.index_digest or first.digest
    return replace(image, digest=digest, read_from="registry")
