"""The policy cache: a warm entry skips the load-time work; a bad or foreign entry is ignored."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from gate.policy import cache as policy_cache
from gate.policy.bundle import load_bundle
from gate.policy.cache import cache_key, load_rules
from gate.policy.judge import load_engine
from tests.policy.conftest import DATA


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "gate"
    monkeypatch.setenv("GATE_CACHE_DIR", str(directory))
    monkeypatch.delenv("GATE_NO_CACHE", raising=False)
    return directory


def _entry(cache: Path) -> Path:
    (entry,) = cache.glob("policy-*.json")
    return entry


def test_second_load_of_the_same_policies_is_verified_from_the_cache(cache: Path) -> None:
    assert load_bundle((), ()).verified is False
    engine = load_engine((), ())
    again = load_bundle((), ())
    assert again.verified is True
    assert again.rules == engine.bundle.rules
    assert _entry(cache).name == f"policy-{cache_key(again.policy_hash)}.json"
    assert os.stat(cache).st_mode & 0o777 == 0o700


def test_other_policies_or_data_do_not_meet_the_entry(cache: Path) -> None:
    load_engine((), ())
    assert load_bundle((str(DATA / "policies" / "add"),), ()).verified is False
    assert load_bundle((), (str(DATA / "data" / "trusted.json"),)).verified is False


def test_corrupt_entry_is_ignored_and_rebuilt(cache: Path) -> None:
    load_engine((), ())
    entry = _entry(cache)
    entry.write_bytes(entry.read_bytes()[:40])
    assert load_bundle((), ()).verified is False
    load_engine((), ())
    assert load_bundle((), ()).verified is True


def test_edited_entry_fails_its_digest_and_is_ignored(cache: Path) -> None:
    load_engine((), ())
    entry = _entry(cache)
    doc = json.loads(entry.read_text())
    doc["rules"]["python_build_scripts"]["id"] = "renamed"
    entry.write_text(json.dumps(doc))
    assert load_bundle((), ()).rules["python_build_scripts"].id == "python-build-scripts"


def test_entry_with_fields_of_the_wrong_type_is_ignored(cache: Path) -> None:
    load_engine((), ())
    bundle = load_bundle((), ())
    entry = _entry(cache)
    doc = json.loads(entry.read_text())
    doc["rules"]["python_build_scripts"]["severity"] = "info"
    from gate.policy.cache import _digest

    doc["digest"] = _digest(doc["rules"])
    entry.write_text(json.dumps(doc))
    assert load_rules(bundle.policy_hash) is None


def test_cache_others_can_write_is_not_used(cache: Path) -> None:
    load_engine((), ())
    os.chmod(cache, 0o777)
    assert load_bundle((), ()).verified is False
    os.chmod(cache, 0o700)
    os.chmod(_entry(cache), 0o666)
    assert load_bundle((), ()).verified is False


def test_no_cache_turns_it_off(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GATE_NO_CACHE", "1")
    load_engine((), ())
    assert not cache.exists()


def test_broken_policy_is_never_cached(cache: Path) -> None:
    from gate.policy.errors import PolicyError

    with pytest.raises(PolicyError):
        load_engine((str(DATA / "policies" / "unknown_function"),), ())
    assert not list(cache.glob("policy-*.json"))


def test_unwritable_cache_place_is_not_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("GATE_CACHE_DIR", str(blocker / "gate"))
    monkeypatch.delenv("GATE_NO_CACHE", raising=False)
    assert load_engine((), ()).bundle.rules


def test_changed_checking_code_does_not_meet_old_entries() -> None:
    import gate.policy.engine as checking

    before = cache_key("policy")
    path = checking.__file__
    info = os.stat(path)
    try:
        os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))
        assert cache_key("policy") != before
    finally:
        os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert cache_key("policy") == before


def test_entries_past_the_cap_go_oldest_first_and_a_used_one_stays(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every policy edit or upgrade made a new entry and none was ever removed (thousands on a
    # developer's machine). Storing one now keeps the newest MAX_ENTRIES.
    monkeypatch.setattr(policy_cache, "MAX_ENTRIES", 3)
    cache.mkdir(mode=0o700)
    old = [cache / f"policy-{n:064x}.json" for n in range(4)]
    for age, path in enumerate(old):
        path.write_text("{}")
        os.utime(path, ns=(10**18 + age, 10**18 + age))
    crashed = cache / ".policy-abandoned"
    crashed.write_text("")
    os.utime(crashed, ns=(10**18, 10**18))
    foreign = cache / "notes.txt"
    foreign.write_text("")
    load_engine((), ())  # a miss: stores this bundle's entry
    assert load_bundle((), ()).verified is True
    assert sorted(p.name for p in cache.iterdir()) == sorted(
        [_entry_name(), old[2].name, old[3].name, foreign.name]
    )


def _entry_name() -> str:
    return f"policy-{cache_key(load_bundle((), ()).policy_hash)}.json"


def test_a_hit_on_an_old_entry_marks_it_used(cache: Path) -> None:
    load_engine((), ())
    entry = _entry(cache)
    os.utime(entry, ns=(10**18, 10**18))
    assert load_bundle((), ()).verified is True
    assert entry.stat().st_mtime_ns > 10**18


def test_entry_leaving_a_rule_out_is_ignored(cache: Path) -> None:
    # Anyone running as this user (a test step before the gate step) can write an entry that
    # matches its key and its digest: one without python_build_scripts switched the rule off.
    from gate.policy.cache import _digest

    load_engine((), ())
    entry = _entry(cache)
    doc = json.loads(entry.read_text())
    del doc["rules"]["python_build_scripts"]
    doc["digest"] = _digest(doc["rules"])
    entry.write_text(json.dumps(doc))
    again = load_bundle((), ())
    assert again.verified is False
    assert "python_build_scripts" in again.rules
