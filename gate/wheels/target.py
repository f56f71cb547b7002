"""Which platform and Python an install runs on, from what the build says; never guessed.

- Platform (os/arch): the caller's `--platform`, else `FROM --platform` of the install's stage (or
  a stage it is built from), else an image config's os/architecture. Without any of them the build
  runs on the builder's platform, which the gate cannot see: unknown.
- C library (Linux): musl for Alpine bases, glibc (with its version where the distribution release
  is known) for Debian, Ubuntu and the official python images; else unknown. A glibc of unknown
  version is checked against manylinux_2_17, the oldest level the resolver knows: a wheel found
  there installs on every newer glibc, so "safe" stays true; a "no wheel" may be a newer-glibc
  wheel, and the result says which level was assumed.
- Python X.Y: the caller's `--python-version`, else the interpreter the command spells
  (`python3.12 -m pip`, `pip3.12`), else `PYTHON_VERSION` in the step's environment (the
  official images set it in their config), else the base tag (`python:3.12-slim`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gate.model import BuildSource, Install, Run, Stage

_ARCH = {
    "amd64": "x86_64",
    "x86_64": "x86_64",
    "x86-64": "x86_64",
    "arm64": "aarch64",
    "aarch64": "aarch64",
    "arm64/v8": "aarch64",
}
_WINDOWS_ARCH = {"x86_64": "x86_64", "aarch64": "aarch64"}
# glibc of distribution releases, by the words their image tags use.
_GLIBC = {
    "buster": 28,
    "bullseye": 31,
    "bookworm": 36,
    "trixie": 41,
    "focal": 31,
    "20.04": 31,
    "jammy": 35,
    "22.04": 35,
    "noble": 39,
    "24.04": 39,
}
_DEBIAN_LIKE = re.compile(r"(^|/)(python|debian|ubuntu|pypy)$")
_PY_IN_PROGRAM = re.compile(r"(?:^|/)(?:python|pip)(\d)\.(\d{1,2})(?:\.exe)?$")
_PY_IN_TAG = re.compile(r"^(?:python)?(\d)\.(\d{1,2})(?:[.\-]|$)")
_PY_VERSION = re.compile(r"^\s*(\d)\.(\d{1,2})(?:\.\d+)?")
_OLDEST_GLIBC = 17


@dataclass(frozen=True)
class WheelTarget:
    """Where an install runs: enough to pick wheels. None fields are unknown, with the reason."""

    os: str | None = None  # linux | windows
    arch: str | None = None  # x86_64 | aarch64 | other names as written
    libc: str | None = None  # glibc | musl (Linux)
    glibc_minor: int | None = None  # 36 for glibc 2.36; None: unknown version
    python: str | None = None  # "3.12"
    evidence: tuple[str, ...] = ()  # where each value came from, for the report

    @property
    def label(self) -> str:
        plat = f"{self.os or '?'}/{self.arch or '?'}"
        if self.libc:
            plat += f" {self.libc}" + (f" 2.{self.glibc_minor}" if self.glibc_minor else "")
        return f"{plat}, Python {self.python or '?'}"

    def unknown(self) -> str | None:
        """Why the target cannot be checked, or None when it can."""
        if self.os is None or self.arch is None:
            return "the image's platform is not known (use FROM --platform or gate's --platform)"
        if self.python is None:
            return (
                "the image's Python version is not known (no PYTHON_VERSION, versioned "
                "interpreter or python base tag; use --python-version)"
            )
        if self.os == "linux" and self.libc is None:
            return "the base image's C library (glibc or musl) is not known"
        if self.uv_platform() is None:
            return f"no wheel platform is known for {self.os}/{self.arch}"
        return None

    def uv_platform(self) -> str | None:
        """The resolver's --python-platform name, or None when it has none for this target."""
        if self.os == "windows" and self.arch in _WINDOWS_ARCH:
            return f"{self.arch}-pc-windows-msvc"
        if self.os != "linux" or self.arch not in ("x86_64", "aarch64"):
            return None
        if self.libc == "musl":
            return f"{self.arch}-unknown-linux-musl"
        if self.libc == "glibc":
            return f"{self.arch}-manylinux_2_{self.manylinux_minor}"
        return None

    @property
    def manylinux_minor(self) -> int:
        minor = self.glibc_minor if self.glibc_minor is not None else _OLDEST_GLIBC
        return max(_OLDEST_GLIBC, min(minor, 40))


