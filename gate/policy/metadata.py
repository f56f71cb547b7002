"""Rule metadata from OPA METADATA annotations (`# METADATA` then a YAML comment block).

The block before `package` describes the package's rule (regal's convention); a block before a
`deny`/`warn` rule is read when the package has none. `custom.id`, `custom.severity` and
`custom.fix` are gate's fields; `related_resources` become the rule's references.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from gate import user_files
from gate.model import RuleInfo, Severity
from gate.policy.errors import PolicyError
from gate.policy.package import declaration

RULES_PREFIX = "gate.rules."
# gate's own denial of what it failed on (gate/policy/judge.py): no policy may take its id,
# which would make `# gate: ignore=gate-internal-error` a comment gate honours.
INTERNAL_RULE_ID = "gate-internal-error"

_DECISION = re.compile(r"^(deny|warn)\s+contains\b")


@dataclass(frozen=True)
class Annotation:
    line: int  # 1-based line of `# METADATA`
    target_line: int  # 1-based line of the statement it annotates (0: none)
    target: str  # that statement's text
    fields: dict[str, Any]


def package_of(text: str, where: str = "") -> tuple[str, int] | None:
    """The package a module declares and its 1-based line, or None (gate/policy/package.py)."""
    found = declaration(text, where)
    return None if found is None else (found.name, found.line)


def decision_lines(text: str) -> dict[str, int]:
    """The first line of each `deny contains` / `warn contains` rule of a module."""
    found: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        match = _DECISION.match(line)
        if match:
            found.setdefault(match.group(1), number)
    return found


# METADATA text gate parses as YAML, in all the user's modules of one run. It is parsed before
# any policy runs, outside the bounded child: 4 MiB of it took 13 s of CPU here (hostile round
# 21). A rule's block is a few hundred bytes.
MAX_METADATA_CHARS = 1024 * 1024


def metadata_chars(text: str) -> int:
    """The characters of a module's METADATA blocks (what read_annotations parses), unparsed."""
    if "# METADATA" not in text:
        return 0
    total = 0
    inside = False
    for line in text.splitlines():
        stripped = line.lstrip()
        if stripped.rstrip() == "# METADATA":
            inside = True
        elif inside and stripped.startswith("#"):
            total += len(stripped)
        else:
            inside = False
    return total


@functools.lru_cache(maxsize=16)
def read_annotations(text: str, path: str) -> list[Annotation]:
    """Every METADATA block of a module, parsed as YAML (once: the rule's loader asks twice)."""
    import yaml

    lines = text.splitlines()
    found: list[Annotation] = []
    i = 0
    while i < len(lines):
        if lines[i].strip() != "# METADATA":
            i += 1
            continue
        start = i
        body: list[str] = []
        i += 1
        while i < len(lines) and lines[i].lstrip().startswith("#"):
            content = lines[i].lstrip()[1:]
            body.append(content[1:] if content.startswith(" ") else content)
            i += 1
        try:
            # Without aliases and within Python's recursion limit, as every YAML a user writes.
            fields = user_files.load_yaml("\n".join(body)) or {}
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            line = start + 2 + (mark.line if mark is not None else 0)
            why = getattr(error, "problem", None) or error
            raise PolicyError(f"invalid METADATA block: {why}", path, line) from None
        if not isinstance(fields, dict):
            raise PolicyError("METADATA must be a YAML mapping", path, start + 1)
        target_line = i + 1 if i < len(lines) else 0
        target = lines[i].strip() if i < len(lines) else ""
        found.append(Annotation(start + 1, target_line, target, fields))
    return found


def default_rule_id(package: str) -> str:
    return package.removeprefix(RULES_PREFIX).replace("_", "-").replace(".", "-")


def _references(fields: dict[str, Any]) -> tuple[str, ...]:
    refs: list[str] = []
    for item in fields.get("related_resources") or ():
        if isinstance(item, str):
            refs.append(item)
        elif isinstance(item, dict) and isinstance(item.get("ref"), str):
            refs.append(item["ref"])
    return tuple(refs)


def _rule_annotation(text: str, path: str) -> Annotation | None:
    chosen: Annotation | None = None
    for note in read_annotations(text, path):
        if note.target.startswith("package "):
            return note
        if chosen is None and _DECISION.match(note.target):
            chosen = note
    return chosen


def has_rule_metadata(text: str, path: str) -> bool:
    return _rule_annotation(text, path) is not None


def rule_info(text: str, path: str, package: str) -> RuleInfo:
    """The RuleInfo of one rule module (`package gate.rules.<name>`)."""
    chosen = _rule_annotation(text, path)
    fields = chosen.fields if chosen else {}
    line = chosen.line if chosen else None
    custom = fields.get("custom") or {}
    if not isinstance(custom, dict):
        raise PolicyError("METADATA custom must be a mapping", path, line)
    severity = custom.get("severity", "deny")
    if severity not in ("deny", "warn"):
        raise PolicyError(
            f"METADATA custom.severity must be deny or warn, not {severity!r}", path, line
        )
    checked: Severity = "deny" if severity == "deny" else "warn"
    rule_id = custom.get("id") or default_rule_id(package)
    return RuleInfo(
        id=str(rule_id),
        title=str(fields.get("title") or rule_id),
        severity=checked,
        description=" ".join(str(fields.get("description") or "").split()),
        fix=" ".join(str(custom.get("fix") or "").split()),
        references=_references(fields),
    )
