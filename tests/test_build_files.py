"""The build's files: one model per stage, flowing forward through FROM <stage> and COPY --from."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from gate.build_files import BuildFiles, Files
from gate.model import (
    CHOICE_SPAN,
    BuildSource,
    Content,
    FileWrite,
    Install,
    Link,
    StageCopy,
    Unread,
)
from gate.runner import commands_of, facts_of
from gate.sources.dockerfile import read_dockerfile

DATA = Path(__file__).resolve().parent / "data"


def _read(path: Path, target: str | None = None) -> BuildSource:
    return read_dockerfile(str(path), build_args={}, target=target, context=None)


def _end_files(source: BuildSource) -> dict[str, Files]:
    """Each stage's files at its end, FileWrite and StageCopy steps only (no RUN walked)."""
    build = BuildFiles()
    ends: dict[str, Files] = {}
    for stage in source.stages:
        files = build.start(stage)
        for step in stage.steps:
            if isinstance(step, FileWrite | StageCopy):
                build.apply(step, files)
        build.end(stage, files)
        ends[stage.name or str(stage.index)] = files
    return ends


def _binary_only(install: Install) -> bool:
    return ":all:" in install.binary.only_binary and not install.binary.no_binary


def test_pip_conf_written_by_a_run_reaches_a_stage_that_copies_it() -> None:
    (install,) = facts_of(_read(DATA / "build_files" / "copy-from-run.Dockerfile")).installs
    assert install.location.stage == "app"
    assert _binary_only(install)


def test_pip_conf_written_by_a_run_reaches_a_child_stage() -> None:
    (install,) = facts_of(_read(DATA / "build_files" / "from-run.Dockerfile")).installs
    assert _binary_only(install)


def test_copy_from_a_path_the_stage_never_wrote_is_a_file_of_unknown_content() -> None:
    (install,) = facts_of(_read(DATA / "build_files" / "copy-from-unwritten.Dockerfile")).installs
    assert not _binary_only(install)


def test_copy_from_stage_is_a_stage_copy_step_of_the_source() -> None:
    app = _read(DATA / "dockerfile" / "copy-from-stage.Dockerfile").stages[1]
    copies = [s for s in app.steps if isinstance(s, StageCopy)]
    assert [(c.stage, c.source, c.dest, c.into_dir) for c in copies] == [
        (0, "/conf/pip.conf", "/etc/pip.conf", False),
        (0, "/conf", "/etc/tools", True),
        (0, "/conf/unknown.conf", "/etc/unknown.conf", False),
    ]


def test_copy_from_stage_copies_known_files() -> None:
    files = _end_files(_read(DATA / "dockerfile" / "copy-from-stage.Dockerfile"))["app"]
    assert files["/etc/pip.conf"] == "[global]\nonly-binary = :all:\n"
    assert files["/etc/tools/uv.toml"] == "no-build = true\n"
    assert files["/etc/tools/pip.conf"] == "[global]\nonly-binary = :all:\n"
    assert files["/etc/unknown.conf"] is None


def test_bind_mount_from_stage_shows_that_stages_known_file() -> None:
    files = _end_files(_read(DATA / "dockerfile" / "mounts.Dockerfile"))["app"]
    assert files["/tmp/req.txt"] == "flask\n"


def test_cache_and_directory_mounts_record_no_files() -> None:
    files = _end_files(_read(DATA / "dockerfile" / "mounts.Dockerfile"))["app"]
    # /wheels: a folder the stage holds nothing of (its base image's, or a command's it does
    # not follow), marked as a whole of unknown content rather than a file.
    assert set(files) == {"/app/requirements.txt", "/tmp/req.txt", "/etc/pip.conf", "/wheels"}
    mark = files.content("/wheels")
    assert isinstance(mark, Unread) and mark.tree and mark.image


