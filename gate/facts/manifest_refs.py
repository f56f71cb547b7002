"""Direct references a local project's own manifests declare, read where an install builds it.

Format control does not cover PEP 508 direct references (`evil @ git+https://…`): pip builds
them under `--only-binary :all:`, and so do Poetry, PDM and pipenv with their only-binary
settings. When an install builds the image's own project (`pip install .`, `poetry install`,
`pdm install`, `pipenv install`, `uv sync`), the VCS, URL and sdist-archive references in that
project's dependency declarations are requirements of those kinds, named with the manifest they
come from, so the policy denies them as it denies the same reference on the command line.

- pyproject.toml: `[project] dependencies` (unless dynamic), `optional-dependencies` for the
  extras asked for, `[build-system] requires` (pip installs them with the same format control,
  even with --no-deps, unless --no-build-isolation).
- setup.py / setup.cfg (when pyproject declares no static dependencies): only a reference whose
  text is plainly there (`"evil @ https://…tar.gz"`); the gate does not run setup.py.
- Poetry: poetry.lock `[package.source]` of type git/url/file, else the pyproject's
  `[tool.poetry.dependencies]` (and groups) `{git|url|path = …}` tables.
- PDM: pdm.lock `git`/`url`/`path` entries, else pyproject dependencies (and dependency groups).
- pipenv: Pipfile `[packages]` (`[dev-packages]` with --dev) `{git|file|path = …}`, and
  Pipfile.lock's `default` (`develop`) entries.
- uv: uv.lock `source = {git|url|path = …}`, else pyproject dependencies.
A manifest that is there but cannot be parsed adds nothing unless its text plainly holds an
`@ git+…`/`@ http…` reference: then an Unknown (relevant only to a binary-only install).
"""

from __future__ import annotations

import bisect
import json
import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit

from gate.facts.code_files import python_runs_installer
from gate.facts.context import FactContext
from gate.facts.mentions import TOKEN, runs_installer
from gate.facts.target_kind import PROJECT_MANIFESTS, classify_target
from gate.facts.toml_text import parse_toml
from gate.model import BinaryPolicy, Requirement, Unknown
from gate.sources.build_context import file_cap

_DIRECT_KINDS = frozenset({"vcs", "url", "archive"})
# A PEP 508 direct reference as it stands in a setup.py string or a setup.cfg line.
_PLAIN_REF = re.compile(
    r"[A-Za-z0-9][A-Za-z0-9._-]*\s*(?:\[[^\]\"'\n]*\])?\s*@\s*"
    r"(?:(?:git|hg|svn|bzr)\+|https?://)[^\s\"',\]\\;]+",
    re.IGNORECASE,
)
# A direct reference as a manifest that does not parse may still plainly hold it: PEP 508
# (`name @ git+…`), or a Pipfile.lock entry's source key (`"file": "https://…"`, `"git": …`).
_PLAIN_HINT = re.compile(
    r"@\s*(?:git\+|https?://)|\"(?:git|hg|svn|bzr|file)\"\s*:\s*\"", re.IGNORECASE
)
_VCS_KEYS = ("git", "hg", "svn", "bzr")
# The pieces plain_refs finds _PLAIN_REF's matches with, in linear time. IGNORECASE as there:
# with it the classes also take letters that fold to ASCII ones (the Kelvin sign U+212A, long s).
_NAME_RUN = re.compile(r"[A-Za-z0-9._-]+", re.IGNORECASE)
_NAME_START = re.compile(r"[A-Za-z0-9]", re.IGNORECASE)
_NOT_SPACE = re.compile(r"\S")
_BRACKET_STOP = re.compile(r"[\]\"'\n]")


@dataclass(frozen=True)
class ManifestRefs:
    """What a project's manifests add to an install: direct references, and what stayed unread."""

    requirements: tuple[Requirement, ...] = ()
    unknowns: tuple[Unknown, ...] = ()


