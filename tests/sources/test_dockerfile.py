"""Dockerfile source: stages, ARG/ENV scope, RUN forms, heredocs, COPY, errors (as in BuildKit)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gate.model import BuildSource, Deferred, FileWrite, InputError, Run, Stage, Unread
from gate.sources import base_env as base_env_module
from gate.sources.base_env import BaseImage
from gate.sources.dockerfile import MAX_DOCKERFILE_BYTES, POSIX_SHELL, read_dockerfile
from tests.support.paths import shared

DATA = Path(__file__).resolve().parents[1] / "data" / "dockerfile"
CONTEXT = DATA / "context"


def _read(
    name: str,
    *,
    build_args: dict[str, str] | None = None,
    target: str | None = None,
    context: Path | None = None,
) -> BuildSource:
    return read_dockerfile(
        str(DATA / name),
        build_args=build_args or {},
        target=target,
        context=str(context) if context is not None else None,
    )


def _runs(stage: Stage) -> list[Run]:
    return [s for s in stage.steps if isinstance(s, Run)]


def _all_runs(source: BuildSource) -> list[Run]:
    return [r for stage in source.stages for r in _runs(stage)]


def _files(stage: Stage) -> dict[str, str | Unread | None]:
    return {
        s.path: s.content.read() if isinstance(s.content, Deferred) else s.content
        for s in stage.steps
        if isinstance(s, FileWrite) and not s.cover  # a mount's target hides, writes nothing
    }


def _run_with(source: BuildSource, text: str) -> Run:
    matches = [r for r in _all_runs(source) if text in r.script or text in r.argv]
    assert len(matches) == 1, [r.script for r in _all_runs(source)]
    return matches[0]


def _named(path: Path) -> str:
    """A Dockerfile's name in facts, errors and reports: relative to the working directory it
    lies below, else absolute (exceptions match their `path` glob against it)."""
    relative = os.path.relpath(path)
    return str(path) if relative.startswith("..") else relative


def _error(name: str) -> InputError:
    with pytest.raises(InputError) as info:
        read_dockerfile(
            str(DATA / name) if not os.path.isabs(name) else name,
            build_args={},
            target=None,
            context=None,
        )
    message = str(info.value)
    assert "\n" not in message
    return info.value


# -- stages --------------------------------------------------------------------------------------


def test_target_names_the_dockerfile() -> None:
    source = _read("stages.Dockerfile")
    assert source.target.kind == "dockerfile"
    assert source.target.path == _named(DATA / "stages.Dockerfile")


def test_every_stage_is_read_without_target() -> None:
    stages = _read("stages.Dockerfile").stages
    assert [s.index for s in stages] == [0, 1, 2, 3]
    assert [s.name for s in stages] == ["base", "child", "other", None]


def test_stage_name_is_lower_cased() -> None:
    assert _read("stages.Dockerfile").stages[0].name == "base"


def test_global_arg_expands_from_line() -> None:
    assert _read("stages.Dockerfile").stages[0].base == "python:3.12-slim"


def test_build_arg_overrides_global_arg_in_from() -> None:
    source = _read("stages.Dockerfile", build_args={"BASE": "python:3.13"})
    assert source.stages[0].base == "python:3.13"


def test_stage_inherits_env_from_named_parent() -> None:
    child = _read("stages.Dockerfile").stages[1]
    assert child.parent == 0
    assert child.base == "base"
    assert child.start_env == {"PIP_ONLY_BINARY": ":all:", "HOME": "/home/app"}
    run = _runs(child)[0]
    assert run.env["PIP_ONLY_BINARY"] == ":all:"


def test_stage_inherits_workdir_and_shell_from_named_parent() -> None:
    run = _runs(_read("stages.Dockerfile").stages[1])[0]
    assert run.workdir == "/app"
    assert run.shell == ("/bin/bash", "-c")


def test_stage_from_image_inherits_nothing() -> None:
    other = _read("stages.Dockerfile").stages[2]
    assert other.parent is None
    assert other.start_env == {}
    run = _runs(other)[0]
    assert run.env == {}
    assert run.workdir == "/"
    assert run.shell == ("/bin/sh", "-c")


def test_stage_inherits_args_from_parent_stage() -> None:
    # BuildKit carries a stage's ARGs into the stages built FROM it.
    source = _read("onbuild.Dockerfile")
    assert _run_with(source, "pip install normal").env["ONLY_IN_PARENT"] == "1"


# -- ARG -----------------------------------------------------------------------------------------


def test_arg_default_reaches_run_as_environment() -> None:
    run = _run_with(_read("args.Dockerfile"), "flask")
    assert run.env["PIP_FLAGS"] == "--only-binary :all:"


def test_build_arg_overrides_arg_default() -> None:
    source = _read("args.Dockerfile", build_args={"PIP_FLAGS": "--no-binary :all:"})
    assert _run_with(source, "flask").env["PIP_FLAGS"] == "--no-binary :all:"


def test_arg_without_default_or_build_arg_is_unknown() -> None:
    run = _run_with(_read("args.Dockerfile"), "flask")
    assert "UNSET_ARG" in run.env
    assert run.env["UNSET_ARG"] is None


def test_build_arg_overrides_redeclared_global_arg() -> None:
    source = _read("args.Dockerfile", build_args={"GLOBAL_ONLY": "from-cli"})
    assert _run_with(source, "flask").env["GLOBAL_ONLY"] == "from-cli"


def test_build_arg_gives_arg_without_default_a_value() -> None:
    source = _read("args.Dockerfile", build_args={"UNSET_ARG": "x"})
    assert _run_with(source, "flask").env["UNSET_ARG"] == "x"


def test_undeclared_build_arg_is_not_in_the_environment() -> None:
    source = _read("args.Dockerfile", build_args={"NOT_DECLARED": "x"})
    assert "NOT_DECLARED" not in _run_with(source, "flask").env


def test_global_arg_is_in_stage_only_after_bare_redeclaration() -> None:
    run = _run_with(_read("args.Dockerfile"), "flask")
    assert run.env["GLOBAL_ONLY"] == "global-default"
    assert "VERSION" not in run.env


def test_unknown_global_arg_keeps_from_text() -> None:
    assert _read("args.Dockerfile").stages[0].base == "${REGISTRY:-docker.io}/python:3.12"


def test_arg_default_expands_earlier_args() -> None:
    run = _run_with(_read("args.Dockerfile"), "flask")
    assert run.env["DERIVED"] == "--only-binary :all:-x"


def test_env_after_an_arg_of_the_same_name_wins() -> None:
    source = _read("args.Dockerfile")
    assert _run_with(source, "django").env["PIP_FLAGS"] == "--from-env"


def test_an_arg_after_an_env_of_its_name_is_unknown_where_the_builders_differ() -> None:
    # BuildKit's dispatchArg gives RUN the ARG's 0 over the ENV's 1; the classic builder the 1.
    source = _read("args.Dockerfile")
    assert _run_with(source, "flask").env["PIP_NO_CACHE_DIR"] is None
    source = _read("args.Dockerfile", build_args={"PIP_NO_CACHE_DIR": "0"})
    assert _run_with(source, "flask").env["PIP_NO_CACHE_DIR"] is None


def test_an_arg_after_an_env_of_its_name_keeps_the_value_both_builders_give() -> None:
    source = _read("args.Dockerfile", build_args={"PIP_NO_CACHE_DIR": "1"})
    assert _run_with(source, "flask").env["PIP_NO_CACHE_DIR"] == "1"


# -- ENV -----------------------------------------------------------------------------------------


def test_env_pairs_remove_quotes() -> None:
    env = _runs(_read("env.Dockerfile").stages[0])[0].env
    assert env["B"] == "two words"
    assert env["C"] == "$A literal"


def test_env_legacy_form_takes_rest_of_line() -> None:
    env = _runs(_read("env.Dockerfile").stages[0])[0].env
    assert env["D"] == "legacy form value"


def test_env_pairs_expand_with_environment_before_the_instruction() -> None:
    env = _runs(_read("env.Dockerfile").stages[0])[0].env
    assert env["A"] == "changed"
    assert env["E"] == "1"


def test_env_expansion_modifiers_and_escapes() -> None:
    env = _runs(_read("env.Dockerfile").stages[0])[0].env
    assert env["F"] == "fallback"
    assert env["G"] == "changed-suffix"
    assert env["H"] == "$escaped"


def test_bad_substitution_is_input_error_at_its_line() -> None:
    err = _error("bad-substitution.Dockerfile")
    assert err.line == 2


# -- --target ------------------------------------------------------------------------------------


def test_target_keeps_only_needed_stages() -> None:
    source = _read("target.Dockerfile", target="app")
    # app: FROM deps, COPY --from=tools, RUN --mount from=cache-stage (defined later: an image).
    assert [s.name for s in source.stages] == ["deps", "tools", "app"]


def test_target_keeps_stage_indices() -> None:
    source = _read("target.Dockerfile", target="app")
    assert [s.index for s in source.stages] == [0, 1, 3]
    assert source.stages[2].parent == 0


def test_target_follows_run_mount_from() -> None:
    source = _read("target-mount.Dockerfile", target="app")
    assert [s.name for s in source.stages] == ["wheels", "app"]


def test_target_is_matched_case_insensitively() -> None:
    assert [s.name for s in _read("target.Dockerfile", target="TOOLS").stages] == ["tools"]


def test_unknown_target_is_input_error_naming_it() -> None:
    with pytest.raises(InputError) as info:
        _read("target.Dockerfile", target="nope")
    assert "nope" in str(info.value)
    assert "deps" in str(info.value)


# -- SHELL, escape, WORKDIR ----------------------------------------------------------------------


def test_shell_changes_later_shell_form_runs() -> None:
    runs = _runs(_read("shell.Dockerfile").stages[0])
    assert runs[0].shell == ("cmd", "/S", "/C")
    assert runs[1].shell == ("powershell", "-Command")
    assert runs[1].alternative_shells == ()


def test_windows_base_without_a_readable_config_runs_cmd_or_else_powershell() -> None:
    fresh = _runs(_read("shell.Dockerfile").stages[1])[0]
    assert fresh.shell == ("cmd", "/S", "/C")
    assert fresh.alternative_shells == (("powershell", "-Command"),)


def test_linux_base_without_a_readable_config_runs_sh_only() -> None:
    run = _runs(_read("args.Dockerfile").stages[0])[0]
    assert run.shell == ("/bin/sh", "-c")
    assert run.alternative_shells == ()


def test_escape_directive_does_not_change_shell() -> None:
    run = _runs(_read("escape.Dockerfile").stages[0])[0]
    assert run.shell == ("cmd", "/S", "/C")


def test_escape_directive_sets_continuation_and_word_escape() -> None:
    runs = _runs(_read("escape.Dockerfile").stages[0])
    assert runs[0].script == "python -m pip install     flask"
    assert (runs[0].location.line, runs[0].location.end_line) == (4, 6)
    # With ` as escape, backslashes in ENV values are ordinary characters.
    assert runs[1].env["PIP_INDEX"] == "C:\\\\wheels"


def test_windows_workdir_is_kept_as_windows_path() -> None:
    assert _runs(_read("escape.Dockerfile").stages[0])[0].workdir == "C:\\app"


def test_shell_not_in_json_form_is_input_error() -> None:
    err = _error("shell-not-json.Dockerfile")
    assert err.line == 2
    assert "JSON" in err.message


def test_workdir_defaults_to_root() -> None:
    assert _run_with(_read("workdir.Dockerfile"), "at-root").workdir == "/"


def test_workdir_is_relative_to_previous_and_expanded() -> None:
    source = _read("workdir.Dockerfile")
    assert _run_with(source, "nested").workdir == "/opt/app/sub"
    assert _run_with(source, "other").workdir == "/opt/app/other"


# -- RUN -----------------------------------------------------------------------------------------


def test_shell_form_run_joins_continuations_and_drops_comment_lines() -> None:
    run = _runs(_read("continuation.Dockerfile").stages[0])[0]
    assert not run.exec_form
    assert run.argv == ()
    assert run.script == "pip install     flask     && echo done"


def test_run_flags_are_stripped_from_script() -> None:
    run = _runs(_read("continuation.Dockerfile").stages[0])[0]
    assert "--mount" not in run.script
    assert "--network" not in run.script


def test_exec_form_run_keeps_json_argv() -> None:
    run = _run_with(_read("shell.Dockerfile"), "exec")
    assert run.exec_form
    assert run.argv == ("pip", "install", "exec")
    assert run.script == ""


def test_location_spans_the_instruction_and_names_the_stage() -> None:
    stages = _read("locations.Dockerfile").stages
    first = _runs(stages[0])[0].location
    assert (first.line, first.end_line, first.stage) == (3, 4, "0")
    second = _runs(stages[1])[0].location
    assert (second.line, second.end_line, second.stage) == (7, 7, "named")
    assert first.path == _named(DATA / "locations.Dockerfile")


def test_crlf_line_endings_read_like_lf() -> None:
    run = _runs(_read("crlf.Dockerfile").stages[0])[0]
    assert run.script == "pip install     flask"
    assert (run.location.line, run.location.end_line) == (2, 3)


# -- RUN heredocs --------------------------------------------------------------------------------


def test_heredoc_only_run_runs_the_body_with_the_shell() -> None:
    run = _run_with(_read("heredoc-run.Dockerfile"), "pip install flask")
    assert run.script == "pip install flask\necho done\n"
    assert (run.location.line, run.location.end_line) == (3, 6)


def test_heredoc_fed_to_a_command_keeps_the_redirection() -> None:
    run = _run_with(_read("heredoc-run.Dockerfile"), "subprocess")
    assert run.script == (
        'python3 <<EOF\nimport subprocess\nsubprocess.run(["pip", "install", "x"])\nEOF'
    )


def test_heredoc_before_the_command_is_stdin_of_that_command() -> None:
    run = _run_with(_read("heredoc-run.Dockerfile"), "in-bash")
    assert run.script == "<<EOF bash\npip install in-bash\nEOF"


def test_quoted_heredoc_delimiter_stays_quoted_for_the_shell() -> None:
    run = _run_with(_read("heredoc-run.Dockerfile"), "$QUOTED")
    assert run.script == "bash <<'EOF'\npip install $QUOTED\nEOF"


def test_chomped_heredoc_body_loses_leading_tabs() -> None:
    assert _run_with(_read("heredoc-run.Dockerfile"), "chomped").script == "pip install chomped\n"


def test_shebang_heredoc_runs_as_a_file_its_interpreter_is_handed() -> None:
    run = _run_with(_read("heredoc-run.Dockerfile"), "import os")
    # The kernel hands the rest of the `#!` line as one argument, then the file's path.
    assert run.script == (
        "cat > '/dev/pipes/EOF' <<'EOF'\n#!/usr/bin/env python3\nimport os\nEOF\n"
        "'/usr/bin/env' 'python3' '/dev/pipes/EOF'"
    )


def test_shebang_heredoc_runs_under_no_shell_instruction() -> None:
    run = _run_with(_read("heredoc-run.Dockerfile"), "under-no-shell")
    assert run.shell == POSIX_SHELL
    assert run.alternative_shells == ()


def test_heredoc_run_with_flags_runs_the_body() -> None:
    assert _run_with(_read("heredoc-run.Dockerfile"), "cached").script == "pip install cached\n"


def test_unterminated_heredoc_is_input_error_at_its_line() -> None:
    err = _error("unterminated-heredoc.Dockerfile")
    assert err.line == 2
    assert "heredoc" in err.message


# -- ONBUILD -------------------------------------------------------------------------------------


def test_onbuild_run_is_a_run_marked_onbuild_at_its_line() -> None:
    run = _run_with(_read("onbuild.Dockerfile"), "requirements.txt")
    assert run.onbuild
    assert run.location.line == 5


def test_onbuild_run_sees_final_env_and_workdir_but_no_args() -> None:
    run = _run_with(_read("onbuild.Dockerfile"), "requirements.txt")
    assert run.env == {"STAGE_ENV": "final"}
    assert run.workdir == "/app"


def test_onbuild_exec_form_keeps_argv() -> None:
    run = _run_with(_read("onbuild.Dockerfile"), "exec-form")
    assert run.onbuild and run.exec_form
    assert run.argv == ("pip", "install", "exec-form")


def test_onbuild_heredoc_body_is_recovered() -> None:
    run = _run_with(_read("onbuild.Dockerfile"), "from-heredoc")
    assert run.onbuild
    assert run.script == "pip install from-heredoc\n"
    assert (run.location.line, run.location.end_line) == (7, 9)


def test_onbuild_env_changes_nothing_and_onbuild_copy_writes_only_for_the_child() -> None:
    source = _read("onbuild.Dockerfile")
    normal = _run_with(source, "pip install normal")
    assert "IGNORED" not in normal.env
    writes = [s for s in source.stages[0].steps if isinstance(s, FileWrite)]
    # `ONBUILD COPY . /app` copies from the child's context: content unknown, there only.
    assert [(w.path, w.content, w.onbuild) for w in writes] == [("/app", None, True)]
    assert not normal.onbuild


# -- COPY / ADD ----------------------------------------------------------------------------------


def test_copy_heredoc_writes_expanded_body_with_workdir_applied() -> None:
    files = _files(_read("copy-heredoc.Dockerfile").stages[0])
    assert files["/etc/pip.conf"] == (
        "[global]\nindex-url = https://pypi.example/simple\nextra-index-url = $MIRROR\n"
        "only-binary = :all:\n"
    )


def test_copy_heredoc_with_quoted_delimiter_is_not_expanded() -> None:
    files = _files(_read("copy-heredoc.Dockerfile").stages[0])
    assert files["/app/requirements.txt"] == "flask==$NOT_EXPANDED\n"


def test_copy_several_heredocs_into_a_directory() -> None:
    files = _files(_read("copy-heredoc.Dockerfile").stages[0])
    assert files["/app/conf/A"] == "first https://pypi.example/simple\n"
    assert files["/app/conf/B"] == "second\n"


def test_copy_chomped_heredoc_loses_leading_tabs() -> None:
    assert _files(_read("copy-heredoc.Dockerfile").stages[0])["/etc/chomped.conf"] == "tabbed\n"


def test_copy_heredoc_keeps_unknown_arg_as_written() -> None:
    # MIRROR has no default: the rest of the file stays readable, the reference stays visible.
    content = _files(_read("copy-heredoc.Dockerfile").stages[0])["/etc/pip.conf"] or ""
    assert "extra-index-url = $MIRROR\n" in content


def test_copy_heredoc_expands_build_arg() -> None:
    source = _read("copy-heredoc.Dockerfile", build_args={"MIRROR": "https://mirror"})
    assert "extra-index-url = https://mirror\n" in (_files(source.stages[0])["/etc/pip.conf"] or "")


def test_copy_without_context_records_named_files_of_unknown_content() -> None:
    files = _files(_read("copy-nocontext.Dockerfile").stages[0])
    assert files == {
        "/app/requirements.txt": None,
        "/app/requirements-dev.txt": None,
        "/app/pyproject.toml": None,
        "/etc/pip.conf": None,
        # Another image's files: no --context brings them, they are of unknown content.
        "/usr/local/lib": Unread(
            "copied from the image python:3.12, which the gate does not see", tree=True, image=True
        ),
    }


def test_copy_from_context_reads_named_files() -> None:
    files = _files(_read("copy-context.Dockerfile", context=CONTEXT).stages[0])
    assert files["/app/requirements.txt"] == "flask==3.0\n--only-binary :all:\n"
    assert files["/etc/pip.conf"] == "[global]\nonly-binary = :all:\n"


def test_copy_directory_from_context_reads_every_text_file() -> None:
    # Any of them may be run or named by a RUN (`bash scripts/deps`, `-r base.pip`).
    files = _files(_read("copy-context.Dockerfile", context=CONTEXT).stages[0])
    assert files["/app/sub/requirements-sub.txt"] == "requests\n"
    assert files["/app/sub/module.py"] == "print(1)\n"
    assert files["/all/requirements.txt"] == "flask==3.0\n--only-binary :all:\n"


def test_copied_files_are_read_when_first_asked_for_requirements_and_configs_at_once() -> None:
    steps = _read("copy-context.Dockerfile", context=CONTEXT).stages[0].steps
    contents = {s.path: s.content for s in steps if isinstance(s, FileWrite)}
    # A requirements file is read at its COPY (one it cannot read is said there) ...
    assert contents["/app/sub/requirements-sub.txt"] == "requests\n"
    # ... any other file when something the build runs reads it.
    module = contents["/app/sub/module.py"]
    assert isinstance(module, Deferred)
    assert module.read() == "print(1)\n"


def test_copy_from_context_respects_dockerignore() -> None:
    files = _files(_read("copy-context.Dockerfile", context=CONTEXT).stages[0])
    assert not any(path.startswith("/all/ignored") for path in files)
    assert "/all/README.md" not in files


def test_copy_binary_context_file_has_unknown_content() -> None:
    files = _files(_read("copy-context.Dockerfile", context=CONTEXT).stages[0])
    # Read where a step reads it: unknown, saying why (a step that runs it or reads it as
    # requirements is unknown, not given an empty file).
    logo = files["/app/logo.bin"]
    assert isinstance(logo, Unread) and logo.capped and "NUL" in logo.why
    assert files["/app/sub/data.txt"] is None


def test_copy_missing_context_file_and_remote_add_are_unknown() -> None:
    files = _files(_read("copy-context.Dockerfile", context=CONTEXT).stages[0])
    assert files["/app/missing.txt"] is None
    # Fetched at build time: its bytes are unknown, and an install reading it says why.
    assert files["/app/constraints.txt"] == Unread(
        "fetched from https://example.com/constraints.txt by ADD",
        url="https://example.com/constraints.txt",
    )


def test_context_that_is_not_a_directory_is_input_error() -> None:
    with pytest.raises(InputError):
        _read("copy-context.Dockerfile", context=DATA / "stages.Dockerfile")


def test_copy_from_stage_is_a_dependency_but_not_a_parent() -> None:
    source = _read("copy-from-stage.Dockerfile", target="app")
    assert [s.name for s in source.stages] == ["config", "app"]
    assert source.stages[1].parent is None


# -- leniency and errors -------------------------------------------------------------------------


def test_template_lines_are_skipped_and_runs_still_judged() -> None:
    source = _read("template.Dockerfile")
    assert source.stages[0].base == "{{ base_image }}"
    assert [r.script for r in _all_runs(source)] == ["pip install templated"]


def test_latin1_bytes_do_not_make_the_file_unreadable() -> None:
    assert _all_runs(_read("latin1.Dockerfile"))[0].script == "pip install x"


@pytest.mark.parametrize(
    ("name", "line"),
    [
        ("empty.Dockerfile", None),
        ("comment-only.Dockerfile", None),
        ("no-from.Dockerfile", None),
        ("env-error.Dockerfile", 2),
        ("run-before-from.Dockerfile", 1),
        ("nul.Dockerfile", 2),
    ],
)
def test_unbuildable_file_is_one_line_input_error(name: str, line: int | None) -> None:
    err = _error(name)
    assert err.path == _named(DATA / name)
    assert err.line == line


def test_missing_file_is_input_error() -> None:
    assert "no such file" in _error("does-not-exist.Dockerfile").message


def test_directory_is_input_error() -> None:
    assert "directory" in _error(str(DATA)).message


def test_fifo_is_refused_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "Dockerfile"
    os.mkfifo(fifo)
    assert "regular file" in _error(str(fifo)).message


def test_oversized_file_is_input_error(tmp_path: Path) -> None:
    big = tmp_path / "Dockerfile"
    with big.open("w") as handle:
        handle.write("FROM python:3.12\n")
        handle.write("# padding\n" * (MAX_DOCKERFILE_BYTES // 10 + 1))
    assert "KiB" in _error(str(big)).message


# -- corpora and robustness ----------------------------------------------------------------------


def _corpus() -> list[Path]:
    files = sorted(shared("realworld", "files").glob("*")) + sorted(
        shared("corpus").glob("*.Dockerfile")
    )
    assert len(files) > 261
    return files


def test_every_corpus_file_reads_or_raises_input_error() -> None:
    read = 0
    for path in _corpus():
        try:
            read_dockerfile(str(path), build_args={}, target=None, context=None)
            read += 1
        except InputError:
            pass
    assert read >= 280


def test_every_realworld_file_reads_without_error() -> None:
    # Speed is measured by benchmarks/bench_dockerfiles.py, not asserted here.
    files = sorted(shared("realworld", "files").glob("*"))
    assert len(files) == 261
    for path in files:
        read_dockerfile(str(path), build_args={}, target=None, context=None)


_TOKENS = st.sampled_from(
    [
        "FROM ", "ARG ", "ENV ", "RUN ", "COPY ", "ADD ", "WORKDIR ", "SHELL ", "ONBUILD ",
        "AS ", "python:3.12 ", "base ", "x", "=", "$", "${", "}", ":-", "'", '"', "\\", "`",
        "\n", " ", "\t", "<<EOF", "<<-EOF", "<<'EOF'", "EOF", "[", "]", ",", '"a"', "#",
        "# escape=`\n", "--mount=from=base", "--from=0 ", "/", ".", "*", "pip install ",
        "{{ x }}", "\r\n", "é", "\x85",
    ]
)  # fmt: skip


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    st.one_of(
        st.lists(_TOKENS, max_size=60).map("".join),
        st.text(max_size=300),
    ),
    st.sampled_from([None, "base", "x"]),
)
def test_generated_text_raises_only_input_error(
    tmp_path: Path, text: str, target: str | None
) -> None:
    path = tmp_path / "Dockerfile"
    path.write_bytes(text.encode("utf-8", errors="surrogatepass"))
    try:
        read_dockerfile(str(path), build_args={"x": "1"}, target=target, context=str(CONTEXT))
    except InputError as err:
        assert "\n" not in str(err)


# -- RUN --mount ---------------------------------------------------------------------------------


def test_bind_mount_from_context_shows_the_file_before_the_run() -> None:
    app = _read("mounts.Dockerfile", context=CONTEXT).stages[1]
    cover, first = app.steps[0], app.steps[1]
    # What lay at the target is hidden first; the mount's file shows in its place.
    assert isinstance(cover, FileWrite) and cover.cover and cover.content is None
    assert isinstance(first, FileWrite) and not first.cover
    assert first.path == cover.path == "/app/requirements.txt"
    assert first.content == "flask==3.0\n--only-binary :all:\n"
    assert first.location.line == 8
    assert isinstance(app.steps[2], Run)


def test_bind_mount_without_context_is_a_file_of_unknown_content() -> None:
    files = _files(_read("mounts.Dockerfile").stages[1])
    # Marked as a folder an image's copy brings (a file or a folder, nothing gate can read).
    shown = files["/app/requirements.txt"]
    assert isinstance(shown, Unread) and shown.tree and shown.image
    assert "context" in shown.why


def test_secret_mount_is_a_file_of_unknown_content() -> None:
    files = _files(_read("mounts.Dockerfile").stages[1])
    content = files["/etc/pip.conf"]
    # Unread: an install that reads it says why it cannot (the secret), not that it is absent.
    assert isinstance(content, Unread) and "secret" in content.why


def test_directory_mounts_without_a_stage_record_no_files() -> None:
    files = _files(_read("mounts.Dockerfile").stages[1])
    assert set(files) == {"/app/requirements.txt", "/etc/pip.conf"}


def test_mount_from_stage_is_a_dependency() -> None:
    source = _read("mounts.Dockerfile", target="app")
    assert [s.name for s in source.stages] == ["wheels", "app"]


# ---------------------------------------------------------------------------------------------
# The base image's config Env, from a lookup the caller passes in.


def _read_with_base(lookup: dict[str, dict[str, str]], asked: list[str]) -> BuildSource:
    def base_env(ref: str, platform: str | None) -> BaseImage | None:
        asked.append(ref)
        env = lookup.get(ref)
        return BaseImage(env) if env is not None else None

    return read_dockerfile(
        str(DATA / "base-env.Dockerfile"),
        build_args={},
        target=None,
        context=None,
        base_env=base_env,
    )


def test_base_image_env_is_the_start_env_of_an_image_stage() -> None:
    asked: list[str] = []
    source = _read_with_base({"mybase:1": {"PIP_ONLY_BINARY": ":all:", "PATH": "/bin"}}, asked)
    plain = source.stages[0]
    assert dict(plain.start_env) == {"PIP_ONLY_BINARY": ":all:", "PATH": "/bin"}
    assert _run_with(source, "flask").env["PIP_ONLY_BINARY"] == ":all:"


def test_base_image_env_is_below_the_stages_env_and_args() -> None:
    source = _read_with_base({"mybase:1": {"PIP_ONLY_BINARY": ":all:"}}, [])
    expanded = _runs(source.stages[1])[0]  # FROM ${BASE}: the global ARG's default is known
    assert expanded.env["PIP_ONLY_BINARY"] == ":all:"
    assert expanded.env["PIP_NO_BINARY"] == "flask"
    child = _run_with(source, "requests")  # FROM plain: inherits the base Env; ARG wins
    assert child.env["PIP_ONLY_BINARY"] == ":none:"


def test_onbuild_run_sees_the_base_image_env_and_no_args() -> None:
    source = _read_with_base({"mybase:1": {"PIP_ONLY_BINARY": ":all:"}}, [])
    later = _run_with(source, "later")
    assert later.onbuild
    assert dict(later.env) == {"PIP_ONLY_BINARY": ":all:"}


def test_path_in_an_instructions_words_is_the_bases_or_dockers_default() -> None:
    # BuildKit sets Docker's default $PATH in every stage not on Windows whose base sets none
    # (dockerfile2llb "make sure that PATH is always set"); gate takes a base it did not read to
    # set that default too. `$PATH` read as empty there made `/opt/venv/bin:` the whole $PATH,
    # and a script copied to /usr/local/bin was not found by its name. RUN's own environment
    # is left without one (`untouched`), and Windows leaves $PATH to the OS.
    images = {
        "withpath:1": BaseImage({"PATH": "/usr/bin"}),
        "nopath:1": BaseImage({}),
        "windows:1": BaseImage({}, os="windows"),
    }
    source = read_dockerfile(
        str(DATA / "env-path-of-base.Dockerfile"),
        build_args={},
        target=None,
        context=None,
        base_env=images.get,
    )
    default = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
    paths = {run.script: run.env.get("PATH") for run in _all_runs(source)}
    assert paths == {
        "withpath": "/opt/venv/bin:/usr/bin",
        "nopath": f"/opt/venv/bin:{default}",
        "unread": f"/opt/tools/bin:{default}",
        "untouched": None,
        "windows": "C:/venv/Scripts;",
    }


def test_base_env_is_asked_only_for_known_image_references() -> None:
    asked: list[str] = []
    source = _read_with_base({}, asked)
    # Not for a stage, not for scratch, not for a FROM with an ARG of unknown value.
    assert sorted(asked) == ["mybase:1", "mybase:1", "other:2"]
    assert all(dict(stage.start_env) == {} for stage in source.stages)


def test_without_a_base_env_lookup_image_stages_start_empty() -> None:
    source = _read("base-env.Dockerfile")
    assert all(dict(stage.start_env) == {} for stage in source.stages)
    assert "PIP_ONLY_BINARY" not in _run_with(source, "flask").env


# ---------------------------------------------------------------------------------------------
# The shell in effect: the base image's config Shell and os, read like its Env.


def _read_windows(image: BaseImage | None) -> BuildSource:
    return read_dockerfile(
        str(DATA / "windows-base-stages.Dockerfile"),
        build_args={},
        target=None,
        context=None,
        base_env=lambda ref, platform: image,
    )


def test_base_image_config_shell_is_the_stages_shell_and_flows_to_child_stages() -> None:
    source = _read_windows(BaseImage({}, shell=("powershell", "-Command", "$X = 1;"), os="windows"))
    inherited = _run_with(source, "inherited")
    assert inherited.shell == ("powershell", "-Command", "$X = 1;")
    assert inherited.alternative_shells == ()


def test_windows_base_config_without_shell_runs_cmd() -> None:
    inherited = _run_with(_read_windows(BaseImage({}, os="windows")), "inherited")
    assert inherited.shell == ("cmd", "/S", "/C")
    assert inherited.alternative_shells == ()


def test_windows_named_base_without_config_inherits_its_assumed_shells_until_shell() -> None:
    source = _read_windows(None)
    inherited = _run_with(source, "inherited")
    assert inherited.alternative_shells == (("powershell", "-Command"),)
    after = _run_with(source, "flask")
    assert after.shell == ("powershell", "-Command")
    assert after.alternative_shells == ()


def test_a_frontend_other_than_dockers_own_makes_the_file_unjudgeable() -> None:
    (warning,) = _read("foreign-frontend.Dockerfile").unjudgeable
    assert warning.location.line == 1
    assert "registry.example.com/evil/frontend:latest" in warning.reason
    assert not _read("docker-frontend.Dockerfile").unjudgeable


def test_a_buildkit_syntax_build_arg_names_the_frontend_too() -> None:
    path = str(DATA / "docker-frontend.Dockerfile")
    source = read_dockerfile(
        path, build_args={"BUILDKIT_SYNTAX": "evil/frontend"}, target=None, context=None
    )
    assert ["evil/frontend" in u.reason for u in source.unjudgeable] == [True]


def test_a_syntax_directive_after_a_shebang_line_names_the_frontend() -> None:
    (warning,) = _read("foreign-frontend-after-shebang.Dockerfile").unjudgeable
    assert warning.location.line == 2 and "evil.example/frontend:1" in warning.reason


def test_onbuild_without_a_trigger_is_refused_as_docker_refuses_it() -> None:
    # BuildKit's parseOnBuild: "ONBUILD requires at least one argument"; gate read the file.
    err = _error("onbuild-without-trigger.Dockerfile")
    assert err.line == 2
    assert "ONBUILD requires at least one argument" in err.message


@pytest.mark.parametrize(
    ("escape", "workdir", "expected"),
    [
        ("\\", "/plain", "/plain"),
        ("\\", "$D/a", "/opt/a"),
        ("\\", "'/s q'", "/s q"),
        ("\\", '"/d q"', "/d q"),
        ("\\", "/a\\b", "/ab"),
        ("`", "/a`b", "/ab"),
        ("`", "/a\\b", "/a\\b"),
    ],
)
def test_a_word_with_an_expansion_a_quote_or_the_escape_character_is_not_taken_as_plain(
    tmp_path: Path, escape: str, workdir: str, expected: str
) -> None:
    path = tmp_path / "Dockerfile"
    text = f"# escape={escape}\nFROM python:3.12\nARG D=/opt\nWORKDIR {workdir}\nRUN true\n"
    path.write_text(text)
    source = read_dockerfile(str(path), build_args={}, target=None, context=None)
    assert _all_runs(source)[0].workdir == expected


def test_from_platform_of_a_value_gate_cannot_know_asks_for_no_one_platform() -> None:
    asked: list[str | None] = []

    def base_env(ref: str, platform: str | None) -> BaseImage | None:
        asked.append(platform)
        return None

    read_dockerfile(
        str(DATA / "base-env-platform-of-unknown-value.Dockerfile"),
        build_args={},
        target=None,
        context=None,
        base_env=base_env,
    )
    unknown = base_env_module.UNKNOWN_PLATFORM
    assert asked == [unknown, unknown, None, None, "linux/arm64", None]


def test_the_engines_image_is_no_base_for_a_platform_gate_cannot_tell() -> None:
    # `FROM --platform=$P base`: an amd64 image's Env made the stage pass where P may name
    # a platform whose config sets nothing (not read under auto; said under --base-env engine).
    answer = {"Os": "linux", "Architecture": "amd64", "Config": {"Env": []}}
    unknown = base_env_module.UNKNOWN_PLATFORM
    assert base_env_module._other_platform(answer, unknown) == "linux/amd64"
    assert base_env_module._other_platform({}, unknown) == "a platform gate cannot tell"
    assert base_env_module._other_platform(answer, None) is None
