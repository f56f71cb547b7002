"""What a policy run consists of: the Rego modules (built-in plus the user's) and the data.

- Built-in policies: `gate/policies/` inside an installed wheel, else the repository's `policies/`
  (editable installs and checkouts). `examples/` and `*_test.rego` files are not judged with.
- `--policy DIR`: every `*.rego` below DIR. A user module whose package is also a built-in
  package replaces every built-in module of that package; other packages add rules. Only a
  source the operator named (`PolicySource.trusted`) may replace: a config found in the judged
  repository may add rules, never replace or disable the built-in ones.
- `--data FILE` (YAML or JSON mapping): merged into `data` key by key; mappings merge
  recursively, lists concatenate (exceptions from several files add up), other values: the later
  file wins. Each `gate.exceptions` entry gets `source: "FILE:LINE"` so findings can point at it.
  A key no loaded policy reads (`exceptions:` at the top level, `gate.exeptions`) is an error
  naming the key, as is one that would overwrite a policy package (`gate.rules`).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from gate import user_files
from gate.model import PolicyProvenance, RuleInfo
from gate.policy import nesting
from gate.policy.errors import PolicyError
from gate.policy.metadata import (
    INTERNAL_RULE_ID,
    MAX_METADATA_CHARS,
    RULES_PREFIX,
    decision_lines,
    has_rule_metadata,
    metadata_chars,
    package_of,
    rule_info,
)

EXAMPLES = "examples"
EXEMPTIONS = "gate.exemptions."
_MARKER = Path("python") / "build_scripts" / "build_scripts.rego"


@dataclass(frozen=True)
class PolicyModule:
    """One Rego file as loaded."""

    path: str  # as shown in messages: the file path
    package: str
    text: str
    builtin: bool = False
    # The id under which the module is uploaded to OPA (stable, unique, no leading slash).
    policy_id: str = ""
    # A user module: the built-in package it replaces, as reports say it ("" when none).
    replaces: str = ""
    # From a source the operator named (or built in); False for a repository config's.
    trusted: bool = True


@dataclass(frozen=True)
class PolicySource:
    """A policy directory or data file and who named it."""

    path: str
    origin: str = "command line"  # or the config file that named it
    # Named by the operator (command line, `--config FILE`, the webhook's flags): may replace a
    # built-in rule package. A config found in the judged repository is not trusted.
    trusted: bool = True


# Policy directories, and data files, one run may name (command line and config together).
MAX_SOURCES = 64
# User policy files one run loads, and their text in all (regorus refuses a file over 1 MiB).
MAX_USER_MODULES = 1000
MiB = 1024 * 1024
MAX_USER_POLICY_CHARS = 16 * MiB


def _source(item: str | PolicySource) -> PolicySource:
    return item if isinstance(item, PolicySource) else PolicySource(item)


@dataclass(frozen=True)
class Bundle:
    modules: tuple[PolicyModule, ...]
    data: Mapping[str, Any] = field(default_factory=dict)
    rules: Mapping[str, RuleInfo] = field(default_factory=dict)  # by rule package name
    provenance: PolicyProvenance = field(default_factory=PolicyProvenance)
    # These exact modules and data compiled and checked clean in an earlier run (policy cache):
    # the engine need not check them again.
    verified: bool = False

    @cached_property
    def declared(self) -> Mapping[str, frozenset[str]]:
        """The sets (deny, warn) each rule package defines, by package name (once per bundle:
        the judge asks for every facts document)."""
        kinds: dict[str, set[str]] = {}
        for module in self.modules:
            if module.package.startswith(RULES_PREFIX):
                name = module.package[len(RULES_PREFIX) :]
                kinds.setdefault(name, set()).update(decision_lines(module.text))
        return {name: frozenset(found) for name, found in kinds.items()}

    @property
    def policy_hash(self) -> str:
        """Stable over runs: the same policy texts and data give the same hash."""
        digest = hashlib.sha256()
        for module in sorted(self.modules, key=lambda m: m.policy_id):
            digest.update(module.policy_id.encode() + b"\0" + module.text.encode() + b"\0")
        digest.update(json.dumps(self.data, sort_keys=True, default=str).encode())
        return digest.hexdigest()


def builtin_dir() -> Path:
    """Where the built-in policies are: package data in a wheel, the repo's policies/ otherwise."""
    package_dir = Path(__file__).resolve().parent.parent
    for candidate in (package_dir / "policies", package_dir.parent / "policies"):
        # Look for the rule itself: a bare site-packages/policies may belong to anyone.
        if (candidate / _MARKER).is_file():
            return candidate
    raise PolicyError(
        "built-in policies not found (looked in gate/policies and the checkout's policies/)",
        str(package_dir),
    )


