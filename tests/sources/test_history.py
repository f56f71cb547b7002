"""Image history → Run/FileWrite steps: builder wordings, env per step, base layers, no-history."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gate.model import BuildSource, FileWrite, InputError, Run
from gate.sources.config_file import read_config_file
from gate.sources.history import (
    MAX_HISTORY,
    MAX_HISTORY_TEXT,
    base_history_length,
    history_entries,
    history_source,
)
from tests.support.paths import shared

DATA = Path(__file__).resolve().parents[1] / "data" / "images"
CASES = yaml.safe_load((DATA / "history-cases.yaml").read_text())
REALWORLD = yaml.safe_load((DATA / "realworld-expected.yaml").read_text())


def _runs(source: BuildSource) -> list[Run]:
    return [s for s in source.stages[0].steps if isinstance(s, Run)]


def _files(source: BuildSource) -> list[str]:
    return [s.path for s in source.stages[0].steps if isinstance(s, FileWrite)]


def _check_run(run: Run, want: dict[str, Any]) -> None:
    assert run.location.history_index == want["index"]
    if "argv" in want:
        assert run.exec_form and list(run.argv) == want["argv"]
    else:
        assert not run.exec_form
        assert list(run.shell) == want["shell"]
        assert run.script == want["script"]
    assert dict(run.env) == want["env"]
    assert run.workdir == want.get("workdir", "/")
    assert run.onbuild == want.get("onbuild", False)
    assert run.from_base == want.get("from_base", False)
    if "created_by" in want:
        assert run.location.created_by == want["created_by"]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["id"])
def test_history_case_gives_exactly_the_expected_steps(case: dict[str, Any]) -> None:
    source = history_source(
        case["config"], name="img", base_history_len=case.get("base_history_len")
    )
    runs = _runs(source)
    assert len(runs) == len(case["runs"]), [r.location for r in runs]
    for run, want in zip(runs, case["runs"], strict=True):
        _check_run(run, want)
    assert _files(source) == case.get("files", [])
    unread = [u for u in source.unjudgeable if u.reason.startswith("history entry ")]
    assert [u.location.history_index for u in unread] == case.get("unknown", [])
    for problem in unread:
        assert problem.reason.endswith("it may install packages")
    whole = [u for u in source.unjudgeable if u not in unread]
    if case["unjudgeable"] is None:
        assert whole == []
    else:
        [problem] = whole
        assert case["unjudgeable"] in problem.reason
        assert problem.reason.endswith("the build cannot be judged")


def test_runs_carry_history_index_and_created_by_of_their_entry() -> None:
    config = json.loads(shared("corpus-images", "c-legacy.json").read_text())
    source = history_source(config, name="c-legacy.json", kind="config")
    assert source.target.kind == "config" and source.target.path == "c-legacy.json"
    for run in _runs(source):
        index = run.location.history_index
        assert index is not None
        assert run.location.created_by == config["history"][index]["created_by"]
        assert run.location.path == "c-legacy.json"
        assert run.location.line is None and run.location.stage is None


@pytest.mark.parametrize("name", ["c-legacy.json", "c-buildkit.json"])
def test_corpus_image_runs_sit_at_the_indexes_the_cases_deny(name: str) -> None:
    config = json.loads(shared("corpus-images", name).read_text())
    runs = {r.location.history_index: r for r in _runs(history_source(config, name=name))}
    assert list(runs) == [1, 3, 5, 7, 8, 10, 11]
    assert runs[5].script == "pip install -r /dev/null"
    assert runs[8].script == "uv pip install --system httpx"
    assert "UV_NO_BUILD" not in runs[5].env
    assert runs[7].env["UV_NO_BUILD"] == "1" and runs[8].env["UV_NO_BUILD"] == "1"
    assert "POETRY_INSTALLER_ONLY_BINARY" not in runs[8].env
    assert runs[10].env["POETRY_INSTALLER_ONLY_BINARY"] == ":all:"
    assert runs[10].script == "poetry install --no-root"
    assert runs[11].exec_form
    assert runs[11].argv == ("pip", "install", "--only-binary=:all:", "rich")
    assert runs[11].env["POETRY_INSTALLER_ONLY_BINARY"] == ":all:"
    assert runs[1].argv == ("/bin/busybox", "--install", "-s", "/bin")


def _realworld_files() -> list[Path]:
    files = sorted(p for p in shared("realworld-images").iterdir() if p.suffix in (".json", ".txt"))
    assert len(files) == 30
    return files


def test_expectations_cover_every_realworld_sample() -> None:
    assert sorted(REALWORLD) == [p.name for p in _realworld_files()]


@pytest.mark.parametrize("path", _realworld_files(), ids=lambda p: p.name)
def test_realworld_sample_is_read_as_expected(path: Path) -> None:
    want = REALWORLD[path.name]
    if "error" in want:
        with pytest.raises(InputError) as caught:
            read_config_file(path)
        assert caught.value.message == want["error"]
        assert str(caught.value) == f"{path}: {want['error']}"
        return
    config = read_config_file(path).config
    builders = [e.builder for e in history_entries(config)]
    # Multi-word builder names ("docker import") are written with a space in the data file.
    assert " ".join(builders) == " ".join(_expand_names(want["builders"]))
    source = history_source(config, name=path.name)
    runs = _runs(source)
    assert [r.location.history_index for r in runs] == want["runs"]
    assert [r.location.history_index for r in runs if r.exec_form] == want["exec"]
    assert _files(source) == want["files"]
    entry = "history entry "
    reasons = [u.reason for u in source.unjudgeable if not u.reason.startswith(entry)]
    assert reasons == ([want["unjudgeable"]] if want["unjudgeable"] else [])
    unread = [u.location.history_index for u in source.unjudgeable if u.reason.startswith(entry)]
    assert unread == want.get("unknown", [])
    by_index = {r.location.history_index: r for r in runs}
    for index, check in (want.get("checks") or {}).items():
        run = by_index[index]
        if "script_contains" in check:
            assert check["script_contains"] in run.script
        if "argv" in check:
            assert list(run.argv) == check["argv"]
        for key, value in (check.get("env") or {}).items():
            assert run.env.get(key) == value, (key, dict(run.env))
        for key in check.get("env_absent") or []:
            assert key not in run.env
        if "workdir" in check:
            assert run.workdir == check["workdir"]


def _expand_names(builders: str) -> list[str]:
    """Run-length ``name*count`` items separated by spaces; names may hold spaces."""
    expanded: list[str] = []
    rest = builders
    while rest:
        star = rest.index("*")
        name = rest[:star]
        digits = ""
        rest = rest[star + 1 :]
        while rest and rest[0].isdigit():
            digits, rest = digits + rest[0], rest[1:]
        expanded.extend([name] * int(digits))
        rest = rest.lstrip(" ")
    return expanded


def test_base_history_length_finds_a_base_history_prefix() -> None:
    image = json.loads(shared("corpus-images", "c-buildkit.json").read_text())
    base = {"history": image["history"][:5]}
    assert base_history_length(image, base) == 5
    # Timestamps may differ (reproducible builds rewrite them); created_by decides.
    rewritten = {"history": [{**h, "created": "1970-01-01T00:00:00Z"} for h in base["history"]]}
    assert base_history_length(image, rewritten) == 5
    other = {"history": [{"created_by": "/bin/sh -c #(nop) ADD file:zzz in / "}]}
    assert base_history_length(image, other) is None
    assert base_history_length(base, image) is None  # the base cannot be longer
    assert base_history_length(image, {"history": []}) is None
    assert base_history_length(image, {"history": "junk"}) is None


def test_base_history_len_marks_corpus_base_steps() -> None:
    config = json.loads(shared("corpus-images", "c-buildkit.json").read_text())
    runs = _runs(history_source(config, name="c", base_history_len=5))
    assert {r.location.history_index for r in runs if r.from_base} == {1, 3}
    assert not any(r.from_base for r in _runs(history_source(config, name="c")))


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"history": {"created_by": "x"}}, "image config: history is not a list"),
        ({"history": ["RUN x"]}, "image config: history[0] is not an object"),
        ({"history": [{"created_by": 3}]}, "image config: history[0].created_by is not a string"),
        ({"history": [{}, {"comment": ["x"]}]}, "image config: history[1].comment is not a string"),
        ({"history": [{"author": {}}]}, "image config: history[0].author is not a string"),
    ],
)
def test_malformed_history_is_one_input_error(config: dict[str, Any], message: str) -> None:
    with pytest.raises(InputError) as caught:
        history_source(config, name="bad.json")
    assert caught.value.message == message
    assert caught.value.path == "bad.json"


def test_overlong_history_is_refused() -> None:
    config = {"history": [{"created_by": "x"}] * (MAX_HISTORY + 1)}
    with pytest.raises(InputError, match=f"more than {MAX_HISTORY}"):
        history_source(config, name="big.json")


def test_history_text_in_all_is_capped() -> None:
    # Each entry under the per-entry cap, together over the history's.
    entry = {"created_by": "/bin/sh -c " + "echo hi && " * 40_000 + "true"}
    history = [entry] * (MAX_HISTORY_TEXT // len(str(entry["created_by"])) + 1)
    assert len(history) < MAX_HISTORY
    with pytest.raises(InputError, match=f"more than {MAX_HISTORY_TEXT} characters in all"):
        history_source({"history": history}, name="big.json")


def test_long_build_arg_value_is_read_in_linear_time() -> None:
    # A value of many words and a shell anchor far away: must not go quadratic.
    words = " ".join(["w"] * 200_000)
    record = f"|2 A={words} B=1 /bin/sh -c pip install a"
    # This process's CPU time, not wall time: a busy machine must not fail a bound on work.
    started = time.process_time()
    [run] = _runs(history_source({"history": [{"created_by": record}]}, name="x"))
    assert time.process_time() - started < 10
    assert run.script == "pip install a"
    assert run.env["B"] == "1" and len(str(run.env["A"])) == len(words)


def test_many_shell_anchors_in_a_prefix_stay_fast() -> None:
    record = "|2 A=" + "/bin/sh -c x " * 80_000 + "B=1 /bin/sh -c pip install a"
    started = time.process_time()
    [run] = _runs(history_source({"history": [{"created_by": record}]}, name="x"))
    assert time.process_time() - started < 5
    # Malformed beyond repair (the first value swallows shell prefixes): the install stays
    # visible in the script rather than vanishing into a value.
    assert run.script.endswith("B=1 /bin/sh -c pip install a")


def test_environment_total_is_bounded() -> None:
    history = []
    # Run i carries i + 1 variables: 1000 of each sum to 500,500, within MAX_HISTORY entries.
    for i in range(1000):
        history.append({"created_by": f"/bin/sh -c #(nop)  ENV V{i}=x"})
        history.append({"created_by": "/bin/sh -c pip install a"})
    with pytest.raises(InputError, match="environments hold more than 500000 variables"):
        history_source({"history": history}, name="x")


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=25,
)
_WORDS = st.sampled_from(
    [
        "RUN",
        "ENV",
        "ARG",
        "SHELL",
        "WORKDIR",
        "COPY",
        "ONBUILD",
        "#(nop)",
        "/bin/sh",
        "-c",
        "|1",
        "|2",
        "|9999",
        "A=b",
        "K=",
        "=x",
        "[",
        "]",
        "[/bin/bash",
        "-o",
        "pipefail",
        "cmd",
        "/S",
        "/C",
        "powershell",
        "-Command",
        "pip",
        "install",
        "# buildkit",
        "file:abc",
        "in",
        "/x/",
        ".",
        "Layer:",
        "'RUN",
        "x',",
        "Created",
        "by",
        "extension:",
        "bazel",
        "build",
        "jib",
        "ko",
        "apko",
        "\t",
        "\n",
        "<<EOF",
        '["pip"]',
        "--chown=1",
        " ",
    ]
)
_CREATED_BY = st.lists(_WORDS, max_size=12).map(" ".join) | st.text(max_size=40)
_ENTRY = st.fixed_dictionaries(
    {},
    optional={
        "created_by": _CREATED_BY | _JSON,
        "comment": st.sampled_from(
            ["", "buildkit.dockerfile.v0", "store paths: x", "merge sha256:a"]
        )
        | _JSON,
        "author": st.sampled_from(["", "kaniko", "Bazel", "ko", "jib"]) | _JSON,
        "empty_layer": st.booleans() | _JSON,
    },
)
_CONFIG = st.fixed_dictionaries(
    {},
    optional={
        "history": st.lists(_ENTRY | _JSON, max_size=8) | _JSON,
        "config": st.fixed_dictionaries(
            {},
            optional={
                "Env": st.lists(st.text(max_size=20) | _JSON, max_size=4) | _JSON,
                "OnBuild": st.lists(_CREATED_BY | _JSON, max_size=3) | _JSON,
                "Labels": _JSON,
            },
        )
        | _JSON,
        "os": st.sampled_from(["linux", "windows"]) | _JSON,
    },
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(config=_CONFIG, base=st.none() | st.integers(min_value=-3, max_value=12))
def test_arbitrary_configs_raise_nothing_but_input_error(
    config: dict[str, Any], base: int | None
) -> None:
    try:
        source = history_source(config, name="fuzz", base_history_len=base)
    except InputError:
        return
    for step in source.stages[0].steps:
        assert step.location.path == "fuzz"
        if isinstance(step, Run):
            assert step.exec_form == bool(step.argv)
    # One finding for the image as a whole; each entry gate cannot read has its own besides.
    whole = [u for u in source.unjudgeable if u.reason.endswith("the build cannot be judged")]
    assert len(whole) <= 1


@pytest.mark.parametrize(
    "record",
    [
        {"created_by": "ENV A=" + " ".join(["B"] * 500_000), "comment": "buildkit.dockerfile.v0"},
        {"created_by": "/bin/sh -c #(nop)  ENV A=" + " ".join(["B"] * 500_000)},
        {"created_by": "ARG A=" + " ".join(["B"] * 500_000), "comment": "buildkit.dockerfile.v0"},
        {"created_by": "|1 A=" + " ".join(["B"] * 500_000) + " /bin/sh -c true"},
    ],
    ids=["buildkit-env", "legacy-env", "buildkit-arg", "build-arg-prefix"],
)
def test_env_and_arg_records_of_many_words_are_read_in_linear_time(
    record: dict[str, str],
) -> None:
    # 500,000 words (1 MB) took 13 s when each word rebuilt the value string.
    config = {"history": [record, {"created_by": "/bin/sh -c pip install a"}]}
    started = time.process_time()
    run = _runs(history_source(config, name="x"))[0]
    assert time.process_time() - started < 3
    # ARG records do not reach a recorded RUN (its build-arg prefix does): only ENV sets A.
    if not record["created_by"].startswith("ARG "):
        assert len(str(run.env["A"])) == 2 * 500_000 - 1


def test_a_repeated_key_does_not_compare_its_hint_at_every_repeat() -> None:
    record = "ENV " + " ".join(["A=x"] * 250_000)
    config = {
        "config": {"Env": ["A=x " + "A=x " * 1000 + "y"]},
        "history": [
            {"created_by": record, "comment": "buildkit.dockerfile.v0"},
            {"created_by": "/bin/sh -c pip install a"},
        ],
    }
    started = time.process_time()
    [run] = _runs(history_source(config, name="x"))
    assert time.process_time() - started < 3
    assert run.env["A"] == "x"
