"""Property tests: no shell text makes the walker raise, fail inside, or take long."""

from __future__ import annotations

import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gate import model
from gate.shell.walk import INTERNAL_ERROR, analyse

_SHELLS = [
    ("/bin/sh", "-c"),
    ("/bin/bash", "-o", "pipefail", "-c"),
    ("cmd", "/S", "/C"),
    ("powershell", "-Command"),
]
_SLOW = 5.0  # seconds; such a body takes milliseconds, the work budget caps it near one second


def _check(
    script: str, shell: tuple[str, ...] = _SHELLS[0], env: dict[str, str | None] | None = None
) -> None:
    run = model.Run(model.Location("D"), shell, False, (), script, env or {})
    # This process's CPU time, not wall time: a busy machine must not fail a bound on work.
    start = time.process_time()
    result = analyse(run)
    assert time.process_time() - start < _SLOW
    assert not [o for o in result.opaque if o.reason.startswith(INTERNAL_ERROR)], script
    for command in result.commands:
        assert command.argv
        assert all(isinstance(w.value, str) for w in command.argv)
        assert command.cwd is None or command.cwd.startswith("/")


_PIECES = st.sampled_from(
    [
        "pip", "install", "x", "$X", "${X:-d}", "${X#*/}", '"$Y"', "'q'", "$'a\\tb'", "a\\ b", "=",
        "A=1", "export", "unset", "cd", "..", "~", "-", "sudo", "-E", "env", "xargs", "sh", "bash",
        "-c", "eval", "find", "-exec", "{}", "\\;", "|", "||", "&&", ";", "&", "\n", "(", ")", "{",
        "}", "!", "if", "then", "elif", "else", "fi", "for", "in", "do", "done", "while", "until",
        "case", "esac", ";;", "function", "f()", "$(", "`", "<(", "((", "))", "[[", "]]", "<",
        ">", ">>", "2>&1", "&>", "<<EOF", "<<-'E'", "<<<", "EOF", "#", "\\\n", '"', "'", "cmd",
        "/S", "/C", "powershell", "-Command", "%X%", "$env:X", "iex", "é", "\t", "\x00",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_random_text_never_breaks_the_walker(text: str) -> None:
    _check(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, max_size=60), st.sampled_from(_SHELLS))
def test_shell_tokens_never_break_the_walker(pieces: list[str], shell: tuple[str, ...]) -> None:
    _check(" ".join(pieces), shell, {"X": "a b", "Y": None})


def _nested(heredocs: bool = True) -> st.SearchStrategy[str]:
    simple = st.builds(
        lambda words: " ".join(words),
        st.lists(st.sampled_from(["pip", "install", "x", "$V", '"$V"', "cd", "/a", "A=1"]),
                 min_size=1, max_size=5),
    )  # fmt: skip

    def extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return st.one_of(
            st.builds(lambda a, b: f"{a} && {b}", inner, inner),
            st.builds(lambda a, b: f"{a} | {b}", inner, inner),
            st.builds(lambda a: f"( {a} )", inner),
            st.builds(lambda a: f"{{ {a}; }}", inner),
            st.builds(lambda a, b: f"if {a}; then {b}; else {a}; fi", inner, inner),
            st.builds(lambda a: f"for V in a b $V; do {a}; done", inner),
            st.builds(lambda a: f"while {a}; do {a}; done", inner),
            st.builds(lambda a: f"case $V in a) {a};; *) {a};; esac", inner),
            st.builds(lambda a: f"f() {{ {a}; }}", inner),
            st.builds(lambda a: f"echo $({a})", inner),
            st.builds(lambda a: f"echo `{a}`", inner),
            st.builds(lambda a: "sh -c '" + a.replace("'", "") + "'", inner),
            st.builds(lambda a: f"eval '{a.replace(chr(39), '')}'", inner),
            st.builds(lambda a: f"cat <<EOF > f\n{a}\nEOF\n{a}" if heredocs else a, inner),
            st.builds(lambda a: f"! {a}", inner),
            st.builds(lambda a: f"[[ $({a}) ]] && (( $({a}) ))", inner),
        )

    return st.recursive(simple, extend, max_leaves=25)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_nested())
def test_nested_constructs_never_break_the_walker(script: str) -> None:
    _check(script)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_nested(heredocs=False))
def test_nested_constructs_find_every_install(script: str) -> None:
    # Every `pip install x` written in the text is (part of) a command the walker returns; there
    # may be more (a loop runs its body once per word).
    run = model.Run(model.Location("D"), ("/bin/sh", "-c"), False, (), script, {})
    result = analyse(run)
    if any("too complex" in o.reason or "too deeply" in o.reason for o in result.opaque):
        return
    found = sum(
        1
        for c in result.commands
        for i in range(len(c.argv) - 2)
        if [w.value for w in c.argv[i : i + 3]] == ["pip", "install", "x"]
    )
    assert found >= script.count("pip install x"), script


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(max_size=20), max_size=8))
def test_exec_form_never_breaks_the_walker(argv: list[str]) -> None:
    run = model.Run(model.Location("D"), ("/bin/sh", "-c"), True, tuple(argv), "", {})
    result = analyse(run)
    assert not [o for o in result.opaque if o.reason.startswith(INTERNAL_ERROR)]


def test_four_byte_characters_after_a_brace_do_not_crash_the_process() -> None:
    # tree-sitter-bash#337: `{` then a 4-byte UTF-8 character can SIGSEGV the parser on Linux.
    # Run in a child process so that a crash fails this test instead of killing the suite.
    import subprocess
    import sys

    code = (
        "from gate import model\n"
        "from gate.shell.walk import analyse\n"
        "texts = ['{\\U00031860', 'L\\u00c9{\\U000c5024\\x9a', '){\\U00082c9b',\n"
        "         'echo {\\U0001f40d}']\n"
        "for _ in range(200):\n"
        "    for t in texts:\n"
        "        analyse(model.Run(model.Location('D'), ('/bin/sh', '-c'), False, (), t, {}))\n"
    )
    repo = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=120, cwd=repo)
    assert done.returncode == 0, done.stderr.decode(errors="replace")
