"""Rendered `docker history` tables: read best effort, with cut cells left unknown."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gate.cli import main
from gate.model import InputError, Run
from gate.runner import facts_of
from gate.sources.config_file import parse_config, read_config_file
from gate.sources.history import MAX_HISTORY, history_source
from gate.sources.history_table import MARKER, UNREAD_ROWS, parse_table
from tests.support.paths import shared

TABLES = Path(__file__).resolve().parents[1] / "data" / "images" / "tables"
REALWORLD_TABLES = (
    "24-docker-commit-history.txt",
    "25-buildkit-python-and-nix-history.txt",
    "26-cnb-buildpacks-history.txt",
    "27-issue-docker-squash-249-commit+buildkit.txt",
    "28-issue-opentargets-103-legacy-pip.txt",
    "29-issue-moby-40229-legacy-httpd.txt",
)


def _history(name: str) -> list[dict[str, Any]]:
    history = read_config_file(TABLES / name).config["history"]
    assert isinstance(history, list)
    return history


def _created_by(name: str) -> list[str]:
    return [h["created_by"] for h in _history(name)]


def _runs(path: Path) -> list[Run]:
    source = history_source(read_config_file(path).config, name=path.name)
    return [s for s in source.stages[0].steps if isinstance(s, Run)]


def test_rows_become_history_oldest_first_with_empty_layers_from_zero_size() -> None:
    history = _history("truncated.txt")
    assert len(history) == 7
    assert history[-1] == {
        "created_by": 'CMD ["python" "app.py"]',
        "comment": "buildkit.dockerfile.v0",
        "empty_layer": True,
    }
    assert history[0]["created_by"].startswith("/bin/sh -c #(nop) ADD file:")
    assert [h["empty_layer"] for h in history] == [False, True, True, False, False, False, True]


def test_prompt_line_before_the_header_is_not_a_row() -> None:
    assert not any("docker history" in c for c in _created_by("truncated.txt"))


def test_ellipsis_cut_by_docker_is_replaced_by_an_unset_variable() -> None:
    created_by = _created_by("truncated.txt")
    assert "RUN /bin/sh -c pip install -r /var/www/app/r" + MARKER in created_by
    assert MARKER == " ${GATE_TRUNCATED_HISTORY}"
    assert not any(c.endswith("…") for c in created_by)


def test_old_docker_three_dot_ellipsis_is_a_cut_too() -> None:
    assert "/bin/sh -c pip install -r /var/www/app/requi" + MARKER in _created_by("cut-off.txt")


def test_no_trunc_table_keeps_full_text() -> None:
    created_by = _created_by("no-trunc.txt")
    assert "RUN /bin/sh -c pip install --no-cache-dir -r requirements.txt # buildkit" in created_by
    assert "ENV PIP_INDEX_URL=https://pypi.example.org/simple/" in created_by
    # A cell that really ends in "..." cannot be told from a cut one: one unknown word more.
    assert "RUN /bin/sh -c echo waiting..." not in created_by


def test_row_cut_off_before_its_size_is_marked_and_a_bare_id_row_is_a_step_not_seen() -> None:
    created_by = _created_by("cut-off.txt")
    assert created_by[1] == "/bin/sh -c python setup.py ins" + MARKER
    # The trailing `<missing>` with nothing else is a step whose command is not shown.
    assert created_by[0] == UNREAD_ROWS
    assert len(created_by) == 6


def test_header_that_lost_its_first_letter_still_lays_out_the_rows() -> None:
    assert _created_by("cut-off.txt")[-1] == '/bin/sh -c #(nop)  CMD ["supervisord"]'


def test_crlf_table_reads_like_lf() -> None:
    assert _history("crlf.txt") == _history("truncated.txt")


def test_tab_separated_table_is_split_on_tabs() -> None:
    created_by = _created_by("tabs.txt")
    assert created_by == [
        "WORKDIR /app",
        "RUN /bin/sh -c pip install -r req" + MARKER,
        "RUN /bin/sh -c pip install --no-binary :all: numpy # buildkit",
    ]


def test_cut_pip_install_is_an_install_with_an_unknown_argument() -> None:
    path = TABLES / "truncated.txt"
    source = history_source(read_config_file(path).config, name=path.name)
    installs = {i.location.history_index: i for i in facts_of(source).installs}
    cut = installs[3]
    assert cut.tool == "pip"
    assert [u.text for u in cut.unknowns] == ["${GATE_TRUNCATED_HISTORY}"]
    # What is visible is still judged: a VCS URL before the cut.
    assert any("git+https://" in r.text for r in installs[4].requirements)


def test_cut_env_value_is_unknown_in_later_steps() -> None:
    runs = {r.location.history_index: r for r in _runs(TABLES / "truncated.txt")}
    assert "PIP_INDEX_URL" in runs[3].env and runs[3].env["PIP_INDEX_URL"] is None
    no_trunc = _runs(TABLES / "no-trunc.txt")
    assert no_trunc[0].env["PIP_INDEX_URL"] == "https://pypi.example.org/simple/"


def test_second_table_ends_the_first(tmp_path: Path) -> None:
    one = (TABLES / "no-trunc.txt").read_text()
    path = tmp_path / "two.txt"
    path.write_text(one + one)
    assert len(read_config_file(path).config["history"]) == 4  # type: ignore[arg-type]


def test_row_whose_size_is_no_size_ends_the_table_as_a_step_not_seen() -> None:
    text = (
        "IMAGE          CREATED   CREATED BY     SIZE      COMMENT\n"
        "abcdef123456   1 day     RUN a # bk     0B        c\n"
        "<missing>      1 day     RUN b # bk     lots      c\n"
        "<missing>      1 day     RUN c # bk     0B        c\n"
    )
    config = parse_table(text)
    assert config is not None
    assert config["history"] == [
        {"created_by": UNREAD_ROWS, "comment": "", "empty_layer": False},
        {"created_by": "RUN a # bk", "comment": "c", "empty_layer": True},
    ]


def test_table_without_rows_is_one_line_input_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("IMAGE   CREATED   CREATED BY   SIZE   COMMENT\n")
    with pytest.raises(InputError) as caught:
        read_config_file(path)
    assert "docker history" in str(caught.value) and "\n" not in str(caught.value)


@pytest.mark.parametrize("name", REALWORLD_TABLES)
def test_realworld_history_tables_are_read(name: str) -> None:
    path = shared("realworld-images", name)
    config = read_config_file(path).config
    source = history_source(config, name=name)
    facts_of(source)
    assert config["history"]


def test_realworld_legacy_pip_table_gives_an_unknown_install() -> None:
    path = shared("realworld-images", "28-issue-opentargets-103-legacy-pip.txt")
    source = history_source(read_config_file(path).config, name=path.name)
    [install] = facts_of(source).installs
    assert install.location.history_index == 5
    assert install.unknowns


_CELL = st.sampled_from(
    ["<missing>", "abcdef123456", "0B", "1.2MB", "…", "...", "│", "\t", "\r", " ", "  ", "   "]
) | st.text(max_size=12)
_LINE = st.lists(_CELL, max_size=8).map("".join)
_HEADER = "IMAGE          CREATED   CREATED BY                 SIZE      COMMENT"


@settings(max_examples=300, deadline=None)
@given(lines=st.lists(_LINE, max_size=8), header=st.booleans())
def test_random_text_gives_a_config_or_input_error(lines: list[str], header: bool) -> None:
    text = "\n".join(([_HEADER] if header else []) + lines + ["<missing>"])
    try:
        config = parse_config(text.encode(), "fuzz.txt")
        history_source(config, name="fuzz.txt")
    except InputError:
        return


def test_cut_copy_names_no_file() -> None:
    source = history_source(read_config_file(TABLES / "truncated.txt").config, name="t")
    assert not [s for s in source.stages[0].steps if not isinstance(s, Run)]


def test_run_cut_inside_its_build_args_is_an_unknown_shell_command() -> None:
    text = (
        "IMAGE          CREATED   CREATED BY                                      SIZE\n"
        "abcdef123456   1 day     RUN |1 PATH=/root/miniconda3/bin:/root/minic…   889MB\n"
    )
    config = parse_table(text)
    assert config is not None
    config["history"][0]["comment"] = "buildkit.dockerfile.v0"  # type: ignore[index]
    [run] = [s for s in history_source(config, name="t").stages[0].steps if isinstance(s, Run)]
    assert not run.exec_form and run.script == "${GATE_TRUNCATED_HISTORY}"
    assert "PATH" in run.env and run.env["PATH"] is None


def _verdicts(path: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    status = main(["image", "--no-config", "--config-file", str(path), "--format", "json"])
    out = capsys.readouterr()
    assert status in (0, 1), out.err
    return [f["verdict"] for f in json.loads(out.out)["findings"]]


def test_a_row_that_does_not_fit_makes_the_rows_from_it_down_unknown(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Before, the table ended there and the pip install below it was never read: no finding.
    created_by = _created_by("row-that-does-not-fit.txt")
    assert created_by == [UNREAD_ROWS, "/bin/sh -c echo hi"]
    assert _verdicts(TABLES / "row-that-does-not-fit.txt", capsys) == ["unknown"]


def test_rows_that_fit_are_judged_without_an_unknown_step(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert UNREAD_ROWS not in _created_by("rows-that-fit.txt")
    assert _verdicts(TABLES / "rows-that-fit.txt", capsys) == []


def test_a_command_that_runs_into_the_image_column_is_not_read_as_an_id() -> None:
    # `CREATED BY  IMAGE`: the cut put `pip install x` in IMAGE and left `/bin/sh -c` to judge.
    with pytest.raises(InputError) as caught:
        read_config_file(TABLES / "command-in-the-image-column.txt")
    assert "no table header with rows" in str(caught.value)


@pytest.mark.parametrize("separator", ["  ", "\t"])
def test_a_header_of_a_million_columns_is_no_table_and_costs_little(
    tmp_path: Path, separator: str
) -> None:
    # Every row was cut at every column: 100,000 rows under a tab header ran over 60 s.
    header = separator.join(["IMAGE", "SIZE", "CREATED BY", *(["X"] * 1_000_000)])
    row = separator.join(["<missing>", "1B", "/bin/sh -c pip install flask"])
    path = tmp_path / "wide.txt"
    path.write_text(header + "\n" + (row + "\n") * 100_000)
    started = time.process_time()
    with pytest.raises(InputError) as caught:
        read_config_file(path)
    assert time.process_time() - started < 3.0
    assert "no table header with rows" in str(caught.value)


def test_rows_past_the_history_cap_are_not_all_laid_out(tmp_path: Path) -> None:
    row = "<missing>      2 weeks ago    /bin/sh -c echo hi                              10MB\n"
    path = tmp_path / "long.txt"
    path.write_text((TABLES / "rows-that-fit.txt").read_text() + row * 100_000)
    started = time.process_time()
    with pytest.raises(InputError) as caught:
        history_source(read_config_file(path).config, name="long.txt")
    assert time.process_time() - started < 1.5
    assert f"{MAX_HISTORY + 1} history entries, more than {MAX_HISTORY}" in str(caught.value)


@pytest.mark.parametrize(
    ("name", "index"),
    [("heredoc-cell.txt", 2), ("heredoc-cell-last-column.txt", 1), ("heredoc-cell-tabs.txt", 2)],
)
def test_a_cell_that_goes_on_over_several_lines_is_read_whole(
    name: str, index: int, capsys: pytest.CaptureFixture[str]
) -> None:
    # A BuildKit heredoc RUN's record holds newlines; `docker history --no-trunc` (Go's
    # tabwriter) ends the row's line at the first one and puts SIZE and COMMENT at the end of
    # the last. The lines below the row were skipped as no rows: the pip install in them passed
    # (the cut first line read `set -e ${GATE_TRUNCATED_HISTORY}`). The files are laid out as
    # the table writer lays them (its column blocks restart below the cell, so the older rows
    # there do not fit the header and are one step gate cannot see, in the space-padded ones).
    # The cell stays marked cut (a terminal's wrap of a long row looks the same): the step is
    # unknown besides the install it shows.
    entry = _history(name)[index]
    assert entry["created_by"] == (
        "RUN /bin/sh -c set -e\necho building\npip install --no-cache-dir flask\n # buildkit"
        + MARKER
    )
    assert entry["comment"] == ("buildkit.dockerfile.v0" if "last-column" not in name else "")
    status = main(
        ["image", "--no-config", "--config-file", str(TABLES / name), "--format", "json"]
    )
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert status == 1
    verdicts = {f["verdict"] for f in findings if f["location"]["history_index"] == index}
    assert verdicts == {"builds", "unknown"}


def test_a_compliant_cell_over_several_lines_is_unknown_not_denied(
    capsys: pytest.CaptureFixture[str],
) -> None:
    entry = _history("heredoc-cell-compliant.txt")[2]
    assert not entry["empty_layer"] and entry["comment"] == "buildkit.dockerfile.v0"
    path = TABLES / "heredoc-cell-compliant.txt"
    main(["image", "--no-config", "--config-file", str(path), "--format", "json"])
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert [f["verdict"] for f in findings if f["location"]["history_index"] == 2] == ["unknown"]


def test_a_row_a_terminal_wrapped_mid_word_is_unknown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Read as a cell holding a newline it would be `pip inst` and a command `all x`: no install.
    rows = (TABLES / "rows-that-fit.txt").read_text().splitlines()
    path = tmp_path / "history.txt"
    wrapped = [
        "<missing>      2 weeks ago    /bin/sh -c apt-get update && pip inst",
        "all flask                                      10MB",
    ]
    path.write_text("\n".join([rows[0], *wrapped, *rows[1:]]) + "\n")
    assert _located(path, capsys) == [(2, "unknown")]


def _cut_table(cell: str) -> str:
    """A default `docker history` table (CREATED BY cut at 45 characters) holding `cell`."""
    rows = [
        ("IMAGE", "CREATED", "CREATED BY", "SIZE", "COMMENT"),
        ("4fa3cf682737", "2 minutes ago", cell, "12MB", "buildkit.dockerfile.v0"),
        ("<missing>", "3 weeks ago", "ENV PATH=/usr/local/bin:/usr/local/sbin:/usr…", "0B", ""),
        ("<missing>", "3 weeks ago", "/bin/sh -c #(nop) ADD file:5d673d25da3a14ce1…", "74.8MB", ""),
    ]
    widths = (15, 16, 48, 10)
    return "".join(
        "".join(c.ljust(w) for c, w in zip(row, widths, strict=False)) + row[-1] + "\n"
        for row in rows
    )


@pytest.mark.parametrize(
    "cell",
    [
        "RUN /bin/sh -c apt-get update && apt-get inst…",
        "RUN /bin/sh -c apt-get update && pip inst…",
        "RUN /bin/sh -c pip install --only-binary :a…",
        "RUN /bin/sh -c apt-get update && pi…",
        "/bin/sh -c set -eux;  apt-get update;  apt-g…",
    ],
)
def test_a_run_the_table_cut_is_unknown_whatever_its_shown_words(
    cell: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # `docker history` without --no-trunc cuts CREATED BY at 45 characters; the cut stood for
    # one unknown word, so a cut that hid `&& pip install x` passed (README says a truncated
    # entry is unknown). Every other row here gives no finding.
    path = tmp_path / "history.txt"
    path.write_text(_cut_table(cell))
    found = _located(path, capsys)
    assert set(found) == {(2, "unknown")}


def test_a_run_shown_whole_in_a_table_is_judged_as_shown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "history.txt"
    path.write_text(_cut_table("RUN /bin/sh -c apt-get update # buildkit"))
    assert _located(path, capsys) == []


def _located(path: Path, capsys: pytest.CaptureFixture[str]) -> list[tuple[int, str]]:
    status = main(["image", "--no-config", "--config-file", str(path), "--format", "json"])
    out = capsys.readouterr()
    assert status in (0, 1), out.err
    return [
        (f["location"]["history_index"], f["verdict"]) for f in json.loads(out.out)["findings"]
    ]


def test_a_prompt_below_a_cut_row_that_shows_its_size_is_not_its_cell(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The row's SIZE is on its line, so its cell ends there: the prompt is other text, and the
    # cut stays a cut (read into the cell, `…` would be inside the text and the cut lost).
    assert _located(TABLES / "cut-then-prompt.txt", capsys) == [(0, "unknown")]


def test_rows_below_the_lines_read_are_a_step_not_seen(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Lines past the 100,000 read were dropped with the table still open: a pip install row
    # below 100,000 lines of other text passed. A table that ended before the cap is as before.
    rows = (TABLES / "rows-that-fit.txt").read_text().splitlines()
    pip = "<missing>      2 weeks ago    /bin/sh -c pip install flask                    10MB"
    path = tmp_path / "history.txt"
    path.write_text("\n".join([*rows[:2], *["x"] * 100_000, pip]) + "\n")
    assert _located(path, capsys) == [(0, "unknown")]
    path.write_text("\n".join([*rows, "", *["x"] * 100_000, pip]) + "\n")
    assert _located(path, capsys) == []
