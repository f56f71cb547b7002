"""`"$(cat <<EOF` … `EOF` … `)"` as a word: what the substitution writes is the heredoc's body.

`bash -c "$(cat <<EOF …)"`, `su -c "$(cat <<'EOF' …)" user` and `X="$(cat <<EOF …)"; sh -c "$X"`
hand the shell the body (expanded when the delimiter is unquoted, taken as written when it is
quoted), its trailing newlines dropped (bash 5.2 and dash 0.5.12 measured with a fake pip
printing its argv). A body with a part the gate cannot expand leaves the word unknown.
"""

from __future__ import annotations

import re

from gate.shell import lex
from gate.shell.expand import Vars, expand_heredoc

# `cat <<DELIM` alone, as the heredoc cut leaves it (lex.cut_heredocs: `<<` becomes `< `, the
# body blanks): nothing but blanks may follow the delimiter word.
_CAT_HEREDOC = re.compile(r"\s*cat[ \t]*(<)[ \t]*[^\s;&|<>()]+\s*\Z")


def heredoc_written(
    inner: str, at: int, text: str, heredocs: dict[int, lex.Heredoc], vars: Vars
) -> str | None:
    """The text `$(inner)` writes when it is `cat` of one heredoc (`at`: inner's offset in
    `text`, the script's cut text), else None."""
    m = _CAT_HEREDOC.match(inner)
    if m is None or text[at : at + len(inner)] != inner:
        return None  # not cat of a heredoc, or a backquoted body read another way
    doc = heredocs.get(at + m.start(1))
    if doc is None:
        return None
    if doc.quoted:
        return doc.body
    f = expand_heredoc(doc.body, vars)
    return f.value if f.known else None
