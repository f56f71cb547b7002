"""What `sed` makes of a config template whose placeholders it replaces
(`sed "s|@INDEX@|$PIP_INDEX_URL|" pip.conf.in > /etc/pip.conf`, `sed -i "s/__URL__/$URL/" F`).

Only the common shape is worked out: each script (the first operand, or each `-e`) is one `s`
command whose pattern is a literal (no character GNU sed reads as special, basic or `-E`
syntax) and whose replacement has no `&` or backslash, with no flag but `g`. A replacement may
hold a value gate does not know (a build arg without a default): it is kept as written and
weighed where it lands, as envsubst's are (gate/facts/envsubst.py). Anything else: None, and the
callers go on as before (the output unknown, an edit in place marked).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from gate.facts import template_work
from gate.facts.envsubst import Filled, harmless_value
from gate.model import Word

_SPECIAL = re.compile(r"[\\.*\[\]^$]")
_SPECIAL_EXTENDED = re.compile(r"[\\.*\[\]^$+?(){}|]")
_UNKNOWN = re.compile(r"\$\{?[A-Za-z_][A-Za-z0-9_]*\}?|\$\(|`")


@dataclass(frozen=True)
class Sed:
    scripts: tuple[Word, ...]  # one `s` command each
    files: tuple[Word, ...]  # the files it reads (none: standard input)
    extended: bool
    in_place: bool


def read(words: Sequence[Word]) -> Sed | None:
    """sed's options, scripts and files (`words`: its arguments), when of the shape worked out
    here (only -e, -E/-r and -i options), else None."""
    scripts: list[Word] = []
    operands: list[Word] = []
    extended = in_place = False
    k = 0
    while k < len(words):
        word = words[k]
        value = word.value if word.known else ""
        if word.known and value in ("-e", "--expression") and k + 1 < len(words):
            scripts.append(words[k + 1])
            k += 2
            continue
        if word.known and value.startswith("--expression="):
            scripts.append(Word(value.partition("=")[2]))
        elif word.known and value.startswith("-") and len(value) > 1:
            if value in ("-E", "-r", "--regexp-extended"):
                extended = True
            elif value.startswith(("-i", "--in-place")) and value[:3] != "-i-":
                in_place = True  # `-i`, `-i.bak`, `--in-place[=SUFFIX]`
            else:
                return None  # -n, -f, -z, -s, clusters: not the shape worked out here
        else:
            operands.append(word)
        k += 1
    if not scripts and operands:
        scripts.append(operands.pop(0))
    if not scripts:
        return None
    return Sed(tuple(scripts), tuple(operands), extended, in_place)


def fill(sed: Sed, text: str | None) -> Filled | None:
    """What `sed` makes of `text`, when gate can tell."""
    if text is None or not template_work.afford(len(sed.scripts) * len(text)):
        return None
    uncertain = False
    for script in sed.scripts:
        command = _parse(script, sed.extended)
        if command is None:
            return None
        got = _replace(text, *command)
        if got is None:
            return None
        text, uncertain = got.text, uncertain or got.uncertain
    return Filled(text, uncertain)


def _parse(script: Word, extended: bool) -> tuple[str, str, bool] | None:
    """(literal pattern, replacement as written, whether every match) of `s<d>P<d>R<d>[g]`."""
    value = script.value.strip()
    if len(value) < 4 or value[0] != "s" or value[1].isalnum() or value[1] in "\\\n ":
        return None
    parts = value[2:].split(value[1])
    if len(parts) != 3 or parts[2] not in ("", "g"):
        return None
    pattern, replacement = parts[0], parts[1]
    special = _SPECIAL_EXTENDED if extended else _SPECIAL
    if not pattern or "\n" in pattern or special.search(pattern):
        return None
    if "&" in replacement or "\\" in replacement:
        return None
    if not script.known and (_UNKNOWN.search(pattern) or "\n" in replacement):
        return None
    return pattern, replacement, parts[2] == "g"


def _replace(text: str, pattern: str, replacement: str, every: bool) -> Filled | None:
    """Each line with `pattern` replaced; a value gate does not know in the replacement (`$X`
    as written) is weighed where it lands."""
    unknown = _UNKNOWN.search(replacement) is not None
    uncertain = False
    out: list[str] = []
    for line in text.splitlines(keepends=True):
        at = line.find(pattern)
        if at < 0:
            out.append(line)
            continue
        if unknown:
            if not line[:at].strip():
                return None  # the value may be a whole line
            uncertain = uncertain or not harmless_value(line, at)
        count = -1 if every else 1
        out.append(line.replace(pattern, replacement, count))
    return Filled("".join(out), uncertain)
