"""The value sets: tests/data/helm/values-*.yaml."""

from __future__ import annotations

import pytest

from tests.helm.render import VALUE_SETS


@pytest.fixture(params=VALUE_SETS)
def value_set(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name