@dataclass
class _Out:
    requirements: list[Requirement] = field(default_factory=list)
    unknowns: list[Unknown] = field(default_factory=list)
    # The texts of `requirements`: a list scan per entry made a lock of 27,000 git sources
    # (4 MB) take 16 s.
    texts: set[str] = field(default_factory=set)

    def add(self, entry: str, manifest: str, where: str) -> None:
        """A direct reference of `entry` (PEP 508 text), when it is one pip would build."""
        spec = entry.split(";", 1)[0].strip() if " ;" in entry or "; " in entry else entry
        kind = classify_target(spec)
        if kind in _DIRECT_KINDS:
            text = f"{spec} (in {manifest} {where})"
            if text not in self.texts:
                self.texts.add(text)
                self.requirements.append(Requirement(kind, text, source=manifest))

    def reference(self, name: str, kind_key: str, ref: str, manifest: str, where: str) -> None:
        """A tool's table form: `{git = URL}` is a VCS reference, `{url|file|path = X}` by X."""
        if kind_key in _VCS_KEYS and not ref.lower().startswith(f"{kind_key}+"):
            ref = f"{kind_key}+{ref}"
        elif kind_key in ("path", "file") and not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:|[./~]", ref):
            ref = f"./{ref}"  # a bare file name is a path relative to the project
        self.add(f"{name} @ {ref}", manifest, where)

    def unreadable(self, manifest: str, text: str | None) -> None:
        if text is not None and _PLAIN_HINT.search(text):
            self.unknowns.append(
                Unknown(
                    f"{manifest} cannot be parsed and may declare a direct reference "
                    "that is built from source",
                    manifest,
                )
            )

    def result(self) -> ManifestRefs:
        return ManifestRefs(tuple(self.requirements), tuple(self.unknowns))


def relevant(refs: ManifestRefs, binary: BinaryPolicy) -> list[Unknown]:
    """The manifests' unknowns when the rest makes the install binary-only, else none: an
    install that builds anyway stays denied."""
    binary_only = ":all:" in binary.only_binary and not binary.no_binary
    return list(refs.unknowns) if binary_only else []


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _table(doc: Any, *keys: str) -> dict[str, Any]:
    for key in keys:
        doc = doc.get(key) if isinstance(doc, dict) else None
    return doc if isinstance(doc, dict) else {}


def _strings(value: object) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _toml(ctx: FactContext, path: str, out: _Out) -> dict[str, Any] | None:
    """The parsed file; None when absent or unparseable (then maybe an Unknown)."""
    if path not in ctx.files:
        return None
    text = ctx.files.get(path)
    doc = parse_toml(text, file_cap(path))
    if doc is None:
        out.unreadable(path, text)
    return doc


# ---------------------------------------------------------------------------------------------
# A local directory target: pip / uv pip `install .`, `-e ./app`, `name @ file:///app`.


@dataclass(frozen=True)
class LocalTarget:
    """A local project an install builds, with the extras it asks for."""

    directory: str
    extras: frozenset[str]


_EXTRAS = re.compile(r"^(?P<path>.*?)\[(?P<extras>[^\]]*)\]$")


def local_target(text: str, ctx: FactContext) -> LocalTarget | None:
    """The project directory a `local` requirement names, when the gate can see its manifest."""
    text = text.strip()
    match = re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*\s*(?:\[[^\]]*\])?\s*@\s*(?P<ref>.+)", text)
    if match is not None:
        text = match.group("ref").strip()
    text = text.split("#", 1)[0]
    extras: frozenset[str] = frozenset()
    found = _EXTRAS.match(text)
    if found is not None:
        text = found.group("path")
        extras = frozenset(_normalise(e.strip()) for e in found.group("extras").split(","))
    if text.lower().startswith("file:"):
        text = unquote(urlsplit(text).path) or "/"
    directory = ctx.resolve(text or ".")
    if not any(posixpath.join(directory, n) in ctx.files for n in PROJECT_MANIFESTS):
        return None
    return LocalTarget(directory, extras)


def project(
    ctx: FactContext, target: LocalTarget, *, deps: bool, build_requires: bool
) -> ManifestRefs:
    """What pip (or uv pip) building `target` installs beside it that is a direct reference."""
    out = _Out()
    _project_into(out, ctx, target, deps=deps, build_requires=build_requires)
    return out.result()


def _project_into(
    out: _Out, ctx: FactContext, target: LocalTarget, *, deps: bool, build_requires: bool
) -> None:
    pyproject = posixpath.join(target.directory, "pyproject.toml")
    doc = _toml(ctx, pyproject, out)
    _build_code(out, ctx, target.directory, doc)
    if doc is not None and build_requires:
        for entry in _strings(_table(doc, "build-system").get("requires")):
            out.add(entry, pyproject, "[build-system].requires")
    if not deps:
        return
    if doc is not None and _static_dependencies(out, doc, pyproject, target.extras):
        return
    if doc is None and pyproject in ctx.files:
        return  # unparseable: said above when it plainly holds a reference
    for name in ("setup.cfg", "setup.py"):
        _setup_text(out, ctx, posixpath.join(target.directory, name))


