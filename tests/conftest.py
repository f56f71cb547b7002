"""Shared fixtures: a real registry and a real Docker engine, started by the suite itself.

Property tests run derandomized by default, so a red run is a regression anyone can reproduce
from the same commit, not a draw; `--hypothesis-profile explore` draws new examples (with more
of them) to hunt for bugs.
"""

from hypothesis import settings

pytest_plugins = ["tests.support.registry", "tests.support.dockerd"]

settings.register_profile("ci", derandomize=True)
settings.register_profile("explore", derandomize=False, max_examples=1000)
settings.load_profile("ci")
