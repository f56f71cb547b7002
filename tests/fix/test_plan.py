"""gate fix: which denied installs get a flag, which are listed and left alone, and the CLI."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from gate.cli import main
from gate.fix import apply_fixes, plan_fixes
from gate.runner import PolicyOptions

DATA = Path(__file__).resolve().parents[1] / "data" / "fix"


def _copy(name: str, tmp_path: Path) -> Path:
    return Path(shutil.copy(DATA / name, tmp_path / name))


def test_flags_are_inserted_keeping_continuations_comments_and_spacing(tmp_path: Path) -> None:
    plan = plan_fixes(str(_copy("mixed.Dockerfile", tmp_path)))
    assert [f.summary for f in plan.applicable] == [
        "--only-binary :all:", "--no-build", "POETRY_INSTALLER_ONLY_BINARY=:all:",
        "--only-binary :all:",
    ]  # fmt: skip
    assert apply_fixes(plan) == (DATA / "mixed.fixed.Dockerfile").read_text()


def test_what_a_flag_cannot_fix_is_listed_with_its_reason(tmp_path: Path) -> None:
    plan = plan_fixes(str(_copy("refused.Dockerfile", tmp_path)))
    assert plan.applicable == ()
    reasons = {r.line: r.reason for r in plan.refused}
    assert reasons[3].startswith("a resolution command")
    assert reasons[4].startswith("undecided, not denied")
    assert reasons[5].startswith("source builds re-enabled")
    assert reasons[6].startswith("gate fix rewrites pip, uv and poetry installs, not pipenv")
    assert reasons[7].startswith("direct reference git+https://example.com/a/b.git")


def test_a_local_project_gets_the_flag_since_it_covers_the_projects_dependencies(
    tmp_path: Path,
) -> None:
    # SPEC: a local directory is the image's own project; what only-binary must cover is what
    # it pulls in, so the flag is the fix (as the report's own fix line says).
    plan = plan_fixes(str(_copy("local.Dockerfile", tmp_path)))
    assert plan.refused == ()
    assert apply_fixes(plan) == (DATA / "local.fixed.Dockerfile").read_text()


def test_a_message_without_an_install_is_said_once_with_its_reason(tmp_path: Path) -> None:
    plan = plan_fixes(str(_copy("undecided.Dockerfile", tmp_path)))
    assert [(r.line, r.reason) for r in plan.refused] == [
        (2, "undecided, not denied"), (3, "undecided, not denied")
    ]  # fmt: skip
    assert "FROOM is not a Dockerfile instruction" in plan.refused[0].text


def test_direct_references_are_refused_not_rewritten(tmp_path: Path) -> None:
    plan = plan_fixes(str(_copy("mixed.Dockerfile", tmp_path)))
    reasons = {r.line: r.reason for r in plan.refused}
    assert list(reasons) == [10]
    assert reasons[10].startswith("direct reference git+https://github.com/a/b.git")


def test_exec_form_gets_new_array_elements_and_poetry_there_is_refused(tmp_path: Path) -> None:
    plan = plan_fixes(str(_copy("exec-form.Dockerfile", tmp_path)))
    assert apply_fixes(plan) == (DATA / "exec-form.fixed.Dockerfile").read_text()
    assert [(r.line, r.reason) for r in plan.refused] == [
        (5, "exec form: no shell to set POETRY_INSTALLER_ONLY_BINARY in; use the shell form")
    ]


def test_a_filter_chooses_which_fixes_are_written(tmp_path: Path) -> None:
    plan = plan_fixes(str(_copy("mixed.Dockerfile", tmp_path)))
    only_pip = apply_fixes(plan, keep=lambda fix: fix.install.tool == "pip")
    assert "--only-binary :all:" in only_pip and "--no-build" not in only_pip


@pytest.mark.parametrize("name", ["escape-backtick.Dockerfile", "crlf.Dockerfile"])
def test_escape_directive_and_crlf_files_are_fixed_byte_for_byte(name: str, tmp_path: Path) -> None:
    path = _copy(name, tmp_path)
    before = path.read_bytes()
    assert main(["fix", str(path)]) == 0
    after = path.read_bytes()
    assert after.replace(b" --only-binary :all:", b"").replace(b" --no-build", b"") == before
    assert main(["dockerfile", str(path)]) == 0


def test_fix_writes_in_place_and_a_second_run_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _copy("mixed.Dockerfile", tmp_path)
    assert main(["fix", str(path)]) == 1  # a denial is left: the direct reference
    first = path.read_bytes()
    assert first == (DATA / "mixed.fixed.Dockerfile").read_bytes()
    out = capsys.readouterr().out
    assert "4 fixed, 1 denied left" in out and ":10: left: pip install git+" in out
    assert main(["fix", str(path)]) == 1
    assert path.read_bytes() == first
    assert "0 fixed, 1 denied left" in capsys.readouterr().out


def test_diff_previews_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _copy("mixed.Dockerfile", tmp_path)
    assert main(["fix", "--diff", str(path)]) == 1
    captured = capsys.readouterr()
    assert path.read_bytes() == (DATA / "mixed.Dockerfile").read_bytes()
    assert "+    pip install --only-binary :all: \\\n" in captured.out
    assert "-    pip install \\\n" in captured.out
    assert "4 to fix" in captured.err


def test_a_missing_file_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["fix", str(tmp_path / "nope")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("gate: ") and "nope" in err[0]


def test_a_fifo_or_a_device_is_one_line_and_exit_2_not_a_hang(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # `gate fix` opened the file itself, blocking: a FIFO waited for a writer without end, a
    # link to /dev/zero was read up to the cap (hostile round 18).
    (tmp_path / "zero").symlink_to("/dev/zero")
    os.mkfifo(tmp_path / "fifo")
    for name in ("zero", "fifo"):
        assert main(["fix", "--diff", "--no-context", str(tmp_path / name)]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert err == [f"gate: {tmp_path / name}: not a regular file"], err


def test_a_file_that_is_no_dockerfile_is_one_line_and_exit_2_with_diff_too(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # With --diff the summary goes to stderr: it followed the error ("0 to fix, 0 denied left").
    assert main(["fix", "--diff", "--no-context", str(DATA / "binary.Dockerfile")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("gate: ") and "binary data" in err[0], err


def test_a_command_walked_per_value_is_left_once_at_its_own_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _copy("value-set.Dockerfile", tmp_path)
    assert main(["fix", "--diff", str(path)]) == 1
    left = [line for line in capsys.readouterr().err.splitlines() if ": left: " in line]
    assert len(left) == 1 and ":3: left: pip install git+https://example.com/a/b.git" in left[0]


def test_a_flag_goes_after_the_program_or_script_that_implies_the_subcommand(
    tmp_path: Path,
) -> None:
    # `uvx` is `uv tool run` and `python get-pip.py ARGS` runs `pip install ARGS`: neither names
    # its subcommand, so the flag follows the program (uvx) or the script (get-pip.py), where
    # the report's own fix line puts it; these were refused as "cannot place the flag".
    plan = plan_fixes(str(_copy("meta14-implied.Dockerfile", tmp_path)))
    # Poetry behind a wrapper is left, with that reason (not "cannot place the flag").
    assert [(r.line, r.reason) for r in plan.refused] == [
        (10, "poetry runs behind micromamba: set POETRY_INSTALLER_ONLY_BINARY=:all: where "
             "micromamba hands it to poetry (ENV, sudo -E, ...)"),
    ]  # fmt: skip
    assert apply_fixes(plan) == (DATA / "meta14-implied.fixed.Dockerfile").read_text()
    fixes = {f.line: f.install.fix for f in plan.applicable}
    assert fixes[3] == "uvx --no-build --from hanzo-mcp hanzo-mcp --version"
    assert fixes[5] == (
        'python get-pip.py --only-binary :all: --disable-pip-version-check "pip==24.0"'
    )


@pytest.mark.parametrize("spelling", ["./local.Dockerfile", "link/local.Dockerfile", "LINK"])
def test_a_file_named_otherwise_than_its_findings_name_it_is_still_fixed(
    spelling: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Findings name the file by its one name (`./x` is `x`, a symlinked folder is resolved):
    # gate fix compared that name with the path as given and refused every install of
    # `gate fix ./Dockerfile` as "in the base image, not in this file" (hostile round 25).
    real = tmp_path / "real"
    real.mkdir()
    _copy("local.Dockerfile", real)
    (tmp_path / "link").symlink_to(real, target_is_directory=True)
    (tmp_path / "LINK").symlink_to(real / "local.Dockerfile")
    monkeypatch.chdir(tmp_path if spelling != "./local.Dockerfile" else real)
    plan = plan_fixes(spelling)
    assert plan.refused == ()
    assert apply_fixes(plan) == (DATA / "local.fixed.Dockerfile").read_text()


def test_gate_fix_writes_through_a_symlink_to_the_file_it_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _copy("local.Dockerfile", tmp_path)
    (tmp_path / "Dockerfile").symlink_to("local.Dockerfile")
    monkeypatch.chdir(tmp_path)
    assert main(["fix", "./Dockerfile"]) == 0
    assert (tmp_path / "Dockerfile").is_symlink()
    assert (tmp_path / "local.Dockerfile").read_text() == (
        DATA / "local.fixed.Dockerfile"
    ).read_text()


def test_an_install_beside_one_an_exception_covers_by_path_is_still_fixed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The fixed text is judged as a copy in a scratch folder, whose name the exception's path
    # glob does not cover: django's finding came back there unsuppressed, and the flag for flask
    # on its line was refused as "the inserted flag did not clear the finding".
    _copy("excepted-beside.Dockerfile", tmp_path)
    monkeypatch.chdir(tmp_path)
    policy = PolicyOptions(data_files=(str(DATA / "excepted-beside.yaml"),))
    plan = plan_fixes("excepted-beside.Dockerfile", policy=policy)
    assert plan.refused == ()
    assert apply_fixes(plan) == (DATA / "excepted-beside.fixed.Dockerfile").read_text()