def test_shell_stage_keeps_file_steps_in_order_beside_analysed_runs() -> None:
    commands = commands_of(_read(DATA / "build_files" / "copy-from-run.Dockerfile"))
    kinds = [[type(s).__name__ for s in stage.steps] for stage in commands.stages]
    assert kinds == [["ShellRun"], ["StageCopy", "ShellRun"]]
    builder_run = commands.stages[0].steps[0]
    assert not isinstance(builder_run, FileWrite | StageCopy)
    assert builder_run.script.commands[0].argv[0].value == "printf"


def test_a_write_in_a_branch_that_may_not_run_keeps_what_the_file_held() -> None:
    files = Files({"/f": "pip install a\n"})
    files.write("/f", "echo hi\n", ((1, 0),))
    assert files["/f"] == "pip install a\necho hi\n"
    assert files.branched("/f")


def test_writes_in_sibling_branches_are_both_kept_and_the_same_branch_replaces() -> None:
    files = Files()
    files.write("/f", "one\n", ((1, 0),))
    files.write("/f", "two\n", ((1, 0),))  # the same alternative: the later write wins
    assert files["/f"] == "two\n"
    files.write("/f", "three\n", ((1, 1),))
    assert files["/f"] == "two\nthree\n"


def test_an_append_in_a_branch_is_not_doubled_and_a_plain_write_settles_the_file() -> None:
    files = Files({"/f": "a\n"})
    files.write("/f", "a\nb\n", ((1, 0),))  # `echo b >> f` holds what it appends to
    assert files["/f"] == "a\nb\n"
    assert not files.branched("/f")  # no option line in either: the lines joined are either
    files.write("/f", "c\n", ((2, 1),))
    assert files.branched("/f")
    files.write("/f", "d\n", ())
    assert files["/f"] == "d\n" and not files.branched("/f")


def test_a_file_first_written_in_a_branch_may_not_exist() -> None:
    files = Files()
    files.write("/etc/pip.conf", "[global]\nonly-binary = :all:\n", ((3, 0),))
    assert files.branched("/etc/pip.conf")
    assert not files.copy().branched("/other")
    assert files.copy().branched("/etc/pip.conf")


def test_removing_a_folder_or_a_glob_takes_what_is_beneath_and_a_branch_leaves_it_unsure() -> None:
    files = Files({"/etc/pip.conf": "x", "/etc/pip/a": "y", "/etcetera": "z", "/tmp/a.txt": "t"})
    files.remove("/etc/pip", ())
    files.remove("/tmp/*.txt", ())
    assert sorted(files) == ["/etc/pip.conf", "/etcetera"]
    files.remove("/etc/pip.conf", ((4, 0),))
    assert files["/etc/pip.conf"] == "x" and files.branched("/etc/pip.conf")


def test_copy_from_stage_matches_wildcards_as_go_does() -> None:
    # A star in a folder component; a star that stops at `/`; `[^x]` negated (Go's Match).
    files = _end_files(_read(DATA / "build_files" / "copy-from-glob.Dockerfile"))["app"]
    assert files["/one/requirements.txt"] == "--no-binary :all:\n"
    assert files["/star/requirements.txt"] == "flask\n"
    assert files["/caret/requirements.txt"] == "--no-binary :all:\n"


def _attributed_by_scan(files: Files, path: str) -> bool:
    """`Files.attributed` as first written: a scan of every file (the oracle of the index)."""
    below = path.rstrip("/") + "/"
    return any(
        (known == path or known.startswith(below))
        and not isinstance(content, Unread)
        and known not in files._ran
        for known, content in files.raw().items()
    )


