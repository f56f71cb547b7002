"""The suite's package index, built and served once per session (tests/support/package_index.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.package_index import PackageIndex, load_releases, serve_index

DATA = Path(__file__).resolve().parent.parent / "data" / "wheels"


@pytest.fixture(scope="session")
def package_index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PackageIndex]:
    releases = load_releases(DATA / "index.yaml")
    with serve_index(tmp_path_factory.mktemp("index"), releases) as index:
        yield index
