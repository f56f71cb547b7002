"""gate.shell.users: the homes the commands of a RUN give the users they make (cases in
tests/data/shell/users_cases.yaml)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from gate.model import Homes, Location, Run
from gate.shell.walk import analyse

DATA = Path(__file__).resolve().parents[1] / "data" / "shell"
CASES: list[dict[str, Any]] = yaml.safe_load((DATA / "users_cases.yaml").read_text("utf-8"))


def _run(script: str, homes: Homes | None) -> Run:
    return Run(Location("Dockerfile", 1), ("/bin/sh", "-c"), False, (), script, {}, homes=homes)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case(case: dict[str, Any]) -> None:
    homes = analyse(_run(case["script"], Homes())).homes
    assert homes is not None
    assert {user: homes.home(str(user)) for user in case["homes"]} == case["homes"]


def test_a_run_given_no_users_follows_none() -> None:
    assert analyse(_run("useradd -d /app app", None)).homes is None


def test_su_finds_a_home_made_earlier_in_the_same_run() -> None:
    script = "useradd -d /app app && su app -c 'pip install x'"
    commands = analyse(_run(script, Homes())).commands
    assert commands[-1].env["HOME"] == "/app"