_PATHS = st.sampled_from(["/a", "/a/b", "/a/b/c", "/a/bc", "/d", "/d/a/b", "/a/b/c/d/e"])
_CONTENTS = st.sampled_from(["text", None, Unread("downloaded", tree=True), Unread("x")])
_BRANCHES = st.sampled_from([(), ((1, 0),), ((1, 1),), ((2, 0), (3, 1))])
_STEPS = st.one_of(
    st.tuples(st.just("put"), _PATHS, _CONTENTS),
    st.tuples(st.just("write"), _PATHS, _CONTENTS, _BRANCHES),
    st.tuples(st.just("merge"), st.dictionaries(_PATHS, _CONTENTS, max_size=3)),
    st.tuples(st.just("remove"), _PATHS, _BRANCHES),
    st.tuples(st.just("set"), _PATHS, st.sampled_from(["text", None])),
    st.tuples(st.just("delete"), _PATHS),
    st.tuples(st.just("carry"), _PATHS, _PATHS, _BRANCHES),
    st.tuples(st.just("copy")),
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(_PATHS, _CONTENTS, max_size=4), st.lists(_STEPS, max_size=12))
def test_the_index_of_copied_in_files_answers_as_a_scan_of_every_file_would(
    start: dict[str, Content], steps: list[tuple[object, ...]]
) -> None:
    """`attributed` keeps a per-folder count up to date instead of scanning the build's files
    for each local install: after any sequence of changes it answers as the scan did."""
    files = Files(start)
    files.attributed("/")  # build the index first, so that every change below must keep it
    for step in steps:
        kind, args = step[0], step[1:]
        if kind == "put":
            files.put(*args)  # type: ignore[arg-type]
        elif kind == "write":
            files.write(*args)  # type: ignore[arg-type]
        elif kind == "merge":
            files.merge(*args)  # type: ignore[arg-type]
        elif kind == "remove":
            files.remove(*args)  # type: ignore[arg-type]
        elif kind == "set":
            files[args[0]] = args[1]  # type: ignore[index]
        elif kind == "delete":
            files.pop(args[0], None)  # type: ignore[call-overload]
        elif kind == "carry":
            files.carry(*args)  # type: ignore[arg-type]
        else:
            files = files.copy()
        for path in ["/", "/a", "/a/b", "/a/b/c", "/a/bc", "/d", "/d/a", "/a/b/c/d"]:
            assert files.attributed(path) == _attributed_by_scan(files, path), (path, step)


def test_a_write_into_a_link_reaches_its_target_and_a_replacing_write_does_not() -> None:
    files = Files({"/tmp/x": "flask\n"})
    files.link("/app/r.txt", "/tmp/x", False, ())
    files.write("/app/r.txt", "flask\n--no-binary :all:\n", ())  # `>> r.txt`: the target's
    assert files["/tmp/x"] == files["/app/r.txt"] == "flask\n--no-binary :all:\n"
    files.write("/app/r.txt", "requests\n", (), replace=True)  # `mv F r.txt`: a new file
    assert files["/tmp/x"] == "flask\n--no-binary :all:\n"
    assert files["/app/r.txt"] == "requests\n"


def test_a_hard_link_keeps_its_bytes_when_its_other_name_goes() -> None:
    files = Files({"/tmp/h": "flask\n"})
    files.link("/app/h.txt", "/tmp/h", True, ())
    files.write("/tmp/h", "--no-binary :all:\n", (), replace=True)  # `mv new /tmp/h`
    assert files["/app/h.txt"] == "flask\n"
    files.link("/app/g.txt", "/tmp/h", True, ())
    files.remove("/tmp/h", ())
    assert files["/app/g.txt"] == "--no-binary :all:\n"


def test_ln_over_a_link_to_an_untracked_path_links_in_it_and_with_force_replaces_it() -> None:
    # GNU ln 9.1: `ln -s T L`, L a link to a folder (here one gate holds no file in), makes
    # L/T's name; with -f over a link to nothing L is replaced: L read itself can only be T, a
    # path beneath it only the folder's.
    files = Files({"/cfg/r.txt": "--no-binary :all:\n"})
    files.link("/l", "/tmp/d", False, ())
    files.link("/l", "/cfg/r.txt", False, (), follow=True, force=False)
    assert files["/l/r.txt"] == files["/tmp/d/r.txt"] == "--no-binary :all:\n"
    assert files.through("/l") == "/tmp/d"
    files.link("/n", "/tmp/f", False, ())
    files.link("/n", "/cfg/r.txt", False, (), follow=True, force=True)
    assert files.through("/n") == "/cfg/r.txt"
    assert files.through("/n/r.txt", last=False) == "/tmp/f/r.txt"
    assert files["/n/r.txt"] == "--no-binary :all:\n"
    files.link("/m", "/tmp/e", False, ())
    files.link("/m", "/cfg", False, (), follow=True, force=True)  # T a folder: either reading
    assert files.unread("/m/r.txt") is not None