# The project's own files a build runs as code: setup.py; hatchling's hatch_build.py,
# pdm-backend's pdm_build.py, poetry-core's build script; scikit-build's CMakeLists.txt,
# meson-python's meson.build, maturin's and setuptools-rust's build.rs.
_PYTHON_BUILD_CODE = ("setup.py", "hatch_build.py", "pdm_build.py", "build.py")
_OTHER_BUILD_CODE = ("CMakeLists.txt", "meson.build", "build.rs")


def _build_code(out: _Out, ctx: FactContext, directory: str, doc: dict[str, Any] | None) -> None:
    """Build code of the project that runs an installer while it builds (`os.system("pip
    install x")` in setup.py, an in-tree backend, a build hook, a CMakeLists.txt's
    execute_process): pip runs it for the project's metadata and wheel, with --no-deps too,
    and what it installs is not under the install's only-binary (silent before, atk24)."""
    python = [posixpath.join(directory, n) for n in _PYTHON_BUILD_CODE]
    system = doc.get("build-system") if doc is not None else None
    if isinstance(system, dict):
        # An in-tree backend (`backend-path = ["."]`, `build-backend = "backend"`).
        backend = system.get("build-backend")
        folders = system.get("backend-path")
        if isinstance(backend, str) and isinstance(folders, list):
            module = backend.split(":", 1)[0].replace(".", "/")
            for folder in [f for f in folders if isinstance(f, str)][:8]:
                base = posixpath.normpath(posixpath.join(directory, folder, module))
                python += [f"{base}.py", f"{base}/__init__.py"]
    found = [(p, True) for p in python] + [
        (posixpath.join(directory, n), False) for n in _OTHER_BUILD_CODE
    ]
    for path, is_python in found:
        text = ctx.files.get(path)
        if not text or len(text) > file_cap(path):
            continue
        if python_runs_installer(text) if is_python else runs_installer(TOKEN.findall(text)):
            out.unknowns.append(
                Unknown(f"{path} runs an install command while the project is built", path)
            )
            return


def _static_dependencies(
    out: _Out, doc: dict[str, Any], pyproject: str, extras: Iterable[str]
) -> bool:
    """Add [project] dependencies (and the requested extras); False when they are dynamic."""
    table = _table(doc, "project")
    if not table:
        return False
    dynamic = _strings(table.get("dynamic"))
    if "dependencies" in dynamic:
        return False
    for entry in _strings(table.get("dependencies")):
        out.add(entry, pyproject, "[project].dependencies")
    wanted = {_normalise(e) for e in extras}
    for extra, entries in _table(table, "optional-dependencies").items():
        if _normalise(str(extra)) in wanted:
            for entry in _strings(entries):
                out.add(entry, pyproject, f"[project].optional-dependencies.{extra}")
    return True


def _setup_text(out: _Out, ctx: FactContext, path: str) -> None:
    """setup.py / setup.cfg: references whose text is plainly there; the gate runs nothing."""
    text = ctx.files.get(path)
    if text is None:
        return
    if len(text) > file_cap(path):
        out.unreadable(path, text)  # not read, as one gate cannot parse: never passed over
        return
    found = False
    for ref in plain_refs(text):
        found = True
        out.add(ref, path, "install_requires")
    if not found:
        out.unreadable(path, text)