def parse_platform(text: str) -> tuple[str, str] | None:
    """os/arch[/variant] → (os, arch) with the wheel world's arch names; None when malformed."""
    parts = text.strip().lower().split("/")
    if not 2 <= len(parts) <= 3 or not all(parts):
        return None
    arch = "/".join(parts[1:])
    return parts[0], _ARCH.get(arch, _ARCH.get(parts[1], parts[1]))


def parse_python(text: str) -> str | None:
    match = _PY_VERSION.match(text)
    return f"{match.group(1)}.{int(match.group(2))}" if match else None


def _split_image(base: str) -> tuple[str, str]:
    """Repository and tag of an image reference (digest dropped); tag "" when none."""
    ref = base.split("@", 1)[0].lower()
    name, sep, tag = ref.rpartition(":")
    if not sep or "/" in tag:
        return ref, ""
    return name, tag


def base_libc(base: str) -> tuple[str | None, int | None]:
    """The C library of a base image by its name and tag: (glibc|musl|None, glibc minor)."""
    repo, tag = _split_image(base)
    if "alpine" in repo or "alpine" in tag:
        return "musl", None
    words = set(re.split(r"[-_]", tag)) | {tag}
    minor = next((m for w, m in _GLIBC.items() if w in words), None)
    if _DEBIAN_LIKE.search(repo):
        version = base_python(base)
        if minor is None and repo.endswith("python") and version and _newer_than_37(version):
            # Official python images without a release word: Debian bookworm or newer since
            # mid-2023; 3.7 and older stopped before that and stay of unknown glibc.
            minor = _GLIBC["bookworm"]
        return "glibc", minor
    return ("glibc", minor) if minor is not None else (None, None)


def _newer_than_37(version: str) -> bool:
    major, minor = (int(p) for p in version.split("."))
    return (major, minor) > (3, 7)


def base_python(base: str) -> str | None:
    """X.Y from a python base tag: python:3.12-slim, pypy:3.10, uv:python3.12-bookworm."""
    repo, tag = _split_image(base)
    if repo.endswith(("python", "pypy")) or tag.startswith("python"):
        match = _PY_IN_TAG.match(tag)
        if match:
            return f"{match.group(1)}.{int(match.group(2))}"
    return None


def program_python(install: Install) -> str | None:
    """X.Y of the interpreter the command runs: `python3.12 -m pip`, `/usr/bin/pip3.11`."""
    for word in install.argv[:2]:
        match = _PY_IN_PROGRAM.search(word.lower())
        if match:
            return f"{match.group(1)}.{int(match.group(2))}"
    return None


def _stage_chain(source: BuildSource, stage: Stage) -> list[Stage]:
    chain = [stage]
    while chain[-1].parent is not None and len(chain) <= len(source.stages):
        chain.append(source.stages[chain[-1].parent])
    return chain


def _run_of(source: BuildSource, install: Install) -> tuple[Stage, Run | None] | None:
    for stage in source.stages:
        for step in stage.steps:
            if isinstance(step, Run) and step.location == install.location:
                return stage, step
    return None


def derive_target(
    source: BuildSource,
    install: Install,
    platform: str | None = None,
    python: str | None = None,
) -> WheelTarget:
    """The WheelTarget of one install; `platform`/`python` are the caller's overrides."""
    evidence: list[str] = []
    found = _run_of(source, install)
    chain = _stage_chain(source, found[0]) if found else []
    run = found[1] if found else None
    base = chain[-1].base if chain else ""

    os_ = arch = None
    written = platform or next((s.platform for s in chain if s.platform), None)
    if written:
        parsed = parse_platform(written)
        if parsed:
            os_, arch = parsed
            evidence.append(f"platform {written} from {'--platform' if platform else 'FROM'}")

    libc: str | None = None
    minor: int | None = None
    if os_ == "linux" and base:
        libc, minor = base_libc(base)
        if libc:
            evidence.append(f"{libc} from base {base}")

    version = parse_python(python) if python else None
    if version:
        evidence.append(f"Python {version} from --python-version")
    for label, value in (
        ("the command", program_python(install)),
        ("PYTHON_VERSION", parse_python((run.env.get("PYTHON_VERSION") or "") if run else "")),
        ("base tag", base_python(base) if base else None),
    ):
        if version is None and value:
            version = value
            evidence.append(f"Python {value} from {label}")
    return WheelTarget(os_, arch, libc, minor, version, tuple(evidence))
