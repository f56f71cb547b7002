"""Run uv's resolver binary-only for a target, and read its answer.

`uv pip compile --only-binary :all: --python-platform P --python-version V` resolves without
building anything: an sdist is never run, so the check itself executes no third-party code.
uv reports one unsatisfiable project per run ("Because X==1.0 has no usable wheels …", "X>=2
has no wheels with a matching platform tag …"); `overrides` lets the caller pin that project to a
version with a wheel (or drop it with a marker that is never true) and ask again for the next one.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from gate.wheels.target import WheelTarget

_NAME = r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?"
# "X==1.0 has no usable wheels", "X>=306 has no wheels with a matching platform tag (…)", "X<=305
# has no wheels with a matching Python ABI tag": the subject is the project without wheels.
_NO_WHEELS = re.compile(
    rf"\b({_NAME})(?:(==|===|<=|>=|<|>|!=|~=)(\S+?))? has no (?:usable )?wheels"
)
_HINTED = re.compile(
    rf"(?:Wheels are required for|Wheels are available for|found wheels for) `({_NAME})`"
)
_NOT_FOUND = re.compile(rf"\b({_NAME}) was not found in the package registry")
_NETWORK = (
    "Failed to fetch",
    "error sending request",
    "Request failed after",
    "Could not connect",
    "dns error",
    "HTTP status",
    "Failed to read",
)
_PIN = re.compile(rf"^({_NAME})==(\S+)")


class ResolverUnavailable(Exception):
    """uv could not answer: the index is unreachable, or uv failed for another reason."""


@dataclass(frozen=True)
class Resolved:
    pins: tuple[tuple[str, str], ...]  # (project, version), as uv wrote them


@dataclass(frozen=True)
class NoWheel:
    """uv found no wheel for `project` (at `version`, or at any version when None)."""

    project: str
    version: str | None


@dataclass(frozen=True)
class Unresolvable:
    """uv failed for a reason other than a missing wheel (a project that does not exist, ...)."""

    message: str


Answer = Resolved | NoWheel | Unresolvable


def uv_binary() -> str:
    import uv

    return str(uv.find_uv_bin())


def _environment(retries: int) -> dict[str, str]:
    # The user's uv and pip settings must not change what is checked (extra indexes, offline).
    env = {k: v for k, v in os.environ.items() if not k.startswith(("UV_", "PIP_"))}
    env["UV_HTTP_RETRIES"] = str(retries)
    return env


def parse_failure(stderr: str) -> Answer:
    """uv's error text → the project without wheels, or why it failed otherwise."""
    subject = _NO_WHEELS.search(stderr)
    if subject:
        pinned = subject.group(2) in ("==", "===")
        return NoWheel(subject.group(1), subject.group(3) if pinned else None)
    hinted = _HINTED.search(stderr)
    if hinted:
        return NoWheel(hinted.group(1), None)
    missing = _NOT_FOUND.search(stderr)
    if missing:
        return Unresolvable(f"{missing.group(1)} is not on the index")
    if any(marker in stderr for marker in _NETWORK):
        raise ResolverUnavailable(_first_error(stderr))
    return Unresolvable(_first_error(stderr))


def _first_error(stderr: str) -> str:
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith(("error:", "cause:"))]
    return " / ".join(errors[:3]) if errors else (lines[-1] if lines else "uv failed")


def compile_binary_only(
    requirements: tuple[str, ...],
    constraints: tuple[str, ...],
    overrides: tuple[str, ...],
    target: WheelTarget,
    index_url: str,
    cache_dir: Path,
    timeout: float,
    retries: int = 3,
    prerelease: bool = False,
) -> Answer:
    """One binary-only resolution of `requirements` for `target` on `index_url`."""
    platform, python = target.uv_platform(), target.python
    if platform is None or python is None:
        raise ValueError("compile_binary_only needs a target that can be checked")
    with tempfile.TemporaryDirectory(prefix="gate-wheels-") as work:
        req = Path(work) / "requirements.in"
        req.write_text("\n".join(requirements) + "\n", encoding="utf-8")
        argv = [
            uv_binary(), "pip", "compile", str(req),
            "--only-binary", ":all:",
            "--python-platform", platform,
            "--python-version", python,
            # Nothing is built, so any interpreter will do: naming this one saves uv a search
            # of the machine's interpreters (seconds with pyenv shims).
            "--python", sys.executable,
            "--index-url", index_url,
            "--no-header", "--no-annotate", "--no-config", "--no-python-downloads",
            "--color", "never",
            "--cache-dir", str(cache_dir),
        ]  # fmt: skip
        if prerelease:
            argv += ["--prerelease", "allow"]
        for flag, lines in (("--constraints", constraints), ("--overrides", overrides)):
            if lines:
                extra = Path(work) / f"{flag[2:]}.txt"
                extra.write_text("\n".join(lines) + "\n", encoding="utf-8")
                argv += [flag, str(extra)]
        try:
            done = subprocess.run(
                argv,
                capture_output=True,
                text=True,
                timeout=timeout,
                env=_environment(retries),
                cwd=work,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise ResolverUnavailable(f"uv did not answer within {timeout:g} s") from None
        except OSError as error:
            raise ResolverUnavailable(f"uv could not run: {error}") from None
    if done.returncode == 0:
        pins = tuple(
            (m.group(1), m.group(2))
            for m in (_PIN.match(line.strip()) for line in done.stdout.splitlines())
            if m
        )
        return Resolved(pins)
    return parse_failure(done.stderr)