def plain_refs(text: str) -> list[str]:
    """What `_PLAIN_REF.finditer(text)` finds, in time linear in the text. re tries a match at
    every character, each scanning the run of name characters after it: a setup.py of one
    line of 65,536 letters (written by a 213-byte Dockerfile) took over a minute. A match can
    only start at a run's first letter or digit (a later one ends the name at the same place,
    where the same must follow), and is tried there only when a `[`…`]` and `@` follow."""
    refs: list[str] = []
    stops = [m.start() for m in _BRACKET_STOP.finditer(text)]
    spaces: dict[int, int] = {}

    def after_space(k: int) -> int:
        got = spaces.get(k)
        if got is None:
            found = _NOT_SPACE.search(text, k)
            got = spaces[k] = len(text) if found is None else found.start()
        return got

    done = 0  # where the last match ended: finditer goes on from there
    for run in _NAME_RUN.finditer(text):
        if run.start() < done:
            continue
        first = _NAME_START.search(text, run.start(), run.end())
        if first is None:
            continue
        k = after_space(run.end())
        if text.startswith("[", k):
            at = bisect.bisect_left(stops, k + 1)
            if at == len(stops) or text[stops[at]] != "]":
                continue
            k = after_space(stops[at] + 1)
        if not text.startswith("@", k):
            continue
        match = _PLAIN_REF.match(text, first.start())
        if match is not None:
            refs.append(match.group(0))
            done = match.end()
    return refs


# ---------------------------------------------------------------------------------------------
# Poetry.


def _locked(
    out: _Out, lock: Mapping[str, Any], lock_path: str, keys: tuple[str, ...], *, in_source: bool
) -> None:
    """Each `[[package]]` of a lock whose first of `keys` (in the entry itself, or in its
    `source` table) is a reference."""
    memo = (id(lock), lock_path, keys, in_source)
    held = _LOCK_REFS.get(memo)
    if held is None or held[0] is not lock:
        found = _Out()
        packages = lock.get("package")
        for package in packages if isinstance(packages, list) else []:
            if not isinstance(package, dict):
                continue
            table = _table(package, "source") if in_source else package
            for key in keys:
                ref = table.get(key)
                if isinstance(ref, str):
                    name = str(package.get("name", "?"))
                    found.reference(name, key, ref, lock_path, "[[package]]")
                    break
        held = (lock, tuple(found.requirements))
        if len(_LOCK_REFS) >= 2:
            _LOCK_REFS.clear()
        _LOCK_REFS[memo] = held
    for requirement in held[1]:
        if requirement.text not in out.texts:
            out.texts.add(requirement.text)
            out.requirements.append(requirement)


# What the last locks read hold, by document: a large lock's document is shared (toml_text),
# and each install that reads it walked its packages again (with the list scan in _Out.add,
# 5 `uv sync` over a uv.lock of 7,000 git sources took 6 s). The document is held with them, so
# its id names no other while here.
_LOCK_REFS: dict[
    tuple[int, str, tuple[str, ...], bool], tuple[Mapping[str, Any], tuple[Requirement, ...]]
] = {}


def _poetry_table(out: _Out, table: Mapping[str, Any], manifest: str, where: str) -> None:
    for name, spec in table.items():
        if name == "python":
            continue
        for item in spec if isinstance(spec, list) else [spec]:
            if not isinstance(item, dict):
                continue
            for key in (*_VCS_KEYS, "url", "path", "file"):
                ref = item.get(key)
                if isinstance(ref, str):
                    out.reference(str(name), key, ref, manifest, f"{where}.{name}")
                    break


def poetry(
    ctx: FactContext, root: str, *, only_root: bool, with_extras: bool, groups: frozenset[str]
) -> ManifestRefs:
    """What `poetry install` at `root` builds from direct references: poetry.lock when it is
    there, else the pyproject's dependency tables. `groups`: the groups it installs (empty:
    every non-optional one)."""
    out = _Out()
    if only_root:
        return out.result()
    lock_path = posixpath.join(root, "poetry.lock")
    lock = _toml(ctx, lock_path, out)
    if lock is not None:
        packages = lock.get("package")
        for package in packages if isinstance(packages, list) else []:
            if not isinstance(package, dict):
                continue
            if package.get("optional") is True and not with_extras:
                continue
            source = _table(package, "source")
            kind, url = source.get("type"), source.get("url")
            if (
                isinstance(kind, str)
                and isinstance(url, str)
                and kind in (*_VCS_KEYS, "url", "file")
            ):
                name = str(package.get("name", "?"))
                out.reference(name, kind, url, lock_path, "[[package]]")
        return out.result()
    if lock_path in ctx.files:
        return out.result()
    pyproject = posixpath.join(root, "pyproject.toml")
    doc = _toml(ctx, pyproject, out)
    if doc is None:
        return out.result()
    _static_dependencies(out, doc, pyproject, ())
    tool = _table(doc, "tool", "poetry")
    _poetry_table(out, _table(tool, "dependencies"), pyproject, "[tool.poetry.dependencies]")
    for group, table in _table(tool, "group").items():
        if not isinstance(table, dict):
            continue
        if groups and group not in groups:
            continue
        if not groups and table.get("optional") is True:
            continue
        where = f"[tool.poetry.group.{group}.dependencies]"
        _poetry_table(out, _table(table, "dependencies"), pyproject, where)
    return out.result()


