"""gate's own Dockerfile, built for real with BuildKit on a base made on this machine, then used.

No Docker Hub here: the base is a Debian root filesystem with python3 from this machine's packages
(tests/support/python_base.py), imported into the suite's engine and passed as the BASE build arg.
The hashed lock's wheels are served as a package index on loopback for the build's PIP_INDEX_URL.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.support import python_base
from tests.support.dockerd import DOCKER_CLI, DockerEngine
from tests.support.paths import REPO
from tests.support.registry import LocalRegistry, Pki
from tests.webhook.conftest import push_images
from tests.webhook.support import payload

TAG = "gate-test/gate:image-build"
BUILD_TIMEOUT = 900.0
RUN_TIMEOUT = 120.0


@dataclass(frozen=True)
class GateImage:
    engine: DockerEngine
    tag: str
    base: str


def _docker(engine: DockerEngine, *args: str, stdin: bytes | None = None,
            timeout: float = RUN_TIMEOUT) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [DOCKER_CLI, *args], input=stdin, env=engine.cli_env(buildkit=True),
        capture_output=True, timeout=timeout, check=False,
    )  # fmt: skip


def _checked(done: subprocess.CompletedProcess[bytes], what: str) -> bytes:
    if done.returncode != 0:
        output = (done.stdout + done.stderr).decode(errors="replace")
        pytest.fail(f"{what} failed ({done.returncode}):\n{output[-4000:]}", pytrace=False)
    return done.stdout


@pytest.fixture(scope="module")
def gate_image(docker_engine: DockerEngine) -> GateImage:
    rootfs = python_base.rootfs()
    base = f"gate-test/python-base:{rootfs.stem.removeprefix('python-base-')}"
    _checked(_docker(docker_engine, "import", str(rootfs), base), "docker import of the base")
    wheels = python_base.wheelhouse(REPO / "requirements" / "runtime.txt",
                                    REPO / "requirements" / "build.txt")
    with python_base.serve_index(wheels) as index:
        done = _docker(
            docker_engine, "build", "--progress", "plain", "--network", "host",
            "--build-arg", f"BASE={base}", "--build-arg", f"PIP_INDEX_URL={index}",
            "-t", TAG, "-f", str(REPO / "Dockerfile"), str(REPO), timeout=BUILD_TIMEOUT,
        )  # fmt: skip
    _checked(done, "BuildKit build of gate's Dockerfile")
    return GateImage(docker_engine, TAG, base)


def _run(image: GateImage, *args: str, stdin: bytes | None = None,
         options: tuple[str, ...] = ()) -> subprocess.CompletedProcess[bytes]:
    return _docker(image.engine, "run", "--rm", "-i", "--network", "none", *options,
                   image.tag, *args, stdin=stdin)  # fmt: skip


@pytest.mark.docker
def test_gate_image_runs_gate_as_a_non_root_entrypoint(gate_image: GateImage) -> None:
    inspected = json.loads(_checked(_docker(gate_image.engine, "image", "inspect", TAG), "inspect"))
    config = inspected[0]["Config"]
    assert config["Entrypoint"] == ["gate"]
    assert config["User"] not in ("", "root", "0") and not config["User"].startswith("0:")
    done = _run(gate_image, "--version")
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode().startswith("gate ")


@pytest.mark.docker
def test_gate_in_its_own_image_judges_dockerfiles_from_stdin(gate_image: GateImage) -> None:
    own = _run(gate_image, "dockerfile", "-", stdin=(REPO / "Dockerfile").read_bytes())
    assert own.returncode == 0, own.stdout.decode() + own.stderr.decode()
    example = _run(gate_image, "dockerfile", "--format", "json", "-",
                   stdin=(REPO / "examples" / "Dockerfile").read_bytes())  # fmt: skip
    assert example.returncode == 1, example.stderr
    findings = json.loads(example.stdout)["findings"]
    assert {f["location"]["line"] for f in findings if f["severity"] == "deny"} == {8, 13}


@pytest.mark.docker
def test_gate_images_own_build_history_passes_gate_image(gate_image: GateImage) -> None:
    """Every install step of the built image is judged from its history: none can build sdists."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-m", "gate.cli", "image", "--docker-host",
         gate_image.engine.host, "--format", "json", TAG],
        capture_output=True, text=True, timeout=RUN_TIMEOUT, check=False, env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert json.loads(done.stdout)["summary"]["deny"] == 0


@pytest.fixture
def readable_pki(registry_pki: Pki, tmp_path: Path) -> Path:
    """The server certificate and key, readable by the image's non-root user."""
    folder = tmp_path / "tls"
    folder.mkdir()
    for source, name in ((registry_pki.server_cert, "tls.crt"), (registry_pki.server_key,
                         "tls.key"), (registry_pki.ca_cert, "ca.crt")):  # fmt: skip
        shutil.copyfile(source, folder / name)
        (folder / name).chmod(0o644)
    folder.chmod(0o755)
    return folder


@pytest.fixture
def served(gate_image: GateImage, registry: LocalRegistry, readable_pki: Path) -> Iterator[str]:
    """`gate serve` running in the image on the host network; yields its HTTPS URL."""
    argv = [
        DOCKER_CLI, "run", "--rm", "--network", "host", "-v", f"{readable_pki}:/tls:ro",
        gate_image.tag, "serve", "--listen", "127.0.0.1:0", "--tls-cert", "/tls/tls.crt",
        "--tls-key", "/tls/tls.key", "--kube-api", "none", "--allow-registry-host", "127.0.0.1",
        "--registry-ca", "/tls/ca.crt", "--mode", "enforce",
    ]  # fmt: skip
    process = subprocess.Popen(argv, env=gate_image.engine.cli_env(buildkit=False),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stderr is not None
        port = None
        for line in process.stderr:
            entry = json.loads(line)
            if entry.get("msg") == "serving":
                port = entry["port"]
                break
        assert port is not None, "gate serve in the image never reported serving"
        yield f"https://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.mark.docker
@pytest.mark.registry
def test_gate_serve_in_its_own_image_answers_an_admission_review_over_tls(
    served: str, registry: LocalRegistry, registry_pki: Pki
) -> None:
    images = push_images(registry)
    # The review may take up to its ?timeout=10s: more than httpx's default read timeout (5 s).
    with httpx.Client(verify=registry_pki.client_context(), trust_env=False, timeout=30) as client:
        denied = client.post(f"{served}/validate?timeout=10s",
                             json=payload("pod-create.json", images.host))  # fmt: skip
        allowed = client.post(f"{served}/validate?timeout=10s",
                              json=payload("pod-create-compliant.json", images.host))  # fmt: skip
    answer = denied.json()["response"]
    assert answer["allowed"] is False and "container sidecar" in answer["status"]["message"]
    assert allowed.json()["response"]["allowed"] is True