def test_ln_without_force_leaves_a_file_the_build_holds() -> None:
    files = Files({"/x": "flask\n", "/d/f": "", "/l": Link("/x")})
    assert files.refuses_link("/x", follow=True)
    assert files.refuses_link("/l", follow=False)  # `ln -sn T /l`: /l is there
    assert not files.refuses_link("/l", follow=True)  # Files.link decides over a link
    assert not files.refuses_link("/d", follow=True)  # a folder: the link goes in
    assert not files.refuses_link("/y", follow=True)  # nothing there


def test_a_path_beneath_a_linked_folder_is_the_file_in_its_target() -> None:
    files = Files({"/tmp/d/r.txt": "flask\n"})
    files.link("/app", "/tmp/d", False, ())
    assert "/app/r.txt" in files
    assert files["/app/r.txt"] == "flask\n"
    files.write("/app/s.txt", "x\n", ())
    assert files["/tmp/d/s.txt"] == "x\n"


def test_a_text_a_branch_writes_over_one_of_other_option_lines_is_either() -> None:
    # `[ -d /x ] && echo flask > f` over `--only-binary :all:` + flask: f may hold flask alone.
    files = Files({"/f": "--only-binary :all:\nflask\n"})
    files.write("/f", "flask\n", ((1, 0),))
    assert files.branched("/f")
    files = Files({"/f": "--only-binary :all:\n"})
    files.write("/f", "--only-binary :all:\nflask\n", ((1, 0),))  # the same options: settled
    assert not files.branched("/f")


def test_an_append_to_what_a_branch_wrote_keeps_its_doubt() -> None:
    # `[ -d /x ] && echo '--only-binary :all:' > f; echo flask >> f`: f may hold flask alone.
    files = Files()
    files.write("/f", "--only-binary :all:\n", ((1, 0),))
    files.write("/f", "--only-binary :all:\nflask\n", ())
    assert files.branched("/f")
    files.write("/f", "--only-binary :all:\nflask\n", ())  # the same text again: settled
    assert not files.branched("/f")


# A choice that always takes one of two alternatives (context.choice(2)): the folders the ways
# of `[ -d /app ] && cd /app` stand in, or the branches of an `if … else`.
_WAYS = 7 * CHOICE_SPAN + 2


def _in(index: int, *outer: tuple[int, int]) -> tuple[tuple[int, int], ...]:
    return (*outer, (_WAYS, index))


def test_every_alternative_writing_one_text_leaves_that_text() -> None:
    # `[ -d /app ] && cd /app; printf 'flask\n' > /r.txt`: flask, whichever folder (bash).
    files = Files({"/r.txt": "--no-binary :all:\n"})
    files.write("/r.txt", "flask\n", _in(0))
    assert files["/r.txt"] != "flask\n" and files.branched("/r.txt")
    files.write("/r.txt", "flask\n", _in(1))
    assert files["/r.txt"] == "flask\n" and not files.branched("/r.txt")


def test_an_alternative_reads_what_it_wrote_or_what_was_there_before() -> None:
    files = Files({"/r.txt": "--no-binary :all:\n"})
    files.run_by(_in(0))
    files.write("/r.txt", "flask\n", _in(0))
    assert files["/r.txt"] == "flask\n" and not files.branched("/r.txt", _in(0))
    files.run_by(_in(1))
    assert files["/r.txt"] == "--no-binary :all:\n" and not files.branched("/r.txt", _in(1))
    files.run_by(())
    assert files["/r.txt"] == "--no-binary :all:\nflask\n" and files.branched("/r.txt")
    new = Files({"/a": "a\n"})
    new.run_by(_in(0))
    new.write("/n", "n\n", _in(0))
    new.run_by(_in(1))
    assert "/n" not in new and new.get("/n") is None and new.content("/n") is None


