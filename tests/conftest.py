"""Shared fixtures: a real registry and a real Docker engine, started by the suite itself."""

pytest_plugins = ["tests.support.registry", "tests.support.dockerd"]
