"""Walking a copied directory of the build context: what os.walk would give, listed once per run."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from gate.runner import DockerfileOptions, PolicyOptions, judge_dockerfiles
from gate.sources import build_context
from gate.sources.build_context import BuildContext, shared_listings
from gate.sources.dockerignore import IgnoreRules


def _tree(root: Path) -> None:
    for folder in ("b", "a/deep", "a/skip", "z"):
        (root / folder).mkdir(parents=True)
    for name in ("top.txt", "b/x.sh", "a/deep/req.txt", "a/skip/no.txt", "a/one", "z/last"):
        (root / name).write_text(name + "\n")
    (root / "to-dir").symlink_to("a")  # a link to a directory: listed, not entered
    (root / "b/to-file").symlink_to("../top.txt")  # a link inside a copied directory
    (root / "b/dangling").symlink_to("nowhere")


def _os_walk(context: BuildContext, top_rel: str) -> list[tuple[str, str, bool]]:
    """The walk as os.walk gives it: the reference the faster walk must equal."""
    out = []
    top = os.path.join(context.root, top_rel) if top_rel != "." else context.root
    for dirpath, dirnames, filenames in os.walk(top):
        dirnames.sort()
        rel_dir = os.path.relpath(dirpath, context.root)
        below = "" if rel_dir == "." else rel_dir + "/"
        dirnames[:] = [d for d in dirnames if not context.ignore.prunable(below + d)]
        for name in sorted(filenames):
            rel = name if rel_dir == "." else f"{rel_dir}/{name}"
            if not context.ignore.ignored(rel):
                inner = os.path.relpath(rel, top_rel) if top_rel != "." else rel
                out.append((inner, os.path.join(dirpath, name), False))
    return out


@pytest.mark.parametrize("top", [".", "a", "b"])
def test_a_copied_directory_is_walked_as_os_walk_walks_it(tmp_path: Path, top: str) -> None:
    _tree(tmp_path)
    ignore = IgnoreRules(("a/skip",))
    walked = list(BuildContext(str(tmp_path), ignore).sources(top))
    assert walked == _os_walk(BuildContext(str(tmp_path), IgnoreRules(("a/skip",))), top)


def _every_kept_file(root: Path, ignore: IgnoreRules) -> list[str]:
    """Every file the rules keep, with no directory passed over: what a pruned walk must equal."""
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            rel = os.path.relpath(os.path.join(dirpath, name), root)
            if not ignore.ignored(rel):
                out.append(rel)
    return sorted(out)


@pytest.mark.parametrize(
    "patterns",
    [
        ("vendor", "!vendor/keep/req.txt"),
        ("vendor", "!vendor/**/req.txt"),
        ("**/vendor", "!vendor/keep"),
        ("vendor", "!vendor"),
        # An escaped character is no wildcard, and the exception's text is no prefix of the
        # folder's: the folder was passed over and foo-bar/x, which BuildKit copies, left out.
        ("foo-bar", "!foo\\-bar/x"),
        ("foo-bar", "!fo\\o-bar/x"),  # `\o`: read nowhere, so anything in an exception
    ],
)
def test_an_exception_below_an_ignored_folder_still_keeps_its_file(
    tmp_path: Path, patterns: tuple[str, ...]
) -> None:
    for name in ("vendor/keep/req.txt", "vendor/other.txt", "foo-bar/x", "foo-bar/y", "top"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(name)
    context = BuildContext(str(tmp_path), IgnoreRules(patterns))
    walked = sorted(rel for rel, _, _ in context.sources("."))
    assert walked == _every_kept_file(tmp_path, IgnoreRules(patterns))
    assert "vendor/keep/req.txt" in walked or "foo-bar/x" in walked


def test_a_link_inside_a_copied_directory_keeps_its_target(tmp_path: Path) -> None:
    _tree(tmp_path)
    context = BuildContext(str(tmp_path), IgnoreRules(()))
    list(context.sources("b"))
    assert context.links == {str(tmp_path / "b/to-file"): "../top.txt",
                             str(tmp_path / "b/dangling"): "nowhere"}  # fmt: skip


def test_the_dockerfiles_of_one_folder_list_their_context_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path)
    for name in ("one", "two", "three"):
        (tmp_path / f"{name}.Dockerfile").write_text("FROM python:3.12\nCOPY . /app\n")
    listed: list[str] = []
    real = build_context._list

    def counting(path: str) -> build_context.Listing | None:
        listed.append(path)
        return real(path)

    monkeypatch.setattr(build_context, "_list", counting)
    paths = [str(tmp_path / f"{n}.Dockerfile") for n in ("one", "two", "three")]
    outcome = judge_dockerfiles(paths, DockerfileOptions(base_env="none"), PolicyOptions())
    assert len(outcome.reports) == 3
    assert sorted(listed) == sorted(set(listed))  # each folder once, not once per Dockerfile
    assert str(tmp_path) in listed


def test_outside_a_run_each_walk_lists_afresh(tmp_path: Path) -> None:
    _tree(tmp_path)
    first = list(BuildContext(str(tmp_path), IgnoreRules(())).sources("z"))
    (tmp_path / "z/new").write_text("new\n")
    again = list(BuildContext(str(tmp_path), IgnoreRules(())).sources("z"))
    assert [r for r, _, _ in first] == ["last"]
    assert [r for r, _, _ in again] == ["last", "new"]
    with shared_listings():
        list(BuildContext(str(tmp_path), IgnoreRules(())).sources("z"))
        (tmp_path / "z/newer").write_text("newer\n")
        within = list(BuildContext(str(tmp_path), IgnoreRules(())).sources("z"))
    assert [r for r, _, _ in within] == ["last", "new"]  # one listing for the whole run
