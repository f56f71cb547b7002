"""What loading a policy bundle proved, kept between runs and keyed by the policy hash.

Loading the same policies again costs more than judging a file: the METADATA blocks are parsed
as YAML and the modules are compiled and checked (every function exists, an empty input
evaluates). One `gate dockerfile F` per file (pre-commit, most CI steps) pays it every call.
The result of that work for one exact set of policy texts and data is stored here, as JSON:

    $XDG_CACHE_HOME/gate/policy-<key>.json   (default ~/.cache/gate; GATE_CACHE_DIR overrides,
                                              GATE_NO_CACHE=1 turns the cache off)

The key covers the policy hash (every module's id and text, the data), gate's version, the code
that does the load-time checks (by file size and time: a checkout changes without a version
bump) and the policy engine's binary, so a changed policy, check, gate or regorus never meets an
old entry.

A cache is only an optimisation, so it is read with suspicion: an entry that does not parse, does
not match its key, fails its own digest or has fields of the wrong type is ignored and rebuilt;
a directory or file another user could write (not ours, or group/world-writable) is not used at
all. What an entry holds cannot lower a verdict anyway: the severity of a finding comes from the
decision set it is in, which rule packages are read comes from the modules (an entry naming
other packages is ignored: one leaving python_build_scripts out switched it off), and a check
skipped on a forged entry still fails when the rule runs.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from gate.model import RuleInfo

FORMAT = 1
MAX_ENTRY_BYTES = 1 << 20
# Entries kept in the directory: each edit of a policy, each gate or regorus upgrade makes a new
# key, and nothing else ever removed the old ones (a developer's cache grew by thousands).
MAX_ENTRIES = 256
# A hit older than this is touched, so pruning (oldest modification first) keeps what is used.
TOUCH_AFTER_SECONDS = 3600


def cache_dir() -> Path | None:
    """Where entries live, or None when caching is off."""
    if os.environ.get("GATE_NO_CACHE"):
        return None
    explicit = os.environ.get("GATE_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "gate"


# The modules whose checks a cache entry stands for.
_CHECKERS = ("bundle.py", "engine.py", "metadata.py", "cache.py")


def _stamp(path: str) -> str:
    try:
        info = os.stat(path)
    except OSError:
        return "unknown"
    return f"{info.st_size}:{info.st_mtime_ns}"


def _code_stamp() -> str:
    """gate's checking code and the policy engine's binary, by size and time."""
    here = os.path.dirname(os.path.abspath(__file__))
    stamps = [_stamp(os.path.join(here, name)) for name in _CHECKERS]
    try:
        import regorus

        stamps.append(_stamp(regorus.regorus.__file__))
    except (ImportError, AttributeError, TypeError):
        stamps.append("unknown")
    return ",".join(stamps)


def cache_key(policy_hash: str) -> str:
    from gate import __version__

    material = "\0".join((str(FORMAT), __version__, _code_stamp(), policy_hash))
    return hashlib.sha256(material.encode()).hexdigest()


def _private(path: Path) -> bool:
    """Ours and writable by nobody else: nobody else can plant an entry."""
    try:
        info = os.lstat(path)
    except OSError:
        return False
    return (
        not stat.S_ISLNK(info.st_mode)
        and info.st_uid == os.getuid()
        and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    )


def _digest(rules: Any) -> str:
    return hashlib.sha256(json.dumps(rules, sort_keys=True).encode()).hexdigest()


def _rule(raw: Any) -> RuleInfo | None:
    if not isinstance(raw, dict):
        return None
    strings = ("id", "title", "severity", "description", "fix")
    if not all(isinstance(raw.get(name), str) for name in strings):
        return None
    refs = raw.get("references")
    if raw["severity"] not in ("deny", "warn") or not isinstance(refs, list):
        return None
    if not all(isinstance(r, str) for r in refs):
        return None
    return RuleInfo(
        id=raw["id"],
        title=raw["title"],
        severity="deny" if raw["severity"] == "deny" else "warn",
        description=raw["description"],
        fix=raw["fix"],
        references=tuple(refs),
    )


def load_rules(policy_hash: str) -> dict[str, RuleInfo] | None:
    """The rule metadata of a bundle that loaded and checked clean before, or None."""
    directory = cache_dir()
    if directory is None or not _private(directory):
        return None
    key = cache_key(policy_hash)
    path = directory / f"policy-{key}.json"
    if not _private(path):
        return None
    _touch_if_old(path)
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_ENTRY_BYTES + 1)
        entry = json.loads(raw) if len(raw) <= MAX_ENTRY_BYTES else None
    except (OSError, ValueError):
        return None
    if not isinstance(entry, dict) or entry.get("key") != key:
        return None
    rules = entry.get("rules")
    if not isinstance(rules, dict) or entry.get("digest") != _digest(rules):
        return None
    loaded: dict[str, RuleInfo] = {}
    for package, value in rules.items():
        info = _rule(value)
        if info is None:
            return None
        loaded[package] = info
    return loaded


def store_rules(policy_hash: str, rules: Mapping[str, RuleInfo]) -> None:
    """Remember that this bundle loaded and checked clean. Best effort: failures are ignored."""
    import tempfile

    directory = cache_dir()
    if directory is None:
        return
    plain = {
        package: {
            "id": info.id,
            "title": info.title,
            "severity": info.severity,
            "description": info.description,
            "fix": info.fix,
            "references": list(info.references),
        }
        for package, info in rules.items()
    }
    key = cache_key(policy_hash)
    entry = {"key": key, "digest": _digest(plain), "rules": plain}
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(directory):
            return
        # Written beside the entry, then renamed: a reader sees the old entry or the new one.
        fd, temporary = tempfile.mkstemp(prefix=".policy-", dir=directory)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(entry, handle)
            os.replace(temporary, directory / f"policy-{key}.json")
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
        prune(directory)
    except OSError:
        return


def prune(directory: Path) -> None:
    """Remove the least recently written or used entries beyond MAX_ENTRIES (and writes a
    crashed run left behind), only ones that are ours. Best effort: others may prune too."""
    import time

    entries: list[tuple[int, str]] = []
    stale = time.time_ns() - 3600 * 10**9
    with os.scandir(directory) as listing:
        for item in listing:
            name = item.name
            temporary = name.startswith(".policy-")
            if not (temporary or (name.startswith("policy-") and name.endswith(".json"))):
                continue
            try:
                info = item.stat(follow_symlinks=False)
            except OSError:
                continue
            if info.st_uid != os.getuid() or not stat.S_ISREG(info.st_mode):
                continue
            if temporary:
                if info.st_mtime_ns < stale:
                    with contextlib.suppress(OSError):
                        os.unlink(item.path)
                continue
            entries.append((info.st_mtime_ns, item.path))
    entries.sort()
    for _, path in entries[: max(0, len(entries) - MAX_ENTRIES)]:
        with contextlib.suppress(OSError):
            os.unlink(path)


def _touch_if_old(path: Path) -> None:
    import time

    with contextlib.suppress(OSError):
        if time.time() - path.stat().st_mtime > TOUCH_AFTER_SECONDS:
            os.utime(path)
