"""`gate fix --check`: keep only the fixes whose installs still resolve with wheels alone.

A blind `--only-binary :all:` breaks a build whose requirements have no wheel for the image's
platform and Python; the check (gate/wheels) asks a real resolver first, and a fix it cannot call
safe is left for a person, with the resolver's reason.
"""

from __future__ import annotations

from dataclasses import replace

from gate.fix.model import Fix, FixPlan, Refusal
from gate.model import BuildSource
from gate.wheels.command import CheckOptions, check_one


def only_safe(plan: FixPlan, source: BuildSource, options: CheckOptions) -> FixPlan:
    """`plan` with every fix the wheel check does not call safe moved to the refusals."""
    safe: list[Fix] = []
    refused = list(plan.refused)
    for fix in plan.applicable:
        check = check_one(source, fix.install, options)
        if check.status == "safe":
            safe.append(fix)
        else:
            reason = f"not applied, the wheel check says {check.status}: {check.reason}"
            refused.append(Refusal(fix.line, fix.install.text, reason, fix.finding))
    return replace(plan, applicable=tuple(safe), refused=tuple(refused))
