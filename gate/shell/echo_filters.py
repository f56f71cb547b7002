"""What `$(echo WORD | tr SET1 SET2)` and `$(echo WORD | sed 's/OLD/NEW/g')` write, where WORD
is a plain word or one variable holding a plain word (`_wheel=$(echo $r | tr - _)` over a loop's
words): the word with its characters mapped, trailing newline removed.

Only shapes whose output is exact in bash, dash and busybox sh with GNU and busybox tr and sed
(measured): the echoed text is one plain word (no blank, pattern, backslash or leading `-`, so
splitting, globbing, echo's options and dash's escapes leave it as written; an unquoted
variable's value holds no character of a changed IFS); tr's sets are equal
in length, of letters, digits, `_.+,:/=@%` and quoted blanks, or exactly `-` (no range, class,
escape or option: `tr ',' ' '` turns a list into words);
sed's one `s` command has literal OLD and NEW (letters, digits, `_`, `-`: no regex character)
and an optional `g`. Anything else: None, the substitution stays unknown."""

from __future__ import annotations

import re
from collections.abc import Callable

_PLAIN = re.compile(r"[A-Za-z0-9_.,:=/+@%][A-Za-z0-9_.,:=/+@%-]*")
_VAR = re.compile(r'"?\$(?:([A-Za-z_][A-Za-z0-9_]*)|\{([A-Za-z_][A-Za-z0-9_]*)\})"?')
# A blank only quoted: unquoted it would end the set's word.
_SET = (
    r"(?:'(?P<{0}1>[A-Za-z0-9_.+,:/=@% ]+|-)'"
    r'|"(?P<{0}2>[A-Za-z0-9_.+,:/=@% ]+|-)"'
    r"|(?P<{0}3>[A-Za-z0-9_.+,:/=@%]+|-))"
)
_TR = re.compile(rf"tr[ \t]+{_SET.format('a')}[ \t]+{_SET.format('b')}")
_SED = re.compile(
    r"""sed[ \t]+(?:'s/(?P<o1>[A-Za-z0-9_-]+)/(?P<n1>[A-Za-z0-9_-]*)/(?P<g1>g?)'"""
    r"""|"s/(?P<o2>[A-Za-z0-9_-]+)/(?P<n2>[A-Za-z0-9_-]*)/(?P<g2>g?)"|"""
    r"""s/(?P<o3>[A-Za-z0-9_-]+)/(?P<n3>[A-Za-z0-9_-]*)/(?P<g3>g?))"""
)
# A newline ends a command (`echo six | tr` / `cat f`): only blanks inside each one.
_PIPE = re.compile(r"\s*echo[ \t]+(\S+)[ \t]*\|\s*(.*?)\s*")


def output(
    inner: str, get: Callable[[str], object], shadows: Callable[[str], bool]
) -> str | None:
    """The text `$(inner)` makes (trailing newline removed), `get(NAME)` giving a variable's
    value (a str when known), or None when the shape is not one modelled here or a name it runs
    may run what the script defined (`shadows`)."""
    if len(inner) > 512:
        return None
    m = _PIPE.fullmatch(inner)
    if m is None or any(shadows(name) for name in ("echo", "tr", "sed")):
        return None
    word = _echoed(m.group(1), get)
    if word is None:
        return None
    return _filter(m.group(2), word)


def _echoed(text: str, get: Callable[[str], object]) -> str | None:
    if _PLAIN.fullmatch(text):
        return text
    var = _VAR.fullmatch(text)
    if var is None or text.startswith('"') != text.endswith('"'):
        return None
    value = get(var.group(1) or var.group(2))
    if not isinstance(value, str) or not _PLAIN.fullmatch(value):
        return None
    ifs = get("IFS")
    split = ifs is None or (isinstance(ifs, str) and bool(set(ifs) & set(value)))
    if split and not text.startswith('"'):
        # Unquoted, the value is split at IFS and echo joins the words with blanks: under
        # `IFS="X "`, `echo $r` of `sixX--no-binary=:all:` writes `six --no-binary=:all:`
        # (bash 5.2, dash, busybox sh); an IFS set to what gate does not know may hold any.
        return None
    return value


def _filter(command: str, word: str) -> str | None:
    tr = _TR.fullmatch(command)
    if tr is not None:
        old = tr.group("a1") or tr.group("a2") or tr.group("a3")
        new = tr.group("b1") or tr.group("b2") or tr.group("b3")
        if len(old) != len(new) or len(set(old)) != len(old):
            # GNU tr repeats SET2's last character, POSIX leaves it unspecified; a character
            # twice in SET1 maps as the implementation chooses.
            return None
        return word.translate(str.maketrans(old, new))
    sed = _SED.fullmatch(command)
    if sed is not None:
        k = next(k for k in "123" if sed.group("o" + k) is not None)
        old, new = sed.group("o" + k), sed.group("n" + k)
        return word.replace(old, new) if sed.group("g" + k) else word.replace(old, new, 1)
    return None
