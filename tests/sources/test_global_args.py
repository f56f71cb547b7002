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


def test_a_global_arg_the_stage_does_not_declare_is_unset_where_the_base_env_is_known() -> None:
    source = read_dockerfile(
        str(DATA / "global-arg-not-declared-in-stage.Dockerfile"),
        build_args={"EXTRA": "--no-binary=:all:"},
        target=None,
        context=None,
        base_env=_base,
    )
    options = PolicyOptions()
    report = judge(source, load_policy(options), options)
    verdicts = {f.location.line: f.verdict for f in report.findings}
    assert verdicts == {
        6: "builds",  # $OPTS is empty: no --only-binary
        8: "builds",  # the base image's Env sets FROM_BASE
        9: "unknown",  # a proxy ARG reaches RUN when given, declared or not
        17: "unknown",  # the base image's Env was not read
        19: "unknown",  # nor here: its lookup failed
    }
