"""gate fix --check resolves against the suite's package index (shared with tests/wheels)."""

from tests.wheels.conftest import package_index

__all__ = ["package_index"]
