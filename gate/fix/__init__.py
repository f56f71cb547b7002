"""`gate fix`: rewrite install commands into the compliant form gate suggests, in place.

`plan_fixes` judges a Dockerfile and sorts every denied or undecided install into `applicable`
(a flag or environment prefix makes it compliant, with the exact text edit) and `refused` (what a
flag cannot fix: direct references, resolution commands, unknowns, ...). `apply_fixes` writes the
chosen edits; a caller may filter them first (e.g. keep only installs whose wheels exist).
"""

from gate.fix.apply import apply_fixes, unified_diff
from gate.fix.model import Edit, Fix, FixPlan, Refusal
from gate.fix.plan import plan_fixes

__all__ = ["Edit", "Fix", "FixPlan", "Refusal", "apply_fixes", "plan_fixes", "unified_diff"]
