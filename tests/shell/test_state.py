"""gate.shell.state: shell variables, exports and what survives branches."""

from __future__ import annotations

from gate.shell.expand import Flag, from_text
from gate.shell.state import State


def test_run_env_is_exported() -> None:
    state = State.from_env({"A": "1", "B": None})
    assert state.env() == {"A": "1", "B": None}
    assert state.get("A") == "1"
    assert state.get("B") is None
    assert state.get("C") is Flag.ABSENT


def test_assignment_is_not_exported() -> None:
    state = State.from_env({})
    state.assign("A", "1")
    assert state.get("A") == "1"
    assert state.env() == {}


def test_assignment_to_an_exported_name_changes_the_env() -> None:
    state = State.from_env({"A": "1"})
    state.assign("A", "2")
    assert state.env() == {"A": "2"}


def test_export_with_and_without_value() -> None:
    state = State.from_env({})
    state.assign("A", "1")
    state.export("A")
    state.export("B", "2")
    state.export("NOPE")  # nothing known about it: not in the env
    assert state.env() == {"A": "1", "B": "2"}


def test_allexport_exports_assignments() -> None:
    state = State.from_env({})
    state.allexport = True
    state.assign("A", "1")
    assert state.env() == {"A": "1"}


def test_unset_and_unexport() -> None:
    state = State.from_env({"A": "1", "B": "2"})
    state.unset("A")
    state.unexport("B")
    assert state.get("A") is Flag.UNSET
    assert state.get("B") == "2"
    assert state.env() == {}


def test_copy_is_independent() -> None:
    state = State.from_env({"A": "1"})
    child = state.copy()
    child.export("A", "2")
    child.export("B", "3")
    assert state.env() == {"A": "1"}
    assert child.env() == {"A": "2", "B": "3"}


def test_merge_keeps_what_all_branches_agree_on() -> None:
    base = State.from_env({"SAME": "1", "DIFF": "x"})
    other = base.copy()
    other.export("DIFF", "y")
    other.export("NEW", "z")
    base.merge([other])
    assert base.get("SAME") == "1"
    assert base.get("DIFF") is None  # set either way, value unknown
    assert base.get("NEW") is None  # set in one branch: may be set
    assert base.env() == {"SAME": "1", "DIFF": None, "NEW": None}


def test_merge_of_unset_and_absent_knows_nothing() -> None:
    base = State.from_env({})
    other = base.copy()
    other.unset("A")
    base.merge([other])
    assert base.get("A") is Flag.ABSENT


def test_env_is_real_text() -> None:
    state = State.from_env({"W": "wörld"})
    assert state.get("W") == from_text("wörld")
    assert state.env() == {"W": "wörld"}
