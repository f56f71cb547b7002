"""`gate rules`: the loaded rules' metadata as text (one line each) or JSON."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence

from gate.model import RuleInfo
from gate.report.common import printable

RULE_FORMATS = ("text", "json")


def render_rules(infos: Sequence[RuleInfo], fmt: str) -> str:
    if fmt == "json":
        return json.dumps([dataclasses.asdict(info) for info in infos], indent=2) + "\n"
    return "".join(
        f"{printable(info.id)}  [{info.severity}]  {printable(info.title)}\n" for info in infos
    )
