"""Image histories from a hostile round, judged end to end (data: images/hostile-verdicts.yaml)."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from gate.cli import main
from gate.sources.history import (
    MAX_ENV_VARS,
    MAX_ONBUILD,
    MAX_ONBUILD_TEXT,
    MAX_SHOWN_CREATED_BY,
    MAX_TRIGGER_INSTRUCTIONS,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "images"
CASES: list[dict[str, Any]] = yaml.safe_load((DATA / "hostile-verdicts.yaml").read_text())
BASE = [
    {"created_by": "/bin/sh -c #(nop) ADD file:4b1f7a in / "},
    {"created_by": '/bin/sh -c #(nop)  CMD ["bash"]', "empty_layer": True},
]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_hostile_history_gets_the_findings_the_build_calls_for(
    case: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = dict(case["config"])
    if case.get("base"):
        config["history"] = BASE + list(config["history"])
    path = tmp_path / "config.json"
    path.write_text(json.dumps(config))
    status = main(["image", "--no-config", "--config-file", str(path), "--format", "json"])
    out = capsys.readouterr()
    assert status in (0, 1), out.err
    found: dict[int | None, set[str]] = {}
    for finding in json.loads(out.out)["findings"]:
        found.setdefault(finding["location"]["history_index"], set()).add(finding["verdict"])
    want = {index: set(verdicts) for index, verdicts in case["findings"].items()}
    assert found == want


def test_a_buildah_env_record_past_the_raw_cap_leaves_its_quoted_values_unknown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    padding = " ".join(f'A{i}="x"' for i in range(12_000))  # past MAX_RAW_ENV (64 KiB)
    config = {
        "config": {"Env": ["PIP_ONLY_BINARY=:all:", *(f"A{i}=x" for i in range(100))]},
        "history": [
            *BASE,
            {"created_by": f'/bin/sh -c #(nop) ENV PIP_ONLY_BINARY=":all:" {padding}'},
            {"created_by": "/bin/sh -c pip install x"},
        ],
    }
    path = tmp_path / "config.json"
    path.write_text(json.dumps(config))
    assert main(["image", "--no-config", "--config-file", str(path), "--format", "json"]) == 0
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert [(f["location"]["history_index"], f["verdict"]) for f in findings] == [(3, "unknown")]


def test_a_findings_location_carries_a_long_record_cut(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Every finding of a step repeats its location: a 1 MiB record that gave thousands of
    # findings made hundreds of megabytes of policy input (the policy engine failed to allocate).
    record = "/bin/sh -c pip install x" + "; :" * 100_000
    path = tmp_path / "config.json"
    path.write_text(json.dumps({"history": [*BASE, {"created_by": record}]}))
    assert main(["image", "--no-config", "--config-file", str(path), "--format", "json"]) == 1
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert (2, "builds") in {(f["location"]["history_index"], f["verdict"]) for f in findings}
    for finding in findings:
        shown = finding["location"]["created_by"]
        assert len(shown) == MAX_SHOWN_CREATED_BY
        assert record.startswith(shown[:-1]) and shown.endswith("…")


def test_an_installer_setting_past_the_env_entries_read_is_unknown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # No ENV record sets it: a base without records (jib, apko) or an edited config; the steps
    # ran with it, and pip builds a PIP_EDITABLE VCS project past --only-binary :all:.
    padding = [f"A{i}=x" for i in range(MAX_ENV_VARS)]
    config = {
        "config": {"Env": [*padding, "PIP_EDITABLE=git+https://example.invalid/x.git#egg=x"]},
        "history": [*BASE, {"created_by": "/bin/sh -c pip install --only-binary :all: y"}],
    }
    path = tmp_path / "config.json"
    path.write_text(json.dumps(config))
    assert main(["image", "--no-config", "--config-file", str(path), "--format", "json"]) == 0
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert [(f["location"]["history_index"], f["verdict"]) for f in findings] == [(None, "unknown")]
    assert "PIP_EDITABLE" in findings[0]["message"]


def _judged(config: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Any:
    path = tmp_path / "config.json"
    path.write_text(json.dumps(config))
    status = main(["image", "--no-config", "--config-file", str(path), "--format", "json"])
    out = capsys.readouterr()
    return status, out


def test_onbuild_triggers_past_the_cap_are_refused_not_passed_over(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The triggers past the 256 read were passed over: the last one's pip install, unjudged.
    triggers = ["RUN echo"] * MAX_ONBUILD + ["RUN pip install x"]
    config = {"config": {"OnBuild": triggers}, "history": BASE}
    status, out = _judged(config, tmp_path, capsys)
    assert status == 2
    assert f"more than {MAX_ONBUILD} ONBUILD triggers" in out.err and "\n" not in out.err.strip()


def test_onbuild_trigger_text_past_its_cap_is_refused_quickly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # 120 triggers of 64 KiB (7.7 MB) were judged as RUN text outside the history's cap: 38 s.
    trigger = "RUN a\n" * (MAX_ONBUILD_TEXT // 6 // 2)
    config = {"config": {"OnBuild": [trigger] * 3}, "history": BASE}
    started = time.process_time()
    status, out = _judged(config, tmp_path, capsys)
    assert status == 2 and "ONBUILD triggers hold" in out.err
    assert time.process_time() - started < 2


def test_an_onbuild_trigger_of_many_instructions_is_unknown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    trigger = "\n".join(["RUN echo"] * MAX_TRIGGER_INSTRUCTIONS + ["RUN pip install x"])
    config = {"config": {"OnBuild": [trigger]}, "history": BASE}
    status, out = _judged(config, tmp_path, capsys)
    findings = json.loads(out.out)["findings"]
    assert status == 0 and [f["verdict"] for f in findings] == ["unknown"]
