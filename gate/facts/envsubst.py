"""What `envsubst` prints, for config templates filled in at build time
(`envsubst < pip.conf.tmpl > /etc/pip.conf`).

GNU envsubst (gettext 0.21, checked here) replaces `$NAME` and `${NAME}` with the variable's value
in its environment, "" when unset, and leaves everything else as it is (`${A:-x}`, `$$A` → `$` and
A's value); given a SHELL-FORMAT operand it replaces only the names that operand holds.

A value gate does not know is kept as written. Where it stands decides what the text is worth:
- at the start of a line it may be a whole line (a section, a key, an option): the text is unknown;
- after the `=` of a key that cannot turn sources on or off (`index-url = ${PIP_INDEX_URL}`, the
  usual template) the text is read as it is;
- anywhere else the text is read with the file marked as possibly holding other settings, which
  its readers weigh (a config's only-binary, a requirements file's option lines).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gate.facts import template_work
from gate.model import Command

_REFERENCE = re.compile(r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))")
_NAME_IN_FORMAT = re.compile(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)")
# `key = value` (INI, TOML) or `key: value` (INI): the key, unquoted.
_KEY = re.compile(r"""\s*["']?([A-Za-z0-9_.-]+)["']?\s*[=:]""")
# pip, uv and Poetry settings whose value cannot turn sources on or off (an index, a host, a
# timeout, credentials): a value gate does not know there changes no verdict.
_HARMLESS = frozenset({
    "index-url", "extra-index-url", "trusted-host", "timeout", "default-timeout", "retries",
    "cert", "client-cert", "proxy", "cache-dir", "no-cache-dir", "disable-pip-version-check",
    "root-user-action", "progress-bar", "keyring-provider", "native-tls", "allow-insecure-host",
    "url", "name", "username", "password", "publish-url", "index-strategy",
})  # fmt: skip


@dataclass(frozen=True)
class Filled:
    text: str  # values gate does not know kept as written
    uncertain: bool  # a value gate does not know stands where it may change a setting


def fill(command: Command, template: str | None) -> Filled | None:
    """What `command` (an envsubst) prints given `template` on its standard input, or None when
    gate cannot tell."""
    env = command.env
    words = command.argv[1:]
    if template is None or not all(w.known for w in words) or len(words) > 1:
        return None
    if not template_work.afford(len(template)):
        return None
    if words and words[0].value.startswith("-"):
        return None  # --variables, --help: not the template
    only = set(_NAME_IN_FORMAT.findall(words[0].value)) if words else None
    uncertain = False
    lines: list[str] = []
    for line in template.splitlines(keepends=True):
        pieces: list[str] = []
        at = 0
        for match in _REFERENCE.finditer(line):
            name = match.group(1) or match.group(2)
            if only is not None and name not in only:
                continue
            pieces.append(line[at : match.start()])
            at = match.end()
            value = env.get(name)  # None: unknown, or not set here (the base image may set it)
            if value is not None:
                pieces.append(value)
                continue
            if not line[: match.start()].strip():
                return None  # a whole line, for all gate knows
            pieces.append(match.group(0))
            uncertain = uncertain or not harmless_value(line, match.start())
        pieces.append(line[at:])
        lines.append("".join(pieces))
    return Filled("".join(lines), uncertain)


def harmless_value(line: str, at: int) -> bool:
    """The reference at `at` is in the value of a key that cannot turn sources on or off."""
    key = _KEY.match(line)
    return (
        key is not None
        and key.end() <= at
        and key.group(1).lower().replace("_", "-").rsplit(".", 1)[-1] in _HARMLESS
    )