def _read(path: Path) -> str:
    try:
        return user_files.read_text(path)
    except user_files.UnreadableFile as error:
        raise PolicyError(f"cannot read policy: {error}", display(path)) from None


def rego_files(directory: Path, *, tests: bool, examples: bool) -> list[Path]:
    """The .rego files below a directory in a stable order."""
    if not directory.is_dir():
        raise PolicyError("policy directory not found", str(directory))
    found: list[Path] = []
    for path in sorted(_rego_paths(directory)):
        relative = path.relative_to(directory)
        # A Kubernetes ConfigMap volume keeps a hidden `..<timestamp>/` copy of every file
        # beside the visible links: reading both would load each module twice.
        if any(part.startswith("..") for part in relative.parts):
            continue
        if not tests and path.name.endswith("_test.rego"):
            continue
        if not examples and relative.parts and relative.parts[0] == EXAMPLES:
            continue
        found.append(path)
    return found


# Folder entries one policy directory may hold, visited while looking for .rego files: a
# repository's config may name any folder (`policy: [/usr]` walked 5.6 s here, a runner's tool
# cache longer), and a team's policies are tens of files.
MAX_WALKED_ENTRIES = 100_000


def _rego_paths(directory: Path) -> list[Path]:
    """`directory.rglob("*.rego")` (folder links are not followed, unreadable folders are passed
    over), stopping at MAX_WALKED_ENTRIES entries."""
    found: list[Path] = []
    walked = 0
    folders = [directory]
    while folders:
        folder = folders.pop()
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    walked += 1
                    if walked > MAX_WALKED_ENTRIES:
                        raise PolicyError(
                            f"more than {MAX_WALKED_ENTRIES:,} entries below the policy "
                            "directory (is it the right one?)",
                            display(directory),
                        )
                    if entry.name.endswith(".rego"):
                        found.append(folder / entry.name)
                    if entry.is_dir(follow_symlinks=False):
                        folders.append(folder / entry.name)
        except (PermissionError, FileNotFoundError):
            continue
    return found


