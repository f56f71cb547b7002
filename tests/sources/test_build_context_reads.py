"""What a COPY of a directory brings in: every text file within the caps, never silently less."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from gate.model import FileWrite
from gate.sources.build_context import MAX_CONTEXT_ENTRIES
from gate.sources.dockerfile import read_dockerfile

DATA = Path(__file__).resolve().parents[1] / "data" / "dockerfile" / "context-any-name"


def _gate(dockerfile: Path) -> dict[str, object]:
    gate = Path(sys.executable).with_name("gate")
    done = subprocess.run(
        [str(gate), "dockerfile", str(dockerfile), "--format", "json",
         "--base-env", "none", "--no-config"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode in (0, 1), done.stderr
    result: dict[str, object] = json.loads(done.stdout)
    return result


def _lines(report: dict[str, object]) -> dict[int, str]:
    findings = report["findings"]
    assert isinstance(findings, list)
    return {f["location"]["line"]: f["severity"] for f in findings}


def test_a_script_and_a_requirements_file_of_any_name_are_read_from_a_copied_directory() -> None:
    lines = _lines(_gate(DATA / "Dockerfile"))
    assert lines.get(4) == "deny"  # bash scripts/deps runs pip install requests
    assert lines.get(5) == "deny"  # base.pip undoes --only-binary


def _big_context(root: Path, extra: int, ignore: str = "") -> Path:
    (root / "Dockerfile").write_text("FROM python:3.12\nCOPY . /app\nRUN pip install flask\n")
    (root / ".dockerignore").write_text(ignore)
    bulk = root / "bulk"
    bulk.mkdir()
    for k in range(extra):
        (bulk / f"f{k}").touch()
    (root / "zz.txt").write_text("x\n")
    return root / "Dockerfile"


def test_a_context_past_its_entry_cap_is_reported_on_the_copy(tmp_path: Path) -> None:
    dockerfile = _big_context(tmp_path, MAX_CONTEXT_ENTRIES + 10)
    report = _gate(dockerfile)
    assert _lines(report).get(2) == "warn"
    assert "more than" in json.dumps(report)


def test_an_ignored_directory_does_not_use_up_the_entry_cap(tmp_path: Path) -> None:
    dockerfile = _big_context(tmp_path, MAX_CONTEXT_ENTRIES + 10, ignore="bulk\n")
    source = read_dockerfile(str(dockerfile), build_args={}, target=None, context=str(tmp_path))
    paths = {s.path for s in source.stages[0].steps if isinstance(s, FileWrite)}
    assert "/app/zz.txt" in paths
    assert source.unjudgeable == ()


def test_an_install_reading_a_file_past_five_thousand_entries_is_decided(tmp_path: Path) -> None:
    # Real repositories (esphome, prowler, pgadmin, nautobot, InvokeAI, mkdocs-material) hold
    # 5,000 to 50,000 entries: each `COPY . .` of theirs warned unknown at 5,000.
    _big_context(tmp_path, 6_000, ignore="**/*.pyc\n!bulk/keep\n")
    (tmp_path / "zz").mkdir()
    (tmp_path / "zz/reqs.txt").write_text("--only-binary :all:\nsomepkg==1.0\n")
    (tmp_path / "Dockerfile").write_text(
        "FROM python:3.12\nCOPY . /app\nRUN pip install -r /app/zz/reqs.txt\n"
    )
    report = _gate(tmp_path / "Dockerfile")
    assert report["findings"] == [], json.dumps(report)[:2000]


UNREADABLE = Path(__file__).resolve().parents[1] / "data" / "dockerfile" / "context-unreadable"


def test_a_copied_requirements_file_the_gate_cannot_read_is_unknown_at_its_copy() -> None:
    # r.bin holds `--no-binary :all:` and a NUL byte; it is copied as a requirements file.
    report = _gate(UNREADABLE / "Dockerfile")
    assert _lines(report) == {2: "warn"}
    (finding,) = report["findings"]  # type: ignore[misc]
    assert "could not read r.bin (binary (a NUL byte))" in finding["message"]


def test_a_utf16_requirements_file_with_a_byte_order_mark_is_read_as_pip_reads_it() -> None:
    # `pip freeze > requirements.txt` in Windows PowerShell writes UTF-16 with a byte order mark;
    # pip 23.2.1 decodes it (auto_decode). real24: it was `unknown` at the COPY as binary. Its
    # `--no-binary :all:` line counts (3); a frozen list and a UTF-16 BE constraints file pass.
    report = _gate(UNREADABLE.with_name("context-utf16") / "Dockerfile")
    assert _lines(report) == {3: "deny"}


def test_a_requirements_file_over_the_size_cap_is_unknown_at_its_copy(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("--no-binary :all:\n" + "# pad\n" * 200_000)
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text(
        "FROM python:3.12\nCOPY requirements.txt .\n"
        "RUN pip install --only-binary :all: -r requirements.txt\n"
    )
    report = _gate(dockerfile)
    assert _lines(report) == {2: "warn"}
    assert "larger than 1024 KiB" in json.dumps(report)


def _big_file(root: Path, name: str) -> None:
    (root / name).write_text("--no-binary :all:\n" + "# pad\n" * 200_000)


def _report_of(root: Path, dockerfile: str) -> dict[str, object]:
    (root / "Dockerfile").write_text(dockerfile)
    return _gate(root / "Dockerfile")


def test_an_unreadable_file_copied_after_the_last_install_is_no_finding(tmp_path: Path) -> None:
    # A real build copies a 1.8 MiB license.txt as its last steps: no install can read it,
    # so it changes no verdict (it was `unknown`, twice).
    _big_file(tmp_path, "license.txt")
    report = _report_of(
        tmp_path,
        "FROM python:3.12\nRUN pip install --only-binary :all: flask\n"
        "COPY license.txt /licenses/\nRUN echo done\n",
    )
    assert _lines(report) == {}


def test_a_context_past_its_entry_cap_copied_for_no_install_is_no_finding(tmp_path: Path) -> None:
    dockerfile = _big_context(tmp_path, MAX_CONTEXT_ENTRIES + 10)
    dockerfile.write_text(
        "FROM python:3.12\nRUN pip install --only-binary :all: flask\nCOPY . /app\n"
        "RUN yarn install\n"
    )
    assert _lines(_gate(dockerfile)) == {}


def test_an_unreadable_file_a_later_stage_can_read_stays_unknown(tmp_path: Path) -> None:
    _big_file(tmp_path, "r.txt")
    reads = "RUN pip install --only-binary :all: -r /r.txt\n"
    copied = "FROM python:3.12 AS a\nCOPY r.txt /r.txt\n"
    for later in (
        "FROM a AS b\n" + reads,
        "FROM python:3.12 AS b\nCOPY --from=a /r.txt /r.txt\n" + reads,
        "FROM python:3.12 AS b\nRUN --mount=type=bind,from=a,source=/r.txt,target=/r.txt "
        + reads.removeprefix("RUN "),
    ):
        assert _lines(_report_of(tmp_path, copied + later)).get(2) == "warn", later


def test_an_unreadable_file_an_onbuild_trigger_can_read_stays_unknown(tmp_path: Path) -> None:
    # The trigger runs in the child build, after every step of this one.
    _big_file(tmp_path, "r.txt")
    report = _report_of(
        tmp_path,
        "FROM python:3.12\nONBUILD RUN pip install --only-binary :all: -r /r.txt\n"
        "COPY r.txt /r.txt\n",
    )
    assert _lines(report).get(3) == "warn"
