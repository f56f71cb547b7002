"""Shared fixtures: a real registry (and, where tests need one, a real Docker engine)."""

pytest_plugins = ["tests.support.registry"]