def test_one_append_per_alternative_is_made_once() -> None:
    # `printf 'flask\n' >> /r.txt` per folder: each way appends to what was there.
    files = Files({"/r.txt": "--only-binary :all:\n"})
    for index in (0, 1):
        files.run_by(_in(index))
        files.write("/r.txt", files["/r.txt"] + "flask\n", _in(index))  # type: ignore[operator]
    files.run_by(())
    assert files["/r.txt"] == "--only-binary :all:\nflask\n" and not files.branched("/r.txt")


def test_alternatives_writing_other_texts_leave_either_of_them_only() -> None:
    files = Files({"/r.txt": "--no-binary :all:\n"})
    files.write("/r.txt", "flask\n", _in(0))
    files.write("/r.txt", "requests\n", _in(1))
    assert files["/r.txt"] == "flask\nrequests\n" and files.branched("/r.txt")


def test_a_write_in_some_alternatives_only_keeps_what_was_there() -> None:
    files = Files({"/r.txt": "--no-binary :all:\n"})
    files.write("/r.txt", "flask\n", _in(1))
    assert "--no-binary :all:" in (files["/r.txt"] or "") and files.branched("/r.txt")


def test_alternatives_in_a_branch_that_may_not_run_leave_either_text() -> None:
    files = Files({"/r.txt": "--no-binary :all:\n"})
    files.write("/r.txt", "flask\n", _in(0, (9, 0)))
    files.write("/r.txt", "flask\n", _in(1, (9, 0)))
    assert files["/r.txt"] == "--no-binary :all:\nflask\n" and files.branched("/r.txt")
    assert not files.branched("/r.txt", ((9, 0),))


def test_a_change_between_the_alternatives_writes_keeps_either_text() -> None:
    files = Files({"/r.txt": "--no-binary :all:\n"})
    files.write("/r.txt", "flask\n", _in(0))
    files.edited("/r.txt", "sed -i …")
    files.write("/r.txt", "flask\n", _in(1))
    assert files.branched("/r.txt")
    files = Files({"/r.txt": "--no-binary :all:\n"})
    files.write("/r.txt", "flask\n", _in(0))
    files.write("/r.txt", "flask\n", (*_in(1), (9, 0)))  # in a branch within the alternative
    assert "--no-binary :all:" in (files["/r.txt"] or "") and files.branched("/r.txt")


def test_a_copy_of_the_files_keeps_what_each_alternative_wrote() -> None:
    files = Files({"/r.txt": "--no-binary :all:\n"})
    files.write("/r.txt", "flask\n", _in(0))
    copied = files.copy()
    copied.write("/r.txt", "flask\n", _in(1))
    assert copied["/r.txt"] == "flask\n" and not copied.branched("/r.txt")
    assert files.branched("/r.txt")


def test_a_config_every_alternative_writes_alike_is_that_config() -> None:
    conf = "[global]\nonly-binary = :all:\n"
    files = Files({"/etc/pip.conf": "[global]\nno-binary = :all:\n"})
    files.write("/etc/pip.conf", conf, _in(0))
    files.write("/etc/pip.conf", conf, _in(1))
    assert files["/etc/pip.conf"] == conf and not files.alternatives("/etc/pip.conf")
    assert not files.branched("/etc/pip.conf")


def test_writes_through_a_link_in_every_alternative_leave_its_target_that_text() -> None:
    files = Files({"/t.txt": "--no-binary :all:\n", "/l.txt": Link("/t.txt", False)})
    files.write("/l.txt", "flask\n", _in(0))
    files.write("/l.txt", "flask\n", _in(1))
    assert files["/t.txt"] == "flask\n" and not files.branched("/l.txt")


