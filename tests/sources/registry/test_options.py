"""Registry options: what counts as insecure, where the Docker config is, what is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from gate.sources.registry.options import RegistryOptions, default_docker_config


def test_only_listed_hosts_are_insecure_and_loopback_is_not_implied() -> None:
    options = RegistryOptions(insecure=frozenset({"Registry.Local:5000"}))
    assert options.is_insecure("registry.local:5000")
    assert not options.is_insecure("registry.local")
    assert not options.is_insecure("localhost:5000")
    assert not RegistryOptions().is_insecure("127.0.0.1:5000")


def test_docker_config_follows_docker_config_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOCKER_CONFIG", str(tmp_path))
    assert default_docker_config() == tmp_path / "config.json"
    monkeypatch.delenv("DOCKER_CONFIG")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert default_docker_config() == tmp_path / ".docker" / "config.json"
    assert RegistryOptions(docker_config=Path("/x.json")).docker_config_path() == Path("/x.json")


@pytest.mark.parametrize(
    "setting",
    [
        {"read_timeout": 0},
        {"deadline": -1.0},
        {"connect_timeout": float("nan")},
        {"max_config_bytes": 0},
    ],
)
def test_nonsense_limits_are_refused(setting: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        RegistryOptions(**setting)  # type: ignore[arg-type]


def test_credential_fingerprint_is_stable_tells_secrets_apart_and_holds_none() -> None:
    from gate.sources.registry.options import Credentials

    one = Credentials("alice", "s3cret")
    assert one.fingerprint == Credentials("alice", "s3cret").fingerprint
    assert one.fingerprint.startswith("sha256:") and "s3cret" not in one.fingerprint
    others = [
        Credentials("alice", "other"),
        Credentials("bob", "s3cret"),
        Credentials("alice", "s3cret", identity_token="t"),
        Credentials("alices3cret", ""),
    ]
    assert len({one.fingerprint, *(c.fingerprint for c in others)}) == 5
