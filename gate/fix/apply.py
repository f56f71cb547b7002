"""Write planned edits into the text; show them as a unified diff."""

from __future__ import annotations

import difflib
from collections.abc import Callable

from gate.fix.model import Fix, FixPlan


def apply_fixes(plan: FixPlan, keep: Callable[[Fix], bool] | None = None) -> str:
    """The file's text with the kept fixes' insertions (all of them by default)."""
    text = plan.original
    chosen = [f for f in plan.applicable if keep is None or keep(f)]
    # From the end backwards, so earlier offsets stay valid.
    for fix in sorted(chosen, key=lambda f: f.edit.offset, reverse=True):
        text = text[: fix.edit.offset] + fix.edit.text + text[fix.edit.offset :]
    return text


def unified_diff(plan: FixPlan, fixed: str) -> str:
    """`fixed` against the original, as `diff -u` would print it."""
    return "".join(
        difflib.unified_diff(
            plan.original.splitlines(keepends=True),
            fixed.splitlines(keepends=True),
            fromfile=plan.path,
            tofile=plan.path,
        )
    )
