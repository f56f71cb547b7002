"""`gate fix --check`: keep only the fixes whose installs still resolve with wheels alone.

A blind `--only-binary :all:` breaks a build whose requirements have no wheel for the image's
platform and Python; the check (gate/wheels) asks a real resolver first, and a fix it cannot call
safe is left for a person, with the resolver's reason.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from gate.fix.model import Fix, FixPlan, Refusal
from gate.model import BuildSource
from gate.wheels import IndexOptions, WheelCheck, check_install, derive_target, lock_files


@dataclass(frozen=True)
class CheckOptions:
    index: IndexOptions
    platform: str | None = None  # None: what the build says (FROM --platform, base config)
    python: str | None = None  # None: what the build says (interpreter, PYTHON_VERSION, tag)


def _check(fix: Fix, source: BuildSource, options: CheckOptions) -> WheelCheck:
    target = derive_target(source, fix.install, options.platform, options.python)
    return check_install(fix.install, target, options.index, lock_files(source, fix.install))


def only_safe(plan: FixPlan, source: BuildSource, options: CheckOptions) -> FixPlan:
    """`plan` with every fix the wheel check does not call safe moved to the refusals."""
    safe: list[Fix] = []
    refused = list(plan.refused)
    for fix in plan.applicable:
        check = _check(fix, source, options)
        if check.status == "safe":
            safe.append(fix)
        else:
            reason = f"not applied, the wheel check says {check.status}: {check.reason}"
            refused.append(Refusal(fix.line, fix.install.text, reason, fix.finding))
    return replace(plan, applicable=tuple(safe), refused=tuple(refused))