def display(path: Path) -> str:
    """Paths below the working directory are shown relative to it, as users typed them."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _module(path: Path, root: Path, *, builtin: bool, prefix: str) -> PolicyModule:
    text = _read(path)
    deep = nesting.too_deep(text)
    if deep is not None:
        raise PolicyError(
            f"brackets nested more than {nesting.MAX_DEPTH} deep (regorus parses them in time "
            "exponential in the depth)",
            display(path),
            deep,
        )
    declared = package_of(text, display(path))
    if declared is None:
        raise PolicyError("no package declaration", display(path), 1)
    package, line = declared
    if package.startswith(RULES_PREFIX) and not path.name.endswith("_test.rego"):
        name = package[len(RULES_PREFIX) :]
        if not name or "." in name:
            raise PolicyError(
                f"rule packages are gate.rules.<name>, one segment: {package}", display(path), line
            )
    relative = path.relative_to(root).as_posix()
    return PolicyModule(display(path), package, text, builtin, f"{prefix}/{relative}")


def load_modules(
    user_dirs: Sequence[str | PolicySource],
    *,
    builtin: bool = True,
    tests: bool = False,
    examples: bool = False,
    builtin_tests: bool | None = None,
) -> tuple[PolicyModule, ...]:
    """Built-in modules (unless replaced package by package) followed by the user's.

    `tests` loads `*_test.rego` files; `builtin_tests` (default: same as `tests`) those of the
    built-in policies, so a user's test run can use the built-in rules without running their tests.
    A user module that replaces a built-in package says so in `replaces`.
    """
    user: list[tuple[PolicyModule, PolicySource]] = []
    size = 0
    metadata = 0
    for index, item in enumerate(user_dirs):
        source = _source(item)
        root = Path(source.path)
        found = rego_files(root, tests=tests, examples=True)
        if len(user) + len(found) > MAX_USER_MODULES:
            # Counted before any is read: 5,000 took 3 s to read here, before regorus.
            raise PolicyError(f"more than {MAX_USER_MODULES:,} policy files", display(root))
        for path in found:
            module = _module(path, root, builtin=False, prefix=f"user{index}")
            size += len(module.text)
            if size > MAX_USER_POLICY_CHARS:
                raise PolicyError(
                    f"the policy files come to more than {MAX_USER_POLICY_CHARS // MiB} MiB",
                    display(path),
                )
            metadata += metadata_chars(module.text)
            if metadata > MAX_METADATA_CHARS:
                raise PolicyError(
                    f"the policy files' METADATA blocks come to more than "
                    f"{MAX_METADATA_CHARS // MiB} MiB",
                    display(path),
                )
            user.append((replace(module, trusted=source.trusted), source))
    modules: list[PolicyModule] = []
    replaced: dict[str, str] = {}
    if builtin:
        root = builtin_dir()
        by_package = {m.package: (m, s) for m, s in user}
        with_tests = tests if builtin_tests is None else builtin_tests
        for path in rego_files(root, tests=with_tests, examples=examples):
            module = _module(path, root, builtin=True, prefix="gate")
            replacing = by_package.get(module.package)
            if replacing is None:
                modules.append(module)
                continue
            user_module, source = replacing
            if not source.trusted:
                raise PolicyError(
                    f"package {module.package} would replace the built-in rules; a policy "
                    f"directory named by {source.origin} may only add rules (the operator "
                    "allows replacing with --trust-config or --policy on the command line)",
                    user_module.path,
                    _package_line(user_module),
                )
            replaced[module.package] = (
                f"{module.package} (built-in) replaced by {display(Path(source.path))} "
                f"({source.origin})"
            )
    _check_untrusted_reach(user, modules)
    return (*modules, *(replace(m, replaces=replaced.get(m.package, "")) for m, _ in user))


def _check_untrusted_reach(
    user: Sequence[tuple[PolicyModule, PolicySource]], kept: Sequence[PolicyModule]
) -> None:
    """Fail when an untrusted module's rules could land in a package it may not change.

    Rego v1 rule heads are refs: `package gate.rules` with `python_build_scripts.binary_only
    contains id if …` adds to the built-in rule's set (measured on regorus: every install then
    passed), and a module in an operator's package joins it. So an untrusted module's package
    may be neither a package of the built-in or operator's modules nor an ancestor of one.
    """
    guarded = {m.package: "built-in" for m in kept}
    guarded.update((m.package, s.origin) for m, s in user if s.trusted)
    operator = [m for m, _ in user if _reads_guarded_data(m)]
    reads = _guarded_reads(operator)
    for module, source in user:
        if source.trusted:
            continue
        path = tuple(module.package.split("."))
        for read in sorted(reads):
            if not _overlaps(path, read):
                continue
            reader = _reader(operator, read)
            raise PolicyError(
                f"package {module.package} holds data.{'.'.join(read)}, which the operator's "
                f"policy {reader} reads; a policy directory named by {source.origin} may only "
                "add packages of its own",
                module.path,
                _package_line(module),
            )
        for package, owner in guarded.items():
            if package != module.package and not package.startswith(module.package + "."):
                continue
            joins = "is" if package == module.package else "is an ancestor of"
            raise PolicyError(
                f"package {module.package} {joins} the package {package} ({owner}), whose "
                f"rules its own could change; a policy directory named by {source.origin} may "
                "only add packages of its own",
                module.path,
                _package_line(module),
            )


def _package_line(module: PolicyModule) -> int | None:
    declared = package_of(module.text)
    return declared[1] if declared else None


def _rule_packages(modules: Iterable[PolicyModule]) -> set[str]:
    """The rule package names `rule_infos` gives RuleInfos for."""
    return {
        m.package[len(RULES_PREFIX) :]
        for m in modules
        if m.package.startswith(RULES_PREFIX) and not m.path.endswith("_test.rego")
    }


def rule_infos(modules: Iterable[PolicyModule]) -> dict[str, RuleInfo]:
    """RuleInfo by rule package name; fails when a package has no decision or ids collide."""
    by_package: dict[str, list[PolicyModule]] = {}
    for module in modules:
        if module.package.startswith(RULES_PREFIX) and not module.path.endswith("_test.rego"):
            by_package.setdefault(module.package, []).append(module)
    infos: dict[str, RuleInfo] = {}
    owners: dict[str, str] = {}
    for package, group in by_package.items():
        if not any(decision_lines(m.text) for m in group):
            first = group[0]
            declared = package_of(first.text)
            raise PolicyError(
                f"package {package} defines no `deny contains` or `warn contains` rule",
                first.path,
                declared[1] if declared else None,
            )
        annotated = next((m for m in group if has_rule_metadata(m.text, m.path)), group[0])
        info = rule_info(annotated.text, annotated.path, package)
        if info.id == INTERNAL_RULE_ID:
            raise PolicyError(
                f"rule id {info.id} is gate's own (its denial of what it failed on)",
                annotated.path,
            )
        owner = owners.get(info.id)
        if owner is not None:
            raise PolicyError(
                f"rule id {info.id} is used by packages {owner} and {package}", annotated.path
            )
        owners[info.id] = package
        infos[package[len(RULES_PREFIX) :]] = info
    return infos


# ---------------------------------------------------------------------------------------------
# Data files.


def _plain(value: Any) -> Any:
    """YAML dates become the ISO strings policies compare (`expires: 2026-12-31`)."""
    import datetime  # data files only; `yaml` has imported it by then anyway

    if isinstance(value, datetime.date):
        return (
            value.isoformat()[:10]
            if not isinstance(value, datetime.datetime)
            else value.isoformat()
        )
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _exception_lines(text: str) -> list[int]:
    """1-based lines of the gate.exceptions entries in a YAML text (empty when not found)."""
    import yaml

    node = yaml.compose(text)
    for key in ("gate", "exceptions"):
        if not isinstance(node, yaml.MappingNode):
            return []
        node = next((v for k, v in node.value if getattr(k, "value", None) == key), None)
    if not isinstance(node, yaml.SequenceNode):
        return []
    return [item.start_mark.line + 1 for item in node.value]


def read_data_file(path: str) -> dict[str, Any]:
    """One data file as a mapping, exceptions stamped with where they are written."""
    import yaml

    file = Path(path)
    try:
        text = user_files.read_text(file)
    except user_files.UnreadableFile as error:
        raise PolicyError(f"cannot read data file: {error}", path) from None
    lines: list[int] = []
    try:
        if file.suffix == ".json":
            loaded = user_files.load_json(text)
        else:
            loaded = user_files.load_yaml(text)
            lines = _exception_lines(text)
    except json.JSONDecodeError as error:
        raise PolicyError(f"invalid JSON: {error.msg}", path, error.lineno) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise PolicyError(
            f"invalid YAML: {getattr(error, 'problem', None) or error}",
            path,
            mark.line + 1 if mark is not None else None,
        ) from None
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        raise PolicyError("a data file must be a mapping of top-level keys", path)
    data: dict[str, Any] = _plain(loaded)
    try:
        # What the engine is given is JSON: a YAML .nan/.inf, !!binary or !!set (or a JSON NaN)
        # failed later as "data does not load", naming no file.
        json.dumps(data, allow_nan=False)
    except (TypeError, ValueError) as error:
        raise PolicyError(f"a value is not JSON data: {error}", path) from None
    gate_data = data.get("gate")
    if isinstance(gate_data, dict) and "exceptions" in gate_data:
        entries = gate_data["exceptions"]
        if not isinstance(entries, list):
            raise PolicyError("gate.exceptions must be a list of entries", path)
        for index, entry in enumerate(entries):
            # Always gate's own stamp: an entry's `source:` would name a file of its choosing
            # (a repository's exception posing as the platform team's).
            if isinstance(entry, dict):
                where = f"{path}:{lines[index]}" if index < len(lines) else f"{path}#{index}"
                entry["source"] = where
    return data


def merge(into: dict[str, Any], new: Mapping[str, Any]) -> dict[str, Any]:
    for key, value in new.items():
        old = into.get(key)
        if isinstance(old, dict) and isinstance(value, dict):
            into[key] = merge(dict(old), value)
        elif isinstance(old, list) and isinstance(value, list):
            into[key] = [*old, *value]
        else:
            into[key] = value
    return into


def load_data(paths: Sequence[str | PolicySource]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for item in paths:
        merge(data, read_data_file(_source(item).path))
    return data


# `data.a.b` in a module (comment lines aside); `data[` / `data.a[` read keys not known in advance.
_DATA_REF = re.compile(r"\bdata((?:\.[A-Za-z_]\w*){0,2})(\[)?")


def _data_reads(modules: Iterable[PolicyModule]) -> set[tuple[str, ...]]:
    """Every data path prefix (up to two keys) the modules read; a trailing "*" reads any key."""
    reads: set[tuple[str, ...]] = set()
    for module in modules:
        for line in module.text.splitlines():
            if line.lstrip().startswith("#"):
                continue
            for match in _DATA_REF.finditer(line):
                keys = tuple(k for k in match.group(1).split(".") if k)
                reads.add((*keys, "*") if match.group(2) or len(keys) < 2 else keys)
    return reads


def check_data_keys(
    data: Mapping[str, Any],
    path: str,
    modules: Sequence[PolicyModule],
    reads: set[tuple[str, ...]] | None = None,
) -> None:
    """Fail on a data key no loaded policy reads, or one that would overwrite a policy package.

    A misspelt or misplaced key (`exceptions:` at the top level) would otherwise be read by
    nothing, so an exception the team thinks is in force would silently not be. `reads`: the
    modules' `_data_reads`, when the caller has it.
    """
    reads = _data_reads(modules) if reads is None else reads
    # The namespaces gate reads as policy output, loaded or not: data there would pose as rules.
    packages: set[tuple[str, ...]] = {("gate", "rules"), ("gate", "lib"), ("gate", "exemptions")}
    packages.update(tuple(m.package.split("."))[:2] for m in modules)
    for key, value in data.items():
        if ("*",) not in reads and not any(r[:1] == (key,) for r in reads):
            hint = f" (did you mean gate.{key}?)" if ("gate", key) in reads else ""
            raise PolicyError(f"data key {key!r} is read by no loaded policy{hint}", path)
        children = value if isinstance(value, Mapping) else {}
        for child in children:
            if (key, child) in packages:
                raise PolicyError(
                    f"data key {key}.{child} would overwrite the policy package {key}.{child}",
                    path,
                )
            if (key, "*") in reads or (key, child) in reads:
                continue
            raise PolicyError(f"data key {key}.{child} is read by no loaded policy", path)


def _reads_guarded_data(module: PolicyModule) -> bool:
    """An operator's module whose data a repository's data file may not set: one that decides
    with it. Built-in modules read data only to find exceptions, and an exemption package's
    output is an exception too: both are reported as suppressed, never lost."""
    return module.trusted and not module.builtin and not module.package.startswith(EXEMPTIONS)


# What gate's contract makes exception inputs wherever they are read (an operator's copy of
# the built-in rule reads them too): what they cover is reported as suppressed.
_EXCEPTION_INPUTS = {("gate", "exceptions"), ("gate", "trusted_bases")}


def _guarded_reads(modules: Iterable[PolicyModule]) -> set[tuple[str, ...]]:
    return _data_reads(modules) - _EXCEPTION_INPUTS


def _check_untrusted_data(
    data: Mapping[str, Any],
    source: PolicySource,
    guarded: set[tuple[str, ...]],
    modules: Sequence[PolicyModule],
) -> None:
    """Fail on an untrusted data file's key that an operator's rule reads.

    A rule that reads `data.team.extra_indexes` as an allowlist would pass what a repository's
    data file adds to it, without a word in any report; an exception from the same file is
    reported as suppressed.
    """
    for key, value in data.items():
        children = list(value) if isinstance(value, Mapping) else [None]
        for child in children:
            for read in guarded:
                if read != ("*",) and read[0] != key:
                    continue
                if child is not None and len(read) > 1 and read[1] not in ("*", child):
                    continue
                name = key if child is None else f"{key}.{child}"
                reader = _reader(modules, read)
                raise PolicyError(
                    f"data key {name} is read by the operator's policy {reader}; a data file "
                    f"named by {source.origin} may add exceptions, not settings of the "
                    "operator's rules",
                    source.path,
                )


def _overlaps(package: tuple[str, ...], read: tuple[str, ...]) -> bool:
    """Whether rules in `package` (or below it, by ref heads) can give a value at `read`."""
    return all(r in ("*", p) for p, r in zip(package, read, strict=False))


def _reader(modules: Sequence[PolicyModule], read: tuple[str, ...]) -> str:
    return next(
        (m.path for m in modules if _reads_guarded_data(m) and read in _data_reads((m,))), "?"
    )


def load_bundle(
    policy_dirs: Sequence[str | PolicySource], data_files: Sequence[str | PolicySource]
) -> Bundle:
    """The modules and data a judging engine is built from, and where they came from."""
    for what, items in (("policy directories", policy_dirs), ("data files", data_files)):
        if len(items) > MAX_SOURCES:
            # A config may list one name 20,000 times: each was read again (over 20 s).
            path = _source(items[MAX_SOURCES]).path
            raise PolicyError(f"more than {MAX_SOURCES} {what} named", path)
    modules = load_modules(policy_dirs)
    replaced = tuple(dict.fromkeys(m.replaces for m in modules if m.replaces))
    data: dict[str, Any] = {}
    reads = _data_reads(modules)
    guarded = _guarded_reads(m for m in modules if _reads_guarded_data(m))
    for item in data_files:
        source = _source(item)
        one = read_data_file(source.path)
        check_data_keys(one, source.path, modules, reads)
        if not source.trusted:
            _check_untrusted_data(one, source, guarded, modules)
        merge(data, one)
    sources = [
        "built-in",
        *(f"policy {display(Path(s.path))} ({s.origin})" for s in map(_source, policy_dirs)),
        *(f"data {display(Path(s.path))} ({s.origin})" for s in map(_source, data_files)),
    ]
    from gate.policy.cache import load_rules

    policy_hash = Bundle(modules, data).policy_hash
    cached = load_rules(policy_hash)
    if cached is not None and set(cached) != _rule_packages(modules):
        # The judge reads the packages `rules` names: an entry leaving one out (anyone running
        # as this user can write one, such as a test step before the gate step) would switch
        # that rule off. An entry speaks for the checks, never for which rules there are.
        cached = None
    rules = cached if cached is not None else rule_infos(modules)
    provenance = PolicyProvenance(tuple(sources), replaced, policy_hash)
    return Bundle(modules, data, rules, provenance, verified=cached is not None)
