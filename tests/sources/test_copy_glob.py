"""COPY sources with wildcards resolve as BuildKit resolves them: fsutil's ResolveWildcards (the
literal folder before the first wildcard component, then every path below it that Go's
filepath.Match matches), never Python's fnmatch."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from gate.model import Content, Deferred, FileWrite
from gate.runner import DockerfileOptions, PolicyOptions, judge_dockerfiles
from gate.sources.dockerfile import read_dockerfile
from gate.sources.go_glob import match

DATA = Path(__file__).resolve().parents[1] / "data" / "sources" / "copy_glob"
CONTEXT = DATA / "context"
GO_CASES = yaml.safe_load((DATA / "go_match.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize(("pattern", "name", "expected"), GO_CASES)
def test_a_pattern_matches_as_go_filepath_match_does(
    pattern: str, name: str, expected: bool
) -> None:
    assert match(pattern, name) is expected


def _copied(under: str) -> dict[str, Content]:
    """The files copies.Dockerfile writes below `under`, with their text."""
    source = read_dockerfile(
        str(CONTEXT / "copies.Dockerfile"), build_args={}, target=None, context=str(CONTEXT)
    )
    return {
        step.path: step.content.read() if isinstance(step.content, Deferred) else step.content
        for step in source.stages[0].steps
        if isinstance(step, FileWrite) and step.path.startswith(under)
    }


def test_a_wildcard_in_a_folder_component_copies_the_file_of_each_folder_it_matches() -> None:
    report = judge_dockerfiles(
        [str(CONTEXT / "Dockerfile")], DockerfileOptions(base_env="none"), PolicyOptions()
    ).reports[0]
    # pkgs/*/requirements.txt say --no-binary :all: and land in /tmp, read by line 3.
    assert [(f.location.line, f.severity) for f in report.findings] == [(3, "deny")]


def test_several_matches_land_in_the_folder_by_name_the_last_in_walk_order_winning() -> None:
    # pkgs/api then pkgs/web (name order); pkgs/api/nested is one level too deep.
    assert _copied("/tmp/dir/") == {"/tmp/dir/requirements.txt": "--no-binary :all:\nrequests\n"}


def test_several_matches_with_their_own_names_each_land_in_the_folder() -> None:
    assert _copied("/tmp/many/") == {"/tmp/many/api.txt": "api\n", "/tmp/many/web.txt": "web\n"}


def test_a_star_never_matches_a_slash() -> None:
    # `pkgs/*requirements.txt` is pkgs/requirements.txt alone, not pkgs/api/requirements.txt.
    assert _copied("/tmp/star/") == {"/tmp/star/requirements.txt": "top\n"}


def test_stars_in_two_folder_components_match_two_levels_down() -> None:
    assert _copied("/tmp/two/") == {"/tmp/two/api.txt": "api\n"}


def test_a_caret_class_is_negated() -> None:
    assert _copied("/tmp/caret/") == {"/tmp/caret/!.txt": "bang\n", "/tmp/caret/r.txt": "r\n"}


def test_a_bang_class_is_not_negated_in_go() -> None:
    assert _copied("/tmp/bang/") == {"/tmp/bang/!.txt": "bang\n", "/tmp/bang/x.txt": "x\n"}


def test_a_malformed_pattern_copies_nothing_not_even_a_file_spelt_like_it() -> None:
    # `[x.txt` has no closing `]`: Go's Match refuses it, BuildKit copies nothing (no error).
    assert _copied("/tmp/malformed/") == {}


def test_a_matched_folder_brings_its_contents() -> None:
    assert _copied("/tmp/folder/") == {
        "/tmp/folder/api.txt": "api\n",
        "/tmp/folder/nested/requirements.txt": "nested\n",
        "/tmp/folder/requirements.txt": "--no-binary :all:\nflask\n",
    }
