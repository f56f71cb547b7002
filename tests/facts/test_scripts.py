"""Scripts the build writes (or copies), then runs: their bodies are walked like heredoc bodies."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from gate.cli import main
from gate.model import FactsDocument, Install
from gate.runner import facts_of
from gate.sources.dockerfile import read_dockerfile

DATA = Path(__file__).resolve().parent.parent / "data" / "facts" / "scripts"


def _facts(name: str) -> FactsDocument:
    source = read_dockerfile(
        str(DATA / name), build_args={}, target=None, context=str(DATA / "context")
    )
    return facts_of(source)


def _requirements(install: Install) -> list[str]:
    return [r.text for r in install.requirements]


def test_script_written_by_printf_then_run_with_sh_is_walked() -> None:
    (install,) = _facts("written-then-run.Dockerfile").installs
    assert _requirements(install) == ["flask"]
    assert install.location.line == 2


def test_script_copied_from_the_context_and_run_with_bash_options_is_walked() -> None:
    (install,) = _facts("context-script.Dockerfile").installs
    assert install.binary.only_binary == (":all:",)


def test_copy_heredoc_script_run_by_name_on_path_is_walked() -> None:
    (install,) = _facts("copy-heredoc-on-path.Dockerfile").installs
    assert install.location.line == 6
    assert install.command == "install"


def test_sourced_scripts_are_walked() -> None:
    installs = _facts("dot-and-source.Dockerfile").installs
    assert [(i.location.line, _requirements(i)) for i in installs] == [
        (6, ["requests"]),
        (7, ["requests"]),
    ]


def test_script_run_directly_is_walked_under_its_shebang() -> None:
    (install,) = _facts("direct-with-shebang.Dockerfile").installs
    assert _requirements(install) == ["django"]


def test_script_written_in_another_stage_and_copied_is_walked() -> None:
    (install,) = _facts("written-in-builder-copied.Dockerfile").installs
    assert _requirements(install) == ["gunicorn"]


def test_script_that_runs_itself_is_walked_once() -> None:
    doc = _facts("script-runs-itself.Dockerfile")
    assert [_requirements(i) for i in doc.installs] == [["flask"]]
    assert not doc.opaque


def test_scripts_past_the_bounds_are_unknown_not_silent() -> None:
    doc = _facts("fan-out.Dockerfile")
    ((location, opaque),) = doc.opaque
    assert location.line == 11
    assert "script files" in opaque.reason


def test_script_of_unknown_content_adds_nothing() -> None:
    doc = _facts("unknown-content.Dockerfile")
    assert not doc.installs and not doc.opaque


def test_script_text_past_the_budget_is_unknown_once_per_step() -> None:
    doc = _facts("script-bytes-budget.Dockerfile")
    walked = len(doc.installs)
    assert 0 < walked < 10
    assert len(doc.opaque) == 10 - walked
    assert all("script files" in opaque.reason for _, opaque in doc.opaque)


def test_a_script_written_from_a_pipe_then_run_is_walked() -> None:
    # tee and cat write what the pipe carries, in a pipeline of any length.
    installs = _facts("written-from-a-pipe.Dockerfile").installs
    assert [(i.location.line, _requirements(i)) for i in installs] == [
        (2, ["flask"]), (3, ["flask"]), (4, ["flask"]), (5, ["flask"])
    ]  # fmt: skip


def test_a_shell_reading_a_known_file_on_stdin_runs_it() -> None:
    # `cat FILE | sh`, `cat < FILE | bash`, `(cat FILE) | sh`, `bash -s -- x < FILE`,
    # `sh /dev/stdin < FILE`, `sh < FILE`: each runs FILE's pip install.
    installs = _facts("read-on-stdin.Dockerfile").installs
    assert [(i.location.line, _requirements(i)) for i in installs] == [
        (line, ["flask"]) for line in (5, 6, 7, 8, 9, 10)
    ]


def test_python_running_a_known_file_has_its_code_judged_as_a_heredoc_body() -> None:
    doc = _facts("python-file.Dockerfile")
    assert not doc.installs
    lines = sorted(loc.line for loc, item in doc.opaque if "python code" in item.reason)
    assert lines == [6, 7, 8]  # not line 9: `-c` code runs, not the file


def _json_findings(name: str, capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    """The findings of `gate dockerfile` on a data file, as its JSON report gives them (exit 0)."""
    path = str(DATA / name)
    assert main(["dockerfile", path, "--no-config", "--format", "json", "--base-env", "none"]) == 0
    findings: list[dict[str, Any]] = json.loads(capsys.readouterr().out)["findings"]
    return findings


def test_a_requirements_file_or_config_the_build_downloads_is_unknown_to_the_install_reading_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    findings = _json_findings("downloaded-requirements.Dockerfile", capsys)
    said = sorted((f["location"]["line"], f["severity"], f["verdict"]) for f in findings)
    # The install (line 3) reads a constraints file curl saved and a requirements file ADD
    # fetched; line 5 (pip.conf a wget saved) the same. A download nothing reads says nothing.
    assert said == [(3, "warn", "unknown"), (5, "warn", "unknown")]
    messages = " ".join(f["message"] for f in findings)
    assert "downloaded from https://x.example/c.txt" in messages
    assert "fetched from https://x.example/requirements.txt by ADD" in messages
    assert "the pip config file /etc/pip.conf is downloaded from" in messages


def test_a_requirements_file_in_a_git_repository_the_build_fetches_is_unknown_to_its_install(
    capsys: pytest.CaptureFixture[str],
) -> None:
    findings = _json_findings("cloned-requirements.Dockerfile", capsys)
    said = sorted((f["location"]["line"], f["severity"], f["verdict"]) for f in findings)
    # `git clone` (line 3; copied to another stage's folder, line 6; `cd` then a default folder,
    # line 7) and `ADD <repo>.git` (line 9) fill a folder nothing shows; a file the build then
    # writes there is known again (line 11).
    assert said == [(line, "warn", "unknown") for line in (3, 6, 7, 9)]
    messages = " ".join(f["message"] for f in findings)
    cloned = "in the git repository https://github.com/x/proj.git that `git clone` fetches"
    assert cloned in messages
    assert "in the git repository https://github.com/x/lib.git#v1 that ADD fetches" in messages


def test_a_shebang_env_split_line_is_the_command_that_runs() -> None:
    # `#!/usr/bin/env -S sh -c "pip install flask"`: that command runs, not the body; with
    # `-S python3 -u` the body is python code (here, code that runs pip).
    doc = _facts("shebang-env-split.Dockerfile")
    assert [(i.location.line, _requirements(i)) for i in doc.installs] == [(6, ["flask"])]
    assert [loc.line for loc, item in doc.opaque if "python code" in item.reason] == [11]


def test_a_login_or_bash_env_shell_runs_the_start_up_files_the_build_wrote() -> None:
    # A login bash sources /etc/profile.d/*.sh; a non-interactive one $BASH_ENV; plain sh neither.
    doc = _facts("startup-files.Dockerfile")
    assert [(i.location.line, _requirements(i)) for i in doc.installs] == [
        (4, ["flask"]),
        (10, ["django"]),
    ]


def test_a_python_start_up_hook_that_runs_an_installer_is_unknown_where_it_is_written() -> None:
    # A .pth file's import lines and sitecustomize.py run in every later python; a .pth that
    # only lists a directory runs nothing.
    doc = _facts("startup-hooks.Dockerfile")
    hooks = [loc.line for loc, item in doc.opaque if "runs in every later python" in item.reason]
    assert hooks == [2, 5]


def test_files_a_pipe_carries_through_cat_and_its_dash_tee_or_sourced_from_stdin_run() -> None:
    # `cat A B | sh` runs both; tee passes its input on; `. /dev/stdin < FILE` sources FILE;
    # cat's `-` operand is its input (the pipe's files, or the last `<`), read once.
    installs = _facts("read-on-stdin-more.Dockerfile").installs
    assert [(i.location.line, _requirements(i)) for i in installs] == [
        (line, ["flask"]) for line in (8, 9, 10, 11, 12, 13, 14)
    ]


def test_python_running_a_module_the_build_wrote_directly_or_by_runpy_has_its_code_judged() -> None:
    # `python -m NAME` (or `-m runpy NAME`) runs NAME.py or NAME/__main__.py from the working
    # directory first.
    doc = _facts("python-module.Dockerfile")
    assert not doc.installs
    lines = sorted(loc.line for loc, item in doc.opaque if "python code" in item.reason)
    assert lines == [9, 10, 12, 13]


def test_a_link_a_copied_directory_holds_reads_as_its_target_in_the_image() -> None:
    # BuildKit copies a link inside a copied directory as a link: /app/requirements.txt is
    # /tmp/req.txt of the image, which the first RUN wrote with --no-binary :all:.
    source = read_dockerfile(
        str(DATA / "link-context.Dockerfile"), build_args={}, target=None, context=str(DATA)
    )
    (install,) = facts_of(source).installs
    assert install.binary.no_binary == (":all:",)


def test_a_write_into_a_copied_context_link_reaches_its_target_in_the_image() -> None:
    # `>> /app/requirements.txt` appends to /tmp/req.txt, the link's target (bash, dash).
    source = read_dockerfile(
        str(DATA / "link-context-write.Dockerfile"), build_args={}, target=None, context=str(DATA)
    )
    (install,) = facts_of(source).installs
    assert install.binary.no_binary == (":all:",)


def test_a_start_up_hook_copied_from_the_context_is_read_and_judged() -> None:
    source = read_dockerfile(
        str(DATA / "startup-hook-context.Dockerfile"),
        build_args={},
        target=None,
        context=str(DATA / "hook-context"),
    )
    doc = facts_of(source)
    assert [loc.line for loc, o in doc.opaque if "runs in every later python" in o.reason] == [2]


def test_a_requirements_file_a_command_writes_unseen_is_unknown_to_the_install_reading_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    findings = _json_findings("decoded-requirements.Dockerfile", capsys)
    said = sorted((f["location"]["line"], f["severity"], f["verdict"]) for f in findings)
    assert said == [(3, "warn", "unknown")]  # not line 5: echo's text is known
    assert "written by `base64 -d`" in findings[0]["message"]


def test_a_sourced_file_changing_a_setting_is_found_one_command_at_a_time() -> None:
    from gate.facts.scripts import sourced_changes

    assert sourced_changes("unset -v X PIP_NO_BINARY") == "PIP_NO_BINARY"
    assert sourced_changes("read -r PIP_NO_BINARY < f") == "PIP_NO_BINARY"
    # where packages come from changes no verdict: only a setting that may is said
    assert sourced_changes("read -r PIP_INDEX_URL < f") is None
    assert sourced_changes("export PIP_INDEX_URL=x UV_INDEX_A_PASSWORD=y\nPIP_NO_BINARY=:all:") == (
        "PIP_NO_BINARY"
    )
    assert sourced_changes("unset PIP_INDEX_URL PIP_CONFIG_FILE") == "PIP_CONFIG_FILE"
    assert sourced_changes("PIP_index_url=x") == "PIP_index_url"  # pip lowercases: not assumed
    assert sourced_changes("unset\necho PIP_X") is None  # a command of its own
    # each `unset` used to scan to the command's end: 4,000 of them took 6 s
    assert sourced_changes("unset " * 50_000 + "xPIP_A") is None
