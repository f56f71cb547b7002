"""Property: an install hidden inside one shell body by any stack of the constructs the walker
follows (pipes into a shell, `sh -c`, functions, `set --`, traps, eval, aliases, defaults …) is
found as an install the fact layer judges, or reported as opaque; never nothing."""

from __future__ import annotations

import shlex
from collections.abc import Callable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gate import model
from gate.facts.context import FactContext
from gate.facts.programs import identify
from gate.shell.walk import analyse

Wrap = Callable[[str], str]

# Installs as a list of words, so the constructs that take words (`set --`, `sh -c '"$@"' _`)
# can hold them too.
_INSTALLS = [
    ["pip", "install", "x"],
    ["pip", "install", "--no-binary", ":all:", "x"],
    ["python3", "-m", "pip", "install", "x"],
    ["pip3", "install", "--only-binary", ":all:", "x"],
]

_INNER: list[Callable[[list[str]], str]] = [
    lambda w: " ".join(w),
    lambda w: 'set -- ' + " ".join(w) + '; "$@"',
    lambda w: "sh -c '\"$@\"' _ " + " ".join(w),
    lambda w: 'g() { "$@"; }; g ' + " ".join(w),
    lambda w: "${INSTALL:-" + " ".join(w) + "}",
    # (bash expands aliases only after shopt; dash has no shopt and carries on)
    lambda w: "shopt -s expand_aliases\nalias p=" + w[0] + "\np " + " ".join(w[1:]),
    lambda w: 'if [ "$X" ]; then T=' + w[-1] + "; else T=y; fi; " + " ".join(w[:-1]) + " $T",
]

_WRAPS: list[Wrap] = [
    lambda s: "echo " + shlex.quote(s) + " | sh",
    lambda s: "printf '%s\\n' " + shlex.quote(s) + " | bash",
    # (heredoc delimiters differ by level: the shell would end an outer body at an inner EOF)
    lambda s: f"cat <<'E{len(s)}' | sh\n{s}\nE{len(s)}",
    lambda s: "sh -c " + shlex.quote(s),
    lambda s: "bash <(echo " + shlex.quote(s) + ")",
    lambda s: "f() {\n" + s + "\n}\nf",
    lambda s: "trap " + shlex.quote(s) + " EXIT",
    lambda s: "eval " + shlex.quote(s),
    lambda s: "if true; then\n" + s + "\nfi",
    lambda s: f"sh <<'E{len(s)}'\n{s}\nE{len(s)}",
]


def _judged(script: str) -> bool:
    run = model.Run(model.Location("D", 2), ("/bin/sh", "-c"), False, (), script, {})
    result = analyse(run)
    if result.opaque:
        return True
    from gate.facts import pip

    for command in result.commands:
        call = identify(command)
        if call is not None and call.tool == "pip" and pip.extract(call, FactContext(run, {})):
            return True
    return False


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(_INSTALLS),
    st.sampled_from(_INNER),
    st.lists(st.sampled_from(_WRAPS), max_size=4),
)
def test_a_hidden_install_is_never_silent(
    install: list[str], inner: Callable[[list[str]], str], wraps: list[Wrap]
) -> None:
    script = inner(install)
    for wrap in wraps:
        script = wrap(script)
    assert _judged(script), script
