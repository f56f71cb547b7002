"""The command line: exit statuses, one-line errors, never a traceback or a hang."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from gate.cli import main

DATA = Path(__file__).parent / "data" / "cli"


def _one_line_error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    status = main(list(argv))
    err = capsys.readouterr().err.strip()
    assert status == 2
    assert len(err.splitlines()) == 1 and err.startswith("gate: "), err
    assert "Traceback" not in err and "internal error" not in err
    return err


def test_compliant_dockerfile_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["dockerfile", str(DATA / "compliant.Dockerfile")]) == 0


def test_noncompliant_dockerfile_exits_one_and_shows_fix(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["dockerfile", str(DATA / "noncompliant.Dockerfile")]) == 1
    out = capsys.readouterr().out
    assert "pip install flask" in out
    assert "--only-binary :all:" in out


def test_missing_file_is_one_line_naming_the_file(capsys: pytest.CaptureFixture[str]) -> None:
    err = _one_line_error(capsys, "dockerfile", str(DATA / "does-not-exist.Dockerfile"))
    assert "does-not-exist.Dockerfile" in err


def test_an_error_line_escapes_control_characters(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The error quotes the Dockerfile's `${b:?…}` message, and names a file, each holding a
    # terminal escape sequence (a window title, a clear screen): written raw to stderr before.
    err = _one_line_error(capsys, "dockerfile", str(DATA / "escape-in-error.Dockerfile"))
    assert "\\x1b]0;pwned\\x07\\x1b[2J" in err and "\x1b" not in err
    err = _one_line_error(capsys, "dockerfile", str(tmp_path / "a\x1b[2Jb\nc.Dockerfile"))
    assert "a\\x1b[2Jb" in err and "\x1b" not in err


def test_directory_is_one_line_error(capsys: pytest.CaptureFixture[str]) -> None:
    # Named as findings name a Dockerfile: relative to the working directory when below it.
    relative = os.path.relpath(DATA)
    named = str(DATA) if relative.startswith("..") else relative
    assert f"gate: {named}: is a directory" in _one_line_error(capsys, "dockerfile", str(DATA))


def test_binary_junk_is_one_line_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert "binary-junk.Dockerfile" in _one_line_error(
        capsys, "dockerfile", str(DATA / "binary-junk.Dockerfile")
    )


def test_file_without_instructions_is_one_line_error(capsys: pytest.CaptureFixture[str]) -> None:
    _one_line_error(capsys, "dockerfile", str(DATA / "no-instructions.Dockerfile"))


def test_fifo_is_refused_without_hanging(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "Dockerfile"
    os.mkfifo(fifo)
    _one_line_error(capsys, "dockerfile", str(fifo))


@pytest.mark.parametrize(
    "option",
    [
        ["image", "--no-config", "--config-file"],
        ["image", "--no-config", "--archive"],
        ["dockerfile", "--config"],
        ["dockerfile", "--no-config", "--policy"],
    ],
)
def test_a_path_too_long_for_the_system_is_one_line_naming_it(
    capsys: pytest.CaptureFixture[str], option: list[str]
) -> None:
    # Path.exists() raises for ENAMETOOLONG: each was "internal error: OSError: ..." with the
    # whole 6 KB name on the line.
    long = "a/" * 3000 + "x"
    argv = [*option, long] + (["x.Dockerfile"] if option[0] == "dockerfile" else [])
    err = _one_line_error(capsys, *argv)
    assert err.startswith("gate: a/a/a/") and err.endswith("...: cannot read: File name too long")
    assert len(err) < 300


def test_one_broken_file_does_not_hide_the_others(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(
        [
            "dockerfile",
            str(DATA / "noncompliant.Dockerfile"),
            str(DATA / "does-not-exist.Dockerfile"),
            "--format",
            "json",
        ]
    )
    out = capsys.readouterr()
    assert status == 2
    assert json.loads(out.out)["summary"]["deny"] == 1
    assert "does-not-exist.Dockerfile" in out.err


def test_unknown_target_stage_is_one_line_error(capsys: pytest.CaptureFixture[str]) -> None:
    err = _one_line_error(
        capsys, "dockerfile", str(DATA / "noncompliant.Dockerfile"), "--target", "nope"
    )
    assert "nope" in err


def test_facts_prints_the_policy_input_document(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["facts", "dockerfile", str(DATA / "noncompliant.Dockerfile")]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["version"] == 1
    assert [i["tool"] for i in doc["installs"]] == ["pip"]
    assert doc["installs"][0]["location"]["line"] == 2


def test_console_script_help_is_fast_and_clean() -> None:
    gate = Path(sys.executable).with_name("gate")
    result = subprocess.run([str(gate), "--help"], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0
    assert "dockerfile" in result.stdout


def test_build_context_defaults_to_the_dockerfile_directory(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status = main(["dockerfile", str(DATA / "context" / "Dockerfile"), "--format", "json"])
    doc = json.loads(capsys.readouterr().out)
    assert status == 1
    (finding,) = doc["findings"]
    assert "git+https://github.com/systemd/mkosi.git" in finding["message"]


def test_no_context_leaves_copied_files_unread(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["dockerfile", str(DATA / "context" / "Dockerfile"), "--no-context", "--format", "json"]
    status = main(argv)
    doc = json.loads(capsys.readouterr().out)
    assert status == 0
    assert doc["findings"] == []


# ---------------------------------------------------------------------------------------------
# The judged repository cannot weaken the gate (issue 10).

CONFIG = Path(__file__).parent / "data" / "config"
FORMATS = ("text", "json", "sarif", "junit", "github")


def test_repository_config_cannot_replace_a_builtin_rule(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(CONFIG / "repository")
    err = _one_line_error(capsys, "dockerfile", "Dockerfile")
    assert "team/build_scripts.rego:6" in err and "gate.rules.python_build_scripts" in err


def test_trust_config_lets_the_repository_replace_and_the_report_says_so(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(CONFIG / "repository")
    assert main(["dockerfile", "--trust-config", "Dockerfile"]) == 0
    out = capsys.readouterr().out
    assert "REPLACED built-in rules: gate.rules.python_build_scripts" in out


def test_no_config_judges_with_the_builtin_rules_only(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(CONFIG / "repository")
    assert main(["dockerfile", "--no-config", "Dockerfile"]) == 1
    assert "policy: built-in\n" in capsys.readouterr().out


def test_config_file_named_by_the_operator_replaces_the_repository_config(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(CONFIG / "repository-lax")
    operator = str(CONFIG / "operator" / "gate.yaml")
    # The repository says strict: false; the operator's config says strict: true and wins.
    assert main(["dockerfile", "--config", operator, "Dockerfile"]) == 1
    assert "[deny] python-build-scripts" in capsys.readouterr().out


def test_repository_config_strict_false_does_not_lower_the_operators_strict(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(CONFIG / "repository-lax")
    assert main(["dockerfile", "--strict", "Dockerfile"]) == 1
    assert main(["dockerfile", "Dockerfile"]) == 0


def test_repository_config_cannot_choose_the_opa_server(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(CONFIG / "repository-opa")
    err = _one_line_error(capsys, "dockerfile", str(DATA / "noncompliant.Dockerfile"))
    assert "opa_url" in err and "not honoured" in err


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_names_the_policy_sources_and_any_replaced_rule(
    fmt: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(CONFIG / "repository")
    argv = ["dockerfile", "--no-config", "--format", fmt, "--policy", "team", "Dockerfile"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "built-in" in out
    assert "gate.rules.python_build_scripts (built-in) replaced by team (command line)" in out


def test_no_inline_ignores_turns_reasoned_comments_off(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(DATA / "ignored.Dockerfile")
    assert main(["dockerfile", path]) == 0
    assert main(["dockerfile", "--no-inline-ignores", path]) == 1
    assert "not honoured (--no-inline-ignores)" in capsys.readouterr().out


def test_ignore_naming_an_unknown_rule_is_an_error_naming_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    err = _one_line_error(capsys, "dockerfile", str(DATA / "ignore-unknown-rule.Dockerfile"))
    assert "ignore-unknown-rule.Dockerfile:2" in err and "'python-build-script'" in err


def test_data_file_with_a_key_no_policy_reads_is_an_error_naming_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = str(DATA / "toplevel-exceptions.yaml")
    err = _one_line_error(
        capsys, "dockerfile", "--data", data, str(DATA / "noncompliant.Dockerfile")
    )
    assert "toplevel-exceptions.yaml" in err and "'exceptions'" in err
    assert "gate.exceptions" in err


def test_internal_error_is_a_denial_never_a_warning(capsys: pytest.CaptureFixture[str]) -> None:
    # A RUN the shell layer once failed on (a byte that is not UTF-8 in WORKDIR): whether it is
    # judged or the gate fails on it, the verdict is a denial.
    assert main(["dockerfile", "--no-context", str(DATA / "internal-error.Dockerfile")]) == 1
    assert "[deny]" in capsys.readouterr().out


# ---------------------------------------------------------------------------------------------
# gate serve's settings.

SERVE = ["serve", "--tls-cert", "cert.pem", "--tls-key", "key.pem"]


def test_serve_reads_the_operators_config_under_its_flags() -> None:
    from gate.cli import parse, webhook_config

    config_file = DATA / "serve" / "gate.yaml"
    config = webhook_config(parse([*SERVE, "--config", str(config_file), "--policy", "more"]))
    assert config.policy_dirs == (str(DATA / "serve" / "team"), "more")
    assert config.data_files == (str(DATA / "serve" / "data.yaml"),)
    assert config.strict is True


@pytest.mark.parametrize("flag", ["--registry-timeout", "--default-timeout"])
def test_serve_refuses_a_timeout_of_zero_rather_than_reading_it_as_a_default(
    flag: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as caught:
        main([*SERVE, flag, "0"])
    assert caught.value.code == 2
    assert "want a timeout > 0" in capsys.readouterr().err


def test_serve_keeps_an_explicit_timeout() -> None:
    from gate.cli import parse, webhook_config

    config = webhook_config(parse([*SERVE, "--no-config", "--registry-timeout", "0.5"]))
    assert config.registry_timeout == 0.5


def test_serve_limit_flags_reach_the_webhook_and_default_to_the_old_values() -> None:
    from gate.cli import parse, webhook_config
    from gate.webhook.connections import ConnectionLimits
    from gate.webhook.endpoint import ServerSettings

    defaults = webhook_config(parse([*SERVE, "--no-config"])).server
    assert defaults.connections == ConnectionLimits()
    assert defaults.max_images == ServerSettings().max_images == 256
    flags = [
        "--min-body-rate", "1000", "--body-grace", "0", "--send-timeout", "3",
        "--prompt-within", "0.5", "--fresh-for", "60", "--max-images", "32",
    ]  # fmt: skip
    server = webhook_config(parse([*SERVE, "--no-config", *flags])).server
    limits = server.connections
    assert (limits.min_body_rate, limits.body_grace, limits.send_timeout) == (1000, 0.0, 3.0)
    assert (limits.prompt_within, limits.fresh_for, server.max_images) == (0.5, 60.0, 32)


@pytest.mark.parametrize(
    ("flag", "value", "message"),
    [
        ("--min-body-rate", "0", "--min-body-rate (bytes per second) and --max-images must be"),
        ("--max-images", "0", "--min-body-rate (bytes per second) and --max-images must be"),
        ("--send-timeout", "0", "want a timeout > 0"),
        ("--prompt-within", "-1", "want a timeout > 0"),
        ("--body-grace", "-1", "want a number >= 0"),
        ("--fresh-for", "nan", "want a number, got 'nan'"),
        ("--send-timeout", "inf", "want a finite number, got 'inf'"),
        ("--header-timeout", "1e999", "want a finite number"),
        ("--judge-cpu-seconds", "inf", "want a finite number"),
        ("--min-body-rate", "64k", "invalid int value"),
    ],
)
def test_serve_refuses_connection_and_image_limits_that_cannot_work_in_one_line(
    flag: str, value: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # argparse exits itself for a value of the wrong form; webhook_config returns 2.
    try:
        code = main([*SERVE, "--no-config", flag, value])
    except SystemExit as exit_:
        code = exit_.code
    assert code == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and message in err and flag in err, err


def test_running_out_of_memory_is_exit_two_in_one_line_not_a_traceback() -> None:
    # Reporting a MemoryError must not need memory: a traceback exits 1, which reads as "denied".
    code = (
        "import gate.cli as cli\n"
        "def run(args):\n"
        "    raise MemoryError\n"
        "cli._run = run\n"
        f"cli.main(['dockerfile', {str(DATA / 'compliant.Dockerfile')!r}])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "gate: internal error: out of memory (the input was not judged)"
    ]


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["dockerfile"],
        ["dockerfile", "--format", "xml", "x"],
        ["dockerfile", "--bogus", "x"],
        ["policy"],
    ],
)
def test_a_usage_error_is_one_line_naming_help_without_the_usage_lines(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as raised:
        main(argv)
    err = capsys.readouterr().err.strip()
    assert raised.value.code == 2
    assert len(err.splitlines()) == 1 and err.startswith("gate"), err
    assert "--help)" in err and "usage:" not in err


@pytest.mark.parametrize("source", ["--config-file", "--archive"])
def test_image_dockerfile_that_cannot_be_read_is_one_line_error_whatever_the_source(
    source: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # Was read only for an image from the engine: with an archive or a bare config the option
    # was passed over without a word.
    config = str(Path(__file__).parent / "data" / "images" / "inspect-c-legacy.json")
    missing = str(DATA / "does-not-exist.Dockerfile")
    err = _one_line_error(capsys, "image", source, config, "--dockerfile", missing)
    assert "does-not-exist.Dockerfile" in err


@pytest.mark.parametrize("name", ["utf16.Dockerfile", "utf16-no-bom.Dockerfile"])
def test_a_utf16_dockerfile_is_one_line_naming_the_encoding(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # Was "binary data (NUL byte)": what Windows PowerShell's `>` writes deserves its name.
    err = _one_line_error(capsys, "dockerfile", str(DATA / name))
    assert name in err and "UTF-16" in err


@pytest.mark.parametrize("command", ["dockerfile", "fix", "facts"])
def test_a_removed_working_directory_is_one_line_naming_it_and_exit_2(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Files are named relative to the working directory: with it removed every command ended
    # in "internal error: FileNotFoundError" (hostile round 25), a gate fault by its words.
    dockerfile = str(Path(__file__).resolve().parents[1] / "examples" / "Dockerfile")
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    args = {"dockerfile": ["dockerfile", "--no-config", dockerfile],
            "fix": ["fix", "--diff", dockerfile],
            "facts": ["facts", "dockerfile", dockerfile]}[command]  # fmt: skip
    assert main(args) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["gate: the working directory no longer exists; run gate from a folder that does"]
