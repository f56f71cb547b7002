"""pip facts: every row of the research and SPEC pip tables, as data (tests/data/facts/pip)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gate.facts import pip
from gate.facts.context import FactContext, ToolCall
from gate.facts.programs import identify
from gate.model import BinaryPolicy, Command, OptionEvent, Word
from tests.facts.casefile import Case, call_of, check, compliant, context, load_cases
from tests.facts.strategies import VOCABULARY, envs, files

CASES = load_cases("pip", "cases.yaml")


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_pip_case(case: Case) -> None:
    call = call_of(case.command, case.env)
    ctx = context(case.command, case.env, case.files, case.workdir)
    check(pip.extract(call, ctx), case.expected)


def test_tools_cover_pip() -> None:
    assert pip.TOOLS == ("pip",)


def test_install_fact_carries_the_command_and_location() -> None:
    text = "pip3 install flask"
    install = pip.extract(call_of(text), context(text))
    assert install is not None
    assert install.tool == "pip"
    assert install.argv == ("pip3", "install", "flask")
    assert install.text == text
    assert install.location.path == "Dockerfile"
    assert install.resolves is False
    assert install.backend is None


def test_xargs_fed_arguments_are_an_unknown_requirement() -> None:
    base = call_of("pip install --only-binary :all:")
    command = Command(base.command.argv, {}, text="xargs pip install", stdin_args=True)
    call = ToolCall(base.tool, base.args, command, base.spelling)
    install = pip.extract(call, context(command.text))
    assert install is not None
    assert [(r.kind, r.text) for r in install.requirements] == [("unknown", "<stdin>")]
    assert compliant(install)


def test_cd_in_the_script_moves_relative_requirement_files() -> None:
    base = call_of("pip install -r requirements.txt")
    command = Command(base.command.argv, {}, text="pip install -r requirements.txt", cwd="/src")
    call = ToolCall(base.tool, base.args, command, base.spelling)
    ctx = context(command.text, files={"/src/requirements.txt": "--only-binary :all:\nx\n"})
    install = pip.extract(call, ctx)
    assert install is not None and compliant(install)
    assert install.requirement_files[0].resolved == "/src/requirements.txt"


@pytest.mark.parametrize(
    ("events", "only", "no"),
    [
        ([("only-binary", ":all:")], (":all:",), ()),
        ([("only-binary", ":all:"), ("no-binary", "x")], (":all:",), ("x",)),
        ([("no-binary", "x"), ("only-binary", ":all:")], (":all:",), ()),
        ([("only-binary", "numpy")], ("numpy",), ()),
        ([("only-binary", "a,:all:,b")], (":all:",), ()),
        ([("only-binary", "a,:all:,:none:,b")], ("b",), ()),
        ([("no-binary", ":all:"), ("only-binary", ":ALL:")], (":all:",), ()),
        ([("only-binary", "X_Y"), ("no-binary", "x.y")], (), ("x-y",)),
        ([("only-binary", "-x")], (), ()),
        # Names no project can have turn nothing back on: an unexpanded `${nb}`, ` b` after a
        # comma and a blank (pip neither strips nor validates them).
        ([("only-binary", ":all:"), ("no-binary", "${nb}")], (":all:",), ()),
        ([("only-binary", ":all:"), ("no-binary", "a, b")], (":all:",), ("a",)),
    ],
)
def test_format_control_matches_pip(
    events: list[tuple[str, str]], only: tuple[str, ...], no: tuple[str, ...]
) -> None:
    policy = pip.binary_policy(OptionEvent("cli", o, v) for o, v in events)
    assert (policy.only_binary, policy.no_binary) == (only, no)


def test_compliance_matches_pip_allowed_formats() -> None:
    """`:all:` in only_binary and empty no_binary ⇔ no package name may use a source."""
    values = [":all:", ":none:", ":ALL:", "a", "b", "a,b", ":all:,a", "a,:none:"]
    names = ["a", "b", "c"]
    for first in values:
        for second in values:
            for order in (("only-binary", "no-binary"), ("no-binary", "only-binary")):
                control = pip.FormatControl()
                control.apply(order[0], first)
                control.apply(order[1], second)
                policy: BinaryPolicy = control.policy(())
                sources_allowed = any(_allowed(control, n) for n in names)
                is_compliant = ":all:" in policy.only_binary and not policy.no_binary
                assert is_compliant is not sources_allowed, (order, first, second, policy)


def _allowed(control: pip.FormatControl, name: str) -> bool:
    """pip's get_allowed_formats: may `name` come from a source distribution?"""
    if name in control.only_binary:
        return False
    if name in control.no_binary:
        return True
    return ":all:" not in control.only_binary


PIP_WORDS = [
    "install",
    "download",
    "wheel",
    "lock",
    "config",
    "set",
    "unset",
    "global.only-binary",
    "--only-binary",
    "--only-b",
    "--only",
    "--no-binary",
    "--no-b",
    "--isolated",
    "--no-deps",
    "-d",
    "-w",
    "-i",
    "-rrequirements.txt",
    "-e.",
    "-qq",
    "--report",
    "--dry-run",
    "--group",
    "--requirements-from-script",
    ":all:,:none:",
    "--only-binary=:none:,:all:",
]
pip_words = st.builds(
    Word,
    value=st.one_of(st.sampled_from(VOCABULARY + PIP_WORDS), st.text(max_size=12)),
    known=st.booleans(),
    may_be_option=st.booleans(),
)
pip_envs = st.one_of(
    envs,
    st.dictionaries(
        st.sampled_from(
            ["PIP_ONLY_BINARY", "PIP_NO_BINARY", "PIP_CONFIG_FILE", "VIRTUAL_ENV", "HOME"]
        ),
        st.one_of(st.none(), st.sampled_from([":all:", "x", "/dev/null", "/app/r.txt", ""])),
        max_size=4,
    ),
)
pip_files = st.one_of(
    files,
    st.dictionaries(
        st.sampled_from(["/etc/pip.conf", "/app/requirements.txt", "/app/r.txt", "/app/."]),
        st.one_of(
            st.none(),
            st.sampled_from(
                [
                    "[global]\nonly-binary = :all:\n",
                    "[install]\nno-binary = x\n[global\n",
                    "-r r.txt\n--no-binary :all:\nx --only-b :all: \\\n",
                    "-r requirements.txt\n-c r.txt\n-e\n'\n${X}\n",
                ]
            ),
            st.text(max_size=40),
        ),
        max_size=3,
    ),
)


@settings(max_examples=400, deadline=None)
@given(args=st.lists(pip_words, max_size=14).map(tuple), env=pip_envs, files=pip_files)
def test_no_crash_on_any_arguments(
    args: tuple[Word, ...], env: dict[str, str | None], files: dict[str, str | None]
) -> None:
    command = Command((Word("pip"), *args), env, text="pip …")
    call = identify(command)
    assert call is not None
    ctx = FactContext(context("pip", env, files).run, files)
    install = pip.extract(call, ctx)
    assert install is None or install.tool == "pip"
    effects = pip.file_effects(call, ctx)
    assert all(isinstance(k, str) for k in effects)


@settings(max_examples=300, deadline=None)
@given(args=st.lists(pip_words, max_size=10).map(tuple))
def test_compliance_needs_an_all_signal(args: tuple[Word, ...]) -> None:
    call = identify(Command((Word("pip"), *args), {}, text="pip …"))
    assert call is not None
    install = pip.extract(call, context("pip"))
    if install is not None and compliant(install):
        assert any(":all:" in w.value.lower() for w in args)
