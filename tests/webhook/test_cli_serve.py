"""`gate serve` as a process: flags wired to a running webhook, one-line errors, clean SIGTERM."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.support.registry import LocalRegistry, Pki
from tests.webhook.conftest import Images
from tests.webhook.support import DATA, payload

REPO = Path(__file__).resolve().parents[2]


def _gate(*args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_PROXY": "*"}
    return subprocess.Popen(
        [sys.executable, "-m", "gate.cli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=REPO,
    )


@pytest.mark.registry
def test_serve_answers_admission_reviews_and_stops_on_sigterm(
    registry: LocalRegistry, registry_pki: Pki, images: Images
) -> None:
    process = _gate(
        "serve", "--listen", "127.0.0.1:0",
        "--tls-cert", str(registry_pki.server_cert), "--tls-key", str(registry_pki.server_key),
        "--kube-api", "none", "--allow-registry-host", "127.0.0.1",
        "--registry-ca", str(registry.ca_path), "--mode", "enforce",
    )  # fmt: skip
    try:
        assert process.stderr is not None
        serving = None
        for line in process.stderr:
            entry = json.loads(line)
            if entry["msg"] == "serving":
                serving = entry
                break
        assert serving is not None and serving["registry_failure"] == "closed"
        url = f"https://127.0.0.1:{serving['port']}"
        # Up to its ?timeout=10s: more than httpx's default read timeout (5 s).
        with httpx.Client(
            verify=registry_pki.client_context(), trust_env=False, timeout=30
        ) as client:
            answer = client.post(
                f"{url}/validate?timeout=10s", json=payload("pod-create.json", images.host)
            )
        response = answer.json()["response"]
        assert response["allowed"] is False and "container sidecar" in response["status"]["message"]
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_serve_with_a_missing_certificate_is_a_one_line_error(tmp_path: Path) -> None:
    process = _gate(
        "serve", "--listen", "127.0.0.1:0", "--tls-cert", str(tmp_path / "tls.crt"),
        "--tls-key", str(tmp_path / "tls.key"), "--kube-api", "none",
    )  # fmt: skip
    _, err = process.communicate(timeout=60)
    assert process.returncode == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("gate: TLS files "), err


def test_serve_needs_a_certificate() -> None:
    process = _gate("serve", "--listen", "127.0.0.1:0")
    _, err = process.communicate(timeout=60)
    assert process.returncode == 2 and "--tls-cert" in err


@pytest.mark.parametrize("flag", ["--listen", "--health-listen"])
def test_serve_on_an_address_in_use_is_a_one_line_error_naming_the_flag(
    flag: str, registry_pki: Pki
) -> None:
    # It was "internal error: OSError: [Errno 98] …": an operator's port clash read as gate's bug.
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        address = f"127.0.0.1:{taken.getsockname()[1]}"
        listen = ["--listen", address] if flag == "--listen" else [
            "--listen", "127.0.0.1:0", "--health-listen", address]  # fmt: skip
        process = _gate(
            "serve", *listen,
            "--tls-cert", str(registry_pki.server_cert), "--tls-key", str(registry_pki.server_key),
            "--kube-api", "none",
        )  # fmt: skip
        _, err = process.communicate(timeout=120)
    assert process.returncode == 2
    lines = err.strip().splitlines()
    assert lines == [f"gate: cannot listen on {address} ({flag}): Address already in use"], err


@pytest.mark.parametrize(
    ("flag", "value"),
    [("--max-connections", "0"), ("--judge-workers", "-1"), ("--judge-memory", "100"),
     ("--min-body-rate", "0"), ("--max-images", "0")],
)
def test_serve_refuses_limits_that_cannot_work_in_one_line(
    flag: str, value: str, tmp_path: Path
) -> None:
    process = _gate(
        "serve", "--listen", "127.0.0.1:0", "--tls-cert", str(tmp_path / "tls.crt"),
        "--tls-key", str(tmp_path / "tls.key"), "--kube-api", "none", flag, value,
    )  # fmt: skip
    _, err = process.communicate(timeout=60)
    assert process.returncode == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and flag in lines[0], err


def test_operator_policies_that_spin_on_their_own_end_the_start_in_one_line_naming_them(
    registry_pki: Pki,
) -> None:
    # Loading decides once on an empty input; it ran in the server's own process without
    # limits, so a rule that spins whatever its input held `gate serve` before it listened,
    # for ever. It now decides in a child within 10 s of CPU, as the CLI's user policies do.
    policy = REPO / "tests" / "data" / "webhook" / "hostile-start-policy" / "spin-always"
    process = _gate(
        "serve", "--listen", "127.0.0.1:0",
        "--tls-cert", str(registry_pki.server_cert), "--tls-key", str(registry_pki.server_key),
        "--kube-api", "none", "--policy", str(policy),
    )  # fmt: skip
    try:
        _, err = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "spin_always.rego" in lines[0], err


def test_serve_refuses_to_start_when_the_policies_crash_on_an_image_with_installs(
    registry_pki: Pki,
) -> None:
    # Loading decides on an empty input, where the function that calls itself is never
    # reached: the start got as far as the judge workers, whose warm-up crashed, and said "a
    # judge worker could not load the policies and decide once within its limits", naming
    # neither the file nor the crash.
    policy = DATA / "hostile-start-policy" / "calls-itself"
    process = _gate(
        "serve", "--listen", "127.0.0.1:0",
        "--tls-cert", str(registry_pki.server_cert), "--tls-key", str(registry_pki.server_key),
        "--kube-api", "none", "--policy", str(policy), "--judge-workers", "1",
    )  # fmt: skip
    _, err = process.communicate(timeout=120)
    assert process.returncode == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("gate: ") and "calls-itself/calls_itself.rego: " in lines[0]
    assert "stack overflowed" in lines[0]
