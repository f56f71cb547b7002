"""Installers run where the gate used to lose them: under a copied name, from a file on stdin."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from gate.cli import main
from gate.sources import build_context

DATA = Path(__file__).resolve().parents[1] / "data" / "facts" / "hidden_runs" / "Dockerfile"


def _report(path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    main(["dockerfile", str(path), "--format", "json", "--base-env", "none", "--no-config"])
    report: dict[str, Any] = json.loads(capsys.readouterr().out)
    return report


def test_an_installer_run_under_a_copied_or_linked_name_is_judged(
    capsys: pytest.CaptureFixture[str],
) -> None:
    report = _report(DATA, capsys)
    denied = {f["location"]["line"] for f in report["findings"] if f["severity"] == "deny"}
    # line 6 copies a text file, not an installer; a link named after another tool (line 7) is
    # that tool where it runs (line 8: uv pip install, not pip with a "pip" subcommand).
    assert denied == {2, 4, 5, 8}


def test_a_script_file_fed_to_a_shell_on_stdin_is_walked(
    capsys: pytest.CaptureFixture[str],
) -> None:
    report = _report(DATA.with_name("stdin.Dockerfile"), capsys)
    denied = {f["location"]["line"] for f in report["findings"] if f["severity"] == "deny"}
    assert denied == {3, 4, 6}  # `sh -c` reads its script from -c, not from the file


def _verdicts(path: Path, capsys: pytest.CaptureFixture[str]) -> dict[int, tuple[str, str]]:
    findings = _report(path, capsys)["findings"]
    return {f["location"]["line"]: (f["severity"], f["verdict"]) for f in findings}


def test_an_installer_script_downloaded_under_another_name_is_judged_where_it_runs(
    capsys: pytest.CaptureFixture[str],
) -> None:
    found = _verdicts(DATA.with_name("downloaded.Dockerfile"), capsys)
    unknown = ("warn", "unknown")
    # get-pip.py given a requirement installs it (line 5), given only wheels nothing (line 4);
    # a download whose address names no installer (line 10) or that the build overwrote before
    # running it (line 11) is not one.
    assert found == {
        3: unknown, 5: ("deny", "builds"), 6: unknown, 7: unknown, 8: unknown, 9: unknown,
        12: unknown,
    }  # fmt: skip


def test_a_downloaded_get_pip_is_fixed_under_the_name_the_build_saved_it_as(
    capsys: pytest.CaptureFixture[str],
) -> None:
    report = _report(DATA.with_name("downloaded.Dockerfile"), capsys)
    fixes = [f["fix"] for f in report["findings"] if f["location"]["line"] == 5]
    assert fixes == ["python3 -I /tmp/bootstrap.py --only-binary :all: somepkg"]


def test_python_code_that_runs_a_file_the_build_wrote_or_fetches_an_installer_is_unknown(
    capsys: pytest.CaptureFixture[str],
) -> None:
    found = _verdicts(DATA.with_name("python_code.Dockerfile"), capsys)
    # Code that only reads the file (line 7), runs a file that installs nothing (line 8), or
    # only prints an installer's address (line 11) is not.
    assert found == {line: ("warn", "unknown") for line in (2, 3, 4, 5, 6, 9, 10)}


def test_a_shell_reading_a_process_substitution_on_stdin_runs_what_it_writes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    found = _verdicts(DATA.with_name("process_substitution.Dockerfile"), capsys)
    unknown, builds = ("warn", "unknown"), ("deny", "builds")
    # `grep` reads the substitution as data (line 7); `echo hello` installs nothing (line 8).
    assert found == {2: builds, 3: builds, 4: unknown, 5: unknown, 6: builds}


def test_a_downloaded_installer_keeps_its_address_when_moved_linked_or_fed_on_stdin(
    capsys: pytest.CaptureFixture[str],
) -> None:
    found = _verdicts(DATA.with_name("moved_downloads.Dockerfile"), capsys)
    builds, unknown = ("deny", "builds"), ("warn", "unknown")
    # mv/cp/ln, ADD into a folder, a bare name on $PATH, curl's URL/-o pairs, --url,
    # --output-dir, an address with a query, stdin and `<(cat F)`: get-pip.py installs flask.
    expected = {line: builds for line in (3, 4, 5, 6, 8, 10, 11, 12, 13, 15, 18, 19, 20)}
    # A requirements file fetched from an address with a query (line 17), a named installer
    # script on stdin or sourced from `<(cat F)` (22, 23), get-pip.py from a substitution
    # (24), Python code that runs a downloaded installer (25); hello.py installs nothing.
    expected |= {line: unknown for line in (17, 22, 23, 24, 25)}
    assert found == expected


def test_a_downloaded_installer_keeps_its_address_in_another_stage(
    capsys: pytest.CaptureFixture[str],
) -> None:
    found = _verdicts(DATA.with_name("stage_download.Dockerfile"), capsys)
    assert found == {4: ("deny", "builds"), 6: ("deny", "builds")}  # a bind mount, a COPY --from


def test_python_code_running_commands_imports_and_nested_scripts_is_unknown(
    capsys: pytest.CaptureFixture[str],
) -> None:
    found = _verdicts(DATA.with_name("code_runs.Dockerfile"), capsys)
    unknown, builds = ("warn", "unknown"), ("deny", "builds")
    # Command strings (3-5), a script that runs the script (6), joined literals (7), imports of
    # a module the build wrote (8, 9; 21: beside the script, not the working directory); a
    # group reading a process substitution, a here-string or a file (12-14); sed's `e` (16, 17)
    # and a git `!` alias, whose text git's shell runs: pip without only-binary (19). Not: stdlib
    # imports (10), a script that installs nothing (11), a group that reads no input (15), sed and
    # git given the words as data (18, 20).
    expected = {line: unknown for line in (3, 4, 5, 6, 7, 8, 9, 12, 16, 17, 21)}
    expected |= {13: builds, 14: builds, 19: builds}
    assert found == expected


def test_a_conda_environment_file_with_a_pip_list_is_unknown(
    capsys: pytest.CaptureFixture[str],
) -> None:
    found = _verdicts(DATA.with_name("conda_context") / "Dockerfile", capsys)
    # env create -f / env update (environment.yml by default) / micromamba create -f; not a
    # file without a pip list (5), one the gate has not got (8), or a conda package (9).
    assert found == {line: ("warn", "unknown") for line in (4, 6, 7)}


def test_package_scripts_are_walked_and_other_task_runners_recipes_are_unknown(
    capsys: pytest.CaptureFixture[str],
) -> None:
    found = _verdicts(DATA.with_name("recipes_context") / "Dockerfile", capsys)
    # npm install runs package.json's postinstall `pip install flask` (4); just, task, pdm's
    # scripts and poe's tasks hold one too (5-8). --ignore-scripts runs none (9), a compliant
    # postinstall is judged as it is (11), `npm run build` runs no install (12), and a folder
    # without those files says nothing (14, 15).
    assert found == {4: ("deny", "builds")} | {n: ("warn", "unknown") for n in (5, 6, 7, 8)}


def test_pdm_script_shortcuts_and_module_spelled_task_runners_run_their_recipes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    found = _verdicts(DATA.with_name("pdm_scripts_context") / "Dockerfile", capsys)
    # `pdm NAME` (NAME no pdm command) is `pdm run NAME` (real24: `python -m pdm i-prod` of a
    # script `pdm install --prod` passed); `python -m pdm`/`-m poethepoet` are the runners
    # (4-8). `pdm list` is pdm's own (9); a script that installs nothing (11, 12) says nothing;
    # a name no script has is a plugin's command (13); --version prints (14).
    assert found == {n: ("warn", "unknown") for n in (4, 5, 6, 7, 8, 13)}


def test_a_pipenv_script_that_installs_is_unknown_where_pipenv_runs_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    found = _verdicts(DATA.with_name("pipenv_scripts_context") / "Dockerfile", capsys)
    # `pipenv run deps` runs the Pipfile's [scripts] deps, `pip install flask` (4, 5: it
    # passed, the word deps being no installer). A script that installs nothing (6), a program
    # (7) and a folder with no Pipfile within pipenv's reach (9) say nothing.
    assert found == {n: ("warn", "unknown") for n in (4, 5)}


def test_a_recipe_file_nested_past_the_recursion_limit_is_scanned_not_an_internal_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    found = _verdicts(DATA.with_name("deep_toml_context") / "Dockerfile", capsys)
    # The Pipfile's and pyproject's scripts that install are still seen in their text (6, 7).
    assert found == {n: ("warn", "unknown") for n in (6, 7)}


def test_more_routes_to_a_downloaded_or_written_installer_are_followed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    found = _verdicts(DATA.with_name("more_routes.Dockerfile"), capsys)
    # mv into a folder, mv -t, install -D, cat > F (2-5); pip.pyz and pipx.pyz saved under
    # other names (6, 7); an address past 2 KiB keeps its name (9); `-c "$(cat F)"` (10); $0
    # of `sh -c` (11, 12). Code handed an installer's address is unknown (8). Not: input
    # redirected twice reads the last, /dev/null (13); `cat`/`grep` read a file as data (14, 15).
    expected = {line: ("deny", "builds") for line in (2, 3, 4, 5, 6, 7, 9, 10, 11, 12)}
    expected[8] = ("warn", "unknown")
    assert found == expected


def test_an_image_history_add_of_an_installer_address_is_followed_to_where_it_runs(
    capsys: pytest.CaptureFixture[str],
) -> None:
    config = DATA.with_name("add_url_history.json")
    main(["image", "--config-file", str(config), "--format", "json", "--no-config"])
    report = json.loads(capsys.readouterr().out)
    found = [(f["location"]["history_index"], f["verdict"]) for f in report["findings"]]
    assert found == [(1, "builds")]


def test_a_shell_that_runs_nothing_it_reads_installs_nothing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    found = _verdicts(DATA.with_name("noexec.Dockerfile"), capsys)
    # `sh -n` reads without running, `bash --version` does not read (2, 3); `bash -n -c` is at
    # most unknown (4); the same text run by a shell is an install (5, 6).
    assert found.get(2) is None and found.get(3) is None
    assert found.get(4) in (None, ("warn", "unknown"))
    assert found[5] == found[6] == ("deny", "builds")


ROUTES: dict[str, dict[int, str]] = yaml.safe_load(DATA.with_name("routes.yaml").read_text())


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_a_hidden_route_to_an_installer_gets_its_verdict(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    found = _verdicts(DATA.with_name("routes") / f"{name}.Dockerfile", capsys)
    assert {line: verdict for line, (_, verdict) in found.items()} == ROUTES[name]


def test_a_project_unpacked_from_an_archive_of_the_context_is_that_sdist(
    capsys: pytest.CaptureFixture[str],
) -> None:
    found = _verdicts(DATA.with_name("unpacked_context") / "Dockerfile", capsys)
    unknown, builds = ("warn", "unknown"), ("deny", "builds")
    # Its folder by the archive's name is the sdist it came from, as the archive itself is (3,
    # 6, 8, 9); another folder where it was unpacked may or may not be its (4); the context's
    # own project stays its own where an archive was unpacked into it or beside it (11, 12).
    assert found == {3: builds, 4: unknown, 6: builds, 8: builds, 9: builds}


@pytest.mark.parametrize("context", ["import_smoke_context", "module_words_context"])
def test_importing_a_module_whose_text_only_mentions_an_installer_is_not_an_install(
    context: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # `raise ImportError("… pip install pyyaml")`, `uv = mesh.uv … uv[i]`: no code runs them.
    assert _verdicts(DATA.with_name(context) / "Dockerfile", capsys) == {}


def test_a_module_that_calls_pips_api_is_unknown_where_it_is_imported_or_run(
    capsys: pytest.CaptureFixture[str],
) -> None:
    found = _verdicts(DATA.with_name("pip_api_context") / "Dockerfile", capsys)
    assert found == {line: ("warn", "unknown") for line in (4, 5, 6, 7, 8)}


def test_a_module_with_divisions_names_no_files(capsys: pytest.CaptureFixture[str]) -> None:
    # `rN = aN/bN` three hundred times: words with a slash that are no paths.
    assert _verdicts(DATA.with_name("divisions_context") / "Dockerfile", capsys) == {}


def test_a_config_template_filled_by_envsubst_is_read_with_the_values_it_can_know(
    capsys: pytest.CaptureFixture[str],
) -> None:
    found = _verdicts(DATA.with_name("envsubst_context") / "Dockerfile", capsys)
    # An index or host from a build arg changes nothing (9, 11, 13: denied before, the text was
    # unknown); an unknown only-binary value or a whole unknown line is not taken to switch
    # sources off (15, 17); a value set on the command is filled in (19 compliant, 21 denied).
    assert found == {line: ("deny", "builds") for line in (15, 17, 21)}


def test_a_file_docker_versions_keep_or_leave_out_of_the_context_is_unknown(
    capsys: pytest.CaptureFixture[str],
) -> None:
    found = _verdicts(DATA.with_name("ignore_versions_context") / "Dockerfile", capsys)
    assert found == {6: ("warn", "unknown"), 9: ("deny", "builds")}


def test_copy_parents_and_exclude_place_and_drop_files_as_buildkit_does(
    capsys: pytest.CaptureFixture[str],
) -> None:
    found = _verdicts(DATA.with_name("copy_flags_context") / "Dockerfile", capsys)
    builds = ("deny", "builds")
    # --parents keeps the path below the context root or the `/./` pivot (3, 5; from a stage,
    # 14); --exclude drops what it matches below a copied folder (7; from a stage, 12), not a
    # file the source names itself (9: that pip.conf is copied and makes the install binary-only).
    assert found == {3: builds, 5: builds, 7: builds, 12: builds, 14: builds}


def test_an_install_judged_once_per_way_gives_one_finding_where_the_ways_agree(
    capsys: pytest.CaptureFixture[str],
) -> None:
    findings = _report(DATA.with_name("ways_agree.Dockerfile"), capsys)["findings"]
    # Each pip runs in two ways (a venv activated in one branch, 3; a base /etc/profile that
    # may keep $PATH, 5; two such shells one inside the other, 7: four ways) that build alike.
    assert sorted(f["location"]["line"] for f in findings) == [3, 5, 7]


def test_a_bind_mount_of_the_context_without_a_context_shows_files_of_unknown_content(
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = DATA.with_name("bind_mount_context") / "Dockerfile"
    main(["dockerfile", str(path), "--format", "json", "--base-env", "none", "--no-config",
          "--no-context"])  # fmt: skip
    findings = json.loads(capsys.readouterr().out)["findings"]
    found = {f["location"]["line"]: f["verdict"] for f in findings}
    # A folder (2, 3; `source=.` with rw, 4), a file (5), a config it is (7) or PIP_CONFIG_FILE
    # or uv's --config-file names beneath it (8, 9), a copy of its file (10 -> 11); the command
    # line alone still denies (6). A binary-only install that reads nothing there (12, 14: a
    # config pip searches for is not assumed), the context's own project (13) stay silent.
    expected = {line: "unknown" for line in (2, 3, 4, 5, 7, 8, 9, 11)}
    assert found == {**expected, 6: "builds"}


def test_a_bind_mount_of_the_context_given_reads_its_files(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The same file with its context: the requirements and configs are read (only 6 denies).
    assert _verdicts(DATA.with_name("bind_mount_context") / "Dockerfile", capsys) == {
        6: ("deny", "builds")
    }


def test_a_context_file_past_the_read_cap_that_a_step_reads_or_runs_is_unknown(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The cap lowered from 1 MiB so that the files stay small: each file but scripts/small is
    # over it. Not read when copied (their names say nothing), they were read when a step used
    # them, found unreadable, and taken as empty: `-r base.pip` with `--no-binary :all:`, a
    # script and Python code running pip (also through exec, 10), package.json's build script,
    # a conda pip list, a justfile's recipe, a playbook's pip task, commands Python reads on its
    # input (11-13), a script copied onto $PATH and run there (14) all passed silently
    # (hostile round 18). A file under the cap is judged as before (9).
    monkeypatch.setattr(build_context, "MAX_CONTEXT_FILE_BYTES", 256)
    found = _verdicts(DATA.with_name("capped_context") / "Dockerfile", capsys)
    unknown = {line: ("warn", "unknown") for line in (4, 5, 6, 7, 8, 10, 11, 12, 13, 14)}
    assert found == unknown | {9: ("deny", "builds")}


def test_a_lock_file_is_read_up_to_its_own_cap_and_past_it_is_unknown(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Real uv.locks run to 1.8 MB, past the 1 MiB other context files are read to: each COPY of
    # one warned. Lock files have their own cap (lowered here with the other so that the files
    # stay small): a lock under it is read, so its git entry is denied (4) and a lock with no
    # direct source gives no warning (7, 8). Past it the COPY warns (5), and a lock the build
    # wrote that is longer is unknown (16): a Pipfile.lock past the parser's old cap but under
    # the context's was passed over, its git entry unseen.
    monkeypatch.setattr(build_context, "MAX_CONTEXT_FILE_BYTES", 256)
    monkeypatch.setattr(build_context, "MAX_LOCK_FILE_BYTES", 2048)
    found = _verdicts(DATA.with_name("lock_cap_context") / "Dockerfile", capsys)
    unknown = ("warn", "unknown")
    assert found == {4: ("deny", "builds"), 5: unknown, 16: unknown}


def test_package_json_scripts_are_read_behind_a_bom_and_deep_nesting_is_unknown(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # npm 11.19.1 (measured) runs the scripts of a package.json that opens with a byte-order
    # mark, and of one nested 5,000 deep; json.loads refused both and the build script's pip
    # install passed silently. The BOM is dropped as npm drops it (4); nesting past what
    # Python's json reads is unknown (6).
    found = _verdicts(DATA.with_name("package_json_context") / "Dockerfile", capsys)
    assert found == {4: ("deny", "builds"), 6: ("warn", "unknown")}


def test_a_config_copied_with_a_mode_others_cannot_read_is_unknown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # COPY keeps the context file's mode (git keeps none, so it is set here): after USER app,
    # pip cannot open a root-owned 0600 /etc/pip.conf and skips it (line 5); --chmod=644
    # gives it a mode others read (line 9).
    for name in ("Dockerfile", "pip.conf"):
        shutil.copy(DATA.with_name("context_mode") / name, tmp_path / name)
    (tmp_path / "pip.conf").chmod(0o600)
    found = _verdicts(tmp_path / "Dockerfile", capsys)
    assert found == {5: ("warn", "unknown")}
