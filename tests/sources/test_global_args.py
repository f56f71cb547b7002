"""An ARG declared before the first FROM and not declared again in a stage: BuildKit gives the
stage's RUNs no such variable, so where the base image's config Env was read and lacks it, the
shell reads it as unset; elsewhere (the base's Env not read, a name the base sets, a proxy ARG
BuildKit passes on undeclared) it stays of unknown value."""

from __future__ import annotations

from pathlib import Path

from gate.runner import PolicyOptions, judge, load_policy
from gate.sources.base_env import BaseImage
from gate.sources.dockerfile import read_dockerfile

DATA = Path(__file__).resolve().parents[1] / "data" / "dockerfile"


def _base(ref: str, platform: str | None = None) -> BaseImage | None:
    if ref == "base:read":
        return BaseImage({"PATH": "/usr/bin", "FROM_BASE": "--no-binary=:all:"})
    if ref == "base:failed":
        return BaseImage({}, failure="registry unreachable")
    return None


def _verdicts(name: str) -> dict[int, str]:
    """Line → verdict of the Dockerfile `name`, EXTRA given as a build arg."""
    source = read_dockerfile(
        str(DATA / name),
        build_args={"EXTRA": "--no-binary=:all:"},
        target=None,
        context=None,
        base_env=_base,
    )
    options = PolicyOptions()
    report = judge(source, load_policy(options), options)
    return {f.location.line: f.verdict for f in report.findings}


def test_a_global_arg_the_stage_does_not_declare_is_unset_where_the_base_env_is_known() -> None:
    assert _verdicts("global-arg-not-declared-in-stage.Dockerfile") == {
        6: "builds",  # $OPTS is empty: no --only-binary
        8: "builds",  # the base image's Env sets FROM_BASE
        9: "unknown",  # a proxy ARG reaches RUN when given, declared or not
        17: "unknown",  # the base image's Env was not read
        19: "unknown",  # nor here: its lookup failed
    }


def test_a_stage_arg_whose_name_is_quoted_or_expanded_declares_that_name() -> None:
    """BuildKit expands a stage ARG's name as a word (instructions.ArgCommand.Expand, read in
    moby/buildkit): `ARG "EXTRA"` and `ARG $N` with N=EXTRA declare EXTRA, so its build-arg value
    reaches the RUN; a name of unknown value may declare any, so none is unset after it."""
    assert _verdicts("global-arg-declared-by-an-expanded-name.Dockerfile") == {
        4: "builds",  # `ARG "EXTRA"` declares EXTRA (was unset: a silent pass)
        8: "builds",  # so does `ARG $N`
        12: "unknown",  # N of unknown value: EXTRA may be declared
        # line 14: not declared in the stage, unset where the base's Env was read
    }
