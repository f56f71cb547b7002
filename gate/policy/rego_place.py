"""A Rego module moved under another root of `data`, for an OPA server that several runs share.

OPA's data is one document: two runs uploading different policies or data to one server wrote
over each other (a run's exemption package covered another run's findings). Each run's modules
therefore go under `data.<root>`, a root named by the bundle's content hash: the package gains
the root as its first segment, and every reference to `data` becomes one to `data.<root>`, so
the modules read their own run's data and packages only, and a run with other content never
touches them.

Only code is rewritten: comments, strings and raw strings are kept as they are (the built-in
rule's message names `data.gate.trusted_bases` in a string). Nothing is added or removed on any
line but the inserted names, so OPA's error rows still point at the file's own lines.
"""

from __future__ import annotations

import re

from gate.policy.package import _KEYWORD, _SKIP

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"?')
_RAW = re.compile(r"`[^`]*`?")
_COMMENT = re.compile(r"#[^\n]*")


def placed(text: str, root: str) -> str:
    """`text` with its package and its `data` references under `data.<root>`."""
    out: list[str] = []
    at = _SKIP.match(text).end()  # type: ignore[union-attr]  # matches the empty string
    if _KEYWORD.match(text, at):
        name = _SKIP.match(text, at + len("package")).end()  # type: ignore[union-attr]
        out.append(text[:name])
        out.append(f"{root}.")
        at = name
    else:
        at = 0
    size = len(text)
    start = at
    while at < size:
        char = text[at]
        if char == "#":
            at = _COMMENT.match(text, at).end()  # type: ignore[union-attr]
        elif char == '"':
            at = _STRING.match(text, at).end()  # type: ignore[union-attr]
        elif char == "`":
            at = _RAW.match(text, at).end()  # type: ignore[union-attr]
        elif char.isalpha() or char == "_":
            word = _NAME.match(text, at)
            end = word.end() if word is not None else at + 1
            # `data` as the root of a reference; `x.data` and `metadata` are other names.
            if text[at:end] == "data" and (at == 0 or text[at - 1] != "."):
                out.append(text[start:end])
                out.append(f".{root}")
                start = end
            at = end
        elif char.isdigit():
            word = _NAME.match(text, at + 1)
            at = word.end() if word is not None else at + 1
        else:
            at += 1
    out.append(text[start:])
    return "".join(out)