def test_variants_of_one_command_writing_other_texts_leave_either() -> None:
    # `echo "$V" > /v.txt`, V either of two values: one runs; a reader in the same branch too
    # may find either.
    files = Files()
    files.run_by((), variant=(3, 0))
    files.write("/v.txt", "--no-binary :all:\n", ())
    files.run_by((), variant=(3, 1))
    files.write("/v.txt", "flask\n", ())
    assert files["/v.txt"] == "--no-binary :all:\nflask\n" and files.branched("/v.txt", ())
    files.run_by((), variant=(4, 0))
    files.write("/v.txt", "flask\n", ())
    assert files["/v.txt"] == "flask\n" and not files.branched("/v.txt")
    files.run_by((), variant=(4, 0))  # a later command of the same variant's script
    files.write("/v.txt", "requests\n", ())
    assert files["/v.txt"] == "requests\n" and not files.branched("/v.txt")


def test_a_branch_that_may_not_run_writing_twice_leaves_its_last_text_or_the_old_one() -> None:
    # `if …; then echo requests > f; echo flask > f; fi` (no `else`).
    maybe = 8 * CHOICE_SPAN  # a choice none of whose alternatives need run
    files = Files({"/r.txt": "--no-binary :all:\n"})
    for text in ("requests\n", "flask\n"):
        files.run_by(((maybe, 0),))
        files.write("/r.txt", text, ((maybe, 0),))
    assert files["/r.txt"] == "flask\n"  # as the branch reads it
    files.run_by(())
    assert files["/r.txt"] == "--no-binary :all:\nflask\n" and files.branched("/r.txt")
    # Written first in a branch within it (`[ -d /x ] && echo requests > f; echo flask > f`).
    files = Files({"/r.txt": "--no-binary :all:\n"})
    files.write("/r.txt", "requests\n", ((maybe, 0), (9 * CHOICE_SPAN, 0)))
    files.write("/r.txt", "flask\n", ((maybe, 0),))
    assert files["/r.txt"] == "--no-binary :all:\nflask\n" and files.branched("/r.txt")


def test_every_alternative_removing_a_file_leaves_it_gone() -> None:
    # `[ -d /app ] && cd /app; rm -f /r.txt` (bash: gone, whichever folder).
    files = Files({"/r.txt": "--no-binary :all:\n", "/s.txt": "flask\n"})
    files.run_by(_in(0))
    files.remove("/r.txt", _in(0))
    assert "/r.txt" not in files
    files.run_by(_in(1))
    assert files["/r.txt"] == "--no-binary :all:\n"
    files.remove("/r.txt", _in(1))
    files.run_by(())
    assert "/r.txt" not in files and files.get("/s.txt") == "flask\n"
    files.remove("/s.txt", _in(0))  # one alternative only: may still be there
    assert files["/s.txt"] == "flask\n" and files.branched("/s.txt")


def test_a_path_beneath_a_folder_linked_after_the_first_lookups_is_found_through_the_link() -> None:
    # Files knows it holds no link (a cheap answer for `in`, `through` and COPY) until one is
    # put: from then on a path beneath the linked folder is there when its target's file is.
    files = Files({"/t/pip.conf": "[global]\n"})
    assert "/l/pip.conf" not in files and files.through("/l/pip.conf") == "/l/pip.conf"
    files.put("/l", Link("/t"))
    assert "/l/pip.conf" in files and files.through("/l/pip.conf") == "/t/pip.conf"
    assert files.get("/l/pip.conf") == "[global]\n"
    files.put_copied("/l/uv.toml", "/l/", "uv.toml", "x = 1\n")  # a COPY onto the link's folder
    assert files.get("/t/uv.toml") == "x = 1\n"
    empty = Files()
    assert 1 not in empty and "/l" not in empty  # type: ignore[operator]