# ---------------------------------------------------------------------------------------------
# PDM.


def pdm(ctx: FactContext, root: str, *, dev: bool, groups: frozenset[str]) -> ManifestRefs:
    """What `pdm install/sync` at `root` builds from direct references: pdm.lock entries when it
    is there, else the pyproject's dependencies, dependency groups and requested extras."""
    out = _Out()
    lock_path = posixpath.join(root, "pdm.lock")
    lock = _toml(ctx, lock_path, out)
    if lock is not None:
        _locked(out, lock, lock_path, (*_VCS_KEYS, "url", "path"), in_source=False)
        return out.result()
    if lock_path in ctx.files:
        return out.result()
    pyproject = posixpath.join(root, "pyproject.toml")
    doc = _toml(ctx, pyproject, out)
    if doc is None:
        return out.result()
    everything = ":all:" in groups
    _static_dependencies(
        out,
        doc,
        pyproject,
        _table(doc, "project", "optional-dependencies") if everything else groups,
    )
    if dev:
        for table, where in (
            (_table(doc, "dependency-groups"), "[dependency-groups]"),
            (_table(doc, "tool", "pdm", "dev-dependencies"), "[tool.pdm.dev-dependencies]"),
        ):
            for group, entries in table.items():
                for entry in _strings(entries):
                    out.add(entry, pyproject, f"{where}.{group}")
    return out.result()


# ---------------------------------------------------------------------------------------------
# pipenv.


def pipenv(ctx: FactContext, pipfile: str, *, dev: bool, use_lock: bool) -> ManifestRefs:
    """What `pipenv install/sync` builds from direct references in the Pipfile (and its lock)."""
    out = _Out()
    doc = _toml(ctx, pipfile, out)
    sections = ("packages", "dev-packages") if dev else ("packages",)
    if doc is not None:
        for section in sections:
            for name, spec in _table(doc, section).items():
                if isinstance(spec, dict):
                    _pipenv_entry(out, str(name), spec, pipfile, f"[{section}]")
    lock_path = pipfile + ".lock"
    text = ctx.files.get(lock_path) if use_lock else None
    if text is not None and len(text) > file_cap(lock_path):
        out.unreadable(lock_path, text)  # was passed over: a git entry in it went unseen
    elif text is not None:
        try:
            lock = json.loads(text)
        except (ValueError, RecursionError):  # json nests by recursion: deep is unreadable too
            lock = None
            out.unreadable(lock_path, text)
        for section in ("default", "develop") if dev else ("default",):
            for name, spec in _table(lock, section).items():
                if isinstance(spec, dict):
                    _pipenv_entry(out, str(name), spec, lock_path, f'"{section}"')
    return out.result()


def _pipenv_entry(out: _Out, name: str, spec: Mapping[str, Any], manifest: str, where: str) -> None:
    for key in (*_VCS_KEYS, "file", "path"):
        ref = spec.get(key)
        if isinstance(ref, str):
            out.reference(name, key, ref, manifest, where)
            return


# ---------------------------------------------------------------------------------------------
# uv projects.


def uv_project(ctx: FactContext, root: str, *, extras: frozenset[str]) -> ManifestRefs:
    """What `uv sync` at `root` builds from direct references: uv.lock sources when it is there,
    else the pyproject's dependencies (with `[tool.uv.sources]` git/url/path tables)."""
    out = _Out()
    lock_path = posixpath.join(root, "uv.lock")
    lock = _toml(ctx, lock_path, out)
    if lock is not None:
        _locked(out, lock, lock_path, ("git", "url", "path"), in_source=True)
        return out.result()
    if lock_path in ctx.files:
        return out.result()
    pyproject = posixpath.join(root, "pyproject.toml")
    doc = _toml(ctx, pyproject, out)
    if doc is None:
        return out.result()
    _static_dependencies(out, doc, pyproject, extras)
    sources = _table(doc, "tool", "uv", "sources")
    _poetry_table(out, sources, pyproject, "[tool.uv.sources]")
    return out.result()
