"""gate.shell.walk: RUN steps become the simple commands they run (cases in tests/data/shell)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from gate import model
from gate.shell import walk
from gate.shell.walk import analyse
from tests.shell.parse_listing import parsed_commands

DATA = Path(__file__).resolve().parents[1] / "data" / "shell"
# walk_cases: the shell's structure; follow_cases: scripts hidden in one body (pipes, $@, traps).
CASES: list[dict[str, Any]] = [
    case
    for name in ("walk_cases.yaml", "follow_cases.yaml")
    for case in yaml.safe_load((DATA / name).read_text("utf-8"))
]


def _run(case: dict[str, Any]) -> model.Run:
    env = case.get("env") or {}
    location = model.Location("Dockerfile", 1)
    if "exec" in case:
        return model.Run(location, ("/bin/sh", "-c"), True, tuple(case["exec"]), "", env)
    shell = tuple(case.get("shell") or ("/bin/sh", "-c"))
    return model.Run(location, shell, False, (), case["script"], env, case.get("workdir", "/"))


def _run_script(script: str, env: dict[str, str | None] | None = None) -> model.Script:
    return analyse(model.Run(model.Location("D"), ("/bin/sh", "-c"), False, (), script, env or {}))


def _check_command(got: model.Command, want: dict[str, Any], where: str) -> None:
    assert [w.value for w in got.argv] == [str(a) for a in want["argv"]], where
    unknown = set(want.get("unknown", ()))
    assert {i for i, w in enumerate(got.argv) if not w.known} == unknown, where
    if "option" in want:
        assert {i for i, w in enumerate(got.argv) if w.may_be_option} == set(want["option"]), where
    for name, value in (want.get("env") or {}).items():
        assert name in got.env, f"{where}: {name} missing from env {dict(got.env)}"
        assert got.env[name] == value, where
    for name in want.get("env_absent", ()):
        assert name not in got.env, f"{where}: {name} in env"
    for key in ("cwd", "cwd_known", "stdin_args", "line", "env_open"):
        if key in want:
            assert getattr(got, key) == want[key], f"{where}: {key}"
    if "wrappers" in want:
        assert list(got.wrappers) == want["wrappers"], where
    if "redirects" in want:
        expected = [
            model.Redirect(
                r["op"],
                None if r["target"] is None else model.Word(str(r["target"])),
                r.get("content"),
            )
            for r in want["redirects"]
        ]
        assert list(got.redirects) == expected, where


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case(case: dict[str, Any]) -> None:
    script = analyse(_run(case))
    got = [[w.value for w in c.argv] for c in script.commands]
    want = [[str(a) for a in c["argv"]] for c in case["commands"]]
    assert got == want
    for i, (command, expected) in enumerate(zip(script.commands, case["commands"], strict=True)):
        _check_command(command, expected, f"{case['name']} command {i}")
    reasons = [o.reason for o in script.opaque]
    expected_opaque = case.get("opaque", [])
    assert len(reasons) == len(expected_opaque), reasons
    for reason, part in zip(reasons, expected_opaque, strict=True):
        assert part in reason


def test_case_names_are_unique() -> None:
    names = [c["name"] for c in CASES]
    assert len(names) == len(set(names))


def test_command_text_is_its_source() -> None:
    script = _run_script("apt-get update && \\\n  pip install  flask ;\npip  install b > log")
    assert [c.text for c in script.commands] == [
        "apt-get update",
        "pip install  flask",
        "pip  install b > log",
    ]


def test_unterminated_quote_keeps_earlier_commands() -> None:
    script = _run_script('pip install a; echo "unterminated')
    assert [w.value for w in script.commands[0].argv] == ["pip", "install", "a"]


def test_opaque_items_carry_text_and_line() -> None:
    script = _run_script('echo a\n$PIP install x\neval "$X"')
    assert [(o.text, o.line) for o in script.opaque] == [("$PIP install x", 1), ('eval "$X"', 2)]


def test_parse_error_with_hidden_words_is_reported_once() -> None:
    script = _run_script("pip install a; case x in a) pip install e")
    assert ["pip", "install", "a"] in [[w.value for w in c.argv] for c in script.commands]
    assert [o.reason for o in script.opaque] == ["shell text the parser could not read"]


def test_punctuation_only_parse_error_is_not_opaque() -> None:
    assert _run_script("cat 2>&1 <<<x").opaque == ()


def test_too_large_script_is_one_opaque_item() -> None:
    script = _run_script("echo a\n" * (walk.MAX_SCRIPT // 6))
    assert script.commands == ()
    assert [o.reason for o in script.opaque] == ["shell script too large to read"]


def test_deeply_nested_shells_are_bounded() -> None:
    script = _run_script("eval " * 40 + "pip install x")
    assert any("nested too deeply" in o.reason for o in script.opaque)


def test_nested_sh_c_is_followed() -> None:
    script = _run_script('sh -c \'bash -c "sudo sh -c \\"pip install x\\""\'')
    assert [w.value for w in script.commands[0].argv] == ["pip", "install", "x"]
    assert script.commands[0].wrappers == ("sh -c", "bash -c", "sudo", "sh -c")


@pytest.mark.parametrize("open_, close", [("( ", " )"), ("{ ", "; }"), ("$(", ")"), ("`", "`")])
def test_deep_syntax_nesting_is_bounded(open_: str, close: str) -> None:
    script = _run_script(open_ * 400 + "pip install x" + close * 400)
    assert script.opaque or script.commands


def test_nested_loops_unroll_a_bounded_number_of_bodies() -> None:
    # 10^8 bodies as written: past a step-wide count, a loop is walked once with its variable
    # unknown, so the step stays small and the install is still seen.
    loops = "".join(f"for a{i} in 1 2 3 4 5 6 7 8 9 10; do " for i in range(8))
    script = _run_script(loops + 'pip install "x$a7"; ' + "done; " * 8)
    assert 0 < len(script.commands) <= 200
    assert script.commands[-1].argv[-1] == model.Word("x$a7", False, False, False)


def test_unknown_loop_variable_is_marked_unknown() -> None:
    script = _run_script("for v in $(cat versions); do pip install pkg==$v; done")
    word = script.commands[-1].argv[-1]
    assert (word.value, word.known, word.may_be_option) == ("pkg==$v", False, False)


def test_parsed_commands_lists_words_without_resolving() -> None:
    assert parsed_commands('A=1; sudo pip install "$A" x\\ y; export B=2') == [
        ("sudo", "pip", "install", "$A", "x y"),
        ("export", "B=2"),
    ]


def test_importing_the_walker_does_not_load_tree_sitter() -> None:
    import subprocess
    import sys

    code = "import sys, gate.shell.walk; sys.exit('tree_sitter' in sys.modules)"
    repo = Path(__file__).resolve().parents[2]
    assert subprocess.run([sys.executable, "-c", code], cwd=repo).returncode == 0


def test_positional_parameters_past_the_cap_are_unknown_even_when_empty() -> None:
    # Doubling empty parameters cost nothing to the meter: 2^14 of them stop at the cap.
    script = _run_script('set -- ""; ' + 'set -- "$@" "$@"; ' * 14 + 'pip install "$@" x')
    pip = script.commands[-1]
    assert [(w.value, w.known) for w in pip.argv] == [
        ("pip", True), ("install", True), ("$@", False), ("x", True)
    ]
