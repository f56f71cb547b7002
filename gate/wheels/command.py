"""`gate wheels`: every install of a build source, checked binary-only, as text or JSON."""

from __future__ import annotations

import argparse
import dataclasses
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gate.model import BuildSource, Install
from gate.wheels.check import PUBLIC_INDEX, IndexOptions, WheelCheck, check_install
from gate.wheels.lockfiles import lock_files
from gate.wheels.target import derive_target


@dataclass(frozen=True)
class CheckedInstall:
    install: Install
    check: WheelCheck


@dataclass(frozen=True)
class WheelsReport:
    path: str
    installs: tuple[CheckedInstall, ...]

    @property
    def all_safe(self) -> bool:
        return all(item.check.status == "safe" for item in self.installs)


def index_options(args: argparse.Namespace) -> IndexOptions:
    """The index a command's `--index-url`, `--offline` and `--cache-dir` name."""
    return IndexOptions(
        url=args.index_url or PUBLIC_INDEX,
        offline=args.offline,
        cache_dir=Path(args.cache_dir) if args.cache_dir else None,
    )


@dataclass(frozen=True)
class CheckOptions:
    """What a wheel check is asked with: the index, and the caller's word on the target."""

    index: IndexOptions
    platform: str | None = None  # None: what the build says (FROM --platform, base config)
    python: str | None = None  # None: what the build says (interpreter, PYTHON_VERSION, tag)


def check_options(args: argparse.Namespace) -> CheckOptions:
    """The check a command's `--index-url`, `--offline`, `--cache-dir`, `--platform` and
    `--python-version` ask for."""
    return CheckOptions(index_options(args), args.platform, args.python_version)


def check_one(source: BuildSource, install: Install, options: CheckOptions) -> WheelCheck:
    """Check one install fact of `source`, for the target its build (or `options`) names."""
    target = derive_target(source, install, options.platform, options.python)
    return check_install(install, target, options.index, lock_files(source, install))


def check_source(source: BuildSource, options: CheckOptions) -> WheelsReport:
    """Check every install fact of one source."""
    from gate.runner import facts_of

    doc = facts_of(source)
    checked = tuple(CheckedInstall(i, check_one(source, i, options)) for i in doc.installs)
    return WheelsReport(source.target.path, checked)


def _where(install: Install) -> str:
    loc = install.location
    return f"{loc.path}:{loc.line}" if loc.line is not None else loc.path


def render_text(reports: Sequence[WheelsReport]) -> str:
    lines: list[str] = []
    for report in reports:
        if not report.installs:
            lines.append(f"{report.path}: no installs")
        for item in report.installs:
            check = item.check
            lines.append(f"{_where(item.install)}: {item.install.text}")
            lines.append(f"  {check.status}: {check.reason}")
            lines.append(f"  target: {check.target.label}")
            lines += [f"  note: {note}" for note in check.notes]
            source = "cache" if check.cached else "resolver"
            if check.status != "unknown":
                lines.append(f"  answered from the {source} in {check.seconds:.2f} s")
    return "\n".join(lines) + "\n"


def check_json(check: WheelCheck) -> dict[str, Any]:
    doc = dataclasses.asdict(check)
    doc["target"]["uv_platform"] = check.target.uv_platform()
    doc["missing"] = [
        dict(m, message=x.message) for m, x in zip(doc["missing"], check.missing, strict=True)
    ]
    return doc


def wheels_json(report: WheelsReport) -> list[dict[str, Any]]:
    """Each install's check, keyed by the install fact's id (the `wheels` section of gate facts)."""
    return [
        {
            "id": item.install.id,
            "text": item.install.text,
            "location": dataclasses.asdict(item.install.location),
            **check_json(item.check),
        }
        for item in report.installs
    ]


def render_json(reports: Sequence[WheelsReport]) -> str:
    docs = [
        {
            "path": r.path,
            "installs": wheels_json(r),
        }
        for r in reports
    ]
    return json.dumps(docs[0] if len(docs) == 1 else docs, indent=2) + "\n"
