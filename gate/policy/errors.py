"""The policy layer's one exception type: every failure names the policy file and line."""

from __future__ import annotations

import re

from gate.model import GateError

# regorus reports `--> file:row:col` and then `error: message`; OPA's own errors are objects.
_WHERE = re.compile(r"-->\s*(?P<path>.+?):(?P<line>\d+):(?P<col>\d+)")
_ERROR = re.compile(r"^error:\s*(?P<message>.+)$", re.MULTILINE)


class PolicyError(GateError):
    """A policy that does not compile, fails at runtime, lacks its decision, or an unreachable OPA.

    The CLI turns it into one line and exit status 2: a broken policy never passes a build.
    """


def from_regorus(error: Exception, fallback_path: str | None = None) -> PolicyError:
    """A PolicyError from a regorus exception text (which carries a Rust backtrace)."""
    text = str(error).split("Stack backtrace:", 1)[0]
    # Nested reports (an RVM compilation error wraps the interpreter's) put the precise place last.
    wheres = list(_WHERE.finditer(text))
    errors = [m for m in _ERROR.finditer(text) if m.group("message").strip()]
    where = wheres[-1] if wheres else None
    found = errors[-1] if errors else None
    message = found.group("message").strip() if found else " ".join(text.split()) or "error"
    if where is None:
        return PolicyError(message, fallback_path)
    return PolicyError(message, where.group("path"), int(where.group("line")))
