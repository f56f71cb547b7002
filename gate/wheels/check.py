"""Will this install still build with `--only-binary :all:`? One answer per install fact.

"safe": uv resolves every requirement (and its dependencies) to wheels for the target.
"unsafe": a project has no wheel for the target; each one is named with the nearest versions that
have one (read from the index page). After each such project uv is asked again with it pinned to
that version (or left out when no version has a wheel), so every failing project is named, up to
a bound. "unknown": the gate cannot tell, and says why (platform or Python unknown, requirements
it cannot read, offline, index unreachable). The network is used only when the caller asks
(offline answers come from the cache or say they cannot check).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from packaging.requirements import InvalidRequirement
from packaging.requirements import Requirement as Pep508
from packaging.utils import canonicalize_name
from packaging.version import Version

from gate.model import Install
from gate.wheels import cache
from gate.wheels.index import IndexReader, IndexUnavailable, supported_tags
from gate.wheels.index import nearest as nearest_versions
from gate.wheels.lockfiles import LockFiles
from gate.wheels.resolver import (
    NoWheel,
    Resolved,
    ResolverUnavailable,
    Unresolvable,
    compile_binary_only,
)
from gate.wheels.target import WheelTarget

PUBLIC_INDEX = "https://pypi.org/simple"
MAX_ROUNDS = 8
# A marker no interpreter satisfies: an override with it takes the project out of the resolution.
_NEVER = "sys_platform == 'gate-no-wheel'"

_INDEX_OPTIONS = frozenset(
    {"-i", "--index-url", "--extra-index-url", "--index", "--default-index", "-f", "--find-links",
     "--no-index"}
)  # fmt: skip

Status = Literal["safe", "unsafe", "unknown"]


@dataclass(frozen=True)
class IndexOptions:
    url: str = PUBLIC_INDEX
    offline: bool = False  # answer from the cache only
    cache_dir: Path | None = None  # None: the user cache dir (see gate.wheels.cache)
    timeout: float = 120.0  # seconds for one resolver run
    retries: int = 3  # the resolver's retries of a failed request
    prerelease: bool = False  # set from the install's own --pre


@dataclass(frozen=True)
class MissingWheel:
    """A project with no wheel for the target, and the nearest versions that have one."""

    project: str
    version: str | None  # the version that has none; None: no version the install allows has one
    nearest_older: str | None = None
    nearest_newer: str | None = None
    # The wheel exists, but the install's hashed lock lists no hash of it: pip refuses it.
    unhashed: bool = False

    @property
    def message(self) -> str:
        what = f"{self.project} {self.version}" if self.version else self.project
        if self.unhashed:
            return (
                f"{what} has a wheel, but the lock lists no hash of it (only of other files); "
                "add the wheel's hash to the lock"
            )
        near = [v for v in (self.nearest_older, self.nearest_newer) if v]
        if near:
            return f"{what} has no wheel; nearest version with one: {' or '.join(near)}"
        return f"{what} has no wheel, and no version has one"


@dataclass(frozen=True)
class WheelCheck:
    install_id: int
    target: WheelTarget
    status: Status
    reason: str
    requirements: tuple[str, ...] = ()
    missing: tuple[MissingWheel, ...] = ()
    pins: tuple[tuple[str, str], ...] = ()  # the binary-only resolution, when safe
    notes: tuple[str, ...] = ()
    cached: bool = False
    seconds: float = 0.0


@dataclass(frozen=True)
class _Inputs:
    requirements: tuple[str, ...] = ()
    prerelease: bool = False  # --pre (pip) / --prerelease (uv): pre-releases may be picked
    problem: str | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)


def requirement_lines(install: Install) -> _Inputs:
    """The PEP 508 requirements the install resolves from the index, or why they are not known."""
    if install.unknowns:
        first = install.unknowns[0]
        return _Inputs(problem=f"part of the install is not known: {first.reason} ({first.text})")
    unread = [f.path for f in install.requirement_files if not f.read and not f.constraint]
    if unread:
        return _Inputs(problem=f"requirements file {unread[0]} could not be read")
    locks = [f.path for f in install.requirement_files if "pylock." in f.path.rsplit("/", 1)[-1]]
    if locks:
        # The facts keep a pylock.toml entry's name, not its locked version.
        return _Inputs(problem=f"the versions locked in {locks[0]} are not in the install fact")
    lines: list[str] = []
    for req in install.requirements:
        text = req.text.strip()
        if req.kind != "name":
            return _Inputs(problem=f"{req.text} is a {req.kind} requirement, not one from an index")
        try:
            Pep508(text)
        except InvalidRequirement:
            return _Inputs(problem=f"{text!r} is not a requirement the gate can read")
        lines.append(text)
    if not lines:
        return _Inputs(problem="the install names no requirement the gate can read")
    notes: list[str] = []
    own = [w for w in install.argv if w.split("=", 1)[0] in _INDEX_OPTIONS]
    if own:
        notes.append(f"the install names its own index ({own[0]}): checked against the one given")
    pre = any(w == "--pre" or w.startswith("--prerelease") for w in install.argv)
    return _Inputs(tuple(dict.fromkeys(lines)), prerelease=pre, notes=tuple(notes))


def check_install(
    install: Install,
    target: WheelTarget,
    index: IndexOptions,
    lock: LockFiles | None = None,
) -> WheelCheck:
    """Resolve the install's requirements binary-only for `target` on `index`.

    `lock`: the `--hash` values and constraints of the install's requirement files
    (gate.wheels.lockfiles.lock_files); with hashes, a pinned project is safe only when the lock
    lists the hash of a wheel for the target; constraints limit the versions uv may pick.
    """
    started = time.monotonic()
    base = WheelCheck(install.id, target, "unknown", "")
    lock = lock or LockFiles()
    inputs = requirement_lines(install)
    problem = target.unknown() or inputs.problem
    if problem is None and lock.unread:
        # Its constraints or hashes could change the answer either way.
        problem = f"{lock.unread[0]} is not in the build context the gate reads"
    if problem is not None:
        return replace(base, reason=f"cannot check: {problem}")
    platform, python = target.uv_platform() or "", target.python or ""
    cache_dir = index.cache_dir or cache.default_cache_dir()
    hashed = tuple(f"{p} --hash=sha256:{h}" for p, values in lock.hashes for h in sorted(values))
    constrained = tuple(f"-c {c}" for c in lock.constraints)
    flags = ("--pre",) if inputs.prerelease else ()
    key = cache.cache_key(
        inputs.requirements + hashed + constrained + flags, platform, python, index.url
    )
    base = replace(base, requirements=inputs.requirements, notes=inputs.notes)
    index = replace(index, prerelease=inputs.prerelease)
    doc = cache.load(cache_dir, key)
    hit = _from_cache(base, doc) if doc is not None else None
    if hit is not None:
        result = replace(hit, cached=True)
    elif index.offline:
        result = replace(
            base, reason="cannot check offline: no cached answer (ask without --offline)"
        )
    else:
        result = _resolve(base, target, index, cache_dir / "uv", lock)
        if result.status != "unknown":
            cache.store(cache_dir, key, _to_cache(result))
    return replace(result, seconds=round(time.monotonic() - started, 3))


def _resolve(
    base: WheelCheck, target: WheelTarget, index: IndexOptions, uv_cache: Path, lock: LockFiles
) -> WheelCheck:
    with IndexReader(index.url, index.timeout) as pages:
        return _rounds(base, target, index, uv_cache, lock, pages)


def _rounds(
    base: WheelCheck,
    target: WheelTarget,
    index: IndexOptions,
    uv_cache: Path,
    lock: LockFiles,
    pages: IndexReader,
) -> WheelCheck:
    missing: list[MissingWheel] = []
    overrides: list[str] = []
    notes = list(base.notes)
    try:
        for _ in range(MAX_ROUNDS):
            answer = compile_binary_only(
                base.requirements,
                lock.constraints,
                tuple(overrides),
                target,
                index.url,
                uv_cache,
                index.timeout,
                index.retries,
                index.prerelease,
            )
            if isinstance(answer, Resolved):
                missing += _unhashed(answer, missing, lock, target, pages)
                if not missing:
                    notes += _held_back(base.requirements, answer, pages)
                    return replace(
                        base,
                        status="safe",
                        reason=_safe(target),
                        pins=answer.pins,
                        notes=tuple(notes),
                    )
                break
            if isinstance(answer, Unresolvable):
                if not missing:
                    return replace(base, reason=f"cannot check: {answer.message}")
                notes.append(f"not resolved further: {answer.message}")
                break
            found = _missing(answer, target, pages)
            if any(
                canonicalize_name(m.project) == canonicalize_name(found.project) for m in missing
            ):
                notes.append(f"not resolved further: {found.project} again")
                break
            missing.append(found)
            choice = found.nearest_older or found.nearest_newer
            overrides.append(
                f"{found.project}=={choice}" if choice else f"{found.project} ; {_NEVER}"
            )
        else:
            notes.append(f"stopped after {MAX_ROUNDS} projects without wheels; there may be more")
    except (ResolverUnavailable, IndexUnavailable) as error:
        return replace(base, reason=f"cannot check: {error}")
    reason = "not safe to fix: " + "; ".join(m.message for m in missing)
    return replace(base, status="unsafe", reason=reason, missing=tuple(missing), notes=tuple(notes))


def _held_back(requirements: tuple[str, ...], answer: Resolved, pages: IndexReader) -> list[str]:
    """Unpinned requirements that resolve, wheels only, below the newest release they allow.

    pip falls back the same way under --only-binary: the build works, with an older version.
    """
    pins = {canonicalize_name(p): Version(v) for p, v in answer.pins}
    out: list[str] = []
    for text in requirements:
        req = Pep508(text)
        name = canonicalize_name(req.name)
        if name not in pins or any(spec.operator in ("==", "===") for spec in req.specifier):
            continue
        released = {f.version for f in pages.files(name)}
        allowed = [v for v in req.specifier.filter(released) if not v.is_prerelease]
        if allowed and max(allowed) > pins[name]:
            out.append(
                f"{req.name} resolves to {pins[name]} with wheels only; "
                f"{max(allowed)} (the newest it allows) would be built from source"
            )
    return out


def _unhashed(
    answer: Resolved,
    missing: list[MissingWheel],
    lock: LockFiles,
    target: WheelTarget,
    pages: IndexReader,
) -> list[MissingWheel]:
    """Pinned projects whose wheel for the target has no hash in the lock."""
    tags = supported_tags(target)
    skip = {canonicalize_name(m.project) for m in missing}
    out: list[MissingWheel] = []
    for project, version in answer.pins:
        allowed = lock.of(project)
        if allowed is None or canonicalize_name(project) in skip:
            continue
        wanted = Version(version)
        files = pages.files(project)
        wheels = [f for f in files if f.version == wanted and f.tags & tags]
        if any(f.sha256 is None for f in wheels):
            raise IndexUnavailable(f"the index gives no sha256 for {project} {version}'s files")
        if wheels and not any(f.sha256 in allowed for f in wheels):
            out.append(MissingWheel(project, version, unhashed=True))
    return out


def _missing(answer: NoWheel, target: WheelTarget, pages: IndexReader) -> MissingWheel:
    files = pages.files(answer.project)
    near = nearest_versions(files, target, answer.version)
    if answer.version is None:
        return MissingWheel(answer.project, None, near.older, None)
    return MissingWheel(answer.project, answer.version, near.older, near.newer)


def _safe(target: WheelTarget) -> str:
    return f"safe to fix: every requirement resolves to wheels for {target.label}"


def _to_cache(check: WheelCheck) -> dict[str, Any]:
    return {
        "status": check.status,
        "reason": check.reason,
        "missing": [
            [m.project, m.version, m.nearest_older, m.nearest_newer, m.unhashed]
            for m in check.missing
        ],
        "pins": [list(p) for p in check.pins],
        "notes": list(check.notes),
    }


def _from_cache(base: WheelCheck, doc: dict[str, Any]) -> WheelCheck | None:
    """The cached answer; None (a miss) when the file does not hold one."""
    try:
        status = doc["status"]
        if status not in ("safe", "unsafe"):
            raise ValueError(status)
        return replace(
            base,
            status=status,
            reason=str(doc["reason"]),
            missing=tuple(MissingWheel(*m) for m in doc["missing"]),
            pins=tuple((str(a), str(b)) for a, b in doc["pins"]),
            notes=tuple(str(n) for n in doc["notes"]),
        )
    except (KeyError, TypeError, ValueError):
        return None
