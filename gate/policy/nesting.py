"""How deep a Rego module nests its brackets, checked before regorus parses it.

regorus's parser takes time exponential in the nesting of `[` and `{` (an array or a set may
turn out to be a comprehension: each level is parsed again). Measured on regorus as gate ships
it: 14 nested `[` took 1.3 s of CPU to add, 20 took past 10 s; 12 `[{` pairs past 10 s. A
policy gate's users write nests a few levels (the built-in ones at most 6, with parentheses).
"""

from __future__ import annotations

import re

MAX_DEPTH = 12  # `[` and `{` open at once

# Strings (with escapes), raw strings and comments hold brackets that are not nesting.
_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|`[^`]*`|#[^\n]*|[\[\]{}]')


def too_deep(text: str) -> int | None:
    """The line where `text` first opens more than MAX_DEPTH `[`/`{`, or None."""
    depth = 0
    for token in _TOKEN.finditer(text):
        char = token.group()
        if char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return text.count("\n", 0, token.start()) + 1
        elif char in "]}":
            depth = max(depth - 1, 0)
    return None
