"""The suite's shared corpora are in the repository, with their provenance, and match upstream.

A fresh clone has no `../shared`: every test reads `tests/data/shared/`. When an upstream folder is
beside the checkout, the copy must still equal it byte for byte (one test per copied entry).
"""

from __future__ import annotations

import csv
import filecmp
from pathlib import Path

import pytest
import yaml

from tests.support.paths import COPIED, SHARED, shared, upstream


def test_every_test_reads_the_in_repo_copy_of_the_shared_corpora() -> None:
    for name in COPIED:
        assert shared(name).is_relative_to(Path(__file__).parent / "data" / "shared")


def test_every_realworld_file_has_a_manifest_row_with_its_origin() -> None:
    with shared("realworld", "manifest.tsv").open(newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    files = {p.name for p in shared("realworld", "files").iterdir()}
    assert len(rows) == len(files) == 261
    assert {f"{row['id']}.Dockerfile" for row in rows} == files
    known = [row for row in rows if row["repo"] != "unknown"]
    assert all(row["url"].startswith("https://github.com/") and row["commit"] for row in known)


def test_every_realworld_image_file_has_a_manifest_row_with_its_origin() -> None:
    with shared("realworld-images", "manifest.tsv").open(newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    files = {p.name for p in shared("realworld-images").iterdir() if p.suffix in (".json", ".txt")}
    assert {row["file"] for row in rows} == files
    assert all(row["repo"] and row["path"] for row in rows)


@pytest.mark.parametrize("folder", ["corpus", "corpus-images"])
def test_every_labelled_case_names_a_file_in_the_copy(folder: str) -> None:
    cases = yaml.safe_load(shared(folder, "cases.yaml").read_text())
    assert cases
    for case in cases:
        assert shared(folder, case["file"]).is_file(), case["id"]


def _differences(left: Path, right: Path) -> list[str]:
    if left.is_file():
        return [] if filecmp.cmp(left, right, shallow=False) else [left.name]
    compared = filecmp.dircmp(left, right, ignore=["__pycache__"])
    found = [*compared.left_only, *compared.right_only, *compared.diff_files, *compared.funny_files]
    for sub in compared.common_dirs:
        found += [f"{sub}/{d}" for d in _differences(left / sub, right / sub)]
    return found


# Defined only when an upstream folder is beside the checkout: a fresh clone has no such test
# (nothing skipped, nothing counted as passing).
if upstream() is not None:

    @pytest.mark.parametrize("name", COPIED)
    def test_the_in_repo_copy_equals_upstream_shared_when_present(name: str) -> None:
        root = upstream()
        assert root is not None
        assert _differences(SHARED / name, root / name) == []
